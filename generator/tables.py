"""The nine tables of a disclosure in print order, each with its title block, built for one layout."""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.basic_detail_table import basic_detail_table
from generator.cells import AmountCells
from generator.figures import Figures
from generator.layout import Layout
from generator.subject_tables import subject_table
from generator.summary_tables import summary_table
from generator.table_model import AMOUNT, Column, Table
from generator.three_public_table import three_public_table
from generator.vocab import TABLE_CODES, chinese_numeral, empty_subject, table_note, table_title

SHANGHAI_ORDER = ("01", "02", "03", "04", "05", "06", "09", "07", "08")
SHANGHAI_BUDGET_ORDER = ("01", "02", "03", "04", "05", "07", "08", "06", "09")
YEAR_WORD = {"final": "年度", "budget": "年"}  # 2022年度收入决算表, 2024年部门收入预算总表
DEPT_LABEL = {"final": "部门：", "budget": "编制部门："}


@dataclass(frozen=True)
class TitleBlock:
    title: str  # 2022年度收入决算表（表2）
    code_line: str  # 公开02表, printed on its own line, or ''
    dept_line: str  # 部门：<unit name>, or ''
    unit_line: str  # 单位：万元


@dataclass
class PrintedTable:
    number: int  # position in the document, as the publisher numbers it
    title: TitleBlock
    table: Table
    left_out: frozenset[tuple[str, str, str]] = frozenset()  # facts this layout of the table cannot print


def print_order(layout: Layout, kind: str = "final") -> tuple[str, ...]:
    if layout.table_order != "shanghai":
        return TABLE_CODES
    return SHANGHAI_BUDGET_ORDER if kind == "budget" else SHANGHAI_ORDER


def table_heading(table_code: str, number: int, figures: Figures, layout: Layout) -> str:
    """The title as printed over the table; the contents page lists the same words."""
    kind = figures.report_kind
    title = table_title(table_code, layout.wording == "variant", kind)
    year = f"{figures.fiscal_year}{YEAR_WORD[kind]}"
    if layout.title_prefix == "year":
        title = f"{year}{title}"
    elif layout.title_prefix == "unit_year":
        title = f"{figures.unit_name}{year}{title}"
    if layout.title_numbering == "paren":
        return f"{title}（表{number}）"
    if layout.title_numbering == "prefix":
        return f"{chinese_numeral(number)}、{title}"
    return title


def title_block(table_code: str, number: int, figures: Figures, layout: Layout) -> TitleBlock:
    heading = table_heading(table_code, number, figures, layout)
    unit = f"{layout.unit_label}{figures.amount_unit}"
    return TitleBlock(
        title=f"{heading}（{unit}）" if layout.unit_place == "title" else heading,
        code_line=f"公开{number:02d}表" if layout.title_numbering == "code_line" else "",
        dept_line=f"{DEPT_LABEL[figures.report_kind]}{figures.unit_name}" if layout.dept_line else "",
        unit_line=unit if layout.unit_place == "line" else "",
    )


def _unit_headed(column: Column, amount_unit: str) -> Column:
    """An amount column whose lowest heading prints the money unit: 决算数（万元）."""
    if column.kind != AMOUNT:
        return column
    path = list(column.path)
    lowest = max(i for i, label in enumerate(path) if label is not None)
    path[lowest] = f"{path[lowest]}（{amount_unit}）"
    return replace(column, path=tuple(path))


def build_table(table_code: str, figures: Figures, layout: Layout) -> tuple[Table, AmountCells]:
    if table_code in ("01", "04"):
        return summary_table(table_code, figures, layout)
    if table_code == "06" and (figures.report_kind == "final" or layout.table06_groups > 1):
        return basic_detail_table(figures, layout)
    if table_code == "09":
        return three_public_table(figures, layout)
    return subject_table(table_code, figures, layout)


def empty_note(table_code: str, figures: Figures, layout: Layout) -> str:
    subject = empty_subject(table_code, figures.report_kind)
    if layout.wording == "variant":
        return f"说明：本单位{figures.fiscal_year}年度没有{subject}，故本表为空。"
    return f"注：{figures.unit_name}无{subject}，故本表无数据。"


def build_tables(figures: Figures, layout: Layout) -> list[PrintedTable]:
    """All nine tables; raises if a builder left one of the figures' facts unprinted."""
    printed: list[PrintedTable] = []
    for number, code in enumerate(print_order(layout, figures.report_kind), start=1):
        table, amounts = build_table(code, figures, layout)
        missing = amounts.unprinted()
        if missing:
            raise ValueError(f"table {code}: facts with no cell in this layout: {missing}")
        if layout.unit_place == "header":
            table.columns = [_unit_headed(column, figures.amount_unit) for column in table.columns]
        if layout.table_notes:
            table.notes.append(f"注：{table_note(code, figures.report_kind)}")
        if not amounts.facts:
            note = empty_note(code, figures, layout)
            if layout.empty_table == "note_only":
                table = Table(code, [], [], notes=[note], grid=False)
            elif layout.empty_table == "note":
                table.notes.append(note)
        title = title_block(code, number, figures, layout)
        if table.as_list and layout.unit_place == "header":  # a list has no heading to carry the unit
            title = replace(title, unit_line=f"{layout.unit_label}{figures.amount_unit}")
        printed.append(PrintedTable(number, title, table, frozenset(amounts.left_out)))
    return printed
