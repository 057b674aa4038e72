"""Table 09, the 三公 expenditure: categories as columns (grouped by measure or by category) or as rows.

A budget prints one measure, 预算数, and beside the 三公 categories a standalone 机关运行经费 column (or row); with
`nine_as_list` it prints them as a list instead, a label and its amount per line, without a column heading.
"""

from __future__ import annotations

from generator.cells import AmountCells
from generator.figures import Figures
from generator.layout import Layout
from generator.table_model import AMOUNT, LABEL, Cell, Column, Row, Table
from generator.vocab import AmountColumn, ThreePublicLine, amount_columns, three_public_lines

TITLE = "财政拨款“三公”经费"
VEHICLE = "公务用车"
LIST_TOTAL = "“三公”经费合计"  # the 合计 line of 09 printed as a list, where no heading says what it totals


def three_public_table(figures: Figures, layout: Layout) -> tuple[Table, AmountCells]:
    amounts = AmountCells(figures, "09", layout)
    lines = three_public_lines(figures.report_kind)
    unknown = {f.line_key for f in figures.table("09")} - {line.line_key for line in lines}
    if unknown:
        raise ValueError(f"table 09: unknown line keys {sorted(unknown)}")
    measures = amount_columns("09", kind=figures.report_kind)
    if layout.nine_as_list and len(measures) == 1:  # a budget's: one amount per line
        return _as_list(amounts, layout, lines, measures[0]), amounts
    if layout.table09_style == "rows":
        return _as_rows(amounts, layout, lines, measures), amounts
    return _as_columns(amounts, layout, lines, measures), amounts


def _category_path(line: ThreePublicLine, variant: bool, lines: tuple[ThreePublicLine, ...]) -> tuple[str | None, ...]:
    """合计 over nothing (merged down); 公务用车购置及运行维护费 over 小计/公务用车购置费/公务用车运行维护费."""
    if line.parent:
        parent = next(p for p in lines if p.line_key == line.parent)
        return (parent.wording(variant), line.wording(variant))
    if any(child.parent == line.line_key for child in lines):
        return (line.wording(variant), "小计")
    return (line.wording(variant), None)


def _column_path(
    line: ThreePublicLine, m: AmountColumn, layout: Layout, lines: tuple[ThreePublicLine, ...]
) -> tuple[str | None, ...]:
    variant = layout.wording == "variant"
    if layout.table09_style == "by_measure":  # 预算数 {合计 …} | 决算数 {合计 …}
        if line.standalone:
            return (f"{line.wording(variant)}{m.header}",)  # 机关运行经费预算数, merged down
        return (m.group or m.header, *_category_path(line, variant, lines))
    # 合计 {预算数, 决算数} | 因公出国（境）费 {预算数, 决算数} | …
    if line.standalone:
        return (line.wording(variant), m.header)
    prefix = (TITLE,) if layout.merged_headers else ()
    return (*prefix, *_category_path(line, variant, lines), m.header)


def _as_columns(
    amounts: AmountCells, layout: Layout, lines: tuple[ThreePublicLine, ...], measures: tuple[AmountColumn, ...]
) -> Table:
    variant = layout.wording == "variant"
    if layout.table09_style == "by_measure":
        pairs = [(m, line) for m in measures for line in lines if not line.standalone]
    else:
        pairs = [(m, line) for line in lines if not line.standalone for m in measures]
    pairs += [(m, line) for line in lines if line.standalone for m in measures]
    columns = [Column(AMOUNT, _column_path(line, m, layout, lines)) for m, line in pairs]
    cells = [amounts.cell(line.line_key, m.measure, line.wording(variant)) for m, line in pairs]
    return Table("09", columns, [Row(cells)], wide=True, column_numbers=layout.column_numbers)


def _as_rows(
    amounts: AmountCells, layout: Layout, lines: tuple[ThreePublicLine, ...], measures: tuple[AmountColumn, ...]
) -> Table:
    variant = layout.wording == "variant"
    columns = [Column(LABEL, ("项目",)), *(Column(AMOUNT, (m.header,)) for m in measures)]
    rows: list[Row] = []
    first_child = next(line.line_key for line in lines if line.parent)
    for line in lines:
        label = line.wording(variant)
        printed = f"其中：{label}" if variant and line.line_key == first_child else label
        cells = [amounts.cell(line.line_key, m.measure, printed) for m in measures]
        rows.append(Row([Cell(printed, LABEL, indent=1 if line.parent else 0), *cells]))
    standalone = [row for row, line in zip(rows, lines, strict=True) if line.standalone]
    total, *categories = [row for row, line in zip(rows, lines, strict=True) if not line.standalone]  # 合计 first
    body = [total, *categories] if layout.total_position == "top" else [*categories, total]
    return Table("09", columns, [*body, *standalone], column_numbers=layout.column_numbers)


def _list_label(line: ThreePublicLine, variant: bool, lines: tuple[ThreePublicLine, ...]) -> str:
    """A list line's label, which stands without a heading: “三公”经费合计, 其中：公务用车购置费 (the first
    child of 公务用车购置及运行费 named in full), 公务用车运行费."""
    if line.line_key == "total":
        return LIST_TOTAL
    if not line.parent:
        return line.wording(variant)
    name = line.wording(variant)
    name = name if name.startswith(VEHICLE) else f"{VEHICLE}{name}"  # 购置费 under its parent: 公务用车购置费
    first = next(child for child in lines if child.parent == line.parent)
    return f"其中：{name}" if line is first else name


def _as_list(amounts: AmountCells, layout: Layout, lines: tuple[ThreePublicLine, ...], measure: AmountColumn) -> Table:
    """One line per item, its amount at the right: 合计 first (or after the categories), 机关运行经费 last."""
    variant = layout.wording == "variant"
    rows: dict[str, Row] = {}
    for line in lines:
        label = _list_label(line, variant, lines)
        cell = amounts.cell(line.line_key, measure.measure, label)
        rows[line.line_key] = Row([Cell(label, LABEL, indent=1 if line.parent else 0), cell])
    standalone = [rows[line.line_key] for line in lines if line.standalone]
    total, *categories = [rows[line.line_key] for line in lines if not line.standalone]  # 合计 first
    body = [total, *categories] if layout.total_position == "top" else [*categories, total]
    columns = [Column(LABEL, ("项目",)), Column(AMOUNT, (measure.header,))]  # not printed: a list has no heading
    return Table("09", columns, [*body, *standalone], as_list=True)
