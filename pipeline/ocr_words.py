"""Free text read by OCR cut into words as the text layer's glyphs make them.

A piece of ink is cut only at wide gaps (`pipeline.ink`), but the text layer makes words at much
narrower ones wherever digits meet other characters: the recognised characters, placed by the
recogniser, show where such a meeting is, and the blank between them decides. Numbering whose 、
merged into its numeral stands apart from its label in the ink; it is joined back here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from itertools import pairwise

import numpy as np

from pipeline.columns import LINE_NO_HEADINGS
from pipeline.glyph import Glyph
from pipeline.ink import Box, widest_run
from pipeline.ocr_rec import Reading
from pipeline.ocr_text import BARS
from pipeline.text import has_cjk, norm_label
from pipeline.vocab import column_headings, row_labels

SWITCH_GAP = 0.15  # × line height: where an amount meets a label this much blank makes two words, as in the text layer
WIDER = 1.5  # × the widest other blank in a number: what parts two amounts whose separators were misread
NUMBER_GAP = 0.5  # × line height: blank between two digits that parts two numbers (1 and 0 of 10 stand 0.3 apart)
PITCH_SLACK = 1.4  # × a number's digit pitch: digits no further apart (centre to centre) are one number, blank aside
SPECK_PITCHES = 3.0  # digit pitches: digits further apart across a point (a Song face's: 2.4), with more than…
SPECK_BLANK = 1.2  # … this many pitches of blank between them, have a speck between them, no point
HEADINGS_APART = 0.4  # × line height: a blank this wide at a merged cell's edge parts the headings either side
POINT_GAP = 1.0  # × line height: less blank between a whole number and two last digits is a lost point
_CENTS = re.compile(r"^\.?\d{2}$")  # two digits (or a point read faint and them) ending the reading
_AMOUNT_END = re.compile(r"\.\d{2}$")  # an amount's cents: no digit of the same number follows them
_CODE_PART_AFTER = re.compile(r"\d{2}(?!\d)")  # a 款 or 项 after a speck: two digits
_POINT_GROUPS = re.compile(r"\.\d{3}[.,]")  # 1.323.700.00: a point between thousands groups is a comma
# an amount and a code read as one (374,600.0030201): the rule between their cells faded, the two set close
_AMOUNT_THEN_CODE = re.compile(r"^(-?[\d,]*\d\.\d{2})\s*(\d{3}(?:\d{2}){0,2})$")
_WHOLE_NUMBER = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")  # 1,51 of 1,511.90 is none: it goes on
NUMBERING_REACH = 2.0  # × line height: how far after numbering (二、) its label may begin
BRACKET_REACH = 1.5  # × line height: how far beside a full-width bracket the rest of its label may stand
_OPENING, _CLOSING = "（(", "）)"
HEADING_START = 4  # characters: the shortest first line of a wrapped column heading told within a run
_NUMERALS = "一二三四五六七八九十百"
_NUMBERING = re.compile(f"^[{_NUMERALS}]+、?$")
_UNIT_AFTER = re.compile(r"[（(]万?元[）)]$")  # a column heading's unit, printed after it


def cut(reading: Reading, box: Box, crop: tuple[int, int], text_ink: np.ndarray) -> list[tuple[str, Box]]:
    """A piece of free text (its ink `box`, read from the crop spanning `crop` in x) as words with their boxes.

    It is cut where digits meet other characters, or another number, across a blank: a wide one
    between two digits (1 and 0 of 10 stand apart), any clear one after an amount's cents (21.21 31001,
    and 128.98.302, where the blank was read as a point).
    Column headings set closer than the ink's cut allows (行次 本年收入合计 财政拨款收入, in a cramped
    header) are parted between them too: their blanks are no wider than some within one heading.

    The text layer makes two words of an amount printed close before the next column's label or code
    (29400500.00  一、一般公共服务支出, 76100.00  31002) but one of 2022年度; the blank between the two
    characters, found in the ink between where each was read, decides it the same way.
    """
    x0, x1 = crop
    b = box
    xs = [x0 + c * (x1 - x0) for c in reading.centres]
    text = reading.text
    chars = [k for k, c in enumerate(text) if c.strip()]
    joins = _heading_joins(text)
    band = text_ink[b.y0 : b.y1]
    parts, start, left = [], 0, b.x0
    for a, k in pairwise(chars):
        numeric, end = (_numeric(text, a), _numeric(text, k)), k  # end: where the next word starts
        if numeric == (False, False):
            if k not in joins:
                continue
            least = 0.0
        else:
            cents = all(numeric) and bool(_AMOUNT_END.search(text[start:k].strip()))
            if cents and _stray_point(text, k):
                end = k + 1
            two_numbers = all(numeric) and not cents
            if two_numbers and not _WHOLE_NUMBER.match(text[start:k].strip()):
                continue  # the blank between two 1s of 1,511.90 is no end of a number
            number = (start, _number_end(text, k))
            speck = two_numbers and _speck_between(text, xs, band, number, k)
            maybe_comma = cents and "," not in text[start:k] and _POINT_GROUPS.search(text[slice(*number)])
            if (two_numbers or maybe_comma) and not speck and _at_pitch(text, xs, number, a, k):
                continue  # 1 32.37 of 132.37; 2.96 1.68 of 2,961.68, its point a comma
            least = (NUMBER_GAP if two_numbers and not speck else SWITCH_GAP) * b.height
            if speck:
                end = k + 1  # the speck goes with neither number
            elif two_numbers and "." not in text[start:k] and _CENTS.match(text[k:]):
                least = max(least, POINT_GAP * b.height)  # 11 00, 11 .00: cents after a faint point
            if cents and _points_for_commas(text, start, k):
                least = max(least, WIDER * _widest_other_blank(band, xs, number, k))
        gap = _widest_blank(band, round(xs[a]), round(xs[end]))
        if gap and gap[1] - gap[0] >= least:
            parts.append((text[start:k].strip(), Box(left, b.y0, gap[0], b.y1)))
            start, left = end, gap[1]
    parts.append((text[start:].strip(), Box(left, b.y0, b.x1, b.y1)))
    return parts


def parted(
    reading: Reading, box: Box, crop: tuple[int, int], edges: tuple[int, ...], text_ink: np.ndarray
) -> list[tuple[str, Box]]:
    """A merged cell's line (its ink `box`, read from the crop spanning `crop` in x) parted where it
    crosses one of the `edges` of the columns it spans with digits on one side, other text on the
    other and a blank between: a rule the scan lost there (173.61|本年支出合计, the bar read from what
    is left of it, or 本年收入合计 27); or Chinese either side of a blank as wide as two cells' padding,
    the edge in it: two headings (本年收入合计|财政拨款收入). A heading centred over columns on purpose
    has no amount there, and its characters stand no further apart at the edge than elsewhere."""
    x0, x1 = crop
    xs = [x0 + c * (x1 - x0) for c in reading.centres]
    text, band = reading.text, text_ink[box.y0 : box.y1]
    chars = [k for k, c in enumerate(text) if c.strip() and c not in BARS]
    parts, start, left = [], 0, box.x0
    for a, k in pairwise(chars):
        edge = next((e for e in edges if xs[a] < e <= xs[k]), None)
        if edge is None:
            continue
        gap = _widest_blank(band, round(xs[a]), round(xs[k]))
        mixed = _numeric(text, a) != _numeric(text, k)
        headings = has_cjk(text[a]) and has_cjk(text[k]) and bool(gap) and gap[0] <= edge <= gap[1]
        least = SWITCH_GAP if mixed else HEADINGS_APART if headings else None
        if gap and least is not None and gap[1] - gap[0] >= least * box.height:
            parts.append((text[start:k].strip(BARS + " "), Box(left, box.y0, gap[0], box.y1)))
            start, left = k, gap[1]
    if not parts:
        return _code_apart(text, xs, band, box) or [(text, box)]
    parts.append((text[start:].strip(BARS + " "), Box(left, box.y0, box.x1, box.y1)))
    return parts


def _code_apart(text: str, xs: list[float], band: np.ndarray, box: Box) -> list[tuple[str, Box]] | None:
    """An amount and the code after it (374,600.0030201), parted at the blank between them however
    narrow: a cell's figure ends at its cents, and a code of 3, 5 or 7 digits is none of its digits."""
    found = _AMOUNT_THEN_CODE.match(text)
    gap = found and _widest_blank(band, round(xs[found.end(1) - 1]), round(xs[found.start(2)]))
    if not gap:
        return None
    return [(found[1], Box(box.x0, box.y0, gap[0], box.y1)), (found[2], Box(gap[1], box.y0, box.x1, box.y1))]


def _stray_point(text: str, k: int) -> bool:
    """A point or comma after an amount's cents, digits after it: the blank between the amount and a
    code beside it read as a point (128.98.302 for 128.98  302), which has no ink of its own."""
    return text[k] in ".," and k + 1 < len(text) and text[k + 1].isdigit()


def _speck_between(text: str, xs: list[float], band: np.ndarray, run: tuple[int, int], k: int) -> bool:
    """The separator read at `k` stands in a blank wider than a point leaves: the digits either side
    of it stand more than SPECK_PITCHES of the run's digit pitch apart, and more than SPECK_BLANK of
    a pitch is blank between them, two digits follow it and no more. It is a speck between two
    numbers (210 · 11, a code's parts in their columns), not an amount's point, which its digits hug,
    nor a thousands comma (full-width ones stand a pitch clear of their digits: ２，９３２)."""
    if not (k > 0 and text[k] in ".:;．：" and _CODE_PART_AFTER.match(text, k + 1)):
        return False
    pitches = [xs[i + 1] - xs[i] for i in range(*run) if i + 1 < run[1] and text[i : i + 2].isdigit()]
    if not pitches:
        return False
    pitch = float(np.median(pitches))
    blank = int((~band[:, round(xs[k - 1]) : round(xs[k + 1])].any(axis=0)).sum())
    return xs[k + 1] - xs[k - 1] > SPECK_PITCHES * pitch and blank > SPECK_BLANK * pitch


def _points_for_commas(text: str, start: int, k: int) -> bool:
    """Points stand between thousands groups in the number from `start`, before `k` or in the digits
    after it: its commas were read as points, so what looks like its cents (1.32 of 1.323.700.00) may
    be none, and only a blank clearly wider than its others ends it there."""
    return bool(_POINT_GROUPS.search(text[start:k]) or _POINT_GROUPS.search(text[k : _number_end(text, k)]))


def _at_pitch(text: str, xs: list[float], run: tuple[int, int], a: int, k: int) -> bool:
    """Digits `a` and `k` stand as far apart as the run's other neighbouring digits: a narrow 1 leaves
    a blank around it as wide as one between numbers in small type (1 32.37 of 132.37, 2101 152, and
    2.96 1.68 of 2,961.68, its comma read as a point), but figures are set at one pitch, and a
    column's next number stands well beyond it. With no other two digits side by side, the pitch is
    taken across its separators: full-width figures (０．９５) stand an em apart, point and all."""
    others = [i for i in range(run[0], run[1] - 1) if i != a]
    pitches = [xs[i + 1] - xs[i] for i in others if text[i].isdigit() and text[i + 1].isdigit()]
    pitches = pitches or [xs[i + 1] - xs[i] for i in others]
    return bool(pitches) and text[a].isdigit() and xs[k] - xs[a] <= PITCH_SLACK * float(np.median(pitches))


def _number_end(text: str, k: int) -> int:
    while k < len(text) and _numeric(text, k):
        k += 1
    return k


def _widest_other_blank(band: np.ndarray, xs: list[float], run: tuple[int, int], k: int) -> int:
    """The widest blank between neighbouring characters of the run but the one before `k`, in pixels."""
    blanks = [_widest_blank(band, round(xs[i]), round(xs[i + 1])) for i in range(run[0], run[1] - 1) if i + 1 != k]
    return max((blank[1] - blank[0] for blank in blanks if blank), default=0)


def _heading_joins(text: str) -> set[int]:
    """Where a piece that is no label itself reads as two or more column headings run together
    (行次本年收入合计财政拨款收入), or the first lines of wrapped ones (一般公共预算财政拨政府性基金预算财政):
    the index of each heading's first character after the first."""
    name = norm_label(text)
    if any(c.isdigit() for c in text) or name in _headings() or name in row_labels():
        return set()
    chars = [k for k, c in enumerate(text) if c.strip()]
    starts = _segment("".join(text[k] for k in chars))
    return {chars[i] for i in starts[1:]} if starts else set()


@cache
def _headings() -> frozenset[str]:
    return column_headings() | set(LINE_NO_HEADINGS)


@cache
def _heading_starts() -> frozenset[str]:
    """The headings, and the first lines they wrap into (at least HEADING_START characters)."""
    return _headings() | {h[:n] for h in _headings() for n in range(HEADING_START, len(h))}


def _segment(text: str) -> tuple[int, ...] | None:
    """Where each part starts, of the fewest headings (or their first lines) that make up the text, if any do;
    a unit in brackets after a heading ends it (本年收入合计（元）财政拨款收入（元）)."""
    fewest: list[tuple[int, ...] | None] = [()] + [None] * len(text)  # the best split of text[:j]
    for j in range(1, len(text) + 1):
        for i in range(j):
            before, best = fewest[i], fewest[j]
            if before is None:
                continue
            if text[i:j] in _heading_starts():
                split = (*before, i)
            elif before and _UNIT_AFTER.fullmatch(text[i:j]):
                split = before
            else:
                continue
            if best is None or len(split) < len(best):
                fewest[j] = split
    return fewest[-1]


def _numeric(text: str, k: int) -> bool:
    """A digit or separator (full-width too: ２，９３２．３０ is set a character apart); a colon between
    digits is a separator read so (1511:89 is 1511.89)."""
    char = text[k]
    between = 0 < k < len(text) - 1 and text[k - 1].isdigit() and text[k + 1].isdigit()
    return char.isdigit() or char in ",.，．" or (char in ":;：；" and between)


def _widest_blank(band: np.ndarray, x0: int, x1: int) -> tuple[int, int] | None:
    """The widest run of ink-free columns of this band between x0 and x1, as [start, end)."""
    if x1 <= x0:
        return None
    run = widest_run(~band[:, x0:x1].any(axis=0))
    return (x0 + run[0], x0 + run[1]) if run else None


def numbered(words: list[Glyph]) -> list[Glyph]:
    """Numbering (二、) joined to the label after it: a 、 merged into its numeral leaves a wide gap.

    The text layer's glyph of 、 fills that gap, so there the two are one word, and only as one word
    does the label match (二、政府性基金预算财政拨款收入). A 、 the recogniser lost is put back.
    """

    def label(word: Glyph, words: list[Glyph]) -> Glyph | None:
        if not _NUMBERING.match(word.text):
            return None
        return _beside(word, words, NUMBERING_REACH, lambda t: has_cjk(t[:1]) and t[:1] not in _NUMERALS)

    return _joined(words, label, lambda word, after: word.text.rstrip("、") + "、" + after.text)


def bracketed(words: list[Glyph]) -> list[Glyph]:
    """A label broken at a full-width bracket joined again (因公出国（境） 费用, 维修 （护）费): （ and ）
    are drawn to one side of their square, and the blank they leave is as wide as one between words.
    A heading's unit in brackets ends it: the next column's heading may stand as close after it."""

    def rest(word: Glyph, words: list[Glyph]) -> Glyph | None:
        if _UNIT_AFTER.search(word.text):
            return None
        if word.text[-1:] in _CLOSING:
            return _beside(word, words, BRACKET_REACH, lambda t: has_cjk(t[:1]))
        if has_cjk(word.text[-1:]):
            return _beside(word, words, BRACKET_REACH, lambda t: t[:1] in _OPENING)
        return None

    return _joined(words, rest, lambda word, after: word.text + after.text)


def _joined(
    words: list[Glyph],
    after: Callable[[Glyph, list[Glyph]], Glyph | None],
    text: Callable[[Glyph, Glyph], str],
) -> list[Glyph]:
    """Each word with the word `after` it (if any) made one, its text `text` of the two."""
    out = sorted(words, key=lambda w: (w.top, w.x0))
    k = 0
    while k < len(out):
        word = out[k]
        other = after(word, out)
        if other is not None:
            out[k] = Glyph(
                text(word, other), word.x0, min(word.top, other.top), other.x1, max(word.bottom, other.bottom)
            )
            out.remove(other)
        else:
            k += 1
    return out


def _beside(word: Glyph, words: list[Glyph], reach: float, accept: Callable[[str], bool]) -> Glyph | None:
    """The nearest word starting right of this one on its line, within `reach` line heights, that `accept`s."""
    height = word.bottom - word.top
    beside = [
        w
        for w in words
        if 0 < w.x0 - word.x1 <= reach * height
        and min(w.bottom, word.bottom) - max(w.top, word.top) >= 0.5 * height
        and accept(w.text)
    ]
    return min(beside, key=lambda w: w.x0, default=None)
