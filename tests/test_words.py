"""Glyphs of the text layer → words."""

from __future__ import annotations

import pytest

from pipeline.glyph import Glyph
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


def _set(*runs: tuple[str, float, float], top: float = 0) -> list[Glyph]:
    """Runs of text (text, x where it starts, letter spacing) on a line, glyphs 5 pt wide and 10 pt high."""
    glyphs = []
    for text, x, spacing in runs:
        for i, ch in enumerate(text):
            left = x + i * (5 + spacing)
            glyphs.append(Glyph(ch, left, top, left + 5, top + 10))
    return glyphs


@pytest.mark.parametrize(
    ("runs", "words"),
    [
        # amounts letter-spaced 2.5 pt apart (the publisher's tracking), a column's gap between them
        ((("2106.66", 0, 2.5), ("1503.52", 100, 2.5)), ["2106.66", "1503.52"]),
        # a word of two letters spaced as the line's longer words are
        ((("27", 0, 2.5), ("852.68", 60, 2.5)), ["27", "852.68"]),
        # with Chinese characters, spaced alike
        ((("合计", 0, 3.0), ("852.68", 60, 3.0)), ["合计", "852.68"]),
        # no tracking: a gap as wide still parts two words
        ((("27", 0, 0.0), ("852.68", 12.5, 0.0)), ["27", "852.68"]),
        # single characters in equal columns, under a character apart: two gaps alike are no tracking
        (
            (("类", 0, 0.0), ("款", 10.5, 0.0), ("项", 21, 0.0), ("1.00", 40, 0.0), ("2.00", 65.5, 0.0)),
            ["类", "款", "项", "1.00", "2.00"],
        ),
        # gaps repeated, but a character wide: columns of single digits (栏次 1 2 3)
        ((("1", 0, 0.0), ("2", 12, 0.0), ("3", 24, 0.0)), ["1", "2", "3"]),
    ],
)
def test_letter_spaced_words_stay_whole(runs: tuple[tuple[str, float, float], ...], words: list[str]) -> None:
    assert [w.text for w in words_of(_set(*runs))] == words


def test_a_word_with_one_letter_spaced_gap_keeps_the_texts_spacing() -> None:
    # the page number - 12 - of a letter-spaced page: 1 and 2 are as far apart as the amounts' digits
    page = _set(("2106.66", 0, 2.5), ("1503.52", 100, 2.5)) + _set(("-", 40, 0), ("12", 52, 2.5), ("-", 72, 0), top=50)
    assert [w.text for w in words_of(page)] == ["2106.66", "1503.52", "-", "12", "-"]


def test_an_amount_shrunk_to_fit_and_set_at_the_top_of_its_row_stays_in_it() -> None:
    # its centre stands above those of the row's other words (sorted first), within their height
    row = [Box("201", 39, 166.5, 53.9, 175.6), Box("一般公共服务支出", 96, 166.1, 168, 175.6)]
    row += [Box("8,217,300.00", 232.1, 166.4, 276.5, 174.2), Box("8,217,300.00", 283.9, 165.9, 328.3, 169.6)]
    above = [Box("合计", 152.9, 150, 170.9, 159.6), Box("8,526,800.00", 232.1, 150.4, 276.5, 158.2)]
    below = [Box("20137", 39, 182.5, 63.8, 191.6), Box("网信事务", 105, 182.1, 141, 191.6)]
    lines = group_lines(below + row + above)
    assert [[w.text for w in line] for line in lines] == [[w.text for w in part] for part in (above, row, below)]


@pytest.mark.parametrize(
    ("runs", "words"),
    [
        # headings set out a character at a time, an em and more apart: the words the tables print
        ((("项", 0, 0), ("目", 25, 0), ("预", 100, 0), ("算", 112, 0), ("数", 124, 0)), ["项目", "预算数"]),
        ((("合", 0, 0), ("计", 18, 0), ("852.68", 60, 0)), ["合计", "852.68"]),
        # single characters as evenly apart that spell no such word are columns of their own
        ((("类", 0, 0), ("款", 20, 0), ("项", 40, 0)), ["类", "款", "项"]),
        # nor are characters joined that stand unevenly (项 of one column, 目 far off in another)
        ((("项", 0, 0), ("目", 12, 0), ("合", 50, 0), ("计", 62, 0)), ["项目", "合计"]),
    ],
)
def test_words_set_out_a_character_at_a_time_are_read_whole(
    runs: tuple[tuple[str, float, float], ...], words: list[str]
) -> None:
    assert [w.text for w in words_of(_set(*runs))] == words
