"""Rows taller than their text, as a spreadsheet exports them: without rules, a row's amounts stand
at the top or the bottom of its cells and its code and label elsewhere, so a line of amounts alone
must find its row by what the rows beside it print."""

from __future__ import annotations

from pipeline.unruled import words_grid
from pipeline.words import Box
from tests.reading import read_table

HEADER_05 = [Box("科目编码", 50, 100, 82, 108), Box("科目名称", 140, 100, 172, 108)]
HEADER_05 += [Box(h, x, 100, x + 32, 108) for h, x in (("合计", 290), ("基本支出", 380), ("项目支出", 470))]
AMOUNT_X = (290, 380, 470)


def _line(top: float, *texts: str, code: str = "", label: str = "") -> list[Box]:
    """One text line: a code and label if given, then amounts right-aligned in the three columns."""
    words = [Box(code, 52, top, 52 + 6 * len(code), top + 8)] if code else []
    words += [Box(label, 140, top, 140 + 10 * len(label), top + 8)] if label else []
    placed = zip(texts, AMOUNT_X[: len(texts)], strict=True)
    return words + [Box(t, x + 32 - 5 * len(t), top, x + 32, top + 8) for t, x in placed if t]


def _facts(table_code: str, words: list[Box]) -> dict[tuple[str, str], str]:
    grid = words_grid(1, words, table_code=table_code)
    assert grid is not None
    return {(f.line_key, f.measure): str(f.amount) for f in read_table(table_code, grid).facts}


def test_amounts_at_the_bottom_of_a_tall_row_are_its_own() -> None:
    # 2013750 事业运行 at the top of a row twice as tall, its amounts at the foot
    words = _line(120, "821.73", "104.06", "717.67", code="201", label="一般公共服务支出")
    words += _line(138, code="2013750", label="事业运行") + _line(152, "760.05", "104.06", "655.99")
    words += _line(170, "10.68", "10.68", code="208", label="社会保障和就业支出")
    facts = _facts("05", HEADER_05 + words)
    assert facts[("2013750", "total")] == "760.05"
    assert facts[("2013750", "project")] == "655.99"
    assert facts[("208", "total")] == "10.68"


def test_amounts_at_the_foot_beside_a_labels_last_line_are_its_rows() -> None:
    # 2080505 机关事业单位 | 基本养老保险 at the top, 缴费支出 on the last line beside the amounts
    words = _line(120, "15.52", "15.52", code="208", label="社会保障和就业支出")
    words += _line(136, code="2080505", label="机关事业单位") + _line(146, label="基本养老保险")
    words += _line(160, "15.52", "15.52", label="缴费支出")
    words += _line(178, "8.52", "8.52", code="210", label="卫生健康支出")
    facts = _facts("05", HEADER_05 + words)
    assert facts[("2080505", "basic")] == "15.52"
    assert facts[("210", "total")] == "8.52"


def test_amounts_at_the_top_of_a_tall_row_under_a_row_with_its_own_are_the_next_rows() -> None:
    # 20805's amounts top-aligned, its code and one-line label centred lower in the tall row
    words = _line(120, "15.52", "15.52", code="208", label="社会保障和就业支出")
    words += _line(134, "15.52", "15.52") + _line(144, code="20805", label="行政事业单位养老支出")
    words += _line(162, "8.52", "8.52", code="210", label="卫生健康支出")
    facts = _facts("05", HEADER_05 + words)
    assert facts[("208", "total")] == "15.52"
    assert facts[("20805", "total")] == "15.52"
    assert facts[("20805", "basic")] == "15.52"


HEADER_01 = [Box("项目", 50, 100, 70, 108), Box("决算数", 230, 100, 260, 108)]


def test_stacked_summary_amount_at_the_top_of_a_row_under_a_side_heading() -> None:
    # the expenditure half of a stacked 01: 132.37 at the top of 一、一般公共服务支出's tall row
    words = [Box("收入", 80, 114, 100, 122), Box("一、一般公共预算财政拨款收入", 52, 128, 170, 136)]
    words += [Box("173.61", 236, 128, 260, 136), Box("本年收入合计", 52, 142, 110, 150)]
    words += [Box("173.61", 236, 142, 260, 150)]
    words += [Box("支出", 80, 160, 100, 168), Box("132.37", 236, 174, 260, 182)]
    words += [Box("一、一般公共服务支出", 52, 184, 140, 192), Box("二、外交支出", 52, 200, 110, 208)]
    words += [Box("本年支出合计", 52, 216, 110, 224), Box("132.37", 236, 216, 260, 224)]
    facts = _facts("01", HEADER_01 + words)
    assert facts[("201", "actual")] == "132.37"
    assert facts[("exp.total", "actual")] == "132.37"


def test_a_wrapped_labels_tail_that_names_a_line_of_its_own_still_ends_the_label() -> None:
    # 一、一般公共预算 | 财政拨款收入, its amount at the foot: 财政拨款收入 alone names inc.fiscal_appropriation
    header = [*HEADER_01, Box("项目", 280, 100, 300, 108), Box("决算数", 455, 100, 485, 108)]
    words = [Box("一、一般公共预算", 52, 120, 124, 128), Box("一、一般公共服务", 274, 120, 346, 128)]
    words += [Box("财政拨款收入", 52, 132, 106, 140), Box("173.61", 236, 132, 260, 140)]
    words += [Box("支出", 274, 132, 292, 140), Box("132.37", 460, 132, 486, 140)]
    words += [Box("二、其他收入", 52, 150, 106, 158), Box("二、外交支出", 274, 150, 328, 158)]
    words += [Box("本年收入合计", 52, 166, 106, 174), Box("173.61", 236, 166, 260, 174)]
    words += [Box("本年支出合计", 274, 166, 328, 174), Box("132.37", 460, 166, 486, 174)]
    facts = _facts("01", header + words)
    assert facts.get(("inc.gpb_appropriation", "actual")) == "173.61"
    assert ("inc.fiscal_appropriation", "actual") not in facts
    assert facts[("201", "actual")] == "132.37"


def test_dashes_centred_in_a_row_whose_amounts_stand_at_the_foot_are_the_rows() -> None:
    # a spreadsheet's export: the label wrapped over two lines, its amounts at the foot beside the last,
    # the blank column's dash centred between the two; taken for amounts, the dash made a row of its own
    # and the label's two lines two rows, the head without amounts and the tail keyed by nothing
    words = _line(120, "15.52", "15.52", "—", code="208", label="社会保障和就业支出")
    words += _line(136, code="2080505", label="机关事业单位基本") + _line(143, "", "", "—")
    words += _line(150, "15.52", "15.52", label="养老保险缴费支出")
    words += _line(168, "8.52", "8.52", "—", code="210", label="卫生健康支出")
    facts = _facts("05", HEADER_05 + words)
    assert facts[("2080505", "total")] == "15.52"
    assert facts[("2080505", "basic")] == "15.52"
    assert facts[("210", "total")] == "8.52"
