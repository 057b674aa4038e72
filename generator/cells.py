"""Cells the table builders share: amounts (with their facts), subject codes, line numbers."""

from __future__ import annotations

from decimal import Decimal

from generator.figures import FigureFact, Figures
from generator.layout import Layout
from generator.table_model import AMOUNT, CODE, LABEL, LINENO, Cell, Column, Row
from generator.vocab import AmountColumn

# A body row before line numbering: the cells left of the 行次 column, and those right of it.
RowParts = tuple[list[Cell], list[Cell]]


FULL_WIDTH_CHARACTERS = "０１２３４５６７８９，．－"  # what an amount's 0123456789,.- are printed as in full width
FULL_WIDTH = str.maketrans("0123456789,.-", FULL_WIDTH_CHARACTERS)


def format_amount(amount: str, thousands: bool, full_width: bool = False) -> str:
    """The amount as printed: unchanged, or with thousands separators (2,940.05), in full-width
    characters if asked (２，９４０．０５, as some portals' word processors set them)."""
    printed = f"{Decimal(amount):,}" if thousands else amount
    return printed.translate(FULL_WIDTH) if full_width else printed


class AmountCells:
    """Makes the amount cells of one table: the fact's amount where the figures have one, else the blank mark.

    Every fact handed out is remembered, so a builder can be checked to have printed all of its table's facts.
    """

    def __init__(self, figures: Figures, table_code: str, layout: Layout) -> None:
        self.table_code = table_code
        self.layout = layout
        self.facts = {f.key: f for f in figures.table(table_code)}
        self.used: set[tuple[str, str, str]] = set()
        self.left_out: set[tuple[str, str, str]] = set()

    def cell(self, line_key: str, measure: str, label: str) -> Cell:
        """label: the row's printed label, which the gold reports as row_label."""
        fact = self.facts.get((self.table_code, line_key, measure))
        if fact is None:
            return Cell(self.layout.empty_mark, AMOUNT)
        self.used.add(fact.key)
        printed = FigureFact(fact.table_code, fact.line_key, fact.measure, fact.amount, label)
        return Cell(format_amount(fact.amount, self.layout.thousands, self.layout.full_width), AMOUNT, fact=printed)

    def without(self, measure: str) -> None:
        """Leave out the facts of a measure the layout has no column for (a budget's 06 in halves prints
        no row's 合计): no cell will print them, and the gold has none."""
        self.left_out |= {key for key, fact in self.facts.items() if fact.measure == measure}
        self.facts = {key: fact for key, fact in self.facts.items() if key not in self.left_out}

    def unprinted(self) -> list[tuple[str, str, str]]:
        return sorted(self.facts.keys() - self.used)


def amount_header(column: AmountColumn, layout: Layout) -> tuple[str, ...]:
    """The header path over an amount column: (本年支出, 小计) under a spanning header, else (本年支出合计,)."""
    header = column.wording(layout.merged_headers, layout.wording == "variant")
    return (column.group, header) if layout.merged_headers and column.group else (header,)


def blank_cells(n: int) -> list[Cell]:
    """Amount cells that do not apply (filler rows, the other columns of a stacked 04's income lines)."""
    return [Cell("", AMOUNT) for _ in range(n)]


def code_segments(code: str, levels: int) -> list[str]:
    """201 | 37 | 50 for 2013750 (three levels), 301 | 01 for 30101 (two levels)."""
    return [code[:3], code[3:5], code[5:7]][:levels]


def code_columns(layout: Layout, levels: int, prefix: tuple[str, ...], heading: str) -> list[Column]:
    """The code columns: none (codes printed in the label cell), one joined column, or one per level
    (类, 款[, 项])."""
    if layout.code_in_label:
        return []
    if layout.code_style == "joined":
        return [Column(CODE, (*prefix, heading))]
    names = ("类", "款", "项")[:levels]
    return [Column(CODE, (*prefix, heading, name)) for name in names]


def code_cells(layout: Layout, code: str, levels: int) -> list[Cell]:
    if layout.code_in_label:
        return []
    if layout.code_style == "joined":
        return [Cell(code, CODE)]
    if layout.code_style == "joined_split_header":
        return [Cell(code, CODE, span=levels)]
    return [Cell(seg, CODE, align="C") for seg in code_segments(code, levels)]


def n_code_columns(layout: Layout, levels: int) -> int:
    if layout.code_in_label:
        return 0
    return 1 if layout.code_style == "joined" else levels


def label_column(layout: Layout, prefix: tuple[str, ...]) -> Column:
    return Column(LABEL, (*prefix, "科目编码及名称" if layout.code_in_label else "科目名称"))


def label_cell(layout: Layout, code: str, name: str, indent: int = 0) -> Cell:
    """A subject's name, after its code where the layout prints codes in the label cell (2013750 事业运行,
    or [2013750]事业运行)."""
    if not (layout.code_in_label and code):
        return Cell(name, LABEL, indent=indent)
    return Cell(f"[{code}]{name}" if layout.code_brackets else f"{code} {name}", LABEL, indent=indent)


def numbered_rows(parts: list[RowParts], line_numbers: bool, start: int = 1) -> list[Row]:
    """Rows with a 行次 cell between label and amounts (numbered from start), or without one."""
    if not line_numbers:
        return [Row(lead + rest) for lead, rest in parts]
    return [Row([*lead, Cell(str(n), LINENO), *rest]) for n, (lead, rest) in enumerate(parts, start=start)]
