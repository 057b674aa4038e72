"""Lifting what is printed pale under the text: a watermark, a grey cell fill.

A watermark set large across the page (the unit's name, 内部资料) is a grey well darker than the paper
(60 to 80 levels in a scan) in strokes a few points wide that cross the amounts. Thresholded with the
print, its strokes cut the digits they cross and join them into one blot. It is told from the print by
its grey, clearly lighter than the print's, and by its breadth: a text's strokes are narrower than
UNDERLAY_PT where they are that light (a faint hairline, the fringe about a blurred stroke, the gap
between two strokes), a watermark's stroke runs wider and on for several points, and some of its
strokes are larger than any character. Such a region, grown back over its blurred edge, is set to the
paper's grey; the print over it is darker than it, and is lightened as much as it darkened it. An
underlay too light to be taken for print is left as it is: lifting it would lift the faint print it
crosses with it (a photo's blurred digits, as light as it).
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.ink import components, painted, touching
from pipeline.shading import PRINT_PERCENTILE

UNDERLAY_PT = 2.5  # wider than a text's light parts (a hairline, a fringe), no wider than a watermark's stroke
REACH_PT = 4.0  # an underlay reaches across a stroke or rule this wide that parts it (a diameter)
BIT_PT = 10.0  # … to a bit of it cut off, no longer than this (a line of text's fringes is)
UNDERLAY_LONG_PT = 8.0  # … which runs on for this long at least (a gap inside a character does not)
UNDERLAY_AREA_PT2 = 24.0  # … and is as broad as a stroke 3 pt wide and 8 pt long at least
UNDERLAY_LARGE_PT, UNDERLAY_LARGE_AREA_PT2 = 24.0, 100.0  # … near one larger than a character (watermarks are)
GLYPH_REACH_PT = 12.0  # … as near as the strokes of one of its glyphs are
UNDER_FROM = 10.0  # grey levels under the paper an underlay darkens it by at least (no noise)
PRINT_DEPTH = 0.5  # an underlay is lighter than this share of the print's depth below the paper
INK_CONTRAST = 60.0  # grey levels under the paper a pixel of the print is at least
UNDERLAY_DEPTH = 35.0  # grey levels under the paper an underlay taken for print is (a pale stroke's, in pipeline.ocr)
LEVEL_SPREAD = 16.0  # grey levels an underlay's grey varies by about its median (noise, unevenness)
EDGE_PT = 1.5  # an underlay is grown this far over its blurred edge


def lifted(gray: np.ndarray, paper: float, scale: float) -> np.ndarray:
    """The page with what is printed pale and wide under its text lifted to the paper's grey."""
    inked = gray <= paper - INK_CONTRAST
    if not inked.any():
        return gray
    lightest_print = paper - PRINT_DEPTH * (paper - float(np.percentile(gray[inked], PRINT_PERCENTILE)))
    light = _between(gray, lightest_print, paper)
    seeds = _seeds(light, scale)
    if not seeds.any():
        return gray
    level = float(np.median(gray[seeds > 0]))
    if level > paper - UNDERLAY_DEPTH:  # too light to be taken for print: as it is, the print over it is whole
        return gray
    region = _grown(seeds, light, _disc(UNDERLAY_PT * scale), round(EDGE_PT * scale))  # over its blurred edge
    reach = _disc(REACH_PT * scale)
    region |= _bits(cv2.bitwise_and(light, cv2.bitwise_not(region)), cv2.dilate(region, reach), scale)
    # its grey about each pixel, the lightest near: what darkens the print that crosses it, and its own specks
    under = cv2.dilate(np.where(region > 0, gray, 0).astype(np.uint8), reach).astype(np.float32)
    gain = np.where(under > 0, paper / np.maximum(under, lightest_print), 1.0)
    out = np.clip(gray * gain, 0, 255).astype(np.uint8)
    out[(region > 0) & (gray >= level - LEVEL_SPREAD)] = np.uint8(round(paper))  # not the print over it
    return out


def _seeds(light: np.ndarray, scale: float) -> np.ndarray:
    """The light that is wide (UNDERLAY_PT), in pieces as broad as a watermark's strokes, one of them larger
    than any character: the middles of an underlay's strokes."""
    wide_light = cv2.morphologyEx(light, cv2.MORPH_OPEN, _disc(UNDERLAY_PT * scale))
    # its pieces a rule or a digit's stroke crossing it parts are one again, to be long
    joined = cv2.morphologyEx(wide_light, cv2.MORPH_CLOSE, _disc(REACH_PT * scale))
    return cv2.bitwise_and(wide_light, _broad(joined, wide_light, scale))


def _disc(diameter: float) -> np.ndarray:
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (max(3, round(diameter)) | 1,) * 2)


def _between(gray: np.ndarray, lightest_print: float, paper: float) -> np.ndarray:
    """A mask (255) of what is lighter than the print and clearly darker than the paper."""
    return (((gray >= lightest_print) & (gray <= paper - UNDER_FROM)) * 255).astype(np.uint8)


def _broad(joined: np.ndarray, wide_light: np.ndarray, scale: float) -> np.ndarray:
    """The parts of `joined` running on for UNDERLAY_LONG_PT and wide light over UNDERLAY_AREA_PT2 of them,
    near one larger than any character (UNDERLAY_LARGE_PT, UNDERLAY_LARGE_AREA_PT2): a watermark's strokes,
    not a faded character's blurred strokes, nor the light between a dense character's, closed over."""
    _, labels, stats, _ = components(joined)
    extent = _extent(stats, scale)
    area = np.bincount(labels[wide_light > 0], minlength=len(stats)) / scale**2
    broad = (extent >= UNDERLAY_LONG_PT) & (area >= UNDERLAY_AREA_PT2)
    broad[0] = False
    large = broad & (extent >= UNDERLAY_LARGE_PT) & (area >= UNDERLAY_LARGE_AREA_PT2)
    if not large.any():
        return np.zeros_like(joined)
    # pieces no further apart than the strokes of one glyph are one watermark: kept if one of them is large
    reach = _disc(GLYPH_REACH_PT * scale)
    count, groups, boxes, _ = components(cv2.dilate(painted(labels, stats, np.nonzero(broad)[0].tolist()), reach))
    kept = touching(groups, count, painted(labels, stats, np.nonzero(large)[0].tolist()))
    return cv2.bitwise_and(joined, painted(groups, boxes, np.nonzero(kept)[0].tolist()))


def _bits(mask: np.ndarray, near: np.ndarray, scale: float) -> np.ndarray:
    """The parts of the mask that touch `near`, none longer than BIT_PT."""
    _, labels, stats, _ = components(mask)
    near_bits = touching(labels, len(stats), near) & (_extent(stats, scale) <= BIT_PT)
    return painted(labels, stats, np.nonzero(near_bits)[0].tolist())


def _extent(stats: np.ndarray, scale: float) -> np.ndarray:
    """Each component's longer side, in points."""
    return np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]) / scale


def _grown(seeds: np.ndarray, within: np.ndarray, disc: np.ndarray, steps: int) -> np.ndarray:
    """The seeds grown `steps` times by the disc, inside `within` only."""
    for _ in range(steps):
        seeds = cv2.bitwise_and(cv2.dilate(seeds, disc), within)
    return seeds
