"""OCR'd free text is cut into words where the text layer would make them, and nowhere else.

The ink is drawn as one block per character at given x (in pixels, line 20 px high); the reading
places each character at its block's centre, as the recogniser does.
"""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.glyph import Glyph
from pipeline.ink import Box
from pipeline.ocr_rec import Reading
from pipeline.ocr_words import bracketed, cut, parted

HEIGHT = 20


def read(text: str, spans: list[tuple[int, int]], inkless: int | None = None) -> list[str]:
    """The words cut from `text`, each character inked over its span of x but the one at `inkless`
    (a blank the recogniser read as a character)."""
    width = spans[-1][1] + 10
    ink = np.zeros((HEIGHT, width), bool)
    for k, (x0, x1) in enumerate(spans):
        ink[:, x0:x1] = k != inkless
    centres = tuple((x0 + x1) / 2 / width for x0, x1 in spans)
    return [word for word, _ in cut(Reading(text, 0.99, centres), Box(0, 0, width, HEIGHT), (0, width), ink)]


def evenly(n: int, pitch: int, blank: int, start: int = 0) -> list[tuple[int, int]]:
    return [(start + i * pitch, start + i * pitch + pitch - blank) for i in range(n)]


def test_digits_of_one_amount_stay_together_across_a_wide_blank() -> None:
    # 1,511.90: the two 1s after the comma stand a wide blank apart in some faces
    spans = [(0, 6), (8, 10), (12, 20), (22, 28), (40, 46), (48, 50), (52, 60), (62, 70)]
    assert read("1,511.90", spans) == ["1,511.90"]


def test_an_amount_in_full_width_characters_stays_whole() -> None:
    # ２，９３２．３０: each character an em wide, the comma and point inked at its left, so a blank
    # wider than the line is tall follows each of them
    spans = [(0, 12), (22, 26), (44, 56), (66, 78), (88, 100), (110, 114), (132, 144), (154, 166)]
    assert read("2，932．30", spans) == ["2，932．30"]


def test_an_amount_under_one_in_full_width_characters_stays_whole() -> None:
    # ０．９５ (its point read as ASCII): no two digits side by side but the last two, which stand an
    # em apart like the point's
    spans = [(0, 12), (22, 26), (44, 56), (68, 80)]
    assert read("0.95", spans) == ["0.95"]
    assert read("0.95", [(0, 7), (8, 10), (12, 19), (25, 32)]) == ["0.95"]


def test_a_full_width_point_read_as_a_colon_keeps_the_amount_whole() -> None:
    spans = [(0, 12), (22, 26), (44, 56), (66, 78), (88, 100), (110, 114), (132, 144), (154, 166)]
    assert read("2，932：30", spans) == ["2，932：30"]


def test_a_point_read_as_a_colon_keeps_the_amount_whole() -> None:
    # 1511:89: the point, read as a colon, is no label for the amount to be cut from
    spans = [*evenly(4, 12, 2), (50, 53), *evenly(2, 12, 2, start=56)]
    assert read("1511:89", spans) == ["1511:89"]
    assert read("单位:万元", evenly(5, 22, 2)) == ["单位:万元"]


def test_a_speck_between_a_codes_parts_read_as_a_point_parts_them() -> None:
    # 210 · 11: the class and item of a code in their columns, a speck of dust in the blank between
    spans = [*evenly(3, 10, 2), (44, 46), *evenly(2, 10, 2, start=60)]
    assert read("210.11", spans) == ["210", "11"]
    # an amount's point takes a pitch at most, however wide the blanks round it: no speck
    assert read("210.11", [*evenly(3, 10, 2), (32, 34), *evenly(2, 10, 2, start=38)]) == ["210.11"]
    assert read("210.11", [*evenly(3, 10, 2), (33, 35), *evenly(2, 10, 2, start=40)]) == ["210.11"]
    # a Song face sets its point wide: 603.14's 3 and 1 stand 2.4 pitches apart (read 603 and 14)
    assert read("603.14", [*evenly(3, 10, 2), (35, 37), *evenly(2, 10, 2, start=46)]) == ["603.14"]
    # nor is a full-width thousands comma, however far its digits stand from it
    assert read("29,616", [(0, 12), (20, 32), (36, 40), (62, 74), (78, 90), (94, 106)]) == ["29,616"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("1.323.700.00", ["1.323.700.00"]),  # its commas read as points: 1.32 is no amount's end
        ("21.2131001", ["21.21", "31001"]),  # an amount's cents, then a code
        ("1,323,700.001,213,700.00", ["1,323,700.00", "1,213,700.00"]),
    ],
)
def test_an_amount_ends_with_its_cents_unless_its_commas_were_read_as_points(text: str, words: list[str]) -> None:
    spans = evenly(len(text), 10, 3)  # a clear blank between any two characters
    assert read(text, spans) == words


def test_two_amounts_under_a_thousand_part_after_cents_where_the_next_stands_beyond_the_pitch() -> None:
    # 12.50 3.20: the blank between them a little wider than the others, so the 3 stands off the 0's pitch
    assert read("12.503.20", [*evenly(5, 10, 3), *evenly(4, 10, 3, start=56)]) == ["12.50", "3.20"]


def test_amounts_whose_commas_were_read_as_points_part_at_a_blank_wider_than_their_others() -> None:
    # the blank between two columns, cramped: narrower than between two numbers, wider than any in one
    spans = [*evenly(12, 10, 3), *evenly(12, 10, 3, start=127)]
    assert read("1.323.700.001.213.700.00", spans) == ["1.323.700.00", "1.213.700.00"]


def test_a_blank_after_an_amounts_cents_read_as_a_point_parts_it_from_the_code_beside_it() -> None:
    # 128.98  302: an amount set close before the next half's code, the blank between them read as a point
    spans = [*evenly(6, 10, 3), (64, 66), *evenly(3, 10, 3, start=76)]
    assert read("128.98.302", spans, inkless=6) == ["128.98", "302"]


def test_two_numbers_a_wide_blank_apart_are_two_words() -> None:
    spans = [*evenly(4, 12, 2), *evenly(4, 12, 2, start=70)]
    assert read("20222023", spans) == ["2022", "2023"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # column headings run together in a cramped header are parted
        ("行次本年收入合计财政拨款收入", ["行次", "本年收入合计", "财政拨款收入"]),
        ("事业收入经营收入", ["事业收入", "经营收入"]),
        # each with its unit after it: the unit ends a heading, it starts none
        ("行次本年收入合计（元）财政拨款收入（元）", ["行次", "本年收入合计（元）", "财政拨款收入（元）"]),
        # …or the first lines of wrapped ones
        (
            "一般公共预算财政拨政府性基金预算财政国有资本经营预算财",
            ["一般公共预算财政拨", "政府性基金预算财政", "国有资本经营预算财"],
        ),
        # a heading, a line label or a label that happens to hold a heading stays whole
        ("本年收入合计", ["本年收入合计"]),
        ("一般公共预算财政拨款", ["一般公共预算财政拨款"]),
        ("基本工资", ["基本工资"]),
    ],
)
def test_column_headings_run_together_are_parted(text: str, words: list[str]) -> None:
    assert read(text, evenly(len(text), 20, 3)) == words


def glyphs(*words: tuple[str, float, float]) -> list[Glyph]:
    """Words on one line 10 pt high: (text, x0, x1)."""
    return [Glyph(text, x0, 100.0, x1, 110.0) for text, x0, x1 in words]


@pytest.mark.parametrize(
    ("words", "joined"),
    [
        # the blank a full-width bracket leaves beside it parted the label
        (glyphs(("因公出国（境）", 0, 70), ("费用", 82, 102)), ["因公出国（境）费用"]),
        (glyphs(("维修", 0, 20), ("（护）费", 31, 71)), ["维修（护）费"]),
        # a label and the next column's word stand further apart, and words without a bracket stay apart
        (glyphs(("因公出国（境）", 0, 70), ("费用", 95, 115)), ["因公出国（境）", "费用"]),
        (glyphs(("科目名称", 0, 40), ("决算数", 50, 80)), ["科目名称", "决算数"]),
        # a heading's unit in brackets ends it: the next column's heading set close after it stays apart
        (glyphs(("本年收入合计（元）", 0, 90), ("财政拨款收入", 98, 158)), ["本年收入合计（元）", "财政拨款收入"]),
    ],
)
def test_a_label_broken_at_a_bracket_is_joined(words: list[Glyph], joined: list[str]) -> None:
    assert [w.text for w in bracketed(words)] == joined


@pytest.mark.parametrize(("start", "words"), [(71, ["1100"]), (83, ["11", "00"])])
def test_two_last_digits_a_lost_points_blank_after_a_number_are_its_cents(start: int, words: list[str]) -> None:
    # 11.00 whose point the scan lost, read 11 00: a blank about a digit wide (0.6 of the line's height)
    # is where the point was, and the sums restore it; a blank wider than the line is high parts two numbers
    spans = [*evenly(2, 12, 2, start=36), *evenly(2, 12, 2, start=start)]
    assert read("1100", spans) == words


def test_a_faint_point_read_in_its_blank_keeps_the_amount_whole() -> None:
    # 11.00 whose faint point was read but left no ink: the blank round it is no end of the number
    spans = [*evenly(2, 12, 2, start=36), (70, 72), *evenly(2, 12, 2, start=76)]
    assert read("11.00", spans, inkless=2) == ["11.00"]


def test_a_narrow_1_set_at_the_figures_pitch_stays_in_its_number() -> None:
    # 132.37 in small type: the 1's stroke is thin in its square, the blank beside it as wide as one between
    # two numbers (over half the line's height), but its centre stands one pitch from the 3 as the others do
    spans = [(7, 9), (19, 29), (35, 45), (49, 51), (55, 65), (71, 81)]
    assert read("132.37", spans) == ["132.37"]


def test_a_narrow_1_after_a_comma_read_as_a_point_stays_in_its_number() -> None:
    # 2,961.68 read 2.961.68: the blank before the 1 is wider than any other in the number, but at its pitch
    spans = evenly(8, 10, 3)
    spans[4] = (44, 46)
    assert read("2.961.68", spans) == ["2.961.68"]


def _parted(text: str, spans: list[tuple[int, int]], edge: int) -> list[str]:
    width = spans[-1][1] + 10
    ink = np.zeros((HEIGHT, width), bool)
    for x0, x1 in spans:
        ink[:, x0:x1] = True
    centres = tuple((x0 + x1) / 2 / width for x0, x1 in spans)
    return [
        word for word, _ in parted(Reading(text, 0.99, centres), Box(0, 0, width, HEIGHT), (0, width), (edge,), ink)
    ]


def test_a_merged_cells_line_is_parted_where_an_amount_meets_a_label_at_a_lost_rule() -> None:
    # 173.61|本年支: the bar what is left of the rule, at the columns' edge
    spans = [*evenly(6, 10, 2), (66, 68), (74, 92), (94, 112), (114, 132)]
    assert _parted("173.61|本年支", spans, 67) == ["173.61", "本年支"]


def test_a_merged_cells_line_stays_whole_away_from_the_edge_or_across_it_within_a_word() -> None:
    spans = [*evenly(4, 20, 2)]
    assert _parted("2023年度", [*evenly(4, 10, 2), (40, 58), (60, 78)], 39) == ["2023年度"]  # no blank at the edge
    assert _parted("合计本年", spans, 30) == ["合计本年"]  # no amount there


@pytest.mark.parametrize(
    ("text", "words"), [("374,600.0030201", ["374,600.00", "30201"]), ("89,800.00 310", ["89,800.00", "310"])]
)
def test_an_amount_and_the_code_set_close_after_it_are_parted(text: str, words: list[str]) -> None:
    # the rule between a 06 group's 金额 and the next group's 编码 faded away: the cell read as one
    # holds both, a blank narrower than any the figures' digits leave apart between them
    spans = evenly(len(text), 10, 1)
    assert _parted(text, spans, 0) == words


@pytest.mark.parametrize("text", ["374,600.00", "2,940.05", "1234.567", "20230101"])
def test_an_amount_or_a_number_without_a_code_after_its_cents_stays_whole(text: str) -> None:
    assert _parted(text, evenly(len(text), 10, 1), 0) == [text]


def test_headings_read_as_one_across_a_merged_cells_edge_are_parted_at_a_wide_blank_there() -> None:
    # 本年收入合计|财政拨款收入: two header cells' padding between them, the rule lost
    spans = [*evenly(6, 20, 3), *evenly(6, 20, 3, start=130)]
    assert _parted("本年收入合计财政拨款收入", spans, 125) == ["本年收入合计", "财政拨款收入"]


def test_a_heading_centred_over_a_merged_cells_edge_stays_whole() -> None:
    # 本年支出 over 小计 | 基本支出: its characters no further apart at the edge than elsewhere
    assert _parted("本年支出合计", evenly(6, 20, 3), 50) == ["本年支出合计"]
