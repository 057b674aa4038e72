"""A scanned amount cell read with a dash or another mark beside its number (a speck of the scan, a
neighbour's empty mark) is that number, and one whose point OCR lost (011, 8 72) is that amount;
anything else is left for the reader to refuse."""

from __future__ import annotations

import pytest

from pipeline.amounts import scanned_amount


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("1.41 -", "1.41"),  # a speck of dust after the amount, read as a dash
        ("— 1,350,100.00", "1,350,100.00"),
        ('29,400,500.00\n"', "29,400,500.00"),  # a speck on the line below, read as a quote
        ("· 62,000.00 '", "62,000.00"),
        ("1.41 万", "1.41 万"),  # a word beside it is no speck
        ("( 1.41 )", "( 1.41 )"),  # a negative amount, its brackets set apart: left for the reader
        ("-", "-"),  # an empty cell's mark
        ("1.41 2.00", "1.41 2.00"),  # two amounts in one cell: no guessing which
        ("本表 -", "本表 -"),  # words, no amount
        ("1.41-", "1.41-"),  # a sign written after the number is no dash set apart
        ("011", "0.11"),  # 0.11, its point lost: no whole amount opens with 0
        ("011 -", "0.11"),
        ("0115", "0115"),  # no amount to the cent: left for the sums
        ("110", "110"),  # a whole amount, or a point lost where the sums must say (1.10, 11.0)
        ("8 72", "8.72"),  # its point a blank: faint, or a speck the scan lost
        ("1,503 52", "1,503.52"),
        ("1 503", "1 503"),  # three digits after the blank: a separator, or two numbers; left for the reader
        ("39 10.68", "39 10.68"),  # a line number beside the amount
        ("0 68", "0.68"),
        ("06 01", "06 01"),  # two codes (款 项) in one cell: no amount opens with 0
    ],
)
def test_a_scanned_amount_cell_is_read_as_printed(text: str, kept: str) -> None:
    assert scanned_amount(text) == kept
