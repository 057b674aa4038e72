"""Evening out a scan's shading: a toner smudge, the shadow of a lifted lid, a lamp's falloff.

Ink is told from paper by one threshold for the page (`pipeline.ocr`), so where the paper itself is
darker, its rules and strokes sink into it: under a smudge a rule reads as a blot and the rows it
parts merge. The paper's own grey is what is left of the page once every stroke is closed over
(no stroke is SHADE_PT thick); each pixel is scaled by how much darker than the page's usual paper
the paper under it is. A square of dense small text closes over a little darker than its paper (at
100 dpi the gaps between strokes blur grey): that little is no shade, or every character there would
be lightened and its thin strokes lost.
"""

from __future__ import annotations

import cv2
import numpy as np

SHADE_PT = 6.0  # wider than any stroke (a bold title's are 3 pt), narrower than a smudge or shadow
SHADE_FROM, SHADE_FULL = 16.0, 32.0  # grey levels under the usual paper: a smudge's shade is 25 to 120
PRINT_PERCENTILE = 10  # the print's grey: this percentile of its pixels (its strokes' cores)
FAINT_DEPTH = 100.0  # grey levels under the paper the print's cores lie at least, or it is a faint copy …
MAX_DEEPEN = 2.0  # … deepened this much at most: noise grows with it
MIN_MARKED = 0.001  # share of the page marked at least for its print to tell (a blank page's noise does not)
EVEN_PAPER = 16.0  # grey levels a copy's paper varies by at most (5th to 95th percentile); a photo's, by 35 and more
_SHRINK = 0.25


def evened(gray: np.ndarray, scale: float) -> np.ndarray:
    """The page with its paper one grey throughout, its ink as much darker than the paper as before."""
    paper = _coarse_paper(gray, scale)
    usual = float(np.median(paper))
    shade = usual - paper
    # dense text closes over darker than its paper by up to SHADE_FROM levels: no shade; fully so past SHADE_FULL
    shade *= np.clip((shade - SHADE_FROM) / (SHADE_FULL - SHADE_FROM), 0.0, 1.0)
    gain = usual / np.maximum(usual - shade, 1.0)
    gain = cv2.resize(gain, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    return np.clip(gray * gain, 0, 255).astype(np.uint8)


def deepened(gray: np.ndarray, marked: float, scale: float) -> np.ndarray:
    """A faint copy's page with its print's cores as deep under the paper as FAINT_DEPTH: a copier set
    light prints digits only 40 to 70 levels under its grey paper, and thresholded as usual their strokes
    fall apart into specks (23.38 read as 3.38, 221 as 21). The print is what is `marked` levels under
    the paper at least; every grey's depth under the paper grows in proportion, so what was pale stays
    paler than what was dark. A copy's paper is even: a photo's lighting varies over the page, its
    print's depth with it, and deepened about one grey its shading deepened too (a table lost)."""
    paper = usual_paper(gray)
    lightest_marked = int(paper - marked)
    if lightest_marked < 0:
        return gray
    marked_levels = grey_histogram(gray)[: lightest_marked + 1]  # one pass over the page: it runs on every scan
    if marked_levels.sum() < MIN_MARKED * gray.size:
        return gray
    depth = paper - grey_at_share(marked_levels, PRINT_PERCENTILE / 100)
    if depth >= FAINT_DEPTH or np.subtract(*np.percentile(paper_levels(gray, scale), [95, 5])) > EVEN_PAPER:
        return gray
    gain = min(MAX_DEEPEN, FAINT_DEPTH / depth)
    return np.clip(paper - (paper - gray.astype(np.float32)) * gain, 0, 255).astype(np.uint8)


def paper_levels(gray: np.ndarray, scale: float) -> np.ndarray:
    """The grey of the paper under each pixel (float). Closing over the strokes takes the brightest of
    the paper's grain about them, several levels above its usual grey: the page's median, most of a
    page being paper, sets the level, the closing how it varies."""
    paper = _coarse_paper(gray, scale)
    paper += usual_paper(gray) - float(np.median(paper))
    return cv2.resize(paper, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)


def grey_histogram(gray: np.ndarray) -> np.ndarray:
    """How many of the page's pixels stand at each grey level, darkest first."""
    return np.bincount(gray.ravel(), minlength=256)


def grey_at_share(histogram: np.ndarray, share: float) -> int:
    """The grey level that `share` of the pixels a histogram counts lie at or under: found in the
    histogram, not by sorting the page's pixels."""
    counts = np.cumsum(histogram)
    return int(np.searchsorted(counts, share * counts[-1]))


def usual_paper(gray: np.ndarray) -> float:
    """The paper's grey level: the page's median, most of a page being blank."""
    return float(np.median(gray[::4, ::4]))


def _coarse_paper(gray: np.ndarray, scale: float) -> np.ndarray:
    """The page with every stroke closed over (no stroke is SHADE_PT thick), at a quarter of the
    resolution (float): shading varies over tens of points, so that holds it, at a sixteenth of the work."""
    size = max(3, round(SHADE_PT * scale)) | 1
    paper = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))
    paper = cv2.resize(paper, None, fx=_SHRINK, fy=_SHRINK, interpolation=cv2.INTER_AREA)
    return cv2.GaussianBlur(paper, (0, 0), size * _SHRINK).astype(np.float32)
