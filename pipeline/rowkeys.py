"""The key of a table row: a subject code (joined or split over 类|款|项 columns), `total`, or a line key.

Line labels of tables 01, 04, 06 and 09 are matched against lines.csv; the expenditure lines of 01
and 04 by function class name (classes.csv). Labels printed on both sides of a two-halves table
(总计) take the side of their half, or of the line above them when the halves are stacked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, partial

from pipeline.columns import (
    CLOSE_BRACKET,
    FUZZY_MIN,
    OPEN_BRACKET,
    PART_CODE,
    SIDE_WORDS,
    Segment,
    is_code,
    leading_code,
)
from pipeline.grids import Cell, Grid
from pipeline.text import edit_distance, has_cjk, in_order, misread_of, norm_label, squash, substitutions
from pipeline.vocab import (
    Term,
    economic_codes,
    economic_names,
    economic_subjects,
    function_classes,
    known_words,
    lines,
    nearest_named,
)

_LINE_NUMBER_AFTER = re.compile(r"(?<=\D)\d{1,2}$")  # a 行次 after a label no column parted from it
_BARE_NUMBERING = re.compile(r"^[一二三四五六七八九十—]+")  # — : a lone 一 is read as a dash
_MISREAD_NUMBERING = re.compile(r"^[^\d、·.．]{1,3}[、·.．]")  # numbering whatever OCR read it as: 八、 as 人·
# two code parts read as one word, by the level of the first: 类 and 款 (201.37; unparted, 20137 is a
# whole 款 code), 款 and 项 (37.50 or 3750)
_JOINED_PARTS = (re.compile(r"(\d{3})[.,·](\d{2})"), re.compile(r"(\d{2})[.,·]?(\d{2})"))
ECONOMIC_EDITS = 2  # digits a scanned economic code that is no code may have misread, lost or added
HALF_MISREAD_MIN = 6  # characters a label needs before one read a third off may name it, within its half
TAIL_LOST = 2  # characters of a wrapped label's tail (or of its head) an OCR'd label may lack and still name its line

_SPECKS = "-—–_.,·'`"  # what a speck of noise beside a code is read as
_LEADING_DIGITS = re.compile(r"^\d+")
# bracketed digits of no code's length before a label: a code OCR misread ([210110]行政单位医疗)
_BRACKETED_DIGITS = re.compile(rf"^\s*{OPEN_BRACKET}\s*(\d{{3,8}})\s*{CLOSE_BRACKET}\s*(\S.*)$", re.S)
# a code cell holding the tail of the label printed after the code in one cell (30199 其他工资福利支 | 出):
# the label wrapped to the cell's edge, under the code
_CODE_AND_TAIL = re.compile(r"^(\d{3}(?:\d{2}){0,2})\n(\D+)$")
_TOTAL_LABELS = {"合计", "总计", "本年收入合计", "本年支出合计", "收入合计", "支出合计", "本年合计"}
FUNCTION_TABLES = {"02", "03", "05", "07", "08"}
LINE_TABLES = {"01", "04", "06", "09"}


@dataclass
class RowContext:
    """What earlier rows of the same half told us: inherited 类/款 codes, the side, keys seen."""

    parents: list[str] = field(default_factory=list)
    side: str = ""
    seen: set[str] = field(default_factory=set)

    def under(self, code: str) -> None:
        """The rows below are under this code's class, 款 and 项."""
        self.parents = [code[:3], code[3:5], code[5:7]]


@dataclass(frozen=True)
class RowKey:
    line_key: str | None
    label: str  # as printed, line breaks removed
    code: str | None = None
    partial: str | None = None  # a scanned code's digits that make no code (208050: OCR lost a digit)


def read_row(
    grid: Grid,
    row: int,
    seg: Segment,
    table_code: str,
    ctx: RowContext,
    side_hint: str,
    stray: str = "",
    wrapped: str = "",
) -> RowKey:
    """`stray`: a label printed for this segment's row that landed in a column outside it; `wrapped`:
    the start of its label, printed on the row above."""
    label_cells = _distinct_cells(grid, row, seg.label_cols, seg)
    printed = "\n".join(c.text for c in label_cells if c.text.strip()) or stray or _worded_code(grid, row, seg)
    printed = wrapped + printed
    code_cells = _code_cells(grid, row, seg, label_cells)
    printed += "".join(m[2] for c in code_cells if (m := _CODE_AND_TAIL.match(c.text)))
    label = squash(printed)
    code = _code(grid, row, seg, ctx, code_cells, economic=table_code == "06")
    embedded = leading_code(printed) if code is None else None
    digits = None
    if code is None and not embedded and grid.source == "ocr" and (bracketed := _BRACKETED_DIGITS.match(printed)):
        digits, label = bracketed[1], squash(bracketed[2])  # [210110]行政单位医疗: a digit lost in its code
    if table_code == "06" and grid.source == "ocr":
        if code is None:
            code = _subject_by_name(economic_subjects(), label, ctx)
        else:
            code = _economic_misread(code, label, ctx)
    if code is None and embedded:
        code, label = embedded[0], squash(embedded[1])
    if table_code in FUNCTION_TABLES:
        if code is None and grid.source == "ocr":
            code = _subject_by_name(function_classes(), label, ctx)
        if code and grid.source == "ocr" and code[:3] not in _class_codes():
            return RowKey(None, label, partial=code)  # no class opens it: digits misread (201 as 291) or lost
        if code and len(code) in (3, 5, 7):
            return RowKey(code, label, code)
        partial = (digits or _partial_code(code_cells, ctx)) if code is None and grid.source == "ocr" else None
        return RowKey("total" if _total(label, grid.source == "ocr") else None, label, partial=partial)
    if table_code == "06" and code and code.startswith("3") and len(code) in (3, 5):
        return RowKey(code, label, code)
    return RowKey(_line_key(label, table_code, ctx, side_hint, fuzzy=grid.source == "ocr"), label)


@cache
def _class_codes() -> frozenset[str]:
    return frozenset(function_classes().values())


@cache
def _economic_classes() -> frozenset[str]:
    return frozenset(code for code in economic_codes() if len(code) == 3)


def _economic_class_misread(level: int, above: str, part: str) -> bool:
    """An economic 类 part that is no class, a digit off the class above or with one lost."""
    classes = _economic_classes()
    near = one_digit_misread(above, part) or one_digit_lost(above, part)
    return level == 0 and part not in classes and above in classes and near


@cache
def _any_classes() -> frozenset[str]:
    return _class_codes() | _economic_classes()


def _unclassed(level: int, above: str, part: str) -> bool:
    """A 类 part the rows above read as no class (function or economic) where this one reads as one."""
    return level == 0 and part in _any_classes() and above not in _any_classes()


def _partial_code(cells: list[Cell], ctx: RowContext) -> str | None:
    """The digits a scanned code column opens with, when what it prints makes no code: 208050 for
    2080505 (a repeated digit merged), 210 of 210n for 21011; fewer than a class's, the class of the
    rows above (5 for 20805 under 208). The row's name may yet tell its code."""
    digits = _LEADING_DIGITS.match("".join(squash(c.text) for c in cells))
    if digits and len(digits[0]) >= 3:
        return digits[0]
    return ctx.parents[0] if ctx.parents else None


def _worded_code(grid: Grid, row: int, seg: Segment) -> str:
    """Words alone in the code columns: 合计 centred over the 类|款|项 columns of an unruled table."""
    cells = _distinct_cells(grid, row, seg.code_cols, seg)
    words = [c.text for c in cells if has_cjk(c.text) and not any(ch.isdigit() for ch in c.text)]
    return "\n".join(words) if len(words) == len([c for c in cells if c.text.strip()]) else ""


def _distinct_cells(grid: Grid, row: int, cols: tuple[int, ...], seg: Segment) -> list[Cell]:
    """The cells of these columns in this row, each once. A cell reaching in from left of the segment
    over its amount columns too is a left half's label wrapped across the table, not this half's
    (a label merged over the columns between, 公用经费合计, stops short of the amounts)."""
    start = seg.first_col
    amounts = min(seg.amount_cols, default=grid.n_cols)
    cells: list[Cell] = []
    for col in cols:
        cell = grid.at(row, col)
        across = cell is not None and cell.col0 < start and cell.col1 > amounts
        if cell is not None and cell.row0 == row and not across and all(cell is not c for c in cells):
            cells.append(cell)
    return cells


def _code(grid: Grid, row: int, seg: Segment, ctx: RowContext, cells: list[Cell], economic: bool) -> str | None:
    """Digits of the code columns; split columns inherit a blank 类 or 款 from the rows above. A part
    alone in the one code column of a continued page is of the level that column had on the page
    before (02 under 项: 2210202). An economic code has two levels: a 款 alone (its 类 column blank
    on a continued page, so not even found there) is under the 类 of the rows above. `cells`: the
    row's code cells (`_code_cells`)."""
    if not cells:
        return None
    texts = [m[1] if (m := _CODE_AND_TAIL.match(c.text)) else c.text for c in cells]
    parts = _parts_apart(grid, _specks_off(grid, [squash(t) for t in texts]))
    parts = _levels_run_together(parts)
    parts = _misread_parents(grid, parts, ctx.parents, economic)
    parts = _lost_from_below(grid, row, seg, parts, ctx.parents)
    parts = _shortened_from_below(grid, row, seg, parts, ctx.parents)
    if not any(parts) or not all(p.isdigit() or not p for p in parts):
        return None
    if len(parts) == 1:
        code = parts[0]
        level = seg.code_levels[0] if len(seg.code_cols) == 1 and seg.code_levels else None
        level = level or (1 if economic else None)  # an economic code's part alone is a 款
        if len(code) == 2 and level and len(ctx.parents) >= level and all(ctx.parents[:level]):
            code = "".join(ctx.parents[:level]) + code  # e.g. the 项 column alone on a continued page
    else:
        code = ""
        for level, part in enumerate(parts):
            if part:
                code += part
            elif level < len(ctx.parents) and any(parts[level + 1 :]):
                code += ctx.parents[level]
    if not is_code(code):
        return None
    ctx.under(code)
    return code


def _levels_run_together(parts: list[str]) -> list[str]:
    """Split code parts where a level's column holds the levels before it too (201 37 read as one word
    20137 in the 款 column, the 类 column blank): the code so far, cut back into its levels."""
    for level, part in enumerate(parts):
        if level and part.isdigit() and len(part) == 3 + 2 * level and not any(parts[:level]):
            return [part[:3], *(part[3 + 2 * i : 5 + 2 * i] for i in range(level)), *parts[level + 1 :]]
    return parts


def _code_cells(grid: Grid, row: int, seg: Segment, label_cells: list[Cell]) -> list[Cell]:
    return [c for c in _distinct_cells(grid, row, seg.code_cols, seg) if all(c is not lc for lc in label_cells)]


def _specks_off(grid: Grid, parts: list[str]) -> list[str]:
    """Scanned code parts without the specks read beside them as marks (-208: a speck by the cell's rule)."""
    if grid.source != "ocr":
        return parts
    return [stripped if (stripped := part.strip(_SPECKS)).isdigit() else part for part in parts]


def _parts_apart(grid: Grid, parts: list[str]) -> list[str]:
    """Two code parts a scan read as one word (款 37 and 项 50 as 37.50, 类 201 and 款 37 as 201.37), in
    one of their columns, the other blank: each to its own column. Never in the first column, where a
    whole code is printed."""
    if grid.source != "ocr":
        return parts
    out = list(parts)
    for level, part in enumerate(parts[1:], start=1):
        for first in (level - 1, level):
            blank = first if first < level else level + 1  # the pair's other column
            if first >= len(_JOINED_PARTS) or blank >= len(out) or out[blank]:
                continue
            joined = _JOINED_PARTS[first].fullmatch(part)
            if joined:
                out[first : first + 2] = joined.groups()
                break
    return out


def _misread_parents(grid: Grid, parts: list[str], parents: list[str], economic: bool) -> list[str]:
    """A scan's unreadable 款 (11 read as 日) in a row that goes on to a 项 is the 款 of the rows above:
    subjects are listed depth first, so a 项 is under the last 款 printed, and the 类 printed before
    it says the row is still in that 款's class. So is a part a digit off the one above (230 for 210
    in the 类 column of a 款 row) where the row above was a class or 款 of its own: where such rows are
    printed, a new class or 款 begins on one (where only 项 rows are, 207 may well follow 208). Never a class
    for a part no class has: then the row above was the misread one (291 above 201). An economic 类
    part that is no class, a digit off or lost from the class above (02 or 32 for 302), is that class:
    the classification is one short national list, and its 款 rows print their class."""
    if grid.source != "ocr":
        return parts
    out = list(parts)
    for level, part in enumerate(parts):
        above = parents[level] if level < len(parents) and out[:level] == parents[:level] else ""
        headed = "" in parents[level + 1 :]
        digit_off = len(part) == len(above) and edit_distance(part, above) == 1
        misread = not part.isdigit() or (headed and digit_off and not _unclassed(level, above, part))
        misread = misread or (economic and _economic_class_misread(level, above, part))
        if part and above and misread and any(p.isdigit() for p in parts[level + 1 :]):
            out[level] = above
    return out


def _lost_from_below(grid: Grid, row: int, seg: Segment, parts: list[str], parents: list[str]) -> list[str]:
    """A part a scan lost is the one of the row below, if that row goes deeper under the same parts
    above it: subjects are listed depth first, so a 款 row is followed by its first 项. A part is lost
    where the last one printed is no part (11 read as 口 in 210 | 口, 02 as 0), or where the parts printed
    repeat the row above's code (221 under 221: its 款 02 was not read; no code is printed twice)."""
    printed = [i for i, p in enumerate(parts) if p]
    if grid.source != "ocr" or not printed or row + 1 >= grid.n_rows:
        return parts
    last = printed[-1]
    if last >= 1 and not PART_CODE.match(parts[last]):
        level = last
    elif parts == parents[: len(parts)] and last + 1 < len(parts) and not parts[last + 1]:
        level = last + 1
    else:
        return parts
    below = _parts_below(grid, row, seg)
    deeper = len(below) == len(parts) > level + 1 and below[:level] == parts[:level]
    deeper = deeper and all(b.isdigit() for b in below[: level + 2])
    return [*parts[:level], below[level], *parts[level + 1 :]] if deeper else parts


def _shortened_from_below(grid: Grid, row: int, seg: Segment, parts: list[str], parents: list[str]) -> list[str]:
    """A scanned 款 code printed whole that lost a digit (21011 read as 2101: CTC merges a repeated
    digit) is the 款 of the row below, when that row is a 项 whose 款 reads as it with one digit more,
    under the class printed above: a 款 row is followed by its first 项."""
    if grid.source != "ocr" or not _whole(parts) or len(parts[0]) != 4 or row + 1 >= grid.n_rows:
        return parts
    below = _parts_below(grid, row, seg)
    if not _whole(below) or len(below[0]) != 7 or not below[0].isdigit():
        return parts
    kuan = below[0][:5]
    one_lost = one_digit_lost(kuan, parts[0])
    in_class = not parents or not parents[0] or kuan[:3] == parents[0]
    return [kuan, *parts[1:]] if one_lost and in_class else parts


def one_digit_misread(code: str, read: str) -> bool:
    """The code read with one of its digits misread as another (30102 as 30162)."""
    return len(code) == len(read) and substitutions(code, read) == 1


def one_digit_lost(code: str, read: str) -> bool:
    """The code read with one of its digits lost (21011 as 2101: OCR merges a repeated digit)."""
    return len(read) == len(code) - 1 and in_order(read, code)


def digits_lost(code: str, read: str) -> bool:
    """The code read with some of its digits lost, the others in order, at least a class code's three
    left (fewer fit too many codes)."""
    return 3 <= len(read) < len(code) and in_order(read, code)


def _parts_below(grid: Grid, row: int, seg: Segment) -> list[str]:
    """The code parts the row below prints, one per code column."""
    return [squash(c.text) for c in _distinct_cells(grid, row + 1, seg.code_cols, seg)]


def _total(label: str, ocr: bool) -> bool:
    """The label of a function table's 合计 row, or OCR's reading of one with a character changed (合让,
    台计) that is no word the tables print (小计), or its first lost (计: a rule the scan carried through
    the merged cell took 合 with it): the one row of such a table that prints no code."""
    name = norm_label(label)
    misread = bool(_a_character_off(name, _TOTAL_LABELS)) or any(t[1:] == name for t in _TOTAL_LABELS)
    return name in _TOTAL_LABELS or (ocr and misread)


def _whole(parts: list[str]) -> bool:
    """The code printed whole in the first code column, the others blank."""
    return bool(parts) and bool(parts[0]) and not any(parts[1:])


def _subject_by_name(names: dict[str, str], label: str, ctx: RowContext) -> str | None:
    """The code of a scanned subject whose code is unreadable (08 read as GS, 221 as 21), by its name
    in a national list (`economic_subjects`, `function_classes`) that gives it one subject; the rows
    below are under it. A 款 must be under the class of the rows above."""
    code = names.get(norm_label(label))
    if code is None or (len(code) == 5 and ctx.parents and code[:3] != ctx.parents[0]):
        return None
    ctx.under(code)
    return code


def _economic_misread(code: str, label: str, ctx: RowContext) -> str:
    """A scanned economic code a digit off the one subject its name has (津贴补贴 30102 read as 30162),
    with digits lost (办公费 30201 as 201; 职业年金缴费 30109 as 301, its 款 cell blank), or no code at
    all and two digits off (邮电费 30207 as 38307); its name read whole or a character off in every
    four (绩效工资 as 境效工资 under 301): the classification is one national list, and its names are
    read more surely than a digit."""
    named = nearest_named(economic_names(), label, partial(_economic_misread_as, code))
    if len(named) != 1 or code in named:
        return code
    code = named.pop()
    ctx.under(code)
    return code


def _economic_misread_as(read: str, code: str) -> bool:
    """`read` is the economic `code` itself or a misreading of it."""
    if code == read or one_digit_misread(code, read) or digits_lost(code, read):
        return True
    return read not in economic_codes() and edit_distance(code, read) <= ECONOMIC_EDITS


def _line_key(label: str, table_code: str, ctx: RowContext, side_hint: str, fuzzy: bool = False) -> str | None:
    name = norm_label(label)
    if not name:
        return None
    if name in SIDE_WORDS:
        ctx.side = SIDE_WORDS[name]  # the heading row of a stacked half
        return None
    name = _LINE_NUMBER_AFTER.sub("", name) or name  # 本年收入合计 27: its 行次 in the label's cell
    readings = [name, *_without_numbering(name)]
    if fuzzy and (numbering := _MISREAD_NUMBERING.match(squash(label))):
        readings.append(norm_label(squash(label)[numbering.end() :]))
    for reading in readings:
        if known := _known_line(reading, table_code, ctx, side_hint):
            return known
    side = ctx.side or side_hint
    # OCR misreads a label many ways; a text layer only loses the end a producer clipped to its cell
    near_line = partial(_near_line, side=side) if fuzzy else _clipped
    if near := next(filter(None, (near_line(r, table_code) for r in readings)), None):
        return _known_line(near, table_code, ctx, side_hint)
    return None


def _clipped(name: str, table_code: str) -> str | None:
    """The one long label a text layer's label begins, but for its last TAIL_LOST characters at most:
    a producer that clips a label to its cell drops them from the text too (三、卫生健康支)."""
    if len(name) < FUZZY_MIN:
        return None
    found = [label for label in label_keys(table_code) if label.startswith(name) and label != name]
    return found[0] if len(found) == 1 and len(found[0]) - len(name) <= TAIL_LOST else None


def _without_numbering(name: str) -> list[str]:
    """The label without numbering whose 、 a scan lost (九卫生健康支出) or read as 一 (一一般公共预算…),
    its 一 then read as a dash (—一般公共预算…), shortest cut first: the label itself may begin with a
    numeral (一般公共预算…)."""
    numbering = _BARE_NUMBERING.match(name)
    return [name[cut:] for cut in range(1, len(numbering[0]) + 1)] if numbering else []


def _near_line(name: str, table_code: str, side: str = "") -> str | None:
    """The one long line label (or, in 01 and 04, function class) an OCR'd label is a misread of: a
    character off (结转和结全 for 结转和结余, 卫生键康支出), its wrapped tail lost (一般公共预算财政 for
    一般公共预算财政拨款), a class's first characters lost with its numbering (公共服务支出 for 一、一般公共服务支出),
    or a longer label more misread (`misread_of`: 一般公共预算财致搜款收入). Of two near labels, the one of
    the half the row is in (年切结转和结余 in the income half: 年初, not 年末)."""
    if len(name) < FUZZY_MIN:
        return _misread_short(name, table_code)
    keys, classes = label_keys(table_code), function_classes()
    near = {
        label
        for label in keys
        if len(label) >= FUZZY_MIN
        and (
            edit_distance(name, label) <= 1
            or (label.startswith(name) and len(label) - len(name) <= TAIL_LOST)
            or (label in classes and label.endswith(name) and len(label) - len(name) <= TAIL_LOST)
            or misread_of(name, label, (other for other, of in keys.items() if not of & keys[label]))
        )
    }
    if len(near) > 1 and side:
        near = {label for label in near if side in _sides(table_code, keys[label])}
    if not near and side:
        near = _misread_in_half(name, table_code, side)
    # two labels of one line are one answer (一般公共预算财政拨款收 is a character off both of inc.gpb's);
    # so is a label naming every line the others name (一般公共预算财政拨款+, inc.gpb's and, under 年初…,
    # inc.opening_balance.gpb's): its row's place picks the line
    widest = max(near, key=lambda label: (len(keys[label]), len(label)), default=None)
    return widest if widest and all(keys[label] <= keys[widest] for label in near) else None


def _misread_in_half(name: str, table_code: str, side: str) -> set[str]:
    """Labels of the row's half (HALF_MISREAD_MIN characters or more) an OCR'd label is read from with
    up to a third of it off (年初结种和建余 for 年初结转和结余), every other label of the half being twice
    as far: the other half's near twin (年末结转和结余) is no rival there."""
    keys = label_keys(table_code)
    half = {label: of for label, of in keys.items() if side in _sides(table_code, of)}
    found = set()
    for label, of in half.items():
        off = edit_distance(name, label)
        near = len(label) >= HALF_MISREAD_MIN and 0 < off <= len(label) // 3
        if near and all(edit_distance(name, other) >= 2 * off for other, its in half.items() if not its & of):
            found.add(label)
    return found


def _misread_short(name: str, table_code: str) -> str | None:
    """The one short line label an OCR'd label is read as with a character changed (其他收人 for 其他收入,
    怕计 for 总计), if it is no word the tables print and no other label of the table is as near:
    经业收入 is a character from 经营收入 and from 事业收入 alike, and 合计 is no misread of 总计."""
    near = _a_character_off(name, label_keys(table_code)) if len(name) >= 2 else []
    return near[0] if len(near) == 1 else None


def _a_character_off(name: str, labels: Iterable[str]) -> list[str]:
    """The labels `name` is read as with one character changed, unless it is a word the tables print."""
    if name in known_words():
        return []
    return [label for label in labels if len(label) == len(name) and substitutions(name, label) == 1]


def _sides(table_code: str, keys: frozenset[str]) -> set[str]:
    """The halves these line keys (or function classes, on the expenditure side) stand in."""
    return {t.side for t in lines(table_code) if t.key in keys} | (
        {"exp"} if keys & set(function_classes().values()) else set()
    )


@cache
def label_keys(table_code: str) -> dict[str, frozenset[str]]:
    """The table's line labels (and, in 01 and 04, function classes), each with the keys it names."""
    keys: dict[str, set[str]] = {}
    for term in lines(table_code):
        keys.setdefault(term.label, set()).add(term.key)
    if table_code in ("01", "04"):
        for label, code in function_classes().items():
            keys.setdefault(label, set()).add(code)
    return {label: frozenset(of) for label, of in keys.items()}


def _known_line(name: str, table_code: str, ctx: RowContext, side_hint: str) -> str | None:
    candidates = [t for t in lines(table_code) if t.label == name]
    if candidates:
        term = _choose(candidates, ctx, side_hint)
        ctx.seen.add(term.key)
        if term.side:
            ctx.side = term.side
        return term.key
    if table_code in ("01", "04"):
        code = function_classes().get(name.removesuffix("类"))
        if code:
            ctx.side = "exp"
            return code
    return None


def _choose(candidates: list[Term], ctx: RowContext, side_hint: str) -> Term:
    side = ctx.side or side_hint  # the latest evidence: a stacked table changes side half-way
    if side:
        on_side = [t for t in candidates if t.side == side]
        candidates = on_side or candidates
    after = [t for t in candidates if t.after and t.after in ctx.seen]
    if after:
        return after[0]
    return next((t for t in candidates if not t.after), candidates[0])
