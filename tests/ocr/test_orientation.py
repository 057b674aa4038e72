"""A sparse page (a cover: two lines, one in large type) scanned upright stays upright: the few runs
of one or two characters on it, which read as some letter about as surely whichever way they stand,
do not turn it on its side."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from generator.pdf_edit import save
from generator.scan import scan_pdf
from pipeline.ocr import read_scanned
from pipeline.pdf import open_pdf
from tests.conftest import SHARED

BUDGET = SHARED / "reference" / "shpt-zfb-2025-budget.pdf"


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
