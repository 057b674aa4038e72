"""Whole documents through table extraction: a table found twice (its title quoted in a sentence OCR broke
up) is read once; the money unit is read wherever the tables print it; a watermark is no table's text."""

from __future__ import annotations

import copy
import csv
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from generator.figures import Figures
from generator.layout import VARIANTS, Layout
from generator.render import render_with_gold
from generator.samples import figures_of
from pipeline.columns import header_end
from pipeline.extract import (
    TableGrids,
    _apart,
    _region_grids,
    _rows_unruled,
    _Ruling,
    extract_document,
    extract_tables,
    read_facts,
)
from pipeline.glyph import Glyph
from pipeline.grids import Cell, Grid
from pipeline.locate import LocatedTable, Region
from pipeline.model import Fact, Status
from pipeline.pdf import Page
from tests.conftest import CORPUS

PUTUO = CORPUS / "putuo" / "shpt-czj-2024-final.pdf"


@pytest.mark.parametrize("mention_first", [False, True])
def test_a_table_found_twice_keeps_the_reading_with_amounts(mention_first: bool) -> None:
    extracted = extract_tables(PUTUO)
    expected = read_facts(copy.deepcopy(extracted))
    table = next(t for t in extracted.tables if t.table.table_code == "01")
    mention = TableGrids(LocatedTable("01", "final", "详见表1 收入支出决算总表", [Region(20, 100.0, 800.0)]), "万元")
    extracted.tables.insert(extracted.tables.index(table) + (0 if mention_first else 1), mention)

    doc = read_facts(extracted)

    assert [t.pages for t in doc.tables if t.table_code == "01"] == [table.table.pages]
    assert sorted(map(repr, doc.facts)) == sorted(map(repr, expected.facts))


@pytest.mark.parametrize("unit_place", ["title", "header"])
@pytest.mark.parametrize("amount_unit", ["元", "万元"])
def test_a_money_unit_printed_after_the_title_or_in_column_headings_is_read(
    tmp_path: Path, unit_place: str, amount_unit: str
) -> None:
    # （金额单位：元） after the title, or 决算数（元） over each amount column, and no 单位 line: the
    # tables are found, and their amounts are in that unit (万元 when none is printed)
    layout = replace(VARIANTS["huangpi"], unit_place=unit_place, amount_unit=amount_unit)
    read, expected = _read_and_gold(figures_of("whhp-sjzyfwzx-2023-final"), layout, tmp_path)
    assert read == expected


@pytest.mark.parametrize("figures", ["whhp-dsjzx-2022-final", "shpt-czj-2024-final"])
def test_a_watermark_set_across_every_page_is_no_part_of_its_tables(tmp_path: Path, figures: str) -> None:
    # the unit's name, large and pale, rising across each page over the rows: its characters fell into
    # the cells they cross (区 7.60, 本年收入合计852.68本年支出合计) and those rows were lost
    layout = replace(VARIANTS["huangpi"], watermark=True)
    read, expected = _read_and_gold(figures_of(figures), layout, tmp_path)
    assert read == expected


@pytest.mark.parametrize("variant", ["huangpi", "putuo", "no_rules_flat"])
def test_amounts_in_full_width_characters_are_read(tmp_path: Path, variant: str) -> None:
    # ２，１１２．８６: every character an em wide, thousands separators and all
    layout = replace(VARIANTS[variant], full_width=True)
    read, expected = _read_and_gold(figures_of("shpt-czj-2024-final"), layout, tmp_path)
    assert read == expected


@pytest.mark.parametrize("variant", ["huangpi", "no_rules_flat", "unruled_split_yuan_stacked"])
def test_tables_run_on_down_the_pages_are_read(tmp_path: Path, variant: str) -> None:
    # no page breaks between tables: one starts below the one before, whose last rows top its page
    layout = replace(VARIANTS[variant], table_breaks="flow")
    read, expected = _read_and_gold(figures_of("shpt-czj-2024-final"), layout, tmp_path)
    assert read == expected


@pytest.mark.parametrize(("variant", "kind"), [("huangpi", "final"), ("no_rules_flat", "final"), ("putuo", "budget")])
def test_column_headings_set_out_a_character_at_a_time_are_read(tmp_path: Path, variant: str, kind: str) -> None:
    # 项　　目, 预　算　数: unruled, each character of a heading made a column of its own
    layout = replace(VARIANTS[variant], spaced_headings=True)
    read, expected = _read_and_gold(figures_of("shpt-czj-2024-final", kind), layout, tmp_path)
    assert read == expected


@pytest.mark.parametrize("form", ["line", "suffix"])
@pytest.mark.parametrize("variant", ["huangpi", "no_rules_flat"])
def test_titles_printed_again_over_continued_pages_continue_their_tables(
    tmp_path: Path, variant: str, form: str
) -> None:
    # （续表） under the title again, or （续） after it: each continued page was read as its table found twice
    layout = replace(VARIANTS[variant], continued_titles=True, continued_title_form=form)
    read, expected = _read_and_gold(figures_of("shpt-czj-2024-final", "budget"), layout, tmp_path)
    assert read == expected


@pytest.mark.parametrize("kind", ["final", "budget"])
@pytest.mark.parametrize("variant", ["huangpi", "no_rules_flat", "unruled_split_yuan_stacked"])
def test_amounts_at_the_foot_of_tall_rows_are_their_rows(tmp_path: Path, variant: str, kind: str) -> None:
    # as a spreadsheet aligns them: beside a wrapped label's last line, below the centred 行次 and the
    # other half's one-line label; unruled, they made rows of their own
    layout = replace(VARIANTS[variant], amounts_at_foot=True, row_height=30.0)
    read, expected = _read_and_gold(figures_of("shpt-czj-2024-final", kind), layout, tmp_path)
    assert read == expected


@pytest.mark.parametrize("variant", ["huangpi", "no_rules_flat"])
def test_codes_bracketed_before_their_names_key_their_rows(tmp_path: Path, variant: str) -> None:
    # [2013750]事业运行 in the label cell: the bracket hid the code, and a page of 06 whose amounts are all
    # blank, its codes so printed, ended the table
    layout = replace(VARIANTS[variant], code_in_label=True, code_brackets=True)
    read, expected = _read_and_gold(figures_of("whhp-dsjzx-2022-final", "final"), layout, tmp_path)
    assert read == expected


@pytest.mark.parametrize("leaders", [False, True])
@pytest.mark.parametrize("variant", ["huangpi", "no_rules_flat"])
def test_a_budgets_09_printed_as_a_list_is_read(tmp_path: Path, variant: str, leaders: bool) -> None:
    # one label and its amount per line, no heading over the amounts, dotted leaders or none
    layout = replace(VARIANTS[variant], nine_as_list=True, list_leaders=leaders)
    read, expected = _read_and_gold(figures_of("shpt-czj-2024-final", "budget"), layout, tmp_path)
    assert read == expected
    assert any(table == "09" for table, _, _ in expected)


@pytest.mark.parametrize("rotation", [90, 270])
@pytest.mark.parametrize("variant", ["huangpi", "no_rules_flat"])
def test_a_table_turned_on_a_portrait_page_with_no_rotate_is_read(tmp_path: Path, variant: str, rotation: int) -> None:
    # a landscape table drawn turned a quarter on a portrait page, as some converters leave it, no /Rotate
    # saying so: its characters stood in columns down the page, and neither its title nor its rows were read
    layout = replace(VARIANTS[variant], rotated_table="02", rotation=rotation, rotate_marked=False)
    read, expected = _read_and_gold(figures_of("whhp-dsjzx-2022-final"), layout, tmp_path)
    assert read == expected


@pytest.mark.parametrize("rotation", [90, 270])
@pytest.mark.parametrize("variant", ["huangpi", "putuo", "no_rules_flat"])
def test_a_document_printed_two_pages_up_is_read(tmp_path: Path, variant: str, rotation: int) -> None:
    # every page shrunk onto a landscape sheet beside the next, drawn there as a form XObject; a landscape
    # page turned to fit its half, upright beside it or turned too. The two pages' lines ran into one another
    # and a turned half was read sideways; the forms' rules were not read at all
    layout = replace(VARIANTS[variant], two_up=True, rotation=rotation)
    read, expected = _read_and_gold(figures_of("shpt-czj-2024-final"), layout, tmp_path)
    assert read == expected


def _read_and_gold(figures: Figures, layout: Layout, tmp_path: Path) -> tuple[dict, dict]:
    """The figures rendered in the layout, then extracted: the facts read and the gold, each as its
    amount and unit by (table, line, measure)."""
    pdf, gold = render_with_gold(figures, layout, tmp_path, "doc", tmp_path)
    with gold.open(encoding="utf-8") as fh:
        expected = {
            (r["table_code"], r["line_key"], r["measure"]): (Decimal(r["amount"]), r["amount_unit"])
            for r in csv.DictReader(fh)
        }
    doc = extract_document(pdf)
    return {(f.table_code, f.line_key, f.measure): (f.amount, f.amount_unit) for f in doc.facts}, expected


def _headless(grid: Grid) -> Grid:
    """The grid with every header cell over its amounts read as nothing (a scan's header lost)."""
    end = header_end(grid, "03")
    cells = [replace(c, text="") if c.row0 < end and c.col0 > 0 else c for c in grid.cells]
    return replace(grid, cells=cells, _index={})


def test_a_table_that_cannot_be_read_leaves_the_documents_other_tables_loaded() -> None:
    extracted = extract_tables(PUTUO)
    expected = read_facts(copy.deepcopy(extracted))
    table = next(t for t in extracted.tables if t.table.table_code == "03")
    table.grids = [_headless(g) for g in table.grids]

    doc = read_facts(extracted)

    assert doc.status == Status.LOADED
    assert doc.error is not None and "table 03: no column header names a known measure" in doc.error
    assert "page" in doc.error
    assert sorted(map(repr, doc.facts)) == sorted(repr(f) for f in expected.facts if f.table_code != "03")


def test_a_worn_grid_holding_a_header_corner_only_leaves_the_table_read_from_its_words() -> None:
    # a worn, faded copy: its rules drew the 类 | 款 | 项 cells alone; the rows are read as a table without rules
    placed = [("功能分类科目编码", 48, 100), ("科目名称", 150, 100), ("合计", 300, 100), ("基本支出", 400, 100)]
    placed += [("类", 52, 115), ("款", 67, 115), ("项", 82, 115), ("合计", 150, 130), ("173.61", 300, 130)]
    placed += [("162.61", 400, 130), ("201", 50, 145), ("一般公共服务支出", 150, 145), ("132.37", 300, 145)]
    placed += [("121.37", 400, 145), ("201", 50, 160), ("37", 66, 160), ("网信事务", 150, 160)]
    placed += [("132.37", 300, 160), ("121.37", 400, 160)]
    glyphs = [Glyph(text, x0, top, x0 + 9 * len(text), top + 9) for text, x0, top in placed]
    page = Page(1, 595, 842, "", True, True, None)
    page.use_ocr("", glyphs, (595, 842))
    corner = Grid(1, [(48, 63), (63, 78), (78, 92)], [(112, 127)], [Cell(0, 1, c, c + 1) for c in range(3)])
    table = LocatedTable("05", "final", "一般公共预算财政拨款支出决算表", [Region(1, 90, 200)])
    grids, _ = _region_grids(page, table.regions[0], _Ruling([corner], []), table, [])
    assert [grid.ruled for grid in grids] == [False]
    assert any("网信事务" in cell.text for cell in grids[0].cells)


def _upright_rows(cols: list[tuple[float, float]], notes: tuple[str, ...] = ()) -> tuple[Page, LocatedTable, Grid]:
    """Three rows of 03 (code, label, 支出合计, 基本支出) in the grid drawn by rules at `cols`, and rows
    of notes across the table under them."""
    placed = [("科目编码", 50, 100), ("科目名称", 150, 100), ("支出合计", 250, 100), ("基本支出", 350, 100)]
    rows = [
        ("201", "一般公共服务支出", "1,393,800.00", "1,293,800.00"),
        ("20137", "网信事务", "393,800.00", "93,800.00"),
    ]
    rows += [("2013750", "事业运行", "393,800.00", "93,800.00")]
    for i, (code, label, total, basic) in enumerate(rows):
        top = 115 + 15 * i
        placed += [(code, 50, top), (label, 110, top), (total, 300 - 6 * len(total), top), (basic, 330, top)]
    placed += [(note, 50, 160 + 15 * i) for i, note in enumerate(notes)]
    glyphs = [
        Glyph(text, x0, top, x0 + (6 if text[0].isdigit() else 9) * len(text), top + 9) for text, x0, top in placed
    ]
    page = Page(1, 595, 842, "", True, True, None)
    page.use_ocr("", glyphs, (595, 842))
    bands = [(97, 112), (112, 127), (127, 142), (142, 157)]
    cells = [Cell(r, r + 1, c, c + 1) for r in range(len(bands)) for c in range(len(cols))]
    for _ in notes:
        bands.append((bands[-1][1], bands[-1][1] + 15))
        cells.append(Cell(len(bands) - 1, len(bands), 0, len(cols)))
    table = LocatedTable("03", "budget", "部门支出总表", [Region(1, 90, 200)])
    return page, table, Grid(1, cols, bands, cells)


def test_a_worn_grid_whose_upright_between_labels_and_amounts_faded_leaves_the_table_read_from_its_words() -> None:
    # the rule between 科目名称 and 支出合计 faded all the way down: the amounts stood in the labels'
    # cells (一般公共服务支出 1,393,800.00), and were lost with their rows' keys
    page, table, worn = _upright_rows([(48, 105), (105, 305), (305, 420)])
    grids, _ = _region_grids(page, table.regions[0], _Ruling([worn], []), table, [])
    assert [grid.ruled for grid in grids] == [False]
    assert any(cell.text == "1,393,800.00" for cell in grids[0].cells)


def test_notes_quoting_amounts_across_a_ruled_table_leave_its_grid_read() -> None:
    notes = ("注：1.本年支出合计1,393,800.00元", "2.基本支出1,293,800.00元")
    page, table, ruled = _upright_rows([(48, 105), (105, 225), (225, 305), (305, 420)], notes)
    grids, _ = _region_grids(page, table.regions[0], _Ruling([ruled], []), table, [])
    assert [grid.ruled for grid in grids] == [True]
    assert any(cell.text == "1,393,800.00" for cell in grids[0].cells)


def _facts(code: str, *keys: tuple[str, str]) -> list[Fact]:
    return [Fact(code, line, measure, Decimal("1.00"), "万元", 1) for line, measure in keys]


@pytest.mark.parametrize(
    ("more", "apart"),
    [
        # a sheet too wide for the paper: its last columns (or 06's 公用经费 group) on a page of their own
        (_facts("02", ("201", "other")), True),
        (_facts("02", ("201", "total")), False),  # the table again: read twice, kept once
        ([], False),  # its title quoted in a sentence: nothing read there
    ],
)
def test_a_tables_facts_read_again_under_its_title_are_its_own_where_none_are_the_same(
    more: list[Fact], apart: bool
) -> None:
    before = _facts("02", ("201", "total"), ("201", "fiscal_appropriation")) + _facts("03", ("201", "other"))
    assert _apart(before, more, "02") is apart


@pytest.mark.parametrize(
    ("amounts", "rows_ruled"),
    [
        ("20,1\n00.00", True),  # one amount wrapped over two lines of a narrow cell
        ("10.49\n2.18", False),  # two rows' amounts in one cell: no rule parts their rows
        ("301\n30101", False),  # two rows' codes
    ],
)
def test_a_ruled_cell_holding_two_rows_lines_is_read_by_words_but_not_one_amount_wrapped(
    amounts: str, rows_ruled: bool
) -> None:
    # wrapped in a narrow ruled cell, 20,100.00 ends its first line in a digit as a row's line does: taken for
    # two rows, the table was read by its words and the amount as 100.00
    cells = [Cell(0, 1, 0, 1, "科目名称"), Cell(0, 1, 1, 2, "决算数"), Cell(1, 2, 0, 1, "工资福利支出")]
    grid = Grid(1, [(0.0, 100.0), (100.0, 140.0)], [(0.0, 20.0), (20.0, 50.0)], [*cells, Cell(1, 2, 1, 2, amounts)])
    assert _rows_unruled(grid) is not rows_ruled
