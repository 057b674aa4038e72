"""Reverse type (white print on a dark band) is turned dark on paper; a bold glyph or a bar is left alone."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from pipeline.reverse import unreversed

PAPER, FILL, SCALE = 230.0, 60, 2.0


def _page() -> np.ndarray:
    return np.full((200, 400), PAPER, np.uint8)


def test_a_dark_band_with_white_print_is_turned_dark_on_paper() -> None:
    page = _page()
    page[40:80, 20:380] = FILL  # the band
    page[50:70, 40:44] = 250  # a white stroke of its print
    page[78:80, 20:380] = 170  # its blurred lower edge
    page[100:102, 20:380] = 0  # a black rule under it, joined to nothing
    out = unreversed(page, PAPER, SCALE)
    assert abs(int(out[45, 200]) - PAPER) <= 2  # the fill is paper
    assert out[60, 42] < 40  # the print is dark
    assert (out[78:80, 20:380] == 170).all() and (out[100:102] == page[100:102]).all()  # beyond it, as it was


def test_a_dark_bar_without_print_and_a_bold_glyph_are_left_as_they_are() -> None:
    page = _page()
    page[40:80, 20:380] = FILL  # a bar: no print in it
    page[120:150, 20:50] = FILL  # a bold glyph of a title: dark over two thirds of its box, its counters light
    page[122:148:2, 22:48] = 250
    page[160:170, 20:30] = FILL  # a blot, a character's size
    page[164, 24] = 250
    assert (unreversed(page, PAPER, SCALE) == page).all()


def test_a_band_askew_is_a_band() -> None:
    # 700 pt long at 1°: its fill covers 72 % of its upright box, and it was left a blot
    page = np.full((200, 1500), PAPER, np.uint8)
    band = np.zeros_like(page)
    cv2.fillPoly(band, [np.array([[20, 40], [1420, 40 + 24], [1420, 104], [20, 80]], np.int32)], 255)
    page[band > 0] = FILL
    for left in range(100, 1400, 100):  # its print
        page[55:70, left : left + 4] = 250
    out = unreversed(page, PAPER, SCALE)
    assert abs(int(out[70, 300]) - PAPER) <= 2 and out[62, 702] < 40


def test_small_cells_beside_a_band_are_inverted_and_its_white_rules_turn_dark() -> None:
    # 类 | 款 | 项 cells, 12 × 12 pt, parted from the band above and from each other by white rules 2 px
    # wide, over a ruled table; a cell as small standing alone is a heavy glyph, left as it is
    page = _page()
    page[20:60, 20:200] = FILL  # the band's large cell
    page[30:50, 100:104] = 250
    for left in (20, 46, 72):  # its small cells under it
        page[62:86, left : left + 24] = FILL
        page[70:78, left + 10 : left + 13] = 250
    page[86:110, 20:22] = 0  # a ruled table's frame, going on under them
    page[120:144, 300:324] = FILL  # alone
    page[128:136, 310:313] = 250
    out = unreversed(page, PAPER, SCALE)
    assert all(abs(int(out[80, left + 4]) - PAPER) <= 2 for left in (20, 46, 72))  # the cells' fill is paper
    assert out[60, 30] < PAPER - 100 and out[75, 45] < PAPER - 100  # the white rules between them are dark
    assert (out[120:144, 300:324] == page[120:144, 300:324]).all()


@pytest.mark.parametrize("ruled", [True, False])
def test_a_bands_sides_are_rules_where_the_tables_rules_go_on_from_them(ruled: bool) -> None:
    # the band's edges once inverted are a grey rim; a ruled table's frame goes on under its band, and its
    # edges are drawn; an unruled table's band has none, and none is drawn (an upright or a rule there
    # parted its columns)
    page = _page()
    page[40:80, 20:380] = FILL
    page[50:70, 40:44] = 250
    if ruled:
        page[80:180, 20:22] = 30  # the frame's sides under the band
        page[80:180, 378:380] = 30
    out = unreversed(page, PAPER, SCALE)
    edges = [out[41, 200], out[78, 200], out[60, 20], out[60, 379]]  # top, bottom, left, right
    assert all(edge < 40 for edge in edges) if ruled else all(edge >= PAPER - 2 for edge in edges)


def test_a_hands_soft_shadow_over_a_table_is_no_band() -> None:
    # a phone photo in low light: a hand's shadow, as dark as a band's fill at its heart and fading in
    # over 30 pt, is lighter towards its rim than the fill by as much as white print is; taken for a band,
    # the table's cells under it were inverted, their rules white and their amounts lost
    page = np.full((400, 600), PAPER, np.uint8)
    page[40:360:40, 20:580] = 30  # the table's rules
    page[40:360, 20:580:120] = 30
    rows, cols = np.mgrid[0:400, 0:600]
    reach = np.hypot(rows - 200, cols - 420) / 150  # 1 on the shadow's rim
    page = np.round(page * (1 - 0.65 * np.clip((1.1 - reach) / 0.5, 0, 1))).astype(np.uint8)
    assert page[200, 420] <= PAPER - 120  # as dark as a band's fill (80 under the paper at least)
    assert (unreversed(page, PAPER, SCALE) == page).all()


def test_a_grey_rule_inside_a_band_is_dark_once_inverted() -> None:
    # the band's print blurred, its strokes' cores white and their sides grey; a grey rule parting its
    # cells, blurred to a fifth of the way from the fill to white: mapped from the print's lightest
    # pixel, it came out 45 levels under the paper, too pale to be found whole
    page = _page()
    page[40:80, 20:380] = FILL
    for left in range(40, 340, 12):  # the print: a stroke 2 px white, a pixel of grey either side
        page[50:70, left - 1 : left + 3] = 150
        page[50:70, left : left + 2] = 250
    page[40:80, 200] = FILL + 40  # the rule
    out = unreversed(page, PAPER, SCALE)
    assert abs(int(out[45, 100]) - PAPER) <= 2  # the fill is paper
    assert out[60, 200] <= PAPER - 60  # the rule is as dark as ink is at least
    assert out[60, 40] < 40  # the print is dark
