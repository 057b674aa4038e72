"""Table 06: basic expenditure by economic subject, as one list or as 2-3 side-by-side column groups.

A final account's groups each print 决算数; a budget's print its 人员经费 (the first group) and 公用经费 (the
others) under 金额, and no row's 合计 (a budget's 06 as one list is a subject table: `subject_tables`)."""

from __future__ import annotations

from itertools import zip_longest

from generator.cells import (
    AmountCells,
    blank_cells,
    code_cells,
    code_columns,
    label_cell,
    label_column,
    n_code_columns,
)
from generator.figures import Figures
from generator.layout import Layout
from generator.table_model import AMOUNT, LABEL, Cell, Column, Row, Table
from generator.vocab import amount_columns, economic_subjects

PERSONNEL_CLASSES = ("301", "303")  # 人员经费 = 301 + 303; everything else is 公用经费
TOTALS = {"personnel_total": "人员经费合计", "public_total": "公用经费合计"}
GROUP_TITLES = ("人员经费", "公用经费", "公用经费")
BUDGET_GROUP_MEASURES = ("personnel", "public", "public")
BUDGET_HEADER = "金额"

Subject = tuple[str, str]  # (code, name)


def basic_detail_table(figures: Figures, layout: Layout) -> tuple[Table, AmountCells]:
    amounts = AmountCells(figures, "06", layout)
    personnel, public = _subjects(figures)
    if layout.table06_groups == 1:
        table = _one_list(personnel, public, amounts, layout)
    else:
        groups = [personnel, public] if layout.table06_groups == 2 else [personnel, *_split_capital(public)]
        budget = figures.report_kind == "budget"
        if budget:
            amounts.without("total")
        table = _side_by_side(groups, amounts, layout, budget)
    return table, amounts


def _subjects(figures: Figures) -> tuple[list[Subject], list[Subject]]:
    """The standard subject list plus any code the figures print, named as the figures name them."""
    names = dict(economic_subjects())
    for f in figures.table("06"):
        if f.line_key in TOTALS or f.line_key == "total":
            continue
        if not (f.line_key.isdigit() and len(f.line_key) in (3, 5)):
            raise ValueError(f"table 06: unknown line key {f.line_key!r}")
        names[f.line_key] = f.row_label or names.get(f.line_key, "")
    order = list(economic_subjects())
    # Classes keep the standard order (unlisted ones last); codes sort within their class.
    ranked = sorted(names, key=lambda c: (_class_rank(c[:3], order), c))
    personnel = [(c, names[c]) for c in ranked if c[:3] in PERSONNEL_CLASSES]
    public = [(c, names[c]) for c in ranked if c[:3] not in PERSONNEL_CLASSES]
    return personnel, public


def _class_rank(class_code: str, order: list[str]) -> int:
    return order.index(class_code) if class_code in order else len(order)


def _split_capital(public: list[Subject]) -> list[list[Subject]]:
    """Goods and services (302) in one group, capital and other classes in the next."""
    return [[s for s in public if s[0][:3] == "302"], [s for s in public if s[0][:3] != "302"]]


def _amount_header(layout: Layout, budget: bool) -> str:
    return BUDGET_HEADER if budget else amount_columns("06")[0].wording(False, layout.wording == "variant")


def _group_columns(title: str | None, layout: Layout, budget: bool = False) -> list[Column]:
    prefix = (title,) if title else ()
    return [
        *code_columns(layout, 2, prefix, "经济分类科目编码"),
        label_column(layout, prefix),
        Column(AMOUNT, (*prefix, _amount_header(layout, budget))),
    ]


def _subject_cells(subject: Subject | None, measure: str, amounts: AmountCells, layout: Layout) -> list[Cell]:
    if subject is None:
        return [*code_cells(layout, "", 2), Cell(""), *blank_cells(1)]
    code, name = subject
    indent = 1 if layout.indent_children and len(code) == 5 else 0
    return [*code_cells(layout, code, 2), label_cell(layout, code, name, indent), amounts.cell(code, measure, name)]


def _total_cells(key: str, span: int, amounts: AmountCells, budget: bool = False) -> list[Cell]:
    """A group's 合计 row: its own line in a final account, the 合计 line's group measure in a budget."""
    line, measure = ("total", "personnel" if key == "personnel_total" else "public") if budget else (key, "actual")
    return [Cell(TOTALS[key], LABEL, span=span, align="C"), amounts.cell(line, measure, TOTALS[key])]


def _side_by_side(groups: list[list[Subject]], amounts: AmountCells, layout: Layout, budget: bool) -> Table:
    # a budget's groups are told apart by their titles only: it prints them whatever the header style
    titled = layout.merged_headers or budget
    titles = [GROUP_TITLES[i] if titled else None for i in range(len(groups))]
    columns = [c for title in titles for c in _group_columns(title, layout, budget)]
    measures = BUDGET_GROUP_MEASURES if budget else ("actual",) * len(groups)
    body = [
        Row([c for i, subject in enumerate(row) for c in _subject_cells(subject, measures[i], amounts, layout)])
        for row in zip_longest(*groups)
    ]
    group_width = n_code_columns(layout, 2) + 2
    # 人员经费合计 under the first group; 公用经费合计 spans the rest, its amount in the last amount column.
    body.append(
        Row(
            _total_cells("personnel_total", group_width - 1, amounts, budget)
            + _total_cells("public_total", len(columns) - group_width - 1, amounts, budget)
        )
    )
    return Table("06", columns, body, wide=len(groups) > 2, column_numbers=False)


def _one_list(personnel: list[Subject], public: list[Subject], amounts: AmountCells, layout: Layout) -> Table:
    columns = _group_columns(None, layout)
    span = len(columns) - 1
    body: list[Row] = []
    for key, subjects in (("personnel_total", personnel), ("public_total", public)):
        rows = [Row(_subject_cells(s, "actual", amounts, layout)) for s in subjects]
        total = Row(_total_cells(key, span, amounts))
        body += [total, *rows] if layout.total_position == "top" else [*rows, total]
    return Table("06", columns, body, column_numbers=False)
