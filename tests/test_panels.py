"""Pages read in upright panels: a document printed two pages up is cut into its pages, sheet by sheet,
only where most of its sheets fold down the middle; a table's columns set far apart on a page are not."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from pipeline.pdf import open_pdf
from tests.conftest import SHEET, landscape_sheets


def test_a_document_folded_on_most_sheets_is_read_page_by_page(tmp_path: Path) -> None:
    path = tmp_path / "two-up.pdf"
    landscape_sheets(path, [True, True, False])
    with open_pdf(path, path.name) as pages:
        first = pages[0]
        assert first.frame is not None and len(first.frame.panels) == 2
        # the left page's lines, then the right page's, down one canvas half the sheet wide
        texts = ["".join(line.text.split()) for line in first.lines]
        assert texts == [f"{side}pageline{row}label" for side in ("left", "right") for row in range(20)]
        assert first.width < SHEET[0] / 2 + 1 and first.height > SHEET[1]
        assert pages[2].frame is None


def test_a_page_whose_columns_stand_apart_is_no_sheet_of_two(tmp_path: Path) -> None:
    # labels at the left, amounts far off at the right of a continued page with neither title nor page
    # number: a gutter runs down its middle, but the document's other sheets do not fold
    path = tmp_path / "landscape.pdf"
    landscape_sheets(path, [False, True, False])
    with open_pdf(path, path.name) as pages:
        assert [page.frame for page in pages] == [None, None, None]
        assert all("left" in line.text and "right" in line.text for line in pages[1].lines)


def test_a_page_printed_upside_down_reads_top_to_bottom(tmp_path: Path) -> None:
    # turned a half on its page, no /Rotate: its last line stood first, each read right to left
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_font("helvetica", size=10)
    pdf.add_page()
    with pdf.rotation(180, pdf.w / 2, pdf.h / 2):
        for row in range(12):
            pdf.text(60, 80 + 24 * row, f"line {row} of the table")
    path = tmp_path / "upside-down.pdf"
    pdf.output(str(path))
    with open_pdf(path, path.name) as pages:
        assert [panel.turn for panel in pages[0].frame.panels] == [2]
        assert ["".join(line.text.split()) for line in pages[0].lines] == [f"line{row}ofthetable" for row in range(12)]


def test_words_turned_among_upright_ones_with_no_gutter_between_keep_the_page_whole(tmp_path: Path) -> None:
    # a turned word in each row between an upright label and amount: no gutter parts the turns, and cut at
    # the gutter parting them least badly, over and over, the page fell apart into panels of a row or two
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_font("helvetica", size=10)
    pdf.add_page()
    for row in range(20):
        y = 80 + 30 * row
        pdf.text(60, y, f"label of row {row}")
        with pdf.rotation(90, 300, y):
            pdf.text(300, y, "MARK")
        pdf.text(400, y, f"{row}123.45")
    path = tmp_path / "marks.pdf"
    pdf.output(str(path))
    with open_pdf(path, path.name) as pages:
        assert pages[0].turned and pages[0].frame is None


def test_a_table_turned_under_an_upright_title_bar_and_page_number_reads_apart_from_them(tmp_path: Path) -> None:
    # a landscape table turned on a portrait page, the portal's title bar and the page number upright
    # outside it: too few characters to be text of a turn of their own, they were turned with the table,
    # a character a line, and one stood at the end of its title's line
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_font("helvetica", size=10)
    pdf.add_page()
    pdf.text(60, 40, "DISCLOSURE BAR")
    pdf.text(290, 820, "- 5 -")
    with pdf.rotation(90, 300, 430):  # counter-clockwise: its lines run up the page
        for row in range(12):
            pdf.text(0, 300 + 24 * row, f"row {row} of the turned table and its amounts 12.34")
    path = tmp_path / "turned-under-bar.pdf"
    pdf.output(str(path))
    with open_pdf(path, path.name) as pages:
        texts = ["".join(line.text.split()) for line in pages[0].lines]
    rows = [f"row{row}oftheturnedtableanditsamounts12.34" for row in range(12)]
    assert [t for t in texts if t.startswith("row")] == rows
    assert "DISCLOSUREBAR" in texts and "-5-" in texts
