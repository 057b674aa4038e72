"""Ruling lines of a scan: thin rules printed grey are found whole, pale text lines are no rules.

A 0.3 pt rule scanned grey and blurred is darker than the ink threshold only here and there: read
from the dark ink alone, parts of the grid went missing, rows merged and the rule's leftover pieces
were read as dashes.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pylopdf_fonts_zh_cn
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from pipeline.ocr import ScannedPage, read_scanned
from pipeline.pdf import open_pdf

from .scans import image_pdf

DPI = 240
FONTS = Path(pylopdf_fonts_zh_cn.__file__).parent
SANS = FONTS / "NotoSansSC-Regular.otf"
PAPER, TEXT = 210, 30
COLUMNS_PT = (80, 200, 330, 460)  # edges: three columns
ROWS_PT = (100, 130, 160, 190, 220, 250)  # edges: five rows
DARK, PALE = 90, 128  # a thin rule's ink: scanned, the pale grey is lighter than the ink threshold
ALL_PALE = 3, 1  # the horizontal rule (by index) and the vertical one that are pale end to end


def _px(pt: float) -> int:
    return round(pt * DPI / 72)


def _grey_rules(draw: ImageDraw.ImageDraw) -> None:
    """2 px (0.6 pt) rules, dark and pale by turns, but for one of each way that is pale throughout."""
    for i, y in enumerate(ROWS_PT):
        for j, (a, b) in enumerate(itertools.pairwise(COLUMNS_PT)):
            grey = PALE if i == ALL_PALE[0] or (i + j) % 2 else DARK
            draw.line([(_px(a), _px(y)), (_px(b), _px(y))], fill=grey, width=2)
    for j, x in enumerate(COLUMNS_PT):
        for i, (a, b) in enumerate(itertools.pairwise(ROWS_PT)):
            grey = PALE if j == ALL_PALE[1] or (i + j) % 2 else DARK
            draw.line([(_px(x), _px(a)), (_px(x), _px(b))], fill=grey, width=2)


def _sheet(rules: bool, lines: tuple[str, ...]) -> Image.Image:
    sheet = Image.new("L", (_px(595), _px(842)), PAPER)
    draw, font = ImageDraw.Draw(sheet), ImageFont.truetype(str(SANS), _px(10))
    if rules:
        _grey_rules(draw)
    for i, text in enumerate(lines):
        draw.text((_px(COLUMNS_PT[0] + 8), _px(ROWS_PT[0] + 8 + 30 * i)), text, fill=TEXT, font=font)
    return sheet.filter(ImageFilter.GaussianBlur(1.0))


def _scanned(pdf: Path) -> ScannedPage:
    with open_pdf(pdf, pdf.stem) as pages:
        return read_scanned(pages[0])


def test_thin_grey_rules_make_the_whole_grid(tmp_path: Path) -> None:
    pdf = image_pdf(tmp_path / "grey_rules.pdf", _sheet(True, ("合计", "一般公共服务支出", "住房保障支出")))
    assert [(len(grid.rows), len(grid.cols)) for grid in _scanned(pdf).grids] == [
        (len(ROWS_PT) - 1, len(COLUMNS_PT) - 1)
    ]


def test_pale_text_lines_are_no_rules(tmp_path: Path) -> None:
    # blurred, the strokes of 一 run into one another in the pale ink: taken for a rule, the line was erased
    lines = ("一一一一一一一一一一一一一一一一", "二十一二十二二十三二十四二十五", "一、一般公共预算财政拨款收入")
    page = _scanned(image_pdf(tmp_path / "pale_text.pdf", _sheet(False, lines)))
    first_line = [word for word in page.words if word.bottom < ROWS_PT[0] + 30]
    assert len(first_line) == len(lines[0])
    assert [word.text for word in page.words if word.top > ROWS_PT[0] + 30] == list(lines[1:])
    assert page.grids == []
