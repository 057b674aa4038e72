"""The vocabularies beside the code: titles, measures, line labels, function classes, economic subjects.

Everything that varies by publisher lives in pipeline/vocab/*.csv, in normalised form
(see `text.norm_label`), so a new wording is a data change, not a code change.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.text import edit_distance, norm_label

VOCAB_DIR = Path(__file__).with_name("vocab")
# characters a subject's name needs before one read a character off may name it: fewer than a heading
# needs (columns.FUZZY_MIN), as the digits read with it pin the subject too
NAME_FUZZY_MIN = 4
NAME_SLACK = 4  # a misread code's name may be read a character off in every this many: its digits pin it
PERSONNEL_CLASSES = ("301", "303")  # 人员经费: 工资福利支出 and 对个人和家庭的补助; the other classes are 公用经费


@dataclass(frozen=True)
class Term:
    key: str
    label: str  # normalised
    side: str = ""  # 'inc' / 'exp' for the two halves of tables 01 and 04
    after: str = ""  # only after this line key (the sub-lines of 年初财政拨款结转和结余)


def _rows(name: str) -> list[dict[str, str]]:
    with (VOCAB_DIR / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _terms(rows: list[dict[str, str]], key_field: str) -> list[Term]:
    return [
        Term(row[key_field], norm_label(label), row.get("side") or "", row.get("after") or "")
        for row in rows
        for label in row["labels"].split("|")
    ]


@cache
def measures(table_code: str) -> tuple[Term, ...]:
    return tuple(_terms([r for r in _rows("measures.csv") if r["table_code"] == table_code], "measure"))


@cache
def printed_measures(table_code: str, report_kind: str) -> frozenset[str]:
    """The measures a table prints in this kind of disclosure: a final's 01 no 预算数 (a budget's does),
    a budget's 06 its 人员经费 and 公用经费."""
    rows = [r for r in _rows("measures.csv") if r["table_code"] == table_code]
    return frozenset(r["measure"] for r in rows if r["disclosure"] in ("", report_kind))


@cache
def lines(table_code: str) -> tuple[Term, ...]:
    return tuple(_terms([r for r in _rows("lines.csv") if r["table_code"] == table_code], "line_key"))


@cache
def titles() -> tuple[tuple[str, str, str], ...]:
    """(normalised title, table_code, report_kind), longest first so 财政拨款收入支出决算总表 beats 收入支出决算总表."""
    found = {
        (norm_label(variant), row["table_code"], row["report_kind"])
        for row in _rows("titles.csv")
        for label in row["labels"].split("|")
        for variant in _title_variants(label, row["report_kind"])
    }
    return tuple(sorted(found, key=lambda t: (-len(t[0]), t)))


def _title_variants(label: str, report_kind: str) -> tuple[str, ...]:
    """The title, and for a budget's also with 预算 before its 表 or 总表, as portals print it as often as
    not (一般公共预算支出表 and 一般公共预算支出预算表, 部门收入总表 and 部门收入预算总表)."""
    if report_kind != "budget" or label.endswith(("预算表", "预算总表")):
        return (label,)
    stem = label.removesuffix("总表") if label.endswith("总表") else label.removesuffix("表")
    return label, stem + "预算" + label[len(stem) :]


@cache
def function_classes() -> dict[str, str]:
    """Normalised class name → 3-digit class code (一般公共服务支出 → 201)."""
    return {norm_label(row["name"]): row["code"] for row in _rows("classes.csv")}


@cache
def class_names() -> dict[str, str]:
    """Function class code → its standard name (201 → 一般公共服务支出)."""
    return {code: name for name, code in function_classes().items()}


@cache
def economic_subjects() -> dict[str, str]:
    """Normalised subject name → economic code (机关事业单位基本养老保险缴费 → 30108), for the names the
    official economic classification gives one subject only."""
    rows = _rows("economic.csv")
    counts = Counter(norm_label(row["name"]) for row in rows)
    return {name: row["code"] for row in rows if counts[name := norm_label(row["name"])] == 1}


@cache
def economic_names() -> dict[str, set[str]]:
    """Normalised subject name → the economic codes the official classification gives it (医疗费: two)."""
    named: dict[str, set[str]] = {}
    for row in _rows("economic.csv"):
        named.setdefault(norm_label(row["name"]), set()).add(row["code"])
    return named


@cache
def economic_codes() -> frozenset[str]:
    """Every code of the official economic classification (301, 30101 …)."""
    return frozenset(row["code"] for row in _rows("economic.csv"))


def _table_codes() -> set[str]:
    return {r["table_code"] for r in _rows("lines.csv")} | {r["table_code"] for r in _rows("measures.csv")}


@cache
def column_headings() -> frozenset[str]:
    """What heads an amount column in some table (本年收入合计, 财政拨款收入, 基本支出)."""
    return frozenset(t.label for code in _table_codes() for t in measures(code))


@cache
def known_words() -> frozenset[str]:
    """Every word the tables print as a heading or a row label: an OCR reading that is one is no misread."""
    return column_headings() | row_labels() | frozenset(t.label for t in lines("09"))


# headings over the label columns and halves, which name no measure or line
_LABEL_HEADINGS = (
    "项目",
    "科目名称",
    "科目编码",
    "功能分类科目编码",
    "经济分类科目编码",
    "收入",
    "支出",
    "本年收入",
    "本年支出",
)


@cache
def heading_words() -> frozenset[str]:
    """Words a table prints that a publisher may set out a character at a time (项　　目, 合　　计)."""
    return known_words() | frozenset(_LABEL_HEADINGS)


@cache
def row_labels(table_code: str | None = None) -> frozenset[str]:
    """Labels that only ever name a row of this table (or, without one, of any): its lines and the
    function classes, less any that also head one of its columns (合计, 一般公共预算财政拨款; 年初结转和结余
    names a row of 01 and a column of 07) and those of table 09, whose categories head columns in some
    layouts and rows in others."""
    codes = {table_code} if table_code else _table_codes()
    names = {t.label for code in codes - {"09"} for t in lines(code)} | set(function_classes())
    headers = {t.label for code in codes for t in measures(code)}
    return frozenset(names - headers)


def nearest_named(named: dict[str, set[str]], label: str, fits: Callable[[str], bool]) -> set[str]:
    """The codes `fits` takes of those `named` under the name nearest this label's: the same, else one character
    off, and so on up to one in every NAME_SLACK (a long name scanned small; the digits read pin the
    code too). 行政事业单位医疗 read under 1011 is 21011, not 事业单位医疗's 2101102, two characters off."""
    read, slack = norm_label(label), max(1, len(label) // NAME_SLACK)
    by_distance: dict[int, set[str]] = {}
    for name, codes in named.items():
        off = 0 if name == read else edit_distance(name, read) if len(name) >= NAME_FUZZY_MIN else slack + 1
        if off <= slack:
            by_distance.setdefault(off, set()).update(code for code in codes if fits(code))
    return next((by_distance[off] for off in sorted(by_distance) if by_distance[off]), set())
