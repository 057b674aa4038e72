"""Grids of one table (one per page it spans) → facts keyed by line and measure.

A page that continues a table without repeating its header reuses the columns of the page before,
matched by position. Every amount cell that is printed becomes a fact; blanks and dashes do not.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import partial

from pipeline.amounts import is_dash, parse_amount, scanned_amount
from pipeline.columns import (
    LINE_NUMBERS,
    SIDE_WORDS,
    SUMMARY_TABLES,
    Column,
    Role,
    Segment,
    best_term,
    classify_columns,
    header_end,
    heads_labels,
    is_code,
    leading_code,
    marked_codes_joined,
    names_a_measure,
    own_row_labels,
    section_header,
    segments,
)
from pipeline.errors import ExtractionError
from pipeline.grids import Cell, Grid
from pipeline.model import MAX_YUAN, YUAN_PER_UNIT, Fact, Subject, Unreadable
from pipeline.repair import LINE_SUMS
from pipeline.rowkeys import FUNCTION_TABLES, RowContext, RowKey, digits_lost, one_digit_misread, read_row
from pipeline.text import CJK, edit_distance, has_cjk, norm_label, squash
from pipeline.vocab import (
    NAME_SLACK,
    PERSONNEL_CLASSES,
    class_names,
    economic_names,
    function_classes,
    measures,
    nearest_named,
    printed_measures,
)

_SKIP_ROWS = {"栏次", "行次"}
_AMOUNT_RUN = re.compile(r"-?\d[\d,]*\.\d{2}")  # amounts in a cell, its cents ending each
_Misread = Callable[[Fact, set[str], set[str], str], bool]  # (fact, codes other tables print, its table's lines, code)
# A budget's 06 printed in halves sums each half in a row of its own (人员经费合计 under 人员经费): the
# same figure as the 合计 row's 人员经费 column of a 06 printed with one, and keyed as that is.
_HALF_TOTALS = {("06", "personnel_total", "personnel"): "total", ("06", "public_total", "public"): "total"}
_AMOUNT_LIKE = re.compile(r"\d[.,]\d")  # cents or a thousands separator: no 行次, code or numbering has them


@dataclass
class TableReading:
    facts: list[Fact] = field(default_factory=list)
    subjects: list[Subject] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    # facts of scanned rows whose code OCR misread: one an earlier row printed under another name (a part
    # lost), or digits that make no code (a digit lost); keyed by the digits read
    unsure: list[Fact] = field(default_factory=list)
    # OCR'd amounts of rows whose label names no line (公用经用经费合): the sums may place them
    unplaced: list[Fact] = field(default_factory=list)


class TableReader:
    """Reads the grids of one table in page order."""

    def __init__(self, table_code: str, amount_unit: str, document: str, report_kind: str | None = None) -> None:
        self.table_code = table_code
        self.budget, self.final = report_kind == "budget", report_kind == "final"
        self.income_measure = "budget" if self.budget else "actual"
        self.amount_unit = amount_unit
        self.document = document
        self.columns: list[Column] | None = None
        self.contexts: dict[int, RowContext] = {}
        self.reading = TableReading()
        self._keys: dict[tuple[str, str], Fact] = {}
        self._unnamed: dict[tuple[int, int], list[Fact]] = {}  # rows printing amounts and nothing else
        self._names: dict[str, str] = {}  # subject code → the name its first row printed

    def read(self, grid: Grid) -> None:
        grid = marked_codes_joined(grid)
        end = header_end(grid, self.table_code)
        if (section := section_header(grid, self.table_code, end)) is not None:
            # a stacked 01/04 whose second half prints its own header: two tables, one above the other
            self.read(grid.rows_between(0, section))
            self.contexts = {}
            self.read(grid.rows_between(section, grid.n_rows))
            return
        columns = own = classify_columns(grid, self.table_code, end)
        if self.final:
            columns = own = _as_finals_print(columns, self.table_code)
        if self.columns is not None and self.table_code in SUMMARY_TABLES and end and not heads_labels(columns):
            # a continued 01/04 whose first rows are wrapped line labels that also name columns
            # (一般公共预算财政拨款 under 年末结转和结余), not a repeated header: its 项目 is missing
            columns, end = self._continued(grid), 0
        elif not names_a_measure(columns) and (sole := self._sole_measure(columns, grid, end)):
            columns = own = sole
        elif not names_a_measure(columns):
            if self.columns is None:
                if _prints_amounts(grid, end):
                    raise ExtractionError(
                        f"table {self.table_code}: no column header names a known measure "
                        f"(header: {[c.header for c in columns if c.header]})",
                        document=self.document,
                        page=grid.page,
                    )
                return  # an empty table (说明：本表无数据): no amount goes unread, whatever its header says
            columns, end = self._continued(grid), 0
        if names_a_measure(columns) and (columns is own or _keeps_amounts(columns, self.columns)):
            self.columns = columns
        found = segments(columns)
        # a half with no amount column on this page (its amounts blank) holds no row of its own to label
        amountless = frozenset(c for s in found if not s.amount_cols for c in s.label_cols)
        for index, seg in enumerate(found):
            ctx = self.contexts.setdefault(index, RowContext())
            side = self._side_hint(seg, columns)
            wrapped = ""
            for row in range(end, grid.n_rows):
                wrapped = self._read_row(grid, row, seg, ctx, side, columns, amountless, wrapped)

    def _sole_measure(self, columns: list[Column], grid: Grid, end: int) -> list[Column] | None:
        """The columns of a first page printing one column of amounts in each half under no header that
        names a measure (a budget's 09 set as a list of 经费 and amounts; a photographed 01 whose 金　额
        OCR read a character at a time), that column holding the one measure the table can: a budget's
        预算数, or the one measure a final's table prints (a final's 09 prints two).
        A column of dashes alone (dot leaders a fax left as dashes) prints no amount."""
        printing = {
            c.index
            for c in columns
            if c.role == Role.AMOUNT and any(parse_amount(t) is not None for t in grid.column_texts(c.index, end))
        }
        halves = [printing.intersection(s.amount_cols) for s in segments(columns)]
        sole = "budget" if self.budget else _the_one(printed_measures(self.table_code, "final"))
        if self.columns is not None or not printing or any(len(h) > 1 for h in halves):
            return None
        if sole not in {t.key for t in measures(self.table_code)}:
            return None
        return [replace(c, measure=sole) if c.index in printing else c for c in columns]

    def _continued(self, grid: Grid) -> list[Column]:
        """Columns of a page that continues the table without its header.

        A code or label column keeps the role its own cells show; an amount column, or one blank on
        this page (a half with no rows left), takes the role and measure of the previous page's
        column it lines up with (overlapping most, else nearest). A column printing the table's own
        row labels and otherwise codes only, where the previous page had a code column, is that code
        column (公用经费合计 across the code columns, the page's last 款 code beside it, or a 类 310 above);
        codes under the previous page's 行次 are its line numbers (29 read as 289, a speck beside it);
        under a code level whose header the 栏次 row runs across, they stay codes.
        """
        assert self.columns is not None
        own = classify_columns(grid, self.table_code, 0)
        extents = [grid.extent(i) for i in range(grid.n_cols)]
        if _same_columns(self.columns, extents):
            return [Column(i, c.role, c.header, c.measure, c.line, extents[i]) for i, c in enumerate(self.columns)]
        previous = self.columns
        amounts = [c for c in previous if c.role == Role.AMOUNT]
        mapped = []
        for col in own:
            match = _lined_up(col, previous)
            if (
                col.role == Role.LABEL
                and match.role == Role.CODE
                and _codes_and_own_rows(grid, col.index, self.table_code)
            ) or (col.role == Role.CODE and match.role == Role.LINE_NO and LINE_NUMBERS in match.header):
                mapped.append(Column(col.index, match.role, match.header, None, None, col.x))
                continue
            if col.role not in (Role.AMOUNT, Role.IGNORE) or not amounts:
                mapped.append(col)
                continue
            # line numbers (35, 36) read like amounts: the previous page's header says 行次
            if col.role == Role.AMOUNT and match.role != Role.LINE_NO:
                match = _lined_up(col, amounts)
            mapped.append(Column(col.index, match.role, match.header, match.measure, match.line, col.x))
        if any(c.role == Role.AMOUNT for c in own) and not names_a_measure(mapped):
            raise ExtractionError(
                f"table {self.table_code}: a continued page whose columns match none of the previous page's",
                document=self.document,
                page=grid.page,
            )
        return mapped

    @staticmethod
    def _side_hint(seg: Segment, columns: list[Column]) -> str:
        headers = [h for col in seg.label_cols for h in columns[col].header]
        return next((SIDE_WORDS[h] for h in headers if h in SIDE_WORDS), "")

    def _read_row(
        self,
        grid: Grid,
        row: int,
        seg: Segment,
        ctx: RowContext,
        side: str,
        columns: list[Column],
        amountless: frozenset[int],
        wrapped: str = "",
    ) -> str:
        """Read the row's facts; returns its code and label if it prints no amount, for the next row
        of the half to try as its label's start where its own names no line: a label wrapped over two
        lines of an unruled table, its amounts beside the second (一般公共服务支 | 出 20,908,500.00,
        30108 机关事业单 | 位基本养老保险缴费 155200.00), the other half's rows apart from its own. A
        label's tail is Chinese: a total OCR read as Latin letters (总计 as Sit) starts with no label."""
        amounts = [(col, grid.at(row, col)) for col in seg.amount_cols]
        printed = [
            (col, cell)
            for col, cell in amounts
            if cell and cell.row0 == row and cell.text.strip() and not _line_number(cell, columns)
        ]
        stray = _stray_label(grid, row, seg, columns, amountless)
        key = read_row(grid, row, seg, self.table_code, ctx, side, stray)
        if wrapped and printed and not key.line_key and not key.code and has_cjk(key.label):
            joined = read_row(grid, row, seg, self.table_code, ctx, side, stray, wrapped=wrapped)
            key = joined if joined.line_key and _carries(wrapped, joined) else key
        if norm_label(key.label) in _SKIP_ROWS:
            return ""
        unsure = self._repeats(grid, key)
        if key.partial and not key.line_key:
            key, unsure = replace(key, line_key=key.partial), True
        if unsure:
            self.reading.notes.append(f"page {grid.page}: code of row {key.label!r} read as {key.line_key}")
        if key.code and key.label and has_cjk(key.label) and not unsure:
            kind = "function" if self.table_code in FUNCTION_TABLES else "economic"
            self.reading.subjects.append(Subject(key.code, key.label, kind))
        lone = len(seg.amount_cols) == 1
        for col, cell in printed:
            text = _share_of(cell, col)
            if (cell.width > 1 and not parse_amount(text)) or norm_label(text) in SIDE_WORDS:
                continue  # a note such as 本表无数据 printed across the amount columns, a side heading
            self._add(grid, row, key, columns[col], text, unsure, ctx.side or side, lone)
        return "" if printed else (key.code or "") + key.label

    def _repeats(self, grid: Grid, key: RowKey) -> bool:
        """A scanned subject row whose code an earlier row printed under another name: OCR lost a part
        of its code (210 | 11 | 02 事业单位医疗 read as 210 | 11 under 21011 行政事业单位医疗)."""
        if not key.code:
            return False
        first = self._names.setdefault(key.code, norm_label(key.label))
        named = has_cjk(key.label) and first != norm_label(key.label)
        return named and grid.source == "ocr" and self.table_code in FUNCTION_TABLES

    def _add(
        self,
        grid: Grid,
        row: int,
        key: RowKey,
        column: Column,
        text: str,
        unsure: bool = False,
        side: str = "",
        lone: bool = False,
    ) -> None:
        """`lone`: the column is the only amount column of its half."""
        if is_dash(text):
            return
        if grid.source == "ocr":
            text = scanned_amount(text)
        amount = parse_amount(text)
        line_key = key.line_key or (column.line if self.table_code == "09" else None)
        measure = self._measure(line_key, side, column, lone)
        line_key = _HALF_TOTALS.get((self.table_code, line_key, measure), line_key)
        # more than two decimals, or more than any budget: two cells read as one (6.04 beside a code 310)
        if (
            amount is None
            or amount.as_tuple().exponent < -2
            or abs(amount) * YUAN_PER_UNIT[self.amount_unit] >= MAX_YUAN
        ):
            self.reading.notes.append(f"page {grid.page}: unreadable amount {text!r} in row {key.label!r}")
            if grid.source == "ocr" and line_key and measure and sum(c.isdigit() for c in text) >= 2:
                fact = Fact(
                    self.table_code, line_key, measure, Decimal(0), self.amount_unit, grid.page, key.label, "ocr"
                )
                self.reading.unreadable.append(Unreadable(fact, text.strip()))
            return
        unnamed = self._unnamed_line(side) if not line_key and measure and not _named(key.label, grid) else None
        if unnamed:
            fact = Fact(self.table_code, unnamed, measure, amount, self.amount_unit, grid.page, "", grid.source)
            self._unnamed.setdefault((grid.page, row), []).append(fact)
            return
        if not line_key or not measure:
            self.reading.notes.append(
                f"page {grid.page}: amount {text.strip()} in row {key.label!r} has no "
                f"{'line' if not line_key else 'measure'} (column {'/'.join(column.header)})"
            )
            if grid.source == "ocr" and measure and not key.code:
                self.reading.unplaced.append(
                    Fact(self.table_code, "", measure, amount, self.amount_unit, grid.page, key.label, "ocr")
                )
            return
        fact = Fact(self.table_code, line_key, measure, amount, self.amount_unit, grid.page, key.label, grid.source)
        if unsure:
            self.reading.unsure.append(fact)
        else:
            self._keep(fact)

    def _measure(self, line_key: str | None, side: str, column: Column, lone: bool) -> str | None:
        """The column's measure; for an income line of 04 (or an unlabelled row of its income half), the
        one measure its half prints, where the line prints in the 合计 column (a stacked 04) or in the
        half's one amount column, whose heading OCR lost (决算数 read as nothing but its 栏次)."""
        measure = self._budgets(column, line_key) if self.budget and column.measure == "actual" else column.measure
        income = self.table_code == "04" and (line_key.startswith("inc.") if line_key else side == "inc")
        if income and (measure == "total" or (measure is None and lone)):
            return self.income_measure
        return measure

    def _budgets(self, column: Column, line_key: str | None) -> str:
        """What an amount column headed 金额 holds in a budget, where it is no 决算数: what the rest of its
        header names (人员经费 over one group of a 06 printed in groups), else the budget. A 06 group whose
        heading stands off it (unruled, centred over the next group's codes) holds its rows' own: 人员经费
        for the personnel classes' subjects and their 合计, 公用经费 for the others'."""
        others = tuple(term for term in measures(self.table_code) if term.key != "actual")
        if named := best_term(column.header, others):
            return named.key
        if self.table_code == "06" and line_key and line_key != "total":
            personnel = line_key == "personnel_total" or line_key[:3] in PERSONNEL_CLASSES
            return "personnel" if personnel else "public"
        return "budget" if any(term.key == "budget" for term in others) else "total"

    def _unnamed_line(self, side: str) -> str | None:
        """The line a row printing amounts and no label may be: a function table's 合计, a summary
        table's 总计 of the half the row is in (OCR lost its label, a short word centred in its cell)."""
        if self.table_code in FUNCTION_TABLES:
            return "total"
        return f"{side}.grand_total" if self.table_code in SUMMARY_TABLES and side else None

    def finish(self) -> None:
        """A row printing amounts with neither code nor label is the line `_unnamed_line` makes it, if
        the table has no such line and every amount of the row is the sum that line is of (a function
        table's classes, a summary table's lines; give or take a rounding step per term); only one row
        may be each."""
        printed = {(f.line_key, f.measure) for f in self.reading.facts}
        fitting = [
            facts
            for facts in self._unnamed.values()
            if all((f.line_key, f.measure) not in printed and self._sums_up(f) for f in facts)
        ]
        for (page, _), facts in self._unnamed.items():
            if facts in fitting and [other[0].line_key for other in fitting].count(facts[0].line_key) == 1:
                for fact in facts:
                    self._keep(fact)
            else:
                amounts = ", ".join(str(f.amount) for f in facts)
                self.reading.notes.append(f"page {page}: amounts {amounts} in a row with neither code nor label")

    def _sums_up(self, fact: Fact) -> bool:
        if fact.line_key == "total":
            terms = [f.amount for f in self.reading.facts if f.measure == fact.measure and len(f.line_key) == 3]
        else:
            parts = next((p for line, p in LINE_SUMS[self.table_code] if line == fact.line_key), ())
            terms = [f.amount for f in self.reading.facts if f.measure == fact.measure and f.line_key in parts]
        step = Decimal(1).scaleb(fact.amount.as_tuple().exponent)
        return bool(terms) and abs(sum(terms) - fact.amount) <= len(terms) * step

    def _keep(self, fact: Fact) -> None:
        line_key, measure, amount = fact.line_key, fact.measure, fact.amount
        earlier = self._keys.get((line_key, measure))
        if earlier is not None:
            if earlier.amount != amount:
                self.reading.notes.append(
                    f"page {fact.page}: {line_key}/{measure} printed twice ({earlier.amount} and {amount}); "
                    "kept the first"
                )
            return
        self._keys[(line_key, measure)] = fact
        self.reading.facts.append(fact)


def _line_number(cell: Cell, columns: list[Column]) -> bool:
    """A cell of the 行次 column spread over the blank amount cells beside it: a number with no cents
    or separator there is the row's 行次, not an amount."""
    return columns[cell.col0].role == Role.LINE_NO and not _AMOUNT_LIKE.search(cell.text)


def _as_finals_print(columns: list[Column], table_code: str) -> list[Column]:
    """A final's half whose amount columns all name one measure only budgets print, the heading over the
    half (人员经费 over a 06 half whose 决算数 OCR misread): they hold the one measure the final's table
    prints. Columns naming several (合计 | 人员经费 | 公用经费, as some finals' 06 print) are their own."""
    printed = printed_measures(table_code, "final")
    sole = _the_one(printed)
    if sole is None:
        return columns
    unprinted: set[int] = set()
    for segment in segments(columns):
        named = {columns[c].measure for c in segment.amount_cols} - {None}
        if len(named) == 1 and not named <= printed:
            unprinted.update(segment.amount_cols)
    return [replace(c, measure=sole) if c.index in unprinted and c.measure else c for c in columns]


def _the_one(items: frozenset[str]) -> str | None:
    return next(iter(items)) if len(items) == 1 else None


def _named(label: str, grid: Grid) -> bool:
    """Whether a row prints a label: OCR reads specks or a lost label's remains as letters (elt, sit)
    or as one character (总 of 总计), which names no line."""
    return bool(label) and (grid.source != "ocr" or len(CJK.findall(label)) >= 2)


def _carries(wrapped: str, joined: RowKey) -> bool:
    """A code printed on the row above goes with the rest of its name only where the name joined is
    the one the classification gives that code: a blank coded row above a garbled 合计 is no start of it."""
    if not leading_code(wrapped):
        return True
    name = norm_label(joined.label)
    return joined.line_key in economic_names().get(name, set()) or function_classes().get(name) == joined.line_key


def _stray_label(grid: Grid, row: int, seg: Segment, columns: list[Column], amountless: frozenset[int]) -> str:
    """A label printed outside the segment's label columns: a side heading (收入) centred over a
    stacked table lands in whatever column its centre falls; a label centred over a merged cell can
    fall into an amount column to the left (公用经费合计 spanning two segments of table 06): the
    nearest text left of the segment's first amount, when it stands in an amount column (or a label
    column of a half without amounts: `amountless`) and reads as words, not a number. Not a left
    half's label wrapped over its own empty amount cell, nor a cell across the whole table."""
    texts = [cell.text for cell in grid.row_cells(row) if cell.row0 == row and cell.text.strip()]
    if len(texts) == 1 and norm_label(texts[0]) in SIDE_WORDS:
        return texts[0]
    printed = [c for c in seg.amount_cols if (cell := grid.at(row, c)) and parse_amount(cell.text) is not None]
    start = seg.first_col
    first = min(printed, default=start)
    for col in range(first - 1, -1, -1):
        cell = grid.at(row, col)
        if cell is None or cell.row0 != row or not cell.text.strip():
            continue
        wrapped = cell.width > 1 and columns[cell.col0].role == Role.LABEL and cell.col1 <= start
        if cell.width == grid.n_cols or wrapped:
            return ""  # a left half's label wrapped over its own amount cell, or across the whole table
        stands = columns[col].role == Role.AMOUNT or col in amountless
        return cell.text if stands and has_cjk(cell.text) and parse_amount(cell.text) is None else ""
    return ""


def _codes_and_own_rows(grid: Grid, col: int, table_code: str) -> bool:
    """The column prints the table's own rows (人员经费合计), and nothing else but codes (310)."""
    texts = {norm_label(text) for text in grid.column_texts(col)}
    own = texts & own_row_labels(table_code)
    return bool(own) and all(is_code(text) for text in texts - own)


def _lined_up(col: Column, candidates: list[Column]) -> Column:
    x0, x1 = col.x
    return max(candidates, key=lambda p: (min(x1, p.x[1]) - max(x0, p.x[0]), -abs((x0 + x1) - sum(p.x))))


def _same_columns(columns: list[Column], edges: list[tuple[float, float]]) -> bool:
    """The page repeats the previous page's columns: as many, each centred within the other once the page
    is moved back by the shift of their centres (their median): a scan or a photo lies on its page where
    the glass or the lens put it, and a continued page's table stood 36 pt left of its first page's."""
    if len(columns) != len(edges):
        return False
    shift = statistics.median((a + b) / 2 - sum(c.x) / 2 for c, (a, b) in zip(columns, edges, strict=True))
    return all(
        c.x[0] <= (a + b) / 2 - shift <= c.x[1] and a - shift <= sum(c.x) / 2 <= b - shift
        for c, (a, b) in zip(columns, edges, strict=True)
    )


def _share_of(cell: Cell, col: int) -> str:
    """What a cell prints in one of its columns: a cell over several amount columns (a rule between them
    lost in a scan) holding as many amounts, run together or not (1503.52603.14), prints one in each."""
    amounts = _AMOUNT_RUN.findall(squash(cell.text)) if cell.width > 1 else []
    if len(amounts) == cell.width and "".join(amounts) == squash(cell.text):
        return amounts[col - cell.col0]
    return cell.text


def _keeps_amounts(columns: list[Column], previous: list[Column]) -> bool:
    """A continued page's columns stand for the table's on the pages after it only with every amount column
    of the previous ones: a half of 06 whose amounts are all blank on a page prints none there, and the
    next page's 人员经费合计 would line up with the other half's. (A page of codes and labels only, naming
    no measure, leaves the next page the previous columns too.)"""
    had = {(c.measure, c.line, c.header) for c in previous if c.role == Role.AMOUNT}
    return had <= {(c.measure, c.line, c.header) for c in columns if c.role == Role.AMOUNT}


def _prints_amounts(grid: Grid, end: int) -> bool:
    """Whether a cell below the header prints an amount."""
    return any(
        _AMOUNT_LIKE.search(cell.text) and parse_amount(cell.text) is not None for cell in grid.cells if cell.row1 > end
    )


def keyed_by_name(unsure: list[Fact], facts: list[Fact], subjects: list[Subject]) -> list[Fact]:
    """Facts of rows whose code OCR misread (`TableReading.unsure`), keyed by the surest evidence first:
    - the one subject the document prints under the same name (or a character off in every four) that
      the digits read are a misreading of: deeper under them (事业单位医疗 as 2101102 in table 05, read as
      21011 or 210), or them with digits lost (2080505 read as 208050, 20805 as 080) or one misread (291
      for 201: no class), where their table has no such fact yet;
    - then their place in the classification (`_placed`);
    - then, a name misread past knowing (机民事业单位品表养意保险做量支出), the one code the document prints
      that the digits fit.
    The sums then check them like any OCR'd fact."""
    named = _codes_named(subjects)
    # with the codes of rows whose label OCR lost (提租补贴's 2210202 in 02)
    printed = set().union(*named.values()) | {f.line_key for f in facts if f.table_code in FUNCTION_TABLES}
    by_name, rest = _keyed(
        unsure, facts, lambda f, _: nearest_named(named, f.row_label, partial(_misread_as, f.line_key))
    )
    by_place, rest = _keyed(rest, [*facts, *by_name], partial(_placed, _others_named(subjects)))
    unknown = [f for f in rest if not nearest_named(named, f.row_label, lambda _: True)]
    by_digits, _ = _keyed(
        unknown, [*facts, *by_name, *by_place], lambda f, _: {c for c in printed if _misread_as(f.line_key, c)}
    )
    return by_name + by_place + by_digits


def _keyed(
    unsure: list[Fact], facts: list[Fact], candidates: Callable[[Fact, set[str]], set[str]]
) -> tuple[list[Fact], list[Fact]]:
    """Each fact keyed by the one code `candidates` gives it (given its table's lines) that its table has
    no fact of yet; and the facts left."""
    lines: dict[str, set[str]] = {}
    for fact in facts:
        lines.setdefault(fact.table_code, set()).add(fact.line_key)
    taken = {(f.table_code, f.line_key, f.measure) for f in facts}
    keyed, rest = [], []
    for fact in unsure:
        codes = {
            c
            for c in candidates(fact, lines.get(fact.table_code, set()))
            if (fact.table_code, c, fact.measure) not in taken
        }
        if len(codes) == 1:
            keyed.append(replace(fact, line_key=codes.pop()))
            taken.add((fact.table_code, keyed[-1].line_key, fact.measure))
        else:
            rest.append(fact)
    return keyed, rest


def _others_named(subjects: list[Subject]) -> dict[str, set[str]]:
    """其他…(支出) named after a function subject the document prints → its 99 (其他网信事务支出: 2013799)."""
    return {
        f"其他{norm_label(s.name)}{tail}": {f"{s.code}99"}
        for s in subjects
        if s.kind == "function" and len(s.code) < 7
        for tail in ("", "支出")
    }


def _placed(others: dict[str, set[str]], fact: Fact, lines: set[str]) -> set[str]:
    """Where the classification puts a row in its table, the digits read fitting: 其他…支出 is the 99
    under the subject it names; else the subject of its level whose rows below the table prints but not
    itself (行政事业单位养老支出 above 2080505, 20805 read as 2080 or 80), its digits no more than that
    subject's: subjects are listed depth first, each under its parent, in a table that prints subjects
    of that level."""
    read = fact.line_key
    if norm_label(fact.row_label).startswith("其他"):  # as printed: a name two characters off is no 其他…
        return nearest_named(others, fact.row_label, partial(_misread_as, read))
    return {p for p in _orphans(lines) if len(read) <= len(p) and (p[:3] == read[:3] or _misread_as(read, p))}


def _orphans(lines: set[str]) -> set[str]:
    """Parents of subject lines the table lacks, of a level it prints lines of."""
    codes = {line for line in lines if line.isdigit()}
    parents = {code[:-2] for code in codes if len(code) in (5, 7)}
    return {p for p in parents - codes if any(len(code) == len(p) for code in codes)}


def rekeyed_lone_codes(
    facts: list[Fact], subjects: list[Subject], unreadable: list[Unreadable]
) -> tuple[list[Fact], list[Unreadable], set[str]]:
    """Scanned subject rows whose code no other table of the document prints, keyed by the one code
    another table prints under their name, that this table lacks:
    - one digit of its last level off: 2080505 read as 2080503 or 2080565, codes as well formed as
      any. A document's tables list the same subjects, and under one 款 no two have near names, so a
      long name scanned small may be read a few characters off, in either table. The sums cannot
      tell: the row stays under its 款 either way. Or digits lost: 2210201 as 22101, a 款 of its own.
    - then, out of place (`_misplaced`), up to one digit in every two off: 事业运行 read as 23137, a
      项 under no 款 of its table, is the document's 2013750.
    A row's unreadable amounts go with it, for the sums to recover under its code.
    Returns the facts, the unreadable amounts and the codes no fact is keyed by any more."""
    named = _codes_named(subjects)
    out = [*facts, *(u.fact for u in unreadable)]  # an unreadable cell is printed too: lone or taken
    for misread in (_misread_lone, _misplaced_lone):
        out = _rekeyed(out, named, misread)
    kept = out[: len(facts)]
    unread = [replace(u, fact=f) for u, f in zip(unreadable, out[len(facts) :], strict=True)]
    return kept, unread, {f.line_key for f in facts} - {f.line_key for f in kept}


def _rekeyed(facts: list[Fact], named: dict[str, set[str]], misread: _Misread) -> list[Fact]:
    """The facts, those of lone codes that `misread` says were read from one code named like them rekeyed."""
    tables: dict[str, set[str]] = {}
    lines: dict[str, set[str]] = {}
    for fact in facts:
        tables.setdefault(fact.line_key, set()).add(fact.table_code)
        lines.setdefault(fact.table_code, set()).add(fact.line_key)
    elsewhere = {table: {code for code, printed in tables.items() if printed - {table}} for table in lines}
    taken = {(f.table_code, f.line_key, f.measure) for f in facts}
    out = []
    for fact in facts:
        lone = tables[fact.line_key] == {fact.table_code}
        if lone and fact.provenance.startswith("ocr") and fact.table_code in FUNCTION_TABLES:
            fits = partial(misread, fact, elsewhere[fact.table_code], lines[fact.table_code])
            codes = nearest_named(named, fact.row_label, fits)
            if len(codes) == 1 and (key := (fact.table_code, codes.pop(), fact.measure)) not in taken:
                fact = replace(fact, line_key=key[1])
                taken.add(key)
        out.append(fact)
    return out


def _codes_named(subjects: list[Subject]) -> dict[str, set[str]]:
    """Normalised name → the function codes the document prints it under."""
    named: dict[str, set[str]] = {}
    for subject in subjects:
        if subject.kind == "function":
            named.setdefault(norm_label(subject.name), set()).add(subject.code)
    return named


def _misread_as(read: str, code: str) -> bool:
    """`read` is `code` cut short (210 for 2101102), with digits lost (208050, 080 for 20805) or with one
    misread into no class (291 for 201)."""
    return code != read and (code.startswith(read) or digits_lost(code, read) or one_digit_misread(code, read))


def _misread_lone(fact: Fact, elsewhere: set[str], _lines: set[str], code: str) -> bool:
    """The fact's code is `code`, printed in another of the document's tables, read with one digit
    of its last level changed, or with digits lost (2210201 as 22101: its 款 cell blank)."""
    return code in elsewhere and (_last_level_misread(code, fact.line_key) or digits_lost(code, fact.line_key))


def _misplaced_lone(fact: Fact, elsewhere: set[str], lines: set[str], code: str) -> bool:
    """The fact's code, out of place in its table, is `code`, printed in another of the document's
    tables, read with up to one digit in every two changed, lost or added."""
    read = fact.line_key
    near = edit_distance(code, read) <= len(code) // 2
    return code in elsewhere and near and _misplaced(read, fact.row_label, lines)


def _misplaced(code: str, label: str, lines: set[str]) -> bool:
    """A 款 or 项 under no line of a table that prints lines of its parent's level, or a class named
    unlike itself (国防支出's 203 for 同信事务): such tables list each subject under its class and 款."""
    if len(code) > 3:
        parent = code[:-2]
        return parent not in lines and any(len(line) == len(parent) and line.isdigit() for line in lines)
    name = class_names().get(code, "")
    return edit_distance(norm_label(label), name) > max(1, len(name) // NAME_SLACK)


def _last_level_misread(code: str, read: str) -> bool:
    """`read` is `code` with one digit of its last level (款 or 项) misread."""
    return len(code) in (5, 7) and code[:-2] == read[:-2] and one_digit_misread(code, read)
