"""A toner-starved print: characters broken into parts, rules worn away to slivers."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from pipeline.grids import Cell, Grid
from pipeline.ink import Box, find_blobs
from pipeline.ocr import _cell_pieces, _Image, _Piece, _recogniser, _words

from .scans import SANS, word_and_amount

SCALE = 2.0  # pixels per point


def test_a_characters_parts_in_two_staggered_lines_are_read_as_one_line() -> None:
    # 合's roof (a flat stroke, taken for a dash) stood higher than its mouth beside 讠, and 十 beside the
    # roof: the cell's blobs made two lines half a line apart, read —, 合计 and 计 (—合计计)
    gray, ink, words, amount = word_and_amount("合计", "852.68")
    h, mid = words.height, (words.x0 + words.x1) // 2
    cut = words.y0 + h * 2 // 5
    gray[cut : cut + 2, words.x0 : mid], ink[cut : cut + 2, words.x0 : mid] = 255, 0
    cell = Box(0, 0, 100, 60)
    roof = Box(words.x0, words.y0, mid, words.y0 + h * 3 // 5)
    shi = Box(mid + (words.x1 - mid) // 4, words.y0, words.x1, words.y1)
    mouth = Box(words.x0 + 1, words.y0 + h * 3 // 10, shi.x0 + 2, words.y1)
    found = [_Piece(roof, True, cell, detected=False)]
    found += [_Piece(part, False, cell, detected=False) for part in (shi, mouth)]
    found += [_Piece(amount, False, Box(100, 0, 300, 60), detected=False)]
    assert [w.text for w in _words(_recogniser(1), _Image(gray, ink, SCALE), found)] == ["合计", "852.68"]


def test_slivers_of_a_worn_rule_between_a_merged_cells_columns_are_no_text() -> None:
    # the rule between 项 and 科目名称 was worn to two slivers in the last row, too short to be ruled:
    # the row's cell spans both columns, and the slivers were read as - and 1 before 合计 (-1合计)
    sheet = Image.new("L", (300, 40), 255)
    ImageDraw.Draw(sheet).text((110, 8), "合计", fill=0, font=ImageFont.truetype(SANS, 20))
    gray = np.asarray(sheet).copy()
    gray[4:14, 100] = gray[19:33, 100] = 60  # the edge between the columns: 50 pt, 100 px
    ink = ((gray < 128) * 255).astype(np.uint8)
    grid = Grid(1, cols=[(0.0, 50.0), (50.0, 150.0)], rows=[(0.0, 20.0)], cells=[Cell(0, 1, 0, 2)], source="ocr")
    found = _cell_pieces(find_blobs(ink, SCALE), [grid], SCALE)
    assert [w.text for w in _words(_recogniser(1), _Image(gray, ink, SCALE), found)] == ["合计"]


def test_a_character_a_faxs_lost_scan_line_cut_across_is_read_once() -> None:
    # a fax lost a scan line through the middle of 合计: its top and bottom halves, each more than half as
    # tall as the page's lines of digits, were pieces of their own and each read as the whole (合计 合计)
    gray, ink, words, amount = word_and_amount("合计", "852.68")
    middle = (words.y0 + words.y1) // 2
    gray[middle, words.x0 : words.x1], ink[middle, words.x0 : words.x1] = 255, 0
    top, bottom = Box(words.x0, words.y0, words.x1, middle + 1), Box(words.x0, middle, words.x1, words.y1)
    found = [_Piece(half, False, Box(0, 0, 100, 60), detected=False) for half in (top, bottom)]
    found += [_Piece(amount, False, Box(100 + k, 0, 300, 60), detected=False) for k in range(3)]
    assert min(top.height, bottom.height) >= 0.6 * amount.height  # no shorter than the old bound
    assert [w.text for w in _words(_recogniser(1), _Image(gray, ink, SCALE), found)] == ["合计", *["852.68"] * 3]


def test_a_pen_line_drawn_under_an_amount_is_no_text() -> None:
    # a reader underlined 132.37 with a wavy pen stroke: a thin piece of its own close under the amount,
    # cropped a line tall it took in the amount's foot and was read as letters (132.37 over e1): the
    # cell was unreadable
    gray, ink, _, amount = word_and_amount("合计", "132.37", amount_px=16)
    xs = np.arange(amount.x0 - 4, amount.x1 + 4)
    ys = amount.y1 + 4 + np.round(3 * np.sin(xs / 4)).astype(int)
    for dy in (0, 1):
        gray[ys + dy, xs], ink[ys + dy, xs] = 40, 255
    grid = Grid(1, cols=[(0.0, 50.0), (50.0, 150.0)], rows=[(0.0, 30.0)], cells=[Cell(0, 1, 0, 1), Cell(0, 1, 1, 2)])
    found = _cell_pieces(find_blobs(ink, SCALE), [grid], SCALE)
    assert len(found) == 3  # the word, the amount, the pen's line
    assert [w.text for w in _words(_recogniser(1), _Image(gray, ink, SCALE), found)] == ["合计", "132.37"]
