"""Glyphs of the text layer → words."""

from __future__ import annotations

import pytest

from pipeline.pdf import Glyph
from pipeline.words import Box, group_lines, words_of


def _glyphs(text: str) -> list[Glyph]:
    """One glyph per character, set close together as one run."""
    return [Glyph(ch, 10 + 5 * i, 0, 15 + 5 * i, 10) for i, ch in enumerate(text)]


@pytest.mark.parametrize(
    ("printed", "words"),
    [
        ("1,809,200.001,709,200.00", ["1,809,200.00", "1,709,200.00"]),  # too wide for their columns
        ("1393800.001293800.00100.00", ["1393800.00", "1293800.00", "100.00"]),
        ("12.3456", ["12.3456"]),  # one amount with four decimals
        ("153,900.00", ["153,900.00"]),
        ("2023.01.01", ["2023.01.01"]),
    ],
)
def test_amounts_run_together_are_cut_after_their_two_decimals(printed: str, words: list[str]) -> None:
    assert [w.text for w in words_of(_glyphs(printed))] == words


def test_an_amount_shrunk_to_fit_and_set_at_the_top_of_its_row_stays_in_it() -> None:
    # its centre stands above those of the row's other words (sorted first), within their height
    row = [Box("201", 39, 166.5, 53.9, 175.6), Box("一般公共服务支出", 96, 166.1, 168, 175.6)]
    row += [Box("8,217,300.00", 232.1, 166.4, 276.5, 174.2), Box("8,217,300.00", 283.9, 165.9, 328.3, 169.6)]
    above = [Box("合计", 152.9, 150, 170.9, 159.6), Box("8,526,800.00", 232.1, 150.4, 276.5, 158.2)]
    below = [Box("20137", 39, 182.5, 63.8, 191.6), Box("网信事务", 105, 182.1, 141, 191.6)]
    lines = group_lines(below + row + above)
    assert [[w.text for w in line] for line in lines] == [[w.text for w in part] for part in (above, row, below)]
