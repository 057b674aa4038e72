"""Columns a photo fans out, stood upright again, where no frame shows how.

A page photographed from below its middle is narrower at the top than at the foot: its columns lean
toward a point above the page, each the more the further it stands from the middle. A ruled table is
warped back by its frame (`pipeline.keystone`); a table without rules has none, and its lines stay
level (`pipeline.slant` has nothing to do), yet 20 pt from the middle a column leans a few points
over the page: its top rows' amounts fall into the next column's labels, a code's parts into the next
level's column.

Columns show as edges: where the runs of characters in a column start (labels and codes set flush
left) or end (amounts set flush right), row under row. The lean is the one that, taken back, stands
those edges most closely in line: each run's ends are moved back for a lean in turn (the page's
width scaled by a share that changes evenly down the page, about its middle, and every column leaning
by as much besides: a page turned a little before it was photographed, then turned level, leans them
toward a point off its middle), counted into columns a point wide, and the lean whose counts pile up
most wins. Only a clear win over standing as it is, and a lean moving a corner of the text two points
or more, warps the page: warping resamples every character.
"""

from __future__ import annotations

from typing import NamedTuple

import cv2
import numpy as np

from pipeline.ink import closed, components
from pipeline.slant import MEASURE_SCALE, RUN_GAP_PT, RUN_HEIGHT_PT

FAN_REACH, FAN_STEPS = 0.2, (0.02, 0.005)  # the width at the text's foot over that at its top, less 1: tried
SHEAR_REACH, SHEAR_STEPS = 0.06, (0.01, 0.0025)  # … with the columns all leaning by this, tried too
BIN_PT = 1.0  # edges this close stand in one line
MIN_RUNS = 40  # runs of characters needed to tell a lean: a page of a few lines is left as it is
MIN_GAIN = 1.3  # the winning lean piles edges up this much more than none at least …
MIN_LEAN_PT = 2.0  # … and moves a corner of the text this far at least


class _Edges(NamedTuple):
    lefts: np.ndarray  # each run of characters' left end, pixels at MEASURE_SCALE
    rights: np.ndarray
    ys: np.ndarray  # … and its middle's height
    middle: float  # the page's middle across, about which a photo narrows it
    top: float  # the highest run's middle, and the lowest's
    foot: float


def unfanned(gray: np.ndarray, ink: np.ndarray, scale: float) -> np.ndarray | None:
    """The page warped so its columns stand upright, or None if they do (or too little text tells)."""
    small = cv2.resize(ink, None, fx=MEASURE_SCALE / scale, fy=MEASURE_SCALE / scale, interpolation=cv2.INTER_AREA)
    edges = _run_edges(small)
    if edges is None:
        return None
    lean = _steepest(edges)
    seen, upright = _corners(edges, *lean)
    if _piled(edges, *lean) < MIN_GAIN * _piled(edges, 0.0, 0.0) or np.abs(seen - upright).max() < MIN_LEAN_PT:
        return None
    size = scale / MEASURE_SCALE
    warp = cv2.getPerspectiveTransform(seen * np.float32(size), upright * np.float32(size))
    height, width = gray.shape
    return cv2.warpPerspective(gray, warp, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


def _steepest(edges: _Edges) -> tuple[float, float]:
    """The (fan, shear) piling the edges up most (`_piled`): tried on a coarse grid, then finer about the best."""
    fan = shear = 0.0
    fan_reach, shear_reach = FAN_REACH, SHEAR_REACH
    for fan_step, shear_step in zip(FAN_STEPS, SHEAR_STEPS, strict=True):
        tried = [(f, s) for f in _around(fan, fan_reach, fan_step) for s in _around(shear, shear_reach, shear_step)]
        fan, shear = max(tried, key=lambda lean: _piled(edges, *lean))
        fan_reach, shear_reach = fan_step, shear_step
    return fan, shear


def _around(centre: float, reach: float, step: float) -> np.ndarray:
    return centre + step * np.arange(-round(reach / step), round(reach / step) + 1)


def _run_edges(ink: np.ndarray) -> _Edges | None:
    """Each run of characters' ends and middle, in pixels of `ink`."""
    runs = closed(ink, (max(3, round(RUN_GAP_PT * MEASURE_SCALE)), 1))
    _, _, stats, _ = components(runs)
    x, y, w, h = (stats[1:, i].astype(np.float64) for i in range(4))
    low, high = (v * MEASURE_SCALE for v in RUN_HEIGHT_PT)
    chosen = (h >= low) & (h <= high)
    if chosen.sum() < MIN_RUNS:
        return None
    ys = (y + h / 2)[chosen]
    return _Edges(x[chosen], (x + w)[chosen], ys, ink.shape[1] / 2, float(ys.min()), float(ys.max()))


def _piled(edges: _Edges, fan: float, shear: float) -> float:
    """How closely the edges stand in columns once a lean is taken back: the sum of the squares of
    how many fall in each BIN_PT wide column, left ends and right ends apart. `fan`: the width's scale
    changes by this from the text's top to its foot (1 midway); `shear`: every column leans by this."""
    down = (edges.ys - edges.top) / max(1.0, edges.foot - edges.top) - 0.5
    share, drift = 1 + fan * down, shear * down * (edges.foot - edges.top)
    total = 0.0
    for edge in (edges.lefts, edges.rights):
        upright = edges.middle + (edge - drift - edges.middle) / share
        counts = np.bincount(np.maximum(0, np.round(upright / BIN_PT)).astype(np.int64))
        total += float((counts.astype(np.float64) ** 2).sum())
    return total


def _corners(edges: _Edges, fan: float, shear: float) -> tuple[np.ndarray, np.ndarray]:
    """Where the text's outer corners are seen, leaning so, and where they stand upright: its top and
    foot where they are, its outer edges as far either side of the middle as they reach."""
    top, foot = edges.top, edges.foot
    reach = float(np.abs(np.concatenate([edges.lefts, edges.rights]) - edges.middle).max())
    seen, upright = [], []
    for y, down, side in ((top, -0.5, -1), (top, -0.5, 1), (foot, 0.5, 1), (foot, 0.5, -1)):  # clockwise
        share, drift = 1 + fan * down, shear * down * (foot - top)
        seen.append([edges.middle + side * reach * share + drift, y])
        upright.append([edges.middle + side * reach, y])
    return np.float32(seen), np.float32(upright)
