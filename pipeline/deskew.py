"""Straightening a scanned page: the skew angle from the projection profile, then a rotation.

Printed lines (text rows and table rules) make the row profile of an upright page spiky: the angle
that maximises the profile's energy (the sum of squared row counts) is the one that sets them level.
Rotating a sample of ink pixels' coordinates is much cheaper than rotating the image for every angle.

The search first sums the energy of each third of the page's width on its own: the halves of a
two-halves table have lines at different heights (a wrapped label beside single-line ones), and a
profile across the whole width can gain more by lining up the left half's lines with the right's
than by levelling them (1.8° found for a page turned by 1.24°). The last, finest step reads the whole
width again, whose long baselines pin the angle closer.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.ink import pixels

MAX_ANGLE = 3.0  # degrees: scans are turned slightly; beyond this a page is rotated, not skewed
_COARSE_STEP = 0.2
_FINE_STEP = 0.02
_WHOLE_WIDTH_REACH = 0.2  # degrees either side of the strips' angle the whole-width profile may move it
_STRIPS = 3
_SAMPLE = 80_000  # ink pixels: plenty for a sharp profile
_FEW_LINES = 2  # bands of ink a page holds at most for the whole width to level it from the start


def skew_angle(ink: np.ndarray) -> float:
    """The angle in degrees (counter-clockwise positive) that the page's ink is turned by."""
    ys, xs = pixels(ink)
    if len(xs) < 100:
        return 0.0
    step = max(1, len(xs) // _SAMPLE)
    xs, ys = xs[::step].astype(np.float32), ys[::step].astype(np.float32)
    strips = ((xs - xs.min()) * _STRIPS // (xs.max() + 1 - xs.min())).astype(np.int64)
    whole = np.zeros_like(strips)
    xs -= ink.shape[1] / 2
    coarse = _best(xs, ys, strips, np.arange(-MAX_ANGLE, MAX_ANGLE + 1e-9, _COARSE_STEP))
    if _bands_of_ink(xs, ys, coarse) <= _FEW_LINES:
        # a line or two (a table's last row alone on a page): a third of a line levels poorly on its own
        coarse = _best(xs, ys, whole, np.arange(-MAX_ANGLE, MAX_ANGLE + 1e-9, _COARSE_STEP))
        return _best(xs, ys, whole, _around(coarse, _COARSE_STEP))
    striped = _best(xs, ys, strips, _around(coarse, _COARSE_STEP))
    return _best(xs, ys, whole, _around(striped, _WHOLE_WIDTH_REACH))


def _bands_of_ink(xs: np.ndarray, ys: np.ndarray, angle: float) -> int:
    """How many bands of rows hold ink, turned back by `angle`: lines of text, set apart by blank rows."""
    rows = np.unique(np.round(ys + xs * np.sin(np.radians(angle))).astype(np.int64))
    return 1 + int(np.count_nonzero(np.diff(rows) > 1))


def straighten(gray: np.ndarray, angle: float) -> np.ndarray:
    """The page turned back by `angle` about its centre, same size, white where nothing was."""
    if abs(angle) < 1e-3:
        return gray
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    return cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def _around(angle: float, reach: float) -> np.ndarray:
    return np.arange(angle - reach, angle + reach + 1e-9, _FINE_STEP)


def _best(xs: np.ndarray, ys: np.ndarray, strips: np.ndarray, angles: np.ndarray) -> float:
    """The angle whose turned-back row profiles, one per strip, have the most energy together."""
    scores = []
    for angle in np.radians(angles):
        # turning the page back by `angle` (counter-clockwise content) raises its right side: y' = y + x·sin
        rows = np.round(ys + xs * np.sin(angle)).astype(np.int64)
        rows -= rows.min()
        counts = np.bincount(strips * (rows.max() + 1) + rows)
        scores.append(float(np.dot(counts, counts)))
    return float(angles[int(np.argmax(scores))])
