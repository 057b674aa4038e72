"""Ruling lines in a page image, as the same `Rule`s the vector reader finds in a PDF's paths.

Long thin runs of ink are rules: no stroke of a character is that long. Morphological opening with
a long horizontal (vertical) kernel keeps exactly those runs; each connected piece of what is left
is one rule. `pipeline.rules.lattice` then builds the grids, so scans and vector pages share it.
The search runs at the page's own resolution: shrunk, the gaps between characters close and a text
line's strokes run on as long as a rule.

Horizontal strokes of neighbouring characters touch (一般, 二十), so a horizontal rule must be long.
A vertical rule may be as short as one table row (the last row of a table, carried onto a page of
its own); a vertical stroke that long in a title character is told apart by meeting no horizontal rule.

A thin rule scanned grey and blurred is only partly dark: where it is missed, rows merge and its
pieces are read as dashes. So rules are also sought in the pale ink (what is only a little darker
than the paper), where a whole rule is one run. But the pale fringes of a blurred text line run
together (一一一 makes one long pale run), so a pale run is taken only when it holds a dark run twice
as long as a rule must be (a large title's 一般 is dark for 30 pt, and taken whole, 一 would be erased),
or reaches from one taken run across it to another, as a grid's rules do.

A worn photocopy leaves gaps in its rules, dark or pale: the runs and short pieces on one line with
gaps of up to BRIDGE_PT between them are one rule (`_bridged`), and the pieces go with its pixels.
Dashed or dotted rules between rows (`_dashed_rules`) are many short pieces alike, with blank around them.
A one-bit scan of hairlines breaks every rule into dashes, both ways, none a run: lines of pieces clear
of text either side that cross each other are the grid (`_pieced_uprights`), and level ones found only
against uprights bridged since are sought again (`_stepped_across`).

A copier's dirty drum draws a streak down the whole sheet. Its pieces in a table meet rules as an
upright does, but it runs on past the frame where the table's own rules end (`_off_streaks`); down an
unruled table it meets none, and is told by its length (`_streak_pieces`). Either way it leaves the text.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from statistics import median
from typing import TypeVar

import cv2
import numpy as np

from pipeline.curled_rules import curled_on
from pipeline.ink import chained, components, opened, painted
from pipeline.rules import Rule

T = TypeVar("T")

HORIZONTAL_MIN_PT = 30.0  # shortest horizontal run taken for a rule: touching strokes of a text line run 20 pt
VERTICAL_MIN_PT = 12.0  # shortest vertical run: a table row is at least 14 pt tall
MEET_PT = 3.0  # a vertical rule ends on or crosses a horizontal one within this distance
RULE_MAX_PT = 3.0  # thickest: anything thicker is a filled block (shading, a logo), not a rule
SLOPE_MAX = 0.02  # a rule left this far off level (a page's curl, which straightening cannot take out) is one
SIDE_PT = 0.7  # a run's sides are looked at this far beyond its edge …
SIDES_INKED = 0.25  # … and a text line's where both are inked along this share of it (a rule's: 0.05 at most)
ANCHOR = 2  # × the shortest run: a dark run this long takes its pale run in (a title's 一般 runs 30 pt)
BRIDGE_PT = 10.0  # widest gap a worn copy leaves in a rule that is bridged
CARRY_PT = 24.0  # widest gap a rule's line is carried on across to its pieces beyond (a header row is 20 pt)
PIECE_PT = 2.0  # shortest piece of a broken rule kept between its gaps
ALIGN_PT = 1.0  # a rule's pieces lie this close to one line
DASHES_MIN = 8  # pieces that make a dashed rule: alike in length, …
DASH_MAX_PT = 6.0  # … short (a dash, a dot), …
DASH_SPREAD = 2.0  # … most as long as the usual one, give or take this factor, …
DASH_CLEAR_PT = 1.5  # … with blank up to this far above and below …
DASH_FRINGE_PT = 0.5  # … beyond its blurred edge …
DASHES_CLEAR = 0.5  # … for this share of them (a text line's strokes: next to none)
DASHES_ALIKE = 0.8  # share of the pieces within DASH_SPREAD of the usual length
WORN_INKED = 0.6  # share of its length a stretch of pieces alone inks to be a worn rule
PILED_MIN_PT = 3 * HORIZONTAL_MIN_PT  # shortest rule found from level pieces alone: most of a table's width
EDGE_RULES = 3  # rules running on past a table's last (first) rule across and ending together: its lost edge
STREAK_PAST_PT = 2 * CARRY_PT  # a rule alone running on this far past the frame is a copier's streak
STREAK_RUN_PT = CARRY_PT  # an upright run this long is no character's stroke (a title's are 20 pt) …
STREAK_SPAN = 0.5  # … and with its line's pieces reaching over this share of the page's height, a streak
SHEET_EDGE_PT = 2.0  # a rule this close to the image's edge is the edge of a copy's dark surround


@dataclass(frozen=True)
class Ruling:
    rules: list[Rule]  # in points
    mask: np.ndarray  # the rules' pixels (255), to take them out of the text


def find_ruling(ink: np.ndarray, pale: np.ndarray, faint: np.ndarray, scale: float) -> Ruling:
    """Rules of a page image drawn at `scale` pixels per point, from its ink, its pale ink and its faint
    lines (`pipeline.faint_rules`), all 255 where found. A long faint line anchors its pale run as a long
    dark run does."""
    h_size, v_size = (max(3, round(HORIZONTAL_MIN_PT * scale)), 1), (1, max(3, round(VERTICAL_MIN_PT * scale)))
    h_dark, v_dark = opened(ink, h_size), opened(ink, v_size)
    marked, pale = cv2.bitwise_or(ink, faint), cv2.bitwise_or(pale, faint)
    h_pale, v_pale = (
        _PaleRuns(opened(marked, (ANCHOR * h_size[0], 1)), opened(pale, h_size), True, scale),
        _PaleRuns(opened(marked, (1, ANCHOR * v_size[1])), opened(pale, v_size), False, scale),
    )
    _keep_grid_runs(h_pale, v_pale)
    horizontal = _off_text(cv2.bitwise_or(h_dark, h_pale.mask()), ink, True, scale)
    vertical = _off_text(cv2.bitwise_or(v_dark, v_pale.mask()), ink, False, scale)
    v_runs = _runs(vertical, False, scale)
    # a piece crossed by a rule the other way is cut there: whole, it is as thick as that rule is long
    h_taken = cv2.bitwise_or(horizontal, vertical)
    uprights = list(v_runs.rules.values())
    h_runs, h_short = _runs(horizontal, True, scale), _short_runs(ink, h_taken, True, scale)
    pieced = _pieced_uprights(ink, h_taken, h_short, h_runs, scale)
    h_rules, h_pieces = _bridged(h_runs, h_short, ink, uprights + pieced.rules, True, scale)
    inked = cv2.bitwise_or(ink, pale)  # a thin rule's bent end, scanned grey, is partly pale
    h_rules, h_curls = curled_on(h_rules, uprights, inked, scale, MEET_PT)
    v_rules, v_pieces, v_curls, v_taken = _uprights_between(v_runs, pieced, ink, inked, horizontal, h_rules, scale)
    if any(rule not in uprights for rule in v_rules):
        stepped, stepped_pieces = _stepped_across(ink, cv2.bitwise_or(h_taken, h_pieces), h_rules, v_rules, scale)
        if stepped:  # the uprights' pieces between rows found only now are bridged over them too
            h_rules, h_pieces = h_rules + stepped, cv2.bitwise_or(h_pieces, stepped_pieces)
            v_rules, v_pieces, v_curls, v_taken = _uprights_between(
                v_runs, pieced, ink, inked, horizontal, h_rules, scale
            )
    dashed, dashes = _dashed_rules(ink, cv2.bitwise_or(h_taken, h_pieces), scale)
    h_edges, v_edges = _lost_edges(v_rules, h_rules), _lost_edges(h_rules, v_rules)
    edge_pieces = _pieces_on(h_edges + v_edges, ink, cv2.bitwise_or(h_taken, h_pieces), scale)
    h_rules += dashed + h_edges
    height, width = (length / scale for length in ink.shape)
    v_rules = _off_streaks(v_rules + v_edges, _inside(h_rules, height), list(v_runs.rules.values()))
    h_rules = _off_streaks(h_rules, _inside(v_rules, width), list(h_runs.rules.values()))
    mask = cv2.bitwise_or(cv2.bitwise_or(horizontal, v_taken), cv2.bitwise_or(h_pieces, v_pieces))
    mask = cv2.bitwise_or(mask, cv2.bitwise_or(dashes, edge_pieces))
    mask = cv2.bitwise_or(mask, cv2.bitwise_or(h_curls, v_curls))
    mask = cv2.bitwise_or(mask, _streak_pieces(ink, mask, scale))
    return Ruling([_reaching(r, v_rules) for r in h_rules] + [_reaching(r, h_rules) for r in v_rules], mask)


@dataclass(frozen=True)
class _Pieced:
    """Upright rules found from their pieces alone (`_pieced_uprights`), and those pieces as a mask."""

    rules: list[Rule]
    mask: np.ndarray


def _uprights_between(
    v_runs: _Runs,
    pieced: _Pieced,
    ink: np.ndarray,
    inked: np.ndarray,
    horizontal: np.ndarray,
    h_rules: list[Rule],
    scale: float,
) -> tuple[list[Rule], np.ndarray, np.ndarray, np.ndarray]:
    """The upright rules: the runs meeting a level rule, bridged and with their curled ends, and those
    found from pieces alone where no run lies on their line; their pieces, curls and runs as masks."""
    v_kept = {label: rule for label, rule in v_runs.rules.items() if _meets(rule, h_rules)}
    v_taken = v_runs.painted(v_kept)  # a run meeting no rule may yet be a piece of a broken one
    v_short = _short_runs(ink, cv2.bitwise_or(v_taken, horizontal), False, scale)
    v_rules, v_pieces = _bridged(_Runs(v_runs.labels, v_runs.stats, v_kept), v_short, ink, h_rules, False, scale)
    v_rules, v_curls = curled_on(v_rules, h_rules, inked, scale, MEET_PT)
    v_rules += [rule for rule in pieced.rules if not any(_overlaps(rule, other) for other in v_rules)]
    return v_rules, cv2.bitwise_or(v_pieces, pieced.mask), v_curls, v_taken


def _off_text(runs: np.ndarray, ink: np.ndarray, horizontal: bool, scale: float) -> np.ndarray:
    """The runs but those inked close beside them on both sides along much of their length (SIDES_INKED):
    heavy print's strokes run together, across a title's characters (一般公共预算 for 90 pt) or down the
    lines of a wrapped header (预算财政拨款's right strokes for 20 pt), the rest of each character
    beside them, where a rule has paper but for the rules crossing it."""
    n, labels, stats, _ = components(runs)
    k = max(1, round(SIDE_PT * scale))
    text = [label for label in range(1, n) if _sides_inked(stats[label], ink if horizontal else ink.T, k, horizontal)]
    if not text:
        return runs
    return cv2.bitwise_and(runs, cv2.bitwise_not(painted(labels, stats, text)))


def _sides_inked(stat: np.ndarray, ink: np.ndarray, k: int, horizontal: bool) -> bool:
    """`ink` is the page's, transposed for an upright run."""
    x, y, w, h = stat[:4].tolist() if horizontal else stat[[1, 0, 3, 2]].tolist()
    before, after = ink[max(0, y - k), x : x + w], ink[min(ink.shape[0] - 1, y + h - 1 + k), x : x + w]
    return min(np.count_nonzero(before), np.count_nonzero(after)) >= SIDES_INKED * w


def _dashed_rules(ink: np.ndarray, taken: np.ndarray, scale: float) -> tuple[list[Rule], np.ndarray]:
    """Dashed rules between rows (a table ruled so, with no rules upright for a worn rule's pieces to end
    on), and their dashes as a mask: many short level pieces on one line, alike in length, most with
    blank just above and below them, where a text line's strokes have the rest of their characters.
    Left in the text, each dash read as an empty amount's —, and the dashes made rows."""
    size = (max(3, round(PIECE_PT * scale)), 1)
    runs = _runs(cv2.bitwise_and(opened(ink, size), cv2.bitwise_not(taken)), True, scale)
    lines = chained(
        sorted(runs.rules.items(), key=lambda kv: kv[1].at),
        lambda c, kv: kv[1].at - c[0][1].at <= ALIGN_PT,
        settled=True,
    )
    rules, chosen, clear = [], [], _clear(runs, ink, True, scale)
    for line in lines:
        line.sort(key=lambda kv: kv[1].a)
        for chain in chained(line, lambda c, kv: 0 <= kv[1].a - c[-1][1].b <= BRIDGE_PT):
            pieces = [rule for _, rule in chain]
            if _dashed(pieces) and _isolated(clear, [label for label, _ in chain]):
                rules.append(Rule(True, median(r.at for r in pieces), pieces[0].a, pieces[-1].b))
                chosen.extend(label for label, _ in chain)
    return rules, runs.painted(chosen)


def _dashed(pieces: list[Rule]) -> bool:
    """Many pieces over a rule's length, most of them about as long as the usual one (a worn copy loses
    dashes here and there, so the gaps between them vary up to BRIDGE_PT), and short: a row of 一 is
    strokes as alike, each a character wide."""
    if len(pieces) < DASHES_MIN or pieces[-1].b - pieces[0].a < HORIZONTAL_MIN_PT:
        return False
    lengths = [r.b - r.a for r in pieces]
    usual = median(lengths)
    alike = sum(usual / DASH_SPREAD <= v <= usual * DASH_SPREAD for v in lengths)
    return usual <= DASH_MAX_PT and alike >= DASHES_ALIKE * len(lengths)


def _isolated(clear: np.ndarray, labels: Iterable[int]) -> bool:
    """Most of the pieces (by label) are clear of ink above and below them (`_clear`): a blurred dash
    inks a little beyond its core; a stroke of a character has the rest of it there."""
    flags = [bool(clear[label]) for label in labels]
    return sum(flags) >= DASHES_CLEAR * len(flags)


def _bridged(
    runs: _Runs, short: _Runs, ink: np.ndarray, across: list[Rule], horizontal: bool, scale: float
) -> tuple[list[Rule], np.ndarray]:
    """The rules with the gaps a worn copy left in them bridged, and the pieces between the gaps (too
    short to be taken for rules on their own, and read as dashes if left in the text) as a mask.

    A rule broken by gaps of up to BRIDGE_PT is one rule again: its pieces lie on one line, one piece
    at least as long as a rule must be, or level pieces worn all along (`_worn_through`). No text
    stands on a rule's line between its pieces; beyond them it may (`_trimmed`)."""
    lines = sorted(rule.at for rule in runs.rules.values())
    on_a_line = [(rule, label) for label, rule in short.rules.items() if _near_any(rule.at, lines)]
    segments: list[tuple[Rule, int | None]] = [(rule, None) for rule in runs.rules.values()] + on_a_line
    rules, pieces, loose = [], [], []
    for chain in _chains(segments):
        if any(label is None for _, label in chain):
            chain = _trimmed(chain, across)
        elif not horizontal or not _worn_through(chain, across):
            # upright pieces alone may be digits' strokes row under row (the 0s of 2080506 over 2080599)
            loose.append(chain)
            continue
        rules.append(_rule_of(chain, horizontal))
        pieces.extend(label for _, label in chain if label is not None)
    for chain in loose:
        if (k := _carried_on(chain, rules, across)) is not None:
            rule, (start, end) = rules[k], _span(chain)
            rules[k] = Rule(horizontal, rule.at, min(rule.a, start), max(rule.b, end))
            pieces.extend(label for _, label in chain if label is not None)
    if horizontal:
        stepping = _stepping_rules(short, lines, ink, across, scale)
        rules += [rule for rule, _ in stepping]
        pieces += [label for _, chain in stepping for _, label in chain]
    return rules, short.painted(pieces)


def _stepped_across(
    ink: np.ndarray, taken: np.ndarray, rules: list[Rule], across: list[Rule], scale: float
) -> tuple[list[Rule], np.ndarray]:
    """Level rules worn all along (`_stepping_rules`) that only the uprights bridged since show to run
    across a table: a bilevel scan breaks every rule into dashes both ways, so the first search had
    only the few uprights left whole enough to be runs. With their pieces, as a mask."""
    short = _short_runs(ink, taken, True, scale)
    stepping = _stepping_rules(short, [rule.at for rule in rules], ink, across, scale)
    return [rule for rule, _ in stepping], short.painted(label for _, chain in stepping for _, label in chain)


def _pieced_uprights(ink: np.ndarray, taken: np.ndarray, level_short: _Runs, h_runs: _Runs, scale: float) -> _Pieced:
    """Upright rules of a grid a bilevel scan broke into dashes every way, none left whole enough to be
    a run: pieces worn all along a line (`_pieced`), crossing EDGE_RULES or more level lines of pieces
    found so too. Each way alone, a column of 1s or a row of 一 may pass; a grid's rules cross each other,
    and a stroke has the rest of its character beside it."""
    level = _pieced(level_short, [rule.at for rule in h_runs.rules.values()], ink, True, scale)
    rows = [_rule_of(chain, True) for chain, _ in level]
    if len(rows) < EDGE_RULES:
        return _Pieced([], np.zeros_like(ink))
    short = _short_runs(ink, taken, False, scale)
    off_rows = ink.copy()  # an upright's pieces meet the rows': only text beside them counts against them
    reach = round(2 * DASH_CLEAR_PT * scale)
    for row in rows:
        y, left, right = (round(v * scale) for v in (row.at, row.a, row.b))
        off_rows[max(0, y - reach) : y + reach + 1, max(0, left - reach) : right + reach] = 0
    found = [
        (_rule_of(chain, False), labels)
        for chain, labels in _pieced(short, [], off_rows, False, scale)
        if sum(_crosses(_rule_of(chain, False), row) for row in rows) >= EDGE_RULES
    ]
    return _Pieced([rule for rule, _ in found], short.painted(label for _, labels in found for label in labels))


def _pieced(
    short: _Runs, lines: list[float], ink: np.ndarray, horizontal: bool, scale: float
) -> list[tuple[list[tuple[Rule, int | None]], list[int]]]:
    """Chains of short pieces on lines other than `lines` where pieces clear of ink either side pile up
    (`_piled_lines`), running as long as a table's rule (level: PILED_MIN_PT; upright: two rows), inking
    most of it, most of their pieces clear (`_isolated`); each with its pieces' labels. A page
    of text piles its strokes up line by line, next to none of them clear: it is passed over at once."""
    shortest = PILED_MIN_PT if horizontal else 2 * VERTICAL_MIN_PT
    clear = _clear(short, ink, horizontal, scale)
    piled = _piled_lines(_Runs(short.labels, short.stats, {k: r for k, r in short.rules.items() if clear[k]}), lines)
    found = []
    for chain in _chains_on(short, piled):
        start, end = _span(chain)
        labels = [label for _, label in chain if label is not None]
        if end - start >= shortest and _inks_most(chain, start, end) and _isolated(clear, labels):
            found.append((chain, labels))
    return found


def _clear(short: _Runs, ink: np.ndarray, horizontal: bool, scale: float) -> np.ndarray:
    """By label, whether the piece has no ink from DASH_FRINGE_PT to DASH_CLEAR_PT beyond its sides
    (above and below a level piece, left and right of an upright one), all pieces at once from the
    ink's running sums."""
    fringe, reach = max(1, round(DASH_FRINGE_PT * scale)), max(2, round(DASH_CLEAR_PT * scale))
    sums = cv2.integral((ink > 0).astype(np.uint8))
    x, y, w, h = (short.stats[:, k].astype(np.int64) for k in range(4))
    if horizontal:
        sides = [(y - reach, y - fringe, x, x + w), (y + h + fringe, y + h + reach, x, x + w)]
    else:
        sides = [(y, y + h, x - reach, x - fringe), (y, y + h, x + w + fringe, x + w + reach)]
    inked = sum(_box_sums(sums, *side) for side in sides)
    return inked == 0


def _box_sums(sums: np.ndarray, top: np.ndarray, bottom: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """The sums over boxes (rows top to bottom, columns left to right, clipped to the image) of the image
    whose running sums (`cv2.integral`) are `sums`."""
    rows, cols = sums.shape[0] - 1, sums.shape[1] - 1
    top, left = np.clip(top, 0, rows), np.clip(left, 0, cols)
    bottom, right = np.clip(bottom, top, rows), np.clip(right, left, cols)
    return sums[bottom, right] - sums[top, right] - sums[bottom, left] + sums[top, left]


def _chains_on(short: _Runs, lines: list[float]) -> list[list[tuple[Rule, int | None]]]:
    """The pieces on the (sorted) lines, chained along each and carried over its wider gaps."""
    if not lines:  # most pages: no piece need be looked at
        return []
    on_lines = [(rule, label) for label, rule in short.rules.items() if _near_any(rule.at, lines)]
    return _carried_over_gaps(_chains(on_lines))


def _near_any(at: float, lines: list[float]) -> bool:
    """`at` lies within ALIGN_PT of one of the sorted `lines`."""
    k = bisect_left(lines, at - ALIGN_PT)
    return k < len(lines) and lines[k] <= at + ALIGN_PT


def _overlaps(rule: Rule, other: Rule) -> bool:
    """Two rules the same way on one line (ALIGN_PT), overlapping."""
    return abs(rule.at - other.at) <= ALIGN_PT and rule.a < other.b and other.a < rule.b


def _carried_on(chain: list[tuple[Rule, int | None]], rules: list[Rule], across: list[Rule]) -> int | None:
    """The rule whose line a chain of pieces alone carries on beyond a wider gap (up to a row's height,
    CARRY_PT) out to a rule across, inking most of its way (WORN_INKED): a fax's rule, worn to specks
    over a header row. Digits' strokes row under row (codes set flush left, their 1s under the end of a
    header's rule) ink a character's height of each row."""
    (start, end), line = _span(chain), _rule_of(chain, False).at
    if not _inks_most(chain, start, end):
        return None
    for k, rule in enumerate(rules):
        if abs(rule.at - line) > ALIGN_PT:
            continue
        if 0 < rule.a - end <= CARRY_PT and _on_a_rule(start, line, across):
            return k
        if 0 < start - rule.b <= CARRY_PT and _on_a_rule(end, line, across):
            return k
    return None


def _stepping_rules(
    short: _Runs, lines: list[float], ink: np.ndarray, across: list[Rule], scale: float
) -> list[tuple[Rule, list[tuple[Rule, int | None]]]]:
    """Level rules on lines of no run (`_piled_lines`), each with its pieces: pieces worn all along
    (`_worn_through`, worn through for up to a row's height in places: `_carried_over_gaps`) that run
    on across a rule upright (`_runs_across`) and stand clear of ink above and below (`_isolated`), as
    strokes of a label or amount filling its cell from rule to rule do not."""
    found, clear = [], _clear(short, ink, True, scale)
    for chain in _chains_on(short, _piled_lines(short, lines)):
        clear_of_ink = _isolated(clear, [label for _, label in chain])
        if _worn_through(chain, across) and _runs_across(chain, across) and clear_of_ink:
            found.append((_rule_of(chain, True), chain))
    return found


def _carried_over_gaps(chains: list[list[tuple[Rule, int | None]]]) -> list[list[tuple[Rule, int | None]]]:
    """Chains of pieces on one line a wider gap apart (up to CARRY_PT) joined: a fax dithers a rule into
    pieces and wears it through for more than BRIDGE_PT in places, and neither part alone reaches from
    rule to rule across."""
    joined: list[list[tuple[Rule, int | None]]] = []
    for chain in sorted(chains, key=lambda c: _span(c)[0]):
        before = next((j for j in reversed(joined) if abs(j[-1][0].at - chain[0][0].at) <= ALIGN_PT), None)
        if before is not None and 0 <= _span(chain)[0] - _span(before)[1] <= CARRY_PT:
            before.extend(chain)
        else:
            joined.append(list(chain))
    return joined


def _short_runs(ink: np.ndarray, taken: np.ndarray, horizontal: bool, scale: float) -> _Runs:
    """Runs of ink one way as short as a worn rule's pieces, outside what is taken."""
    size = (max(3, round(PIECE_PT * scale)), 1) if horizontal else (1, max(3, round(PIECE_PT * scale)))
    return _runs(cv2.bitwise_and(opened(ink, size), cv2.bitwise_not(taken)), horizontal, scale)


def _lost_edges(rules: list[Rule], across: list[Rule]) -> list[Rule]:
    """A table's outer rules across `rules` that a worn copy lost past bridging: EDGE_RULES of them,
    each crossing two or more of `across`, run on past those and end together on nothing (no rule
    across, nor the rest of their own, within a gap a worn copy leaves). An edge runs as far as the
    rules those cross. Without it the row (总计) or column it closes lay outside the grid."""
    edges = []
    for far in (True, False):
        loose = []
        for rule in rules:
            if rule.b - rule.a < 2 * (HORIZONTAL_MIN_PT if rule.horizontal else VERTICAL_MIN_PT):
                continue  # a table's rule spans rows (columns); a stroke of text showing through does not
            crossed = [other for other in across if _crosses(rule, other)]
            end = rule.b if far else rule.a
            if len(crossed) >= 2 and not _near_a_rule(end, rule, rules, across):
                loose.append((end, crossed))
        for group in chained(sorted(loose, key=lambda e: e[0]), lambda c, e: e[0] - c[0][0] <= MEET_PT):
            if len(group) >= EDGE_RULES:
                crossed = [other for _, others in group for other in others]
                at = median(end for end, _ in group)
                edge = Rule(crossed[0].horizontal, at, min(o.a for o in crossed), max(o.b for o in crossed))
                if len(_through(edge, rules)) < len(group):
                    edges.append(edge)
    return edges


def _through(edge: Rule, rules: list[Rule]) -> list[Rule]:
    """The rules running on through the line of an edge, within its span: a table's edge has none of its
    rules beyond it. Pieces of broken hairlines may end together inside a table (trimmed where the
    decimal points of a column of amounts stand on their line) while whole rules run on past."""
    return [
        rule
        for rule in rules
        if rule.a < edge.at - MEET_PT and rule.b > edge.at + MEET_PT and edge.a <= rule.at <= edge.b
    ]


def _streak_pieces(ink: np.ndarray, taken: np.ndarray, scale: float) -> np.ndarray:
    """A copier's drum streak where it is no rule (down an unruled table, or beside a ruled one), as a
    mask: thin upright pieces on one line, one of them STREAK_RUN_PT long at least (or EDGE_RULES of
    them a table row's height: a streak drawn in stretches), reaching over STREAK_SPAN of the page's
    height. Left in the text, its pieces read as 1, ! or i between columns. A stroke of a character is
    shorter, but for a title's, and a title is one line."""
    short = _short_runs(ink, taken, False, scale)
    lines = _drifting_lines(list(short.rules.items()), lambda kv: kv[1].at)
    reach = STREAK_SPAN * ink.shape[0] / scale
    chosen = []
    for line in lines:
        pieces = [rule for _, rule in line]
        longest, span = max(r.b - r.a for r in pieces), max(r.b for r in pieces) - min(r.a for r in pieces)
        stretches = _one_under_another([r for r in pieces if r.b - r.a >= VERTICAL_MIN_PT])
        if (longest >= STREAK_RUN_PT or stretches >= EDGE_RULES) and span >= reach:
            chosen.extend(label for label, _ in line)
    return short.painted(chosen)


def _one_under_another(pieces: list[Rule]) -> int:
    """How many of the upright pieces stand one under another, each below the last counted: a title's
    strokes, side by side on its one line, count once (so many aligned were taken for a streak's
    stretches, down an unruled table's labels set at a CJK face's even pitch)."""
    count, bottom = 0, -math.inf
    for piece in sorted(pieces, key=lambda r: r.a):
        if piece.a >= bottom:
            count, bottom = count + 1, piece.b
    return count


def _off_streaks(rules: list[Rule], across: list[Rule], runs: Sequence[Rule] = ()) -> list[Rule]:
    """The rules less the pieces of a copier's drum streak: a line down the whole sheet, found as
    pieces of a rule, one of which runs on past the table's frame (where EDGE_RULES of the table's
    rules end) by more than two rows on nothing, as no rule of a table does (one whose last row's rule
    a worn copy lost runs on a row). The streak's pieces lie on a line drifting a little, each within
    ALIGN_PT of the next. A streak that ran down beside a rule was bridged into it: a line whose pieces
    past the frame start on its other side (a streak runs on past both), or that the rows across end
    on (an outer rule), is that rule, cut back to it.
    A streak drawn in stretches may leave none of its pieces in the frame joined to one past it: there
    a run (of the thin ones this way, `runs`, rules or not) past the frame tells it (`_streaked`), and
    its pieces in the frame reaching neither end of it are dropped."""
    first, last = min((o.at for o in across), default=0.0), max((o.at for o in across), default=0.0)
    if last - first <= STREAK_PAST_PT:
        return rules  # no frame to run past, or one too small to tell a streak by
    lines = _drifting_lines(list(enumerate(rules)), lambda kr: kr[1].at)
    cut: dict[int, Rule | None] = {}
    for line in lines:
        past = [rule for _, rule in line if _past_the_frame(rule, rules, first, last)]
        ruled = all(_framing(rule, first, last) or _edging(rule, across) for rule in past)
        for k, rule in line if past else ():
            cut[k] = Rule(rule.horizontal, rule.at, max(rule.a, first), min(rule.b, last)) if ruled else None
        if not past and _streaked(median(rule.at for _, rule in line), runs, first, last):
            cut.update((k, None) for k, rule in line if not _framing(rule, first, last))
    kept = [cut.get(k, rule) for k, rule in enumerate(rules)]
    return [rule for rule in kept if rule is not None]


def _inside(rules: list[Rule], extent: float) -> list[Rule]:
    """The rules but those along the image's edges (within SHEET_EDGE_PT; `extent` is the image's length
    across them): the edges of a copy's dark surround, which frame no table."""
    return [rule for rule in rules if SHEET_EDGE_PT < rule.at < extent - SHEET_EDGE_PT]


def _framing(rule: Rule, first: float, last: float) -> bool:
    """The rule reaches the frame's first or last rule across, as a table's own rules do."""
    return abs(rule.a - first) <= MEET_PT or abs(rule.b - last) <= MEET_PT


def _edging(rule: Rule, across: list[Rule]) -> bool:
    """EDGE_RULES or more rules across end on the rule, within its length: it is a table's outer rule
    (a streak beside it bridged in, running on past the frame both ways), not a streak crossing rows."""
    ending = [
        other
        for other in across
        if rule.a <= other.at <= rule.b and min(abs(other.a - rule.at), abs(other.b - rule.at)) <= MEET_PT
    ]
    return len(ending) >= EDGE_RULES


def _streaked(line: float, runs: Sequence[Rule], first: float, last: float) -> bool:
    """A run on the line (within MEET_PT: a streak drifts) reaches past the frame by more than
    STREAK_PAST_PT: a stretch of a streak. No rule of a table runs on there cut off from itself."""
    return any(
        abs(run.at - line) <= MEET_PT and (run.b > last + STREAK_PAST_PT or run.a < first - STREAK_PAST_PT)
        for run in runs
    )


def _drifting_lines(items: list[T], at: Callable[[T], float]) -> list[list[T]]:
    """The items gathered into lines by where they stand across (`at`), each within ALIGN_PT of the
    one before: a streak drifts a little off its line down the page."""
    return chained(sorted(items, key=at), lambda line, item: at(item) - at(line[-1]) <= ALIGN_PT, settled=True)


def _past_the_frame(rule: Rule, rules: list[Rule], first: float, last: float) -> bool:
    """The rule crosses the page's first or last rule across (`first`, `last`), one EDGE_RULES other
    rules this way end on, and runs on past it by more than STREAK_PAST_PT. (A worn rule's piece ending
    inside the table is no streak, however far past the last rule across it crosses.)"""
    for edge, past in ((first, first - rule.a), (last, rule.b - last)):
        if past <= STREAK_PAST_PT or not _passes(rule, edge):
            continue
        ending = sum(abs(end - edge) <= MEET_PT for other in rules if other is not rule for end in (other.a, other.b))
        if ending >= EDGE_RULES:
            return True
    return False


def _pieces_on(edges: list[Rule], ink: np.ndarray, taken: np.ndarray, scale: float) -> np.ndarray:
    """What is left of lost edges (pieces OCR would read as dashes), as a mask."""
    mask = np.zeros(ink.shape, np.uint8)
    for horizontal in {e.horizontal for e in edges}:  # most pages lose none: no page-wide search then
        short = _short_runs(ink, taken, horizontal, scale)
        lines = [e for e in edges if e.horizontal == horizontal]
        on_edge = [label for label, piece in short.rules.items() if any(_along(piece, e) for e in lines)]
        mask = cv2.bitwise_or(mask, short.painted(on_edge))
    return mask


def _near_a_rule(end: float, rule: Rule, rules: list[Rule], across: list[Rule]) -> bool:
    """A rule across, or another piece of this rule's line, stands within BRIDGE_PT of its end."""
    rest = [other for other in rules if other is not rule and abs(other.at - rule.at) <= ALIGN_PT]
    return _on_a_rule(end, rule.at, across, BRIDGE_PT) or any(
        other.a - BRIDGE_PT <= end <= other.b + BRIDGE_PT for other in rest
    )


def _along(piece: Rule, rule: Rule) -> bool:
    """The piece lies on the rule's line, within its length (MEET_PT either way)."""
    return abs(piece.at - rule.at) <= MEET_PT and rule.a - MEET_PT <= piece.a and piece.b <= rule.b + MEET_PT


def _piled_lines(short: _Runs, lines: list[float]) -> list[float]:
    """Lines other than `lines` where short level pieces add up to most of a table-wide rule: a rule
    that a fax's coarse rows leave stepping from one pixel row to the next has no run long enough."""
    pieces = sorted((rule.at, rule.b - rule.a) for rule in short.rules.values())
    piled, start, inked = [], None, 0.0
    for at, length in [*pieces, (float("inf"), 0.0)]:
        if start is not None and at - start > ALIGN_PT:
            if inked >= WORN_INKED * PILED_MIN_PT and not any(abs(start - line) <= ALIGN_PT for line in lines):
                piled.append(start)
            start, inked = None, 0.0
        if start is None:
            start = at
        inked += length
    return piled


def _runs_across(chain: list[tuple[Rule, int | None]], across: list[Rule]) -> bool:
    """The chain runs PILED_MIN_PT or more, on across a rule at least two rows tall standing between its
    ends (BRIDGE_PT in from them): a table's rule, where strokes of a text line (or of another page's
    text showing through) run on across strokes of their own."""
    (start, end), line = _span(chain), chain[0][0].at
    return end - start >= PILED_MIN_PT and any(
        o.b - o.a >= 2 * VERTICAL_MIN_PT for o in _between(line, start + BRIDGE_PT, end - BRIDGE_PT, across)
    )


def _worn_through(chain: list[tuple[Rule, int | None]], across: list[Rule]) -> bool:
    """Level pieces alone on a rule's line are a rule of their own where they run as long as a rule must,
    ink most of that, and end within a gap of where rules across stand: a stretch of rule worn all
    along, cut off from its run by a gap at a crossing (the rule across often worn there too, so only
    where it stands counts). Strokes of characters side by side on a rule's line (a header's
    本年支出合计 under a rule that stops short of it) end in mid-cell."""
    start, end = _span(chain)
    return (
        end - start >= HORIZONTAL_MIN_PT
        and _inks_most(chain, start, end)
        and all(any(abs(other.at - point) <= BRIDGE_PT for other in across) for point in (start, end))
    )


def _trimmed(chain: list[tuple[Rule, int | None]], across: list[Rule]) -> list[tuple[Rule, int | None]]:
    """The chain without its pieces beyond a run that ends on a rule across it, unless they reach
    another, at their end or on their way: a character's stroke may stand on a rule's line past its
    end (at 100 dpi, a stroke of 科 over the rule ending under 科目编码), within its cell, where a worn
    rule's run ends in mid-air, at a gap, and its pieces run on past the rules of the rows it parts."""
    runs = [i for i, (_, label) in enumerate(chain) if label is None]
    head, body, tail = chain[: runs[0]], chain[runs[0] : runs[-1] + 1], chain[runs[-1] + 1 :]
    line = chain[0][0].at
    start, end = _span(body)
    if head and _on_a_rule(start, line, across) and not _reaches(head, _span(head)[0], start, across):
        head = []
    if tail and _on_a_rule(end, line, across) and not _reaches(tail, _span(tail)[1], end, across):
        tail = []
    return head + body + tail


def _reaches(pieces: list[tuple[Rule, int | None]], far: float, near: float, across: list[Rule]) -> bool:
    """Pieces on a rule's line from `near` out to `far` end on a rule across, or pass one on their way
    inking most of it (WORN_INKED), as a worn rule does and digits' strokes row under row do not."""
    line = pieces[0][0].at
    low, high = sorted((far, near))
    return _on_a_rule(far, line, across) or (
        _inks_most(pieces, low, high) and bool(_between(line, low + MEET_PT, high - MEET_PT, across))
    )


def _span(chain: list[tuple[Rule, int | None]]) -> tuple[float, float]:
    """Where a chain of segments on one line starts and ends."""
    return chain[0][0].a, max(r.b for r, _ in chain)


def _rule_of(chain: list[tuple[Rule, int | None]], horizontal: bool) -> Rule:
    """The rule a chain makes, on its runs' line if it has runs (they lie truer than specks)."""
    on_line = [r for r, label in chain if label is None] or [r for r, _ in chain]
    return Rule(horizontal, median(r.at for r in on_line), *_span(chain))


def _inks_most(pieces: list[tuple[Rule, int | None]], start: float, end: float) -> bool:
    """The pieces ink WORN_INKED or more of the stretch from start to end, as a worn rule's do."""
    return sum(r.b - r.a for r, _ in pieces) >= WORN_INKED * (end - start)


def _between(line: float, low: float, high: float, across: list[Rule]) -> list[Rule]:
    """The rules across the line at `line` that cross it between `low` and `high`."""
    return [o for o in across if low < o.at < high and _passes(o, line)]


def _chains(segments: list[tuple[Rule, int | None]]) -> list[list[tuple[Rule, int | None]]]:
    """Segments on one line (within ALIGN_PT of the chain's first run, else of its last piece: specks
    under a rule drift off its line) with gaps of up to BRIDGE_PT between them, left to right.

    A page of text holds thousands of level strokes; taken left to right, a chain that ends more than
    BRIDGE_PT short of a segment takes no later one either, so only chains still in reach are tried."""
    chains: list[_Chain] = []
    reaching: list[_Chain] = []
    for segment in sorted(segments, key=lambda s: (s[0].a, s[0].at)):
        rule = segment[0]
        reaching = [c for c in reaching if rule.a - c.reach <= BRIDGE_PT]
        chain = next((c for c in reaching if abs(c.line - rule.at) <= ALIGN_PT), None)
        if chain is None:
            chain = _Chain([])
            chains.append(chain)
            reaching.append(chain)
        chain.add(segment)
    return [c.members for c in chains]


@dataclass
class _Chain:
    """A chain of segments as `_chains` gathers it: the line it keeps to and how far right it reaches."""

    members: list[tuple[Rule, int | None]]
    line: float = 0.0
    anchored: bool = False  # a run (label None) fixes the line; till then it follows the last piece
    reach: float = float("-inf")

    def add(self, segment: tuple[Rule, int | None]) -> None:
        rule, label = segment
        self.members.append(segment)
        if not self.anchored:
            self.line, self.anchored = rule.at, label is None
        self.reach = max(self.reach, rule.b)


@dataclass(frozen=True)
class _Runs:
    """A mask's connected runs: labelled, each one's box, and those thin enough for a rule by label."""

    labels: np.ndarray
    stats: np.ndarray
    rules: dict[int, Rule]

    def painted(self, chosen: Iterable[int]) -> np.ndarray:
        return painted(self.labels, self.stats, chosen)


class _PaleRuns:
    """The thin runs of pale ink one way: those holding a long dark run are anchored, the rest kept while in a grid."""

    def __init__(self, dark: np.ndarray, pale: np.ndarray, horizontal: bool, scale: float) -> None:
        self.runs = _runs(pale, horizontal, scale)
        self.anchored = set(np.unique(self.runs.labels[dark > 0]).tolist())
        self.kept = dict(self.runs.rules)

    def mask(self) -> np.ndarray:
        return self.runs.painted(self.kept)


def _keep_grid_runs(horizontal: _PaleRuns, vertical: _PaleRuns) -> None:
    """Drop the unanchored runs not reaching from one kept run across them to another, until none drops."""
    dropped = True
    while dropped:
        dropped = _narrow(horizontal, vertical) | _narrow(vertical, horizontal)


def _narrow(runs: _PaleRuns, across: _PaleRuns) -> bool:
    """Drop the unanchored runs that do not span between two of `across`'s kept runs, or that span one
    cell alone, off the line of any other kept run their way; whether any dropped."""
    others = list(across.kept.values())
    kept = {
        label: rule
        for label, rule in runs.kept.items()
        if label in runs.anchored or (_spans(rule, others) and _drawn_on(rule, label, runs.kept, others))
    }
    dropped = len(kept) < len(runs.kept)
    runs.kept = kept
    return dropped


def _drawn_on(rule: Rule, label: int, own: dict[int, Rule], across: list[Rule]) -> bool:
    """More of the pale run's line is drawn: it spans more than one cell (a rule across passes between
    its ends), or another run lies on its line (a faded rule broken cell by cell). A watermark's stroke
    runs as straight as a rule for a row's height, between the row's rules, and alone on its line."""
    inner = any(rule.a + MEET_PT < other.at < rule.b - MEET_PT and _passes(other, rule.at) for other in across)
    return inner or any(k != label and abs(other.at - rule.at) <= ALIGN_PT for k, other in own.items())


def _passes(rule: Rule, line: float) -> bool:
    """The rule passes the line across it, give or take MEET_PT."""
    return rule.a - MEET_PT <= line <= rule.b + MEET_PT


def _runs(mask: np.ndarray, horizontal: bool, scale: float) -> _Runs:
    """The mask's runs, and as rules those that are thin: on average along them (ink over length), and
    from end to end but for a slight slope. A curled page's rule is thin, yet its box is as tall as its
    slope is long. Told apart all at once: a text page has thousands of runs."""
    _, labels, stats, _ = components(mask)
    w, h, area = (stats[:, i].astype(np.float64) for i in (cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT, cv2.CC_STAT_AREA))
    length, across = (w, h) if horizontal else (h, w)
    thin = (area / length <= RULE_MAX_PT * scale) & (across <= RULE_MAX_PT * scale + SLOPE_MAX * length)
    thin[0] = False
    rules = {label: _rule(stats[label], horizontal, scale) for label in np.flatnonzero(thin).tolist()}
    return _Runs(labels, stats, rules)


def _rule(stat: np.ndarray, horizontal: bool, scale: float) -> Rule:
    x, y, w, h = stat[:4].tolist()
    at, a, b = (y + h / 2, x, x + w) if horizontal else (x + w / 2, y, y + h)
    return Rule(horizontal, at / scale, a / scale, b / scale)


def _reaching(rule: Rule, across: list[Rule]) -> Rule:
    """The rule drawn on to the rules across that its ends stop short of by up to MEET_PT: a scan
    measures a corner to a pixel or two (a worn joint, a thick rule's blur), and the lattice, built
    for vector rules, joins only rules that meet to SNAP; the last row of a table was lost so."""
    meeting = [o.at for o in across if _passes(o, rule.at)]
    a = min((at for at in meeting if rule.a - MEET_PT <= at < rule.a), default=rule.a)
    b = max((at for at in meeting if rule.b < at <= rule.b + MEET_PT), default=rule.b)
    return Rule(rule.horizontal, rule.at, a, b)


def _spans(rule: Rule, across: list[Rule]) -> bool:
    """Both ends of the rule lie on rules across it: a grid's rule, not a character's stroke."""
    return all(_on_a_rule(end, rule.at, across) for end in (rule.a, rule.b))


def _on_a_rule(end: float, line: float, across: list[Rule], reach: float = MEET_PT) -> bool:
    """A rule across the line at `line` passes within `reach` of the point `end` on it."""
    return any(abs(other.at - end) <= reach and _passes(other, line) for other in across)


def _meets(vertical: Rule, horizontals: list[Rule]) -> bool:
    return any(_crosses(vertical, h) for h in horizontals)


def _crosses(rule: Rule, other: Rule) -> bool:
    """The two rules (one each way) meet or cross, within MEET_PT."""
    return _passes(other, rule.at) and _passes(rule, other.at)
