"""A table as printed, before it meets a page: leaf columns with header paths, body rows of cells.

Builders (one module per table family) produce a `Table`; `draw_table` lays it out on pages. A cell that
prints an amount carries the fact it stands for, which is how the gold follows the rendering.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.figures import FigureFact

# Column kinds decide default alignment and how widths are found.
CODE, LABEL, LINENO, AMOUNT = "code", "label", "lineno", "amount"


@dataclass(frozen=True)
class Column:
    kind: str
    # Header labels from the top row down. None continues the label above it (a vertically merged cell);
    # a path shorter than the header's depth is continued down to the last header row.
    path: tuple[str | None, ...]


@dataclass
class Cell:
    text: str = ""
    kind: str = LABEL
    span: int = 1
    align: str = ""  # '' = by kind and layout
    indent: int = 0  # nesting level of a subject name
    fact: FigureFact | None = None


@dataclass
class Row:
    cells: list[Cell]

    @property
    def width(self) -> int:
        return sum(c.span for c in self.cells)


@dataclass
class Table:
    table_code: str  # '' for tables that are not one of the nine (appendix)
    columns: list[Column]
    body: list[Row]
    wide: bool = False  # prefers a landscape page
    column_numbers: bool = False  # print a 栏次 row under the header
    notes: list[str] = field(default_factory=list)
    grid: bool = True  # False: only the title and notes are printed (a table left out for lack of data)
    as_list: bool = False  # a label and an amount per line, no column heading (columns: LABEL, AMOUNT)

    def __post_init__(self) -> None:
        for row in self.body:
            if row.width != len(self.columns):
                raise ValueError(f"table {self.table_code}: row spans {row.width} of {len(self.columns)} columns")

    def facts(self) -> list[FigureFact]:
        return [c.fact for row in self.body for c in row.cells if c.fact is not None]


@dataclass
class HeaderCell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


def header_cells(columns: list[Column], column_numbers: bool) -> tuple[list[HeaderCell], int]:
    """Merge the columns' header paths into cells: equal adjacent prefixes merge across, None merges down."""
    depth = max(len(c.path) for c in columns)
    paths = [c.path + (None,) * (depth - len(c.path)) for c in columns]
    cells: list[HeaderCell] = []
    above: list[HeaderCell | None] = [None] * len(columns)
    for level in range(depth):
        col = 0
        while col < len(columns):
            label = paths[col][level]
            if label is None:
                owner = above[col]
                if owner is None:
                    raise ValueError(f"header column {col} starts with an empty label")
                if owner.row + owner.rowspan == level:
                    owner.rowspan += 1
                col += 1
                continue
            end = col + 1
            while end < len(columns) and paths[end][: level + 1] == paths[col][: level + 1]:
                end += 1
            cell = HeaderCell(label, level, col, colspan=end - col)
            cells.append(cell)
            above[col:end] = [cell] * (end - col)
            col = end
    if column_numbers:
        cells.extend(_column_number_cells(columns, depth))
        depth += 1
    return cells, depth


def _column_number_cells(columns: list[Column], row: int) -> list[HeaderCell]:
    """The 栏次 row: amount columns numbered 1, 2, …; each run of code/label columns reads 栏次."""
    cells: list[HeaderCell] = []
    number = 0
    col = 0
    while col < len(columns):
        kind = columns[col].kind
        if kind in (CODE, LABEL):
            end = col
            while end < len(columns) and columns[end].kind in (CODE, LABEL):
                end += 1
            cells.append(HeaderCell("栏次", row, col, colspan=end - col))
            col = end
            continue
        if kind == AMOUNT:
            number += 1
        cells.append(HeaderCell(str(number) if kind == AMOUNT else "", row, col))
        col += 1
    return cells
