"""Text in a binary page image: blobs of ink grouped into the pieces OCR reads one at a time.

A piece is one line of text in one cell (or in one detected text box), cut where a gap wider than
the line is tall separates two runs of characters, as the text layer's words are cut. Lines are
found by the blobs' vertical extents: those of one line overlap, those of the next one do not.
Tiny blobs (specks of dust, but also commas, decimal points and 、) never make a piece alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

import cv2
import numpy as np

from pipeline.pairwise import by_rows

FRAGMENTS_TALL = 0.7  # × line height: small blobs standing this tall together are a broken character…
FRAGMENTS_GAP = 0.5  # … if each stands no further than this under those above it
SIGNIFICANT_PT = (4.0, 2.5)  # a blob at least this wide or this tall is a character (or part of one)
TALLEST_PT = 60.0  # no character is taller: a page's dark edge, a fold's shadow, a seal's ring is no text
BLOT_FILL = 0.72  # share of its box a solid blot inks (a disc: 0.79), where a character leaves blank between strokes
BLOT_ASPECT = 1.3  # … its box no longer one way than this times the other …
BLOT_SOLID = 0.95  # … and its own outline (convex hull) this fully
BLOT_MIN_PT = 12.0  # … and bigger than body text (a punch hole is 14–17 pt across)
GAP_FACTOR = 0.8  # a gap wider than this × the line height separates two pieces of free text
PUNCTUATION_REACH = 2.0  # after a mark (、 ：) the text goes on: a gap this many times wider still joins
EDGE_GAP = 0.3  # a tiny blob further than this × the line height beyond a piece's characters is a speck
MARK_DESCENT = 0.35  # × line height: how far below a line's band a mark (a comma's tail) may hang
MARK_SIZE = 0.4  # a blob no wider nor taller than this × the line height is a mark (、：), however inked
DASH_GAP = 0.3  # × line height: a flat stroke (—) this far from its neighbours is a mark of its own, not 一
COMMA_SIZE = 0.2  # × the stroke's length: a 、 after 一 is at least this tall
DASH_RATIO = 2.5  # a dash is at least this many times wider than thick
STROKE_PT = 3.0  # … and no thicker than this: digits run together by a scan (0608) can be as flat, not as thin
LINE_OVERLAP = 0.5  # share of the lower of two characters' heights they overlap by to stand in one line
WHOLE = 0.6  # × the usual tallest blobs: one this tall is a whole character (or a full-height part of one)
HANGING_GAP = 0.15  # × a character part's height: how close under it a hanging part of it (共's legs) starts
HANGING_PART = 0.6  # … which is less tall than this share of it
PITCH_REACH = 1.5  # × line height: the widest blank beside a narrow figure at its neighbours' pitch (１８０)
PITCH_MATCH = 0.15  # share of a pitch: centres standing this close to it are set at it
NARROW = 0.6  # a figure no wider than this share of its neighbour is a narrow one (1 beside 8)
SPACED = 0.6  # × a blank: neighbours standing at least this far apart are spaced out as far
STACKED = 1.8  # × the usual character height: a band this tall holds lines of cells side by side, staggered
SLIVER = 0.45  # a "line" less tall than this × the tallest, and as close to a line beside it, is part of it (二, 三)

T = TypeVar("T")


@dataclass(frozen=True)
class Box:
    """A rectangle in pixels: x0, y0 inclusive, x1, y1 exclusive."""

    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def height(self) -> int:
        return self.y1 - self.y0

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    def joined(self, other: Box) -> Box:
        """The smallest box holding both."""
        return Box(min(self.x0, other.x0), min(self.y0, other.y0), max(self.x1, other.x1), max(self.y1, other.y1))


@dataclass(frozen=True)
class Piece:
    """One line of text in one cell or text box, to be read as one word."""

    box: Box
    dash: bool  # a lone flat stroke: the empty mark (—) of an amount cell, known without reading


@dataclass(frozen=True)
class Blobs:
    """Connected components of text ink: boxes as arrays, and which ones are big enough to be characters."""

    x0: np.ndarray
    y0: np.ndarray
    x1: np.ndarray
    y1: np.ndarray
    significant: np.ndarray
    flat: np.ndarray  # a stroke: much wider than thick, and thin (a dash, 一), not digits run together

    @property
    def cx(self) -> np.ndarray:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> np.ndarray:
        return (self.y0 + self.y1) / 2

    def __len__(self) -> int:
        return len(self.x0)


def components(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """`cv2.connectedComponentsWithStats` (8-connected) of the mask, the same to the last label, with
    only the box round its ink labelled: a page's rules, or what is left of a clean scan's noise, lie
    in a part of the page, and labelling costs by area (a scan's pages are labelled dozens of times each)."""
    x, y, w, h = cv2.boundingRect(mask)
    height, width = mask.shape
    if x == 0 or y == 0 or x + w == width or y + h == height:  # no ink, or ink at an edge: the whole page
        return _labelled(mask)
    right, foot = x + w, y + h
    x, y = x - x % 2, y - y % 2  # OpenCV labels two rows (and columns) at a time: its blocks stay the same
    box = mask[y:foot, x:right]
    n, part, stats, centres = _labelled(box)
    labels = np.zeros(mask.shape, part.dtype)
    labels[y : y + box.shape[0], x : x + box.shape[1]] = part
    stats[1:, :2] += (x, y)
    # OpenCV's centre is its pixels' summed coordinates over their count: summed again whole (the box's
    # sums are whole numbers), moved, divided, to the last bit as labelling the page gives
    area = stats[1:, cv2.CC_STAT_AREA, None].astype(np.float64)
    centres[1:] = (np.rint(centres[1:] * area) + area * (x, y)) / area
    # the background: the whole page (no ink at its edges) but the ink; its centre from exact sums
    inked = np.count_nonzero(box, axis=0), np.count_nonzero(box, axis=1)
    blank = height * width - int(inked[0].sum())
    sums = [
        total - int((counts * np.arange(start, start + len(counts))).sum())
        for total, counts, start in (
            (height * width * (width - 1) // 2, inked[0], x),
            (width * height * (height - 1) // 2, inked[1], y),
        )
    ]
    stats[0] = (0, 0, width, height, blank)
    centres[0] = (sums[0] / blank, sums[1] / blank)
    return n, labels, stats, centres


def _labelled(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """Labelled in 16 bits where they suffice (three times faster on a page); OpenCV refuses if they overflow."""
    try:
        return cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=cv2.CV_16U)
    except cv2.error:  # 65,535 blobs or more: a page of noise
        return cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=cv2.CV_32S)


def pixels(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rows and columns of the mask's set pixels, in reading order, as `np.nonzero` gives them: OpenCV
    finds them seven times faster on a page (`np.nonzero` takes a generic path for 2-D arrays)."""
    found = cv2.findNonZero(mask.view(np.uint8) if mask.dtype == bool else mask)
    if found is None:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    found = found.reshape(-1, 2).astype(np.int64)
    return found[:, 1], found[:, 0]


def touching(labels: np.ndarray, count: int, mask: np.ndarray) -> np.ndarray:
    """Which of the `count` labels (the background's, 0, never) have a pixel under the mask (nonzero or True)."""
    touched = np.zeros(count, bool)
    touched[labels[mask > 0]] = True
    touched[0] = False
    return touched


def painted(labels: np.ndarray, stats: np.ndarray, chosen: Iterable[int]) -> np.ndarray:
    """The chosen components' pixels (255), each found within its own box (`components`' stats).

    A look-up over the whole page's labels would widen them to 64 bits first: a few hundred
    boxes cost less than that, and take no page-sized buffers.
    """
    mask = np.zeros(labels.shape, np.uint8)
    for label in chosen:
        x, y, w, h = stats[label, :4].tolist()
        mask[y : y + h, x : x + w][labels[y : y + h, x : x + w] == label] = 255
    return mask


def selected(labels: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """The pixels (255) of the labels flagged in `chosen` (one flag per label): a look-up per pixel,
    one pass over the page, for the thousands of a page's specks that `painted` would go through one
    by one."""
    return np.where(chosen, 255, 0).astype(np.uint8)[labels]


def chained(items: Iterable[T], joins: Callable[[list[T], T], bool], settled: bool = False) -> list[list[T]]:
    """The items, in the order given, gathered into chains: each goes on the first chain it `joins`
    (pieces of one rule, gap after gap), else starts its own. `settled`: the items come in an order in
    which a chain that one item does not join joins no later item either, so it is tried no more."""
    chains: list[list[T]] = []
    tried: list[list[T]] = []  # the chains still tried, in the order they began
    for item in items:
        k = next((k for k, chain in enumerate(tried) if joins(chain, item)), None)
        if k is not None:
            tried[k].append(item)
            if settled:
                del tried[:k]
            continue
        if settled:
            tried.clear()
        chains.append([item])
        tried.append(chains[-1])
    return chains


def widest_run(flags: np.ndarray) -> tuple[int, int] | None:
    """The widest run of True in a row of flags, as [start, end); the first of the widest."""
    edges = np.diff(np.concatenate([[0], flags.astype(np.int8), [0]]))
    starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
    if not len(starts):
        return None
    widest = int(np.argmax(ends - starts))
    return int(starts[widest]), int(ends[widest])


def at_most(gray: np.ndarray, threshold: float | np.ndarray) -> np.ndarray:
    """A mask (255) of the pixels no brighter than the threshold: one grey, or one per pixel."""
    return (gray <= threshold).astype(np.uint8) * np.uint8(255)  # in bytes throughout: no int64 page


def closed(mask: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """The mask closed by a `size` (width, height) rectangle: gaps in it shorter than that filled."""
    return cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, size))


def opened(mask: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """The mask opened by a `size` (width, height) rectangle: only runs of ink at least that long stay."""
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size))


def find_blobs(text_ink: np.ndarray, scale: float) -> Blobs:
    """The blobs of text ink that may be text: a blob taller than any character, read, would make one
    word the height of the page, standing in every line of a table without rules; a solid round or
    square blot as big as a character (a punch hole, read as 0 heading a table) is none either."""
    n, labels, stats, _ = components(text_ink)
    stats = stats[1:n]
    stats = stats[(stats[:, cv2.CC_STAT_HEIGHT] <= TALLEST_PT * scale) & ~_blots(labels, stats, scale)]
    x, y, w, h = (stats[:, i].astype(np.int32) for i in range(4))
    significant = (w >= SIGNIFICANT_PT[0] * scale) | (h >= SIGNIFICANT_PT[1] * scale)
    flat = (w >= DASH_RATIO * h) & (h <= STROKE_PT * scale)
    return Blobs(x, y, x + w, y + h, significant, flat)


def _blots(labels: np.ndarray, stats: np.ndarray, scale: float) -> np.ndarray:
    """Which blobs (labels 1…, `stats` of them) are solid blots: inked over most of a box about as wide
    as tall, no smaller than a large character (a point is a solid dot, but a small one), and over all
    of their own outline. A bold title character may ink most of its box, but its strokes leave blanks
    within (0 is a ring); a punch hole leaves none."""
    w, h = stats[:, cv2.CC_STAT_WIDTH].astype(np.float64), stats[:, cv2.CC_STAT_HEIGHT].astype(np.float64)
    dense = stats[:, cv2.CC_STAT_AREA] >= BLOT_FILL * w * h
    square = (w <= BLOT_ASPECT * h) & (h <= BLOT_ASPECT * w)
    found = dense & square & (np.minimum(w, h) >= BLOT_MIN_PT * scale)
    for i in np.nonzero(found)[0]:
        x, y, width, height, area = stats[i].tolist()
        outline = cv2.convexHull(cv2.findNonZero((labels[y : y + height, x : x + width] == i + 1).astype(np.uint8)))
        # the hull joins pixels' centres: half a pixel round it is theirs too (a 32 px square's hull is 31 × 31)
        covered = cv2.contourArea(outline) + cv2.arcLength(outline, closed=True) / 2 + 1
        found[i] = area >= BLOT_SOLID * covered
    return found


def assign(blobs: Blobs, regions: list[Box]) -> list[np.ndarray]:
    """The blobs whose centre lies in each region; where regions overlap, the one centred nearest vertically."""
    if not regions or not len(blobs):
        return [np.zeros(0, np.int64) for _ in regions]
    r = np.array([(b.x0, b.y0, b.x1, b.y1) for b in regions], dtype=np.float64)

    def owners(part: slice) -> np.ndarray:
        cx, cy = blobs.cx[part, None], blobs.cy[part, None]
        inside = (r[:, 0] <= cx) & (cx < r[:, 2]) & (r[:, 1] <= cy) & (cy < r[:, 3])
        distance = np.where(inside, np.abs(cy - (r[:, 1] + r[:, 3]) / 2), np.inf)
        return np.where(inside.any(axis=1), distance.argmin(axis=1), -1)

    owner = by_rows(len(blobs), len(regions), owners)
    return [np.nonzero(owner == i)[0] for i in range(len(regions))]


def pieces(blobs: Blobs, members: np.ndarray, gap_factor: float = GAP_FACTOR) -> list[Piece]:
    """The text pieces formed by these blobs (of one cell or one text box), top to bottom, left to right.

    A gap wider than `gap_factor` × the line height cuts a line into two pieces.
    """
    big = members[blobs.significant[members]]
    if not len(big):
        return []
    lines = _lines(blobs.y0[big], blobs.y1[big])
    # tiny blobs in the band (、 , .) take part, so that 、 bridges 一、一般 as the text layer's glyph does;
    # where two lines stagger (a header centred lower in its cell than its neighbour's), the nearer one
    owner = _owners(blobs, members, lines)
    found: list[Piece] = []
    for k, (top, bottom) in enumerate(lines):
        line = members[owner == k]
        usual = _character_height(blobs, line)
        columns = _columns(blobs, line, usual) if bottom - top > STACKED * usual else [line]
        if len(columns) > 1:
            found.extend(piece for column in columns for piece in pieces(blobs, column, gap_factor))
        else:
            found.extend(_split(blobs, line, (top, bottom), gap_factor, members[owner == -1]))
    return found


def _character_height(blobs: Blobs, line: np.ndarray) -> float:
    """How tall the line's characters stand: its tallest but for a stray few."""
    big = line[blobs.significant[line]]
    return float(np.percentile(blobs.y1[big] - blobs.y0[big], 90)) if len(big) else 0.0


def _columns(blobs: Blobs, line: np.ndarray, usual: float) -> list[np.ndarray]:
    """A band of several lines' blobs cut where a blank as wide as a character runs down it: a header's
    cells side by side, each with its lines set a little higher or lower than its neighbours', chain
    into one band, read as nothing; each cell's own lines stand apart."""
    order = line[np.argsort(blobs.x0[line], kind="stable")]
    columns: list[list[int]] = []
    end = -np.inf
    for i in order.tolist():
        if not columns or blobs.x0[i] - end > usual:
            columns.append([])
        columns[-1].append(i)
        end = max(end, blobs.x1[i])
    return [np.array(column, dtype=line.dtype) for column in columns]


def _owners(blobs: Blobs, members: np.ndarray, lines: list[tuple[int, int]]) -> np.ndarray:
    """The line of each blob: for a character, the band nearest its centre; for a mark (、 . ,), the line
    of the character nearest to it, if its band holds the mark (where bands overlap, a 、 set low would
    be nearer the middle of the line below), a comma hanging below the line's digits too."""
    owner = _hanging_parts(blobs, members, _nearest_line(blobs.cy[members], lines))
    big, small = blobs.significant[members], ~blobs.significant[members]
    if not big.any() or not small.any():
        return owner
    s, t = members[big], members[small]

    def nearest(part: slice) -> np.ndarray:
        m = t[part]
        dx = np.maximum(0, np.maximum(blobs.x0[m][:, None] - blobs.x1[s], blobs.x0[s] - blobs.x1[m][:, None]))
        dy = np.maximum(0, np.maximum(blobs.y0[m][:, None] - blobs.y1[s], blobs.y0[s] - blobs.y1[m][:, None]))
        return np.hypot(dx, dy).argmin(axis=1)

    line = owner[big][by_rows(len(t), len(s), nearest)]
    bands = np.array(lines)[line]
    below = MARK_DESCENT * (bands[:, 1] - bands[:, 0])
    holds = (bands[:, 0] <= blobs.cy[t]) & (blobs.cy[t] < bands[:, 1] + below)
    owner[small] = np.where(holds, line, owner[small])
    return owner


def _hanging_parts(blobs: Blobs, members: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """A part of a character hanging below its top part's line (共's legs, whose centre is nearer the
    line of an amount set lower beside it) takes that line: it stands under the top part, touching
    it or nearly, and is much less tall. A character of the next line is as tall as those above it."""
    x0, y0, x1, y1 = blobs.x0[members], blobs.y0[members], blobs.x1[members], blobs.y1[members]
    h = y1 - y0
    # a top part is a character's, in a line: never a speck (a page of screen dots has 100,000)
    top = np.flatnonzero((owner >= 0) & blobs.significant[members])
    t0, t1, u0, u1, th, line = x0[top], x1[top], y0[top], y1[top], h[top], owner[top]

    def hung(part: slice) -> np.ndarray:
        a0, b0, a1, hh, own = x0[part, None], y0[part, None], x1[part, None], h[part, None], owner[part, None]
        under = (a0 < t1) & (t0 < a1) & (u0 < b0) & (b0 <= u1 + HANGING_GAP * th)
        above = under & (hh < HANGING_PART * th) & (line != own)
        return np.where(above.any(axis=1), line[above.argmax(axis=1)], owner[part])

    return by_rows(len(members), len(top), hung)


def _nearest_line(cy: np.ndarray, lines: list[tuple[int, int]]) -> np.ndarray:
    """For each centre, the line whose band holds it and whose middle is nearest; -1 outside all bands."""
    bands = np.array(lines, dtype=np.float64)
    inside = (bands[:, 0] <= cy[:, None]) & (cy[:, None] < bands[:, 1])
    distance = np.where(inside, np.abs(cy[:, None] - bands.mean(axis=1)), np.inf)
    return np.where(inside.any(axis=1), distance.argmin(axis=1), -1)


def _lines(tops: np.ndarray, bottoms: np.ndarray) -> list[tuple[int, int]]:
    """Vertical bands of the lines these blobs make; slivers (a lone stroke) join the nearest band.

    Lines are set by whole characters (blobs nearly as tall as most of the tallest): those overlapping by less
    than half their height stand in two lines (a header centred a little lower than the one beside it),
    and the bands may overlap. Parts of characters (a radical, a stroke) then join the band they
    overlap most: chained through them, two staggered lines would make one tall one.
    """
    whole = bottoms - tops >= WHOLE * np.percentile(bottoms - tops, 90)  # not the tallest: a page's stray bar
    bands: list[list[int]] = []
    for top, bottom in sorted(zip(tops[whole].tolist(), bottoms[whole].tolist(), strict=True)):
        if bands and bands[-1][1] - top > LINE_OVERLAP * min(bottom - top, bands[-1][1] - bands[-1][0]):
            bands[-1][1] = max(bands[-1][1], bottom)
        else:
            bands.append([top, bottom])
    for top, bottom in zip(tops[~whole].tolist(), bottoms[~whole].tolist(), strict=True):
        overlap = [min(b, bottom) - max(a, top) for a, b in bands]
        k = int(np.argmax(overlap))
        if overlap[k] > 0:
            bands[k] = [min(bands[k][0], top), max(bands[k][1], bottom)]
        else:
            bands.append([top, bottom])
    bands.sort()
    tallest = max(b - a for a, b in bands)
    while (pair := _sliver_pair(bands, tallest)) is not None:
        a, b = pair
        bands[a : b + 1] = [[min(bands[a][0], bands[b][0]), max(bands[a][1], bands[b][1])]]
    return [(a, b) for a, b in bands]


def _sliver_pair(bands: list[list[int]], tallest: int) -> tuple[int, int] | None:
    """The thinnest sliver band and the neighbour it joins; a sliver far from any line (a row's lone —) stays."""
    for i in sorted(range(len(bands)), key=lambda k: bands[k][1] - bands[k][0]):
        if bands[i][1] - bands[i][0] >= SLIVER * tallest:
            return None
        near = [k for k in (i - 1, i + 1) if 0 <= k < len(bands) and _distance(bands[i], bands[k]) <= SLIVER * tallest]
        if near:
            j = min(near, key=lambda k: _distance(bands[i], bands[k]))
            return min(i, j), max(i, j)
    return None


def _distance(a: list[int], b: list[int]) -> int:
    return max(b[0] - a[1], a[0] - b[1], 0)


def _split(
    blobs: Blobs, line: np.ndarray, band: tuple[int, int], gap_factor: float, outside: np.ndarray
) -> list[Piece]:
    """Cut a line's blobs into pieces at gaps wider than `gap_factor` × its height.

    A mark such as 、 or ： is followed by more of the same text, so a wider gap after one still joins
    (一、  一般公共服务支出). A flat stroke set apart from its neighbours is a dash (the empty mark of
    an amount column), a piece of its own: 一 within text stands close to the characters around it.
    Each piece spans the whole line's height, as OCR expects of a line of text. Tiny blobs at a piece's
    ends that stand apart from its characters are specks, not punctuation. `outside` are the blobs
    in no line's band: a 、 set below a lone 一 is one.
    """
    top, bottom = band
    height = bottom - top
    order = line[np.argsort(blobs.x0[line], kind="stable")].tolist()
    dashes, in_no_line = _dashes(blobs, line), outside.tolist()
    runs: list[list[int]] = []
    end, after_mark = -1, False  # right end of the current run; whether punctuation (、：) ends it
    dashed = other = False  # whether the current run holds a dash; a character other than a dash
    for pos, i in enumerate(order):
        reach = gap_factor * height * (PUNCTUATION_REACH if after_mark else 1)
        lone_dash = dashed and not other  # a dash and nothing else, specks aside
        if runs and (lone_dash or i in dashes) and not after_mark:  # 一、 goes on
            reach = min(reach, DASH_GAP * height)
        elif runs and at_pitch(blobs, order, pos, height):
            reach = max(reach, PITCH_REACH * height)
        if runs and blobs.x0[i] - end <= reach:
            runs[-1].append(i)
        else:
            runs.append([i])
            dashed = other = False
        dashed, other = dashed or i in dashes, other or (i not in dashes and bool(blobs.significant[i]))
        if blobs.x1[i] > end or len(runs[-1]) == 1:
            end, after_mark = int(blobs.x1[i]), _is_mark(blobs, i, height)
    found = []
    for run in runs:
        big = [i for i in run if blobs.significant[i]]
        if not big:
            continue
        left = min(blobs.x0[i] for i in big) - EDGE_GAP * height
        right = max(blobs.x1[i] for i in big) + EDGE_GAP * height
        kept = [i for i in run if blobs.significant[i] or (blobs.x1[i] >= left and blobs.x0[i] <= right)]
        for side in ([i for i in run if blobs.x1[i] < left], [i for i in run if blobs.x0[i] > right]):
            kept += _fragments_of_characters(blobs, side, outside, height)
        lone = len(big) == 1 and big[0] in dashes
        mark = _numbering_mark(blobs, big[0], [*run, *in_no_line]) if lone else None
        kept += [] if mark is None else [mark]
        box = Box(
            int(min(blobs.x0[i] for i in kept)),
            min(top, int(min(blobs.y0[i] for i in kept))),
            int(max(blobs.x1[i] for i in kept)),
            max(bottom, int(max(blobs.y1[i] for i in kept))),
        )
        found.append(Piece(box, lone and mark is None))
    return found


def at_pitch(blobs: Blobs, order: list[int], pos: int, height: int) -> bool:
    """The blob at `pos` and the one before it stand centre to centre as far apart as their neighbours
    stand from them, or twice as far across a point, and either one of them is narrow or they stand as
    far apart as those neighbours do. Full-width figures are set an em apart, so a narrow 1 among them
    leaves a blank wider than one between words (１ ８０．９２); figures spaced out to fill their cell
    (8 2 1 . 7 3) leave one as wide after a 1 narrower than them but not thin, each mark among them set
    at the pitch too. Two amounts a column apart (1,040,600.00 7,176,700.00) may stand a pitch apart as
    the figures either side of a comma do, but those are set close, the comma no figure's width."""
    a, b = order[pos - 1], order[pos]
    if not (blobs.significant[a] and blobs.significant[b]):
        return False
    widths = sorted((blobs.x1[a] - blobs.x0[a], blobs.x1[b] - blobs.x0[b]))
    narrow = widths[0] <= NARROW * widths[1]
    blank = blobs.x0[b] - blobs.x1[a]
    before = [i for i in order[: pos - 1] if blobs.significant[i]][-1:]
    after = [i for i in order[pos + 1 :] if blobs.significant[i]][:1]
    cx, step = blobs.cx, blobs.cx[b] - blobs.cx[a]
    if step <= 0:
        return False
    for m, n in [(m, a) for m in before] + [(b, n) for n in after]:
        pitches = (cx[n] - cx[m]) / step
        whole = min(2, max(1, round(pitches)))
        if abs(pitches - whole) > PITCH_MATCH or blobs.x0[n] - blobs.x1[m] > whole * PITCH_REACH * height:
            continue
        slots = abs(order.index(n) - order.index(m))  # spaced out, a point or comma takes a figure's place
        if narrow or (slots == whole and blobs.x0[n] - blobs.x1[m] >= SPACED * blank):
            return True
    return False


def _fragments_of_characters(blobs: Blobs, strays: list[int], outside: np.ndarray, height: int) -> list[int]:
    """Small blobs beyond a piece's characters that together make characters' shapes: those standing
    over one another as tall as a character, no wider, each close under the one above. Thin strokes
    (the 2 of 2.01 in a Song face, the 72 of 326.72 in a light one) broken apart by the scan, not
    specks scattered by it; [] if they are not. A point beside them (7.92, its point standing off the
    9), over or under nothing, goes with them. So does a stroke just above the line's band, in no
    line (`outside`), over a stray below it: a faint 5's bar the scan cut off its body."""
    if not strays:
        return []
    tops = _just_above(blobs, outside, strays, height)
    stacks = _stacks(blobs, strays + tops)
    characters = [stack for stack in stacks if len(stack) > 1 or not _mark_sized(blobs, stack[0], height)]
    fragments = bool(characters) and all(_one_character(blobs, stack, height) for stack in characters)
    return strays + tops if fragments else []


def _just_above(blobs: Blobs, candidates: np.ndarray, below: list[int], height: int) -> list[int]:
    """The candidates standing over one of the blobs `below`, overlapping it across, their foot close
    above its top."""
    j = np.asarray(below)

    def over(part: slice) -> np.ndarray:
        i = candidates[part, None]
        across = (blobs.x0[i] < blobs.x1[j]) & (blobs.x0[j] < blobs.x1[i])
        gap = blobs.y0[j] - blobs.y1[i]
        return (across & (gap >= 0) & (gap <= FRAGMENTS_GAP * height)).any(axis=1)

    return candidates[by_rows(len(candidates), len(j), over)].tolist()


def _stacks(blobs: Blobs, chosen: list[int]) -> list[list[int]]:
    """The blobs in groups that overlap across, left to right: the parts of one character each."""
    stacks: list[list[int]] = []
    right = -1
    for i in sorted(chosen, key=lambda i: blobs.x0[i]):
        if stacks and blobs.x0[i] < right:
            stacks[-1].append(i)
            right = max(right, int(blobs.x1[i]))
        else:
            stacks.append([i])
            right = int(blobs.x1[i])
    return stacks


def _one_character(blobs: Blobs, strays: list[int], height: int) -> bool:
    if len(strays) < 2:
        return False
    ordered = sorted(strays, key=lambda i: blobs.y0[i])
    bottoms = np.maximum.accumulate([blobs.y1[i] for i in ordered])
    close = all(blobs.y0[i] - bottom <= FRAGMENTS_GAP * height for i, bottom in zip(ordered[1:], bottoms, strict=False))
    tall = bottoms[-1] - blobs.y0[ordered[0]] >= FRAGMENTS_TALL * height
    narrow = max(blobs.x1[i] for i in strays) - min(blobs.x0[i] for i in strays) <= height
    return close and tall and narrow


def _numbering_mark(blobs: Blobs, stroke: int, near: list[int]) -> int | None:
    """The 、 just after a flat stroke, if there is one: the stroke is then the numeral 一 of 一、, no dash.

    Set low, the 、 may lie below the band of a lone 一、 (its stroke alone), so blobs outside are looked at too.
    """
    length = blobs.x1[stroke] - blobs.x0[stroke]
    return next(
        (
            i
            for i in near
            if not blobs.significant[i]  # a 、 is small; the next character (六 after a dash) is not
            and blobs.x1[stroke] - 1 <= blobs.x0[i] <= blobs.x1[stroke] + DASH_GAP * length
            and blobs.cy[stroke] < blobs.cy[i] <= blobs.cy[stroke] + length
            and blobs.y1[i] - blobs.y0[i] >= COMMA_SIZE * length  # a speck of dust is smaller still
        ),
        None,
    )


def _is_mark(blobs: Blobs, i: int, height: int) -> bool:
    """Punctuation: a speck, or a blob small beside the line (a bold 、 is big enough to count as a character)."""
    return _mark_sized(blobs, i, height) or not blobs.significant[i]


def _mark_sized(blobs: Blobs, i: int, height: int) -> bool:
    return bool(max(blobs.x1[i] - blobs.x0[i], blobs.y1[i] - blobs.y0[i]) <= MARK_SIZE * height)


def _dashes(blobs: Blobs, line: np.ndarray) -> set[int]:
    """The line's flat strokes with nothing above or below them: dashes (—), or 一 (never 二 or 三)."""
    big = line[blobs.significant[line]]
    overlap = np.minimum(blobs.x1[big][:, None], blobs.x1[big]) - np.maximum(blobs.x0[big][:, None], blobs.x0[big])
    stacked = (overlap > 0).sum(axis=1) > 1  # itself, and another stroke of the same character
    return set(big[blobs.flat[big] & ~stacked].tolist())
