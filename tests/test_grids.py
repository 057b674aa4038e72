"""Words → the text of the grid cell holding them."""

from __future__ import annotations

import pytest

from pipeline.grids import Cell, Grid, fill_text
from pipeline.pdf import Glyph

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
