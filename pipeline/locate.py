"""Finding the nine tables among the cover, contents and narrative pages.

A table starts at a heading line whose words are a known title (titles.csv) with at most a year,
unit name, numbering or table number around it. It runs to the next title on the page, and on to
following pages that carry table rows but no title (a table continued without its header). Tables set
side by side, their titles on one line far apart, each take their part of the page's width.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise, zip_longest

from pipeline.amounts import is_dash, looks_like_amount
from pipeline.columns import is_code, leading_code
from pipeline.model import MONEY_UNITS, YUAN_PER_UNIT
from pipeline.pdf import Page
from pipeline.text import ascii_digits, edit_distance, has_cjk, nfkc, norm_label, squash
from pipeline.vocab import function_classes, titles
from pipeline.words import Line, joined_lines

_SENTENCE = re.compile(r"[，。；！？]")
_SPECK_MARK = re.compile(r"(?<=[\u4e00-\u9fff])[，。；](?=[\u4e00-\u9fff])")
_REFERENCE = re.compile(r"详见|参见|见附?表\d*$")  # (详见表1 收入支出决算总表): a sentence pointing at a table
_PART_OF = ("项目",)  # 项目支出预算表: a table of one part's spending, not the whole's 支出预算表
_NUMBERING = r"(?:附?表\d+|公开\d+表|\d+)?"  # what may follow a title: 表5, 公开05表, 5
_UNIT_AFTER = rf"(?:(?:金额)?单位(?:{MONEY_UNITS}))?"  # and its money unit: （金额单位：元）, 单位：万元
_CONTINUED_AFTER = "(?:续表?\\d*)?"  # （续）, 续表, 续表5: the title again over a continued page
_YEAR_AFTER = r"(?:\d{4}年度?)?"  # 收入决算表（2022年度）: the year after the title
_AFTER = f"{_CONTINUED_AFTER}{_YEAR_AFTER}{_NUMBERING}{_UNIT_AFTER}{_NUMBERING}{_CONTINUED_AFTER}"
_TITLE_SUFFIX = re.compile(f"^{_AFTER}$")
_TITLE_END = re.compile(f"{_AFTER}$")
NEAR_TITLE_EDITS = 2  # characters a long OCR'd title may have misread, lost or gained…
UNREAD_KIND = ""  # a title's kind (决算 or 预算) OCR misread: the document's other titles tell it
KIND_AT_END = 5  # characters ending a title that name its kind: 预算表, 预算总表, 预算明细表
LONG_TITLE = 12  # … if it is this long; a shorter one, one
_MONEY_UNIT = re.compile(rf"(?:金额)?单位\s*[:：]\s*({MONEY_UNITS})")
_HEADING_UNIT = re.compile(r"(?:编制部门|预算主管部门|主管部门|编制单位|单位名称|部门|单位)\s*[:：]\s*([^\s:：]+)")
_TRAILING_MARKS = re.compile(r"[^\w]+$")
# an OCR'd line's marks, or a letter, set apart at an end: specks, or a page's edge (T) beside a title
_MARKS_APART = re.compile(r"^(?:[^\w\s]+|[A-Za-z])\s+|\s+(?:[^\w\s]+|[A-Za-z])$")
_YEAR = re.compile(r"(\d{4})\s*年")
_PART_HEADING = re.compile(r"^\s*第[一二三四五六七八九十]+部分")
_CONTINUED = re.compile(r"续表|[(（]续[)）]")
_EMPTY_NOTE = re.compile(r"本表无数据|无数据|本表为空|故本表为空|无.{0,20}(?:收入|支出)|本单位.{0,12}无")
TOC_MIN_TITLES = 3
NARRATIVE_MIN_STOPS = 3  # full stops: a page of sentences, not of table rows
MIN_CODES = 3  # subject codes that make a page of table rows
MIN_DASHES = 2  # empty amount cells that make a line with a label a table row
CONTINUED_MARK_LINES = 3  # lines under a title again that may mark it 续表
TITLES_APART = 3.0  # × the line's height: a blank this wide between titles on one line sets their tables apart


@dataclass
class Region:
    page: int
    top: float
    bottom: float
    left: float = 0.0  # a table set beside another takes its part of the width
    right: float = math.inf


@dataclass
class LocatedTable:
    table_code: str
    report_kind: str
    title: str
    regions: list[Region] = field(default_factory=list)
    amount_unit: str | None = None
    heading_unit_name: str | None = None
    heading_year: int | None = None
    note: str | None = None

    @property
    def pages(self) -> list[int]:
        return [r.page for r in self.regions]


@dataclass(frozen=True)
class TitleHit:
    table_code: str
    report_kind: str
    line: Line


def match_title(text: str, ocr: bool = False) -> tuple[str, str] | None:
    """(table_code, report_kind) if this line is a table's title, not a sentence mentioning one; OCR'd,
    also a title a character or two misread (`_near_title`)."""
    if ocr:
        text = _MARKS_APART.sub("", text)  # 。 收入支出决算总表: a speck read as a full stop is no sentence's
        text = _speck_within_title(text)
    if _SENTENCE.search(text):
        return None
    name = norm_label(text)
    if ocr:
        return _near_title(name)
    for label, code, kind in titles():  # longest first
        i = name.find(label)
        if i >= 0 and _title_around(name[:i], name[i + len(label) :]):
            return code, kind
    return None


def _speck_within_title(text: str) -> str:
    """The line without a mark read between two characters of a title's last word (部门收，入总表: a
    speck read as a comma), else as it was. A sentence naming two tables (收入总表，支出总表) parts whole
    titles: what follows its mark is a title, not the end of one."""
    marks = _SENTENCE.findall(text)
    speck = _SPECK_MARK.search(text)
    if len(marks) != 1 or speck is None:
        return text
    after = _TRAILING_MARKS.sub("", norm_label(text[speck.end() :]))  # a speck read after the title (—)
    rest = after[: _TITLE_END.search(after).start()]
    ends_a_title = any(label.endswith(rest) and len(rest) < len(label) for label, _, _ in titles())
    return text[: speck.start()] + text[speck.end() :] if rest and ends_a_title else text


def _title_around(before: str, after: str) -> bool:
    return (
        len(before) <= 40
        and not _REFERENCE.search(before)
        and not before.endswith(_PART_OF)
        and bool(_TITLE_SUFFIX.match(after))
    )


def _near_title(name: str) -> tuple[str, str] | None:
    """The table whose title ends the OCR'd line (before any number) within a character of what was
    read, two for a long title, and accounts for most of its characters: 般公共预算财政拨款支出决算表
    (its 一 lost) is table 05's title a character off, not table 03's 支出决算表 read whole. A misread
    never turns a final account's title (决算) into a budget's, nor the other way (`_other_kind`)."""
    name = _TRAILING_MARKS.sub("", name)  # a speck read after the title (—)
    end = _TITLE_END.search(name).start()
    if name[end : end + 1] == "表" and not name[:end].endswith("表"):
        end += 1  # 决算表1: the title's 表 and a number (or a speck read as one), not a numbering 表1
    head = name[:end]
    after = name[len(head) :]
    if not head.endswith("表"):  # every title does: most lines stop here
        return None
    found: dict[int, set[tuple[str, str]]] = {}
    for label, code, kind in titles():
        if _other_kind(label, head):
            continue
        allowed = NEAR_TITLE_EDITS if len(label) >= LONG_TITLE else 1
        for size in range(max(1, len(label) - allowed), min(len(head), len(label) + allowed) + 1):
            edits = edit_distance(label, head[-size:], allowed)
            # what precedes the label, however many characters the reading lost or gained (项目支出预算表)
            part = head[: max(0, len(head) - len(label))].endswith(_PART_OF)
            if edits <= allowed and _title_around(head[:-size], after) and not part:
                found.setdefault(size - edits, set()).add((code, kind))
    best = found[max(found)] if found else set()
    if len({code for code, _ in best}) == 1 and len(best) > 1:
        return best.pop()[0], UNREAD_KIND  # 支出次算表: one table, its 决算 or 预算 misread
    return best.pop() if len(best) == 1 else None


def _other_kind(label: str, head: str) -> bool:
    """Whether what was read names the other kind of report than the title: a budget's 决算, or a final
    account's 预算 where its 决算 stands (…预算表 one character off …决算表). A 决算 misread (决真总表)
    names neither."""
    if "决算" not in label:
        return "决算" in head
    return "决算" not in head and "预算" in head[-KIND_AT_END:]


def locate_tables(pages: list[Page]) -> list[LocatedTable]:
    found: list[LocatedTable] = []
    current: LocatedTable | None = None
    for page in pages:
        hits = _title_hits(page)
        if len({h.table_code for h in hits}) >= TOC_MIN_TITLES and not _has_amounts(page.text):
            current = None  # a contents page lists every title
            continue
        if hits:
            lines = page.lines
            hits = _distinct(hits, lines)
            above = "\n".join(ln.text for ln in lines if ln.bottom <= hits[0].line.top)
            if current is not None and has_cjk(above) and _continues_table(above):
                # a table run on without page breaks: its last rows top the page of the next one's title
                # (rows with labels: a fax's header line of date, number and page is none)
                current.regions.append(Region(page.number, 0.0, hits[0].line.top))
            for i, hit in enumerate(hits):
                after = next((h for h in hits[i + 1 :] if h.line.top >= hit.line.bottom), None)
                bottom = after.line.top if after else page.height
                if current is not None and (top := _continued_below(current, hit, lines)) is not None:
                    current.regions.append(Region(page.number, top, bottom))
                    continue
                current = LocatedTable(hit.table_code, hit.report_kind, hit.line.text)
                current.regions.append(Region(page.number, hit.line.bottom, bottom, *_width_of(hit, hits)))
                _read_heading(current, [ln for ln in lines if hit.line.top <= ln.top < bottom])
                found.append(current)
        elif current is not None and _continues_table(page.text):
            current.regions.append(Region(page.number, 0.0, page.height))
        else:
            current = None
    return _with_kinds(found)


def _with_kinds(tables: list[LocatedTable]) -> list[LocatedTable]:
    """The tables, each whose title was read with its kind misread given the kind most of the others have."""
    kinds = Counter(t.report_kind for t in tables if t.report_kind != UNREAD_KIND)
    for table in tables:
        if table.report_kind == UNREAD_KIND and kinds:
            table.report_kind = kinds.most_common(1)[0][0]
    return tables


def _width_of(hit: TitleHit, hits: list[TitleHit]) -> tuple[float, float]:
    """The part of the page's width a table takes: halfway to the titles beside its own, if any."""
    row = sorted((h for h in hits if h.line.top == hit.line.top), key=lambda h: h.line.x0)
    at = row.index(hit)
    left = (row[at - 1].line.x1 + hit.line.x0) / 2 if at else 0.0
    right = (hit.line.x1 + row[at + 1].line.x0) / 2 if at + 1 < len(row) else math.inf
    return left, right


def _same_kind(one: str, other: str) -> bool:
    return one == other or UNREAD_KIND in (one, other)


def _continued_below(table: LocatedTable, hit: TitleHit, lines: list[Line]) -> float | None:
    """Where the open table's continued page begins under its title printed again, marked so: 续表 or
    （续） in the title line or just around it (the rows begin under the mark), or wrapped from one
    line onto the next (a long title's （ and 续）). Unmarked, a title again is a new table (one quoted,
    then printed)."""
    if hit.table_code != table.table_code or not _same_kind(hit.report_kind, table.report_kind):
        return None
    at = next((i for i, ln in enumerate(lines) if ln.top >= hit.line.top), len(lines))
    near = lines[max(0, at - 1) : at + CONTINUED_MARK_LINES + 1]
    marks = [ln.bottom for ln in [hit.line, *near] if _CONTINUED.search(squash(ln.text))]
    marks += [below.bottom for ln, below in pairwise(near) if _CONTINUED.search(_joint(ln, below))]
    return max([hit.line.bottom, *marks]) if marks else None


def _joint(line: Line, below: Line) -> str:
    """Where a line runs on onto the next: its last two characters and the next's first two."""
    return squash(line.text)[-2:] + squash(below.text)[:2]


def names_a_table(text: str) -> bool:
    """Whether the text holds a table's title (a quick test: a page without one holds no table)."""
    flat = norm_label(text)
    return any(label in flat for label, _, _ in titles())


def _title_hits(page: Page) -> list[TitleHit]:
    if not page.scanned and not names_a_table(page.text):
        return []
    hits = []
    lines = page.lines
    skip = False
    for line, below in zip_longest(lines, lines[1:]):  # each line with the one below it, if any
        if skip:
            skip = False
            continue
        if beside := _side_by_side(line, page.scanned):
            hits += beside
            continue
        matched = match_title(line.text, page.scanned)
        if matched:
            hits.append(TitleHit(*matched, line))
        elif below is not None and below.top - line.bottom < line.bottom - line.top:
            wrapped = _joined(line, below)  # a long title wrapped onto a second line
            matched = match_title(wrapped.text, page.scanned)
            if matched:
                hits.append(TitleHit(*matched, wrapped))
                skip = True
    return hits


def _side_by_side(line: Line, ocr: bool) -> list[TitleHit]:
    """The titles of tables set side by side on the line: its words parted at blanks TITLES_APART line
    heights wide, two parts or more each a title (each ends with 表)."""
    if line.text.count("表") < 2:
        return []
    parts, start = [], 0
    for i in range(1, len(line.words) + 1):
        if i == len(line.words) or line.words[i].x0 - line.words[i - 1].x1 > TITLES_APART * line.height:
            parts.append(joined_lines(list(line.words[start:i]))[0])
            start = i
    hits = [TitleHit(*matched, part) for part in parts if (matched := match_title(part.text, ocr))]
    return hits if len(hits) > 1 else []


def _joined(first: Line, second: Line) -> Line:
    return Line(
        first.text + second.text,
        min(first.x0, second.x0),
        first.top,
        max(first.x1, second.x1),
        second.bottom,
        first.words + second.words,
    )


def _distinct(hits: list[TitleHit], lines: list[Line]) -> list[TitleHit]:
    """One hit per table: 一、收入支出决算总表 above 2023年度收入支出决算总表 is one heading, not two tables."""
    kept: list[TitleHit] = []
    for hit in hits:
        previous = kept[-1] if kept else None
        between = [ln for ln in lines if previous and previous.line.bottom <= ln.top < hit.line.top]
        if previous and previous.table_code == hit.table_code and not any(_has_amounts(ln.text) for ln in between):
            continue
        kept.append(hit)
    return kept


def _read_heading(table: LocatedTable, lines: list[Line]) -> None:
    """Money unit, unit name, year and an empty-table note from the lines under a title."""
    year = _YEAR.search(nfkc(table.title))
    table.heading_year = int(year.group(1)) if year else None
    for line in lines:
        text = ascii_digits(line.text)  # keeps （本级） as printed
        money = _MONEY_UNIT.search(text)
        if money and table.amount_unit is None:
            table.amount_unit = money.group(1)
        for m in _HEADING_UNIT.finditer(text):
            value = _unbracketed(m.group(1))
            if value not in YUAN_PER_UNIT and table.heading_unit_name is None:
                table.heading_unit_name = value
        if table.note is None and _EMPTY_NOTE.search(text) and not _MONEY_UNIT.search(text):
            table.note = line.text.strip()


def _unbracketed(value: str) -> str:
    """A field's value without the bracket that closes round it: （单位：元） names no unit 元）."""
    for opening, closing in ("（）", "()"):
        if value.endswith(closing) and value.count(closing) > value.count(opening):
            value = value[:-1]
    return value


def _has_amounts(text: str) -> bool:
    return any(looks_like_amount(token) for token in text.split())


def _continues_table(text: str) -> bool:
    """Table rows and no part heading in a page's text: amounts, subject codes (a page of 06 whose amounts
    are all blank), the function class lines of tables 01/04, or a row of blank amounts alone (a
    spreadsheet's page break left one row of 04 on a page: 十五、商业服务业等支出 — — — —)."""
    if not text.strip() or _PART_HEADING.match(text) or text.count("。") >= NARRATIVE_MIN_STOPS:
        return False
    if _has_amounts(text) or sum(1 for token in text.split() if is_code(token) or leading_code(token)) >= MIN_CODES:
        return True
    flat = norm_label(text)
    return sum(1 for name in function_classes() if name in flat) >= 2 or any(map(_blank_row, text.splitlines()))


def _blank_row(line: str) -> bool:
    """A label and dashes in amount columns: no page number (- 12 -) nor sentence prints them so."""
    tokens = line.split()
    return has_cjk(line) and sum(map(is_dash, tokens)) >= MIN_DASHES
