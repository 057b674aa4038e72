"""Straightening a scanned page: the skew angle from the projection profile, then a rotation.

Printed lines (text rows and table rules) make the row profile of an upright page spiky: the angle
that maximises the profile's energy (the sum of squared row counts) is the one that sets them level.
Rotating a sample of ink pixels' coordinates is much cheaper than rotating the image for every angle.
"""

from __future__ import annotations

import cv2
import numpy as np

MAX_ANGLE = 3.0  # degrees: scans are turned slightly; beyond this a page is rotated, not skewed
_COARSE_STEP = 0.2
_FINE_STEP = 0.02
_SAMPLE = 80_000  # ink pixels: plenty for a sharp profile


def skew_angle(ink: np.ndarray) -> float:
    """The angle in degrees (counter-clockwise positive) that the page's ink is turned by."""
    ys, xs = np.nonzero(ink)
    if len(xs) < 100:
        return 0.0
    step = max(1, len(xs) // _SAMPLE)
    xs, ys = xs[::step].astype(np.float32) - ink.shape[1] / 2, ys[::step].astype(np.float32)
    coarse = _best(xs, ys, np.arange(-MAX_ANGLE, MAX_ANGLE + 1e-9, _COARSE_STEP))
    return _best(xs, ys, np.arange(coarse - _COARSE_STEP, coarse + _COARSE_STEP + 1e-9, _FINE_STEP))


def straighten(gray: np.ndarray, angle: float) -> np.ndarray:
    """The page turned back by `angle` about its centre, same size, white where nothing was."""
    if abs(angle) < 1e-3:
        return gray
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    return cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def _best(xs: np.ndarray, ys: np.ndarray, angles: np.ndarray) -> float:
    """The angle whose turned-back row profile has the most energy."""
    scores = []
    for angle in np.radians(angles):
        # turning the page back by `angle` (counter-clockwise content) raises its right side: y' = y + x·sin
        rows = np.round(ys + xs * np.sin(angle)).astype(np.int64)
        counts = np.bincount(rows - rows.min())
        scores.append(float(np.dot(counts, counts)))
    return float(angles[int(np.argmax(scores))])
