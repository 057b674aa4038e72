"""What is printed pale and wide under the text (a watermark) is lifted to the paper; the print stays."""

from __future__ import annotations

import numpy as np

from pipeline.underlay import lifted

PAPER, PRINT, UNDER, SCALE = 240.0, 50, 170, 2.0


def _stroke(page: np.ndarray, grey: int) -> None:
    """A watermark's stroke 8 px wide, rising across the page."""
    for x in range(40, 240):
        page[150 - x // 2 : 158 - x // 2, x] = grey


def _page() -> np.ndarray:
    page = np.full((200, 400), PAPER, np.uint8)
    page[20:24, 300:380] = PRINT  # a line of print elsewhere, so the page has some
    return page


def test_a_watermark_stroke_is_lifted_and_the_digit_crossing_it_stays() -> None:
    page = _page()
    _stroke(page, UNDER)
    page[60:100, 120:122] = PRINT  # a digit's stroke crossing it
    out = lifted(page, PAPER, SCALE)
    assert abs(int(out[150 - 200 // 2 + 4, 200]) - PAPER) <= 2  # the stroke is paper
    assert out[80, 120] < 100  # the digit is still dark…
    assert out[60:100, 120:122].max() < 100


def test_print_alone_is_left_as_it_is() -> None:
    page = _page()
    page[120:132, 20:120] = PRINT  # a bold title's stroke: as wide as a watermark's, as dark as print
    page[140:141, 20:200] = 190  # a hairline as light as a watermark, narrow
    for x in range(210, 390, 4):  # a dense character's strokes, the blur between them light
        page[100:130, x : x + 2] = PRINT
        page[100:130, x + 2 : x + 4] = UNDER
    assert (lifted(page, PAPER, SCALE) == page).all()


def test_a_watermark_too_light_to_be_taken_for_print_is_left() -> None:
    # lifting it would lift with it the faint print it crosses (a photo's blurred digits, as light as it)
    page = _page()
    _stroke(page, round(PAPER) - 20)
    page[60:100, 120:122] = 200
    assert (lifted(page, PAPER, SCALE) == page).all()
