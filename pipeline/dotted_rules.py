"""Rules drawn dotted: a row of round dots a point or two apart, each far smaller than any character.

Scanned, each dot is a speck of a few pixels, and no run of ink reaches a rule's length, nor a dash's
(`pipeline.image_rules` finds dashed rules from pieces two points long at least). Joined across the
blank between them, the dots of one line make a line again: specks of noise, and a text's points and
the bits of its broken strokes, stand too far apart, or off any one line, for a rule's length. A scan
runs dots together here and there, into a piece as thin but longer, or into the text beside them,
which a rule's pieces then join: a line is kept whole if many of its pieces are dots. A printer's
screen (a grey fill's dots) stands in rows too, but row upon row: a dotted rule has paper beside it.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.image_rules import HORIZONTAL_MIN_PT, VERTICAL_MIN_PT
from pipeline.ink import closed, components, opened, painted, selected

DOT_MAX_PT = 2.0  # a dotted rule's pieces across at most: 0.6 pt dots blurred by a scan, a few run together
DOT_PT = 4.0  # … and a dot along at most (two or three run together)
DOT_GAP_PT = 3.0  # widest blank between a dotted rule's pieces that is joined (dots come every 2 pt or so)
DOTS_MIN = 8  # dots a dotted rule joins at least: a solid rule's worn pieces are few and long
BESIDE_PT = (1.25, 2.5)  # how far either side of a dotted rule there is paper, where a screen's next rows stand…
PAPER_SHARE = 5.0  # … holding a fifth as many dots as the rule at most


def dotted_lines(ink: np.ndarray, pale: np.ndarray, scale: float) -> np.ndarray:
    """The page's dotted rules both ways, their pieces joined (255), from its ink and its pale ink (255):
    lines as long as `pipeline.image_rules` takes a rule, to be treated as faint lines are. A dot a
    pixel wide scans pale; the pale fringe of print is left out, or it would run dots into the text."""
    fringe = cv2.dilate(ink, np.ones((3, 3), np.uint8))
    n, labels, stats, _ = components(cv2.bitwise_or(ink, cv2.bitwise_and(pale, cv2.bitwise_not(fringe))))
    w, h = stats[1:n, cv2.CC_STAT_WIDTH], stats[1:n, cv2.CC_STAT_HEIGHT]
    thin = DOT_MAX_PT * scale
    dots = stats[1:n][(np.minimum(w, h) <= thin) & (np.maximum(w, h) <= DOT_PT * scale)]
    x = dots[:, cv2.CC_STAT_LEFT] + dots[:, cv2.CC_STAT_WIDTH] // 2
    y = dots[:, cv2.CC_STAT_TOP] + dots[:, cv2.CC_STAT_HEIGHT] // 2
    reach = max(2, round(DOT_GAP_PT * scale)) + 1
    step = reach + DOT_PT * scale  # centre to centre
    level = (max(3, round(HORIZONTAL_MIN_PT * scale)), 1)
    upright = (1, max(3, round(VERTICAL_MIN_PT * scale)))
    beside = (round(BESIDE_PT[0] * scale), round(BESIDE_PT[1] * scale))
    found = np.zeros_like(ink)
    for along, across, thick, gap, length in ((x, y, h, (reach, 1), level), (y, x, w, (1, reach), upright)):
        if not _in_a_row(along, across, step):
            continue  # most pages: no dotted rule, and the joining below is what costs
        pieces = selected(labels, np.concatenate([[False], thick <= thin]))
        found |= _joined(pieces, (x, y), gap, length, beside)
    return found


def _in_a_row(along: np.ndarray, across: np.ndarray, step: float) -> bool:
    """DOTS_MIN dots or more one after another on a line, each within `step` of the last (centres, in
    pixels along the line and across it: a pixel or so off one line)."""
    for offset in (0, 1):
        line = (across + offset) // 2
        order = np.lexsort((along, line))
        linked = (np.diff(line[order]) == 0) & (np.diff(along[order]) <= step)
        runs = np.diff(np.flatnonzero(np.diff(np.concatenate([[0], linked.astype(np.int8), [0]]))))[::2]
        if len(runs) and runs.max() >= DOTS_MIN - 1:
            return True
    return False


def _joined(
    pieces: np.ndarray,
    dots: tuple[np.ndarray, np.ndarray],
    gap: tuple[int, int],
    length: tuple[int, int],
    beside: tuple[int, int],
) -> np.ndarray:
    """The pieces closed across gaps up to `gap` (pixels) one way, and of the runs `length` long that
    makes, those joining DOTS_MIN dots (their centres, x and y) or more, with paper `beside` them."""
    runs = opened(closed(pieces, gap), length)
    if not cv2.countNonZero(runs):
        return runs
    n, labels, stats, _ = components(runs)
    upright = gap[0] == 1
    joined = np.bincount(_run_at(labels, dots, upright), minlength=n)
    joined[0] = 0
    kept = [i for i in np.flatnonzero(joined >= DOTS_MIN) if _paper_beside(pieces, stats[i], upright, beside)]
    return painted(labels, stats, kept)


def _run_at(labels: np.ndarray, dots: tuple[np.ndarray, np.ndarray], upright: bool) -> np.ndarray:
    """The run (label, 0 for none) each dot's centre lies on, or a pixel across from: a run is a pixel
    wide where its dots are two, and a centre may fall on either."""
    x, y = dots
    height, width = labels.shape
    found = np.zeros(len(x), labels.dtype)
    for offset in (-1, 0, 1):
        at = (y, np.clip(x + offset, 0, width - 1)) if upright else (np.clip(y + offset, 0, height - 1), x)
        found = np.maximum(found, labels[at])
    return found


def _paper_beside(pieces: np.ndarray, box: np.ndarray, upright: bool, beside: tuple[int, int]) -> bool:
    """Whether the bands `beside` a run (pixels across from its edges; its box: left, top, width,
    height) hold pieces a fifth as densely as the run does at most, either side: a printer's screen
    holds them nearly as densely everywhere."""
    x, y, w, h = (int(v) for v in box[:4])
    if upright:  # the same, turned: across is x
        pieces, (x, y, w, h) = pieces.T, (y, x, h, w)
    near, far = beside
    density = [
        _share(pieces[max(0, y - far) : max(0, y - near + 1), x : x + w]),
        _share(pieces[y + h - 1 + near : y + h + far, x : x + w]),
    ]
    return max(density) < _share(pieces[y : y + h, x : x + w]) / PAPER_SHARE


def _share(area: np.ndarray) -> float:
    """The share of an area inked (none for no area: beyond the page's edge)."""
    return np.count_nonzero(area) / area.size if area.size else 0.0
