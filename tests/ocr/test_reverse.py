"""Reverse type (white print on a dark band) is turned dark on paper; a bold glyph or a bar is left alone."""

from __future__ import annotations

import numpy as np

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
