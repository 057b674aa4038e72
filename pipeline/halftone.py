"""Halftoned scans seen as the greys they stand for.

A scan dithered to one bit (an ordered Bayer screen, or error diffusion) prints grey paper as scattered
dots and each stroke as a dotted pattern. Thresholded as it is, every dot is a speck: the page breaks
into tens of thousands of pieces, no text line stands whole, and reading them takes minutes. Such a page
is told by its specks, ink of a few pixels standing alone, by the thousand where an ordinary scan's
noise leaves a few; blurred over a few dots, it is the grey page the dots stood for.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.ink import components

SPECK_PX = 3  # ink this many pixels or fewer standing alone is a speck
HALFTONE_SPECKS = 0.02  # specks per pixel a halftoned page shows at least: noise leaves under a tenth of it
DESCREEN_PT = 0.5  # the blur (sigma) that merges a screen's dots into their grey


def descreened(gray: np.ndarray, scale: float) -> np.ndarray:
    """The page, blurred over its screen if it is halftoned; as it is otherwise."""
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    _, _, stats, _ = components(ink)
    specks = int(np.count_nonzero(stats[1:, cv2.CC_STAT_AREA] <= SPECK_PX))
    if specks < HALFTONE_SPECKS * gray.size:
        return gray
    return cv2.GaussianBlur(gray, (0, 0), DESCREEN_PT * scale)
