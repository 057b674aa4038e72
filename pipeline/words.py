"""Glyphs → words → text lines, by position. Used for headings and for tables without rules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from statistics import median

from pipeline.glyph import Glyph
from pipeline.text import CJK
from pipeline.vocab import heading_words

AMOUNT = r"-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{2}"  # an amount as printed: grouped or not, two decimals
_AMOUNT_THEN_MORE = re.compile(rf"^({AMOUNT})(?={AMOUNT})")
TRACKED_MAX = 0.6  # of the glyph height: the widest letter spacing; wider gaps part words
TRACKING_SLACK = 0.05  # of the glyph height: letter-spaced gaps differ by no more
TRACKED_RUN = 3  # letter-spaced gaps in a row that show a line's tracking
SPACED_MAX = 4.0  # × the glyph height: the widest spacing of a word set out a character at a time (项　　目)
SPACED_SLACK = 0.25  # × the glyph height: its gaps differ by no more


@dataclass(frozen=True)
class Box(Glyph):
    """A word: glyphs merged, with the same geometry."""

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class Line(Box):
    words: tuple[Box, ...] = ()


def group_lines(items: list[Glyph] | list[Box]) -> list[list[Glyph | Box]]:
    """Items sharing a line with its first (by vertical centre): the centre of either falls within the
    other's height; top to bottom, left to right.

    The line does not grow with its members: a label centred between two wrapped header lines must
    not fuse those lines into one (their characters would interleave). Either way round, because an
    amount shrunk to fit its cell and set at its top (8,217,300.00 3.7 pt tall beside its row's 9.5 pt)
    comes first, its centre above those of its row: the row's words hold its centre, not it theirs.
    """
    lines: list[list] = []
    for item in sorted(items, key=_middle):
        if lines and (_within(item, lines[-1][0]) or _within(lines[-1][0], item)):
            lines[-1].append(item)
        else:
            lines.append([item])
    return [sorted(line, key=lambda g: g.x0) for line in lines]


def _middle(item: Glyph) -> float:
    return (item.top + item.bottom) / 2


def _within(item: Glyph, other: Glyph) -> bool:
    return other.top <= _middle(item) <= other.bottom


def words_of(glyphs: list[Glyph], gap_factor: float = 0.15, switch_factor: float = 0.05) -> list[Box]:
    """Split each line where the gap between glyphs exceeds a fraction of the glyph height, and is no
    letter spacing (`_spaced_gaps`, `_text_tracking`).

    Where digits meet Chinese characters a much smaller gap splits: a right-aligned amount printed
    just before the next column's label is two words, while 2022年度 (no gap at all) stays one.
    """
    words: list[Box] = []
    lines = group_lines(glyphs)
    heights = [_height(line) for line in lines]
    gaps = [[b.x0 - a.x1 for a, b in pairwise(line)] for line in lines]
    spaced = [_spaced_gaps(line_gaps, height, gap_factor) for line_gaps, height in zip(gaps, heights, strict=True)]
    text_tracking = _text_tracking(gaps, heights, spaced, gap_factor)
    for line, height, line_gaps, line_spaced in zip(lines, heights, gaps, spaced, strict=True):
        tracking = median(line_spaced) if line_spaced else text_tracking
        line_words, current = [], [line[0]]
        for g, gap in zip(line[1:], line_gaps, strict=True):
            switch = _is_digit(current[-1].text) != _is_digit(g.text) and gap > switch_factor * height
            letter_spaced = tracking is not None and abs(gap - tracking) <= TRACKING_SLACK * height
            if (gap > gap_factor * height or switch) and not letter_spaced:
                line_words.extend(_amounts_apart(current))
                current = [g]
            else:
                current.append(g)
        line_words.extend(_amounts_apart(current))
        words.extend(_spaced_out(line_words))
    return words


def _spaced_out(line: list[Box]) -> list[Box]:
    """The line's words, those set out a character at a time (项　　目, 预  算  数, 合　计) joined: single
    characters standing evenly apart that spell a word the tables print. Columns a character wide
    (类 款 项) spell none."""
    out: list[Box] = []
    i = 0
    while i < len(line):
        end = next((j for j in range(_even_run(line, i), i + 1, -1) if _spells(line[i:j])), i + 1)
        out.append(_merge(line[i:end]) if end > i + 1 else line[i])
        i = end
    return out


def _even_run(line: list[Box], i: int) -> int:
    """The end of the run of single characters from `i` standing evenly apart, at most SPACED_MAX apart."""
    if not _single(line[i]):
        return i + 1
    height, j = line[i].height, i + 1
    first = line[j].x0 - line[i].x1 if j < len(line) else 0.0
    while j < len(line) and _single(line[j]):
        gap = line[j].x0 - line[j - 1].x1
        if not 0 < gap <= SPACED_MAX * height or abs(gap - first) > SPACED_SLACK * height:
            break
        j += 1
    return j


def _single(word: Box) -> bool:
    return len(word.text) == 1 and bool(CJK.match(word.text))


def _spells(run: list[Box]) -> bool:
    return "".join(w.text for w in run) in heading_words()


def _height(line: list[Glyph]) -> float:
    return median(g.bottom - g.top for g in line) or 1.0


def _spaced_gaps(gaps: list[float], height: float, gap_factor: float) -> list[float]:
    """A line's letter-spaced gaps: runs of TRACKED_RUN or more alike gaps, each wide enough to split
    a word and narrower than a character (2 1 0 6 . 6 6, 2.5 pt after every character: the publisher's
    tracking). A column's gap stands alone, and so do those between labels one character wide (类 款 项
    in equal columns: two gaps alike, no run)."""
    runs: list[list[float]] = [[]]
    for gap in gaps:
        if not gap_factor * height < gap <= TRACKED_MAX * height:
            runs.append([])
        elif runs[-1] and abs(gap - runs[-1][0]) > TRACKING_SLACK * height:
            runs.append([gap])
        else:
            runs[-1].append(gap)
    return [gap for run in runs if len(run) >= TRACKED_RUN for gap in run]


def _text_tracking(
    gaps: list[list[float]], heights: list[float], spaced: list[list[float]], gap_factor: float
) -> float | None:
    """The letter spacing of text set spaced throughout, for lines too short to show it themselves (the
    page number - 12 -: 12's one gap, spaces either side): most gaps within words are letter-spaced."""
    within = sum(gap <= gap_factor * height for line, height in zip(gaps, heights, strict=True) for gap in line)
    tracked = [gap for line in spaced for gap in line]
    return median(tracked) if tracked and len(tracked) > within else None


def _amounts_apart(glyphs: list[Glyph]) -> list[Box]:
    """The word, or the amounts it runs together: set in a column too narrow for them, two amounts
    touch (1,809,200.001,709,200.00). Each has two decimals, so the first ends two digits after its
    point, and what follows is an amount again (12.3456 is one amount)."""
    if any(len(g.text) != 1 for g in glyphs):
        return [_merge(glyphs)]  # cut by character: only where each glyph is one
    words = []
    while first := _AMOUNT_THEN_MORE.match("".join(g.text for g in glyphs)):
        cut = len(first[1])
        words.append(_merge(glyphs[:cut]))
        glyphs = glyphs[cut:]
    return [*words, _merge(glyphs)]


def _is_digit(text: str) -> bool:
    return text[-1:].isdigit() or text[-1:] in ",."


def lines_of(glyphs: list[Glyph]) -> list[Line]:
    return joined_lines(words_of(glyphs))


def joined_lines(words: list[Box]) -> list[Line]:
    """Words side by side joined into text lines."""
    lines = []
    for group in group_lines(words):
        text = " ".join(w.text for w in group)
        lines.append(
            Line(
                text,
                min(w.x0 for w in group),
                min(w.top for w in group),
                max(w.x1 for w in group),
                max(w.bottom for w in group),
                tuple(group),
            )
        )
    return lines


def _merge(glyphs: list[Glyph]) -> Box:
    return Box(
        "".join(g.text for g in glyphs),
        min(g.x0 for g in glyphs),
        min(g.top for g in glyphs),
        max(g.x1 for g in glyphs),
        max(g.bottom for g in glyphs),
    )
