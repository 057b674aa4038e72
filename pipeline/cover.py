"""Unit name, fiscal year and report kind, from the cover first and the table headings second.

The fiscal year is the year reported (2022年度), never the publication date on the cover
(2023年10月25日). A labelled field (预算主管部门：…) beats the cover's free text. A long name wraps
on the cover (…房屋管理局（本 / 级）, …大数据管 / 理局), so a title's lines are read as one. On a
scanned cover, the name the table headings agree on beats the cover's: several headings read alike
outvote one OCR'd line in small type (上活海市普陀区…, 上海：市普陀区…).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.locate import LocatedTable
from pipeline.pdf import Page
from pipeline.text import ascii_digits, has_cjk

_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?")
_FISCAL_YEAR = re.compile(r"(\d{4})\s*年度")
_YEAR_BEFORE_KIND = re.compile(r"(\d{4})\s*年\s*(?:区级|市级|县级|省级)?\s*(?:部门|单位)?\s*(?:决算|预算)")
_NAME_CHARS = r"[\u4e00-\u9fff（）()]"  # what a unit's name is written in
_LABELLED_UNIT = re.compile(  # a name spaced out (上海市普陀区 人民政府办公室) runs on over the spaces
    rf"(?:预算主管部门|主管部门|编制部门|编制单位|部门名称|单位名称)\s*[:：]\s*(\S+(?:\s+{_NAME_CHARS}+(?=\s|$))*)"
)
_KIND_WORDS = re.compile(
    r"(?:区级|市级|县级|省级)?(?:部门|单位)?(?:决算|预算)(?:公开|报告|情况说明)?(?:表)?|\d{4}\s*年度?"
)
_UNIT_CHARS = re.compile(f"{_NAME_CHARS}{{4,}}")
_NAME_TAIL = re.compile(f"{_NAME_CHARS}+")  # a wrapped name's next line: name characters only
_TITLE_END = re.compile(r"(?:决算|预算)(?:公开|报告|情况说明)?表?$")
_FIELD = re.compile(r"[:：]|" + _DATE.pattern)
COVER_PAGES = 2


@dataclass(frozen=True)
class Cover:
    unit_name: str | None
    fiscal_year: int | None
    report_kind: str | None


def read_cover(pages: list[Page], tables: list[LocatedTable]) -> Cover:
    text = ascii_digits("\n".join(p.text for p in pages[:COVER_PAGES]))
    first = ascii_digits(pages[0].text)
    headed, n_headings = _most_headed(tables)
    agreed = headed if pages[0].scanned and n_headings >= 2 else None
    return Cover(agreed or _unit_name(first, tables), _fiscal_year(first, text, tables), _report_kind(first, tables))


def _most_headed(tables: list[LocatedTable]) -> tuple[str | None, int]:
    """The unit name most table headings print, and how many print it."""
    headings = Counter(t.heading_unit_name for t in tables if t.heading_unit_name).most_common(1)
    return headings[0] if headings else (None, 0)


def _unit_name(cover: str, tables: list[LocatedTable]) -> str | None:
    lines = [line.strip() for line in cover.splitlines()]
    labelled = _labelled_unit(lines)
    if labelled:
        return labelled
    names = [
        m.group(0)
        for title in _titles(lines)
        for part in _KIND_WORDS.split(title)
        for m in _UNIT_CHARS.finditer("".join(part.split()))
        if m.group(0) != "目录"
    ]
    if names:  # 上海市青禾区民政局 over the 上海市青禾区 of a heading above it: the department, not its district
        return max((n for n in names if n.startswith(names[0])), key=len)
    return _most_headed(tables)[0]


def _labelled_unit(lines: list[str]) -> str | None:
    for i, line in enumerate(lines):
        labelled = _LABELLED_UNIT.search(line)
        if labelled:
            tail = []
            for following in lines[i + 1 :]:
                if not _NAME_TAIL.fullmatch(following):
                    break
                tail.append(following)
            return "".join(labelled.group(1).split()) + "".join(tail)
    return None


def _titles(lines: list[str]) -> Iterator[str]:
    """The cover's free text as titles: lines joined until one ends in the report's kind (…部门决算公开),
    a field (a date, a label) or a line without Chinese (a page number) comes between."""
    title: list[str] = []
    for line in lines:
        if not has_cjk(line) or _FIELD.search(line):
            yield "".join(title)
            title = []
            continue
        title.append(line)
        if _TITLE_END.search(line):
            yield "".join(title)
            title = []
    yield "".join(title)


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
