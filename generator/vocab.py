"""Standard wording of the nine tables (titles, line labels, column headers) of final accounts and budgets,
read from generator/data (each row names its report_kind)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
TABLE_CODES = ("01", "02", "03", "04", "05", "06", "07", "08", "09")

_DIGITS = "零一二三四五六七八九"


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def chinese_numeral(n: int) -> str:
    """1..99 as printed in list numbering: 一, 十, 十九, 二十, 二十六."""
    if not 0 < n < 100:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


@dataclass(frozen=True)
class SummaryLine:
    """A fixed line of table 01 or 04 (everything but the function-class lines)."""

    side: str  # 'inc' or 'exp'
    block: str  # 'top', 'total', 'balance', 'grand'
    line_key: str
    label: str
    variant: str

    def wording(self, variant: bool) -> str:
        return self.variant if variant and self.variant else self.label


@dataclass(frozen=True)
class AmountColumn:
    """An amount column: its measure and the header words printed over it."""

    side: str  # 'inc' / 'exp' on tables 01 and 04, else ''
    measure: str
    header: str
    group: str  # '' or the spanning header above it (本年支出)
    flat_header: str  # the header when no spanning header is printed
    variant: str

    def wording(self, merged: bool, variant: bool) -> str:
        if variant and self.variant:
            return self.variant
        return self.header if merged and self.group else self.flat_header


@dataclass(frozen=True)
class ThreePublicLine:
    line_key: str
    label: str
    variant: str
    parent: str
    standalone: bool = False  # printed beside the 三公 lines, not under their heading (机关运行经费)

    def wording(self, variant: bool) -> str:
        return self.variant if variant and self.variant else self.label


@cache
def function_classes() -> dict[str, tuple[str, str]]:
    """code -> (name, printed) where printed is 'short' (every list), 'full' (the 26-line list) or 'no'."""
    return {r["code"]: (r["name"], r["printed"]) for r in read_csv(DATA_DIR / "classes.csv")}


def printed_classes(class_list: str, with_codes: set[str], kind: str = "final") -> list[tuple[str, str]]:
    """The class lines a 01/04 table prints: the standard list plus any class the figures use.

    A budget's short list is only the classes it uses, as Shanghai budgets print them.
    """
    wanted = {"short"} if class_list == "short" else {"short", "full"}
    if kind == "budget" and class_list == "short":
        wanted = set()
    classes = function_classes()
    unknown = with_codes - classes.keys()
    if unknown:
        raise ValueError(f"unknown function classes {sorted(unknown)}")
    return [(code, name) for code, (name, printed) in classes.items() if printed in wanted or code in with_codes]


@cache
def summary_lines(table_code: str, kind: str = "final") -> tuple[SummaryLine, ...]:
    return tuple(
        SummaryLine(r["side"], r["block"], r["line_key"], r["label"], r["variant"])
        for r in read_csv(DATA_DIR / "summary_lines.csv")
        if r["table_code"] == table_code and r["report_kind"] == kind
    )


@cache
def amount_columns(table_code: str, side: str = "", kind: str = "final") -> tuple[AmountColumn, ...]:
    return tuple(
        AmountColumn(r["side"], r["measure"], r["header"], r["group"], r["flat_header"], r["variant"])
        for r in read_csv(DATA_DIR / "amount_columns.csv")
        if r["table_code"] == table_code and r["side"] == side and r["report_kind"] == kind
    )


@cache
def economic_subjects() -> dict[str, str]:
    return {r["code"]: r["name"] for r in read_csv(DATA_DIR / "economic.csv")}


@cache
def three_public_lines(kind: str = "final") -> tuple[ThreePublicLine, ...]:
    return tuple(
        ThreePublicLine(r["line_key"], r["label"], r["variant"], r["parent"], bool(r["standalone"]))
        for r in read_csv(DATA_DIR / "three_public.csv")
        if r["report_kind"] == kind
    )


@cache
def _titles() -> dict[tuple[str, str], dict[str, str]]:
    return {(r["table_code"], r["report_kind"]): r for r in read_csv(DATA_DIR / "titles.csv")}


def table_title(table_code: str, variant: bool = False, kind: str = "final") -> str:
    row = _titles()[table_code, kind]
    return row["variant"] if variant and row["variant"] else row["title"]


def empty_subject(table_code: str, kind: str = "final") -> str:
    """What a table with no data says it lacks: 政府性基金预算财政拨款收入支出 (07)."""
    return _titles()[table_code, kind]["empty_subject"] or table_title(table_code, kind=kind)


def table_note(table_code: str, kind: str = "final") -> str:
    """The standard 注 under a table: what it shows."""
    return _titles()[table_code, kind]["note"]
