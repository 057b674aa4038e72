"""Glyphs of the text layer → words."""

from __future__ import annotations

import pytest

from pipeline.pdf import Glyph
from pipeline.words import words_of


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
