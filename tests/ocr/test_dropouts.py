"""A fax's dropped scan line, a blank row cutting a line of text in two, is filled in again."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from pipeline.dropouts import healed
from pipeline.ocr import read_scanned
from pipeline.pdf import open_pdf

from .scans import SANS, image_pdf

DPI = 200
ROW = ("201", "一般公共服务支出", "132.37", "132.37", "208", "社会保障和就业支出", "15.52")


def _px(pt: float) -> int:
    return round(pt * DPI / 72)


def _bars(rows: dict[int, list[int]], width: int = 400, height: int = 40) -> np.ndarray:
    """A white page with dark pixels at the given x of each given row."""
    page = np.full((height, width), 255, np.uint8)
    for y, xs in rows.items():
        page[y, xs] = 0
    return page


def test_a_blank_row_between_rows_of_text_is_filled_where_both_sides_are_dark() -> None:
    strokes = list(range(0, 400, 10))  # 40 strokes across: a line of text's worth of ink
    page = _bars({19: [*strokes, 5], 21: [*strokes, 7]})
    filled = healed(page, 128, scale=2.0)
    assert (np.nonzero(filled[20] < 128)[0] == strokes).all()  # the strokes crossing it, nothing beside them
    assert (filled[[19, 21]] == page[[19, 21]]).all()


def test_the_blank_beside_a_rule_or_between_lines_is_left_blank() -> None:
    strokes = list(range(0, 400, 10))
    beside_rule = _bars({19: list(range(400)), 21: strokes})
    assert (healed(beside_rule, 128, scale=2.0) == beside_rule).all()
    between_lines = _bars({10: strokes, 20: strokes})  # nine blank rows: no dropped scan line
    assert (healed(between_lines, 128, scale=2.0) == between_lines).all()


def test_a_line_of_text_a_fax_dropped_a_scan_line_of_reads_whole(tmp_path: Path) -> None:
    sheet = Image.new("L", (_px(842), _px(595)), 255)
    draw, font = ImageDraw.Draw(sheet), ImageFont.truetype(str(SANS), _px(9))
    x = 80
    for text in ROW:
        draw.text((_px(x), _px(100)), text, fill=0, font=font)
        x += 15 + 10 * len(text)
    pixels = np.asarray(sheet).copy()
    rows = np.nonzero((pixels < 128).any(axis=1))[0]
    lost = rows[0] + (rows[-1] - rows[0]) // 3
    pixels[lost : lost + 2] = 255  # two scan lines lost, a third of the way down the line
    pdf = image_pdf(tmp_path / "fax.pdf", Image.fromarray(pixels).convert("1").convert("L"))
    with open_pdf(pdf, pdf.stem) as pages:
        assert sorted(w.text for w in read_scanned(pages[0]).words) == sorted(ROW)
