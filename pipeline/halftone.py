"""Halftoned scans seen as the greys they stand for.

A scan dithered to one bit (an ordered Bayer screen, or error diffusion) prints grey paper as scattered
dots and each stroke as a dotted pattern; a laser printer screens a grey fill (a header band) the same
way, and a 300 dpi scan keeps its dots. Thresholded as they are, every dot is a speck: the page breaks
into tens of thousands of pieces, no text line stands whole, and a fill's dots, denser where the screen
beats against the scanner's pixels, stand in X-shaped clusters read as letters (`pipeline.ocr` takes
print on a fill to be as far under the fill's grey as print on paper is under the paper's). Such a screen
is told by its specks, ink of a few pixels standing alone, by the thousand where an ordinary scan's
noise leaves a few; blurred over a few dots, it is the grey it stood for. A one-bit copy's screen is
coarse (eight dots to a cell), a printer's fine: blurred as much, a fill's grey rules, dotted by its
screen, would fade into it.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.ink import components

SPECK_PX = 3  # ink this many pixels or fewer standing alone is a speck
HALFTONE_SPECKS = 0.02  # specks per pixel a halftoned screen shows at least: noise leaves under a tenth of it
SCREEN_PT = 12.0  # the square over which a fill's specks are counted: many dots of a screen, a band's row high
COUNT_CELL = 4  # pixels: specks are first counted per square cell this wide
HOLE_PT = 24.0  # a fill's dense text leaves fewer specks about it: holes this wide are closed
DESCREEN_PT = 0.5  # the blur (sigma) that merges a one-bit copy's dots into their grey …
FILL_DESCREEN_PT = 0.25  # … and a printer's finer screen's on a fill


def descreened(gray: np.ndarray, scale: float) -> np.ndarray:
    """The page, blurred over its screen where it is halftoned (all of it, or a fill); as it is elsewhere."""
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    _, _, stats, centroids = components(ink)
    specks = np.nonzero(stats[1:, cv2.CC_STAT_AREA] <= SPECK_PX)[0] + 1
    if len(specks) >= HALFTONE_SPECKS * gray.size:
        return cv2.GaussianBlur(gray, (0, 0), DESCREEN_PT * scale)
    screened = _screened(centroids[specks], gray.shape, scale)
    if screened is None:
        return gray
    return np.where(screened, cv2.GaussianBlur(gray, (0, 0), FILL_DESCREEN_PT * scale), gray)


def _screened(specks: np.ndarray, shape: tuple[int, ...], scale: float) -> np.ndarray | None:
    """Where the specks (their centres) stand HALFTONE_SPECKS per pixel or more, counted over SCREEN_PT
    about each pixel, the holes closed; None where there are none so dense."""
    side = max(3, round(SCREEN_PT * scale))
    if not _dense_anywhere(specks, shape, side):
        return None
    counts = _counted(specks, shape, 1)
    dense = (cv2.boxFilter(counts, -1, (side, side), normalize=True) >= HALFTONE_SPECKS).astype(np.uint8)
    if not dense.any():
        return None
    hole = max(3, round(HOLE_PT * scale))
    return cv2.morphologyEx(dense, cv2.MORPH_CLOSE, np.ones((hole, hole), np.uint8)) > 0


def _dense_anywhere(specks: np.ndarray, shape: tuple[int, ...], side: int) -> bool:
    """Whether any square `side` pixels wide may hold HALFTONE_SPECKS per pixel: counted per cell of
    COUNT_CELL pixels, over squares of cells wide enough to cover any such square (an ordinary scan's
    noise makes every page ask, at a sixteenth of the work)."""
    if len(specks) < HALFTONE_SPECKS * side * side:
        return False
    reach = -(-side // COUNT_CELL) + 1
    counts = _counted(specks, shape, COUNT_CELL)
    return bool(cv2.boxFilter(counts, -1, (reach, reach), normalize=False).max() >= HALFTONE_SPECKS * side * side)


def _counted(specks: np.ndarray, shape: tuple[int, ...], cell: int) -> np.ndarray:
    """How many of the specks (their centres) lie in each square cell `cell` pixels wide of the page."""
    counts = np.zeros((-(-shape[0] // cell), -(-shape[1] // cell)), np.float32)
    x, y = (specks.round().astype(np.intp) // cell).T
    np.add.at(counts, (y.clip(0, counts.shape[0] - 1), x.clip(0, counts.shape[1] - 1)), 1)
    return counts
