"""Columns of scanned tables: a misread line number does not make 行次 a code column; a heading read
with a character or two changed (a third of a long one) still names its measure when no other term is
as near, and a word of the vocabulary is never taken for a misread of another; a heading that names
nothing is the one measure its row sums leave, and only if they hold."""

from __future__ import annotations

from pipeline.columns import Role, best_term, classify_columns, header_end, segments
from pipeline.grids import Cell, Grid
from pipeline.vocab import lines, measures


def _grid(rows: list[list[str]]) -> Grid:
    """A ruled grid of one-by-one cells, as OCR returns a scanned table."""
    n_cols = len(rows[0])
    cells = [Cell(r, r + 1, c, c + 1, text) for r, row in enumerate(rows) for c, text in enumerate(row)]
    return Grid(
        1,
        [(c * 100.0, c * 100.0 + 100) for c in range(n_cols)],
        [(r * 20.0, r * 20.0 + 20) for r in range(len(rows))],
        cells,
        source="ocr",
    )


def test_a_line_number_read_as_three_digits_keeps_its_column_a_line_number() -> None:
    grid = _grid(
        [
            ["项目", "行次", "决算数", "项目", "行次", "决算数"],
            ["一般公共预算财政拨款收入", "1", "852.68", "一般公共服务支出", "29", "821.73"],
            ["本年收入合计", "25", "852.68", "本年支出合计", "53", "852.68"],
            ["年初结转和结余", "27", "", "年末结转和结余", "555", ""],
            ["总计", "28", "852.68", "总计", "56", "852.68"],
        ]
    )
    end = header_end(grid, "01")
    columns = classify_columns(grid, "01", end)

    assert [c.role for c in columns] == [Role.LABEL, Role.LINE_NO, Role.AMOUNT] * 2
    assert [(s.label_cols, s.amount_cols) for s in segments(columns)] == [((0,), (2,)), ((3,), (5,))]


def test_a_short_heading_read_with_a_character_changed_still_names_its_measure() -> None:
    # 决算散 for 决算数, 合叶 for 合计 (a scan at 110 dpi); the rest as printed
    grid = _grid(
        [
            ["项目", "决算散", "项目", "合叶", "一般公共预算财政拨款"],
            ["一、一般公共预算财政拨款", "852.68", "一般公共服务支出", "821.73", "821.73"],
            ["总计", "852.68", "总计", "852.68", "852.68"],
        ]
    )
    columns = classify_columns(grid, "04", header_end(grid, "04"))
    assert [c.measure for c in columns] == [None, "actual", None, "total", "gpb"]


def test_a_long_heading_read_with_two_characters_changed_still_names_its_measure() -> None:
    grid = _grid([["项目", "本年收入合计", "财数援款收入", "上级补助收入"], ["合计", "1.00", "1.00", ""]])
    measures = [c.measure for c in classify_columns(grid, "02", header_end(grid, "02"))]
    assert measures[1:] == ["total", "fiscal_appropriation", "superior_subsidy"]


def test_a_short_heading_as_near_two_terms_names_neither() -> None:
    # 顶算数 is one character from 预算数 and from 决算数 alike, 总计 from 合计 and from 小计
    grid = _grid([["项目", "顶算数", "总计"], ["本年收入合计", "852.68", "852.68"], ["总计", "852.68", "852.68"]])
    assert [c.measure for c in classify_columns(grid, "04", header_end(grid, "04"))][1:] == [None, None]


def test_a_word_of_the_vocabulary_is_no_misread_of_another() -> None:
    # 小计 under 公务用车购置及运行费 is that group's own total, not 合计 one character off; 预算数 in a
    # table of 决算数 is a budget column, not a misread actual one
    group = ("财政拨款三公经费", "公务用车购置及运行费")
    assert best_term((*group, "小计", "预算数"), lines("09"), fuzzy=True).key == "vehicle"
    assert best_term((*group, "购置费", "预算数"), lines("09"), fuzzy=True).key == "vehicle_purchase"
    assert best_term(("预算数",), measures("06"), fuzzy=True) is None


def test_a_long_heading_read_with_a_third_of_it_misread_still_names_its_measure() -> None:
    # 7 pt type scanned at 110 dpi: 一般公共预算财政拨款 lost its 一 and two characters changed, three
    # of ten; the other appropriations are five or more from what was read
    grid = _grid(
        [
            ["项目", "合计", "最公共预算财政费款", "政府性基全预障财政握款", "国有货车经营辣媒财政抱款"],
            ["一般公共服务支出", "821.73", "821.73", "", ""],
        ]
    )
    columns = classify_columns(grid, "04", header_end(grid, "04"))
    # 国有资本经营预算财政拨款 has five of twelve misread: too many to name it
    assert [c.measure for c in columns] == [None, "total", "gpb", "gf", None]


def _expenditure(total_heading: str, rows: list[tuple[str, str, str]]) -> list[str | None]:
    grid = _grid(
        [["科目编码", "科目名称", total_heading, "基本支出", "项目支出"]]
        + [["201", "一般公共服务支出", *r] for r in rows]
    )
    return [c.measure for c in classify_columns(grid, "05", header_end(grid, "05"))][2:]


def test_a_heading_that_names_nothing_is_the_total_its_row_sums_leave() -> None:
    # 小计 read as 小: the column is the sum of 基本支出 and 项目支出 in every row but one misread
    rows = [("132.37", "121.37", "11.00"), ("15.52", "15.52", ""), ("8.52", "8.52", "-"), ("17.20", "17.02", "")]
    assert _expenditure("小", rows) == ["total", "basic", "project"]


def test_a_heading_that_names_nothing_stays_unnamed_where_the_sums_do_not_hold() -> None:
    # a column of something else (last year's figures) is no total for lacking a heading
    rows = [("120.00", "121.37", "11.00"), ("14.00", "15.52", ""), ("8.52", "8.52", "")]
    assert _expenditure("小", rows) == [None, "basic", "project"]
