"""What each column of a grid holds: subject codes, labels, line numbers or amounts of a measure.

Roles come from the body (what the cells look like) with the header as a tie-breaker; measures come
from the header path above the column (every merged header cell covering it, top to bottom), matched
against the table's vocabulary, preferring the deepest and then the longest match.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from functools import cache
from itertools import pairwise

from pipeline.amounts import is_dash, looks_like_amount, parse_amount, scanned_amount
from pipeline.grids import Cell, Grid
from pipeline.model import MONEY_UNITS
from pipeline.repair import LINE_SUMS, ROW_SUMS
from pipeline.text import (
    edit_distance,
    has_cjk,
    misread_of,
    near_in,
    nfkc,
    norm_label,
    read_down,
    split_halves,
    split_read,
    squash,
    substitutions,
)
from pipeline.vocab import Term, function_classes, known_words, lines, measures

SUMMARY_TABLES = {"01", "04"}  # label-keyed: their rows are known lines, never header words
# Headings of the two sides of tables 01 and 04, over a half or as a row of a stacked layout
SIDE_WORDS = {"收入": "inc", "收入项目": "inc", "本年收入": "inc", "支出": "exp", "支出项目": "exp", "本年支出": "exp"}
# numbering before a line label: 一、 一. （一） 1. 1、 (not 1.5, an amount)
NUMBERED = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[(（][一二三四五六七八九十]+[)）]|\d+[.、](?!\d))")
_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
OPEN_BRACKET, CLOSE_BRACKET = r"[\[［【]", r"[\]］】]"  # what a code is bracketed in ([2010601]行政运行)
# a speck between them read as a stop or comma (201,般公共服务支出) parts no amount: a letter follows;
# OCR may set a blank inside the code's brackets ([ 201]一般公共服务支出); the code's level may stand
# before it (类 201 一般公共服务支出, 项 2013750 事业运行)
_LEADING_CODE = re.compile(
    rf"^\s*(?:[类款项]\s*[:：]?\s*)?{OPEN_BRACKET}?\s*(\d{{3}}(?:\d{{2}}){{0,2}})"
    rf"(?:\s*{CLOSE_BRACKET}\s*|\s+|[.,，、]\s*(?=[^\W\d_])|(?=[^\d\s.,]))(\S.*)$",
    re.S,
)
_HEADER_UNIT = re.compile(rf"[(（]({MONEY_UNITS})[)）]")
_COUNTED = re.compile(r"^([1-9]\d{0,2})[—-]*$")  # a line number, or one with the dash of an empty amount
_CLASS = re.compile(r"^\d{3}$")
_MARKED_CODE = re.compile(r"^(\d{3})[.\-·](\d{2})(?:[.\-·](\d{2}))?$")  # 201.37.50, 201-37-50, 201·37
PART_CODE = re.compile(r"^\d{2}$")  # the 款 or 项 part of a code split over columns
LINE_NUMBERS = "行次"
COLUMN_NUMBERS = "栏次"
LINE_NO_HEADINGS = (LINE_NUMBERS, COLUMN_NUMBERS)
_CODE_HEADER = ("编码", "代码", "科目代码")
LEVELS = ("类", "款", "项")
_CODE_LEVELS = set(LEVELS)
_LEVELS_RUN = re.compile(r"[类款项]{2}$")  # 款 and 项 headings read as one (款项) where a scan lost the rule between
_LABEL_HEADER = ("名称", "项目")
_SUBTOTAL = "小计"
FUZZY_MIN = 5  # characters a term needs before a header one character off may name it
MISREAD_MIN = 2  # … before one as long with a character changed may (if no other term is as near)
MISREAD_TWICE = 6  # … and two
SPLIT_MIN = 3  # … and one as long with a character read as two: two others anchor it (2次算数 for 决算数), or
# one where the two are no Chinese characters (小it for 小计: OCR's letters for a character it lost)
SUM_ROWS = 2  # rows an amount column's sums must hold in before they name it…
SUM_SHARE = 2 / 3  # … and this share of the rows they can be checked in (a misread digit breaks one)
_STUBS = frozenset({"i", "I", "l"})  # a rule's stub standing alone, as OCR reads it
COUNTED_MIN = 4  # line numbers a column counts up through before it is taken for line numbers…
COUNTED_SHARE = 2 / 3  # … in steps of one between this share of its texts (OCR misreads or drops a few)
PARTS_MIN = 2  # parts of codes a column headed by no level prints before it is taken for a level…
PARTS_SHARE = 2 / 3  # … and their share of its texts


class Role(StrEnum):
    CODE = "code"
    LABEL = "label"
    AMOUNT = "amount"
    LINE_NO = "line_no"
    IGNORE = "ignore"


@dataclass(frozen=True)
class Column:
    index: int
    role: Role
    header: tuple[str, ...]  # normalised header texts, top to bottom
    measure: str | None = None
    line: str | None = None  # table 09 prints its lines as columns
    x: tuple[float, float] = (0.0, 0.0)


@dataclass(frozen=True)
class Segment:
    """One side of a table printed as halves side by side: its code and label columns, its amounts."""

    code_cols: tuple[int, ...]
    label_cols: tuple[int, ...]
    amount_cols: tuple[int, ...]
    code_levels: tuple[int | None, ...] = ()  # per code column: the level its header names (0 类, 1 款, 2 项)

    @property
    def first_col(self) -> int:
        return min(self.code_cols + self.label_cols + self.amount_cols)


def opens_with_part_code(texts: list[str]) -> bool:
    """A row's printed texts, left to right, open with the 款 part of a split code and its subject's
    name (15 | 会议费): a body row of a continued page whose 类 is inherited from the page before."""
    if len(texts) < 2 or norm_label(texts[1]) == COLUMN_NUMBERS:
        return False
    return bool(PART_CODE.match(squash(texts[0]))) and has_cjk(texts[1])


def marked_codes_joined(grid: Grid) -> Grid:
    """The grid with codes printed with a mark between their parts (201.37.50, 201-37-50, 301.01) joined as
    the table keys them (2013750, 30101), column by column where they are codes: some has all three parts,
    or each stands under its class printed bare (301 over 301.01), where a 201.37 alone is an amount's shape."""
    joined: dict[int, str] = {}
    for col in range(grid.n_cols):
        texts = {i: squash(c.text) for i, c in enumerate(grid.cells) if c.col0 == col}
        marked = {i: m for i, text in texts.items() if (m := _MARKED_CODE.match(text))}
        classes = {text for text in texts.values() if _CLASS.match(text)}
        if any(m[3] for m in marked.values()) or (marked and all(m[1] in classes for m in marked.values())):
            joined |= {i: "".join(part for part in m.groups() if part) for i, m in marked.items()}
    if not joined:
        return grid
    cells = [replace(c, text=joined[i]) if i in joined else c for i, c in enumerate(grid.cells)]
    return replace(grid, cells=cells, _index={})


def is_code(text: str) -> bool:
    return bool(_CODE.match(squash(text)))


def leading_code(text: str) -> tuple[str, str] | None:
    """The code printed before its name in one cell, maybe bracketed ([2010601]行政运行), and the name;
    OCR may read the two with no blank between (2010601行政运行)."""
    found = _LEADING_CODE.match(text)
    return (found.group(1), found.group(2)) if found and is_code(found.group(1)) else None


def header_unit(grid: Grid, table_code: str) -> str | None:
    """The money unit column headings print, where no line under the title does: 决算数（元）."""
    end = header_end(grid, table_code)
    for cell in grid.cells:
        if cell.row0 < end and (unit := _HEADER_UNIT.search(squash(cell.text))):
            return unit.group(1)
    return None


def header_end(grid: Grid, table_code: str) -> int:
    """Index of the first body row: one printing an amount, a subject code, a numbered label (一、…),
    or, in tables 01/04 whose leading rows may be blank, a known line or class label; at the latest
    the row after 栏次 (a wrapped line label below it may name a column too: 国有资本经营预算财政)."""
    headed = False
    for r in range(grid.n_rows):
        texts = [cell for cell in grid.row_cells(r) if cell.row0 == r and cell.text.strip()]
        if _numbers_columns(texts):
            return r + 1
        if any(_is_body_cell(cell, table_code, leftmost=cell.col0 == 0) for cell in texts):
            return r
        if opens_with_part_code([cell.text for cell in sorted(texts, key=lambda cell: cell.col0)]):
            return r
        if any(norm_label(cell.text) == COLUMN_NUMBERS for cell in texts):
            return r + 1  # the row numbering the columns (栏次 1 2 3) closes the header
        if table_code in SUMMARY_TABLES and headed and len(texts) == 1 and norm_label(texts[0].text) in SIDE_WORDS:
            return r  # the 收入 row opening the first section of a stacked layout, below the column header
        headed = headed or len(texts) > 1
    return grid.n_rows


def _numbers_columns(cells: list[Cell]) -> bool:
    """A row of nothing but whole numbers counting up (1 2 | 3 | 4 5 …, where a scan lost rules, and
    specks beside them, an upright's stub read as i or l too): the 栏次 row without its 栏次. No amount
    was read from it (12.00 from 1 2)."""
    tokens = [t for cell in cells for t in cell.text.split() if any(ch.isalnum() for ch in t) and t not in _STUBS]
    return all(t.isdigit() for t in tokens) and _counts_up(tokens)


def section_header(grid: Grid, table_code: str, end: int) -> int | None:
    """The body row heading a stacked 01/04's second section with columns of its own (支出项目 | 小计 |
    一般公共预算财政拨款 … under 收入项目 | 决算数): a side heading in the label column and two measures."""
    if table_code not in SUMMARY_TABLES:
        return None
    for r in range(end + 1, grid.n_rows):
        cells = [cell for cell in grid.row_cells(r) if cell.row0 == r and cell.text.strip()]
        if not cells or cells[0].col0 != 0 or norm_label(cells[0].text) not in SIDE_WORDS:
            continue
        named = [c for c in cells[1:] if best_term((norm_label(c.text),), measures(table_code)) is not None]
        if len(named) >= 2 and len(named) == len(cells) - 1:
            return r
    return None


def _is_body_cell(cell: Cell, table_code: str, leftmost: bool) -> bool:
    text = cell.text.strip()
    if looks_like_amount(text) or (cell.width == 1 and is_code(text)) or NUMBERED.match(nfkc(text)):
        return True
    # a row's label stands in the first column; a wrapped header's fragment (政府性基金) reads as a line label too
    if table_code in SUMMARY_TABLES and leftmost:
        name = norm_label(text)
        if any(term.label == name for term in measures(table_code)):
            return False  # 一般公共预算财政拨款 heads a column of 04 as well as naming a line
        return name in function_classes() or any(term.label == name for term in lines(table_code))
    return False


def header_path(grid: Grid, col: int, end: int) -> tuple[str, ...]:
    path: list[str] = []
    for r in range(end):
        cell = grid.at(r, col)
        if cell is None or cell.row0 != r or cell.width == grid.n_cols:
            continue  # a row across the whole table is a heading of the table or of a section
        for part in _parted_by_rules(cell.text):
            text = norm_label(read_down(part))
            if text and (not path or path[-1] != text):
                path.append(text)
    return tuple(path)


def _parted_by_rules(text: str) -> list[str]:
    """A header cell's text in the cells a lost rule parted: where the rule between two header rows was
    not found, the cell spans both and OCR reads the rule as a line of dashes (科目编码, —, 类)."""
    parts: list[list[str]] = [[]]
    for line in text.splitlines():
        if is_dash(line):
            parts.append([])
        else:
            parts[-1].append(line)
    return ["\n".join(part) for part in parts if part]


def best_term(path: tuple[str, ...], terms: tuple[Term, ...], fuzzy: bool = False) -> Term | None:
    """The term found deepest in the header path, the longest there; None if no level names one.

    A header wrapped inside an unruled cell reads as consecutive levels (财政拨 | 款收入), so runs of
    up to three levels are read joined too, at the depth of their last level. With fuzzy (OCR'd
    headers), a long term (FUZZY_MIN characters) one character off names a level too, after any term
    printed as it is at the same depth: OCR drops the thin 一 of 一般公共预算财政拨款 now and then, and
    no two long terms of a table are that close. A shorter one names a level read as it with one
    character changed, if no other term of the table is as near (`_misread_level`). A term naming the
    whole level, misread or not, wins over one printed within it (公务用车购凹及运行费 is the vehicle
    group's, not its 运行费). Of two as long, the one printed within a level wins over one straddling
    two (支出合计 in 项目 | 支出合计, not 项目支出).
    """
    best: tuple[int, bool, bool, int, bool] | None = None
    found: Term | None = None
    runs = [(end - 1, path[start:end]) for end in range(1, len(path) + 1) for start in range(max(0, end - 3), end)]
    for depth, levels in runs:
        joined = "".join(levels)
        for term in terms:
            exact = _names(term.label, joined, levels, _holds)
            near = len(term.label) >= FUZZY_MIN and _names(term.label, joined, levels, near_in)
            if exact or (fuzzy and (near or _misread_level(term.label, levels, terms))):
                whole = len(term.label) >= len(joined) - 1
                score = (depth, whole, exact, len(term.label), len(levels) == 1)
                if best is None or score > best:
                    best, found = score, term
    return found


def _misread_level(label: str, levels: tuple[str, ...], terms: tuple[Term, ...]) -> bool:
    """A term read as a whole level with a character changed (决算散 for 决算数), or two of a longer
    one (财数援款收入 for 财政拨款收入), when no other term of the table is that near the level:
    预算数 and 决算数 are one character apart. A character read as two, its halves apart (2次算数 for
    决算数, 小it for 小计), is such a misread too. Only a single level is read so, at its own depth, and
    only one that is no word of the vocabulary: 小计 heading its group is no misread of 合计.
    A long term may be read with more misread (`misread_of`: 最公共预算财政费款 for 一般公共预算财政拨款),
    and wrapped over levels (一般公共理 | 耳财政技款); the three appropriations differ in five characters
    or more."""
    if len(label) < MISREAD_MIN or any(level in known_words() for level in levels):
        return False
    level = "".join(levels)
    key = next(t.key for t in terms if t.label == label)
    if misread_of(level, label, (t.label for t in terms if t.key != key)):
        return True
    if len(levels) != 1:
        return False
    halves = split_halves(level, label)
    if halves and (len(label) >= SPLIT_MIN or not has_cjk(halves)):
        return not any(split_read(level, t.label) for t in terms if t.label != label)
    if len(level) != len(label):
        return False
    allowed = 1 if len(label) < MISREAD_TWICE else 2
    others = (t.label for t in terms if t.label != label and len(t.label) == len(level))
    return 0 < substitutions(level, label) <= allowed and all(substitutions(level, other) > allowed for other in others)


def _holds(label: str, text: str) -> bool:
    return label in text


def _names(label: str, joined: str, levels: tuple[str, ...], holds: Callable[[str, str], bool]) -> bool:
    """Whether the levels, joined, hold the label; a run of several only where it straddles them."""
    straddles = len(levels) == 1 or not any(holds(label, level) for level in levels)
    return bool(label) and holds(label, joined) and straddles


def classify_columns(grid: Grid, table_code: str, end: int) -> list[Column]:
    table_measures, table_lines = measures(table_code), lines(table_code) if table_code == "09" else ()
    # an unruled header whose top line is one word (“三公”经费预算数) reads as a row across the table, and a
    # ruled one prints such a row where a wide table is printed a measure's columns to a page (预算数 over
    # 09's six, 决算数 over them again on the next): its measure is every amount column's naming none
    across = _across(grid, end)
    fuzzy = grid.source == "ocr"
    own_rows = own_row_labels(table_code)
    columns = []
    for c in range(grid.n_cols):
        path = header_path(grid, c, end)
        measure = best_term(path, table_measures, fuzzy)
        line = best_term(path, table_lines, fuzzy) if table_lines else None
        role = _role(grid, c, end, path, named=bool(measure or line), own_rows=own_rows)
        columns.append(
            Column(
                c,
                role,
                path,
                measure.key if measure and role == Role.AMOUNT else None,
                line.key if line and role == Role.AMOUNT else None,
                grid.extent(c),
            )
        )
    columns = _mirrored_halves(_shared_measure(_levels_only(_label_overhang(columns, grid, end), grid, end)))
    if fuzzy:
        columns = _in_print_order(columns, grid, table_code, end)
    if table_lines:
        columns = _measure_per_run(_unnamed_total(_group_subtotal(columns, table_code), grid, end))
    # the heading across names what the sums do not: under 决算数, 小计 read as 小 is still the total
    return _named_across(_one_left(columns, grid, table_code, end), best_term(across, table_measures, fuzzy))


def _named_across(columns: list[Column], measure: Term | None) -> list[Column]:
    """Amount columns naming no measure of their own take the one the heading across the table names."""
    if measure is None:
        return columns
    return [replace(c, measure=measure.key) if c.role == Role.AMOUNT and c.measure is None else c for c in columns]


def _unnamed_total(columns: list[Column], grid: Grid, end: int) -> list[Column]:
    """Table 09: an amount column naming no line (a fax's 合计 read as 含!), just before columns naming
    every part of the total and not the total, is the total where every row's amount in it is their sum."""
    total = "total"
    parts = dict(LINE_SUMS["09"])[total]
    columns = list(columns)
    for c in columns:
        if c.role != Role.AMOUNT or c.line:
            continue
        after = itertools.takewhile(lambda n: n.role == Role.AMOUNT and n.line, columns[c.index + 1 :])
        run = next(iter(_line_runs(after)), [])  # up to a line printed again (the next measure's)
        named = {n.line: n for n in run}
        if total in named or not set(parts) <= set(named) or not _sum_of(grid, end, c, [named[p] for p in parts]):
            continue
        measures = {n.measure for n in run if n.measure}
        measure = c.measure or (measures.pop() if len(measures) == 1 else None)
        columns[c.index] = replace(c, line=total, measure=measure)
    return columns


def _sum_of(grid: Grid, end: int, total: Column, parts: list[Column]) -> bool:
    """Every row printing an amount in the total column prints the parts' sum there (a dash or blank 0), and
    one row at least does."""
    printed = 0
    for r in range(end, grid.n_rows):
        value, terms = _amount(grid, r, total.index), [_amount(grid, r, p.index) for p in parts]
        if value is None or None in terms:
            return False
        if value:
            printed += 1
            if value != sum(terms):
                return False
    return printed > 0


def _measure_per_run(columns: list[Column]) -> list[Column]:
    """Table 09 printing its lines once per measure (合计 … 公务接待费 under 预算数, then again under
    决算数): each run of the lines is one measure's. A measure's heading centred over part of its run
    leaves the run's first columns unnamed, and the next measure's heading, reaching back, names its
    last (公务接待费 under 决算数): each run takes the measure most of its columns name, where the runs
    print the same lines in the same order and so come to a measure each."""
    runs = _line_runs(c for c in columns if c.role == Role.AMOUNT and c.line)
    if len(runs) < 2 or len({tuple(c.line for c in run) for run in runs}) != 1:
        return columns
    chosen = [_most_named(run) for run in runs]
    if None in chosen or len(set(chosen)) != len(chosen):
        return columns
    columns = list(columns)
    for run, measure in zip(runs, chosen, strict=True):
        for c in run:
            columns[c.index] = replace(c, measure=measure)
    return columns


def _line_runs(columns: Iterable[Column]) -> list[list[Column]]:
    """Table 09's line columns in runs, a new run where a line is printed again (the next measure's)."""
    runs: list[list[Column]] = []
    for c in columns:
        if not runs or c.line in {r.line for r in runs[-1]}:
            runs.append([])
        runs[-1].append(c)
    return runs


def _most_named(run: list[Column]) -> str | None:
    """The measure more than half of the run's named columns name, if one does."""
    named = Counter(c.measure for c in run if c.measure)
    measure, count = named.most_common(1)[0] if named else (None, 0)
    return measure if 2 * count > sum(named.values()) else None


def _group_subtotal(columns: list[Column], table_code: str) -> list[Column]:
    """A 小计 column naming no line, just left of columns naming every part of a group that no column
    names (购置费 | 运行费), is that group's: in a table without rules the group's label, centred over
    小计 | 购置费 | 运行费 but narrower, reaches over the parts only."""
    columns = list(columns)
    named = {c.line for c in columns}
    for group, parts in LINE_SUMS.get(table_code, ()):
        for c in columns[:-1]:
            beside = {n.line for n in columns[c.index + 1 : c.index + 1 + len(parts)]}
            if (
                c.role == Role.AMOUNT
                and not c.line
                and c.header[-1:] == (_SUBTOTAL,)
                and group not in named
                and beside == set(parts)
            ):
                columns[c.index] = replace(c, line=group)
    return columns


def _label_overhang(columns: list[Column], grid: Grid, end: int) -> list[Column]:
    """A blank column right of a label column, under the same header (科目编码及名称 over both), is the
    room the labels leave, not a code column: unruled, an amount set close before the codes moved the
    column edges, and as a code column it parted the labels from their amounts."""
    out = list(columns)
    for left, c in pairwise(columns):
        if (
            left.role == Role.LABEL
            and c.role == Role.CODE
            and c.header == left.header
            and not grid.column_texts(c.index, end)
        ):
            out[c.index] = replace(c, role=Role.IGNORE)
    return out


def _levels_only(columns: list[Column], grid: Grid, end: int) -> list[Column]:
    """Code columns headed 类 | 款 | 项 are the code's levels: a blank column among them headed by none
    (a group heading 部门预算经济分类科目编码 standing between 类 and 款 as wide as the gap) is none;
    one printing parts (37, 05, but for a misread one) beside a level, under no header of its own
    (`_unheaded`) or under its neighbour's group heading only (功能分类科目编码 over 类, 款 lost), is one
    whose header OCR misread (款 as ak) or lost. Where OCR lost every level's heading, columns of parts
    following one of classes (201, 208) are its 款 and 项. A column that is none of theirs between two
    code columns, with no text of its own (the classes merged across it, a spurious upright of a fax
    having cut their column in two), is none either."""
    levelled = any(c.role == Role.CODE and set(c.header) & _CODE_LEVELS for c in columns)
    out: list[Column] = []
    for c in columns:
        texts = grid.column_texts(c.index, end)
        unlevelled = levelled and c.role == Role.CODE and not set(c.header) & _CODE_LEVELS
        gap = c.role != Role.CODE and _between_codes(columns, c.index)
        beside = _beside(columns, c.index)
        if not texts and (unlevelled or gap):
            c = replace(c, role=Role.IGNORE)
        elif (_unheaded(c) or _group_only(c.header, [b.header for b in beside])) and _mostly_parts(texts):
            if levelled:
                is_level = any(b.role == Role.CODE and set(b.header) & _CODE_LEVELS for b in beside)
            else:
                is_level = bool(out) and out[-1].role == Role.CODE and _classes_or_parts(grid, out[-1].index, end)
            if is_level:
                c = replace(c, role=Role.CODE)
        out.append(c)
    return out


def _beside(columns: list[Column], i: int) -> list[Column]:
    return [columns[j] for j in (i - 1, i + 1) if 0 <= j < len(columns)]


def _group_only(path: tuple[str, ...], beside: Iterable[tuple[str, ...]]) -> bool:
    """Whether a column is headed only by the group heading over a neighbour (功能分类科目 over 科目编码,
    or 科目编码 over 类): its own heading lost or never printed."""
    return any(len(other) > len(path) and other[: len(path)] == path for other in beside)


def _between_codes(columns: list[Column], i: int) -> bool:
    return 0 < i < len(columns) - 1 and columns[i - 1].role == columns[i + 1].role == Role.CODE


def _classes_or_parts(grid: Grid, col: int, end: int) -> bool:
    """Whether a code column prints classes (three digits) or parts of codes, but for a misread one or so."""
    texts = [squash(t) for t in grid.column_texts(col, end)]
    fitting = sum(bool(_CLASS.match(t) or PART_CODE.match(t)) for t in texts)
    return fitting >= PARTS_MIN and fitting >= PARTS_SHARE * len(texts)


def _unheaded(column: Column) -> bool:
    """Whether a column's role came from no header of its own: none read, or only the 栏次 of the
    column-numbers row (a row label spanning the code columns) and no 行次."""
    joined = "".join(column.header)
    return column.role == Role.IGNORE or (column.role == Role.LINE_NO and LINE_NUMBERS not in joined)


def _mostly_parts(texts: list[str]) -> bool:
    """Whether a column prints parts of codes but for a misread one or so (11 read as 口)."""
    parts = sum(bool(PART_CODE.match(squash(t))) for t in texts)
    return parts >= PARTS_MIN and parts >= PARTS_SHARE * len(texts)


def _shared_measure(columns: list[Column]) -> list[Column]:
    """Table 09 by category: a category's column that the measure's heading (预算数 over the 三公 columns)
    did not reach, standing apart from it in an unruled header, takes the one measure the others share."""
    measures = {c.measure for c in columns if c.role == Role.AMOUNT and c.measure}
    if len(measures) != 1:
        return columns
    (shared,) = measures
    return [replace(c, measure=shared) if c.role == Role.AMOUNT and c.line and not c.measure else c for c in columns]


def _mirrored_halves(columns: list[Column]) -> list[Column]:
    """Halves side by side with as many amount columns each print the same measures in the same
    order (收入 | 决算数 beside 支出 | 决算数): an amount column whose heading OCR lost (金额 read as
    全) takes the measure of its place in the other halves, where they name one and only one."""
    halves = segments(columns)
    counts = {len(h.amount_cols) for h in halves}
    if len(halves) < 2 or len(counts) != 1:
        return columns
    columns = list(columns)
    for place in range(counts.pop()):
        at = [columns[h.amount_cols[place]] for h in halves]
        named = {c.measure for c in at if c.measure}
        if len(named) == 1 and not any(c.line for c in at):
            (measure,) = named
            for c in at:
                columns[c.index] = replace(c, measure=measure)
    return columns


def _in_print_order(columns: list[Column], grid: Grid, table_code: str, end: int) -> list[Column]:
    """OCR'd headings misread past naming (财政拨款收入 as 时政我款议人, 基本支出 as 术支出) among
    columns that name theirs in the order the tables print them (ROW_SUMS: the total, then its parts):
    a run of unnamed amount columns before the first named one, or between two, takes the measures
    printed there, if they are exactly as many and the row sums then hold. A column missing from the
    grid, or one of something else, makes the counts differ and names nothing."""
    if table_code not in ROW_SUMS:
        return columns
    total, parts = ROW_SUMS[table_code]
    order = (total, *parts)
    columns = list(columns)
    for segment in segments(columns):
        amounts = [columns[c] for c in segment.amount_cols]
        if any(c.measure not in (None, *order) or c.line for c in amounts):
            continue
        ranks = [order.index(c.measure) for c in amounts if c.measure]
        if ranks != sorted(set(ranks)):
            continue  # printed in another order: the template says nothing of the gaps
        named = {c.measure: c.index for c in amounts if c.measure}
        guessed: dict[str, Column] = {}
        last, run = -1, []
        for c in amounts:
            if not c.measure:
                run.append(c)
                continue
            rank = order.index(c.measure)
            if run and len(run) == rank - last - 1:
                guessed.update(zip(order[last + 1 : rank], run, strict=True))
            last, run = rank, []
        found = {**named, **{m: c.index for m, c in guessed.items()}}
        if not (total in found and _sums_hold(grid, end, found, total)):
            guessed = {m: c for m, c in guessed.items() if _reads_near(c.header, m, table_code)}
        for measure, c in guessed.items():
            columns[c.index] = replace(c, measure=measure)
    return columns


def _reads_near(header: tuple[str, ...], key: str, table_code: str) -> bool:
    """Whether a level of the heading is a misreading of the measure's, at most half its characters off
    (术支出 for 基本支出): what a column's own place names, its heading may confirm where sums can not."""
    terms = _terms_of(key, table_code)
    near = (level for level in header if len(level) >= MISREAD_MIN)  # a character alone (小) confirms nothing
    return any(2 * edit_distance(level, t.label) <= len(t.label) for level in near for t in terms)


def _terms_of(key: str, table_code: str) -> list[Term]:
    return [t for t in measures(table_code) if t.key == key]


def _one_left(columns: list[Column], grid: Grid, table_code: str, end: int) -> list[Column]:
    """An amount column whose heading names nothing (OCR read 小计 as 小, or lost half of a wrapped
    一般公共预算财政拨款) among columns that add up across (ROW_SUMS) is the one left of them: the
    total, if its row sums take it as the sum of the others; or the one part no other column names,
    if they take it as that part. The sums decide, so a column of something else stays unnamed. A
    heading over no amounts names no column: a continued page's few rows, their amounts set right,
    stood apart from 小计 centred over them, the words of each a column of its own."""
    if table_code not in ROW_SUMS:
        return columns
    total, parts = ROW_SUMS[table_code]
    columns = list(columns)
    for segment in segments(columns):
        amounts = [columns[c] for c in segment.amount_cols]
        unnamed = [c for c in amounts if not c.measure and not c.line]
        printed = [c for c in amounts if grid.column_texts(c.index, end)]
        named = {c.measure: c.index for c in printed if c.measure in (total, *parts)}
        left = [total] if total not in named else [p for p in parts if p not in named]
        if len(unnamed) == 1 and len(left) > 1:
            left = _nearest(unnamed[0].header, left, table_code)
        if len(unnamed) == 1 and len(left) == 1 and _sums_hold(grid, end, {**named, left[0]: unnamed[0].index}, total):
            columns[unnamed[0].index] = replace(unnamed[0], measure=left[0])
    return columns


def _nearest(header: tuple[str, ...], keys: list[str], table_code: str) -> list[str]:
    """Of the measures left, the one whose terms read nearest the misread heading (致拨款收入 is two
    characters from 财政拨款收入, more from 事业单位经营收入), if no other is as near."""
    if not header:
        return []
    distance = {
        key: min(edit_distance(level, t.label) for t in _terms_of(key, table_code) for level in header) for key in keys
    }
    best = min(distance.values())
    return [key for key, d in distance.items() if d == best]


def _sums_hold(grid: Grid, end: int, by_measure: dict[str, int], total: str) -> bool:
    """Whether the total column is the sum of the others (blanks and dashes 0) in most of the rows
    printing a total, give or take a rounding step per term. A row whose total is blank says nothing:
    nothing to add, or a total OCR lost; nor one whose parts are all blank: a section printing the
    total column alone (04's income lines stacked above its expenditure, under 决算数)."""
    held = checked = 0
    for r in range(end, grid.n_rows):
        values = {m: _amount(grid, r, c) for m, c in by_measure.items()}
        if None in values.values() or not values[total]:
            continue  # words in an amount column (a note), or no total
        parts = [v for m, v in values.items() if m != total]
        if not any(parts):
            continue
        places = max(-v.as_tuple().exponent for v in values.values() if v)
        checked += 1
        held += abs(values[total] - sum(parts)) <= len(values) * Decimal(1).scaleb(-places)
    return held >= SUM_ROWS and held >= SUM_SHARE * checked


def _amount(grid: Grid, row: int, col: int) -> Decimal | None:
    """The amount a cell begun here prints; 0 for a blank or a dash, None for anything else."""
    cell = grid.at(row, col)
    if cell is None or cell.row0 != row or cell.col0 != col or not cell.text.strip() or is_dash(cell.text):
        return Decimal(0)
    return parse_amount(cell.text)


def _across(grid: Grid, end: int) -> tuple[str, ...]:
    cells = [grid.at(r, 0) for r in range(end)]
    return tuple(norm_label(c.text) for c in cells if c is not None and c.width == grid.n_cols and c.text.strip())


@cache
def own_row_labels(table_code: str) -> frozenset[str]:
    """Labels of the table's own rows (合计, 公用经费合计), not of a subject."""
    return frozenset({"合计", "总计"} | {t.label for t in lines(table_code)})


def _role(grid: Grid, col: int, end: int, path: tuple[str, ...], named: bool, own_rows: frozenset[str]) -> Role:
    """`own_rows`: labels of the table's own rows (公用经费合计), which a table keyed by codes prints
    across its code columns: in a column headed as codes, they are no subject names."""
    joined = "".join(path)
    code_header = _heads_codes(path)
    n_amount = n_code = n_short = n_label = n_own = 0
    texts: list[str] = []
    for r in range(end, grid.n_rows):
        cell = grid.at(r, col)
        # a cell merged across the whole width is a note (本表无数据), not a column's content; one
        # across a few columns (a label wrapped over an empty amount cell) is its first column's
        if cell is None or cell.row0 != r or cell.width == grid.n_cols or cell.col0 != col:
            continue
        # an OCR'd cell as the reader takes it: 8.72 read 8 72 is no code 872 (under 款项, 11 01 is two codes)
        text = squash(scanned_amount(cell.text) if grid.source == "ocr" and not code_header else cell.text)
        if not text or norm_label(text) in SIDE_WORDS:
            continue  # 收入 heading a stacked section lands in whatever column its centre falls
        texts.append(text)
        if looks_like_amount(text) or is_dash(text):
            n_amount += 1
        elif _CODE.match(text):
            n_code += 1
        elif PART_CODE.match(text):
            n_short += 1
        elif has_cjk(text) and code_header and norm_label(text) in own_rows:
            n_own += 1
        elif has_cjk(text):
            n_label += 1
    if n_label > max(n_amount, n_code + n_short):
        return Role.LABEL
    if LINE_NUMBERS in joined and not code_header and not named:
        return Role.LINE_NO  # before codes: a scan's misread line number (555 for 55) looks like a 类 code
    if n_code > n_amount or (code_header and n_short and n_code + n_short > n_amount):
        return Role.CODE
    if n_own and not (n_label or n_amount or n_code or n_short):
        return Role.LABEL  # the table's own row labels only (合计, 人员经费合计 set across the code columns)
    if _numbers_heading(joined) and not named:
        return Role.LINE_NO
    if _counts_up(texts):
        return Role.LINE_NO  # its 行次 heading lost or read into another column
    if n_amount and not named and all(is_dash(t) for t in texts) and _gutter(grid, col, end, path):
        return Role.IGNORE
    if n_amount:
        return Role.AMOUNT
    # an empty column (the last half of a continued page): its own header word, not its group's (a
    # 科目编码及名称 over a label column and an empty one cut from it, headed 次 of a 栏次 split across both),
    # nor the 栏次 row's across the label columns (款 and 项 under it are code levels)
    leaf = next((level for level in reversed(path) if not level.isdigit() and level != COLUMN_NUMBERS), "")
    # a column of stray marks only (a copier's streak read as B) is no label column, whatever heads it
    stray = bool(texts) and not (n_code or n_short or n_label or n_own)
    if _heads_codes((leaf,)):
        return Role.CODE
    if any(leaf.endswith(h) for h in _LABEL_HEADER) and not stray:
        return Role.LABEL
    if named and not _mostly_parts(texts):
        return Role.AMOUNT  # not over a code level whose own heading OCR garbled: 人员经费 heads its 类 and 款 too
    if any(h in joined for h in _LABEL_HEADER) and not stray:
        return Role.LABEL
    return Role.IGNORE


def _heads_codes(path: tuple[str, ...]) -> bool:
    """Whether a header (its levels, top down) names a code column: 编码, or a code level (类, 款项)."""
    levels = set(path) & _CODE_LEVELS or any(_LEVELS_RUN.search(p) for p in path)
    return any(h in "".join(path) for h in _CODE_HEADER) or bool(levels)


def _gutter(grid: Grid, col: int, end: int, path: tuple[str, ...]) -> bool:
    """A column of nothing but dashes, headed only by the group heading over its neighbour (功能分类科目
    over 科目编码): a gutter between columns where what a scan left of a dashed rule stands, read as
    dashes, not an amount column whose heading OCR garbled (that has a heading of its own)."""
    return _group_only(path, (header_path(grid, c, end) for c in (col - 1, col + 1) if 0 <= c < grid.n_cols))


def _numbers_heading(joined: str) -> bool:
    """A numbers column's heading: 行次, or 栏次 but under no label heading. The 栏次 row's own label stands
    in the label column (项目 | 栏次): a header left alone at a page's foot has no rows under it to say so."""
    return LINE_NUMBERS in joined or (COLUMN_NUMBERS in joined and not any(h in joined for h in _LABEL_HEADER))


def _counts_up(texts: list[str]) -> bool:
    """Whether a column's texts are whole numbers counting up one by one, row after row, as line numbers
    do (a dash beside one is an empty amount OCR read with it); amounts never do."""
    numbers = [int(m[1]) for t in texts if (m := _COUNTED.match(t))]
    steps = sum(b == a + 1 for a, b in pairwise(numbers))
    return len(numbers) >= COUNTED_MIN and steps >= COUNTED_SHARE * (len(texts) - 1)


def segments(columns: list[Column]) -> list[Segment]:
    """Split the columns into halves: a new half starts at a code or label column after amounts,
    or at a code column after labels (a continued page where the first half's amounts are blank)."""
    found: list[Segment] = []
    codes: list[int] = []
    labels: list[int] = []
    amounts: list[int] = []
    for col in columns:
        if (col.role in (Role.CODE, Role.LABEL) and amounts) or (col.role == Role.CODE and labels):
            found.append(_segment(columns, codes, labels, amounts))
            codes, labels, amounts = [], [], []
        if col.role == Role.CODE:
            codes.append(col.index)
        elif col.role == Role.LABEL:
            labels.append(col.index)
        elif col.role == Role.AMOUNT:
            amounts.append(col.index)
    if amounts:
        found.append(_segment(columns, codes, labels, amounts))
    return found


def _segment(columns: list[Column], codes: list[int], labels: list[int], amounts: list[int]) -> Segment:
    levels = tuple(next((LEVELS.index(h) for h in reversed(columns[c].header) if h in LEVELS), None) for c in codes)
    return Segment(tuple(codes), tuple(labels), tuple(amounts), levels)


def heads_labels(columns: list[Column]) -> bool:
    """Whether a label column's header says what it holds (项目, 名称) or which side (收入, 支出)."""
    return any(
        any(word in level for word in _LABEL_HEADER) or level in SIDE_WORDS
        for c in columns
        if c.role == Role.LABEL
        for level in c.header
    )


def names_a_measure(columns: list[Column]) -> bool:
    return any(c.measure or c.line for c in columns)
