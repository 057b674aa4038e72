"""An amount cell read with a dash beside its number (a speck of the scan, a neighbour's empty mark)
is that number; anything else is left for the reader to refuse."""

from __future__ import annotations

import pytest

from pipeline.amounts import without_dashes


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("1.41 -", "1.41"),  # a speck of dust after the amount, read as a dash
        ("— 1,350,100.00", "1,350,100.00"),
        ("-", "-"),  # an empty cell's mark
        ("1.41 2.00", "1.41 2.00"),  # two amounts in one cell: no guessing which
        ("本表 -", "本表 -"),  # words, no amount
        ("1.41-", "1.41-"),  # a sign written after the number is no dash set apart
    ],
)
def test_a_dash_beside_an_amount_in_its_cell_is_dropped(text: str, kept: str) -> None:
    assert without_dashes(text) == kept
