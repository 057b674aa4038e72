"""A sparse page (a cover: two lines, one in large type) scanned upright stays upright: the few runs
of one or two characters on it, which read as some letter about as surely whichever way they stand,
do not turn it on its side; nor do they keep a page scanned on its side from being turned."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw, ImageFont

from generator.pdf_edit import save
from generator.scan import scan_pdf
from pipeline.ocr import read_scanned
from pipeline.pdf import open_pdf
from tests.conftest import SHARED
from tests.ocr.scans import SANS, image_pdf

BUDGET = SHARED / "reference" / "shpt-zfb-2025-budget.pdf"
LINES = ("一般公共预算财政拨款收入支出决算表", "一般公共服务支出", "社会保障和就业支出", "住房保障支出", "卫生健康支出")


@pytest.mark.parametrize("dpi", [110, 150, 200])
@pytest.mark.parametrize("seed", [0, 1, 5])
def test_scanned_cover_is_read_upright(tmp_path: Path, dpi: int, seed: int) -> None:
    cover = pdfium.PdfDocument.new()
    cover.import_pages(pdfium.PdfDocument(BUDGET), [0])
    scan = tmp_path / "cover.pdf"
    scan_pdf(save(cover), scan, seed=seed, dpi=dpi)
    with open_pdf(scan, scan.name) as pages:
        text = read_scanned(pages[0]).text
    assert "区级部门预算" in text.replace(" ", ""), text


def _sideways_with_short_runs_across() -> Image.Image:
    """A landscape page's lines in a grey print, turned on its side onto a portrait sheet, and four
    runs of four characters standing across it in black: read more surely than the lines, though a
    fifth as long (a sideways page's wrapped header lines, their characters side by side on their
    side, read so: 营 beside 款 as 营款, 0.999)."""
    scale = 200 / 72
    landscape = Image.new("L", (round(842 * scale), round(595 * scale)), 235)
    draw = ImageDraw.Draw(landscape)
    font = ImageFont.truetype(str(SANS), round(9 * scale))
    for n, line in enumerate(LINES):
        draw.text((round(80 * scale), round((80 + 30 * n) * scale)), line, fill=90, font=font)
    page = landscape.rotate(90, expand=True)
    draw = ImageDraw.Draw(page)
    for n, run in enumerate(("经营收入", "财政拨款", "事业收入", "其他收入")):
        draw.text((round(60 * scale), round((500 + 22 * n) * scale)), run, fill=30, font=font)
    return page


def test_a_page_scanned_on_its_side_is_turned_though_short_runs_across_read_surely(tmp_path: Path) -> None:
    # the runs across outweighed the lines down, read by confidence alone, and the page was read on its side
    with open_pdf(image_pdf(tmp_path / "sideways.pdf", _sideways_with_short_runs_across()), "sideways") as pages:
        text = read_scanned(pages[0]).text.replace(" ", "")
    assert all(line in text for line in LINES[1:]), text
