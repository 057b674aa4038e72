"""Tables 02, 03, 05, 07 and 08: one row per function subject (类/款/项), one column per measure.

A budget's table 06 has the same shape over economic subjects (类/款): 合计, 人员经费, 公用经费.
"""

from __future__ import annotations

from generator.cells import (
    AmountCells,
    RowParts,
    amount_header,
    code_cells,
    code_columns,
    label_cell,
    label_column,
    n_code_columns,
    numbered_rows,
)
from generator.figures import Figures
from generator.layout import Layout
from generator.table_model import AMOUNT, LABEL, LINENO, Cell, Column, Table
from generator.vocab import amount_columns

WIDE_FROM = 5  # amount columns from which a table prefers a landscape page
ECONOMIC_TABLE = "06"


def _level(code: str) -> int:
    """0 for a 类 (3 digits), 1 for a 款 (5), 2 for a 项 (7)."""
    if not (code.isdigit() and len(code) in (3, 5, 7)):
        raise ValueError(f"not a function subject code: {code!r}")
    return (len(code) - 3) // 2


def subject_table(table_code: str, figures: Figures, layout: Layout) -> tuple[Table, AmountCells]:
    amounts = AmountCells(figures, table_code, layout)
    measures = amount_columns(table_code, kind=figures.report_kind)
    prefix = ("项目",) if layout.merged_headers else ()
    segments, heading = (2, "经济分类科目编码") if table_code == ECONOMIC_TABLE else (3, "功能分类科目编码")
    columns = [*code_columns(layout, segments, prefix, heading), label_column(layout, prefix)]
    if layout.line_numbers:
        columns.append(Column(LINENO, ("行次",)))
    columns += [Column(AMOUNT, amount_header(m, layout)) for m in measures]

    names = {f.line_key: f.row_label for f in figures.table(table_code) if f.line_key != "total"}
    levels = {code: _level(code) for code in names}
    total: RowParts = (
        [Cell("合计", LABEL, span=n_code_columns(layout, segments) + 1, align="C")],
        [amounts.cell("total", m.measure, "合计") for m in measures],
    )
    # Subject codes sort lexically into 类, its 款, their 项.
    subjects: list[RowParts] = [
        (
            [
                *code_cells(layout, code, segments),
                label_cell(layout, code, names[code], levels[code] if layout.indent_children else 0),
            ],
            [amounts.cell(code, m.measure, names[code]) for m in measures],
        )
        for code in sorted(names)
    ]
    parts = [total, *subjects] if layout.total_position == "top" else [*subjects, total]
    body = numbered_rows(parts, layout.line_numbers)
    table = Table(
        table_code,
        columns,
        body,
        wide=len(measures) >= WIDE_FROM,
        column_numbers=layout.column_numbers,
    )
    return table, amounts
