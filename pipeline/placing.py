"""Placing OCR'd amounts whose row label names no line, by the tables' arithmetic.

OCR misreads a row's label past knowing (公用经用经费合 for 公用经费合计), loses part of it (其他收 for
其他收入) or all of it. Its amount is kept aside, and placed on the line of its table and column that
makes a broken identity hold with it, every identity of that line then holding (but those through one
amount of the row, misread as well as its label: the repair then puts it right): where several lines
would (any income line makes 本年收入合计 add up), on the one more identities check, then the one whose
label is nearest what was read; but where what was read is part of some lines' labels, among those alone.

The fact says so: `ocr-placed: row read as <label>`; the repair then checks it like any OCR'd fact.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from pipeline.model import Fact
from pipeline.repair import Identity, Key, broken, identities, rounding_steps
from pipeline.rowkeys import label_keys
from pipeline.text import edit_distance, in_order, norm_label


def placed_by_sums(unplaced: Iterable[Fact], facts: list[Fact]) -> list[Fact]:
    """The unplaced amounts (line_key empty) the sums place, row by row, each row on its line."""
    placed: list[Fact] = []
    for row in _rows(unplaced):
        known = [*facts, *placed]
        table, measures = row[0].table_code, {f.measure for f in row}
        taken = {(f.table_code, f.line_key, f.measure) for f in known}
        names, sums = _line_names(table), identities(known)
        held = {
            key: _held(row, key, known, sums) for key in names if not any((table, key, m) in taken for m in measures)
        }
        line = _best({key: n for key, n in held.items() if n}, names, norm_label(row[0].row_label))
        if line:
            placed += [replace(f, line_key=line, provenance=f"ocr-placed: row read as {f.row_label!r}") for f in row]
    return placed


def _rows(unplaced: Iterable[Fact]) -> list[list[Fact]]:
    """The amounts by row, in reading order: a row's amounts share its table, page and label, each its
    own column (its 合计 and 一般公共预算 must go on one line together, as its row sum holds them)."""
    rows: list[list[Fact]] = []
    for fact in unplaced:
        last = rows[-1] if rows else []
        if last and _row_of(last[0]) == _row_of(fact) and fact.measure not in {f.measure for f in last}:
            last.append(fact)
        else:
            rows.append([fact])
    return rows


def _row_of(fact: Fact) -> tuple[str, int, str]:
    return fact.table_code, fact.page, fact.row_label


def _held(row: list[Fact], line: str, facts: list[Fact], sums: list[Identity]) -> int:
    """How many identities hold with the row's amounts on this line, where they put right one broken
    without them, break none but through one amount of the row (`_one_misread`), and leave every sum
    of the facts (`sums`) a sum of the same lines at least; else 0."""
    trial = [replace(f, line_key=line) for f in row]
    every = [*facts, *trial]
    steps = rounding_steps(every)
    keys = {(f.table_code, line, f.measure) for f in trial}
    found = identities(every)
    own = [replace(i, step=steps[i.total[0]]) for i in found if keys & i.terms]
    before = {(f.table_code, f.line_key, f.measure): f.amount for f in facts}
    after = {**before, **{(f.table_code, line, f.measure): f.amount for f in trial}}
    mended = [i for i in own if broken(i, before) and not broken(i, after)]
    still = [i for i in own if broken(i, after)]
    fits = bool(mended) and (not still or _one_misread(keys, mended, still))
    return len(own) - len(still) if fits and not _reshapes(sums, found) else 0


def _one_misread(keys: set[Key], mended: list[Identity], still: list[Identity]) -> bool:
    """Whether every identity the row leaves broken takes in one amount of it that none it mends does:
    an amount misread as well as the row's label (7.60 read as 7 beside its 合计), which the repair puts
    right once the line is known."""
    doubted = keys.intersection(*(i.terms for i in still))
    return bool(doubted - set().union(*(i.terms for i in mended)))


def _reshapes(before: list[Identity], after: list[Identity]) -> bool:
    """A line that changes what a sum is of, not only adds to it: 财政拨款收入 printed where its three
    lines are, 本年收入合计 then a sum of it instead of them."""
    return any(not any(j.total == i.total and set(j.parts) >= set(i.parts) for j in after) for i in before)


def _best(held: dict[str, int], names: dict[str, set[str]], read: str) -> str | None:
    """The line the most identities hold on (01's class, checked by 03's too, over any other class), and
    of those the one whose label is nearest what was read; None if two are alike. A reading that kept
    part of some lines' labels (收入总 of 收入总计) picks among those alone: 本年收入合计, which 02's
    total checks too, fits the sums no worse where the table prints no such line."""
    kept = {key: n for key, n in held.items() if any(in_order(read, label) for label in names[key])}
    ranked = sorted(
        (-n, min(edit_distance(read, label) for label in names[key]), key) for key, n in (kept or held).items()
    )
    if not ranked or (len(ranked) > 1 and ranked[0][:2] == ranked[1][:2]):
        return None
    return ranked[0][2]


def _line_names(table_code: str) -> dict[str, set[str]]:
    """The table's lines (and, in 01 and 04, function classes), each with the labels it is printed under."""
    names: dict[str, set[str]] = {}
    for label, keys in label_keys(table_code).items():
        for key in keys:
            names.setdefault(key, set()).add(label)
    return names
