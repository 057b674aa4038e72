"""Undoing a photographed page's perspective: its table's frame made a rectangle again.

A page photographed, or scanned with its top lifted from the glass, is a trapezium, not a turned
rectangle: one edge of a table is wider than the other and its side rules lean opposite ways. Turning
it back (`pipeline.deskew`) levels it on average only, and a rule at one end then stands a column's
padding off where the grid puts it: the outer columns lose their words.

The frame is found from the page's longest rules: the topmost and bottommost level lines, the
leftmost and rightmost upright ones, each fitted to its pixels. Their four crossings are mapped to
the rectangle they are closest to. A table ruled across only has no uprights: the lines through its
rules' ends stand in for them. A page whose crossings already lie within KEYSTONE_MIN_PT of one
(a flat scan, however skewed before deskew) is left as it is: warping resamples every character.
"""

from __future__ import annotations

from typing import NamedTuple

import cv2
import numpy as np

from pipeline.image_rules import ALIGN_PT, RULE_MAX_PT, WORN_INKED
from pipeline.ink import at_most, chained, components, opened
from pipeline.shading import paper_levels

LEVEL_MIN_PT = 200.0  # a level rule this long is part of a table's frame (a text line's strokes run 20 pt)
UPRIGHT_MIN_PT = 60.0  # an upright rule this long too: a table of three rows is 60 pt tall
SPREAD_MIN_PT = 50.0  # frame lines this far apart at least, or their crossings pin little
ACROSS_SHARE = 0.95  # without uprights, the rules this share as wide as the widest at least …
ACROSS_MIN = 4  # … this many of them …
ENDS_ALIGN_PT = 2.0  # … their ends this close to one line each side: a table's width, its sides lost
KEYSTONE_MIN_PT = 0.5  # a corner off its rectangle by less than this needs no warp
KEYSTONE_MAX_PT = 40.0  # … and by more than this the lines are not a table's frame
PALE_RULE_CONTRAST = 20  # grey levels under the paper a photographed or faded rule lies at least
PALE_KEYSTONE_MIN_PT = 2.0  # a frame of such rules this far off its rectangle at least is a photo's
_LEVEL_PIECE_PT = 20.0  # a level piece this long is no character's stroke (a text line's run 20 pt when touching)
_UPRIGHT_PIECE_PT = 12.0  # an upright one this long neither (image_rules.VERTICAL_MIN_PT)
FRAME_GAP_PT = 24.0  # widest gap between the dashes of one frame line: a crossing worn through with a gap beside it
_LEAN = 0.05  # most a photographed rule leans, once the page is turned level: pieces apart drift this much


def frame_corrected(gray: np.ndarray, ink: np.ndarray, scale: float) -> np.ndarray | None:
    """The page warped so its table's frame is a rectangle, or None if it is one already (or has none).
    A photo blurs a thin rule to a grey paler than ink: where the ink holds no frame, the pale does, and
    warps the page only as far off as a photo's frame stands (a pale rule's blurred edge is fitted less
    surely than ink's: a flat scan's frame of wide faded rules came out a point askew)."""
    corners, least = _frame(ink, scale), KEYSTONE_MIN_PT
    if corners is None:
        corners, least = _frame(_pale(gray, scale), scale), PALE_KEYSTONE_MIN_PT
    if corners is None:
        return None
    target = _rectangle(corners)
    off = float(np.abs(corners - target).max()) / scale
    if not least <= off <= KEYSTONE_MAX_PT:
        return None
    warp = cv2.getPerspectiveTransform(corners, target)
    height, width = gray.shape
    return cv2.warpPerspective(gray, warp, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


def _pale(gray: np.ndarray, scale: float) -> np.ndarray:
    """What is clearly darker than the paper under it: ink, and rules a photo blurred too pale for it.
    Not a shaded band (a zebra table's rows): its grain, taken against the page's usual paper, is
    streaks a frame's length, and a frame of them turned the page by a degree."""
    return at_most(gray, paper_levels(gray, scale) - PALE_RULE_CONTRAST)


def _frame(ink: np.ndarray, scale: float) -> np.ndarray | None:
    """The crossings of the outermost long rules: top left, top right, bottom right, bottom left. An
    upright side runs at least half the frame's height: a short line's slope, off by a pixel over its
    length, would shift a far corner by that much over the frame's (a 1-bit fax's dithered rules jitter
    so). A level one is long already (LEVEL_MIN_PT)."""
    level = _lines(ink, scale, horizontal=True)
    if len(level) < 2:
        return None
    top, bottom = min(level, key=lambda line: line.offset), max(level, key=lambda line: line.offset)
    upright = [line for line in _lines(ink, scale, horizontal=False) if 2 * line.span >= bottom.offset - top.offset]
    if len(upright) < 2:
        upright = _ends_of(level, scale)
    if len(upright) < 2:
        return None
    left, right = min(upright, key=lambda line: line.offset), max(upright, key=lambda line: line.offset)
    if bottom.offset - top.offset < SPREAD_MIN_PT * scale or right.offset - left.offset < SPREAD_MIN_PT * scale:
        return None
    return np.array(
        [_crossing(top, left), _crossing(top, right), _crossing(bottom, right), _crossing(bottom, left)],
        dtype=np.float32,
    )


class _Line(NamedTuple):
    offset: float  # y = offset + slope·x for a level line, x = offset + slope·y for an upright one
    slope: float
    start: float  # where its pieces start along it, in pixels …
    span: float  # … and how far they reach


def _ends_of(level: list[_Line], scale: float) -> list[_Line]:
    """A table ruled across only (a three-line table, or one with a rule under each row): the lines through
    the left and the right ends of its rules as wide as the widest, which a rectangle's sides join as a
    frame's uprights do, or none where they do not line up (rules of a text's own, a half's)."""
    widest = max(line.span for line in level)
    across = [line for line in level if line.span >= ACROSS_SHARE * widest]
    if len(across) < ACROSS_MIN:
        return []
    sides = []
    for ends in ([line.start for line in across], [line.start + line.span for line in across]):
        xs = np.array(ends)
        ys = np.array([line.offset + line.slope * x for line, x in zip(across, ends, strict=True)])
        slope, offset = np.polyfit(ys, xs, 1)
        if np.abs(xs - (offset + slope * ys)).max() > ENDS_ALIGN_PT * scale:
            return []
        sides.append(_Line(float(offset), float(slope), float(ys.min()), float(ys.max() - ys.min())))
    return sides


def _lines(ink: np.ndarray, scale: float, horizontal: bool) -> list[_Line]:
    """The long rules one way, each fitted to the pixels of its pieces. A worn or faint rule is dashes, none
    of them a frame's length: the dashes on one line with gaps of up to FRAME_GAP_PT between them, inking
    most of their span (WORN_INKED; a column of characters' strokes inks under half), are its line."""
    kernel = (round(_LEVEL_PIECE_PT * scale), 1) if horizontal else (1, round(_UPRIGHT_PIECE_PT * scale))
    n, labels, stats, _ = components(opened(ink, kernel))
    pieces = [_Piece(labels, label, stats[label], horizontal) for label in range(1, n)]
    shortest = (LEVEL_MIN_PT if horizontal else UPRIGHT_MIN_PT) * scale
    lines = []
    for chain in _chains([p for p in pieces if p.thickness <= RULE_MAX_PT * scale], scale):
        span = chain[-1].end - chain[0].start
        if span < shortest or sum(p.length for p in chain) < WORN_INKED * span:
            continue
        lines.append(_Line(*_fitted(*_centres(chain), ALIGN_PT * scale), chain[0].start, span))
    return lines


def _fitted(along: np.ndarray, across: np.ndarray, within: float) -> tuple[float, float]:
    """(offset, slope) of the line through the points, fitted again to those lying within `within` of
    the first fit (where a blot is wider than the rule, its middle is off it)."""
    slope, offset = np.polyfit(along, across, 1)
    near = np.abs(across - (offset + slope * along)) <= within
    if near.sum() >= 2:
        slope, offset = np.polyfit(along[near], across[near], 1)
    return float(offset), float(slope)


class _Piece:
    """One run left by the opening: its pixels (along its line and across it), where it starts and ends
    along, and where it lies across at each end (a long piece of a leaning rule drifts across its own
    length)."""

    def __init__(self, labels: np.ndarray, label: int, stat: np.ndarray, horizontal: bool) -> None:
        x, y, w, h, area = stat.tolist()
        ys, xs = np.nonzero(labels[y : y + h, x : x + w] == label)
        self.along, self.across = (xs + x, ys + y) if horizontal else (ys + y, xs + x)
        self.start, self.length = (x, w) if horizontal else (y, h)
        self.end = self.start + self.length
        self.thickness = area / self.length  # a filled edge (the page's, a shadow's) is thick
        self.head, self.tail = (float(self.across[self.along == end].mean()) for end in (self.start, self.end - 1))


def _chains(pieces: list[_Piece], scale: float) -> list[list[_Piece]]:
    """Pieces on one line: each starting within FRAME_GAP_PT of where the last one of its chain ends, and
    within ALIGN_PT across of it (and the lean a photographed rule has over the gap)."""

    def joins(chain: list[_Piece], piece: _Piece) -> bool:
        gap = piece.start - chain[-1].end
        return 0 <= gap <= FRAME_GAP_PT * scale and abs(piece.head - chain[-1].tail) <= ALIGN_PT * scale + _LEAN * gap

    return chained(sorted(pieces, key=lambda p: p.start), joins)


def _centres(chain: list[_Piece]) -> tuple[np.ndarray, np.ndarray]:
    """Where the chain's pixels lie across at each point along it (their median): a blot on the rule
    widens it there, not moves it."""
    along = np.concatenate([piece.along for piece in chain])
    across = np.concatenate([piece.across for piece in chain])
    order = np.lexsort((across, along))
    along, across = along[order], across[order]
    points, starts, counts = np.unique(along, return_index=True, return_counts=True)
    return points.astype(np.float64), across[starts + counts // 2].astype(np.float64)


def _crossing(level: _Line, upright: _Line) -> tuple[float, float]:
    """Where y = a + b·x meets x = c + d·y."""
    a, b, c, d = level.offset, level.slope, upright.offset, upright.slope
    y = (a + b * c) / (1 - b * d)
    return c + d * y, y


def _rectangle(corners: np.ndarray) -> np.ndarray:
    """The upright rectangle nearest the four corners: each side at the mean of its two corners."""
    (tlx, tly), (trx, try_), (brx, bry), (blx, bly) = corners.tolist()
    left, right, top, bottom = (tlx + blx) / 2, (trx + brx) / 2, (tly + try_) / 2, (bly + bry) / 2
    return np.array([[left, top], [right, top], [right, bottom], [left, bottom]], dtype=np.float32)
