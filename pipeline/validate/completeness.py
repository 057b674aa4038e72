"""The completeness suite's rows: the nine tables present, headings consistent with the cover.

The cover gives the warehouse its unit name and fiscal year; every table heading (部门：…, 2023年度…)
and every part heading (第二部分 <unit> 2023年度部门决算表) must agree with it.
"""

from __future__ import annotations

import re

from pipeline.text import nfkc
from pipeline.validate.labels import table_title
from pipeline.validate.narrative import clean
from pipeline.validate.rows import CheckRow
from pipeline.validate.schema import TABLE_CODES
from pipeline.validate.snapshot import Document

COLUMNS = ["missing", "stated_year", "expected_year", "depth_matches", "unit_matches"]
# Tables listing the same function subjects, each down to 项 when any does: a table stopping short of the others
# has lost rows, which no sum shows (its 款 still add up to its 类).
SUBJECT_TABLES = ("02", "03", "05")
LEVELS = {3: "类", 5: "款", 7: "项"}

_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_PART_YEAR = re.compile(r"(?P<year>\d{4})年")
_PART_UNIT = re.compile(
    r"^第[一二三四五六七八九十]+部分(?P<unit>\D+?)(?:\d{4}年度?)?(?:部门)?(?:概况|决算表|预算表|决算情况|预算情况|部门决算|部门预算)"
)
_OWN_LEVEL = re.compile(r"\(本级\)$")


def completeness_rows(documents: list[Document]) -> list[CheckRow]:
    rows: list[CheckRow] = []
    for doc in documents:
        rows.extend(_table_present(doc, code) for code in TABLE_CODES)
        rows.extend(_subject_depths(doc))
        for code, heading in sorted(doc.headings.items()):
            if heading.heading_year is not None:
                rows.append(_year(doc, "completeness.table_heading_year", f"表{code} heading", heading.heading_year))
            if heading.heading_unit_name:
                rows.append(
                    _unit(doc, "completeness.table_heading_unit", f"表{code} heading", heading.heading_unit_name)
                )
        for page, line in _part_headings(doc):
            year = _PART_YEAR.search(line)
            if year:
                rows.append(_year(doc, "completeness.part_heading_year", f"p{page} '{line}'", int(year.group("year"))))
            unit = _PART_UNIT.match(line)
            if unit:
                rows.append(_unit(doc, "completeness.part_heading_unit", f"p{page} '{line}'", unit.group("unit")))
    return rows


def _table_present(doc: Document, code: str) -> CheckRow:
    heading = doc.headings.get(code)
    where = f"表{code} {table_title(code)}"
    if code not in doc.tables:
        return CheckRow(
            doc.document_id,
            "completeness.table_present",
            subject=where,
            table_code=code,
            expected="present",
            judged={"missing": "not found in the document"},
        )
    pages = "" if heading is None or heading.first_page is None else f" on p{heading.first_page}–{heading.last_page}"
    note = f", printed empty ({heading.note})" if heading and heading.note else ""
    return CheckRow(
        doc.document_id,
        "completeness.table_present",
        subject=where,
        table_code=code,
        expected="present",
        observed="present",
        pass_verdict=f"found{pages}{note}",
    )


def _subject_depths(doc: Document) -> list[CheckRow]:
    depths = {code: depth for code in SUBJECT_TABLES if (depth := _deepest(doc, code))}
    deepest = max(depths.values(), default=0)
    deeper = [code for code, depth in depths.items() if depth == deepest]
    return [
        CheckRow(
            doc.document_id,
            "completeness.subject_depth",
            subject=f"表{code} {table_title(code)}",
            table_code=code,
            observed=_level(depth),
            expected=f"{'/'.join(f'表{c}' for c in deeper)} print {_level(deepest)}",
            pass_verdict=f"prints its subjects down to {_level(depth)}, as 表{'/'.join(depths)} do",
            judged={"depth_matches": depth == deepest},
        )
        for code, depth in depths.items()
    ]


def _deepest(doc: Document, table: str) -> int:
    return max((len(line) for line in doc.lines(table) if line.isdigit()), default=0)


def _level(depth: int) -> str:
    return f"{LEVELS.get(depth, '?')} ({depth} digits)"


def _year(doc: Document, check_name: str, where: str, year: int) -> CheckRow:
    return CheckRow(
        doc.document_id,
        check_name,
        subject=f"{where} names the year {year}",
        observed=str(year),
        expected=str(doc.fiscal_year),
        pass_verdict="the fiscal year",
        judged={
            "stated_year": float(year),
            "expected_year": None if doc.fiscal_year is None else float(doc.fiscal_year),
        },
    )


def _unit(doc: Document, check_name: str, where: str, unit: str) -> CheckRow:
    return CheckRow(
        doc.document_id,
        check_name,
        subject=f"{where} names the unit {unit}",
        severity="warning",
        observed=unit,
        expected=doc.unit_name,
        pass_verdict="the cover's unit",
        judged={"unit_matches": _same_unit(unit, doc.unit_name)},
    )


def _part_headings(doc: Document) -> list[tuple[int, str]]:
    return [
        (page, line)
        for page in sorted(doc.pages)
        for line in map(clean, doc.pages[page].splitlines())
        if _PART.match(line)
    ]


def _same_unit(a: str, b: str) -> bool:
    a, b = (_OWN_LEVEL.sub("", clean(nfkc(name))) for name in (a, b))
    return bool(a and b) and (a in b or b in a)
