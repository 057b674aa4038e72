"""A page is warped square only on the evidence of frame lines long enough to pin their lean."""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.keystone import frame_corrected

SCALE = 2.0  # pixels per point
TOP, BOTTOM, LEFT, RIGHT = 100, 700, 60, 780  # the table's frame, in points


def _px(pt: float) -> int:
    return round(pt * SCALE)


def _page(uprights: list[tuple[float, float, float, float]]) -> tuple[np.ndarray, np.ndarray]:
    """Grey page and its ink: level rules top and bottom, and upright rules from (x0, y0) to (x1, y1)."""
    ink = np.zeros((_px(842), _px(842)), np.uint8)
    for y in (TOP, BOTTOM):
        cv2.line(ink, (_px(LEFT), _px(y)), (_px(RIGHT), _px(y)), 255, 2)
    for x0, y0, x1, y1 in uprights:
        cv2.line(ink, (_px(x0), _px(y0)), (_px(x1), _px(y1)), 255, 2)
    return 255 - ink, ink


def test_short_leaning_uprights_are_no_frame() -> None:
    # a fax whose side rules dithered away leaves inner rules in pieces 80 pt long, each leaning a pixel
    # over its length: taken for the frame's sides, they would lean the far corners 3 pt and warp the page
    uprights = [(200, 300, 201, 380), (600, 300, 599, 380)]
    gray, ink = _page(uprights)
    assert frame_corrected(gray, ink, SCALE) is None


def test_long_leaning_sides_square_the_frame() -> None:
    # the same lean over sides as tall as the frame: a photographed trapezium, warped square
    uprights = [(LEFT + 4, TOP, LEFT, BOTTOM), (RIGHT - 4, TOP, RIGHT, BOTTOM)]
    gray, ink = _page(uprights)
    squared = frame_corrected(gray, ink, SCALE)
    assert squared is not None
    top_row = np.nonzero(squared[_px(TOP) + 4] < 128)[0]
    bottom_row = np.nonzero(squared[_px(BOTTOM) - 4] < 128)[0]
    assert abs(int(top_row.min()) - int(bottom_row.min())) <= 2


def _ruled_across(ends: list[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
    """Grey page and its ink: a table ruled across only, a level rule every 40 pt from TOP to BOTTOM
    running from ends[k][0] to ends[k][1] (points), no upright rule."""
    ink = np.zeros((_px(842), _px(842)), np.uint8)
    for y, (x0, x1) in zip(range(TOP, BOTTOM + 1, 40), ends, strict=True):
        cv2.line(ink, (_px(x0), _px(y)), (_px(x1), _px(y)), 255, 2)
    return 255 - ink, ink


def test_the_ends_of_rules_across_square_a_frame_without_uprights() -> None:
    # photographed from below, a table ruled across only is narrower at the top: its rules' ends lean in
    rows = len(range(TOP, BOTTOM + 1, 40))
    lean = [6 * (1 - k / (rows - 1)) for k in range(rows)]
    gray, ink = _ruled_across([(LEFT + d, RIGHT - d) for d in lean])
    squared = frame_corrected(gray, ink, SCALE)
    assert squared is not None
    top_row = np.nonzero(squared[_px(TOP)] < 128)[0]
    bottom_row = np.nonzero(squared[_px(BOTTOM)] < 128)[0]
    assert abs(int(top_row.min()) - int(bottom_row.min())) <= 2
    assert abs(int(top_row.max()) - int(bottom_row.max())) <= 2


def test_rules_across_whose_ends_do_not_line_up_are_no_frame() -> None:
    # rules of a text's own (under a heading, a signature) end where their words do
    rows = len(range(TOP, BOTTOM + 1, 40))
    gray, ink = _ruled_across([(LEFT + 9 * (k % 3), RIGHT - 7 * (k % 2)) for k in range(rows)])
    assert frame_corrected(gray, ink, SCALE) is None


def _banded(slopes: list[float]) -> tuple[np.ndarray, np.ndarray]:
    """Grey page and its ink: a table without rules whose every other row is printed on a band 24 grey
    levels under the paper, its grain in streaks (lines 8 levels lighter, as a JPEG's blocks leave it,
    every 5 px) leaning by its slope; the text is a word at each end of each row."""
    gray = np.full((_px(842), _px(842)), 250, np.uint8)
    ink = np.zeros_like(gray)
    for k, y in enumerate(range(TOP, BOTTOM, 36)):
        band = np.zeros_like(gray)
        cv2.rectangle(band, (_px(LEFT), _px(y)), (_px(RIGHT), _px(y + 18)), 255, -1)
        grain = np.zeros_like(gray)
        slope = slopes[k % len(slopes)]
        for start in range(_px(y) - 40, _px(y + 18) + 40, 5):
            cv2.line(grain, (_px(LEFT), start), (_px(RIGHT), round(start + slope * _px(RIGHT - LEFT))), 255, 2)
        gray[band > 0] = 226
        gray[(band > 0) & (grain > 0)] = 234
        for x in (LEFT + 4, RIGHT - 40):
            cv2.rectangle(ink, (_px(x), _px(y + 5)), (_px(x + 30), _px(y + 13)), 255, -1)
    gray[ink > 0] = 30
    return gray, ink


def test_a_shaded_bands_grain_is_no_frame() -> None:
    # a zebra table's bands, their grain streaked across them: against the page's paper every streak is a
    # pale line a frame's length, and the topmost and bottommost, leaning apart, warped the page askew
    gray, ink = _banded([0.008, -0.008])
    assert frame_corrected(gray, ink, SCALE) is None
