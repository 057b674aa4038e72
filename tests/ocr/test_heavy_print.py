"""Heavy print scanned: a bold title's strokes run together across its characters, and a bold header's
wrapped lines touch one another in their cell.

Before, the title's fused strokes were taken for rules (a grid of their own over the title, its text cut
into dashes), the right strokes of a header's three lines stacked for an upright rule (its cell cut
into slivers), and a header's touching lines made one piece three lines tall, read as nothing.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from pipeline.ink import Box
from pipeline.ocr import ScannedPage, _Image, _lines_apart, _Piece, _recogniser, read_scanned
from pipeline.ocr_fused import fused_lines
from pipeline.pdf import open_pdf
from pipeline.text import edit_distance

from .scans import SANS, image_pdf, word_and_amount

DPI = 200
PAPER, TEXT = 225, 20
TITLE = "2023年度一般公共预算财政拨款支出决算表"
COLUMNS_PT = (60, 200, 290, 380, 470)
ROWS_PT = (120, 164, 184, 204)  # the header row holds four lines, set tight under its top rule
HEADER = ("机关事业", "单位基本", "养老保险", "缴费支出")  # wrapped in its cell, 1.05 × the type size apart
TYPE_PT = 9


def _px(pt: float) -> int:
    return round(pt * DPI / 72)


def _heavy_sheet() -> Image.Image:
    """A bold title (stroked 2 px) over a ruled table whose three amount columns are headed by HEADER in
    bold (stroked 1 px), and one row of amounts."""
    sheet = Image.new("L", (_px(595), _px(842)), PAPER)
    draw = ImageDraw.Draw(sheet)
    title, body = ImageFont.truetype(str(SANS), _px(15)), ImageFont.truetype(str(SANS), _px(TYPE_PT))

    def text(x: float, y: float, words: str, font: ImageFont.FreeTypeFont, stroke: int) -> None:
        draw.text((_px(x), _px(y)), words, fill=TEXT, font=font, stroke_width=stroke, stroke_fill=TEXT)

    text(120, 70, TITLE, title, 2)
    for y in ROWS_PT:
        draw.line([(_px(COLUMNS_PT[0]), _px(y)), (_px(COLUMNS_PT[-1]), _px(y))], fill=TEXT, width=3)
    for x in COLUMNS_PT:
        draw.line([(_px(x), _px(ROWS_PT[0])), (_px(x), _px(ROWS_PT[-1]))], fill=TEXT, width=3)
    for x in COLUMNS_PT[1:-1]:
        for i, line in enumerate(HEADER):
            text(x + 8, ROWS_PT[0] + 1 + TYPE_PT * 1.05 * i, line, body, 1)
        text(x + 30, ROWS_PT[1] + 4, "132.37", body, 1)
    text(COLUMNS_PT[0] + 8, ROWS_PT[1] + 4, "一般公共服务支出", body, 1)
    return sheet.filter(ImageFilter.GaussianBlur(0.6))


def _scanned(tmp_path: Path) -> ScannedPage:
    pdf = image_pdf(tmp_path / "heavy.pdf", _heavy_sheet())
    with open_pdf(pdf, pdf.stem) as pages:
        return read_scanned(pages[0])


def test_heavy_prints_strokes_run_together_are_no_rules(tmp_path: Path) -> None:
    page = _scanned(tmp_path)
    assert [(len(g.rows), len(g.cols)) for g in page.grids] == [(len(ROWS_PT) - 1, len(COLUMNS_PT) - 1)]
    assert abs(page.grids[0].top - ROWS_PT[0]) < 2
    assert page.text.splitlines()[0] == TITLE


def test_a_heavy_headers_touching_lines_are_read_line_by_line(tmp_path: Path) -> None:
    # line by line, each is read as itself but for a character the recogniser may misread (拨 as 援)
    read = [line.split() for line in _scanned(tmp_path).text.splitlines()[1 : 1 + len(HEADER)]]
    assert [len(words) for words in read] == [len(COLUMNS_PT) - 2] * len(HEADER)
    assert all(edit_distance(word, line) <= 1 for words, line in zip(read, HEADER, strict=True) for word in words)


def _ink(lines: tuple[str, ...], size_pt: float, stroke: int) -> tuple[np.ndarray, Box]:
    """Bold lines of text set 1.05 × their size apart, as ink, and the box of all of it."""
    font = ImageFont.truetype(str(SANS), _px(size_pt))
    sheet = Image.new("L", (_px(400), _px(100)), 0)
    draw = ImageDraw.Draw(sheet)
    for i, line in enumerate(lines):
        draw.text(
            (_px(10), _px(10 + size_pt * 1.05 * i)), line, fill=255, font=font, stroke_width=stroke, stroke_fill=255
        )
    ink = np.where(np.asarray(sheet) > 128, 255, 0).astype(np.uint8)
    ys, xs = np.nonzero(ink)
    return ink, Box(int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)


def test_a_piece_of_lines_touching_is_cut_between_them_and_a_tall_line_is_not() -> None:
    line_height = _ink(HEADER[:1], TYPE_PT, 1)[1].height
    ink, box = _ink(HEADER, TYPE_PT, 1)
    lines = fused_lines(box, ink, line_height)
    assert [_ink((line,), TYPE_PT, 1)[1].width for line in HEADER] == [b.width for b in lines]
    assert all(a.y1 <= b.y0 + 2 for a, b in itertools.pairwise(lines))
    title, box = _ink((TITLE[:8],), 2.2 * TYPE_PT, 2)  # a large line in a cell: as tall as two, one still
    assert fused_lines(box, title, line_height) == [box]


def test_one_line_of_characters_a_blank_row_runs_across_is_not_cut_in_two() -> None:
    # in small print 合's roof stands a blank row above its mouth, as thin as the gap between wrapped lines,
    # and 合计 beside amounts (shorter lines) was cut into halves, read 会计 over 合计; here a lost scan line
    gray, ink, words, amount = word_and_amount("合计", "15.79", amount_px=14, amount_at=(120, 20))
    middle = (words.y0 + words.y1) // 2
    gray[middle - 1 : middle + 2, :100], ink[middle - 1 : middle + 2, :100] = 255, 0
    cell = Box(0, 0, 300, 60)
    found = [_Piece(words, False, cell, detected=False)] + [_Piece(amount, False, cell, detected=False)] * 3
    assert len(fused_lines(words, ink, amount.height)) == 2  # its ink alone looks like two lines
    assert _lines_apart(_recogniser(1), _Image(gray, ink, 2.0), found)[0].box == words
