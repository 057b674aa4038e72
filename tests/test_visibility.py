"""Text a viewer does not show is not read: a template's leftovers drawn invisible, white on the white
page, clipped away or painted over are no amounts of the page; white print on a dark band is."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import TextMode

from pipeline.pdf import open_pdf


def _page_with_leftovers(path: Path) -> Path:
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.set_font("helvetica", size=10)

    def amount(x: float, y: float, text: str) -> None:
        pdf.text(x, y, text)

    amount(100, 100, "111.11")  # shown
    pdf.set_fill_color(40, 40, 40)
    pdf.rect(90, 120, 80, 20, style="F")
    pdf.set_text_color(255, 255, 255)
    amount(100, 134, "222.22")  # white on a dark band: shown
    amount(300, 100, "333.33")  # white on the white page
    pdf.set_text_color(0, 0, 0)
    pdf.text_mode = TextMode.INVISIBLE
    amount(300, 140, "444.44")
    pdf.text_mode = TextMode.FILL
    with pdf.rect_clip(2, 2, 0.5, 0.5):  # clipped to a speck in the page's corner
        amount(300, 180, "555.55")
    amount(300, 220, "666.66")
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(290, 205, 80, 25, style="F")  # painted over it afterwards
    amount(100, 260, "777.77")  # shown, beside the box
    pdf.output(str(path))
    return path


def test_text_a_viewer_does_not_show_is_not_read(tmp_path: Path) -> None:
    path = _page_with_leftovers(tmp_path / "leftovers.pdf")
    with open_pdf(path, path.name) as pages:
        words, text = {word.text for word in pages[0].words}, pages[0].text
    assert words == {"111.11", "222.22", "777.77"}
    assert set(text.split()) == words  # what locating the tables reads (a stale title would name another year)
