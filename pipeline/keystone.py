"""Undoing a photographed page's perspective: its table's frame made a rectangle again.

A page photographed, or scanned with its top lifted from the glass, is a trapezium, not a turned
rectangle: one edge of a table is wider than the other and its side rules lean opposite ways. Turning
it back (`pipeline.deskew`) levels it on average only, and a rule at one end then stands a column's
padding off where the grid puts it: the outer columns lose their words.

The frame is found from the page's longest rules: the topmost and bottommost level lines, the
leftmost and rightmost upright ones, each fitted to its pixels. Their four crossings are mapped to
the rectangle they are closest to. A page whose crossings already lie within KEYSTONE_MIN_PT of one
(a flat scan, however skewed before deskew) is left as it is: warping resamples every character.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.image_rules import RULE_MAX_PT
from pipeline.ink import components, opened

LEVEL_MIN_PT = 200.0  # a level rule this long is part of a table's frame (a text line's strokes run 20 pt)
UPRIGHT_MIN_PT = 60.0  # an upright rule this long too: a table of three rows is 60 pt tall
SPREAD_MIN_PT = 50.0  # frame lines this far apart at least, or their crossings pin little
KEYSTONE_MIN_PT = 0.5  # a corner off its rectangle by less than this needs no warp
KEYSTONE_MAX_PT = 40.0  # … and by more than this the lines are not a table's frame
_KERNEL_PT = 20.0  # long enough that no character's stroke survives; short enough for a leaning rule
_SAMPLE = 2000  # pixels per line fitted: plenty for its slope


def frame_corrected(gray: np.ndarray, ink: np.ndarray, scale: float) -> np.ndarray | None:
    """The page warped so its table's frame is a rectangle, or None if it is one already (or has none)."""
    corners = _frame(ink, scale)
    if corners is None:
        return None
    target = _rectangle(corners)
    off = float(np.abs(corners - target).max()) / scale
    if not KEYSTONE_MIN_PT <= off <= KEYSTONE_MAX_PT:
        return None
    warp = cv2.getPerspectiveTransform(corners, target)
    height, width = gray.shape
    return cv2.warpPerspective(gray, warp, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


def _frame(ink: np.ndarray, scale: float) -> np.ndarray | None:
    """The crossings of the outermost long rules: top left, top right, bottom right, bottom left."""
    level = _lines(ink, scale, horizontal=True)
    upright = _lines(ink, scale, horizontal=False)
    if len(level) < 2 or len(upright) < 2:
        return None
    top, bottom = min(level, key=lambda line: line[0]), max(level, key=lambda line: line[0])
    left, right = min(upright, key=lambda line: line[0]), max(upright, key=lambda line: line[0])
    if bottom[0] - top[0] < SPREAD_MIN_PT * scale or right[0] - left[0] < SPREAD_MIN_PT * scale:
        return None
    return np.array(
        [_crossing(top, left), _crossing(top, right), _crossing(bottom, right), _crossing(bottom, left)],
        dtype=np.float32,
    )


def _lines(ink: np.ndarray, scale: float, horizontal: bool) -> list[tuple[float, float]]:
    """The long rules one way, each as (offset, slope): y = offset + slope·x for level ones, x = offset +
    slope·y for upright ones, fitted to the rule's pixels after the opening that found it."""
    kernel = (round(_KERNEL_PT * scale), 1) if horizontal else (1, round(_KERNEL_PT * scale))
    n, labels, stats, _ = components(opened(ink, kernel))
    shortest = (LEVEL_MIN_PT if horizontal else UPRIGHT_MIN_PT) * scale
    lines = []
    for label in range(1, n):
        x, y, w, h, area = stats[label].tolist()
        length = w if horizontal else h
        if length < shortest or area / length > RULE_MAX_PT * scale:  # a filled edge (the page's, a shadow's)
            continue
        ys, xs = np.nonzero(labels[y : y + h, x : x + w] == label)
        step = max(1, len(xs) // _SAMPLE)
        along, across = (xs[::step] + x, ys[::step] + y) if horizontal else (ys[::step] + y, xs[::step] + x)
        slope, offset = np.polyfit(along.astype(np.float64), across.astype(np.float64), 1)
        lines.append((float(offset), float(slope)))
    return lines


def _crossing(level: tuple[float, float], upright: tuple[float, float]) -> tuple[float, float]:
    """Where y = a + b·x meets x = c + d·y."""
    (a, b), (c, d) = level, upright
    y = (a + b * c) / (1 - b * d)
    return c + d * y, y


def _rectangle(corners: np.ndarray) -> np.ndarray:
    """The upright rectangle nearest the four corners: each side at the mean of its two corners."""
    (tlx, tly), (trx, try_), (brx, bry), (blx, bly) = corners.tolist()
    left, right, top, bottom = (tlx + blx) / 2, (trx + brx) / 2, (tly + try_) / 2, (bly + bry) / 2
    return np.array([[left, top], [right, top], [right, bottom], [left, bottom]], dtype=np.float32)
