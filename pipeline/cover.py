"""Unit name, fiscal year and report kind, from the cover first and the table headings second.

The fiscal year is the year reported (2022年度), never the publication date on the cover
(2023年10月25日). A labelled field (预算主管部门：…) beats the cover's free text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pipeline.locate import LocatedTable
from pipeline.pdf import Page
from pipeline.text import ascii_digits

_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?")
_FISCAL_YEAR = re.compile(r"(\d{4})\s*年度")
_YEAR_BEFORE_KIND = re.compile(r"(\d{4})\s*年\s*(?:区级|市级|县级|省级)?\s*(?:部门|单位)?\s*(?:决算|预算)")
_LABELLED_UNIT = re.compile(r"(?:预算主管部门|主管部门|编制部门|编制单位|部门名称|单位名称)\s*[:：]\s*(\S+)")
_KIND_WORDS = re.compile(
    r"(?:区级|市级|县级|省级)?(?:部门|单位)?(?:决算|预算)(?:公开|报告|情况说明)?(?:表)?|\d{4}\s*年度?"
)
_UNIT_CHARS = re.compile(r"[\u4e00-\u9fff（）()]{4,}")
COVER_PAGES = 2


@dataclass(frozen=True)
class Cover:
    unit_name: str | None
    fiscal_year: int | None
    report_kind: str | None


def read_cover(pages: list[Page], tables: list[LocatedTable]) -> Cover:
    text = ascii_digits("\n".join(p.text for p in pages[:COVER_PAGES]))
    first = ascii_digits(pages[0].text)
    return Cover(_unit_name(first, tables), _fiscal_year(first, text, tables), _report_kind(first, tables))


def _unit_name(cover: str, tables: list[LocatedTable]) -> str | None:
    labelled = _LABELLED_UNIT.search(cover)
    if labelled:
        return labelled.group(1)
    for line in cover.splitlines():
        rest = _KIND_WORDS.sub(" ", _DATE.sub(" ", line))
        match = _UNIT_CHARS.search(rest.replace(" ", ""))
        if match and match.group(0) not in ("目录",):
            return match.group(0)
    headings = Counter(t.heading_unit_name for t in tables if t.heading_unit_name)
    return headings.most_common(1)[0][0] if headings else None


def _fiscal_year(cover: str, text: str, tables: list[LocatedTable]) -> int | None:
    for source in (cover, text):
        undated = _DATE.sub(" ", source)
        for pattern in (_FISCAL_YEAR, _YEAR_BEFORE_KIND):
            m = pattern.search(undated)
            if m:
                return int(m.group(1))
    years = Counter(t.heading_year for t in tables if t.heading_year)
    return years.most_common(1)[0][0] if years else None


def _report_kind(cover: str, tables: list[LocatedTable]) -> str | None:
    if "决算" in cover:
        return "final"
    if "预算" in cover:
        return "budget"
    kinds = Counter(t.report_kind for t in tables)
    return kinds.most_common(1)[0][0] if kinds else None
