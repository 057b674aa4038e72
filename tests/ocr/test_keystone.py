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
