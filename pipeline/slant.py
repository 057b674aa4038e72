"""Text lines a photographed page leaves slanting, set level again.

A photo's perspective fans its lines out: turned level on average (`pipeline.deskew`), the lines at
one end of a page still rise to the right and those at the other fall, and a curled page bends them.
A ruled table is warped back by its frame (`pipeline.keystone`); a table without rules has none, and
where a line rises by half a line's height across the page, its codes fall into one row and its
amounts into the next, and a header's staggered lines run together into one.

The slant is measured where the text shows it: each run of characters (ink closed across the gaps
inside a word) is fitted a line through its pixels, and so is each stretch of a horizontal rule: a
table ruled across only, its few rows too little text to show a slant, still has its rules. A
perspective's slant changes evenly across a page, so a plane is fitted to the runs' slants (by height
and by place across), weighted by their length and robustly: a run of two lines' characters, or a
stamp's arc, is an outlier. The page is then redrawn with each line moved up or down by how far it
rises from the page's middle.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.ink import closed, pixels

RUN_GAP_PT = 3.0  # gaps inside a word closed to make runs: characters stand closer, columns further apart
RUN_HEIGHT_PT = (4.0, 16.0)  # a run of characters is this tall: lower is a rule or dashes, taller two lines
RUN_LONG = 4.0  # × its height: a run at least this long, enough to show a slant
MIN_RUNS = 20  # runs needed for a plane: fewer, and a page's slant is left as it is
MIN_RISE_PT = 1.5  # a line rising less than this across the text needs no levelling
OUTLIER = 3.0  # × the runs' median deviation from the plane: beyond it a run is dropped
SURE_RUN_PT = 150.0  # a run longer than this is no surer of its slant than one this long
RULE_PT = 30.0  # a horizontal stroke at least this long is a rule's: text's strokes are shorter
STRETCH_PT = 40.0  # a rule is measured a stretch this long at a time: a curl bends it, its slant changes along it
MEASURE_SCALE = 1.0  # pixels per point the slant is measured at: text 10 px tall shows it, at a quarter of the work
_ROUNDS = 2


def levelled(gray: np.ndarray, ink: np.ndarray, scale: float) -> np.ndarray | None:
    """The page redrawn with its text lines level, or None if they are level already."""
    small = cv2.resize(ink, None, fx=MEASURE_SCALE / scale, fy=MEASURE_SCALE / scale, interpolation=cv2.INTER_AREA)
    runs = _runs(small, MEASURE_SCALE)
    if runs is None:
        return None
    xs, ys, slants, weights = runs
    middle = (float(xs.min()) + float(xs.max())) / 2
    plane = _fitted(xs - middle, ys, slants, weights)
    if plane is None:
        return None
    ends = np.array([xs.min(), xs.max()]) - middle
    reach = max(abs(_rise(plane, x, y)) for x in ends for y in (ys.min(), ys.max()))
    if reach < MIN_RISE_PT:
        return None
    height, width = gray.shape
    # the rise changes over tens of points: worked out a point apart, then spread to every pixel
    across, down = np.meshgrid(np.arange(width / scale, dtype=np.float32), np.arange(height / scale, dtype=np.float32))
    rise = cv2.resize(_rise(plane, across - np.float32(middle), down) * np.float32(scale), (width, height))
    grid_x, grid_y = np.meshgrid(np.arange(width, dtype=np.float32), np.arange(height, dtype=np.float32))
    return cv2.remap(gray, grid_x, grid_y + rise, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def _runs(ink: np.ndarray, scale: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """Each run of characters' or stretch of rule's centre (in points), slant, and weight: its length
    squared, the longer the surer its slant."""
    rules = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (round(RULE_PT * scale), 1))
    )
    # characters apart from the rules: a rule with the stubs of uprights hanging off it is no run of text
    text = cv2.bitwise_and(ink, cv2.bitwise_not(cv2.dilate(rules, np.ones((3, 3), np.uint8))))
    found = [np.concatenate(parts) for parts in zip(_text_runs(text, scale), _stretches(rules, scale), strict=True)]
    return None if len(found[0]) < MIN_RUNS else (found[0], found[1], found[2], found[3])


def _text_runs(text: np.ndarray, scale: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Runs of characters: the text's ink closed across the gaps inside a word, as tall as a line."""
    runs = closed(text, (max(3, round(RUN_GAP_PT * scale)), 1))
    _, labels, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
    heights, widths = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    low, high = (v * scale for v in RUN_HEIGHT_PT)
    chosen = (heights >= low) & (heights <= high) & (widths >= RUN_LONG * heights)
    chosen[0] = False
    ys, xs = pixels((text > 0) & chosen[labels])
    centre_x, centre_y, slant, weight = _slants(xs, ys, labels[ys, xs], scale)
    # a run of a header's words joined to a faint rule along their foot slants from the words down to
    # the rule; measured whole and weighted by its length, it was the longest of all and set the slant
    return centre_x, centre_y, slant, np.minimum(weight, SURE_RUN_PT**2)


def _stretches(rules: np.ndarray, scale: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Stretches of the horizontal rules, each measured apart: a curl bends a rule along its length."""
    _, labels = cv2.connectedComponents((rules > 0).astype(np.uint8), connectivity=8)
    ys, xs = pixels(rules)
    stretch = xs // max(1, round(STRETCH_PT * scale))
    return _slants(xs, ys, labels[ys, xs].astype(np.int64) * (int(stretch.max(initial=0)) + 1) + stretch, scale)


def _slants(
    xs: np.ndarray, ys: np.ndarray, label: np.ndarray, scale: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The centre (in points), slant and weight of each labelled group of pixels: the line fitted through
    them, and their width squared."""
    ids, label = np.unique(label, return_inverse=True)
    n = len(ids)
    xs, ys = xs.astype(np.float64) / scale, ys.astype(np.float64) / scale
    count = np.maximum(np.bincount(label, minlength=n), 1)
    mx, my = np.bincount(label, xs, n) / count, np.bincount(label, ys, n) / count
    var = np.bincount(label, xs * xs, n) / count - mx * mx
    slant = (np.bincount(label, xs * ys, n) / count - mx * my) / np.maximum(var, 1e-9)
    low, high = np.full(n, np.inf), np.full(n, -np.inf)
    np.minimum.at(low, label, xs)
    np.maximum.at(high, label, xs)
    return mx, my, slant, (high - low + 1 / scale) ** 2


def _fitted(xs: np.ndarray, ys: np.ndarray, slants: np.ndarray, weights: np.ndarray) -> np.ndarray | None:
    """Slant = p0 + p1·y + p2·x by weighted least squares, dropping outliers round by round."""
    design = np.column_stack([np.ones_like(xs), ys, xs])
    keep = np.ones(len(xs), dtype=bool)
    plane = None
    for _ in range(_ROUNDS + 1):
        if keep.sum() < MIN_RUNS:
            return None
        w = np.sqrt(weights[keep])
        plane = np.linalg.lstsq(design[keep] * w[:, None], slants[keep] * w, rcond=None)[0]
        residual = np.abs(design @ plane - slants)
        spread = float(np.median(residual[keep])) or 1e-9
        keep = residual <= OUTLIER * spread
    return plane


def _rise(plane: np.ndarray, x: np.ndarray | float, y: np.ndarray | float) -> np.ndarray | float:
    """How far a line rises (down is +) from the middle to x across, at height y: the slant's integral
    along the line, the slant changing with x as the plane has it."""
    p0, p1, p2 = (np.float32(p) for p in plane)
    return (p0 + p1 * y) * x + p2 * x * x / 2
