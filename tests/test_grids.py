"""Words → the text of the grid cell holding them."""

from __future__ import annotations

import pytest

from pipeline.glyph import Glyph
from pipeline.grids import Cell, Grid, fill_text

CELL = Grid(1, [(150.0, 300.0)], [(163.0, 190.0)], [Cell(0, 1, 0, 1)])


@pytest.mark.parametrize(
    ("words", "text"),
    [
        # 合    计 OCR'd a character at a time, 合 boxed low enough to start a line of its own below 计
        ([Glyph("计", 183.0, 169.0, 186.5, 173.0), Glyph("合", 172.0, 172.5, 177.0, 175.5)], "合 计"),
        # a label wrapped in its cell: two lines, one character each, one above the other
        ([Glyph("合", 172.0, 166.0, 177.0, 171.0), Glyph("计", 172.0, 172.0, 177.0, 177.0)], "合\n计"),
        # lines of several characters are lines as read
        ([Glyph("本年收入", 160.0, 169.0, 186.5, 173.0), Glyph("合计", 190.0, 172.5, 197.0, 175.5)], "本年收入\n合计"),
    ],
)
def test_cell_text_reads_lines_as_printed(words: list[Glyph], text: str) -> None:
    assert fill_text(CELL, words).cells[0].text == text


# two rows, two columns, the left column's cells merged: the rule between its rows lost in a scan
MERGED_DOWN = Grid(
    1,
    [(50.0, 150.0), (150.0, 250.0)],
    [(100.0, 115.0), (115.0, 130.0)],
    [Cell(0, 2, 0, 1), Cell(0, 1, 1, 2), Cell(1, 2, 1, 2)],
)


def test_a_label_merged_with_the_row_above_by_a_lost_rule_stays_in_its_row() -> None:
    # 本年收入合计 in the lower row's band (reaching a little over the lost rule), its amount beside it
    words = [Glyph("本年收入合计", 55.0, 114.0, 120.0, 124.0), Glyph("852.68", 200.0, 118.0, 230.0, 124.0)]
    grid = fill_text(MERGED_DOWN, words)
    assert [(c.row0, c.col0, c.text) for c in grid.cells if c.col0 == 0] == [(0, 0, ""), (1, 0, "本年收入合计")]
    assert grid.at(1, 0).text == "本年收入合计"


def test_amounts_in_a_cell_merged_down_by_a_lost_rule_each_keep_their_row() -> None:
    words = [Glyph("12.67", 100.0, 104.0, 125.0, 111.0), Glyph("10.49", 100.0, 119.0, 125.0, 126.0)]
    grid = fill_text(MERGED_DOWN, words)
    assert [(c.row0, c.row1, c.text) for c in grid.cells if c.col0 == 0] == [(0, 1, "12.67"), (1, 2, "10.49")]


def test_a_label_centred_in_cells_merged_on_purpose_stays_merged() -> None:
    grid = fill_text(MERGED_DOWN, [Glyph("项目", 90.0, 110.0, 110.0, 120.0)])
    assert [(c.row0, c.row1, c.text) for c in grid.cells if c.col0 == 0] == [(0, 2, "项目")]


MERGED_ACROSS = Grid(1, [(50.0, 150.0), (150.0, 250.0)], [(100.0, 115.0)], [Cell(0, 1, 0, 2)])


@pytest.mark.parametrize(
    ("words", "texts"),
    [
        # an amount and the next column's label, the rule between them lost: each in its own column
        (
            [Glyph("173.61", 110.0, 103.0, 140.0, 111.0), Glyph("本年支出合计", 155.0, 103.0, 210.0, 111.0)],
            ["173.61", "本年支出合计"],
        ),
        # two headings, a column each, the rule between them lost in a copy
        (
            [Glyph("基本支出", 110.0, 103.0, 140.0, 111.0), Glyph("项目支出", 185.0, 103.0, 215.0, 111.0)],
            ["基本支出", "项目支出"],
        ),
        # … and what the scan left of that rule, a hairline read as 1 on the columns' edge, is neither's
        (
            [
                Glyph("基本支出", 110.0, 103.0, 140.0, 111.0),
                Glyph("1", 149.6, 104.0, 150.4, 111.0),
                Glyph("项目支出", 185.0, 103.0, 215.0, 111.0),
            ],
            ["基本支出", "项目支出"],
        ),
        # a printed 1 standing across the edge (its flag and foot: no hairline) keeps the cell whole
        (
            [
                Glyph("基本支出", 110.0, 103.0, 140.0, 111.0),
                Glyph("1", 148.5, 104.0, 151.5, 111.0),
                Glyph("项目支出", 185.0, 103.0, 215.0, 111.0),
            ],
            ["基本支出 1 项目支出"],
        ),
        # an amount in its column, the rule to the next (blank) one lost: the amount is its column's alone
        ([Glyph("821.73", 110.0, 103.0, 140.0, 111.0)], ["821.73", ""]),
        # a heading centred across both columns, or letter-spaced over them, stays one cell's
        ([Glyph("决算数", 135.0, 103.0, 165.0, 111.0)], ["决算数"]),
        ([Glyph("852.68", 135.0, 103.0, 165.0, 111.0)], ["852.68"]),
        # an amount a spurious rule cut (17.20 read as 17 | 20) stays whole in its cell
        ([Glyph("17", 130.0, 103.0, 145.0, 111.0), Glyph("20", 155.0, 103.0, 165.0, 111.0)], ["17 20"]),
        ([Glyph("合", 100.0, 103.0, 108.0, 111.0), Glyph("计", 190.0, 103.0, 198.0, 111.0)], ["合 计"]),
    ],
)
def test_a_merged_cell_is_split_where_a_lost_rule_parted_a_number_from_a_label(
    words: list[Glyph], texts: list[str]
) -> None:
    assert [c.text for c in fill_text(MERGED_ACROSS, words).cells] == texts


def test_headings_in_a_header_cell_merged_across_and_down_by_lost_rules_each_keep_their_cell() -> None:
    # a header band's white rules lost in a scan: 本年收入合计 | 财政拨款收入 in one cell two rows tall
    merged = Grid(1, [(50.0, 150.0), (150.0, 250.0)], [(100.0, 115.0), (115.0, 130.0)], [Cell(0, 2, 0, 2)])
    words = [Glyph("本年收入合计", 60.0, 118.0, 120.0, 126.0), Glyph("财政拨款收入", 160.0, 118.0, 220.0, 126.0)]
    cells = [(c.row0, c.col0, c.text) for c in fill_text(merged, words).cells]
    assert cells == [(0, 0, ""), (1, 0, "本年收入合计"), (1, 1, "财政拨款收入")]
