"""A line is a table's title, or a sentence that mentions one."""

from __future__ import annotations

import math

import pytest

from pipeline.glyph import Glyph
from pipeline.locate import UNREAD_KIND, locate_tables, match_title
from pipeline.pdf import Page
from pipeline.text import edit_distance


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("长沙市松岭区机关事务服务中心（本级） 2024年度收入支出决算总表", ("01", "final")),
        ("表1 收入支出决算总表", ("01", "final")),
        ("四、财政拨款收入支出决算总表", ("04", "final")),
        ("2024年度部门收支预算总表（表1）", ("01", "budget")),
        # a budget's titles with 预算 before their 表, as often as without
        ("一般公共预算支出预算表", ("05", "budget")),
        ("公开06表 一般公共预算基本支出预算表", ("06", "budget")),
        ("政府性基金预算支出预算表", ("07", "budget")),
        ("国有资本经营预算支出预算表", ("08", "budget")),
        ("部门收入预算总表", ("02", "budget")),
        ("二、2022年收入预算表（金额单位：元）", ("02", "budget")),
        ("附表3 支出预算表", ("03", "budget")),
        ("财政拨款“三公”经费支出预算表", ("09", "budget")),
        ("其中：项目支出预算表", None),  # a table of one part's spending, not table 03
        # printed again over a continued page
        ("四、部门财政拨款收支预算总表（续）", ("04", "budget")),
        ("收入决算表（续表）", ("02", "final")),
        # its money unit after it, in brackets or on the same line
        ("收入支出决算总表（金额单位：元）", ("01", "final")),
        ("收入决算表（表2）（单位：万元）", ("02", "final")),
        ("收入决算表 单位：万元", ("02", "final")),
        # its year after it
        ("收入决算表（2022年度）", ("02", "final")),
        ("支出预算表（2024年）", ("03", "budget")),
        # a sentence pointing at a table, its opening bracket and what came before lost to a line break
        ("详见表 1 收入支出决算总表）", None),
        ("（参见附表收入支出决算总表）", None),
        ("收入支出决算总表显示，本年收入合计852.68万元。", None),
    ],
)
@pytest.mark.parametrize("ocr", [False, True])
def test_title_or_mention(line: str, title: tuple[str, str] | None, ocr: bool) -> None:
    assert match_title(line, ocr) == title


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("般公共预算财政拨款支出决算表（表5）", ("05", "final")),  # its 一 lost: 05's title, not 03's 支出决算表
        ("一般公共预算财政拨款支出决算表", ("05", "final")),  # read whole: not 06's, two characters longer
        ("一般公共预算财政拨款基本支出决算表", ("06", "final")),
        ("政拨款收入支出决算总表", ("04", "final")),  # 财 lost: 04's, not 01's 收入支出决算总表
        ("收人决算表", ("02", "final")),  # 入 read as 人
        ("一般公共预算财政拨款基本支出决算表（单位：万元）—", ("06", "final")),  # a speck read after it
        ("2024年收入决算表 1", ("02", "final")),  # a speck read as 1: the title's 表, not a numbering 表1
        ("。 收入支出决算总表", ("01", "final")),  # a speck before it read as a full stop: no sentence
        ("2022年度一般公共预算财政拨款支出决算表 T", ("05", "final")),  # a page's edge beside it read as a letter
        ("收入支出决算总表 ，", ("01", "final")),
        ("收入支出决算总表。", None),  # a full stop the line's own: a sentence naming the table
        ("二、2024年部门收，入总表（单位：万元）—", ("02", "budget")),  # a speck within it read as a comma
        ("一般公共预算财政拨款支出决，算表", ("05", "final")),
        ("本部门收入总表，支出总表", None),  # a sentence naming two tables: its comma parts whole titles
        ("部门收入总表，反映本部门收入情况", None),
        ("2022年度收支决算总表（表1）", None),  # a final account's title is no budget's 收支预算总表
        ("2022年度财政拨款收入支出决真总表", ("04", "final")),  # 算 read as 真: no budget's, still a final's
        ("2023年度一般公共预算财政拨款支出预算表", ("03", "budget")),  # one character off 05's, but a budget's
        ("附件1：部门整体绩效自评表", None),
        ("2024年支出次算表", ("03", UNREAD_KIND)),  # 决 read as 次: 03 of a final account's or a budget's
    ],
)
def test_an_ocr_read_title_a_character_off_names_its_table(line: str, title: tuple[str, str] | None) -> None:
    assert match_title(line, ocr=True) == title


def _page(number: int, lines: list[str]) -> Page:
    """A text page printing these lines, 20 pt apart, each character 10 pt wide."""
    glyphs = [
        Glyph(ch, 50 + 10 * i, 60 + 20 * row, 60 + 10 * i, 70 + 20 * row)
        for row, text in enumerate(lines)
        for i, ch in enumerate(text)
        if ch != " "
    ]
    page = Page(number, 595, 842, "\n".join(lines), scanned=False, has_images=False, handle=None)
    page.__dict__["glyphs"] = glyphs
    return page


ROWS = ["科目编码 科目名称 合计", "201 一般公共服务支出 829.21", "20137 网信事务 829.21"]


@pytest.mark.parametrize("mark", ["（续表）", "续表5"])
def test_a_title_printed_again_over_a_continued_page_marked_so_continues_its_table(mark: str) -> None:
    pages = [_page(1, ["一般公共预算支出预算表", *ROWS]), _page(2, ["一般公共预算支出预算表", mark, *ROWS])]
    [table] = locate_tables(pages)
    assert (table.table_code, table.pages) == ("05", [1, 2])
    assert table.regions[1].top == 90  # its rows begin under the mark, no row of the table


def test_a_title_printed_again_unmarked_is_a_table_of_its_own() -> None:
    # a title quoted on a page of its own, then printed over its table: the reading with amounts is kept
    pages = [_page(1, ["一般公共预算支出预算表", *ROWS]), _page(2, ["一般公共预算支出预算表", *ROWS])]
    assert [(t.table_code, t.pages) for t in locate_tables(pages)] == [("05", [1]), ("05", [2])]


def test_a_title_whose_kind_was_misread_takes_the_kind_of_the_others() -> None:
    # 支出次算表 is 03 of a budget (支出预算表) as much as of a final account (支出决算表): ambiguous, it was
    # no title, and a blue duplicator's 03 went missing
    pages = [_page(1, ["2024年收入决算表", *ROWS]), _page(2, ["2024年支出次算表", *ROWS])]
    for page in pages:
        page.scanned = True  # its lines OCR's
    assert [(t.table_code, t.report_kind) for t in locate_tables(pages)] == [("02", "final"), ("03", "final")]


def test_a_page_holding_one_row_of_blank_amounts_continues_its_table() -> None:
    # a spreadsheet's page break left one row of 04 alone on a page, then the table goes on
    rows = ["项目 合计 一般公共预算财政拨款", "十四、资源勘探工业信息等支出 — —"]
    pages = [_page(1, ["财政拨款收入支出决算总表", *rows]), _page(2, ["十五、商业服务业等支出 — —", "- 2 -"])]
    pages.append(_page(3, ["十六、金融支出 — —", "十九、住房保障支出 445.69 445.69"]))
    [table] = locate_tables(pages)
    assert table.pages == [1, 2, 3]


def test_a_page_of_codes_printed_in_brackets_before_their_names_continues_its_table() -> None:
    rows = ["[30310]个人农业生产补贴 [30231]公务用车运行维护费", "[30311]代缴社会保险费 [30239]其他交通费用"]
    pages = [_page(1, ["一般公共预算财政拨款基本支出决算表", "[301]工资福利支出 128.98"]), _page(2, rows)]
    [table] = locate_tables(pages)
    assert table.pages == [1, 2]


def test_a_fax_header_line_above_the_next_title_is_no_row_of_the_table_before() -> None:
    # every faxed page opens with the date, the sender's number and the page; OCR reads 13:30 as 13.30
    pages = [_page(1, ["一般公共预算支出预算表", *ROWS])]
    pages.append(_page(2, ["2024-08-04 13.30 FROM:+86 27 3997 9757 P.006/022", "一般公共预算基本支出预算表", *ROWS]))
    assert [(t.table_code, t.pages) for t in locate_tables(pages)] == [("05", [1]), ("06", [2])]


@pytest.mark.parametrize(
    ("heading", "unit"),
    [
        ("（单位：元）", None),  # the money unit in a bracket: the bracket closes round it, no unit 元）
        ("编制单位：大数据中心（本级） 单位：万元", "大数据中心（本级）"),
        ("(单位:万元) 编制部门:财政局", "财政局"),
    ],
)
def test_the_heading_names_a_unit_without_the_bracket_round_its_field(heading: str, unit: str | None) -> None:
    [table] = locate_tables([_page(1, ["一般公共预算支出预算表", heading, *ROWS])])
    assert table.heading_unit_name == unit


def test_tables_set_side_by_side_each_take_their_part_of_the_width() -> None:
    # 07 beside 08 on a landscape page, their titles on one line: read as one title, one table was lost
    gap = " " * 6
    lines = [f"2022年度收入决算表{gap}2022年度支出决算表", f"项目 决算数{gap}{' ' * 5}项目 决算数", *ROWS]
    left, right = locate_tables([_page(1, lines)])
    assert (left.table_code, right.table_code) == ("02", "03")
    [a], [b] = left.regions, right.regions
    assert (a.top, a.bottom) == (b.top, b.bottom)
    assert a.left == 0 and a.right == b.left and b.right == math.inf
    assert 50 + 10 * len("2022年度收入决算表") < a.right < 50 + 10 * len(f"2022年度收入决算表{gap}")


def test_a_title_with_its_unit_set_far_right_on_its_line_takes_the_whole_width() -> None:
    [table] = locate_tables([_page(1, [f"2022年度收入决算表{' ' * 12}单位：万元", *ROWS])])
    [region] = table.regions
    assert (region.left, region.right, table.amount_unit) == (0, math.inf, "万元")


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("收入支出决算总表", "收入支出决算总表", 0),
        ("收入支出决算总表", "收入支出决真总表", 1),
        ("支出决算表", "收支决算表", 2),
        ("收入支出决算总表", "财政拨款收入支出决算总表", 4),
        ("", "一般", 2),
    ],
)
def test_a_bounded_edit_distance_is_exact_up_to_its_bound_and_one_past_it_beyond(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b) == distance
    for bound in range(4):
        assert edit_distance(a, b, bound) == min(distance, bound + 1)
