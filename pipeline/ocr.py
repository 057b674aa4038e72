"""Reading a scanned page: straighten it, find its ruled grids, OCR its text piece by piece.

The page is rendered large enough for OCR, its skew measured and undone, and its rules found by
morphology; `pipeline.rules.lattice` turns them into grids exactly as it does for vector rules.
Text inside the grids needs no detection: every non-empty cell's lines are cut from the ink and
recognised directly. Only the rest of the page (titles, units, narrative, tables without rules)
goes through the text detector, at a lower resolution; ink it does not cover is still read. All
boxes are in points of the straightened page, the frame the grids are in, so cells and text line up.
Free text is cut into words as the text layer's are: at wide gaps, and where an amount meets a label.
The recogniser takes most of the time, in proportion to the width it reads: a piece whose ink looks
like Chinese text alone is read squeezed to half its width, and read again in full if it holds a digit.
Only doubtful readings are read again: an unsure one black on white, a broken amount or a label a
character short wider; a piece of upright bars read as I or Ⅱ is 1s, which a blurred serif 11 is.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

import cv2
import numpy as np

from pipeline.amounts import parse_amount
from pipeline.deskew import skew_angle, straighten
from pipeline.dotted_rules import dotted_lines
from pipeline.dropouts import healed
from pipeline.errors import ExtractionError
from pipeline.faint_rules import faint_lines
from pipeline.fanning import unfanned
from pipeline.glyph import Glyph
from pipeline.grids import Grid
from pipeline.halftone import descreened
from pipeline.image_rules import find_ruling
from pipeline.ink import (
    GAP_FACTOR,
    PITCH_REACH,
    Blobs,
    Box,
    assign,
    at_most,
    at_pitch,
    components,
    find_blobs,
    painted,
    pieces,
    pixels,
    touching,
)
from pipeline.keystone import frame_corrected
from pipeline.ocr_fused import fused_lines, short_line
from pipeline.ocr_rec import DET_MODEL, Crop, EngineError, Reading, Recogniser, model_session, recogniser
from pipeline.ocr_squeeze import kept_squeezed, squeeze
from pipeline.ocr_text import normalise
from pipeline.ocr_words import bracketed, cut, numbered, parted
from pipeline.orientation import quarter_turns
from pipeline.paper import on_blank_surround
from pipeline.pdf import Page, printed_two_up
from pipeline.print_colour import print_grey
from pipeline.reverse import unreversed
from pipeline.rules import Rule, lattice
from pipeline.shading import deepened, evened, paper_levels, usual_paper
from pipeline.slant import levelled
from pipeline.spread import gutter, stacked
from pipeline.text import CJK, in_order
from pipeline.underlay import lifted
from pipeline.words import lines_of

THREADS_ENV = "OCR_THREADS"  # onnxruntime threads per model; unset: onnxruntime's default (all cores)
RENDER_SCALE = 2.0  # pixels per point: body text (9–12 pt) is 18–24 px tall, as a 150 dpi scan holds it
SMALL_PRINT_PX = 12  # a page's usual character this many pixels tall at most at RENDER_SCALE is small print, …
PRINT_PX = 16  # … rendered larger to this height (a 9 pt character's) …
MAX_RENDER_SCALE = 4.0  # … up to a 300 dpi scan's own pixels per point: there is no more detail
BLOB_MIN_PX, BLOB_MAX_PX = 4, 60  # a character's blob at RENDER_SCALE: shorter is a speck, taller a rule or a block
BLOB_WIDE = 3  # … and no wider than this times its height (a level rule's piece)
MIN_PRINT_BLOBS = 100  # blobs a page needs for its print's size to tell (a cover's few say little)
GLANCE_SCALE = 0.5  # pixels per point: enough to see a blank 8 pt wide down a sheet
MIN_CONTRAST = 60  # grey levels below the paper's that ink is at least: print is near black, noise is not
PALE_CONTRAST = 35  # … and a stroke that is nothing but pale: a Song face's hairline 一 scans this light
PALE_SHARE = 0.5  # … or one whose dark ink is less than this share of it (faint print, blurred)
SHADOW_CONTRAST = 50  # grey levels under the grey about it a piece's darkest pixel lies at least: print 80 and more
VEIL_MIN = 0.4  # glare shrinks print's contrast as the paper's room below white, to this share at most
PALE_MAX_PT = 15.0  # a pale stroke is no bigger than a character: longer ones are faint rules or smudges
RULE_BREAK_PT = 24.0  # how far past a rule's end its worn pieces may lie
ATTACHED_DARK = 0.02  # share of a pale stroke split off a rule that is dark: print flush against it, no piece of it
DET_SCALE = 1.5  # pixels per point for the text detector: cost grows with area, 15 px text is plenty
CELL_INSET_PT = 1.0  # keep this far inside a cell's rules: what touches them is rule, not text
EDGE_SNAP_PT = 0.5  # an upright sliver this close to where a cell's columns meet is their rule's
GROW = 3.0  # × line height: how far beside a detected line its missed characters may lie
CELL_GAP_FACTOR = 2.0  # a cell holds one label or amount: only a very wide gap (a missing rule) cuts its line
BAND_GAP_PT = 24.0  # blank space that separates two bands of text sent to the detector
DET_PAD_PT = 6.0
CROP_PAD = 0.25  # × line height of margin above and below a piece, as the recogniser was trained with
CROP_PAD_X = 0.5  # × line height beside it: with less, the recogniser drops a digit now and then (1,503.2)
ONES_LOOKALIKE = frozenset("1IlⅠⅡ|")  # what the recogniser makes of a blurred serif 11
BAR_TALL = 0.7  # × the piece's height: an upright bar (a 1) is nearly as tall as its line
BAR_WIDE = 0.45  # … and no wider than this share of its own height
BAR_SPECK = 0.25  # × the piece's height: smaller bits beside the bars are specks (or a 1's serif)
BAR_LINE = 0.3  # bars as tall as the page's lines of text give or take this share: not a stray piece of rule
HALF_LINE = 0.7  # × the page's line height: a cell's piece less tall may be part of a line broken across, …
HALF_GAP = 0.2  # … with its other part this close under it, …
JOINED_LINE = 1.5  # … the two together no taller than this (Chinese stands taller than the digits most lines hold)
OVERLAP_DOWN = 0.3  # × the shorter piece's height: two of a cell's pieces overlapping down this far are one line
UNDERLINE_TALL = 0.7  # × the page's line height: a cell's piece less tall, close under a line of its text …
UNDERLINE_SPAN = 0.8  # … and across this share of that line at least, is a line drawn under it (a pen's)
REMNANT_TALL = 1.8  # × the page's line height: a piece so tall and as narrow as a bar is no text
SHORT_PIECE = 0.7  # × the page's line height: a piece less tall is cut with the margin a line has
INK_PERCENTILE = 2  # of a crop's grey levels: its darkest ink, specks of noise aside
MIN_SCORE = 0.5  # detected text recognised with less confidence than this is noise
SURE_SCORE = 0.9  # a reading less confident than this is tried again with the crop's contrast stretched
RETRY_STRETCH = (1.3, 1.6)  # how much wider a broken amount (or a short label) is read again, in turn
SHORT_SLACK = 0.3  # characters: how far a label's width over its height may fall short of one more
# grey level → the detector's input: rapidocr's (x / 255 - 0.5) / 0.5, by look-up, not in float64 over a page
_DET_LEVELS = ((np.arange(256, dtype=np.float32) * np.float32(1 / 255)).astype(np.float64) - 0.5) / 0.5
_DET_LEVELS = _DET_LEVELS.astype(np.float32)
_AMOUNT_CHARS = re.compile(r"^-?[\d,.]*\d[\d,.]*$")
_ONE_DECIMAL = re.compile(r"\.\d$")
_CHINESE = re.compile(f"^{CJK.pattern}+$")
_LETTERED = re.compile(r"^[A-Za-z]{1,2}(?=\d)|(?<=\d)[A-Za-z]{1,2}$")  # n1.21: a blurred 11 read as n


@dataclass
class ScannedPage:
    text: str
    words: list[Glyph]  # one per piece of text: a cell's line, or a detected line cut at wide gaps
    grids: list[Grid]  # ruled grids, cells without text, source 'ocr'
    size: tuple[float, float]  # width and height in points, the page turned upright as read
    rules: list[Rule]  # every rule found, in points: a table ruled across only makes no grid


@dataclass(frozen=True)
class _Piece:
    box: Box  # ink of the text, pixels
    dash: bool  # a lone flat stroke: read as — without the recogniser
    clip: Box  # how far its crop may extend: the cell's inside, or the page
    detected: bool  # free text (not in a grid cell): low-confidence reads are dropped, words cut as the text layer's
    edges: tuple[int, ...] = ()  # pixels: where the columns a merged cell spans meet, a rule maybe lost


@dataclass(frozen=True)
class _Image:
    """A straightened page: grey levels, text ink without the rules, pixels per point, its usual paper grey."""

    gray: np.ndarray
    text_ink: np.ndarray
    scale: float
    paper: float = 255.0


def read_scanned(page: Page, threads: int | None = None, document: str = "", sheet: bool = False) -> ScannedPage:
    """OCR one image-only page: its text, its words with boxes in points, its ruled grids. A sheet of a
    document printed two pages up is read a page at a time, each turned upright on its own."""
    try:
        return _read(page, _threads(threads), sheet)
    except EngineError as exc:
        raise ExtractionError(f"OCR failed: {exc}", document=document, page=page.number) from exc


def scanned_two_up(pages: list[Page]) -> bool:
    """Whether a scanned document's sheets were printed two pages up (`printed_two_up`), each glanced at
    small for a blank down its middle."""
    return printed_two_up(pages, _parts_down_the_middle)


def _parts_down_the_middle(page: Page) -> bool:
    gray = print_grey(page.render(GLANCE_SCALE), GLANCE_SCALE)
    return gutter(_inked(gray)[1], gray, gray.shape[1] / page.width, sheet=True) is not None


def _read(page: Page, threads: int, sheet: bool) -> ScannedPage:
    gray = _rendered(page)
    scale = gray.shape[1] / page.width
    shaded = on_blank_surround(descreened(gray, scale), scale)
    gray = deepened(evened(unreversed(shaded, usual_paper(shaded), scale), scale), PALE_CONTRAST, scale)
    gray = lifted(gray, usual_paper(gray), scale)
    gray = healed(gray, usual_paper(gray) - MIN_CONTRAST, scale)
    paper, ink = _inked(gray)
    split = gutter(ink, shaded, scale, sheet)
    if split is not None:  # two pages side by side: each in its own turn (a sheet's), then at its own slant
        halves = [gray[:, :split], gray[:, split:]]
        if sheet:
            halves = [_upright(half, _inked(half)[1], scale, threads)[0] for half in halves]
        # the slant is measured on lines of text set level: a half turned sideways shows it less well
        halves = [_straightened(half) for half in halves]
        gray = stacked(halves, paper)
        paper, ink = _inked(gray)
    if split is None or not sheet:
        gray, ink = _upright(gray, ink, scale, threads)
    angle = skew_angle(ink)
    if angle:
        gray = straighten(gray, angle)
        paper, ink = _inked(gray)
    # the table's frame; without one, the text lines, then the columns
    for corrected in (frame_corrected, levelled, unfanned):
        redrawn = corrected(gray, ink, scale)
        if redrawn is not None:
            gray = redrawn
            paper, ink = _inked(gray)
    pale, levels = _pale(gray, paper), paper_levels(gray, scale)
    faint = cv2.bitwise_or(faint_lines(gray, levels, scale), dotted_lines(ink, pale, scale))
    ruling = find_ruling(ink, pale, faint, scale)
    grids = lattice(page.number, ruling.rules)
    for grid in grids:
        grid.source = "ocr"
    off_rules = cv2.bitwise_not(cv2.dilate(ruling.mask, np.ones((3, 3), np.uint8)))
    # a stroke on a fill is pale as far under the fill's grey as one on the paper is under the paper's: a
    # screened fill's shadows are that pale against the paper, character-sized, and were read as letters
    fill_pale = _pale(gray, np.minimum(levels, paper))
    strokes = _with_pale_strokes(ink, fill_pale, off_rules, ruling.rules, scale)
    strokes = cv2.bitwise_or(strokes, _lit_text(gray, paper, levels, off_rules, ruling.rules, scale))
    text_ink = cv2.bitwise_and(strokes, off_rules)
    image = _Image(gray, text_ink, scale, paper)
    blobs = find_blobs(text_ink, scale)
    found = _cell_pieces(blobs, grids, scale) + _detected_pieces(_detector(threads), gray, blobs, grids, scale)
    words = _words(_recogniser(threads), image, found)
    size = (gray.shape[1] / scale, gray.shape[0] / scale)
    return ScannedPage("\n".join(line.text for line in lines_of(words)), words, grids, size, ruling.rules)


def _rendered(page: Page) -> np.ndarray:
    """The page in grey at RENDER_SCALE, or larger where its print is small (two pages shrunk onto one
    sheet, a wide table shrunk to fit): at 9 px a character loses its decimal point and strokes."""
    gray = print_grey(page.render(RENDER_SCALE), RENDER_SCALE)
    height = _print_height(gray)
    if height is None or height >= SMALL_PRINT_PX:
        return gray
    scale = min(MAX_RENDER_SCALE, RENDER_SCALE * PRINT_PX / height)
    return print_grey(page.render(scale), scale)


def _print_height(gray: np.ndarray) -> float | None:
    """The print's usual character height in pixels (the 75th percentile of its blobs' heights: parts
    of characters are shorter), or None for a page with too few to tell."""
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    _, _, stats, _ = components(ink)
    height, width = stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_WIDTH]
    chars = height[(height >= BLOB_MIN_PX) & (height <= BLOB_MAX_PX) & (width <= BLOB_WIDE * height)]
    return float(np.percentile(chars, 75)) if len(chars) >= MIN_PRINT_BLOBS else None


def _straightened(gray: np.ndarray) -> np.ndarray:
    angle = skew_angle(_inked(gray)[1])
    return straighten(gray, angle) if angle else gray


def _upright(gray: np.ndarray, ink: np.ndarray, scale: float, threads: int) -> tuple[np.ndarray, np.ndarray]:
    """The page and its ink turned upright, if it was scanned on its side or upside down."""
    turns = quarter_turns(gray, ink, scale, lambda crops: _mean_score(_recogniser(threads), crops))
    if not turns:
        return gray, ink
    return np.ascontiguousarray(np.rot90(gray, turns)), np.ascontiguousarray(np.rot90(ink, turns))


def _mean_score(model: Recogniser, crops: list[np.ndarray]) -> float:
    """The recogniser's confidence over the crops, each weighing by its length: a run of a character
    or two reads as some letter about as surely whichever way it stands, a line only the right way up."""
    scores = [reading.score for reading in model.read([Crop(crop) for crop in crops])]
    return float(np.average(scores, weights=[crop.shape[1] for crop in crops]))


def load_models(threads: int | None = None) -> None:
    """Load the detector and the recogniser now (a worker does so with its first scan): about half a second."""
    _detector(_threads(threads))
    _recogniser(_threads(threads))


def _threads(threads: int | None) -> int:
    return threads if threads is not None else int(os.environ.get(THREADS_ENV, "-1"))


@cache
def _detector(threads: int):
    """One text detector per process and thread count: loading the model takes a while.

    rapidocr's TextDetector supplies the post-processing (DBPostProcess at rapidocr's defaults, the
    box filter); the model runs in a session of our own (`model_session`), rapidocr's being a third
    slower. Built without its constructor, which would load a session of its own for nothing.
    """
    from rapidocr_onnxruntime.ch_ppocr_det import TextDetector
    from rapidocr_onnxruntime.ch_ppocr_det.utils import DBPostProcess

    detector = TextDetector.__new__(TextDetector)
    detector.postprocess_op = DBPostProcess(
        thresh=0.3, box_thresh=0.5, max_candidates=1000, unclip_ratio=1.6, use_dilation=True, score_mode="fast"
    )
    detector.infer = model_session(DET_MODEL, threads)
    return detector


@cache
def _recogniser(threads: int) -> Recogniser:
    return recogniser(threads)


def _inked(gray: np.ndarray) -> tuple[float, np.ndarray]:
    """The page's paper grey and its ink."""
    paper = usual_paper(gray)
    return paper, _binarise(gray, paper)


def _binarise(gray: np.ndarray, paper: float, levels: np.ndarray | None = None) -> np.ndarray:
    """Ink: darker than Otsu's threshold, and clearly darker than the paper (a blank noisy sheet has none).
    Given the paper's grey under each pixel (`levels`), as much darker again where that is brighter
    than the usual `paper`."""
    otsu, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    threshold = min(otsu, paper - MIN_CONTRAST)
    if levels is None:
        _, ink = cv2.threshold(gray, threshold, 255, cv2.THRESH_BINARY_INV)
        return ink
    return at_most(gray, threshold + np.maximum(levels - paper, 0))


def _pale(gray: np.ndarray, paper: float | np.ndarray) -> np.ndarray:
    """What is at least a little darker than the paper (one grey, or the grey under each pixel): faint
    strokes and rules whole, with fringes."""
    return at_most(gray, paper - PALE_CONTRAST)


def _with_pale_strokes(
    ink: np.ndarray, pale: np.ndarray, off_rules: np.ndarray, rules: list[Rule], scale: float
) -> np.ndarray:
    """Ink, and the character-sized strokes that are mostly pale (the 一 of 一、 in a Song face).

    A pale stroke is added whole when the dark ink within it (a hairline's serif) spans less than half
    its length, or covers less than PALE_SHARE of it (faint print of a dim, blurred scan, whose dark
    cores alone would break 6.75 into 6, 7 and 5): the pale fringe of a dark character stays out, so
    the blanks between characters keep their width. Strokes are sized off the rules: blurred, faint
    print set flush against a rule touches it (60.99 had lost its cents to it). What was joined to a
    rule is added only with dark ink of its own (ATTACHED_DARK of it), as print has, and standing
    beside the rules, not on one's line: all pale, or on a rule's line, it is what is left of a worn
    or faded rule (read as 1 or |, or joining two amounts of a cell merged across it).
    """
    n, labels, stats, _ = components(cv2.bitwise_and(pale, off_rules))
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    ys, xs = pixels(ink)
    owner = labels[ys, xs]
    dark_w, dark_h = _extent(owner, xs, n), _extent(owner, ys, n)
    dark = np.bincount(owner, minlength=n)
    faint = dark < PALE_SHARE * stats[:, cv2.CC_STAT_AREA]
    attached = np.bincount(labels[_oversized(pale, scale) > 0], minlength=n) > 0
    inked = ~attached | (dark >= ATTACHED_DARK * stats[:, cv2.CC_STAT_AREA])
    added = _character_sized(stats, scale) & inked & ((2 * dark_w < w) | (2 * dark_h < h) | faint)
    added[0] = False
    kept = [i for i in np.nonzero(added)[0].tolist() if not (attached[i] and _on_a_rule(stats[i], rules, scale))]
    return cv2.bitwise_or(ink, painted(labels, stats, kept))


def _lit_text(
    gray: np.ndarray, paper: float, levels: np.ndarray, off_rules: np.ndarray, rules: list[Rule], scale: float
) -> np.ndarray:
    """The text's strokes found against the paper about them, where a lamp lit the page brighter than
    usual and its print no darker, or glare veiled both toward white: those with a core as dark as ink
    there (no edge of the paper's shading, where the page meets its bright surround), the contrast ink
    needs shrunk as glare veils it (`_paper_about`), and characters' size at most (no faint
    rule: an unruled table's hairlines between rows would run across its columns as one dash)."""
    about, veil = _paper_about(levels, paper)
    strokes = _with_pale_strokes(_binarise(gray, paper, levels), _pale(gray, levels), off_rules, rules, scale)
    n, labels, stats, _ = components(strokes)
    inked = touching(labels, n, gray <= about - MIN_CONTRAST * veil)
    return painted(labels, stats, np.nonzero(inked & _character_sized(stats, scale))[0].tolist())


def _paper_about(levels: np.ndarray, paper: float) -> tuple[np.ndarray, np.ndarray]:
    """The paper's grey about each pixel, no darker than its usual grey, and how much of print's contrast
    is left there: glare veils print toward white as it leaves the paper less room below white."""
    about = np.maximum(levels, paper)
    return about, np.clip((255 - about) / max(255 - paper, 1), VEIL_MIN, 1)


def _on_a_rule(box: np.ndarray, rules: list[Rule], scale: float) -> bool:
    """The box (pixels) lies across the line of a rule, within RULE_BREAK_PT of its ends: a piece of it."""
    x0, y0, w, h = (v / scale for v in box[:4].tolist())
    x1, y1 = x0 + w, y0 + h
    for r in rules:
        across, along = ((y0, y1), (x0, x1)) if r.horizontal else ((x0, x1), (y0, y1))
        if across[0] <= r.at <= across[1] and along[0] < r.b + RULE_BREAK_PT and r.a - RULE_BREAK_PT < along[1]:
            return True
    return False


def _oversized(pale: np.ndarray, scale: float) -> np.ndarray:
    """The pale strokes bigger than a character: rules, with whatever touches them."""
    _, labels, stats, _ = components(pale)
    big = ~_character_sized(stats, scale)
    big[0] = False
    return painted(labels, stats, np.nonzero(big)[0].tolist())


def _character_sized(stats: np.ndarray, scale: float) -> np.ndarray:
    """Per component: no wider and no taller than PALE_MAX_PT, a character's size at most."""
    limit = PALE_MAX_PT * scale
    return (stats[:, cv2.CC_STAT_WIDTH] <= limit) & (stats[:, cv2.CC_STAT_HEIGHT] <= limit)


def _extent(owner: np.ndarray, coordinate: np.ndarray, n: int) -> np.ndarray:
    """For each of n components, how far the given pixels' coordinate spans within it (0 for none)."""
    low, high = np.full(n, np.iinfo(np.int64).max), np.full(n, -1)
    np.minimum.at(low, owner, coordinate)
    np.maximum.at(high, owner, coordinate)
    return np.where(high >= 0, high - low + 1, 0)


def _px(x0: float, y0: float, x1: float, y1: float, scale: float) -> Box:
    return Box(round(x0 * scale), round(y0 * scale), round(x1 * scale), round(y1 * scale))


def _cell_pieces(blobs: Blobs, grids: list[Grid], scale: float) -> list[_Piece]:
    inset = CELL_INSET_PT
    insides = [
        _px(
            g.cols[c.col0][0] + inset,
            g.rows[c.row0][0] + inset,
            g.cols[c.col1 - 1][1] - inset,
            g.rows[c.row1 - 1][1] - inset,
            scale,
        )
        for g in grids
        for c in g.cells
    ]
    edges = [tuple(round(g.cols[k][0] * scale) for k in range(c.col0 + 1, c.col1)) for g in grids for c in g.cells]
    return [
        _Piece(p.box, p.dash, inside, detected=False, edges=inner)
        for inside, inner, members in zip(insides, edges, assign(blobs, insides), strict=True)
        for p in pieces(blobs, _off_edges(blobs, members, inner, scale), CELL_GAP_FACTOR)
    ]


def _off_edges(blobs: Blobs, members: np.ndarray, edges: tuple[int, ...], scale: float) -> np.ndarray:
    """The cell's blobs but upright slivers where the columns it spans meet: what is left of their rule,
    worn away but for bits the ruling could not join (a toner-starved print), read as 1 or - beside the
    text. Print keeps clear of a rule, so no character stands on one."""
    if not edges or not len(members):
        return members
    snap = EDGE_SNAP_PT * scale
    x0, x1, height = blobs.x0[members], blobs.x1[members], blobs.y1[members] - blobs.y0[members]
    upright = x1 - x0 <= BAR_WIDE * height
    on_edge = np.zeros(len(members), bool)
    for x in edges:
        on_edge |= (x0 - snap <= x) & (x <= x1 + snap)
    return members[~(upright & on_edge)]


def _detected_pieces(detector, gray: np.ndarray, blobs: Blobs, grids: list[Grid], scale: float) -> list[_Piece]:
    """Pieces outside the grids: the detector finds the text lines, the ink cuts them at wide gaps.

    Characters the detector missed (a short code beside a long label, say) are not dropped: they make
    pieces of their own, cut from the ink alone.
    """
    tables = [_px(g.cols[0][0], g.top, g.cols[-1][1], g.bottom, scale) for g in grids]
    free = np.ones(len(blobs), bool)
    for members in assign(blobs, tables):
        free[members] = False
    if not (free & blobs.significant).any():
        return []
    blank = gray.copy()
    for t in tables:
        blank[t.y0 : t.y1, t.x0 : t.x1] = 255
    bands = _bands(blobs, free & blobs.significant, scale, gray.shape)
    boxes = _joined([box for band in bands for box in _detect(detector, blank, band, scale)], blobs)
    lines = [members[free[members]] for members in assign(blobs, boxes)]
    for members in lines:
        free[members] = False
    # then what lies just beside a line: the detector leaves out a leading 一 or 二 (they look like rules)
    for k, members in enumerate(assign(blobs, [_grown(b) for b in boxes])):
        lines[k] = np.concatenate([lines[k], members[free[members]]])
        free[members] = False
    page = Box(0, 0, gray.shape[1], gray.shape[0])
    found = [_Piece(p.box, p.dash, page, detected=True) for members in lines for p in pieces(blobs, members)]
    missed = np.nonzero(free)[0]
    return found + [_Piece(p.box, p.dash, page, detected=True) for p in pieces(blobs, missed)]


def _bands(blobs: Blobs, chosen: np.ndarray, scale: float, shape: tuple[int, ...]) -> list[Box]:
    """Horizontal bands of the page holding these blobs, split where a wide blank runs across."""
    order = np.nonzero(chosen)[0]
    order = order[np.argsort(blobs.y0[order])]
    gap, pad = BAND_GAP_PT * scale, round(DET_PAD_PT * scale)
    bands: list[list[int]] = []
    for i in order.tolist():
        box = [int(blobs.x0[i]), int(blobs.y0[i]), int(blobs.x1[i]), int(blobs.y1[i])]
        if bands and box[1] <= bands[-1][3] + gap:
            b = bands[-1]
            b[0], b[2], b[3] = min(b[0], box[0]), max(b[2], box[2]), max(b[3], box[3])
        else:
            bands.append(box)
    h, w = shape[:2]
    return [Box(max(0, x0 - pad), max(0, y0 - pad), min(w, x1 + pad), min(h, y1 + pad)) for x0, y0, x1, y1 in bands]


def _detect(detector, gray: np.ndarray, band: Box, scale: float) -> list[Box]:
    """Text line boxes in one band, found at DET_SCALE and returned in full-resolution pixels."""
    factor = DET_SCALE / scale
    crop = cv2.resize(
        gray[band.y0 : band.y1, band.x0 : band.x1], None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA
    )
    size = (round(crop.shape[1] / 32) * 32, round(crop.shape[0] / 32) * 32)  # the detector's sides: multiples of 32
    if not all(size):
        return []
    try:
        prediction = detector.infer(_det_input(cv2.resize(crop, size)))[0]
    except Exception as exc:  # onnxruntime's own exception types, whatever the model run raised
        raise EngineError(f"text detector: {type(exc).__name__}: {exc}") from exc
    found, _ = detector.postprocess_op(prediction, crop.shape[:2])
    return [
        Box(
            band.x0 + round(quad[:, 0].min() / factor),
            band.y0 + round(quad[:, 1].min() / factor),
            band.x0 + round(quad[:, 0].max() / factor) + 1,
            band.y0 + round(quad[:, 1].max() / factor) + 1,
        )
        for quad in detector.filter_tag_det_res(found, crop.shape[:2])
    ]


def _det_input(gray: np.ndarray) -> np.ndarray:
    """A grey image as the detector takes it: 1×3×H×W, its three channels alike (a grey page made colour)."""
    return np.repeat(_DET_LEVELS[gray][None, None], 3, axis=1)


def _joined(boxes: list[Box], blobs: Blobs) -> list[Box]:
    """Detected boxes of one line that stand close joined: the detector splits a line after 、, and
    full-width figures where a narrow 1 leaves a wide blank (`_at_pitch`).

    Joined, the ink decides where the line is cut (`pieces`), as it does for text in cells.
    """
    out: list[Box] = []
    for box in sorted(boxes, key=lambda b: b.x0):
        for k, other in enumerate(out):
            overlap = min(other.y1, box.y1) - max(other.y0, box.y0)
            close = box.x0 <= other.x1 + GAP_FACTOR * box.height or _at_pitch(other, box, blobs)
            if overlap >= 0.5 * min(other.height, box.height) and close:
                out[k] = other.joined(box)
                break
        else:
            out.append(box)
    return out


def _at_pitch(left: Box, right: Box, blobs: Blobs) -> bool:
    """The two boxes' facing characters stand at the pitch of the figures around them (１ ８０．９２)."""
    if right.x0 > left.x1 + PITCH_REACH * right.height:
        return False
    both = Box(left.x0, min(left.y0, right.y0), right.x1, max(left.y1, right.y1))
    (members,) = assign(blobs, [both])
    order = sorted(members.tolist(), key=lambda i: blobs.x0[i])
    pos = next((k for k, i in enumerate(order) if blobs.x0[i] >= right.x0), None)
    return pos is not None and pos > 0 and at_pitch(blobs, order, pos, right.height)


def _grown(box: Box) -> Box:
    reach = round(GROW * box.height)
    return Box(box.x0 - reach, box.y0, box.x1 + reach, box.y1)


def _words(model: Recogniser, image: _Image, found: list[_Piece]) -> list[Glyph]:
    """Recognise every piece; free text is cut where an amount meets a label; dashes need no reading."""
    found = _lines_apart(model, image, found)
    line_height = int(np.median([p.box.height for p in found if not p.dash] or [0]))
    found = _parts_joined([p for p in found if not _rule_remnant(p.box, line_height)], line_height)
    found = [p for p in found if not _underline(p, found, line_height)]
    found = [p for p in found if not _shadow(p.box, image)]
    readable = [p for p in found if not p.dash]
    crops = [_crop(image.gray, p, line_height) for p in readable]
    squeezes = [squeeze(image.text_ink, p.box) for p in readable]
    read = [
        _recognise(model, pixels, s, p.box.width / max(1, p.box.height))
        for p, (pixels, _, _), s in zip(readable, crops, squeezes, strict=True)
    ]
    readings = iter(zip(read, crops, strict=True))
    cells: list[Glyph] = []
    free: list[Glyph] = []
    for piece in found:
        if piece.dash:
            (free if piece.detected else cells).append(_glyph("—", _line_tall(piece.box, line_height), image.scale))
            continue
        reading, (_, left, right) = next(readings)
        reading = _as_ones(reading, piece.box, image.text_ink, line_height, (left, right))
        if piece.detected and reading.score < MIN_SCORE:
            continue
        if piece.detected:
            parts = cut(reading, piece.box, (left, right), image.text_ink)
        else:
            parts = parted(reading, piece.box, (left, right), piece.edges, image.text_ink)
        words = [_glyph(word, box, image.scale) for text, box in parts if (word := normalise(text))]
        (free if piece.detected else cells).extend(words)
    return cells + bracketed(numbered(free))


def _parts_joined(found: list[_Piece], line_height: int) -> list[_Piece]:
    """A cell's pieces that are parts of one line of text (`_parts_of_one`), as one piece where the
    first of them stood."""
    joined: list[_Piece | None] = []
    in_cell: dict[Box, list[int]] = {}  # where in `joined` each cell's pieces stand: only those can join
    for piece in found:
        if piece.detected:
            joined.append(piece)
            continue
        cell = in_cell.setdefault(piece.clip, [])
        place = len(joined)
        while (k := next((k for k in cell if _parts_of_one(joined[k], piece, line_height)), None)) is not None:
            piece, place = _union(joined[k], piece), min(place, k)
            cell.remove(k)
            joined[k] = None
        if place == len(joined):
            joined.append(piece)
        else:
            joined[place] = piece
        cell.append(place)
    return [p for p in joined if p is not None]


def _parts_of_one(a: _Piece, b: _Piece, line_height: int) -> bool:
    """Two pieces of a cell that are parts of one line: a toner-starved print breaks its characters
    into parts, across (`_halves`: the recogniser reads each part as the whole, 栏次 over 栏次) or in
    bits that fall into two staggered lines (合's roof, its mouth beside 讠 half a line lower: read
    apart, —合计计). Not two dashes: == is no character."""
    if a.dash and b.dash:
        return False
    upper, lower = sorted((a.box, b.box), key=lambda box: box.y0)
    return _halves(upper, lower, line_height) or _overlapping(a.box, b.box)


def _overlapping(a: Box, b: Box) -> bool:
    """The boxes overlap across, and down by a good share of the shorter: not two lines set tight."""
    down = min(a.y1, b.y1) - max(a.y0, b.y0)
    return min(a.x1, b.x1) > max(a.x0, b.x0) and down >= OVERLAP_DOWN * min(a.height, b.height)


def _union(a: _Piece, b: _Piece) -> _Piece:
    return replace(a, box=a.box.joined(b.box), dash=False)


def _halves(a: Box, b: Box, line_height: int) -> bool:
    """`a` over `b`, one much less tall than a line, close, and together about one."""
    across = min(a.x1, b.x1) - max(a.x0, b.x0)
    return (
        min(a.height, b.height) < HALF_LINE * line_height
        and b.y0 - a.y1 <= HALF_GAP * line_height
        and max(a.y1, b.y1) - a.y0 <= JOINED_LINE * line_height
        and across >= 0  # one above the other, or touching at a corner: parts of one glyph
    )


def _underline(piece: _Piece, found: list[_Piece], line_height: int) -> bool:
    """A cell's thin piece close under a line of its text and as wide: a line drawn under an amount
    (a reader's pen), no text. Cropped a line tall, it took in the amount above and was read as it
    again (132.37 over 132.57), and the cell was unreadable. Parts of a broken line are joined first."""
    box = piece.box
    if piece.detected or piece.dash or box.height >= UNDERLINE_TALL * line_height:
        return False
    return any(
        other.clip == piece.clip
        and other.box.y1 <= box.y0 <= other.box.y1 + HALF_GAP * line_height
        and min(box.x1, other.box.x1) - max(box.x0, other.box.x0) >= UNDERLINE_SPAN * other.box.width
        for other in found
        if other is not piece and not other.dash
    )


def _shadow(box: Box, image: _Image) -> bool:
    """A piece with no stroke pixel (its own, or a neighbour's within half its height) SHADOW_CONTRAST
    under the grey about it (the rest of those pixels), as much less as glare veils it (`_paper_about`):
    no mark printed but a shadow. A screened fill beats against the scan's pixels into pale arcs, their
    troughs a few levels under the fill's grey and read as — and 0; print on a fill lies as far under
    it as on the paper."""
    pad = max(1, box.height // 2)
    around = (slice(max(0, box.y0 - pad), box.y1 + pad), slice(max(0, box.x0 - pad), box.x1 + pad))
    strokes = image.text_ink[around] > 0
    if strokes.all() or not strokes.any():
        return False
    grey = image.gray[around]
    ground = float(np.median(grey[~strokes]))
    _, veil = _paper_about(np.float32(ground), image.paper)
    return ground - float(grey[strokes].min()) < SHADOW_CONTRAST * float(veil)


def _rule_remnant(box: Box, line_height: int) -> bool:
    """A piece as narrow as a 1 and far taller than a line: what is left of an upright rule the ruling
    missed where it bends (a photo's lens bows the table's sides), read as 4 or 1 beside an amount."""
    return box.height >= REMNANT_TALL * line_height and box.width <= BAR_WIDE * line_height


def _lines_apart(model: Recogniser, image: _Image, found: list[_Piece]) -> list[_Piece]:
    """A cell's piece of wrapped lines run together (heavy print set tight) as its lines (`fused_lines`),
    unless it reads surely as one line of Chinese: in small print, the blank across a character (合's
    between its roof and its mouth) is as thin as a gap between lines, and 合计 was cut into two halves."""
    short = short_line([p.box.height for p in found if not p.dash])
    apart: list[_Piece] = []
    for piece in found:
        lines = [piece.box] if piece.detected or piece.dash else fused_lines(piece.box, image.text_ink, short)
        if len(lines) > 1 and _one_line(model, image.gray, piece):
            lines = [piece.box]
        apart.extend([piece] if len(lines) == 1 else [replace(piece, box=line) for line in lines])
    return apart


def _one_line(model: Recogniser, gray: np.ndarray, piece: _Piece) -> bool:
    crop, _, _ = _crop(gray, piece, piece.box.height)
    reading = model.read([Crop(crop)])[0]
    return reading.score >= SURE_SCORE and bool(_CHINESE.match(normalise(reading.text)))


def _as_ones(reading: Reading, box: Box, text_ink: np.ndarray, line_height: int, crop: tuple[int, int]) -> Reading:
    """A piece read as nothing, or as strokes a row of 1s passes for (not as Chinese: a Song face's 出
    whose hairlines the scan lost is upright bars too), whose ink is upright bars as tall as the
    page's lines (no stray piece of a rule): as many 1s as bars."""
    tall = abs(box.height - line_height) <= BAR_LINE * line_height
    bars = _bars(text_ink, box) if tall and set(reading.text) <= ONES_LOOKALIKE else []
    if not bars:
        return reading
    x0, x1 = crop
    return Reading("1" * len(bars), 1.0, tuple((x - x0) / (x1 - x0) for x in bars))


def _bars(text_ink: np.ndarray, box: Box) -> list[float]:
    """Where the piece's ink is upright bars and nothing else (specks aside), their centres in pixels
    of the page: a blurred serif 11 the recogniser reads as I or Ⅱ is two of them."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(text_ink[box.y0 : box.y1, box.x0 : box.x1], connectivity=8)
    x, w, h = stats[1:n, cv2.CC_STAT_LEFT], stats[1:n, cv2.CC_STAT_WIDTH], stats[1:n, cv2.CC_STAT_HEIGHT]
    big = h >= BAR_TALL * box.height
    if not big.any() or (w[big] > BAR_WIDE * h[big]).any() or (h[~big] > BAR_SPECK * box.height).any():
        return []
    return sorted(box.x0 + float(a + b / 2) for a, b in zip(x[big], w[big], strict=True))


def _recognise(model: Recogniser, pixels: np.ndarray, squeezed_by: float | None, squares: float) -> Reading:
    """A piece that looks Chinese is read squeezed first (half the recogniser's time), and that reading kept
    if it is confident Chinese text without a digit or a Latin letter; any other is read at full width.
    `squares`: the piece's ink, width over height: about how many Chinese characters it holds."""
    if squeezed_by is not None:
        squeezed = model.read([Crop(pixels, squeezed_by)])[0]
        if kept_squeezed(squeezed.score, normalise(squeezed.text)):
            return squeezed
    reading = model.read([Crop(pixels)])[0]
    if reading.score < SURE_SCORE:
        # faint print on grey paper (a dim, blurred scan): a serif 11 reads as Ⅱ, and as 11 once black on
        # white; a crisp one may read worse stretched (06 as %), so the surer reading is kept
        darker = _contrasted(pixels)
        again = model.read([Crop(darker)])[0]
        if again.score > reading.score:
            pixels, reading = darker, again
    return _reread_if_short(model, pixels, _reread_if_broken(model, pixels, reading), squares)


def _reread_if_short(model: Recogniser, pixels: np.ndarray, reading: Reading, squares: float) -> Reading:
    """Chinese text read with a character fewer than its ink is wide (总计 read as 计), read again wider.

    The first wider reading that is Chinese, holds what was read in order, and has more characters
    (no more than the ink has room for) replaces it: stretched, a character merged away comes back.
    """
    text = normalise(reading.text)
    if not text or not _CHINESE.match(text) or squares < len(text) + 1 - SHORT_SLACK:
        return reading

    def longer(again: str) -> bool:
        return bool(_CHINESE.match(again)) and len(text) < len(again) <= squares + SHORT_SLACK and in_order(text, again)

    return _read_wider(model, pixels, longer) or reading


def _reread_if_broken(model: Recogniser, pixels: np.ndarray, reading: Reading) -> Reading:
    """A reading that is an amount with a character missing (15,035,00.00; 1,503.5), read again wider.

    Stretched, the recogniser gives each glyph more time steps and brings back one it merged into its
    neighbour; the first wider reading printed like money replaces it, else it stays as read.
    """
    if not _broken_amount(normalise(reading.text)):
        return reading
    return (
        _read_wider(model, pixels, lambda text: not _broken_amount(text) and parse_amount(text) is not None) or reading
    )


def _read_wider(model: Recogniser, pixels: np.ndarray, accept: Callable[[str], bool]) -> Reading | None:
    """The first reading of the crop stretched by RETRY_STRETCH, in turn, whose text (normalised) `accept`s."""
    for stretch in RETRY_STRETCH:
        again = model.read([Crop(pixels, stretch)])[0]
        if accept(normalise(again.text)):
            return again
    return None


def _broken_amount(text: str) -> bool:
    """Digits and separators that do not make an amount as printed: bad grouping, a lone decimal, or a
    Latin letter or two glued to one end (no label in these tables does that)."""
    bare = _LETTERED.sub("", text)
    if not _AMOUNT_CHARS.match(bare) or not ("," in bare or "." in bare):
        return False
    return bare != text or parse_amount(text) is None or bool(_ONE_DECIMAL.search(text))


def _line_tall(box: Box, height: int) -> Box:
    """A dash's box as tall as a line of text, as the text layer's glyph is: rows are grouped by the
    vertical extent of their words, and a thin one would stand in a line of its own."""
    middle, half = (box.y0 + box.y1) // 2, max(box.height, height) // 2
    return Box(box.x0, middle - half, box.x1, middle + half)


def _glyph(text: str, box: Box, scale: float) -> Glyph:
    return Glyph(text, box.x0 / scale, box.y0 / scale, box.x1 / scale, box.y1 / scale)


def _crop(gray: np.ndarray, piece: _Piece, line_height: int) -> tuple[np.ndarray, int, int]:
    """The piece's image with a margin, and the crop's left and right edge in pixels of the page.

    The page's own margin is narrow (CROP_PAD, and within the piece's clip: a cell's inside), so that
    no neighbour's ink comes in; paper widens it to CROP_PAD_X beside the text and makes up for a rule
    standing closer: read tight against its last digit, 1,503.52 comes out as 1,503.5. A piece much
    less tall than the page's lines (faint digits whose ink the threshold cut short: 99 read as 9)
    is cut as tall as they are.
    """
    b, c = piece.box, piece.clip
    tall = line_height if b.height < SHORT_PIECE * line_height else b.height
    py = max(2, round(CROP_PAD * tall)) + (tall - b.height) // 2
    x0, x1, y0, y1 = max(c.x0, b.x0 - py), min(c.x1, b.x1 + py), max(c.y0, b.y0 - py), min(c.y1, b.y1 + py)
    image = gray[y0:y1, x0:x1]
    px = max(2, round(CROP_PAD_X * b.height))
    left, right = max(0, x0 - (b.x0 - px)), max(0, (b.x1 + px) - x1)
    top, bottom = max(0, y0 - (b.y0 - py)), max(0, (b.y1 + py) - y1)
    paper = int(np.median(image)) if image.size else 255
    image = cv2.copyMakeBorder(image, top, bottom, left, right, cv2.BORDER_CONSTANT, value=paper)
    return image, x0 - left, x1 + right


def _contrasted(image: np.ndarray) -> np.ndarray:
    """The crop's grey levels stretched from its darkest ink to its paper, black on white."""
    ink, paper = np.percentile(image, INK_PERCENTILE), float(np.median(image))
    if paper <= ink:
        return image
    return np.clip((image.astype(np.float32) - ink) * (255.0 / (paper - ink)), 0, 255).astype(np.uint8)
