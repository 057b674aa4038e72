"""Reverse type, white print on a dark fill (a table's header band), turned dark on paper.

Thresholded as it is, a dark band is one blot of ink and the headings in it holes, so the columns
are never named and the table is not read. A band is told by its size and fill: dark over most of a
rectangle larger than a title's character (white rules may part it into its cells), with light
strokes inside it, where a rule is thin and a bullet or a redaction bar holds no print, and a soft
shadow over the page (a hand's, in a phone photo) is light in broad stretches towards its rim. The
rectangle is the fill's own, at the page's slant: a long band askew fills its upright box only in
part, and the box's corners are no print. A cell smaller than that (类, 款, 项 under their heading), or
one its print fills more of (two lines of it in a small cell), is a band's where it stands hard by
one, parted from it by a white rule: a title's glyph stands alone.

The band's cells are inverted, the fill's grey becoming the paper's and its white print as dark as
the page's ink. A ruled table's band (a rule goes on from its side beyond it, as its frame does)
lost the rules along its edges in the fill: they are drawn as the cell borders they are, the level
ones and the upright ones a rule goes on from, and the white rules between its cells are inked. An
unruled table's band stands in no upright, and keeps its edges and what lies between its cells as
they were. Beyond it (its blurred edge, the row under it) the page stays as it is.
"""

from __future__ import annotations

from collections.abc import Iterator

import cv2
import numpy as np

from pipeline.ink import components, opened, painted, touching
from pipeline.shading import PRINT_PERCENTILE

DARK = 80  # grey levels under the paper a band's fill is at least
BAND_PT = 12.0  # a band (or each cell of one its white rules part) is this tall and wide at least…
BAND_AREA_PT2 = 900.0  # … and this large: a heavy glyph of a 30 pt title is not
FILLED = 0.75  # share of its rectangle the fill covers (its print the rest; a bold glyph covers two thirds)
CELL_FILLED = 0.5  # … and a band's cell hard by another: two lines of print, opened, take a third of it
PRINTED = (0.003, 0.3)  # share of it light print takes: none is a bar or a bullet, most is a frame round paper
LIGHT = 60  # grey levels over the band's fill its print is at least
STROKE_PT = 3.0  # light print's strokes are thinner than this (a 30 pt title's) …
BROAD = 0.3  # … but for this share of it, where it blurs into a wider blot (a stroke's junctions)
PRINT_PT = 12.0  # the print is at most this tall: closed over, the fill is whole
RULE_PT = 1.5  # dark strokes this thin (rules, text) are no fill: a table's frame joins its band to nothing
SIDE_PT = 12.0  # a band's side runs this long at least (a cell's)
CONTINUED_PT = 6.0  # an upright side is drawn where a rule goes on from it this far beyond the band
EDGE_PT = 1.0  # a band's edge is drawn a rule this thick (thinner, it breaks when the page is straightened)
CELL_GAP_PT = 3.0  # a band's cells stand this close, parted by its white rules


Band = tuple[tuple[int, int, int, int], np.ndarray, float]  # its box (x, y, width, height), fill mask, fill's grey


def unreversed(gray: np.ndarray, paper: float, scale: float) -> np.ndarray:
    """The page with each band of reverse type inverted: its fill paper, its print and white rules dark,
    its edges rules."""
    dark = (gray <= paper - DARK).astype(np.uint8)
    bands = list(_bands(gray, dark, scale))
    if not bands:
        return gray
    cells, fills = _cells_filled(gray.shape, bands, scale)
    # a band's cells, and the white rules parting them, are one
    gap = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * round(CELL_GAP_PT * scale / 2) + 1,) * 2)
    covered = cv2.morphologyEx(cells, cv2.MORPH_CLOSE, gap)
    fills[covered > 0] = cv2.dilate(fills, gap)[covered > 0]
    ink = _page_ink(gray, dark, covered, scale)
    reach = round(CONTINUED_PT * scale)
    out = gray.copy()
    count, labels, stats, _ = components(covered)
    for label in range(1, count):
        x, y, w, h = stats[label, :4]
        top, bottom = max(0, y - reach), min(gray.shape[0], y + h + reach)  # and the rules going on from it
        window = np.s_[top:bottom, x : x + w]
        region = (labels[window] == label).astype(np.uint8)
        inside = region > 0
        box = gray[window].astype(np.float32)
        fill = float(np.median(fills[window][inside]))
        printed = box[inside & (box >= fill + LIGHT)]
        light = float(np.median(printed)) if printed.size else float(box[inside].max())
        # the fill maps to the paper, the print's usual light to the page's ink and anything lighter
        # to no darker: mapped from its lightest pixel, a grey rule inside the band (blurred, a fifth
        # of the way from the fill to the print) came out too pale to be found whole
        inverted = np.clip(paper - (box - fill) * (paper - ink) / max(light - fill, 1.0), ink, 255)
        edges = _edges(region, dark[window] & (1 - region), scale)
        if edges.any():  # a ruled table's band: between its cells, a rule
            inverted[cells[window] == 0] = ink
        else:
            inside &= cells[window] > 0
        out[window][inside] = inverted[inside].astype(np.uint8)
        out[window][edges > 0] = round(ink)
    return out


def _page_ink(gray: np.ndarray, dark: np.ndarray, covered: np.ndarray, scale: float) -> float:
    """The grey of the page's own print, off its bands. Inverted, a band is printed no darker: else the
    page's ink would seem darker than it is, and what is as light as half of it be taken for an
    underlay (`pipeline.underlay`)."""
    rim = 2 * round(RULE_PT * scale) + 1  # the fill's blurred or jagged edge the band's opening left out
    printed = gray[(dark > 0) & (cv2.dilate(covered, np.ones((rim, rim), np.uint8)) == 0)]
    return float(np.percentile(printed, PRINT_PERCENTILE)) if printed.size else 0.0


def _cells_filled(shape: tuple[int, ...], bands: list[Band], scale: float) -> tuple[np.ndarray, np.ndarray]:
    """Where the bands' cells lie, each closed over its print, and the fill's grey there."""
    reach = round(PRINT_PT * scale)
    closing = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * reach + 1,) * 2)
    cells, fills = np.zeros(shape, np.uint8), np.zeros(shape, np.float32)
    for (x, y, w, h), fill_mask, fill in bands:
        # with paper round it: closing spreads what touches the image's edge
        band = cv2.morphologyEx(np.pad(fill_mask, reach), cv2.MORPH_CLOSE, closing)[reach:-reach, reach:-reach]
        cells[y : y + h, x : x + w] |= band
        fills[y : y + h, x : x + w][band > 0] = fill
    return cells, fills


def _edges(region: np.ndarray, beyond: np.ndarray, scale: float) -> np.ndarray:
    """The band's outline to draw as rules (255): a cell's border, not the grey rim its blur leaves. Its
    level sides, and each upright side a rule goes on from (`beyond`: dark ink off the band), as a ruled
    table's frame does under its band; an unruled table's band has none, and nothing is drawn."""
    outline = np.zeros_like(region)
    contours, _ = cv2.findContours(region, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    thickness = max(1, round(EDGE_PT * scale))
    cv2.drawContours(outline, contours, -1, 255, 2 * thickness)
    outline &= region * 255  # inside the band: what lies round it stays as it was
    run, reach = round(SIDE_PT * scale), round(CONTINUED_PT * scale)
    level, uprights = opened(outline, (run, 1)), opened(outline, (1, run))
    going_on = cv2.dilate(opened(beyond * 255, (1, reach)), np.ones((2 * reach + 1, 2 * thickness + 1), np.uint8))
    count, labels, stats, _ = components(uprights)
    continued = np.nonzero(touching(labels, count, going_on))[0].tolist()
    if not continued:  # no ruled table's: its own rules, where it has any, are whole beside it
        return np.zeros_like(outline)
    return cv2.bitwise_or(level, painted(labels, stats, continued))


def _bands(gray: np.ndarray, dark: np.ndarray, scale: float) -> Iterator[Band]:
    """Each band's rectangle (x, y, width, height), its fill within it (a mask) and the fill's grey: the
    large ones, and the small cells hard by one (`_cells`). `dark`: what is DARK under the paper (1)."""
    _, labels, stats, _ = components(opened(dark, (2 * round(RULE_PT * scale) + 1,) * 2))
    large, small = [], []
    for label, (x, y, w, h, _) in enumerate(stats[1:], start=1):
        if min(w, h) < BAND_PT * scale:
            continue
        mask = labels[y : y + h, x : x + w] == label
        rectangle = _rectangle(mask)
        filled = np.count_nonzero(mask) / max(np.count_nonzero(rectangle), 1)
        if filled < CELL_FILLED:
            continue
        box = gray[y : y + h, x : x + w]
        fill = float(np.median(box[mask]))
        light = ((box >= fill + LIGHT) & rectangle).astype(np.uint8)
        printed = np.count_nonzero(light) / np.count_nonzero(rectangle)
        if PRINTED[0] <= printed <= PRINTED[1] and _in_strokes(light, scale):
            band = (int(x), int(y), int(w), int(h)), mask.astype(np.uint8), fill
            (large if filled >= FILLED and w * h >= BAND_AREA_PT2 * scale**2 else small).append(band)
    yield from large
    yield from _cells(small, [rect for rect, _, _ in large], round(CELL_GAP_PT * scale))


def _in_strokes(light: np.ndarray, scale: float) -> bool:
    """Whether what is light in a dark fill is print: strokes, thin, where the light side of a shadow
    over the paper (a hand's, fading in) is light all over, and the fill its darker side."""
    stroke = 2 * round(STROKE_PT * scale / 2) + 1
    return np.count_nonzero(opened(light, (stroke, stroke))) <= BROAD * np.count_nonzero(light)


def _rectangle(mask: np.ndarray) -> np.ndarray:
    """The fill's own rectangle, turned as it lies (a mask)."""
    corners = cv2.boxPoints(cv2.minAreaRect(cv2.findNonZero(mask.astype(np.uint8))))
    rectangle = np.zeros(mask.shape, np.uint8)
    cv2.fillConvexPoly(rectangle, np.round(corners).astype(np.int32), 1)
    return rectangle > 0


def _cells(small: list[Band], bands: list[tuple[int, int, int, int]], gap: int) -> Iterator[Band]:
    """The small bands within `gap` of a band, or of one such in turn: the cells of one band."""
    found = True
    while found:
        found = False
        for cell in list(small):
            if any(_near(cell[0], band, gap) for band in bands):
                small.remove(cell)
                bands.append(cell[0])
                found = True
                yield cell


def _near(a: tuple[int, int, int, int], b: tuple[int, int, int, int], gap: int) -> bool:
    (ax, ay, aw, ah), (bx, by, bw, bh) = a, b
    return ax - gap <= bx + bw and bx - gap <= ax + aw and ay - gap <= by + bh and by - gap <= ay + ah
