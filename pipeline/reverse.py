"""Reverse type, white print on a dark fill (a table's header band), turned dark on paper.

Thresholded as it is, a dark band is one blot of ink and the headings in it holes, so the columns
are never named and the table is not read. A band is told by its size and fill: dark over most of a
rectangle larger than a title's character (white rules may part it into its cells), with
light strokes inside it, where a rule is thin and a bullet or a redaction bar holds no print. Inside
the fill the page is inverted, the band's grey becoming the paper's and its white print as dark as
ink; beyond it (its blurred edge, the row under it) the page stays as it is.
"""

from __future__ import annotations

from collections.abc import Iterator

import cv2
import numpy as np

from pipeline.ink import components, opened

DARK = 80  # grey levels under the paper a band's fill is at least
BAND_PT = 12.0  # a band (or each cell of one its white rules part) is this tall and wide at least…
BAND_AREA_PT2 = 900.0  # … and this large: a heavy glyph of a 30 pt title is not
FILLED = 0.75  # share of its rectangle the fill covers (its print the rest; a bold glyph covers two thirds)
PRINTED = (0.003, 0.3)  # share of it light print takes: none is a bar or a bullet, most is a frame round paper
LIGHT = 60  # grey levels over the band's fill its print is at least
PRINT_PT = 12.0  # the print is at most this tall: closed over, the fill is whole
RULE_PT = 1.5  # dark strokes this thin (rules, text) are no fill: a table's frame joins its band to nothing


def unreversed(gray: np.ndarray, paper: float, scale: float) -> np.ndarray:
    """The page with each band of reverse type inverted: its fill paper, its print dark."""
    out = gray
    reach = round(PRINT_PT * scale)
    closing = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * reach + 1,) * 2)
    for (x, y, w, h), fill_mask, fill in _bands(gray, paper, scale):
        out = gray.copy() if out is gray else out
        box = gray[y : y + h, x : x + w]
        # the fill maps to the paper, the lightest print to black
        inverted = np.clip((box.max() - box.astype(np.float32)) * paper / max(box.max() - fill, 1.0), 0, 255)
        # closed over its print, with paper round it: closing spreads what touches the image's edge
        band = cv2.morphologyEx(np.pad(fill_mask, reach), cv2.MORPH_CLOSE, closing)[reach:-reach, reach:-reach] > 0
        out[y : y + h, x : x + w][band] = inverted[band].astype(np.uint8)
    return out


def _bands(
    gray: np.ndarray, paper: float, scale: float
) -> Iterator[tuple[tuple[int, int, int, int], np.ndarray, float]]:
    """Each band's rectangle (x, y, width, height), its fill within it (a mask) and the fill's grey."""
    dark = (gray <= paper - DARK).astype(np.uint8)
    _, labels, stats, _ = components(opened(dark, (2 * round(RULE_PT * scale) + 1,) * 2))
    for label, (x, y, w, h, area) in enumerate(stats[1:], start=1):
        if min(w, h) < BAND_PT * scale or w * h < BAND_AREA_PT2 * scale**2 or area < FILLED * w * h:
            continue
        box, mask = gray[y : y + h, x : x + w], labels[y : y + h, x : x + w] == label
        fill = float(np.median(box[mask]))
        if PRINTED[0] <= np.count_nonzero(box >= fill + LIGHT) / box.size <= PRINTED[1]:
            yield (int(x), int(y), int(w), int(h)), mask.astype(np.uint8), fill
