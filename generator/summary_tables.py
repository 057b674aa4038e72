"""Tables 01 and 04: income lines against expenditure lines, side by side (two halves) or stacked."""

from __future__ import annotations

from itertools import zip_longest

from generator.cells import AmountCells, RowParts, amount_header, blank_cells, numbered_rows
from generator.figures import Figures
from generator.layout import Layout
from generator.table_model import AMOUNT, LABEL, LINENO, Cell, Column, Row, Table
from generator.vocab import AmountColumn, amount_columns, chinese_numeral, printed_classes, summary_lines

BLOCKS = ("top", "total", "balance", "grand")  # income and expenditure blocks that face each other
SIDE_TITLES = {"inc": "收入", "exp": "支出"}
# Budgets head the halves as the Shanghai budget tables do; stacked sections read 收入/支出 (a row reading
# 财政拨款收入 would be taken for the 01 line of that name).
BUDGET_SIDE_TITLES = {
    "01": {"inc": "本年收入", "exp": "本年支出"},
    "04": {"inc": "财政拨款收入", "exp": "财政拨款支出"},
}
CENTRED = {"总计"}

Line = tuple[str, str]  # (printed label, line key)
Blocks = dict[str, dict[str, list[Line]]]  # side -> block -> lines


def summary_table(table_code: str, figures: Figures, layout: Layout) -> tuple[Table, AmountCells]:
    amounts = AmountCells(figures, table_code, layout)
    blocks = _blocks(table_code, figures, layout)
    kind = figures.report_kind
    if layout.summary_style == "halves":
        table = _halves(table_code, blocks, amounts, layout, kind)
    else:
        table = _stacked(table_code, blocks, amounts, layout, kind)
    return table, amounts


def side_titles(table_code: str, kind: str) -> dict[str, str]:
    return BUDGET_SIDE_TITLES[table_code] if kind == "budget" else SIDE_TITLES


def _blocks(table_code: str, figures: Figures, layout: Layout) -> Blocks:
    """side -> block -> lines; the expenditure 'top' block is the function classes, numbered."""
    variant = layout.wording == "variant"
    lines = summary_lines(table_code, figures.report_kind)
    keys = {f.line_key for f in figures.table(table_code)}
    class_codes = {k for k in keys if k.isdigit()}
    unknown = keys - class_codes - {line.line_key for line in lines}
    if unknown:
        raise ValueError(f"table {table_code}: unknown line keys {sorted(unknown)}")
    blocks: Blocks = {side: {b: [] for b in BLOCKS} for side in SIDE_TITLES}
    for line in lines:
        blocks[line.side][line.block].append((line.wording(variant), line.line_key))
    classes = printed_classes(layout.class_list, class_codes, figures.report_kind)
    blocks["exp"]["top"] = [(f"{chinese_numeral(i)}、{name}", code) for i, (code, name) in enumerate(classes, 1)]
    return blocks


def _line_cells(line: Line | None, measures: tuple[AmountColumn, ...], amounts: AmountCells) -> RowParts:
    if line is None:
        return [Cell("", LABEL)], blank_cells(len(measures))
    label, key = line
    cells = [amounts.cell(key, m.measure, label) for m in measures]
    return [Cell(label, LABEL, align="C" if label in CENTRED else "")], cells


def _halves(table_code: str, blocks: Blocks, amounts: AmountCells, layout: Layout, kind: str) -> Table:
    measures = {side: amount_columns(table_code, side, kind) for side in SIDE_TITLES}
    columns: list[Column] = []
    for side, title in side_titles(table_code, kind).items():
        columns.append(Column(LABEL, (title, "项目")))
        if layout.line_numbers:
            columns.append(Column(LINENO, (title, "行次")))
        columns += [Column(AMOUNT, (title, *amount_header(m, layout))) for m in measures[side]]
    pairs = [
        pair
        for block in BLOCKS
        for pair in zip_longest(blocks["inc"][block], blocks["exp"][block])  # shorter side padded
    ]
    income = numbered_rows([_line_cells(inc, measures["inc"], amounts) for inc, _ in pairs], layout.line_numbers)
    spending = numbered_rows(
        [_line_cells(exp, measures["exp"], amounts) for _, exp in pairs],
        layout.line_numbers,
        start=len(pairs) + 1,
    )
    body = [Row(inc.cells + exp.cells) for inc, exp in zip(income, spending, strict=True)]
    return Table(
        table_code,
        columns,
        body,
        wide=len(measures["exp"]) > 1,
        column_numbers=layout.column_numbers,
    )


def _stacked(table_code: str, blocks: Blocks, amounts: AmountCells, layout: Layout, kind: str) -> Table:
    """One label column; income lines print in the first amount column, expenditure lines in all of them."""
    measures = amount_columns(table_code, "exp", kind)
    income_measure = amount_columns(table_code, "inc", kind)
    columns = [Column(LABEL, ("项目",))]
    if layout.line_numbers:
        columns.append(Column(LINENO, ("行次",)))
    columns += [Column(AMOUNT, amount_header(m, layout)) for m in measures]
    body: list[Row] = []
    start = 1
    for side, title in SIDE_TITLES.items():
        lines = [line for block in BLOCKS for line in blocks[side][block]]
        if side == "inc":
            parts = [_line_cells(line, income_measure, amounts) for line in lines]
            parts = [(lead, cells + blank_cells(len(measures) - 1)) for lead, cells in parts]
        else:
            parts = [_line_cells(line, measures, amounts) for line in lines]
        body.append(Row([Cell(title, LABEL, span=len(columns), align="C")]))
        body += numbered_rows(parts, layout.line_numbers, start=start)
        start += len(parts)
    return Table(table_code, columns, body, wide=len(measures) > 1, column_numbers=layout.column_numbers)
