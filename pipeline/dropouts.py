"""Scan lines a fax dropped, filled in again.

A fax loses a scan line now and then: a blank row across the page, one pixel or two, that cuts every
character on it in two. Thresholded, the halves are two flat lines of text, each read on its own
(201 over 201, 一般 over nothing). Such a row is told by its ink: next to none, between rows either
side that hold a line of text's worth (not a rule's, which is dark all along). It is filled where the
rows either side are both dark, so a stroke crossing it is whole again and nothing else is drawn.
"""

from __future__ import annotations

import numpy as np

DROP_MAX_PT = 1.5  # rows of blank no taller than this: a dropped fax line or two
DROP_SHARE = 0.25  # the blank rows hold less than this share of the ink of the rows either side…
TEXT_MIN = 0.02  # … which ink at least this share of the page's width, as a line of text does…
TEXT_MAX = 0.4  # … and at most this share: a rule's row is dark all along, and the blank beside it is no dropout


def healed(gray: np.ndarray, dark_below: float, scale: float) -> np.ndarray:
    """The page with each dropped scan line filled from the rows either side; `dark_below` is the grey
    level ink is darker than."""
    counts = (gray < dark_below).sum(axis=1)
    width = gray.shape[1]
    longest = max(1, round(DROP_MAX_PT * scale))
    out = gray
    beyond = 1  # the first row not yet looked at, past a dropout filled
    for y in _may_start(counts, width).tolist():
        if y < beyond:
            continue
        run = next((k for k in range(1, longest + 1) if _dropped(counts, y, k, width)), 0)
        if run:
            if out is gray:
                out = gray.copy()
            out[y : y + run] = np.minimum(out[y : y + run], np.maximum(gray[y - 1], gray[y + run]))
        beyond = y + (run or 1)
    return out


def _may_start(counts: np.ndarray, width: int) -> np.ndarray:
    """The rows a dropout may begin at: a row of text above, and next to no ink on the row itself. All
    others are passed over at once rather than tried run by run (a page has thousands of rows)."""
    above, row = counts[:-2], counts[1:-1]
    text = (above >= TEXT_MIN * width) & (above <= TEXT_MAX * width)
    return np.flatnonzero(text & (row <= DROP_SHARE * above)) + 1


def _dropped(counts: np.ndarray, y: int, run: int, width: int) -> bool:
    """Rows y to y + run are a dropout: next to no ink between two rows of text."""
    if y + run >= len(counts):
        return False
    above, below = int(counts[y - 1]), int(counts[y + run])
    text = TEXT_MIN * width <= min(above, below) and max(above, below) <= TEXT_MAX * width
    return text and counts[y : y + run].max() <= DROP_SHARE * min(above, below)
