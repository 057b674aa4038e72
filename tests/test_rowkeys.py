"""OCR'd row labels name the line or class they are a misread of, when only one is that near; an
unreadable 款 of a 项 row is the 款 the rows above it are in; an unreadable economic code is found
by its subject's name."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from pipeline.facts import TableReading, keyed_by_name, rekeyed_lone_codes
from pipeline.grids import Cell, Grid
from pipeline.model import Fact, Subject, Unreadable
from pipeline.repair import repair
from pipeline.rowkeys import RowContext, _line_key, _total
from pipeline.unruled import words_grid
from pipeline.words import Box
from tests.reading import read_table


@pytest.mark.parametrize(
    ("label", "table_code", "key"),
    [
        ("年初结转和结全", "01", "inc.opening_balance"),  # a character off
        ("九、卫生键康支出", "04", "210"),  # a function class of 01/04, a character off
        ("八、社会保和就业支出", "01", "208"),  # … or a character lost
        ("一一般公共预算财政援款收入", "01", "inc.gpb_appropriation"),  # 、 read as 一, and a character off
        ("十九住房保障支出", "01", "221"),  # numbering whose 、 was lost
        ("公共服务支出", "01", "201"),  # 一、一般 lost: the label's head with its numbering
        ("结转和结余", "01", None),  # the tail of 年初结转和结余 and of 年末结转和结余 alike: neither
        ("—一般公共预算财政拔款", "04", "inc.gpb_appropriation"),  # … its 一 read as a dash, a character off
        ("一、一般公共预算财致搜款收入", "01", "inc.gpb_appropriation"),  # a long label, two characters off
        ("政般公基金预算财政拨款收入", "01", None),  # nearly as near 一般公共… as 政府性基金…: neither
        ("卫生键康支出", "02", None),  # tables keyed by codes name no class by its label
        ("公务接待费用", "01", None),  # near nothing of the table
        ("怕计", "04", "inc.grand_total"),  # a short label a character off the one label that near (总计)
        ("其他收人", "01", "inc.other"),  # 入 read as 人
        ("合计", "04", None),  # a word the tables print is no misread of 总计
        ("经业收入", "01", None),  # as near 经营收入 as 事业收入: neither
        ("人·其他收人", "01", "inc.other"),  # numbering read as something else (八 as 人), then a character off
        ("一、一般公共预算财政拨款收>", "01", "inc.gpb_appropriation"),  # 入 read as >: a character off both its labels
        # 一、 read as — and a speck after: a character off 一般公共预算财政拨款, which also names a line under 年初…
        ("—一般公共预算财政拨款+", "04", "inc.gpb_appropriation"),
    ],
)
def test_ocr_label_names_its_line(label: str, table_code: str, key: str | None) -> None:
    assert _line_key(label, table_code, RowContext(), "", fuzzy=True) == key


@pytest.mark.parametrize(
    ("label", "table_code", "key"),
    [
        ("三、卫生健康支", "04", "210"),  # a class's label clipped to its cell: 出 cut off
        ("一、一般公共服务支", "01", "201"),
        ("一般公共预算财政拨款收", "01", "inc.gpb_appropriation"),  # a line's, 入 cut off
        ("卫生键康支出", "04", None),  # a text layer misreads nothing: a character changed is no clipping
        ("二、政府性", "04", None),  # the start of 政府性基金预算财政拨款 by more than TAIL_LOST characters
        ("一般公共预算财政拨", "01", None),  # … of 一般公共预算财政拨款 and of 一般公共预算财政拨款收入 alike
    ],
)
def test_text_label_clipped_to_its_cell_names_its_line(label: str, table_code: str, key: str | None) -> None:
    assert _line_key(label, table_code, RowContext(), "") == key


@pytest.mark.parametrize(
    ("label", "ocr", "total"),
    [
        ("合让", True, True),  # 计 read as 让: the one codeless row of a function table is its 合计
        ("台计", True, True),  # a character from 合计 and from 总计 alike: a total either way
        ("小计", True, False),  # a word the tables print (a column's heading) is no misread
        ("计", True, True),  # 合 lost to a rule the scan carried through the merged cell
        ("计", False, False),
        ("合让", False, False),  # a text layer misreads nothing
    ],
)
def test_a_function_tables_total_read_a_character_off_is_its_total(label: str, ocr: bool, total: bool) -> None:
    assert _total(label, ocr) == total


@pytest.mark.parametrize(("side", "key"), [("inc", "inc.opening_balance"), ("exp", "exp.closing_balance"), ("", None)])
def test_a_label_as_near_two_lines_is_the_one_of_its_half(side: str, key: str | None) -> None:
    # 年切结转和结余: one character from 年初结转和结余 (income) and from 年末结转和结余 (expenditure) alike
    assert _line_key("年切结转和结余", "01", RowContext(), side, fuzzy=True) == key


@pytest.mark.parametrize(
    ("label", "side", "key"),
    [
        ("年初结种和建余", "inc", "inc.opening_balance"),  # two characters off, in the income half
        ("年初结种和建余", "", None),  # … as near 年末结转和结余 as that: the half decides
        ("年本结待和结索", "exp", None),  # three off: more than a third
    ],
)
def test_a_label_a_third_misread_is_the_one_of_its_half_that_near(label: str, side: str, key: str | None) -> None:
    assert _line_key(label, "01", RowContext(), side, fuzzy=True) == key


@pytest.mark.parametrize("fuzzy", [True, False])
def test_a_line_number_in_the_labels_cell_is_no_part_of_the_label(fuzzy: bool) -> None:
    # 项目 and 行次 set too close to be parted: 本年收入合计 27 in one cell
    assert _line_key("本年收入合计 27", "04", RowContext(), "", fuzzy=fuzzy) == "inc.total"
    assert _line_key("总计32", "04", RowContext(), "inc", fuzzy=fuzzy) == "inc.grand_total"


def test_text_layer_labels_are_matched_exactly() -> None:
    assert _line_key("九、卫生键康支出", "04", RowContext(), "", fuzzy=False) is None


def _ocr_reading(table_code: str, lines: list[tuple[float, list[tuple[str, float, float]]]]) -> TableReading:
    words = [Box(text, x0, top, x1, top + 7) for top, line in lines for text, x0, x1 in line]
    grid = words_grid(1, words, "ocr", table_code)
    assert grid is not None
    return read_table(table_code, grid)


def _ocr_facts(table_code: str, lines: list[tuple[float, list[tuple[str, float, float]]]]) -> dict:
    return {(f.line_key, f.measure): f.amount for f in _ocr_reading(table_code, lines).facts}


@pytest.mark.parametrize("kuan_class", ["210", "230"])  # the 款 row's 类 read right, or a digit off
def test_a_misread_kuan_of_a_xiang_row_is_the_kuan_above(kuan_class: str) -> None:
    header = [
        (165, [("功能分类科目编码", 55, 120), ("科目名称", 160, 190), ("合计", 360, 375), ("基本支出", 436, 466)]),
        (180, [("类", 59, 66), ("款", 87, 94), ("项", 112, 119)]),
    ]
    body = [
        (298, [("210", 56, 68), ("卫生健康支出", 132, 180), ("7.60", 365, 380), ("7.60", 446, 461)]),
        (
            316,
            [
                (kuan_class, 56, 68),
                ("11", 87, 95),
                ("行政事业单位医疗", 140, 200),
                ("7.60", 365, 380),
                ("7.60", 447, 461),
            ],
        ),
        (335, [("210", 56, 68), ("日", 87, 95), ("02", 110, 118), ("事业单位医疗", 148, 196), ("7.60", 365, 380)]),
    ]
    facts = _ocr_facts("05", header + body)
    assert facts[("2101102", "total")] == Decimal("7.60")
    assert ("21011", "total") in facts and len(facts) == 5


def test_where_only_xiang_rows_are_printed_a_class_a_digit_on_is_a_new_class() -> None:
    header = [
        (165, [("功能分类科目编码", 55, 120), ("科目名称", 160, 190), ("合计", 360, 375), ("基本支出", 436, 466)]),
        (180, [("类", 59, 66), ("款", 87, 94), ("项", 112, 119)]),
    ]
    body = [
        (298, [("207", 56, 68), ("01", 87, 95), ("01", 110, 118), ("行政运行", 148, 196), ("2.00", 365, 380)]),
        (316, [("208", 56, 68), ("05", 87, 95), ("05", 110, 118), ("机关事业单位养老", 148, 230), ("7.60", 365, 380)]),
    ]
    assert set(_ocr_facts("05", header + body)) == {("2070101", "total"), ("2080505", "total")}


def test_a_class_read_as_no_class_is_not_taken_up_by_the_rows_under_it() -> None:
    header = [
        (165, [("功能分类科目编码", 55, 120), ("科目名称", 160, 190), ("合计", 360, 375), ("基本支出", 436, 466)]),
        (180, [("类", 59, 66), ("款", 87, 94), ("项", 112, 119)]),
    ]
    body = [
        (298, [("291", 56, 68), ("一般公共限务支出", 132, 200), ("132.37", 365, 390)]),  # 201 misread: no class
        (316, [("201", 56, 68), ("37", 87, 95), ("网信事务", 140, 180), ("132.37", 365, 390)]),
        (335, [("201", 56, 68), ("37", 87, 95), ("50", 110, 118), ("事业运行", 148, 190), ("132.37", 365, 390)]),
    ]
    reading = _ocr_reading("05", header + body)
    assert {f.line_key for f in reading.facts} == {"20137", "2013750"}
    assert {f.line_key for f in reading.unsure} == {"291"}


_ECONOMIC_HEADER = [
    (108, [("经济分类科目编码", 63, 130), ("科目名称", 160, 190), ("决算数", 300, 325)]),
    (124, [("类", 66, 73), ("款", 96, 103)]),
]


def test_an_unreadable_economic_code_is_found_by_its_subjects_name() -> None:
    body = [
        (140, [("301", 60, 73), ("工资福利支出", 150, 200), ("127.86", 300, 325)]),
        (156, [("07", 96, 104), ("绩效工资", 153, 185), ("20.12", 302, 325)]),
        (172, [("GS", 96, 104), ("机关事业单位基本养老保险缴费", 153, 265), ("10.68", 302, 325)]),
        (188, [("GS", 96, 104), ("差旅费", 153, 177), ("1.00", 306, 325)]),  # 30211, but not under 301
    ]
    facts = _ocr_facts("06", _ECONOMIC_HEADER + body)
    assert facts[("30108", "actual")] == Decimal("10.68")
    assert [key for key, _ in facts] == ["301", "30107", "30108"]


def test_an_economic_code_bracketed_before_its_name_and_read_short_is_its_subjects_names() -> None:
    # [30211]差旅费 with a 1 lost ([3021]): no code, and the brackets kept its name from being looked up
    header = [(108, [("科目编码及名称", 63, 130), ("决算数", 300, 325)])]
    body = [
        (140, [("[302]商品和服务支出", 60, 150), ("6.04", 306, 325)]),
        (156, [("[30201]办公费", 60, 120), ("0.11", 306, 325)]),
        (172, [("[3021]差旅费", 60, 120), ("0.03", 306, 325)]),
    ]
    assert [k for k, _ in _ocr_facts("06", header + body)] == ["302", "30201", "30211"]


@pytest.mark.parametrize("kuan", ["62", "03"])  # 30162 is no subject, 30103 is 奖金's
def test_an_economic_code_a_digit_off_its_subjects_name_is_the_names(kuan: str) -> None:
    body = [
        (140, [("301", 60, 73), ("工资福利支出", 150, 200), ("127.86", 300, 325)]),
        (156, [(kuan, 96, 104), ("津贴补贴", 153, 185), ("10.88", 302, 325)]),
        (172, [("13", 96, 104), ("绩效工资", 153, 185), ("1.00", 306, 325)]),  # 30107: two digits off, kept
    ]
    assert [k for k, _ in _ocr_facts("06", _ECONOMIC_HEADER + body)] == ["301", "30102", "30113"]


def test_an_economic_code_read_with_digits_lost_is_its_subjects_names() -> None:
    # each row prints its class; the scan lost one row's 款, and the 30 of another's class
    body = [
        (140, [("301", 60, 73), ("工资福利支出", 150, 200), ("127.86", 300, 325)]),
        (156, [("301", 60, 73), ("08", 96, 104), ("机关事业单位基本养老保险缴费", 153, 265), ("20.12", 302, 325)]),
        (172, [("301", 60, 73), ("职业年金缴费", 153, 200), ("10.06", 302, 325)]),
        (188, [("301", 60, 73), ("10", 96, 104), ("职工基本医疗保险缴费", 153, 240), ("1.00", 306, 325)]),
        (204, [("302", 60, 73), ("商品和服务支出", 150, 210), ("2.00", 306, 325)]),
        (220, [("2", 60, 73), ("01", 96, 104), ("办公费", 153, 177), ("2.00", 306, 325)]),  # 30201, its 30 lost
    ]
    facts = _ocr_facts("06", _ECONOMIC_HEADER + body)
    assert [k for k, _ in facts] == ["301", "30108", "30109", "30110", "302", "30201"]
    assert facts[("301", "actual")] == Decimal("127.86")


def test_an_economic_class_part_a_digit_lost_or_off_is_the_class_above() -> None:
    body = [
        (140, [("302", 60, 73), ("商品和服务支出", 150, 210), ("6.00", 306, 325)]),
        (156, [("302", 60, 73), ("26", 96, 104), ("劳务费", 153, 177), ("1.00", 306, 325)]),
        (172, [("02", 62, 71), ("27", 96, 104), ("托业务费", 153, 190), ("3.00", 306, 325)]),  # 3 lost, 委 too
        (188, [("32", 62, 71), ("28", 96, 104), ("工会绿费", 153, 185), ("2.00", 306, 325)]),  # 0 lost, 经 misread
        (204, [("303", 60, 73), ("对个人和家庭的补助", 150, 230), ("0.00", 306, 325)]),  # a class of its own
    ]
    assert [k for k, _ in _ocr_facts("06", _ECONOMIC_HEADER + body)] == ["302", "30226", "30227", "30228", "303"]


def test_an_economic_code_read_as_no_code_or_named_a_character_off_is_its_subjects() -> None:
    body = [
        (140, [("301", 60, 73), ("工资福利支出", 150, 200), ("127.86", 300, 325)]),
        (156, [("301", 60, 73), ("境效工资", 153, 185), ("71.02", 302, 325)]),  # 30107, 绩 misread, 款 lost
        (172, [("301", 60, 73), ("13", 96, 104), ("住房公积会", 153, 190), ("15.79", 302, 325)]),  # in place
        (188, [("302", 60, 73), ("商品和服务支出", 150, 210), ("2.00", 306, 325)]),
        (204, [("383", 60, 73), ("07", 96, 104), ("邮电费", 153, 177), ("0.68", 306, 325)]),  # 30207: 383 no class
        (220, [("302", 60, 73), ("05", 96, 104), ("水费", 153, 177), ("0.10", 306, 325)]),  # itself, near 电费
    ]
    facts = _ocr_facts("06", _ECONOMIC_HEADER + body)
    assert [k for k, _ in facts] == ["301", "30107", "30113", "302", "30207", "30205"]


_LEVELLED_HEADER = [
    (165, [("功能分类科目编码", 55, 120), ("科目名称", 160, 190), ("合计", 360, 375), ("基本支出", 436, 466)]),
    (180, [("类", 59, 66), ("款", 87, 94), ("项", 112, 119)]),
]


@pytest.mark.parametrize("read_as", ["口", "1"])  # no part: a character, or a digit lost
def test_an_unreadable_kuan_of_a_kuan_row_is_the_one_of_the_row_below(read_as: str) -> None:
    # 11 misread where no 项 follows in the row: the next row goes on under 210 | 11
    body = [
        (298, [("210", 56, 68), ("卫生健康支出", 132, 180), ("7.60", 365, 380), ("7.60", 446, 461)]),
        (316, [("210", 56, 68), (read_as, 87, 95), ("行政事业单位医疗", 140, 200), ("7.60", 365, 380)]),
        (335, [("210", 56, 68), ("11", 87, 95), ("02", 110, 118), ("事业单位医疗", 148, 196), ("7.60", 365, 380)]),
    ]
    facts = _ocr_facts("05", _LEVELLED_HEADER + body)
    assert {key for key, _ in facts} == {"210", "21011", "2101102"}


@pytest.mark.parametrize(("basic", "found"), [("20.00", True), ("21.00", False)])
def test_a_row_with_neither_code_nor_label_is_the_total_if_its_classes_sum_to_it(basic: str, found: bool) -> None:
    # OCR lost 合计 (and read its line number as nothing): 27.60 = 20.00 + 7.60, 20.00 = 12.40 + 7.60
    body = [
        (280, [("27.60", 365, 380), (basic, 446, 461)]),
        (298, [("201", 56, 68), ("一般公共服务支出", 132, 190), ("20.00", 365, 380), ("12.40", 446, 461)]),
        (316, [("210", 56, 68), ("卫生健康支出", 132, 180), ("7.60", 365, 380), ("7.60", 446, 461)]),
    ]
    facts = _ocr_facts("05", _LEVELLED_HEADER + body)
    assert (("total", "total") in facts) == found
    assert (("total", "basic") in facts) == found


def test_a_code_repeating_the_row_above_is_a_level_deeper_as_the_row_below_says() -> None:
    # 221 | 02 of 住房改革支出 read as 221 alone, under the class row 221: no code is printed twice
    body = [
        (298, [("221", 56, 68), ("住房保障支出", 132, 180), ("17.20", 365, 380), ("17.20", 446, 461)]),
        (316, [("221", 56, 68), ("住房改革支出", 132, 180), ("17.20", 365, 380), ("17.20", 446, 461)]),
        (335, [("221", 56, 68), ("02", 87, 95), ("01", 110, 118), ("住房公积金", 148, 196), ("15.02", 365, 380)]),
        (353, [("221", 56, 68), ("02", 87, 95), ("02", 110, 118), ("提租补贴", 148, 196), ("2.18", 365, 380)]),
    ]
    facts = _ocr_facts("05", _LEVELLED_HEADER + body)
    assert facts[("22102", "total")] == Decimal("17.20")
    assert {key for key, _ in facts} == {"221", "22102", "2210201", "2210202"}


@pytest.mark.parametrize(
    "parts",
    [
        [("201", 56, 68), ("37.50", 100, 122)],  # 款 37 and 项 50 read as one word, in the 项 column
        [("201", 56, 68), ("3750", 100, 122)],
        [("201.37", 70, 92), ("50", 110, 118)],  # 类 201 and 款 37 read as one word, in the 款 column
    ],
)
def test_two_code_parts_read_as_one_word_part(parts: list[tuple[str, float, float]]) -> None:
    body = [
        (298, [("201", 56, 68), ("37", 87, 95), ("网信事务", 132, 180), ("9.60", 365, 380), ("7.60", 446, 461)]),
        (316, [("201", 56, 68), ("37", 87, 95), ("04", 110, 118), ("信息安全事务", 140, 200), ("2.00", 365, 380)]),
        (335, [*parts, ("事业运行", 140, 200), ("7.60", 365, 380), ("7.60", 446, 461)]),
        (353, [("201", 56, 68), ("37", 87, 95), ("99", 110, 118), ("其他网信事务支出", 140, 200), ("0.00", 365, 380)]),
    ]
    facts = _ocr_facts("05", _LEVELLED_HEADER + body)
    assert {key for key, _ in facts} == {"20137", "2013704", "2013750", "2013799"}


_WHOLE_CODE_HEADER = [
    (165, [("科目编码", 55, 90), ("科目名称", 160, 190), ("合计", 360, 375), ("基本支出", 436, 466)]),
]


@pytest.mark.parametrize(
    ("read_as", "kuan"),
    [
        ("2101", "21011"),  # 11 merged into one 1 (CTC)
        ("2080", "20805"),  # the last digit lost
        ("2102", None),  # not 21011 with a digit lost: no key
    ],
)
def test_a_whole_kuan_code_short_of_a_digit_is_the_kuan_of_the_row_below(read_as: str, kuan: str | None) -> None:
    first = "2101101" if read_as.startswith("210") else "2080501"
    body = [
        (298, [(read_as[:3], 56, 68), ("卫生健康支出", 132, 180), ("7.60", 365, 380), ("7.60", 446, 461)]),
        (316, [(read_as, 56, 72), ("行政事业单位医疗", 132, 200), ("7.60", 365, 380), ("7.60", 446, 461)]),
        (335, [(first, 56, 82), ("行政单位医疗", 132, 196), ("7.60", 365, 380), ("7.60", 446, 461)]),
    ]
    facts = _ocr_facts("05", _WHOLE_CODE_HEADER + body)
    assert {key for key, _ in facts} == {read_as[:3], first} | ({kuan} if kuan else set())


@pytest.mark.parametrize(
    ("subjects", "key"),
    [
        ([Subject("2101102", "事业单位医疗", "function")], "2101102"),  # as table 05 prints it
        ([Subject("2101102", "事业单位医疗", "function"), Subject("2101199", "事业单位医疗", "function")], None),
        ([Subject("2080505", "事业单位医疗", "function")], None),  # not under the code read
        ([], None),
    ],
)
def test_a_row_repeating_the_code_above_under_another_name_is_keyed_by_the_documents_tables(
    subjects: list[Subject], key: str | None
) -> None:
    # 210 | 11 | 02 事业单位医疗 read as 210 | 11, the code of the 款 row above, and nothing below to supply it
    body = [
        (298, [("210", 56, 68), ("卫生健康支出", 132, 180), ("8.52", 365, 380), ("8.52", 446, 461)]),
        (316, [("210", 56, 68), ("11", 87, 95), ("行政事业单位医疗", 132, 200), ("8.52", 365, 380)]),
        (335, [("210", 56, 68), ("11", 87, 95), ("事业单位医疗", 148, 196), ("8.52", 365, 380)]),
        (353, [("221", 56, 68), ("住房保障支出", 132, 180), ("17.20", 365, 380), ("17.20", 446, 461)]),
    ]
    reading = _ocr_reading("05", _LEVELLED_HEADER + body)
    assert [(f.line_key, f.row_label) for f in reading.unsure] == [("21011", "事业单位医疗")]
    keyed = keyed_by_name(reading.unsure, reading.facts, subjects)
    assert [(f.line_key, f.measure, str(f.amount)) for f in keyed] == ([(key, "total", "8.52")] if key else [])


_PENSION = "机关事业单位基本养老保险缴费支出"


def _rows(*rows: tuple[str, str, str]) -> list[tuple[float, list[tuple[str, float, float]]]]:
    """Body rows of a whole-code table, code, name and one amount printed in both amount columns."""
    return [
        (
            298 + 18 * i,
            [(code, 56, 56 + 4 * len(code)), (name, 132, 132 + 10 * len(name)), (a, 365, 380), (a, 446, 461)],
        )
        for i, (code, name, a) in enumerate(rows)
    ]


@pytest.mark.parametrize(
    ("rows", "subjects", "keys"),
    [
        # 20805 read as 2080 above its first 项, itself read as 80505 (keyed by its name); no table printed
        # 20805 right, so no name keys it
        (
            [
                ("208", "社会保障和就业支出", "15.52"),
                ("2080", "行政事业单位养老支出", "15.52"),
                ("80505", _PENSION, "15.52"),
            ],
            [Subject("2080505", _PENSION, "function")],
            {"2080505", "20805"},
        ),
        # 22102 read as 2218: a digit misread and one lost, of the one 款 the table lacks
        (
            [("221", "住房保障支出", "17.20"), ("2218", "住房改革支出", "17.20"), ("2210201", "住房公积金", "17.20")],
            [],
            {"22102"},
        ),
        # its digits more than a 款's: a 项 misread, not the 款
        (
            [("221", "住房保障支出", "17.20"), ("221801", "住房改革支出", "17.20"), ("2210201", "住房公积金", "17.20")],
            [],
            set(),
        ),
        # a class row read with a code printed above under another name: no 其他…, however near its name
        (
            [("201", "网信事务", "38.30"), ("201", "一般公共服务支出", "38.30")],
            [Subject("201", "一般公共服务支出", "function")],
            set(),
        ),
        # 2013799 cut short to its class: 其他…支出 is the 99 under the subject it names
        (
            [
                ("201", "一般公共服务支出", "38.30"),
                ("20137", "网信事务", "38.30"),
                ("201", "其他网信事务支出", "38.30"),
            ],
            [Subject("20137", "网信事务", "function")],
            {"2013799"},
        ),
    ],
)
def test_a_row_no_name_keys_is_keyed_by_its_place(
    rows: list[tuple[str, str, str]], subjects: list[Subject], keys: set[str]
) -> None:
    levelled = [
        ("210", "卫生健康支出", "8.52"),
        ("21011", "行政事业单位医疗", "8.52"),
        ("2101102", "事业单位医疗", "8.52"),
    ]
    reading = _ocr_reading("05", _WHOLE_CODE_HEADER + _rows(*levelled, *rows))
    keyed = keyed_by_name(reading.unsure, reading.facts, subjects)
    assert {f.line_key for f in keyed} == keys


def test_a_table_printing_no_kuan_keys_no_row_as_one() -> None:
    # only 类 and 项 rows: the 项's 款 is missing by layout, not by a misread
    rows = [
        ("208", "社会保障和就业支出", "15.52"),
        ("2080", "行政事业单位养老支出", "15.52"),
        ("2080505", _PENSION, "15.52"),
    ]
    reading = _ocr_reading("05", _WHOLE_CODE_HEADER + _rows(*rows))
    assert keyed_by_name(reading.unsure, reading.facts, []) == []


def test_a_code_read_with_digits_lost_is_keyed_by_the_nearest_name() -> None:
    # 1011 holds the digits of 21011 and of 2101102 in order; 事业单位医疗 is two characters off
    # 行政事业单位医疗, within a long name's slack: the name itself decides
    body = [
        (298, [("210", 56, 68), ("卫生健康支出", 132, 180), ("8.52", 365, 380), ("8.52", 446, 461)]),
        (316, [("1011", 56, 72), ("行政事业单位医疗", 132, 200), ("8.52", 365, 380), ("8.52", 446, 461)]),
    ]
    reading = _ocr_reading("05", _WHOLE_CODE_HEADER + body)
    subjects = [Subject("21011", "行政事业单位医疗", "function"), Subject("2101102", "事业单位医疗", "function")]
    keyed = keyed_by_name(reading.unsure, reading.facts, subjects)
    assert [(f.line_key, f.measure) for f in keyed] == [("21011", "total"), ("21011", "basic")]


@pytest.mark.parametrize(
    ("read_as", "name", "key"),
    [
        ("208050", _PENSION, "2080505"),  # a repeated digit merged: the digits open the code
        ("208055", _PENSION, "2080505"),  # a digit lost within
        ("08055", _PENSION, "2080505"),  # two lost
        ("2080n", _PENSION, "2080505"),  # digits then a misread: under 2080 only this name's code
        ("208050", "机关事业单位基本养老保险级费支出", "2080505"),  # the name a character off too
        ("208050", "机美事业单位基本养老保险媒费支出", "2080505"),  # two off: one in eight of a long name
        ("208050", "机民事业单位品表养意保险做量支出", None),  # six off: no more its name
        ("208050", "其他行政事业单位养老支出", None),  # a name the document prints nowhere else
        ("208060", _PENSION, None),  # digits that are no misreading of the name's code
        ("2980505", _PENSION, "2080505"),  # a digit of the class misread: 298 is no class
        ("2980506", _PENSION, None),  # … and one of the 项 too: two digits off the name's code
    ],
)
def test_a_code_read_as_no_code_is_keyed_by_the_name_the_documents_tables_print_it_under(
    read_as: str, name: str, key: str | None
) -> None:
    body = [
        (298, [("208", 56, 68), ("社会保障和就业支出", 132, 190), ("245.40", 365, 380), ("245.40", 446, 461)]),
        (316, [("20805", 56, 72), ("行政事业单位养老支出", 132, 200), ("245.40", 365, 380), ("245.40", 446, 461)]),
        (335, [("2080501", 56, 82), ("行政单位离退休", 132, 186), ("84.65", 365, 380), ("84.65", 446, 461)]),
        (353, [(read_as, 56, 80), (name, 132, 250), ("160.75", 365, 380), ("160.75", 446, 461)]),
    ]
    reading = _ocr_reading("05", _WHOLE_CODE_HEADER + body)
    assert {f.line_key for f in reading.facts} == {"208", "20805", "2080501"}
    subjects = [
        Subject("2080505", _PENSION, "function"),
        Subject("2080506", "机关事业单位职业年金缴费支出", "function"),
    ]
    keyed = keyed_by_name(reading.unsure, reading.facts, subjects)
    assert [(f.line_key, f.measure) for f in keyed] == ([(key, "total"), (key, "basic")] if key else [])


@pytest.mark.parametrize(
    ("read_as", "label", "provenance", "key"),
    [
        ("2080503", _PENSION, "ocr", "2080505"),  # a digit of the 项 misread: a code as well formed as any
        ("2080565", _PENSION, "ocr", "2080505"),
        ("2080565", "机关享业单位基本养老保险费支出", "ocr", "2080505"),  # its long name, small, misread too
        ("2080533", _PENSION, "ocr", "2080533"),  # two digits off the name's code: kept
        ("2080501", _PENSION, "ocr", "2080501"),  # a code another table prints (under another name): kept
        ("2080503", _PENSION, "text", "2080503"),  # printed so in the text layer: kept
        ("2080502", "事业单位离退休", "ocr", "2080502"),  # a digit off 行政单位离退休's, its name two characters
    ],
)
def test_a_scanned_code_no_other_table_prints_is_the_one_they_print_under_its_name(
    read_as: str, label: str, provenance: str, key: str
) -> None:
    def fact(table: str, code: str, label: str, source: str = "text") -> Fact:
        return Fact(table, code, "total", Decimal("10.68"), "万元", 5, label, source)

    facts = [
        fact("02", "2080501", "行政单位离退休"),
        fact("02", "2080505", "杭关事业单位基本养老保险缴费支出"),  # read a character off in that table
        fact("05", "2080501", "行政单位离退休", provenance),
        fact("05", read_as, label, provenance),
    ]
    subjects = [Subject(f.line_key, f.row_label, "function") for f in facts]
    rekeyed, _, stale = rekeyed_lone_codes(facts, subjects, [])
    assert [f.line_key for f in rekeyed] == ["2080501", "2080505", "2080501", key]
    assert stale == ({read_as} if key != read_as else set())


_MEASURES_02 = ("total", "fiscal_appropriation")


def test_a_scanned_code_read_with_digits_lost_is_rekeyed_with_its_unreadable_amounts() -> None:
    # 2210201 read as 22101 in 02 (its 款 cell blank), its total unreadable (187 - 19): both go to
    # 2210201, which 03 prints under the same name, and the sums then recover the total
    def fact(table: str, code: str, measure: str, amount: str, label: str = "") -> Fact:
        return Fact(table, code, measure, Decimal(amount), "万元", 4, label, "ocr")

    facts = [fact("02", code, m, a) for code, a in (("22102", "445.69"), ("2210203", "258.50")) for m in _MEASURES_02]
    facts += [fact("02", "22101", "fiscal_appropriation", "187.19", "住房公积金")]
    facts += [fact("03", "2210201", "total", "187.19", "住房公积金")]
    unreadable = [Unreadable(fact("02", "22101", "total", "0", "住房公积金"), "187 - 19")]
    subjects = [Subject(f.line_key, f.row_label, "function") for f in facts if f.row_label]
    rekeyed, unread, stale = rekeyed_lone_codes(facts, subjects, unreadable)
    assert [u.fact.line_key for u in unread] == ["2210201"] and stale == {"22101"}
    repaired = {(f.table_code, f.line_key, f.measure): f.amount for f in repair(rekeyed, unread)}
    assert repaired[("02", "2210201", "total")] == repaired[("02", "2210201", "fiscal_appropriation")]
    assert repaired[("02", "2210201", "total")] == Decimal("187.19")


@pytest.mark.parametrize(
    ("read_as", "label", "also", "key"),
    [
        ("2089506", "机民事业单位基本养老保险质费支出", "", "2080505"),  # a 项 under no 款 of its table
        ("2089506", "机民事业单位基本养老保险质费支出", "20895", "2089506"),  # … its 款 printed: in place
        ("23137", "事业运行", "", "2013750"),  # a 款 under no class of its table, a digit in two off
        ("203", "同信事务", "", "20137"),  # a class named unlike itself (国防支出), a character off 网信事务
        ("203", "国防支出", "", "203"),  # … named as itself: in place
        ("2101102", "事业运行", "", "2101102"),  # in place, though named as a code the table lacks
    ],
)
def test_a_scanned_code_out_of_place_in_its_table_is_the_one_the_others_print_under_its_name(
    read_as: str, label: str, also: str, key: str
) -> None:
    def fact(table: str, code: str, label: str) -> Fact:
        return Fact(table, code, "total", Decimal("15.52"), "万元", 5, label, "ocr")

    printed = [("201", "一般公共服务支出"), ("20137", "网信事务"), ("2013750", "事业运行")]
    printed += [
        ("208", "社会保障和就业支出"),
        ("20805", "行政事业单位养老支出"),
        ("2080505", "机关事业单位基本养老保险缴费支出"),
    ]
    printed += [("210", "卫生健康支出"), ("21011", "行政事业单位医疗")]
    facts = [fact("02", code, name) for code, name in printed]
    in_03 = {"201", "208", "20805", "210", "21011", also}  # not the codes read_as is a misread of
    facts += [fact("03", code, name) for code, name in [*printed, (also, "")] if code in in_03]
    facts.append(fact("03", read_as, label))
    subjects = [Subject(f.line_key, f.row_label, "function") for f in facts]
    rekeyed, _, stale = rekeyed_lone_codes(facts, subjects, [])
    assert rekeyed[-1].line_key == key
    assert [f.line_key for f in rekeyed[:-1]] == [f.line_key for f in facts[:-1]]
    assert stale == ({read_as} if key != read_as else set())


def test_codes_read_short_are_keyed_by_the_class_list_and_the_names_the_documents_tables_print() -> None:
    # 221 read as 21: its name is a class's; 20805 read as 5: the name the other tables print under 208
    body = [
        (298, [("208", 56, 68), ("社会保障和就业支出", 132, 190), ("10.68", 365, 380), ("10.68", 446, 461)]),
        (316, [("5", 64, 68), ("行政事业单位养老支出", 132, 200), ("10.68", 365, 380), ("10.68", 446, 461)]),
        (335, [("21", 58, 68), ("住房保障支出", 132, 180), ("12.67", 365, 380), ("12.67", 446, 461)]),
    ]
    reading = _ocr_reading("05", _WHOLE_CODE_HEADER + body)
    assert {f.line_key for f in reading.facts} == {"208", "221"}
    subjects = [Subject("20805", "行政事业单位养老支出", "function"), Subject("21005", "行政事业单位养老", "function")]
    keyed = keyed_by_name(reading.unsure, reading.facts, subjects)
    assert [(f.line_key, f.measure) for f in keyed] == [("20805", "total"), ("20805", "basic")]


@pytest.mark.parametrize("read_as", ["-208", "208.", "·208"])
def test_a_speck_read_beside_a_scanned_code_is_no_part_of_it(read_as: str) -> None:
    body = [
        (298, [(read_as, 54, 72), ("社会保障和就业支出", 132, 190), ("326.72", 365, 380), ("326.72", 446, 461)]),
        (316, [("20805", 56, 72), ("行政事业单位养老支出", 132, 200), ("326.72", 365, 380), ("326.72", 446, 461)]),
    ]
    assert ("208", "total") in _ocr_facts("05", _WHOLE_CODE_HEADER + body)


@pytest.mark.parametrize("read_as", ["201,般公共服务支出", "201.一般公共服务支出", "201、一般公共服务支出"])
def test_a_speck_read_between_a_code_and_its_name_in_one_cell_parts_nothing(read_as: str) -> None:
    # 科目编码及名称 in one column: a speck under the 一 of 201 一般 read as a comma, or in its place
    header = [(165, [("科目编码及名称", 55, 120), ("合计", 360, 375), ("基本支出", 436, 466)])]
    body = [(298, [(read_as, 54, 150), ("821.73", 365, 380), ("104.06", 446, 461)])]
    assert ("201", "total") in _ocr_facts("05", header + body)


@pytest.mark.parametrize(
    ("name", "key", "named"),
    [
        ("机民事业单位品表养意保险做量支出", "2080505", True),  # near no name the document prints: the digits decide
        ("机民事业单位品表养意保险做量支出", "2080505", False),  # … 2080505 printed only in a row whose label OCR lost
        ("机关事业单位职业年金缴费支出", None, True),  # another subject's name: it is not this code's
    ],
)
def test_a_code_read_short_under_a_name_misread_past_knowing_is_the_one_code_its_digits_fit(
    name: str, key: str | None, named: bool
) -> None:
    body = [
        (298, [("208", 56, 68), ("社会保障和就业支出", 132, 190), ("10.68", 365, 380), ("10.68", 446, 461)]),
        (316, [("20805", 56, 72), ("行政事业单位养老支出", 132, 200), ("10.68", 365, 380), ("10.68", 446, 461)]),
        (335, [("208050", 56, 80), (name, 132, 250), ("10.68", 365, 380), ("10.68", 446, 461)]),
    ]
    reading = _ocr_reading("05", _WHOLE_CODE_HEADER + body)
    subjects = [
        Subject("2080505", _PENSION, "function"),
        Subject("2080506", "机关事业单位职业年金缴费支出", "function"),  # 208050 fits it too, but it is taken
        Subject("2101102", "事业单位医疗", "function"),
    ][0 if named else 1 :]
    facts = [*reading.facts, *(replace(f, line_key="2080506") for f in reading.facts if f.line_key == "20805")]
    facts.append(Fact("02", "2080505", "total", Decimal("10.68"), "万元", 1, "", "ocr"))
    keyed = keyed_by_name(reading.unsure, facts, subjects)
    assert [(f.line_key, f.measure) for f in keyed] == ([(key, "total"), (key, "basic")] if key else [])


@pytest.mark.parametrize(
    ("label", "amount", "key"),
    [("", "120.00", "inc.grand_total"), ("总", "120.00", "inc.grand_total"), ("", "130.00", None)],
)
def test_a_summary_row_whose_label_ocr_lost_is_the_total_of_its_half_its_lines_sum_to(
    label: str, amount: str, key: str | None
) -> None:
    # 总计, a short word centred in its cell, lost (or all but 总): the lines above add up to its amount
    header = [(165, [("项目", 60, 80), ("决算数", 360, 390)])]
    body = [
        (184, [("本年收入合计", 52, 110), ("100.00", 365, 390)]),
        (202, [("年初结转和结余", 52, 116), ("20.00", 370, 390)]),
        (220, [*([(label, 60, 68)] if label else []), (amount, 365, 390)]),
    ]
    facts = {(f.line_key, f.amount) for f in _ocr_reading("01", header + body).facts}
    assert facts - {("inc.total", Decimal("100.00")), ("inc.opening_balance", Decimal("20.00"))} == (
        {(key, Decimal(amount))} if key else set()
    )


def test_the_income_half_of_04_whose_one_amount_column_lost_its_heading_prints_its_one_measure() -> None:
    # 决算数 over the income half lost to OCR: its one amount column names nothing, yet prints 决算数
    header = [
        (100, [("收入", 60, 80), ("支出", 330, 350)]),
        (115, [("项目", 60, 80), ("行次", 160, 175), ("项目", 300, 320), ("行次", 400, 415)]),
        (115, [("合计", 445, 465), ("一般公共预算财政拨款", 490, 570)]),
    ]
    income = [("一、一般公共预算财政拨款", 40, 140), ("1", 165, 170), ("173.61", 195, 222)]
    body = [
        (
            150,
            [*income, ("一、一般公共服务支出", 280, 380), ("32", 402, 410), ("132.37", 445, 472), ("132.37", 505, 532)],
        ),
        (165, [("九、卫生健康支出", 280, 350), ("40", 402, 410), ("41.24", 450, 472), ("41.24", 510, 532)]),
        (180, [("本年收入合计", 40, 100), ("27", 165, 172), ("173.61", 195, 222), ("本年支出合计", 280, 340)]),
        (180, [("59", 402, 410), ("173.61", 445, 472), ("173.61", 505, 532)]),
    ]
    facts = {(f.line_key, f.measure): f.amount for f in _ocr_reading("04", header + body).facts}
    assert facts[("inc.gpb_appropriation", "actual")] == facts[("inc.total", "actual")] == Decimal("173.61")
    assert facts[("exp.total", "gpb")] == Decimal("173.61") and len(facts) == 8


@pytest.mark.parametrize("label", ["其中：（1）公务用车购置费", "（1）其中：公务用车购置费"])
def test_of_which_before_or_after_the_numbering_is_no_part_of_the_label(label: str) -> None:
    assert _line_key(label, "09", RowContext(), "") == "vehicle_purchase"


@pytest.mark.parametrize("opening", ["[", "【", "［"])
def test_a_code_bracketed_before_its_name_keys_its_row(opening: str) -> None:
    closing = {"[": "]", "【": "】", "［": "］"}[opening]
    words = [Box("科目编码及名称", 50, 100, 120, 108), Box("合计", 250, 100, 270, 108)]
    rows = [("201", "一般公共服务支出", "829.21"), ("2013704", "信息安全事务", "22.00")]
    for r, (code, name, amount) in enumerate(rows):
        top = 120 + 16 * r
        words += [Box(f"{opening}{code}{closing}{name}", 52, top, 170, top + 8), Box(amount, 246, top, 270, top + 8)]
    grid = words_grid(1, words, table_code="05")
    assert grid is not None
    facts = {(f.line_key, f.measure): str(f.amount) for f in read_table("05", grid).facts}
    assert facts == {("201", "total"): "829.21", ("2013704", "total"): "22.00"}


def _economic_halves(rows: list[tuple[str, str, str, str]]) -> Grid:
    """An unruled 06 in two halves, each a label column and an amount column, a row a line: its heading
    and a first row, then `rows`."""
    rows = [
        ("科目编码及名称", "决算数", "科目编码及名称", "决算数"),
        ("30107 绩效工资", "710200.00", "30207 邮电费", "6800.00"),
        *rows,
    ]
    cells = [Cell(r, r + 1, c, c + 1, text) for r, row in enumerate(rows) for c, text in enumerate(row)]
    columns = [(c * 100.0, c * 100.0 + 100) for c in range(4)]
    return Grid(1, columns, [(r * 20.0, r * 20.0 + 20) for r in range(len(rows))], cells)


def test_a_coded_label_wrapped_onto_the_next_row_with_its_amount_keys_it() -> None:
    # 30108 机关事业单 alone on its line, the rest of its name beside its amount on the next, where the
    # other half's next subject stands
    grid = _economic_halves(
        [
            ("30108 机关事业单", "", "", ""),
            ("位基本养老保险缴\n费", "155200.00", "30227 委托业务费", "30000.00"),
        ]
    )
    facts = {(f.line_key, f.amount) for f in read_table("06", grid, unit="元").facts}
    assert facts == {
        ("30107", Decimal("710200.00")),
        ("30108", Decimal("155200.00")),
        ("30207", Decimal("6800.00")),
        ("30227", Decimal("30000.00")),
    }


def test_a_blank_coded_row_lends_its_code_to_no_row_but_the_rest_of_its_name() -> None:
    # 31099 printing no amount above a total OCR garbled: joined, the two made no name of 31099's, and
    # the total must not be keyed 31099
    grid = _economic_halves(
        [
            ("31099 其他资本性支出", "", "", ""),
            ("公用经费合汁", "36800.00", "", ""),
        ]
    )
    keys = {f.line_key for f in read_table("06", grid, unit="元").facts}
    assert "31099" not in keys


def test_a_bracketed_code_a_digit_lost_is_keyed_by_its_name_and_digits() -> None:
    # [2101101] read as [210110]: no code, so the label opens with no code either; its digits (not the
    # class above's) and its name, printed whole in another table, key it
    header = [(100, [("科目编码及名称", 60, 130), ("合计", 230, 250), ("基本支出", 320, 360)])]
    body = [
        (130, [("[210]卫生健康支出", 60, 150), ("60.99", 230, 255), ("60.99", 330, 355)]),
        (148, [("[21011]行政事业单位医疗", 60, 170), ("60.99", 230, 255), ("60.99", 330, 355)]),
        (166, [("[210110]行政单位医疗", 60, 160), ("60.99", 230, 255), ("60.99", 330, 355)]),
    ]
    reading = _ocr_reading("03", header + body)
    assert [(f.line_key, f.row_label) for f in reading.unsure] == [("210110", "行政单位医疗")] * 2
    subjects = [Subject("2101101", "行政单位医疗", "function"), Subject("2101102", "事业单位医疗", "function")]
    keyed = keyed_by_name(reading.unsure, reading.facts, subjects)
    assert [(f.line_key, f.measure) for f in keyed] == [("2101101", "total"), ("2101101", "basic")]


def test_an_amount_beyond_any_budget_is_two_cells_read_as_one_and_unreadable() -> None:
    # 1,040,600.00 and 7,176,700.00 of two columns read as one figure: more yuan than a nation spends,
    # and more digits than the warehouse holds
    joined = "1040600007176700.00"
    reading = _ocr_reading("05", _WHOLE_CODE_HEADER + _rows(("2013750", "事业运行", joined)))
    assert not reading.facts
    assert any(joined in note for note in reading.notes)
