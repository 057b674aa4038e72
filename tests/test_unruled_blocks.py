"""A stacked 04 printed as two tables, as a Word document's two tables print it: the income half under
项目 | 行次 | 决算数, then the spending half under a header of its own, its columns elsewhere; that
header may stand alone at the foot of a page, its rows on the next."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from pipeline.unruled import headed, header_only, table_blocks, words_grid
from pipeline.words import Box
from tests.reading import read_table


def _line(top: float, *words: tuple[str, float, float]) -> list[Box]:
    return [Box(text, x0, top, x1, top + 8) for text, x0, x1 in words]


INCOME = [
    *_line(100, ("项目", 50, 70), ("行次", 300, 318), ("决算数", 480, 506)),
    *_line(118, ("收入", 250, 268)),
    *_line(136, ("一、一般公共预算财政拨款", 52, 160), ("1", 306, 311), ("852.68", 482, 506)),
    *_line(154, ("本年收入合计", 52, 106), ("4", 306, 311), ("852.68", 482, 506)),
    *_line(172, ("总计", 150, 168), ("9", 306, 311), ("852.68", 482, 506)),
]
SPENDING = [
    *_line(220, ("项目", 50, 70), ("行次", 200, 218), ("小计", 270, 288)),
    *_line(214, ("一般公共预算财政拨款", 330, 410), ("政府性基金预算财政拨款", 430, 520)),
    *_line(238, ("支出", 250, 268)),
    *_line(256, ("一、一般公共服务支出", 52, 140), ("10", 204, 213), ("821.73", 264, 288)),
    *_line(256, ("821.73", 386, 410), ("-", 500, 504)),
    *_line(274, ("二、社会保障和就业支出", 52, 148), ("11", 204, 213), ("30.95", 268, 288)),
    *_line(274, ("30.95", 390, 410), ("-", 500, 504)),
    *_line(292, ("本年支出合计", 52, 106), ("12", 204, 213), ("852.68", 264, 288)),
    *_line(292, ("852.68", 386, 410), ("-", 500, 504)),
]


EXPECTED = {
    ("inc.gpb_appropriation", "actual"): Decimal("852.68"),
    ("inc.total", "actual"): Decimal("852.68"),
    ("inc.grand_total", "actual"): Decimal("852.68"),
    ("201", "total"): Decimal("821.73"),
    ("201", "gpb"): Decimal("821.73"),
    ("208", "total"): Decimal("30.95"),
    ("208", "gpb"): Decimal("30.95"),
    ("exp.total", "total"): Decimal("852.68"),
    ("exp.total", "gpb"): Decimal("852.68"),
}


def _facts(*pages: list[list[Box]]) -> dict[tuple[str, str], Decimal]:
    grids = [words_grid(n, block, table_code="04") for n, blocks in enumerate(pages, 1) for block in blocks]
    return {(f.line_key, f.measure): f.amount for f in read_table("04", *[g for g in grids if g]).facts}


def test_a_header_again_below_rows_starts_a_table_of_its_own() -> None:
    blocks = table_blocks(INCOME + SPENDING)
    assert [sorted(b.text for b in block) for block in blocks] == [
        sorted(b.text for b in INCOME),
        sorted(b.text for b in SPENDING),
    ]


def test_the_halves_of_a_stacked_04_printed_as_two_tables_are_read_each_by_its_own_columns() -> None:
    assert _facts(table_blocks(INCOME + SPENDING)) == EXPECTED


def test_a_header_alone_at_a_pages_foot_heads_the_rows_the_next_page_continues_with() -> None:
    header, rows = SPENDING[:5], SPENDING[5:]
    *first_page, foot = table_blocks(INCOME + header)
    assert header_only(foot) and not header_only(first_page[0])
    next_page = [replace(w, top=w.top - 200, bottom=w.bottom - 200) for w in rows]
    assert _facts(first_page, [headed(next_page, foot)]) == EXPECTED
    # a page printing the header again keeps its own, not a second over it
    assert headed(headed(next_page, foot), foot) == headed(next_page, foot)
