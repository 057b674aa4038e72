"""Two pages scanned side by side (a book opened on the glass, an A3 copy of two A4 pages), read as one
page above the other.

Each half lies at its own slant, and lines of the two pages at the same height read as one line: the
titles of two tables set side by side make one title, and the second table is lost. A spread is told
by its gutter: a band of blank columns across the whole height near the middle of a landscape image,
with a page's ink either side, and the fold's shadow in it (a table's blank column is paper white; a
copier's spread of two loose sheets, no fold between them, is read as one page). A document printed two
pages up, every page of it a landscape sheet, has no fold: its sheets part at the blank alone. Straightened
each on its own (a sheet's pages also turned upright each on its own) and stacked, the halves read in order.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.ink import widest_run

GUTTER_BAND = (0.42, 0.58)  # of the width: where the fold lies (a title centred on one page crosses it)
GUTTER_PT = 8.0  # the blank between the pages is at least this wide
GUTTER_SPECKS = 0.002  # of a column's height: ink as little as this leaves it blank (dust, a shadow's edge)
HALF_INK = 0.2  # share of the ink each page holds at least: a page number alone beside a page is no spread
PAGE_INK = 0.02  # … and on a sheet printed two up, where a cover's few lines stand beside its contents
FOLD_SHADE = 12  # grey levels the fold's shadow is darker than the paper at least …
FOLD_WIDE_PT = 1.5  # … across this width at least: a grey hairline rule down a table's middle is no fold


def gutter(ink: np.ndarray, grey: np.ndarray, scale: float, sheet: bool = False) -> int | None:
    """The fold between the two pages of a spread (a column of the page's `ink` and `grey`, its shading
    not yet evened), or None if the image is one page. On a sheet of a document printed two pages up
    (every page of it a landscape sheet), the pages stand apart with no fold's shadow: the middle of the
    blank between them."""
    height, width = ink.shape
    if width <= height:
        return None
    counts = np.count_nonzero(ink, axis=0)
    lo, hi = (round(width * share) for share in GUTTER_BAND)
    run = widest_run(counts[lo:hi] <= GUTTER_SPECKS * height)
    if run is None or run[1] - run[0] < GUTTER_PT * scale:
        return None
    shade = _broad(np.median(grey[:, lo + run[0] : lo + run[1]], axis=0), round(FOLD_WIDE_PT * scale))
    if sheet:
        split = lo + (run[0] + run[1]) // 2
    elif float(np.median(grey)) - float(shade.min()) < FOLD_SHADE:
        return None
    else:
        split = lo + run[0] + int(np.argmin(shade))
    left, total = int(counts[:split].sum()), int(counts.sum())
    return split if min(left, total - left) >= (PAGE_INK if sheet else HALF_INK) * total else None


def _broad(shade: np.ndarray, width: int) -> np.ndarray:
    """The columns' shade without its dips narrower than `width` pixels (a closing: the brightest within
    reach, then the darkest of those): a hairline rule, too faint to be ink, is as dark as a fold."""
    row = np.clip(shade, 0, 255).astype(np.uint8).reshape(1, -1)
    kernel = np.ones((1, max(1, width)), np.uint8)
    return cv2.morphologyEx(row, cv2.MORPH_CLOSE, kernel, borderType=cv2.BORDER_REPLICATE)[0].astype(np.float64)


def stacked(halves: list[np.ndarray], paper: float) -> np.ndarray:
    """The halves one above the other, the narrower made up with paper on its right."""
    width = max(half.shape[1] for half in halves)
    padded = [np.pad(h, ((0, 0), (0, width - h.shape[1])), constant_values=round(paper)) for h in halves]
    return np.ascontiguousarray(np.vstack(padded))
