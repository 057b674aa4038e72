"""Columns of scanned tables: a misread line number does not make 行次 a code column; a heading read
with a character or two changed (a third of a long one) still names its measure when no other term is
as near, and a word of the vocabulary is never taken for a misread of another; a heading that names
nothing is the one measure its row sums leave, and only if they hold. A header naming no measure at
all fails its table only where amounts stand under it."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from itertools import pairwise

import pytest

from pipeline.columns import (
    Role,
    best_term,
    classify_columns,
    header_end,
    leading_code,
    marked_codes_joined,
    segments,
)
from pipeline.errors import ExtractionError
from pipeline.grids import Cell, Grid
from pipeline.vocab import lines, measures
from tests.reading import read_table


def _grid(rows: list[list[str]], spans: tuple[tuple[int, int, int, str], ...] = ()) -> Grid:
    """A ruled grid of one-by-one cells, as OCR returns a scanned table, but for `spans` (row, first
    column, column after the last, text): cells over several columns, in place of those rows' cells."""
    over = {(r, c) for r, first, end, _ in spans for c in range(first, end)}
    cells = [
        Cell(r, r + 1, c, c + 1, text) for r, row in enumerate(rows) for c, text in enumerate(row) if (r, c) not in over
    ]
    cells += [Cell(r, r + 1, first, end, text) for r, first, end, text in spans]
    return Grid(
        1,
        [(c * 100.0, c * 100.0 + 100) for c in range(len(rows[0]))],
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


def test_amounts_whose_points_ocr_read_as_blanks_keep_their_column_amounts() -> None:
    # a faint point read as a blank: 8 72 squashed is 872, a 类 code, and the half's amounts were a code column
    grid = _grid(
        [
            ["科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数"],
            ["301", "工资福利支出", "153.88", "302", "商品和服务支出", "8 72"],
            ["30101", "基本工资", "33.55", "30201", "办公费", "1.26"],
            ["30102", "津贴补贴", "9.49", "30202", "印刷费", "0 68"],
            ["30107", "绩效工资", "71.02", "30227", "委托业务费", "3 00"],
        ]
    )
    columns = classify_columns(grid, "06", header_end(grid, "06"))

    assert [c.role for c in columns] == [Role.CODE, Role.LABEL, Role.AMOUNT] * 2


def test_codes_read_two_to_a_cell_under_their_levels_stay_codes() -> None:
    # 款 and 项 read into one cell, a blank between: 11 01 is no 11.01 where the header names the levels
    grid = _grid(
        [
            ["类", "款项", "科目名称", "本年支出合计"],
            ["210", "", "卫生健康支出", "60.99"],
            ["210", "11 01", "行政单位医疗", "60.99"],
            ["221", "02 01", "住房公积金", "187.19"],
            ["221", "12 03", "购房补贴", "258.50"],
        ]
    )
    columns = classify_columns(grid, "03", header_end(grid, "03"))

    assert [c.role for c in columns][:2] == [Role.CODE, Role.CODE]


def test_a_continued_pages_line_number_read_as_a_code_keeps_its_column_a_line_number() -> None:
    # page 2 drops page 1's last (blank) column, and a speck made 29 read as 289: the page's 行次 holds
    # two-digit numbers and one three-digit, as a code column would; it lines up with page 1's 行次
    first = _grid(
        [
            ["项目", "行次", "决算数", "项目", "行次", "小计", "一般公共预算财政拨款", "政府性基金预算财政拨款"],
            ["一、一般公共预算财政拨款", "1", "852.68", "一、一般公共服务支出", "33", "852.68", "852.68", ""],
        ]
    )
    second = _grid(
        [
            ["本年收入合计", "27", "852.68", "本年支出合计", "59", "852.68", "852.68"],
            ["年初财政拨款结转和结余", "28", "", "年末财政拨款结转和结余", "60", "", ""],
            ["一般公共预算财政拨款", "289", "", "", "61", "", ""],
            ["总计", "32", "852.68", "总计", "64", "852.68", "852.68"],
        ]
    )
    facts = {(f.line_key, f.measure): f.amount for f in read_table("04", first, second).facts}
    assert facts[("inc.total", "actual")] == facts[("inc.grand_total", "actual")] == Decimal("852.68")
    assert facts[("exp.grand_total", "gpb")] == Decimal("852.68")


def test_a_continued_page_lying_further_left_keeps_the_columns_of_the_page_before() -> None:
    # a photo of the next page: its table lies 60 pt left of the first page's (more than half a column),
    # its columns as many and as wide; matched by where they stood, the gpb column lined up with 合计 and
    # the totals lost their gpb figure (a phone photo's 04)
    first = _grid(
        [
            ["项目", "决算数", "项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款"],
            ["一、一般公共预算财政拨款", "2,940.05", "一、一般公共服务支出", "2,106.66", "2,106.66", ""],
        ]
    )
    second = _grid(
        [
            ["本年收入合计", "2,940.05", "本年支出合计", "2,940.05", "2,940.05", ""],
            ["总计", "2,961.68", "总计", "2,961.68", "2,961.68", ""],
        ]
    )
    second = replace(second, cols=[(a - 60, b - 60) for a, b in second.cols])
    facts = {(f.line_key, f.measure): f.amount for f in read_table("04", first, second).facts}
    assert facts[("exp.total", "gpb")] == facts[("exp.total", "total")] == Decimal("2940.05")
    assert facts[("exp.grand_total", "gpb")] == Decimal("2961.68")


def test_code_parts_under_their_levels_read_as_one_heading_are_codes() -> None:
    # a fax: 编 of 功能分类科目编码 lost, 款 and 项 read as one heading (款项) over both part columns,
    # and a spurious upright cut the class column in two, each class merged across both halves
    rows = [
        ["项目", "", "", "", "", "本年支出合计", "基本支出"],
        ["功能类", "", "类科目码款项", "", "科目名称", "本年支出合计", "基本支出"],
        ["201", "", "", "", "一般公共服务支出", "132.37", "121.37"],
        ["201", "", "37", "", "网信事务", "132.37", "121.37"],
        ["201", "", "37", "50", "事业运行", "132.37", "121.37"],
    ]
    merged = {(0, 0): 5, (1, 0): 2, (1, 2): 4, (2, 0): 2, (3, 0): 2, (4, 0): 2}
    cells = [
        Cell(r, r + 1, c, merged.get((r, c), c + 1), text)
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
        if not any(c0 < c < c1 for (r0, c0), c1 in merged.items() if r0 == r)
    ]
    grid = Grid(1, [(c * 50.0, c * 50.0 + 50) for c in range(7)], [(r * 20.0, r * 20.0 + 20) for r in range(5)], cells)
    grid.source = "ocr"
    assert {f.line_key for f in read_table("03", grid).facts} == {"201", "20137", "2013750"}


def test_levels_under_a_rule_ocr_read_as_a_dash_key_their_rows() -> None:
    # a book's curled page: the rule under 科目编码 not found, each level's cell spans both header rows
    # and holds the rule, read as a line of dashes, between the group heading's piece and its level
    rows = [
        ["项目", "", "", "", "本年收入合计", "财政拨款收入"],
        ["科\n—\n类", "目编码\n—\n款", "—\n项", "科目名称", "", ""],
        ["201", "", "", "一般公共服务支出", "2,112.86", "2,106.66"],
        ["201", "06", "", "财政事务", "2,112.86", "2,106.66"],
        ["201", "06", "01", "行政运行", "1,511.90", "1,511.89"],
        ["201", "06", "07", "信息化建设", "600.96", "594.77"],
    ]
    cells = [
        Cell(r, r + (1 if r or c < 4 else 2), c, 4 if (r, c) == (0, 0) else c + 1, text)
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
        if (r, c) not in {(0, 1), (0, 2), (0, 3), (1, 4), (1, 5)}
    ]
    grid = Grid(1, [(c * 50.0, c * 50.0 + 50) for c in range(6)], [(r * 20.0, r * 20.0 + 20) for r in range(6)], cells)
    grid.source = "ocr"

    assert {f.line_key for f in read_table("02", grid).facts} == {"201", "20106", "2010601", "2010607"}


def test_a_continued_pages_code_column_under_a_level_the_column_numbers_row_spans_stays_codes() -> None:
    # the 栏次 row runs across the code levels: 款 and 项 read as line numbers on the first page, but the
    # next page's codes under them are codes, not line numbers
    rows = [
        ["功能分类科目编码", "", "", "科目名称", "本年收入合计"],
        ["类", "款", "项", "", ""],
        ["栏次", "", "", "", "1"],
        ["208", "", "", "社会保障和就业支出", "9400.00"],
    ]
    cells = [Cell(r, r + 1, c, c + 1, text) for r, row in enumerate(rows) for c, text in enumerate(row) if r != 2]
    cells += [Cell(2, 3, 0, 4, "栏次"), Cell(2, 3, 4, 5, "1")]
    first = Grid(
        1,
        [(c * 100.0, c * 100.0 + 100) for c in range(5)],
        [(r * 20.0, r * 20.0 + 20) for r in range(4)],
        cells,
        source="text",
    )
    second = Grid(
        2,
        [(100.0, 200.0), (300.0, 400.0), (400.0, 500.0)],
        [(0.0, 20.0), (20.0, 40.0)],
        [
            Cell(r, r + 1, c, c + 1, text)
            for r, row in enumerate(
                (("2080599", "其他行政事业单位养老支出", "9400.00"), ("2101101", "行政单位医疗", "609900.00"))
            )
            for c, text in enumerate(row)
        ],
        source="text",
    )
    assert {f.line_key for f in read_table("02", first, second, unit="元").facts} == {"208", "2080599", "2101101"}


def test_an_empty_column_cut_from_the_label_column_under_its_group_heading_is_no_code_column() -> None:
    # a continued page: 科目编码及名称 over the label column and an empty one a scan's rule cut from it,
    # headed 次 of a 栏次 split across both; taken for a code column under 编码, it started a half of
    # its own, and the row's code and label stood in a half without amounts (提租补贴 lost)
    rows = [
        ["", "", "", "行次", "合计", "财政拨款收入"],
        ["", "科目编码及名称", "", "", "", ""],
        ["", "栏", "次", "", "1", "2"],
        ["2210202", "提租补贴", "", "13", "14100.00", "14100.00"],
        ["", "合计", "", "14", "1736100.00", "1736100.00"],
    ]
    grid = _grid(rows, spans=((0, 0, 3, "项目"), (1, 1, 3, "科目编码及名称")))
    columns = classify_columns(grid, "02", header_end(grid, "02"))

    assert [(s.code_cols, s.amount_cols) for s in segments(columns)] == [((0,), (4, 5))]


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


def test_a_heading_with_a_character_read_as_two_still_names_its_measure() -> None:
    # 决 read as its two halves apart (2次), in a table 06 scanned at 100 dpi
    grid = _grid([["科目编码", "科目名称", "2次算数"], ["301", "工资福利支出", "159.88"]])
    assert [c.measure for c in classify_columns(grid, "06", header_end(grid, "06"))] == [None, None, "actual"]


@pytest.mark.parametrize(("heading", "measure"), [("小it", "total"), ("小言十", None), ("小i计", None)])
def test_a_short_heading_with_a_character_read_as_two_letters_still_names_its_measure(
    heading: str, measure: str | None
) -> None:
    # 计 read as it in a phone photo's shadow: the column fell back on 决算数 over it, its amounts 'actual';
    # two Chinese characters for one of a two-character heading are no such misread, nor letters beside it
    path = ("支出", "决算数", heading)
    found = best_term(path, measures("04"), fuzzy=True)
    assert (found.key if found and found.label != "决算数" else None) == measure


@pytest.mark.parametrize(
    ("heading", "measure"),
    [
        ("算 一\n财 般\n政 公\n拨 共\n款 预", "gpb"),  # two columns, the right one first
        ("预 国\n算 有\n财 资\n政 本\n拨 经\n款 营", "soe"),
        ("一般公共预算\n财政拨款", "gpb"),  # wrapped across: read as its lines always were
        ("决\n算\n数", None),  # one column, likewise
    ],
)
def test_a_heading_written_down_in_columns_right_to_left_names_its_measure(heading: str, measure: str | None) -> None:
    # a narrow amount column's heading set vertically, as Word sets it: read a line at a time, 一般公共预算
    # 财政拨款 came out 算一财般政公拨共款预 and the column fell back on 决算数 above it
    grid = _grid([["项目", "决算数", "决算数"], ["项目", "小计", heading], ["一般公共服务支出", "821.73", "821.73"]])
    columns = classify_columns(grid, "04", header_end(grid, "04"))
    assert columns[2].measure == (measure or "actual")


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


def test_a_misread_group_label_names_its_group_not_a_term_printed_within_it() -> None:
    # 置 read as 凹: the whole label is one character off the vehicle group, and holds 运行费 exactly
    path = ("三公经费预算数", "公务用车购凹及运行费", "小计")
    assert best_term(path, lines("09"), fuzzy=True).key == "vehicle"
    assert best_term(("公务用车购置及运行费", "运行费"), lines("09"), fuzzy=True).key == "vehicle_operation"


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


def _expenditure(total_heading: str, rows: list[tuple[str, str, str]], basic: str = "基本支出") -> list[str | None]:
    grid = _grid(
        [["科目编码", "科目名称", total_heading, basic, "项目支出"]] + [["201", "一般公共服务支出", *r] for r in rows]
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


def _codes(header: list[str], parts: list[str]) -> list[Role]:
    grid = _grid(
        [
            [*header, "科目名称", "合计"],
            ["201", "", "", "一般公共服务支出", "12.00"],
            ["201", parts[0], "", "网信事务", "12.00"],
            ["201", parts[0], "50", "事业运行", "10.00"],
            ["201", parts[1], "99", "其他网信事务支出", "2.00"],
        ]
    )
    return [c.role for c in classify_columns(grid, "05", header_end(grid, "05"))]


def test_a_column_of_parts_beside_the_levels_is_the_level_whose_heading_ocr_misread() -> None:
    # 款 read as ak; the 口 of a misread 37 does not undo it
    assert _codes(["类", "ak", "项"], ["37", "口"])[:3] == [Role.CODE] * 3


def test_parts_under_the_code_group_heading_alone_are_the_level_whose_heading_ocr_lost() -> None:
    # 款 lost, and 码 of the wrapped 功能分类科目编码 with it: the column is headed by the groups alone
    # (项目 over all four: it reads as a label column's)
    body = [("201", "", "", "一般公共服务支出"), ("201", "37", "", "网信事务"), ("201", "37", "50", "事业运行")]
    body += [("208", "05", "05", "机关事业单位基本养老保险缴费支出")]
    cells = [Cell(0, 1, 0, 4, "项目"), Cell(0, 3, 4, 5, "合计"), Cell(1, 2, 0, 3, "功能分类科目编")]
    cells += [Cell(1, 3, 3, 4, "科目名称"), Cell(2, 3, 0, 1, "类"), Cell(2, 3, 2, 3, "项")]
    cells += [Cell(r, r + 1, c, c + 1, t) for r, row in enumerate(body, 3) for c, t in enumerate([*row, "1.00"])]
    rows = [(r * 20.0, r * 20.0 + 20) for r in range(7)]
    grid = Grid(1, [(c * 100.0, c * 100.0 + 100) for c in range(5)], rows, cells)
    grid.source = "ocr"
    columns = classify_columns(grid, "05", header_end(grid, "05"))
    assert [c.role for c in columns] == [Role.CODE] * 3 + [Role.LABEL, Role.AMOUNT]


def test_parts_headed_by_the_column_numbers_row_alone_are_a_level() -> None:
    # 栏次 is a row's label spanning the code columns, not the column's own heading; 款 read as 欧
    grid = _grid(
        [
            ["类", "欧", "项", "科目名称", "合计"],
            ["栏次", "栏次", "栏次", "栏次", "1"],
            ["201", "06", "01", "行政运行", "1511.90"],
            ["201", "06", "02", "一般行政管理事务", "16.19"],
        ]
    )
    columns = classify_columns(grid, "02", header_end(grid, "02"))
    assert [c.role for c in columns][:3] == [Role.CODE] * 3


def test_line_numbers_beside_the_levels_stay_line_numbers() -> None:
    # 行次 printed after 项: on a later page its numbers are two digits each, like parts of codes
    grid = _grid(
        [
            ["类", "款", "项", "行次", "科目名称", "合计"],
            ["201", "37", "50", "10", "事业运行", "10.00"],
            ["201", "37", "99", "11", "其他网信事务支出", "2.00"],
            ["208", "05", "05", "12", "机关事业单位基本养老保险缴费支出", "3.00"],
        ]
    )
    columns = classify_columns(grid, "05", header_end(grid, "05"))
    assert [c.role for c in columns][:4] == [Role.CODE] * 3 + [Role.LINE_NO]


def test_a_misread_heading_is_the_nearest_of_several_measures_its_sums_leave() -> None:
    # 财政拨款收入 read as 致拨款收入; 事业单位经营收入 (a budget's) is printed nowhere either, but reads
    # further from it
    grid = _grid(
        [
            [
                "科目名称",
                "本年收入合计",
                "致拨款收入",
                "上级补助收入",
                "事业收入",
                "经营收入",
                "附属单位上缴收入",
                "其他收入",
            ],
            ["一般公共服务支出", "1323700.00", "1323700.00", "", "", "", "", ""],
            ["社会保障和就业支出", "155200.00", "155200.00", "", "", "", "", ""],
            ["卫生健康支出", "85300.00", "85200.00", "", "", "", "", "100.00"],
        ]
    )
    measures_read = [c.measure for c in classify_columns(grid, "02", header_end(grid, "02"))]
    assert measures_read[1:3] == ["total", "fiscal_appropriation"]


def test_a_half_whose_amount_heading_was_lost_takes_the_measure_of_the_other_half() -> None:
    # 金额 of the 支出 half read as 全: the halves print the same measure in the same place
    grid = _grid(
        [
            ["项目", "行次", "金额", "项目", "行次", "全"],
            ["本年收入合计", "27", "29462500.00", "本年支出合计", "57", "29400500.00"],
            ["总计", "30", "29953900.00", "总计", "60", "29953900.00"],
        ]
    )
    columns = classify_columns(grid, "01", header_end(grid, "01"))
    assert [c.measure for c in columns] == [None, None, "actual", None, None, "actual"]


def _read_09(amount: str) -> list:
    """Table 09 whose headings the scan garbled (预算数, 决算数 read as 阳算数, 决耳载), `amount` under the first."""
    grid = _grid(
        [
            ["项目", "阳算数", "决耳载"],
            ["合计", amount, ""],
            ["1.因公出国（境）费", "", ""],
            ["3.公务接待费", amount, ""],
        ]
    )
    return read_table("09", grid).facts


def test_an_empty_table_under_an_unreadable_header_holds_no_facts_and_fails_nothing() -> None:
    assert _read_09("") == []


def test_amounts_under_an_unreadable_header_fail_their_table_with_its_page() -> None:
    with pytest.raises(ExtractionError, match="no column header names a known measure") as raised:
        _read_09("1.50")
    assert raised.value.page == 1


def test_headings_misread_past_naming_take_the_measures_their_place_prints() -> None:
    # 合计 lost and 财政拨款收入 read as 时政我款议人 before 事业收入: the first two measures, in order
    grid = _grid(
        [
            ["科目名称", "", "时政我款议人", "上级行助设人", "事业收人", "经营收人", "其他收人"],
            ["一般公共服务支出", "132.37", "132.37", "—", "—", "—", "—"],
            ["社会保障和就业支出", "15.52", "15.52", "—", "—", "—", "—"],
            ["卫生健康支出", "8.62", "8.52", "—", "0.10", "—", "—"],
        ]
    )
    measures_read = [c.measure for c in classify_columns(grid, "02", header_end(grid, "02"))]
    assert measures_read[1:5] == ["total", "fiscal_appropriation", "superior_subsidy", "public_service"]


def test_a_misread_heading_its_place_names_stays_unnamed_where_neither_sums_nor_heading_confirm() -> None:
    # between 合计 and 项目支出 stands 基本支出's place; sums broken by misread digits leave it to the heading:
    # 术支出 (基本 read as 术) confirms it, 上年数 (a column of something else) does not
    rows = [("2106.06", "1503.52", "609.14"), ("1511.89", "1503.52", "5.37"), ("136.25", "", "135.25")]
    assert _expenditure("合计", rows, basic="术支出") == ["total", "basic", "project"]
    assert _expenditure("合计", rows, basic="上年数") == ["total", None, "project"]


def test_a_long_heading_wrapped_over_two_levels_and_misread_still_names_its_measure() -> None:
    # 一般公共预算财政拨款 wrapped in its cell and read with three characters off, under 决算数
    path = ("支出", "决算数", "一般公共理", "耳财政技款")
    assert best_term(path, measures("04"), fuzzy=True).key == "gpb"
    assert best_term(path, measures("04"), fuzzy=False).key == "actual"


def test_a_column_counting_up_row_by_row_is_line_numbers_whatever_its_heading() -> None:
    # 行次 read into the label column's heading; the dashes of empty amounts read with their line numbers
    grid = _grid(
        [
            ["项目行次", "决算数", "决算数"],
            ["一、一般公共预算财政拨款收入", "1", "173.61"],
            ["二、政府性基金预算财政拨款收入", "2 —", ""],
            ["三、国有资本经营预算财政拨款收入", "—", ""],
            ["四、上级补助收入", "4 —", ""],
            ["五、事业收入", "5 —", ""],
            ["六、经营收入", "6", "—"],
            ["七、附属单位上缴收入", "7 —", ""],
            ["八、其他收入", "8 —", ""],
        ]
    )
    columns = classify_columns(grid, "01", header_end(grid, "01"))
    assert [(c.role, c.measure) for c in columns][1:] == [(Role.LINE_NO, None), (Role.AMOUNT, "actual")]


def test_columns_of_parts_after_one_of_classes_are_its_levels_where_ocr_lost_their_headings() -> None:
    assert _codes(["科目编码", "", ""], ["37", "37"])[:3] == [Role.CODE] * 3


def test_rows_whose_total_ocr_lost_do_not_count_against_the_sums() -> None:
    # 合计 read as sit: its column adds up wherever it prints an amount; three totals lost, one misread
    rows = [("173.61", "162.61", "11.00"), ("132.37", "121.37", "11.00"), ("", "15.52", ""), ("", "15.52", "")]
    rows += [("", "8.52", ""), ("8", "6.52", ""), ("17.20", "17.20", ""), ("1.41", "1.41", "")]
    assert _expenditure("sit", rows) == ["total", "basic", "project"]


def test_a_line_number_spread_over_blank_amount_cells_is_no_amount() -> None:
    # the last page of an OCR'd 04: 年末结转和结余's 行次 35 stands in a cell spread over its blank
    # amounts; 总计's label read as letters, its line 36
    rows = [
        ["项目", "行次", "合计", "一般公共预算财政拨款"],
        ["本年支出合计", "34", "1,736,100.00", "1,736,100.00"],
        ["年末结转和结余", "35", "", ""],
        ["elt", "36", "1,736,100.00", "1,736,100.00"],
    ]
    cells = [Cell(r, r + 1, c, c + 1, text) for r, row in enumerate(rows) for c, text in enumerate(row) if r != 2]
    cells += [Cell(2, 3, 0, 1, rows[2][0]), Cell(2, 3, 1, 4, rows[2][1])]
    grid = Grid(
        1,
        [(c * 100.0, c * 100.0 + 100) for c in range(4)],
        [(r * 20.0, r * 20.0 + 20) for r in range(4)],
        cells,
        source="ocr",
    )
    facts = {(f.line_key, f.measure): f.amount for f in read_table("04", grid, unit="元").facts}
    assert not any(line == "exp.closing_balance" for line, _ in facts)
    assert facts[("exp.grand_total", "gpb")] == Decimal("1736100.00")


_INCOME_ROWS = [  # a stacked 04's income half, heading and all
    ["收入项目", "", "决算数"],
    ["一、一般公共预算财政拨款", "", "852.68"],
    ["本年收入合计", "", "852.68"],
]


def test_a_stacked_summary_whose_second_half_prints_its_own_header_reads_each_half_by_its_own() -> None:
    # 收入项目 | 决算数 over the income lines; then 支出项目 | 小计 | 一般公共预算财政拨款 | … over the expenditure
    grid = _grid(
        [
            *_INCOME_ROWS,
            ["总计", "", "852.68"],
            ["支出项目", "小计", "一般公共预算财政拨款"],
            ["一、一般公共服务支出", "821.73", "821.73"],
            ["本年支出合计", "852.68", "852.68"],
            ["总计", "852.68", "852.68"],
        ]
    )
    facts = {(f.line_key, f.measure): f.amount for f in read_table("04", grid).facts}
    assert facts == {
        ("inc.gpb_appropriation", "actual"): Decimal("852.68"),
        ("inc.total", "actual"): Decimal("852.68"),
        ("inc.grand_total", "actual"): Decimal("852.68"),
        ("201", "total"): Decimal("821.73"),
        ("201", "gpb"): Decimal("821.73"),
        ("exp.total", "total"): Decimal("852.68"),
        ("exp.total", "gpb"): Decimal("852.68"),
        ("exp.grand_total", "total"): Decimal("852.68"),
        ("exp.grand_total", "gpb"): Decimal("852.68"),
    }


def test_a_cell_over_two_amount_columns_holding_two_amounts_gives_each_column_its_own() -> None:
    # the scanned rule between 基本支出 and 项目支出 lost in one row: the cell spans both, its amounts run together
    rows = [
        ["科目编码及名称", "合计", "基本支出", "项目支出"],
        ["201 一般公共服务支出", "2106.66"],
        ["20106 财政事务", "2106.66"],
    ]
    cells = [Cell(r, r + 1, c, c + 1, text) for r, row in enumerate(rows) for c, text in enumerate(row)]
    cells += [Cell(1, 2, 2, 4, "1503.52603.14"), Cell(2, 3, 2, 3, "1503.52"), Cell(2, 3, 3, 4, "603.14")]
    grid = Grid(1, [(0, 100), (100, 200), (200, 300), (300, 400)], [(r * 20.0, r * 20.0 + 20) for r in range(3)], cells)
    facts = {(f.line_key, f.measure): f.amount for f in read_table("03", grid).facts}
    assert facts[("201", "basic")] == Decimal("1503.52")
    assert facts[("201", "project")] == Decimal("603.14")


def test_a_code_read_with_no_blank_before_its_name_in_one_cell_keys_its_row() -> None:
    grid = _grid(
        [
            ["科目编码及名称", "本年收入合计", "财政拨款收入"],
            ["201一般公共服务支出", "2112.86", "2106.66"],
            ["2010601行政运行", "1511.90", "1511.89"],
        ]
    )
    assert {f.line_key for f in read_table("02", grid).facts} == {"201", "2010601"}


def test_a_code_whose_levels_were_read_as_one_word_in_a_lower_levels_column_keys_its_row() -> None:
    # 201 37 of 2013704 read as one word 20137, placed in the 款 column, its 类 column blank
    grid = _grid(
        [
            ["类", "款", "项", "科目名称", "本年支出合计"],
            ["201", "", "", "一般公共服务支出", "821.73"],
            ["201", "37", "", "网信事务", "821.73"],
            ["", "20137", "04", "信息安全事务", "23.38"],
            ["201", "37", "50", "事业运行", "798.35"],
        ]
    )
    assert {f.line_key for f in read_table("03", grid).facts} == {"201", "20137", "2013704", "2013750"}


def _nine_as_list(kind: str) -> list:
    """Table 09 printed as a list of 经费 and amounts, with no header over them."""
    grid = _grid(
        [
            ["“三公”经费合计", "0.50"],
            ["因公出国（境）费", "0.20"],
            ["公务接待费", "0.30"],
            ["机关运行经费", "8.98"],
        ]
    )
    return read_table("09", grid, kind=kind).facts


def test_a_budgets_09_listed_under_no_header_holds_its_budget() -> None:
    facts = [(f.line_key, f.measure, f.amount) for f in _nine_as_list("budget")]
    assert facts == [
        ("total", "budget", Decimal("0.50")),
        ("overseas", "budget", Decimal("0.20")),
        ("reception", "budget", Decimal("0.30")),
        ("admin_operation", "budget", Decimal("8.98")),
    ]


def test_a_finals_09_listed_under_no_header_is_not_guessed() -> None:
    # a final's 09 prints 预算数 and 决算数: one column under no header may be either
    with pytest.raises(ExtractionError, match="no column header names a known measure"):
        _nine_as_list("final")


def _one_with_unread_headings(rows: list[list[str]], kind: str = "final") -> list:
    """Table 01 whose letter-spaced headings (项　目, 金　额) OCR read a character at a time."""
    return read_table("01", _grid([["项日", "金", "项8", "全"], *rows]), kind=kind).facts


@pytest.mark.parametrize(("kind", "measure"), [("final", "actual"), ("budget", "budget")])
def test_a_01_with_one_amount_column_a_half_under_no_heading_holds_its_tables_one_measure(
    kind: str, measure: str
) -> None:
    rows = [["一般公共预算财政拨款收入", "852.68", "一般公共服务支出", "821.73"], ["本年收入合计", "852.68", "", ""]]
    facts = {(f.line_key, f.measure, f.amount) for f in _one_with_unread_headings(rows, kind)}
    assert facts == {
        ("inc.gpb_appropriation", measure, Decimal("852.68")),
        ("201", measure, Decimal("821.73")),
        ("inc.total", measure, Decimal("852.68")),
    }


def test_a_half_with_two_amount_columns_under_no_heading_is_not_guessed() -> None:
    rows = [["一般公共预算财政拨款收入", "852.68", "一般公共服务支出", "821.73", "800.00"]]
    with pytest.raises(ExtractionError, match="no column header names a known measure"):
        read_table("01", _grid([["项日", "金", "项8", "全", ""], *rows]))


def test_a_subtotal_beside_its_groups_parts_is_the_group() -> None:
    # unruled, 公务用车购置及运行费 centred over 小计 | 购置费 | 运行费 reached over the parts only
    grid = _grid(
        [
            ["", "", "", "", "公务用车购置及运行费", ""],
            ["合计", "因公出国（境）费", "公务接待费", "小计", "购置费", "运行费"],
            ["1.00", "0.20", "0.30", "0.50", "0.10", "0.40"],
        ]
    )
    columns = classify_columns(grid, "09", header_end(grid, "09"))
    assert [c.line for c in columns] == [
        "total",
        "overseas",
        "reception",
        "vehicle",
        "vehicle_purchase",
        "vehicle_operation",
    ]


def test_a_budgets_09_listed_with_leaders_a_fax_left_as_dashes_holds_its_budget() -> None:
    grid = _grid([["“三公”经费合计", "", "0.50"], ["公务接待费", "—", "0.50"], ["机关运行经费", "", "8.98"]])
    facts = [(f.line_key, f.measure, f.amount) for f in read_table("09", grid, kind="budget").facts]
    assert facts == [
        ("total", "budget", Decimal("0.50")),
        ("reception", "budget", Decimal("0.50")),
        ("admin_operation", "budget", Decimal("8.98")),
    ]


def test_dashes_left_of_a_dashed_rule_in_a_gutter_make_no_amount_column() -> None:
    # a scan kept a few dashes of the dashed rules between rows, in the gutter between 科目编码 and 科目名称
    body = [
        ["201", "", "一般公共服务支出", "20976500.00"],
        ["", "—", "", ""],
        ["20106", "", "财政事务", "20976500.00"],
        ["", "—", "", ""],
        ["2010601", "", "行政运行", "20976500.00"],
    ]
    header = [Cell(0, 1, 0, 3, "功能分类科目"), Cell(0, 1, 3, 4, "本年支出")]
    header += [Cell(1, 2, c, c + 1, text) for c, text in enumerate(["科目编码", "", "科目名称", "合计"])]
    cells = header + [Cell(r + 2, r + 3, c, c + 1, text) for r, row in enumerate(body) for c, text in enumerate(row)]
    grid = Grid(
        1,
        [(0.0, 60.0), (60.0, 70.0), (70.0, 200.0), (200.0, 300.0)],
        [(r * 20.0, r * 20.0 + 20) for r in range(7)],
        cells,
        source="ocr",
    )
    facts = {(f.line_key, f.measure): str(f.amount) for f in read_table("03", grid, unit="元", kind="budget").facts}
    assert facts == {(code, "total"): "20976500.00" for code in ("201", "20106", "2010601")}


def _text_grid(rows: list[list[str | None]], widths: list[float]) -> Grid:
    """An unruled text-layer grid; None continues the cell on its left (a heading spanning columns)."""
    edges = [sum(widths[:c]) for c in range(len(widths) + 1)]
    cells = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text is None:
                continue
            span = next((k for k in range(c + 1, len(row)) if row[k] is not None), len(row))
            cells.append(Cell(r, r + 1, c, span, text))
    heights = [(r * 20.0, r * 20.0 + 20) for r in range(len(rows))]
    return Grid(1, list(pairwise(edges)), heights, cells, ruled=False)


def test_a_blank_column_under_the_labels_heading_is_no_code_column() -> None:
    # the other group's codes parted from their names (an amount set close before them moved the edges):
    # the names' heading spans their column and a blank one, which must not part the names from amounts
    rows = [
        ["人员经费", None, None, "公用经费", None, None, None],
        ["科目编码及名称", "", "金额", "", "科目编码及名称", None, "金额"],
        ["301 工资福利支出", "", "1,398,500.00", "302", "商品和服务支出", "", "67,500.00"],
        ["30101 基本工资", "", "231,400.00", "30201", "办公费", "", "1,100.00"],
    ]
    grid = _text_grid(rows, [180, 78, 128, 26, 124, 87, 90])
    facts = {(f.line_key, f.measure): f.amount for f in read_table("06", grid, unit="元", kind="budget").facts}
    assert facts[("302", "public")] == Decimal("67500.00")
    assert facts[("30201", "public")] == Decimal("1100.00")


def test_own_row_labels_in_a_column_the_column_numbers_row_heads_are_read() -> None:
    # 人员经费合计 set across the code columns lands in the one 栏次 heads: it keys its row, not a 行次
    rows = [
        ["经济分类科目编码", None, "科目名称", "决算数"],
        ["", "栏次", None, "1"],
        ["301", "", "工资福利支出", "1289800.00"],
        ["302", "", "商品和服务支出", "60400.00"],
        ["", "人员经费合计", "", "1289800.00"],
        ["", "公用经费合计", "", "60400.00"],
    ]
    grid = _text_grid(rows, [55, 41, 164, 80])
    facts = {(f.line_key, f.measure): f.amount for f in read_table("06", grid, unit="元").facts}
    assert facts[("personnel_total", "actual")] == Decimal("1289800.00")
    assert facts[("public_total", "actual")] == Decimal("60400.00")


def test_a_column_holding_only_a_stray_mark_keeps_its_heading_measure() -> None:
    # a page number and dashes from a scan's dark foot fell in 上级补助收入's blank column: no row label
    grid = _grid(
        [
            ["科目编码", "科目名称", "本年收入合计", "上级补助收入", "其他收入"],
            ["201", "一般公共服务支出", "6.20", "", "6.20"],
            ["", "", "", "8\n—", ""],
        ]
    )
    columns = classify_columns(grid, "02", header_end(grid, "02"))
    assert [c.role for c in columns][2:] == [Role.AMOUNT] * 3


def test_a_column_of_stray_marks_under_a_label_heading_is_no_half_of_its_own() -> None:
    # a copier's streak between 基本支出 and 项目支出, taken for a rule, cut a column holding only what
    # OCR read of it (B), under the 项目 heading spread over the header: a label column, it began a half
    # whose rows had no labels, and 项目支出 was lost
    rows = [
        ["", "", "", "", "", ""],
        ["科目编码", "科目名称", "本年支出合计", "基本支出", "", "项目支出"],
        ["201", "一般公共服务支出", "2106.66", "1503.52", "B", "603.14"],
        ["20106", "财政事务", "2106.66", "1503.52", "", "603.14"],
    ]
    grid = _grid(rows, spans=((0, 1, 5, "项目"),))
    columns = classify_columns(grid, "03", header_end(grid, "03"))

    assert [(s.label_cols, s.amount_cols) for s in segments(columns)] == [((1,), (2, 3, 5))]


def test_a_row_of_column_numbers_without_its_label_closes_the_header_and_prints_no_amounts() -> None:
    # a fax's empty 09: the 栏次 row's 1 and 2 run together where a rule dropped out, a speck read as 1
    # beside 4; read as amounts, 12.00 stood for the total and 3.00 for the vehicles
    grid = _grid(
        [
            ["合计", "因公出国（境）费", "小计", "购置费", "公务接待费", "合计", "因公出国（境）费", "小计", "运行费"],
            ["1 2", "", "3", "4 1 5", "6", "7", "8", "9", "10"],
        ]
    )
    assert header_end(grid, "09") == 2
    assert read_table("09", grid).facts == []


def test_table_09s_lines_printed_once_per_measure_each_take_their_runs_measure() -> None:
    # 预算数 centred over part of its run (its 小计 and parts only), 决算数 reaching back over the first
    # run's 公务接待费: that column read as an actual, and the run's first two named no measure
    categories = ["合计", "因公出国（境）费", "小计", "公务用车购置费", "公务用车运行维护费", "公务接待费"]
    cells = [Cell(0, 1, 2, 5, "预算数"), Cell(0, 1, 5, 12, "决算数")]
    cells += [Cell(0, 1, c, c + 1, "") for c in (0, 1)]
    cells += [Cell(1, 2, 2, 5, "公务用车购置及运行维护费"), Cell(1, 2, 8, 11, "公务用车购置及运行维护费")]
    cells += [Cell(1, 2, c, c + 1, "") for c in (0, 1, 5, 6, 7, 11)]
    cells += [Cell(2, 3, c, c + 1, text) for c, text in enumerate(categories * 2)]
    cells += [Cell(3, 4, c, c + 1, text) for c, text in enumerate(["9,500.00", "—", "—", "—", "—", "9,500.00"] * 2)]
    grid = Grid(1, [(c * 60.0, c * 60.0 + 60) for c in range(12)], [(r * 20.0, r * 20.0 + 20) for r in range(4)], cells)
    columns = classify_columns(grid, "09", header_end(grid, "09"))
    assert [c.measure for c in columns] == ["budget"] * 6 + ["actual"] * 6
    assert [c.line for c in columns[:6]] == [c.line for c in columns[6:]]


@pytest.mark.parametrize(("first", "line"), [("9,500.00", "total"), ("9,400.00", None)])
def test_table_09s_unnamed_first_column_is_the_total_where_it_is_its_parts_sum(first: str, line: str | None) -> None:
    # a fax's 合计 read as 含!: the column before every part of the total, and printing their sum, is it
    grid = _grid(
        [
            ["预算数"] * 6,
            ["含!", "因公出国（境）费", "公务接待费"] + ["公务用车购置及运行费"] * 3,
            ["含!", "因公出国（境）费", "公务接待费", "小计", "购置费", "运行费"],
            [first, "", "9,500.00", "", "", ""],
        ]
    )
    columns = classify_columns(grid, "09", header_end(grid, "09"))
    assert (columns[0].line, columns[0].measure) == (line, "budget" if line else columns[0].measure)
    assert [c.line for c in columns[1:]] == [
        "overseas",
        "reception",
        "vehicle",
        "vehicle_purchase",
        "vehicle_operation",
    ]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("[2010601]行政运行", ("2010601", "行政运行")),
        ("[ 201]—般公共服务支出", ("201", "—般公共服务支出")),  # OCR set a blank inside the brackets
        ("201,般公共服务支出", ("201", "般公共服务支出")),  # a speck read as a comma where 一 was
        ("201,234.00", None),  # an amount
        ("201.5", None),
        ("类 201 一般公共服务支出", ("201", "一般公共服务支出")),  # the code's level before it
        ("　　项 2013750 事业运行", ("2013750", "事业运行")),
        ("项目支出", None),
    ],
)
def test_a_code_printed_before_its_name_in_one_cell_is_parted_from_it(text: str, parts: tuple[str, str] | None) -> None:
    assert leading_code(text) == parts


def test_a_total_read_as_latin_letters_takes_no_sub_line_above_it_as_its_start() -> None:
    # 总计 read as Sit under 国有资本经营预算财政拨款, which printed no amount: joined as a label
    # wrapped over two rows, the two named that sub-line, and the total was lost
    grid = _grid(
        [
            *_INCOME_ROWS,
            ["年初财政拨款结转和结余", "", ""],
            ["国有资本经营预算财政拨款", "", ""],
            ["Sit", "", "852.68"],
        ]
    )
    facts = {(f.line_key, f.measure): f.amount for f in read_table("04", grid).facts}
    assert ("inc.opening_balance.soe", "actual") not in facts


def test_a_column_numbers_row_with_a_stub_read_as_a_letter_closes_the_header() -> None:
    # an empty 09 faxed, as its grid was read: a rule's stub under 11 ! 12 read as i, and the row of
    # column numbers was taken for amounts (12.00 for 总计 and 因公出国（境）费, 3.00, 6.00)
    texts = {
        (0, 0, 5): "预算数",
        (1, 2, 4): "公务用车购置及运行维护费",
        (2, 0, 1): "合计",
        (2, 1, 2): "因公出国 (境)\n费",
        (2, 2, 3): "小计",
        (2, 3, 4): "公务用车购置公务用车运行\n!\n费 维护费",
        (2, 4, 5): "公务接待费",
        (2, 5, 10): "合计\n费",
        (3, 0, 2): "1 2",
        (3, 2, 3): "3",
        (3, 3, 4): "4 1 5",
        (3, 4, 5): "6",
        **{(3, c, c + 1): str(c + 2) for c in range(5, 9)},
        (3, 9, 10): "11 ! 12\ni",
        (4, 3, 4): "!",
        (4, 9, 10): "!",
    }
    cells = [Cell(r, r + 1, c0, c1, text) for (r, c0, c1), text in texts.items()]
    grid = Grid(1, [(c * 60.0, c * 60.0 + 60) for c in range(10)], [(r * 20.0, r * 20.0 + 20) for r in range(5)], cells)
    grid.source = "ocr"
    assert read_table("09", grid).facts == []


def test_a_stacked_04s_total_heading_ocr_misread_under_the_measure_across_is_the_total() -> None:
    # 决算数 across the unruled header, 小计 read as 小: the income lines above print that column alone
    # (no sum to check), the expenditure lines below are its parts' sum; across names what is left
    heading = ["项目", "行次", "小", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]
    body = [["一、一般公共预算财政拨款", "1", "852.68"], ["本年收入合计", "4", "852.68"], ["总计", "8", "852.68"]]
    body += [[label, str(n), amount, amount] for n, (label, amount) in enumerate(CLASSES_04, 9)]
    rows = [heading, *([*row, *[""] * (6 - len(row))] for row in body)]
    cells = [Cell(0, 1, 0, 6, "决算数")]
    cells += [Cell(r, r + 1, c, c + 1, text) for r, row in enumerate(rows, 1) for c, text in enumerate(row)]
    xs, ys = [(c * 100.0, c * 100.0 + 100) for c in range(6)], [(r * 20.0, r * 20.0 + 20) for r in range(len(rows) + 1)]
    grid = Grid(1, xs, ys, cells, ruled=False, source="ocr")
    columns = classify_columns(grid, "04", header_end(grid, "04"))
    assert [c.measure for c in columns][2:] == ["total", "gpb", "gf", "soe"]


def test_a_heading_over_no_amounts_leaves_its_measure_to_the_unheaded_column_its_sums_name() -> None:
    # a 05 continued onto a page for two rows, unruled: their amounts, set right, stood apart from 小计
    # centred over them, each a column of its own; the total was lost
    grid = _grid(
        [
            ["科目编码", "科目名称", "小计", "", "基本支出", "项目支出"],
            ["2210201", "住房公积金", "", "10.49", "10.49", ""],
            ["2210202", "提租补贴", "", "2.18", "1.18", "1.00"],
        ]
    )
    facts = {(f.line_key, f.measure): str(f.amount) for f in read_table("05", grid).facts}
    assert facts[("2210201", "total")] == "10.49" and facts[("2210202", "total")] == "2.18"


def test_a_measure_heading_across_a_ruled_tables_columns_names_each() -> None:
    # a wide 09 printed as Excel splits a sheet: 预算数 over its six columns on one page, 决算数 over them
    # again on the next; the row across was taken for the table's own heading, and 0.95 had no measure
    heading = ["合计", "因公出国（境）费", "小计", "公务用车购置费", "公务用车运行维护费", "公务接待费"]
    cells = [Cell(0, 1, 0, 6, "预算数")]
    cells += [
        Cell(r, r + 1, c, c + 1, t)
        for r, row in enumerate([heading, ["0.95", "", "", "", "", "0.95"]], 1)
        for c, t in enumerate(row)
    ]
    xs, ys = [(c * 100.0, c * 100.0 + 100) for c in range(6)], [(r * 20.0, r * 20.0 + 20) for r in range(3)]
    facts = {(f.line_key, f.measure): str(f.amount) for f in read_table("09", Grid(1, xs, ys, cells)).facts}
    assert facts == {("total", "budget"): "0.95", ("reception", "budget"): "0.95"}


CLASSES_04 = [("一般公共服务支出", "821.73"), ("社会保障和就业支出", "10.68"), ("卫生健康支出", "7.60")]
CLASSES_04 += [("住房保障支出", "12.67")]


@pytest.mark.parametrize("kind", ["final", "budget"])
def test_a_06_half_whose_measure_ocr_misread_holds_what_its_kind_prints(kind: str) -> None:
    # 决算数 read as 夹算效 under 人员经费: a final prints 决算数 alone there; a budget's 人员经费 is its own
    rows = [
        ["编码", "科目名称", "夹算效", "编码", "科目名称", "决算数"],
        ["301", "工资福利支出", "208.50", "302", "商品和服务支出", "17.11"],
        ["30101", "基本工资", "208.50", "30201", "办公费", "17.11"],
    ]
    cells = [Cell(0, 1, 0, 3, "人员经费"), Cell(0, 1, 3, 6, "公用经费")]
    cells += [Cell(r, r + 1, c, c + 1, text) for r, row in enumerate(rows, 1) for c, text in enumerate(row)]
    xs, ys = [(c * 100.0, c * 100.0 + 100) for c in range(6)], [(r * 20.0, r * 20.0 + 20) for r in range(4)]
    facts = read_table("06", Grid(1, xs, ys, cells, source="ocr"), kind=kind).facts
    personnel, public = ("actual", "actual") if kind == "final" else ("personnel", "public")
    read = {(f.line_key, f.measure) for f in facts}
    assert read == {("301", personnel), ("30101", personnel), ("302", public), ("30201", public)}


def test_a_code_level_whose_heading_ocr_garbled_under_a_measures_group_heading_prints_no_amounts() -> None:
    # a book's spine curl: 经济分类科目编码 over 类 | 款 read as 经活类私编类 | 分目马款 under 人员经费,
    # which names the final's measure: the 款 column (01, 02) was taken for amounts, 301 = 1.00
    rows = [
        ["经活类私编类", "分目马款", "科目名称", "决算数", "类", "款", "科目名称", "决算数"],
        ["301", "", "工资福利支出", "2082.85", "302", "", "商品和服务支出", "171.07"],
        ["301", "01", "基本工资", "262.33", "302", "01", "办公费", "21.21"],
        ["301", "02", "津贴补贴", "1238.58", "302", "02", "印刷费", "7.61"],
    ]
    cells = [Cell(0, 1, 0, 4, "人员经费"), Cell(0, 1, 4, 8, "公用经费")]
    cells += [Cell(r, r + 1, c, c + 1, text) for r, row in enumerate(rows, 1) for c, text in enumerate(row)]
    xs, ys = [(c * 100.0, c * 100.0 + 100) for c in range(8)], [(r * 20.0, r * 20.0 + 20) for r in range(5)]
    facts = read_table("06", Grid(1, xs, ys, cells, source="ocr")).facts
    assert {(f.line_key, f.amount) for f in facts if f.line_key.startswith("301")} == {
        ("301", Decimal("2082.85")),
        ("30101", Decimal("262.33")),
        ("30102", Decimal("1238.58")),
    }


@pytest.mark.parametrize(
    ("codes", "read"),
    [
        # all three parts of some: every marked code there is a code, 201.37 too
        (["201", "201.37", "201.37.50", "208", "208.05", "208.05.05"], ["201", "20137", "2013750", "208", "20805"]),
        (["301", "301.01", "301.02", "302", "302.01"], ["301", "30101", "30102", "302", "30201"]),  # under 301, 302
        (["201-37-50", "201-37-99"], ["2013750", "2013799"]),
    ],
)
def test_codes_printed_with_marks_between_their_parts_key_their_rows(codes: list[str], read: list[str]) -> None:
    # 201.37.50 in the code column: a code no row key took, and 208.05 an amount's shape
    table, heading = ("02", "本年收入合计") if codes[0].startswith("2") else ("06", "决算数")
    rows = [["科目编码", "科目名称", heading], *[[code, f"科目{i}", f"{i + 1}.00"] for i, code in enumerate(codes)]]
    facts = read_table(table, _grid(rows)).facts
    assert [f.line_key for f in facts][: len(read)] == read


def test_amounts_of_an_amounts_shape_stay_amounts_where_no_code_stands_above_them() -> None:
    # 128.98 and 208.05 under no class printed bare, and no code of three parts beside them: amounts
    grid = _grid([["科目编码", "决算数"], ["201", "128.98"], ["20137", "208.05"]])
    assert [c.text for c in marked_codes_joined(grid).cells] == [c.text for c in grid.cells]
