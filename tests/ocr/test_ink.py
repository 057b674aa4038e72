"""Ink cut into the pieces OCR reads: a comma hanging below its line still holds an amount together,
a character's part hanging below its line stays in it;
a page of screen dots is read in bounded memory;
a piece of upright bars alone is ones, whatever the recogniser makes of it; a sliver of rule far taller
than the lines is no text, nor a mark barely darker than the grey about it (a screened fill's shadow)."""

from __future__ import annotations

import tracemalloc

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.ink import Box, components, find_blobs, painted, pieces, pixels
from pipeline.ocr import _bars, _crop, _Image, _Piece, _recogniser, _shadow, _words

from .scans import SANS, inked_box, word_and_amount

SCALE = 2.0  # pixels per point


def _ink(*boxes: tuple[int, int, int, int]) -> np.ndarray:
    image = np.zeros((60, 400), np.uint8)
    for x0, y0, x1, y1 in boxes:
        image[y0:y1, x0:x1] = 255
    return image


def test_a_comma_below_the_digits_band_joins_the_amount() -> None:
    # 4,380: the comma's tail hangs below the digits' bottom; without it the gap after 4 cuts the line
    four, comma, three, eight = (10, 10, 17, 21), (20, 19, 23, 23), (28, 10, 35, 21), (37, 10, 44, 21)
    blobs = find_blobs(_ink(four, comma, three, eight), SCALE)
    found = pieces(blobs, np.arange(len(blobs)))
    assert [p.box for p in found] == [Box(10, 10, 44, 23)]


def test_digits_a_wide_gap_apart_without_a_mark_are_two_pieces() -> None:
    blobs = find_blobs(_ink((10, 10, 17, 21), (28, 10, 35, 21)), SCALE)
    assert len(pieces(blobs, np.arange(len(blobs)))) == 2


def test_a_character_part_hanging_below_its_line_stays_with_it() -> None:
    # 公 共 算 over an amount centred lower: 共's legs start just under its top part, nearer the amount's line
    label = [(10, 10, 30, 31), (34, 10, 54, 24), (34, 25, 41, 31), (47, 25, 54, 31), (58, 10, 78, 31)]
    amount = [(120, 23, 130, 41), (132, 23, 142, 41), (144, 23, 154, 41)]
    blobs = find_blobs(_ink(*label, *amount), SCALE)
    assert [p.box for p in pieces(blobs, np.arange(len(blobs)))] == [Box(10, 10, 78, 31), Box(120, 23, 154, 41)]


def test_upright_bars_alone_are_ones() -> None:
    two_bars = _ink((10, 10, 14, 23), (19, 10, 23, 23), (25, 9, 27, 11))  # 11, and a speck of dust
    assert _bars(two_bars, Box(10, 9, 27, 23)) == [12.0, 21.0]  # centres, in pixels of the page
    assert _bars(_ink((10, 10, 14, 23), (18, 10, 27, 23)), Box(10, 10, 27, 23)) == []  # 1 and a wide glyph


def test_a_piece_much_less_tall_than_the_lines_is_cut_as_tall_as_a_line() -> None:
    # faint 99 whose ink the threshold cut to its middle: 8 px of a page whose lines are 14 px tall
    page = np.full((60, 200), 230, np.uint8)
    short = _Piece(Box(100, 20, 116, 28), dash=False, clip=Box(0, 0, 200, 60), detected=True)
    tall = _Piece(Box(100, 17, 116, 31), dash=False, clip=Box(0, 0, 200, 60), detected=True)
    assert _crop(page, short, 14)[0].shape[0] >= _crop(page, tall, 14)[0].shape[0] - 1
    assert _crop(page, tall, 14)[0].shape == _crop(page, tall, 10)[0].shape  # a line's own height: as it is


def test_a_character_broken_into_specks_by_the_scan_stays_in_its_piece() -> None:
    # 2.01 in a thin Song face: the 2 scanned into three bits, none a character's size, together as tall as one
    two = [(10, 10, 14, 14), (15, 11, 17, 15), (10, 19, 17, 21)]
    point, zero, one = (19, 19, 21, 21), (24, 10, 31, 21), (33, 10, 37, 21)
    blobs = find_blobs(_ink(*two, point, zero, one), SCALE)
    assert [p.box for p in pieces(blobs, np.arange(len(blobs)))] == [Box(10, 10, 37, 21)]


def test_a_character_broken_by_the_scan_keeps_the_point_beside_it() -> None:
    # 7.92 in a light face: the 7 scanned into its bar and its stem's foot, its point further from the 9
    seven, point = [(10, 10, 17, 13), (12, 16, 14, 20)], (21, 19, 23, 21)
    nine, two = (27, 10, 34, 21), (36, 10, 43, 21)
    blobs = find_blobs(_ink(*seven, point, nine, two), SCALE)
    assert [p.box for p in pieces(blobs, np.arange(len(blobs)))] == [Box(10, 10, 43, 21)]


def test_characters_broken_by_the_scan_after_the_point_stay_in_their_piece() -> None:
    # 326.72 in a light face: the 7 scanned into its bar and its stem, the 2 into three bits, none a character
    digits = [(10, 10, 17, 21), (19, 10, 26, 21), (28, 10, 35, 21)]
    point = (37, 18, 40, 21)
    seven = [(43, 10, 49, 12), (45, 14, 47, 18)]
    two = [(51, 10, 53, 13), (55, 10, 58, 14), (51, 17, 57, 20)]
    blobs = find_blobs(_ink(*digits, point, *seven, *two), SCALE)
    assert [p.box for p in pieces(blobs, np.arange(len(blobs)))] == [Box(10, 10, 58, 21)]


def test_characters_broken_by_the_scan_with_a_stroke_above_the_line_stay_in_their_piece() -> None:
    # 8.52 photographed faint (a phone's page): the 8 whole; the 5's bar cut off its body, standing above the 8's
    # top; the 2 three bits, its diagonal lost, a gap under its top as tall as a stroke is wide
    eight, point = (10, 12, 17, 20), (21, 19, 23, 21)
    five = [(27, 10, 31, 12), (28, 15, 33, 19)]
    two = [(39, 11, 41, 15), (35, 12, 36, 13), (34, 19, 40, 21)]
    blobs = find_blobs(_ink(eight, point, *five, *two), SCALE)
    assert [p.box for p in pieces(blobs, np.arange(len(blobs)))] == [Box(10, 10, 41, 21)]


@pytest.mark.parametrize(
    "specks",
    [
        [(12, 12, 14, 14), (15, 13, 17, 15)],  # side by side, much less tall than a character
        [(12, 10, 14, 12), (12, 19, 14, 21)],  # as tall as one together, but scattered: far apart
    ],
)
def test_specks_beside_a_piece_stay_out_of_it(specks: list[tuple[int, int, int, int]]) -> None:
    zero, one = (24, 10, 31, 21), (33, 10, 37, 21)
    blobs = find_blobs(_ink(*specks, zero, one), SCALE)
    assert [p.box for p in pieces(blobs, np.arange(len(blobs)))] == [Box(24, 10, 37, 21)]


def test_a_line_on_a_page_of_screen_dots_is_found_in_bounded_memory() -> None:
    """A tinted sheet scanned in black and white: 160,000 specks. Compared pair by pair at once, its
    blobs took 24 GB and the process was killed; a slice at a time, they take tens of megabytes."""
    image = np.zeros((1200, 1200), np.uint8)
    image[::3, ::3] = 255
    for x0, y0, x1, y1 in [(10, 10, 17, 21), (20, 19, 23, 23), (28, 10, 35, 21), (37, 10, 44, 21)]:  # 4,380
        image[600 + y0 : 600 + y1, 600 + x0 : 600 + x1] = 255
    blobs = find_blobs(image, SCALE)
    tracemalloc.start()
    try:
        found = pieces(blobs, np.arange(len(blobs)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(blobs) > 150_000
    assert peak < 200e6
    assert [p for p in found if p.box.x0 <= 610 and p.box.x1 >= 644 and p.box.y0 <= 610 < p.box.y1]


def test_components_of_a_page_of_noise_are_all_labelled() -> None:
    """More blobs than 16-bit labels hold (a page of noise): counted all the same, not refused."""
    noise = np.zeros((600, 600), np.uint8)
    noise[::2, ::2] = 255
    n, labels, stats, _ = components(noise)
    assert n == 300 * 300 + 1
    assert labels.max() == 300 * 300
    assert (stats[1:, cv2.CC_STAT_AREA] == 1).all()


@pytest.mark.parametrize("offset", [(0, 0), (301, 157), (2, 1)])
def test_components_of_ink_in_part_of_a_page_are_those_of_the_whole_page(offset: tuple[int, int]) -> None:
    """Only the box round the ink is labelled: labels, boxes, areas and centres all as OpenCV gives them
    for the whole page, the background's too, wherever the box starts (odd rows and columns too)."""
    rng = np.random.default_rng(3)
    mask = np.zeros((700, 900), np.uint8)
    x, y = offset
    mask[y + 20 : y + 220, x + 30 : x + 330] = (rng.random((200, 300)) > 0.7) * 255
    found = components(mask)
    whole = cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=cv2.CV_16U)
    assert found[0] == whole[0] > 100
    for ours, theirs in zip(found[1:], whole[1:], strict=True):
        assert ours.dtype == theirs.dtype
        assert np.array_equal(ours, theirs)


def test_painted_components_are_exactly_the_chosen_ones() -> None:
    """Components painted box by box: every pixel of the chosen, none of the others, even where boxes overlap."""
    rng = np.random.default_rng(3)
    mask = np.where(rng.random((120, 160)) < 0.45, 255, 0).astype(np.uint8)
    n, labels, stats, _ = components(mask)
    chosen = list(range(1, n, 3))
    assert np.array_equal(painted(labels, stats, chosen), np.where(np.isin(labels, chosen), 255, 0))


def test_ink_taller_than_any_character_is_no_text() -> None:
    # a scan's dark page edge runs the page's height: read, it made a word standing in every line
    image = np.zeros((400, 200), np.uint8)
    image[:, 190:200] = 255
    image[20:40, 20:40] = 255
    blobs = find_blobs(image, SCALE)
    assert (len(blobs), int(blobs.x0[0])) == (1, 20)


def test_full_width_figures_an_em_apart_stay_one_amount_beside_a_narrow_one() -> None:
    # １８０．９２ set an em (20 px) apart: the narrow 1 leaves a blank wider than the cut, at the pitch
    # the figures after it keep (across the point, two pitches)
    one, eight, zero, point = (9, 10, 12, 25), (25, 10, 35, 25), (45, 10, 55, 25), (60, 22, 63, 25)
    nine, two = (85, 10, 95, 25), (105, 10, 115, 25)
    blobs = find_blobs(_ink(one, eight, zero, point, nine, two), SCALE)
    assert [p.box for p in pieces(blobs, np.arange(len(blobs)))] == [Box(9, 10, 115, 25)]


@pytest.mark.parametrize(
    "figures",
    [
        # 8 2 1 . 7 3 spaced 18 px apart (a photo's): the 1, narrower than 2 but not thin, leaves a blank
        # wider than the cut after the 2, at the pitch the figures keep
        [(11, 6, 19, 20), (29, 7, 36, 20), (48, 7, 53, 20), (64, 17, 66, 20), (84, 8, 92, 20), (102, 8, 110, 20)],
        # 1 2 . 6 7: the 1 opens the amount, its pitch shown only across the point, which takes a place
        [(11, 6, 16, 19), (28, 6, 36, 20), (44, 17, 47, 19), (64, 6, 73, 20), (84, 6, 91, 19)],
    ],
    ids=["821.73", "12.67"],
)
def test_figures_spaced_out_to_fill_their_cell_stay_one_amount_beside_a_narrower_one(
    figures: list[tuple[int, int, int, int]],
) -> None:
    blobs = find_blobs(_ink(*figures), SCALE)
    left, right = figures[0][0], figures[-1][2]
    assert [p.box for p in pieces(blobs, np.arange(len(blobs)))] == [Box(left, 6, right, 20)]


def test_amounts_a_narrow_column_apart_stay_two_pieces_though_their_figures_stand_at_a_pitch() -> None:
    # 600.00 | 7,176: the 7 stands from the 0 before it as far as the 1 after it across the comma, but
    # the 0s are set close, not spaced out
    zeros = [(10, 10, 17, 24), (18, 10, 25, 24), (29, 10, 36, 24), (37, 10, 44, 24)]
    point, seven, comma, one = (26, 21, 28, 24), (58, 10, 65, 24), (67, 22, 69, 26), (79, 10, 86, 24)
    blobs = find_blobs(_ink(*zeros, point, seven, comma, one), SCALE)
    assert [p.box for p in pieces(blobs, np.arange(len(blobs)))] == [Box(10, 10, 44, 24), Box(58, 10, 86, 26)]


def test_figures_far_apart_at_no_common_pitch_stay_two_pieces() -> None:
    # a narrow 1 and an amount a column away: the blank is wider than their pitch allows
    blobs = find_blobs(_ink((9, 10, 12, 25), (45, 10, 55, 25), (65, 10, 75, 25)), SCALE)
    assert len(pieces(blobs, np.arange(len(blobs)))) == 2


def test_header_cells_side_by_side_with_staggered_lines_are_pieces_of_their_own() -> None:
    # a header without rules: cells of two lines beside cells of one centred between them, each set a
    # little lower than the one before, chain into one band of all their lines, whose gaps (narrower
    # than that band is tall) cut nothing: read as one piece, the whole header read as nothing
    tops = {10: (2, 20), 100: (11,), 190: (6, 24), 280: (15,)}  # each cell's left edge: its lines' tops
    boxes = [
        (x + 16 * i, top, x + 14 + 16 * i, top + 14) for x, lines in tops.items() for top in lines for i in range(4)
    ]
    blobs = find_blobs(_ink(*boxes), SCALE)
    found = pieces(blobs, np.arange(len(blobs)))
    assert sorted((p.box.x0, p.box.y0, p.box.y1) for p in found) == sorted(
        (x, top, top + 14) for x, lines in tops.items() for top in lines
    )


def test_a_punch_hole_is_no_text_but_a_ring_a_point_or_a_bold_character_is() -> None:
    # a hole punched above a table, scanned as a dark disc, was read as 0 and headed its columns
    image = np.zeros((60, 400), np.uint8)
    cv2.circle(image, (30, 30), 16, 255, -1)  # a hole: 16 pt across at 2 px/pt
    cv2.circle(image, (100, 30), 16, 255, 4)  # a large 0: a ring
    cv2.circle(image, (160, 30), 2, 255, -1)  # a point
    image[14:46, 220:252] = 255  # a filled square as tall as the hole: a blot too
    image[14:46, 280:312] = 255  # a bold title character (算 inks 72 % of its box): blank strokes within
    image[22:25, 284:300] = image[34:37, 292:308] = 0
    blobs = find_blobs(image, SCALE)
    assert sorted(blobs.x0.tolist()) == [82, 158, 280]


@pytest.mark.parametrize(
    "view", [lambda m: m, lambda m: m[3:40, 50:300], lambda m: m[::2, ::3], np.rot90, lambda m: m > 0]
)
def test_pixels_are_where_numpy_finds_them_in_its_order(view) -> None:
    mask = (np.random.default_rng(7).random((60, 400)) > 0.9).astype(np.uint8) * 255
    ys, xs = pixels(view(mask))
    expected = np.nonzero(view(mask))
    assert ys.tolist() == expected[0].tolist() and xs.tolist() == expected[1].tolist()


def test_a_blank_mask_has_no_pixels() -> None:
    ys, xs = pixels(np.zeros((5, 5), np.uint8))
    assert len(ys) == len(xs) == 0


def _usual_lines(box: Box, cell: Box) -> list[_Piece]:
    """The piece `box` in three cells (each a pixel shorter than the last, all holding it): enough lines
    as tall as it for it to be the page's usual line. Within one cell, overlapping pieces are one."""
    return [_Piece(box, False, Box(cell.x0, cell.y0, cell.x1, cell.y1 - k), detected=False) for k in range(3)]


def test_a_sliver_of_rule_far_taller_than_the_lines_is_no_text() -> None:
    # a photo's lens bowed the table's side: what the ruling missed of it stood beside 0.09, read as 4
    sheet = Image.new("L", (200, 60), 255)
    ImageDraw.Draw(sheet).text((100, 20), "0.09", fill=0, font=ImageFont.truetype(str(SANS), 18))
    gray = np.asarray(sheet).copy()
    gray[5:55, 160:162] = 40
    ink = ((gray < 128) * 255).astype(np.uint8)
    amount, cell = inked_box(ink, 0, 150), Box(0, 0, 200, 60)
    found = [*_usual_lines(amount, cell), _Piece(Box(160, 5, 162, 55), False, cell, detected=False)]
    assert [w.text for w in _words(_recogniser(1), _Image(gray, ink, SCALE), found)] == ["0.09"] * 3


def test_a_line_broken_across_in_two_pieces_is_read_once() -> None:
    # a toner-starved print broke 栏次 across: its tops and bottoms made two pieces, each read as the whole
    gray, ink, words, amount = word_and_amount("栏次", "852.68")
    cut = words.y0 + words.height // 3
    gray[cut : cut + 2, :100], ink[cut : cut + 2, :100] = 255, 0
    halves = [Box(words.x0, words.y0, words.x1, cut), Box(words.x0, cut + 2, words.x1, words.y1)]
    found = [_Piece(half, False, Box(0, 0, 100, 60), detected=False) for half in halves]
    found += _usual_lines(amount, Box(100, 0, 300, 60))
    assert [w.text for w in _words(_recogniser(1), _Image(gray, ink, SCALE), found)] == ["栏次"] + ["852.68"] * 3


@pytest.mark.parametrize(
    ("fill", "mark", "shadow"),
    [
        (185, 160, True),  # a screen's trough on a grey fill: 25 levels under it
        (185, 40, False),  # print on the same fill
        (230, 160, False),  # the same grey on the paper: faint print, 70 under it
    ],
)
def test_a_shadow_is_a_mark_barely_darker_than_the_grey_about_it(fill: int, mark: int, shadow: bool) -> None:
    gray = np.full((60, 400), fill, np.uint8)
    gray[28:32, 100:130] = mark
    text_ink = np.where(gray == mark, 255, 0).astype(np.uint8)
    assert _shadow(Box(100, 28, 130, 32), _Image(gray, text_ink, SCALE, paper=230.0)) is shadow
