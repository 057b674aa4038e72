"""Ruling lines read from a page's vector paths, and the grids they draw."""

from __future__ import annotations

import itertools

import pypdfium2 as pdfium
from fpdf import FPDF

from pipeline.rules import lattice, page_rules


def _cell_by_cell(pdf: FPDF, xs: list[float], top: float, rows: int, height: float) -> None:
    """A table's rules drawn a cell side at a time, as office software draws them."""
    for r in range(rows):
        y = top + r * height
        for x0, x1 in itertools.pairwise(xs):
            pdf.line(x0, y, x1, y)
            pdf.line(x0, y + height, x1, y + height)
        for x in xs:
            pdf.line(x, y, x, y + height)


def test_two_tables_ruled_on_nearly_one_line_keep_their_own_rules() -> None:
    # two tables run on down one page, each with a column rule at about 297.8 pt, a third of a point apart
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    _cell_by_cell(pdf, [48, 173, 297.91, 423, 547], 100, 6, 16)
    _cell_by_cell(pdf, [48, 164, 297.64, 414, 547], 500, 6, 16)
    page = pdfium.PdfDocument(bytes(pdf.output()))[0]
    grids = lattice(1, page_rules(page))
    assert [(g.n_rows, g.n_cols) for g in grids] == [(6, 4), (6, 4)]


def test_a_heavy_underline_filled_under_the_header_is_a_rule() -> None:
    # a browser fills a 3 px border as a 2.25 pt rectangle, and breaks the column rules around it
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    xs, rows = [80, 220, 300, 440, 516], [137, 154, 172.1, 189, 206]
    for y in (137, 154, 189, 206):
        pdf.line(xs[0], y, xs[-1], y)
    for x in xs:
        pdf.line(x, 137, x, 171.0)
        pdf.line(x, 173.25, x, 206)
    pdf.rect(xs[0], 171.0, xs[-1] - xs[0], 2.25, style="F")
    page = pdfium.PdfDocument(bytes(pdf.output()))[0]
    assert [(g.n_rows, g.n_cols) for g in lattice(1, page_rules(page))] == [(len(rows) - 1, 4)]


def test_a_shaded_row_is_no_rule() -> None:
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.rect(80, 150, 436, 16, style="F")
    page = pdfium.PdfDocument(bytes(pdf.output()))[0]
    assert page_rules(page) == []


def test_rules_drawn_double_are_one_line() -> None:
    # a double frame, and a scan's band whose edge stands 2 pt off the rule beside it: each pair made a
    # column and a row 2 pt wide, holding nothing, and put a group's codes under its amounts' heading
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    _cell_by_cell(pdf, [48, 173, 297, 423, 547], 100, 6, 16)
    for x in (46, 175, 549):
        pdf.line(x, 98, x, 198)
    pdf.line(46, 98, 549, 98)
    pdf.line(46, 198, 549, 198)
    page = pdfium.PdfDocument(bytes(pdf.output()))[0]
    assert [(g.n_rows, g.n_cols) for g in lattice(1, page_rules(page))] == [(6, 4)]


def test_rules_drawn_in_a_form_are_placed_by_its_matrix() -> None:
    # a page printed two up is drawn on its sheet as a form XObject, shrunk and turned a quarter: its rules
    # stand where the form's matrix puts them, not where the form's own space has them (nor are they lost)
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    _cell_by_cell(pdf, [48, 173, 297, 423, 547], 100, 6, 16)
    page = pdfium.PdfDocument(bytes(pdf.output()))
    sheet = pdfium.PdfDocument.new()
    placed = page.page_as_xobject(0, sheet).as_pageobject()
    placed.transform(pdfium.PdfMatrix(0, -1, 1, 0, 0, 595.28).scale(0.5, 0.5).translate(10, 20))  # clockwise
    on_sheet = sheet.new_page(841.89, 595.28)
    on_sheet.insert_obj(placed)
    on_sheet.gen_content()
    grids = lattice(1, page_rules(on_sheet))
    assert [(g.n_rows, g.n_cols) for g in grids] == [(4, 6)]
    # turned clockwise, the table's foot (100 + 6 × 16 pt down the A4 page) is its left, its left (48 pt) its top
    left, top = 10 + 0.5 * (841.89 - 100 - 6 * 16), 595.28 - (20 + 0.5 * (595.28 - 48))
    assert (round(grids[0].cols[0][0], 1), round(grids[0].top, 1)) == (round(left, 1), round(top, 1))
