"""A digit misread does not pass silently: the tables' arithmetic finds it, and corrects it where it can.

The facts are those of a real table reading (a sample's text layer, read exactly), marked as OCR'd
where a scan would have been; a misread is planted by hand, so each case is known for certain.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.extract import extract_document
from pipeline.model import Fact, Status, Unreadable
from pipeline.placing import placed_by_sums
from pipeline.repair import repair
from tests.conftest import ROOT

SAMPLES = ROOT / "data" / "samples"
WAN = SAMPLES / "whhp-dsjzx-2022-ruled.pdf"  # 万元, amounts to the cent
YUAN = SAMPLES / "whhp-sjzyfwzx-2023-unruled-yuan.pdf"  # 元, figures kept in 万元: rounded to 100 元
BUDGET = SAMPLES / "whhp-dsjzx-2022-budget.pdf"  # a budget: 01 and 04's income half print 预算数

Key = tuple[str, str, str]


def _read(path: Path) -> list[Fact]:
    doc = extract_document(path)
    assert doc.status == Status.LOADED, doc.error
    return doc.facts


@pytest.fixture(scope="module")
def facts() -> list[Fact]:
    return _read(WAN)


@pytest.fixture(scope="module")
def budget() -> list[Fact]:
    return _read(BUDGET)


def _key(f: Fact) -> Key:
    return (f.table_code, f.line_key, f.measure)


def scanned(facts: list[Fact], *tables: str) -> list[Fact]:
    """The facts as they come when these tables' pages are scans: read by OCR."""
    return [replace(f, provenance="ocr") if f.table_code in tables else f for f in facts]


def misread(facts: list[Fact], key: Key, amount: str, provenance: str | None = None) -> list[Fact]:
    assert key in {_key(f) for f in facts}, key
    return [
        replace(f, amount=Decimal(amount), provenance=provenance or f.provenance) if _key(f) == key else f
        for f in facts
    ]


def by_key(facts: list[Fact]) -> dict[Key, Fact]:
    return {_key(f): f for f in facts}


@pytest.mark.parametrize(
    ("key", "read_as"),
    [
        (("05", "2013750", "project"), "655.39"),  # a digit wrong: row sum and 款 = Σ项 both break
        (("05", "201", "total"), "827.73"),  # a class total: its row, 合计 = Σ类, 类 = Σ款, and table 04
        (("05", "2210201", "basic"), "10.9"),  # a digit dropped
        (("05", "2210202", "total"), "218"),  # the decimal point lost: one character, though 218 is far from 2.18
    ],
)
def test_misread_pinned_down_by_the_sums_is_corrected_and_recorded(facts, key: Key, read_as: str) -> None:
    exact = scanned(facts, "05")
    repaired = by_key(repair(misread(exact, key, read_as)))
    assert repaired[key].amount == by_key(exact)[key].amount
    assert repaired[key].provenance == f"ocr-corrected: was {Decimal(read_as)}"
    others = {k: f for k, f in repaired.items() if k != key}
    assert others == {k: f for k, f in by_key(exact).items() if k != key}  # nothing else touched


def test_misread_the_sums_cannot_pin_down_is_marked_unverified_not_changed(facts) -> None:
    # Without its basic and project columns, a 项 total takes part in one identity only (款 = Σ项):
    # which of that sum's terms was misread, the arithmetic cannot say.
    exact = [f for f in scanned(facts, "05") if f.table_code != "05" or f.measure == "total"]
    key = ("05", "2013750", "total")
    repaired = by_key(repair(misread(exact, key, "760.85")))
    assert repaired[key].amount == Decimal("760.85")
    siblings = [("05", code, "total") for code in ("20137", "2013704", "2013750", "2013799")]
    assert {repaired[k].provenance for k in siblings} == {"ocr-unverified"}
    assert {f.provenance for k, f in repaired.items() if k not in siblings and k[0] == "05"} == {"ocr"}


def test_text_layer_facts_are_never_changed(facts) -> None:
    # A misprint in the text layer breaks the same sums; the OCR'd facts around it are doubted instead.
    key = ("05", "2013750", "project")
    planted = misread(scanned(facts, "05"), key, "655.39", provenance="text")
    repaired = by_key(repair(planted))
    assert repaired[key] == by_key(planted)[key]
    assert repaired[("05", "2013750", "total")].provenance == "ocr-unverified"
    assert all(f.amount == by_key(planted)[k].amount for k, f in repaired.items())


@pytest.mark.parametrize("sample", [WAN, YUAN], ids=["wan", "yuan"])
def test_exact_reading_is_left_alone(sample: Path) -> None:
    # Published figures carry rounding differences (尾数误差): 0.01 万元, or 100 元 when 万元 figures print in 元.
    exact = scanned(_read(sample), "01", "02", "03", "04", "05", "06", "07", "08", "09")
    assert repair(exact) == exact


# Misreads that stay within the rounding tolerance: (scanned tables, key, printed, read as, kept, provenance)
WITHIN_ROUNDING = {
    # 135.01 read as 135.0: the table prints two decimals, so its identities are held to the cent and
    # two of them (its row and its column) pin the digit down
    "dropped digit, pinned down": (("05",), ("05", "total", "basic"), "135.01", "135.0", "135.01", "corrected"),
    # 7.92 read as 7.9 in table 06: its one identity (301 = Σ301xx) cannot say which term lost a digit
    "dropped digit, one identity": (("06",), ("06", "30106", "actual"), "7.92", "7.9", "7.9", "ocr-unverified"),
    # 38.30 read as 38.3: the same amount, its sums hold to the cent
    "same amount": (("05",), ("05", "2013799", "total"), "38.30", "38.3", "38.30", "ocr"),
    # 0.11 read as 0.12: its one identity (302 = Σ302xx) is off by a cent, which rounding would excuse
    "a cent off": (("06",), ("06", "30201", "actual"), "0.11", "0.12", "0.12", "ocr-unverified"),
    # 10.49 read as 10.51: its column (22102 = Σ项, two terms) would excuse two cents, but its row (total =
    # basic, one term) is broken past rounding, and 10.49 makes both hold to the cent
    "two cents off, its row broken": (("05",), ("05", "2210201", "basic"), "10.49", "10.51", "10.49", "corrected"),
    # 135.01 read as 135.02: the row and column of 05 say 135.01, but the 05/06 identity now holds to the
    # cent (the document's own rounding difference): a cent is no evidence to correct on
    "a cent off, sums disagree": (
        ("05", "06"),
        ("05", "total", "basic"),
        "135.01",
        "135.02",
        "135.02",
        "ocr-unverified",
    ),
}


@pytest.mark.parametrize("case", sorted(WITHIN_ROUNDING))
def test_misread_within_rounding_is_not_passed_silently(facts, case: str) -> None:
    tables, key, printed, read_as, kept, provenance = WITHIN_ROUNDING[case]
    exact = scanned(facts, *tables)
    assert by_key(exact)[key].amount == Decimal(printed)
    repaired = by_key(repair(misread(exact, key, read_as)))[key]
    assert repaired.amount == Decimal(kept)
    expected = f"ocr-corrected: was {Decimal(read_as)}" if provenance == "corrected" else provenance
    assert repaired.provenance == expected


def test_points_lost_down_a_chain_of_equal_sums_are_restored(facts) -> None:
    # 10.68 read as 1068 in 208, 20805 and 2080505 alike (a blurred scan): 类 = Σ款 = Σ项 still hold, so
    # the sums cannot tell, but no table printed to the cent prints a whole amount
    chain = [("05", code, "total") for code in ("208", "20805", "2080505")]
    planted = scanned(facts, "05")
    for key in chain:
        planted = misread(planted, key, "1068")
    repaired = by_key(repair(planted))
    assert {(repaired[k].amount, repaired[k].provenance) for k in chain} == {
        (Decimal("10.68"), "ocr-corrected: was 1068")
    }


def test_a_point_restored_in_the_wrong_place_is_corrected_by_the_sums(facts) -> None:
    # 760.05 read as 7605, a digit lost with the point: 76.05 breaks its row and its column, 760.05 mends both
    key = ("05", "2013750", "total")
    repaired = by_key(repair(misread(scanned(facts, "05"), key, "7605")))[key]
    assert (repaired.amount, repaired.provenance) == (Decimal("760.05"), "ocr-corrected: was 7605")


def _unreadable(facts: list[Fact], key: Key, text: str) -> tuple[list[Fact], list[Unreadable]]:
    """The facts with one cell read as no amount (82 L 73): it comes apart, its amount a blank's."""
    fact = by_key(facts)[key]
    return [f for f in facts if f is not fact], [Unreadable(replace(fact, amount=Decimal(0)), text)]


@pytest.mark.parametrize(
    ("key", "text"),
    [
        (("05", "20137", "total"), "82 L 73"),  # a 款 total: its row, 类 = Σ款, 款 = Σ项
        (("05", "2013704", "project"), "2B.38"),  # a 项: its row and 款 = Σ项
    ],
)
def test_an_unreadable_amount_the_sums_pin_down_is_recovered(facts, key: Key, text: str) -> None:
    exact = scanned(facts, "05")
    read, unreadable = _unreadable(exact, key, text)
    repaired = by_key(repair(read, unreadable))
    assert repaired[key].amount == by_key(exact)[key].amount
    assert repaired[key].provenance == f"ocr-corrected: was {text}"
    assert {k: f for k, f in repaired.items() if k != key} == {k: f for k, f in by_key(exact).items() if k != key}


def test_an_unreadable_amount_the_sums_allow_two_values_for_takes_the_one_read() -> None:
    # 商品和服务支出 (171.07) read 1.71.07: 公用经费合计 = 302 + 310 says 171.07, its 款 add up to 171.09
    # (a rounding difference of the document's own); both hold within rounding, the digits read decide
    printed = {"public_total": "184.65", "310": "13.58", "30201": "100.00", "30202": "50.00", "30299": "21.09"}
    read = [Fact("06", line, "actual", Decimal(a), "万元", 1, provenance="ocr") for line, a in printed.items()]
    lost = Unreadable(Fact("06", "302", "actual", Decimal(0), "万元", 1, provenance="ocr"), "1.71.07")
    repaired = by_key(repair(read, [lost]))[("06", "302", "actual")]
    assert (repaired.amount, repaired.provenance) == (Decimal("171.07"), "ocr-corrected: was 1.71.07")


def test_an_unreadable_amount_of_one_sum_is_recovered_only_from_every_digit_read() -> None:
    # 其他商品和服务支出 (11.53) read 1.1.53, a speck for a point: only 302 = Σ款 holds it, and it does
    # with the digits read, though the document's own rounding leaves 11.51 over; one digit off, a
    # single sum is no evidence
    printed = {"302": "161.51", "30201": "100.00", "30202": "50.00"}
    read = [Fact("06", line, "actual", Decimal(a), "万元", 1, provenance="ocr") for line, a in printed.items()]
    key = ("06", "30299", "actual")
    for text, recovered in (("1.1.53", Decimal("11.53")), ("1.1.58", None), ("1153.", Decimal("11.53"))):
        lost = Unreadable(Fact(*key, Decimal(0), "万元", 1, provenance="ocr"), text)
        repaired = by_key(repair(read, [lost]))
        assert (repaired[key].amount if key in repaired else None) == recovered


def test_a_table_whose_every_amount_is_unreadable_changes_no_amount(facts) -> None:
    # a fax's table 01 read as no amount anywhere: its identities with 02 and 03 stood on blanks alone, and
    # repair failed the whole document looking up the rounding of a table with no amount
    exact = scanned(facts, "01", "02", "03")
    read, unreadable = exact, []
    for key in [_key(f) for f in exact if f.table_code == "01"]:
        read, lost = _unreadable(read, key, "8 B")
        unreadable += lost
    repaired = by_key(repair(read, unreadable))
    assert {k: f.amount for k, f in repaired.items()} == {k: f.amount for k, f in by_key(read).items()}


def test_an_unreadable_amount_whose_thousands_commas_read_as_points_is_recovered() -> None:
    # 1,323,700.00 read with its commas as points and a digit as L: three characters off as printed,
    # one in its digits; the sums place the point
    exact = scanned(_read(YUAN), "05")
    key = ("05", "201", "total")
    read, unreadable = _unreadable(exact, key, "1.323.7L0.00")
    repaired = by_key(repair(read, unreadable))[key]
    assert (repaired.amount, repaired.provenance) == (Decimal("1323700.00"), "ocr-corrected: was 1.323.7L0.00")


def test_unreadable_amounts_in_one_sum_are_recovered_one_after_the_other(facts) -> None:
    # a 款 and its one 项 both unreadable: 款 = Σ项 speaks for neither until one is known, but the 款's
    # row and its 类 pin it down, then the 项's row and its 款 pin the 项 down
    exact = scanned(facts, "05")
    keys = [("05", "20805", "total"), ("05", "2080505", "total")]
    read, first = _unreadable(exact, keys[0], "10 - 68")
    read, second = _unreadable(read, keys[1], "10 - 68")
    repaired = by_key(repair(read, first + second))
    assert {k: f.amount for k, f in repaired.items()} == {k: f.amount for k, f in by_key(exact).items()}
    assert {repaired[k].provenance for k in keys} == {"ocr-corrected: was 10 - 68"}


def test_an_unreadable_amount_stays_out_where_the_sums_do_not_pin_it_down(facts) -> None:
    # 2013750/project read as 6 S: its row and 款 = Σ项 agree on 655.99, two characters too far from it;
    # and with its 项 siblings also unreadable, 款 = Σ项 speaks for neither
    exact = scanned(facts, "05")
    read, far = _unreadable(exact, ("05", "2013750", "project"), "6 S")
    assert ("05", "2013750", "project") not in by_key(repair(read, far))
    read, first = _unreadable(exact, ("05", "2013704", "project"), "2B.38")
    read, second = _unreadable(read, ("05", "2013799", "project"), "3B.30")
    without_rows = [f for f in read if f.measure == "project"]
    unread = {_key(u.fact) for u in first + second}
    assert not unread & by_key(repair(without_rows, first + second)).keys()


def test_a_chain_of_sums_misread_alike_is_corrected_together(facts) -> None:
    # 208 and its one 款 20805 (10.68 each) both read 0.68: 208 = Σ款 still holds, so neither can be put
    # right alone; their row sums and 20805 = Σ项 pin 10.68 down for both
    exact = scanned(facts, "05")
    keys = [("05", "208", "total"), ("05", "20805", "total")]
    read = misread(misread(exact, keys[0], "0.68"), keys[1], "0.68")
    repaired = by_key(repair(read))
    assert [repaired[k].amount for k in keys] == [by_key(exact)[k].amount for k in keys]
    assert {repaired[k].provenance for k in keys} == {"ocr-corrected: was 0.68"}
    assert {k: f for k, f in repaired.items() if k not in keys} == {
        k: f for k, f in by_key(exact).items() if k not in keys
    }


def test_a_class_misread_alike_in_two_tables_is_corrected_in_both(facts) -> None:
    # 210 (7.60) read as 60 in 01 and in 03: 01's class = 03's class still holds, so neither can be put
    # right alone; 03's row, 210 = Σ款, 合计 = Σ类 and 01's 本年支出合计 pin 7.60 down for both
    exact = scanned(facts, "01", "03")
    keys = [("01", "210", "actual"), ("03", "210", "total")]
    read = misread(misread(exact, keys[0], "60"), keys[1], "60")
    repaired = by_key(repair(read))
    assert [repaired[k].amount for k in keys] == [Decimal("7.60")] * 2
    assert {repaired[k].provenance for k in keys} == {"ocr-corrected: was 60"}


def test_grand_totals_misread_alike_across_a_balance_are_corrected_together(facts) -> None:
    # 04's two 总计 (852.68) both read 852.88: income = expenditure still holds, though it joins two
    # measures (决算数 and 合计) of one table, so neither can be put right alone; each half's own sum
    # (本年收入合计 + 年初结转, 本年支出合计 + 年末结转) and the 总计 row pin 852.68 down for both
    exact = scanned(facts, "04")
    keys = [("04", "inc.grand_total", "actual"), ("04", "exp.grand_total", "total")]
    read = misread(misread(exact, keys[0], "852.88"), keys[1], "852.88")
    repaired = by_key(repair(read))
    assert [repaired[k].amount for k in keys] == [Decimal("852.68")] * 2
    assert {repaired[k].provenance for k in keys} == {"ocr-corrected: was 852.88"}


PAIRS = {
    # 01's 210 (7.60) and 221 (12.67) both misread: 本年支出合计 = Σ类 breaks by both, so neither can be
    # put right alone; 03's classes pin each down, and the sum then holds
    "two in one sum": ("01", {("01", "210", "actual"): ("7.80", "7.60"), ("01", "221", "actual"): ("12.61", "12.67")}),
    # a fax's 8 read as 3 in 02's 合计 (852.68) and in its 类 201 (821.73): 合计 = Σ类 still holds, so
    # no sum breaks by one of them alone; each row's sum (本年收入合计 = 财政拨款 + …) pins its own down
    "a total and its part alike": (
        "02",
        {("02", "total", "total"): ("352.68", "852.68"), ("02", "201", "total"): ("321.73", "821.73")},
    ),
}


@pytest.mark.parametrize("case", sorted(PAIRS))
def test_two_misreads_each_pinned_down_by_another_sum_are_corrected_together(facts, case: str) -> None:
    table, misreads = PAIRS[case]
    exact = scanned(facts, table)
    read = exact
    for key, (read_as, _) in misreads.items():
        read = misread(read, key, read_as)
    repaired = by_key(repair(read))
    assert {k: repaired[k].amount for k in misreads} == {k: Decimal(printed) for k, (_, printed) in misreads.items()}
    assert {k: repaired[k].provenance for k in misreads} == {
        k: f"ocr-corrected: was {read_as}" for k, (read_as, _) in misreads.items()
    }
    assert {k: f for k, f in repaired.items() if k not in misreads} == {
        k: f for k, f in by_key(exact).items() if k not in misreads
    }


def test_a_speck_read_as_a_small_whole_amount_the_sums_hold_without_is_dropped(facts) -> None:
    # a speck beside 十五、商业服务业等支出's blank cell read as 1: no table printed to the cent prints a
    # whole amount, and 本年支出合计 = Σ类 holds without it; 7.60 read as 7 is needed by the sums: kept
    exact = scanned(facts, "01")
    speck = replace(next(f for f in exact if _key(f) == ("01", "210", "actual")), line_key="216", amount=Decimal(1))
    repaired = by_key(repair([*exact, speck]))
    assert ("01", "216", "actual") not in repaired and repaired == by_key(exact)
    lost = by_key(repair(misread(exact, ("01", "210", "actual"), "7")))
    assert ("01", "210", "actual") in lost


def test_a_speck_the_sums_put_right_to_nothing_is_dropped_not_kept_as_zero(facts) -> None:
    # a stain's rim read as 85 and 5 in two of 21011's blank cells: each breaks its 款 = Σ项, both the
    # row, so the sums put the pair right to 0; the cells printed nothing (no printed 0.00 reads as 85)
    exact = scanned(facts, "02")
    row = next(f for f in exact if _key(f) == ("02", "21011", "total"))
    specks = [replace(row, measure=m, amount=Decimal(a)) for m, a in (("superior_subsidy", 85), ("public_service", 5))]
    assert by_key(repair([*exact, *specks])) == by_key(exact)


def test_an_amount_that_lost_its_point_and_the_digits_after_it_is_restored_whole(facts) -> None:
    # 760.05 read as 760: taken for 7.60 whose point was lost, though its row and its 款 = Σ项 both say 760.05
    exact = scanned(facts, "03")
    key = ("03", "2013750", "total")
    repaired = by_key(repair(misread(exact, key, "760")))
    assert (repaired[key].amount, repaired[key].provenance) == (Decimal("760.05"), "ocr-corrected: was 760")


def test_an_amount_that_lost_its_point_alone_is_not_solved_for_a_slip_of_the_documents_own(facts) -> None:
    # 59.15 read as 5915 under a 类 total printed 0.02 off its 款 (a slip of the document's own): the
    # sums say 59.17, but 5915 is how 59.15 reads without its point, not how 59.17 begins
    slipped = misread(scanned(facts, "06"), ("06", "301", "actual"), "129.00")
    key = ("06", "30107", "actual")
    repaired = by_key(repair(misread(slipped, key, "5915")))
    assert repaired[key].amount == Decimal("59.15")


def test_specks_down_one_blank_column_that_need_each_other_are_dropped_together(facts) -> None:
    # a crease across a landscape page read as 1 in the blank 上缴上级支出 column of 合计, 210 and 21011:
    # 合计 = Σ类 held 1 = 1, 210 = Σ款 too, so no one of them could go alone; with all three gone every
    # identity of theirs holds
    exact = scanned(facts, "03")
    specks = [
        replace(
            next(f for f in exact if _key(f) == ("03", line, "total")), measure="remit_to_superior", amount=Decimal(1)
        )
        for line in ("total", "210", "21011")
    ]
    assert by_key(repair([*exact, *specks])) == by_key(exact)


def test_a_lost_row_is_not_taken_up_by_a_sibling_whose_amounts_stand_alike() -> None:
    # OCR lost the row 2013799 (20.00, project only); 2013704 beside it prints 10.00 as total and as
    # project: raising both to 30.00 would put its row and 款 = Σ项 right, but nothing was misread there
    printed = {"total": "30.00", "201": "30.00", "20137": "30.00", "2013704": "10.00"}
    lost = [
        Fact("05", line, m, Decimal(a), "万元", 1, provenance="ocr")
        for line, a in printed.items()
        for m in ("total", "project")
    ]
    repaired = by_key(repair(lost))
    assert {repaired[("05", "2013704", m)].amount for m in ("total", "project")} == {Decimal("10.00")}
    assert repaired[("05", "2013704", "total")].provenance == "ocr-unverified"


def test_amounts_that_lost_their_point_and_the_digits_around_it_are_corrected(facts) -> None:
    # a faint copy drops 7. of 7.60 wherever it is printed: 04's 210 (total and 一般公共预算, alike in
    # their row) and 05's 210 total (alike across the tables) read 60, so no one of them can be put
    # right alone; and it drops 6.0 of 06's 公用经费合计 (6.04), which reads 4: more than two characters
    # off, but only dropped ones, round a point that was lost
    exact = scanned(facts, "04", "05", "06")
    keys = [("04", "210", "total"), ("04", "210", "gpb"), ("05", "210", "total")]
    read = misread(exact, ("06", "public_total", "actual"), "4")
    for key in keys:
        read = misread(read, key, "60")
    repaired = by_key(repair(read))
    assert [repaired[k].amount for k in keys] == [Decimal("7.60")] * 3
    assert {repaired[k].provenance for k in keys} == {"ocr-corrected: was 60"}
    assert repaired[("06", "public_total", "actual")].amount == Decimal("6.04")
    assert repaired[("06", "public_total", "actual")].provenance == "ocr-corrected: was 4"
    unchanged = [*keys, ("06", "public_total", "actual")]
    assert {k: f for k, f in repaired.items() if k not in unchanged} == {
        k: f for k, f in by_key(exact).items() if k not in unchanged
    }


def _unplaced(facts: list[Fact], key: Key, label: str) -> tuple[list[Fact], list[Fact]]:
    """The facts with one row's label read as naming no line: its amount comes apart, unplaced."""
    fact = by_key(facts)[key]
    return [f for f in facts if f is not fact], [replace(fact, line_key="", row_label=label)]


@pytest.mark.parametrize(
    ("key", "label"),
    [
        (("01", "inc.gpb_appropriation", "actual"), "一般公共预算财政"),  # a sum of income lines: the label decides
        (("06", "public_total", "actual"), "公用经用经费合"),  # the one line the sums take it on
        (("01", "210", "actual"), ""),  # a class, nothing read of its label: 本年支出合计 and 03's 210
    ],
)
def test_an_amount_whose_label_ocr_could_not_read_is_placed_by_the_sums(facts, key: Key, label: str) -> None:
    exact = scanned(facts, "01", "03", "06")
    read, unplaced = _unplaced(exact, key, label)
    [placed] = placed_by_sums(unplaced, read)
    assert (placed.line_key, placed.amount) == (key[1], by_key(exact)[key].amount)
    assert placed.provenance == f"ocr-placed: row read as {label!r}"


def test_a_rows_amounts_whose_label_ocr_could_not_read_are_placed_on_one_line_together(facts) -> None:
    # 04's 210 (合计 and 一般公共预算 alike): either alone on the line breaks its row sum
    exact = scanned(facts, "04", "05")
    keys = [("04", "210", "total"), ("04", "210", "gpb")]
    read, unplaced = exact, []
    for key in keys:
        read, lost = _unplaced(read, key, "三卫生健康支出三、卫生会健康支出")
        unplaced += lost
    placed = by_key(placed_by_sums(unplaced, read))
    assert {k: f.amount for k, f in placed.items()} == {k: by_key(exact)[k].amount for k in keys}


@pytest.mark.parametrize(
    "key",
    [
        ("01", "210", "actual"),
        # a wrapped label's tail read as a row of its own with the amount: as 财政拨款收入 (of which the
        # printed 一般公共预算财政拨款收入 is one line), 本年收入合计 would be a sum of it instead
        ("01", "inc.gpb_appropriation", "actual"),
    ],
)
def test_an_amount_whose_label_ocr_could_not_read_is_not_placed_where_the_sums_hold_without_it(facts, key: Key) -> None:
    # a row read twice (its amount already on its line): no identity is broken for it to put right
    exact = scanned(facts, "01")
    again = replace(by_key(exact)[key], line_key="", row_label="")
    assert placed_by_sums([again], exact) == []


def test_a_misread_off_the_hundreds_of_a_table_in_yuan_kept_in_wan_is_corrected() -> None:
    # 元 figures kept in 万元: every amount whole hundreds, so each sum is excused up to 100 元 a term,
    # and 76000.60 for 76000.00 had passed as read; off the table's step, it is held to its sums exactly
    key = ("02", "20137", "fiscal_appropriation")
    exact = scanned(_read(YUAN), "02")
    assert by_key(exact)[key].amount == Decimal("1323700.00")
    repaired = by_key(repair(misread(exact, key, "1323700.60")))[key]
    assert (repaired.amount, repaired.provenance) == (Decimal("1323700.00"), "ocr-corrected: was 1323700.60")


@pytest.mark.parametrize(
    ("key", "read_as"),
    [
        (("01", "201", "budget"), "329.21"),  # a budget's 01 class: checked by 03's alone
        (("04", "210", "total"), "3.10"),  # its row sum alone: its one part, gpb, checked by 05's class
        (("06", "total", "personnel"), "189.85"),  # 人员经费合计: its row, and 合计 = Σ类 in its column
    ],
)
def test_a_budgets_misread_one_sum_pins_down_with_its_other_terms_checked_is_corrected(
    budget, key: Key, read_as: str
) -> None:
    exact = scanned(budget, "01", "03", "04", "05", "06")
    repaired = by_key(repair(misread(exact, key, read_as)))
    assert (repaired[key].amount, repaired[key].provenance) == (
        by_key(exact)[key].amount,
        f"ocr-corrected: was {read_as}",
    )
    assert {k: f for k, f in repaired.items() if k != key} == {k: f for k, f in by_key(exact).items() if k != key}


def test_a_misread_sum_with_two_of_its_terms_unchecked_is_not_corrected(budget) -> None:
    # 04's class total read wrong and its gpb with it (05 lost): the row sum alone cannot say which is wrong
    exact = [f for f in scanned(budget, "04") if f.table_code != "05"]
    key = ("04", "210", "total")
    repaired = by_key(repair(misread(exact, key, "3.10")))
    assert (repaired[key].amount, repaired[key].provenance) == (Decimal("3.10"), "ocr-unverified")
    assert repaired[("04", "210", "gpb")].provenance == "ocr-unverified"


def test_a_misread_beside_an_unreadable_amount_is_corrected_and_then_it_recovered(facts) -> None:
    # 住房公积金 read 16.49 for 10.49, and its 款 住房改革支出 unreadable: the 款's sums disagree while the
    # misread stands, and the 项's column sum waits on the 款; its row sum, its basic checked by the 款's
    # column, puts it right, and then the 款 is recovered
    exact = scanned(facts, "05")
    lost, misread_key = ("05", "22102", "total"), ("05", "2210201", "total")
    read, unreadable = _unreadable(misread(exact, misread_key, "16.49"), lost, "1 2.b7")
    repaired = by_key(repair(read, unreadable))
    assert repaired[misread_key].amount == Decimal("10.49")
    assert (repaired[lost].amount, repaired[lost].provenance) == (Decimal("12.67"), "ocr-corrected: was 1 2.b7")


@pytest.mark.parametrize(
    ("key", "label"),
    [
        (("01", "201", "budget"), "股公共服务支出"),  # a budget's class: 03's class checks it
        (("01", "inc.grand_total", "budget"), "收入总"),  # part of 收入总计 (本年收入合计, unprinted, fits too)
    ],
)
def test_a_budgets_amount_whose_label_ocr_could_not_read_is_placed_by_the_sums(budget, key: Key, label: str) -> None:
    exact = scanned(budget, "01", "02", "03")
    read, unplaced = _unplaced(exact, key, label)
    [placed] = placed_by_sums(unplaced, read)
    assert (placed.line_key, placed.amount) == (key[1], by_key(exact)[key].amount)


def test_a_rows_amounts_placed_by_the_sums_with_one_of_them_misread_too_are_placed_and_it_corrected(facts) -> None:
    # 04's 210 with its label garbled and its gpb read 7 (.60 lost by the rule beside it): 合计 puts
    # 本年支出合计 right on 210 alone; the gpb breaks only sums the 合计 mends none of, and the repair
    # then puts it right
    exact = scanned(facts, "04", "05")
    total, gpb = ("04", "210", "total"), ("04", "210", "gpb")
    assert by_key(exact)[gpb].amount == Decimal("7.60")
    read, unplaced = _unplaced(misread(exact, gpb, "7"), total, "九、R生疆康支山")
    read, lost = _unplaced(read, gpb, "九、R生疆康支山")
    placed = placed_by_sums(unplaced + lost, read)
    assert {_key(f): f.amount for f in placed} == {total: Decimal("7.60"), gpb: Decimal("7")}
    repaired = by_key(repair(read + placed))
    assert (repaired[gpb].amount, repaired[gpb].provenance) == (Decimal("7.60"), "ocr-corrected: was 7")


def test_a_rows_amounts_each_misread_are_not_placed(facts) -> None:
    # 合计 misread too: no sum it mends, nothing to place it by
    exact = scanned(facts, "04", "05")
    total, gpb = ("04", "210", "total"), ("04", "210", "gpb")
    read, unplaced = _unplaced(misread(misread(exact, gpb, "7"), total, "7.66"), total, "")
    read, lost = _unplaced(read, gpb, "")
    assert placed_by_sums(unplaced + lost, read) == []


def test_an_appropriation_of_table_04_is_checked_by_table_01s(facts) -> None:
    # 04's 一般公共预算财政拨款 read 852.66, its 本年收入合计 unreadable: the one sum within the half waits
    # on the unreadable total; 01's line, the same appropriation, puts it right, and the total is recovered
    exact = scanned(facts, "01", "04")
    key, lost = ("04", "inc.gpb_appropriation", "actual"), ("04", "inc.total", "actual")
    read, unreadable = _unreadable(misread(exact, key, "852.66"), lost, "A52.68")
    repaired = by_key(repair(read, unreadable))
    assert (repaired[key].amount, repaired[key].provenance) == (Decimal("852.68"), "ocr-corrected: was 852.66")
    assert (repaired[lost].amount, repaired[lost].provenance) == (Decimal("852.68"), "ocr-corrected: was A52.68")
