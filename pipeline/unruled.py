"""Grids for tables printed without rules, or ruled across only: columns and rows inferred from where
the words stand.

Columns are the bands the body's words occupy (amounts right-aligned, labels left-aligned, codes);
header words own the columns beneath them, so a group label spans its sub-columns. Rows are the
body's text lines; a line holding only a label fragment is the wrapped tail of the row above. Where
rules run across between every row, the lines between two rules are one row.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from pipeline.amounts import is_dash, looks_like_amount
from pipeline.columns import (
    FUZZY_MIN,
    NUMBERED,
    PART_CODE,
    SIDE_WORDS,
    SUMMARY_TABLES,
    is_code,
    leading_code,
    opens_with_part_code,
)
from pipeline.grids import Cell, Grid
from pipeline.rules import Rule
from pipeline.text import has_cjk, norm_label, squash
from pipeline.vocab import column_headings, measures, row_labels
from pipeline.vocab import lines as table_lines
from pipeline.words import Box, group_lines

# Lines in a table's region that are not table rows: notes, page numbers, the unit/department line.
_NOT_TABLE = re.compile(
    r"^(?:注|说明|备注)\s*\d?[:：.、]|^-\s*\d+\s*-$|^第\s*\d+\s*页|单位\s*[:：]|部门\s*[:：]|^公开\d+表$|^附?表\s*\d+$"
    r"|\d{4}-\d{1,2}-\s*\d{1,2}|FROM\s*[:：]|^P\s*\d+\s*/\s*\d+$"  # a fax's transmission line: date, sender, page
)
# a note under the table; 本表反映… is one whose 注： was not printed, or not read
_NOTE = re.compile(r"^(?:(?:注|说明|备注)\s*\d?[:：.、]|(?:注\s*\d?\s*)?本表)")
# what follows a table run on into the narrative: a part heading, or a sentence (no row label has a 。)
_PROSE = re.compile(r"^第[一二三四五六七八九十]+部分|。")
_SENTENCE = re.compile(r"[\u4e00-\u9fff）)]。")  # a sentence's full stop: a numbering's dot OCR'd as 。 follows a digit
_LINE_NUMBER = re.compile(r"^\d{1,3}$")  # a row's 行次
_TOTALS = ("合计", "总计")  # what a total row's label ends with (人员经费合计), however its amounts stand
_LEADERS = re.compile(r"[.…·．⋯]{2,}$")  # dot leaders from a label to its amount (a list of 经费)
_PAGE_NUMBER = re.compile(r"^[-—–]?\s*\d{1,4}\s*[-—–]?$")
FOOTER_GAP = 3.0  # × a line's height: a page number stands this far below the table, a row never does
FOOTER_ROW_GAPS = 1.8  # … or this many times the usual gap between the table's lines
BAND_GAP = 1.0  # points
MIN_CODED_ROWS = 3  # rows printing a subject code that make a table keyed by codes
HEADING_LINE = 3  # column headings in a line that make it a header line, whatever dashes stand in it
LEAF_HALF_WIDTH = 2.0  # points
GUTTER_SIDE = 3  # body words standing clear on each side of a gutter that parts two joined columns
GUTTER_CROSSING = 1  # … and words that may run across it
FLUSH_SLACK = 1.0  # points: a column's amounts whose left (or right) edges lie this close are set flush to it
GUTTER_SLACK = 2.0  # points: a word overflowing its column by less (an amount too wide for it) does not cross
TAIL_GAP = 0.75  # a wrapped label's tail stands closer to its head than this share of the row gap
TAIL_HEIGHT = 0.5  # … and than this share of a line's height
MIN_ROW_RULES = 3  # rules across a table's body before they are taken to part its rows…
RULE_ACROSS = 0.4  # … each running across this share of its width at least (a half's rows, in 01 and 04)
ITEM_HEADING = "项目"  # heads a table's label column, and names no row: below rows, the header again
HEADER_GAP = 4.0  # points between a header carried over from the page before and the rows it heads
UNDER_PT = 3.0  # a wrapped tail starts under its head's label: no further left of it than this


def words_grid(
    page: int, words: list[Box], source: str = "text", table_code: str | None = None, rules: Sequence[Rule] = ()
) -> Grid | None:
    """A grid from the words of a table region, or None when nothing in it looks like table rows.
    `table_code` (when known) tells which labels name only rows of the table; `rules` are the page's
    horizontal rules, which part the rows of a table ruled across only."""
    lines = _table_lines(group_lines(_codes_rejoined(_without_leaders(words))))
    if not any(_is_anchor(line, strict=True) for line in lines):
        return None
    # the body starts at the first row: an amount, a code, dashes or a numbered label (七、… | - | -)…
    left = min(line[0].x0 for line in lines)
    known = row_labels(table_code)
    body_start = next(
        i
        for i, line in enumerate(lines)
        if _starts_body(line, left, known) or _category_row(line, lines[:i], left, table_code)
    )
    first_row = lines[body_start - 1 : body_start + 2]
    if 0 < body_start < len(lines) - 1 and _is_anchor(first_row[1]) and _wrapped_round(*first_row):
        body_start -= 1  # the first row's label wrapped round its amounts, its numbering (一、) lost
    if table_code == "09" and _printed_by_rows(lines[body_start:], left):
        known |= _categories()
    header, body = lines[:body_start], _ruled_rows(lines[body_start:], rules) or _rows(lines[body_start:], known)
    sure, bridging = _band_words(body, known, table_code in SUMMARY_TABLES)
    found = _bands(sure, header)
    # a bare label marks a column only where no other word does (the first half of a continued 06)
    lone = [w for w in bridging if not _touching(w, found)]
    if lone:
        found = _bands(sure + lone, header)
    if len(found) < 2:
        return None
    bands = [(band.a, band.b) for band in found]
    cols = _column_edges(bands)
    # a column's header stands over its leaves (an amount may sit off to one side); without leaves, over its middle
    anchors = [band.anchor if band.leaves else (a + b) / 2 for band, (a, b) in zip(found, cols, strict=True)]
    row_lines = header + body
    rows = _row_edges(row_lines)
    top = _top_level(header) if header else []
    cells = []
    for r, line in enumerate(row_lines):
        if r == 0 and header:
            cells.extend(_header_cells(r, top, cols, anchors, _others(header, top), top=True, lower=header[1:]))
        elif r < len(header):
            above = [w for words in header[:r] for w in words if w not in top]
            # level with the line's own words: a top-level word in it (reaching down) stretches it upwards
            level = _others(header, [w for w in line if w not in top] or line)
            cells.extend(_header_cells(r, line, cols, anchors, level, top=False, lower=header[r + 1 :], above=above))
        else:
            cells.extend(_body_cells(r, line, bands))
    return Grid(page, cols, rows, _fill_gaps(cells, len(rows), len(cols)), ruled=False, source=source, content=bands)


def _codes_rejoined(words: list[Box]) -> list[Box]:
    """Words with each subject code wrapped in a narrow cell made whole again: digits that are no code
    (201060) over digits centred under them, the line below, that make one (1: 2010601), each first in
    its line (an amount in whole 元 has a label to its left)."""
    joined: dict[Box, Box] = {}
    for head in (w for w in words if w.text.isdigit() and not is_code(w.text) and _first_in_line(w, words)):
        digits = (w for w in words if w.text.isdigit() and w not in joined and _wraps(head, w))
        tail = next((w for w in digits if _first_in_line(w, words)), None)
        if tail is not None:
            joined[head] = joined[tail] = Box(
                head.text + tail.text, min(head.x0, tail.x0), head.top, max(head.x1, tail.x1), tail.bottom
            )
    return [w for w in words if w not in joined] + list(dict.fromkeys(joined.values()))


def _first_in_line(word: Box, words: list[Box]) -> bool:
    """No word stands left of it on its line (checked only for the few digits that may be a code's part)."""
    return not any(other.x1 <= word.x0 and word.top <= other.cy <= word.bottom for other in words)


def _wraps(head: Box, tail: Box) -> bool:
    below = 0 <= tail.top - head.bottom + TAIL_HEIGHT * head.height <= head.height
    shorter = len(tail.text) < len(head.text)  # the next row's code is no tail of a wrapped one's last digit
    return below and shorter and head.x0 <= tail.cx <= head.x1 and is_code(head.text + tail.text)


def _without_leaders(words: list[Box]) -> list[Box]:
    """The words without the dot leaders that run from a label to its amount: bridging the gap between
    them, they joined the label and amount columns into one. A word ending in leaders keeps its text."""
    kept = []
    for w in words:
        text = _LEADERS.sub("", w.text.rstrip())
        if text.strip():
            kept.append(
                w
                if text == w.text
                else Box(text, w.x0, w.top, w.x0 + (w.x1 - w.x0) * len(text) / len(w.text), w.bottom)
            )
    return kept


def table_blocks(words: list[Box]) -> list[list[Box]]:
    """The words of a table region, parted where its header starts again below rows: the halves of a
    stacked 01 or 04 printed as two tables, each with columns of its own (项目 | 行次 | 决算数 over
    the income, then 项目 | 行次 | 小计 | 一般公共预算财政拨款 … over the spending)."""
    lines = group_lines(words)
    cut = _header_again(lines)
    if cut is None:
        return [words]
    return [[w for line in lines[:cut] for w in line], *table_blocks([w for line in lines[cut:] for w in line])]


def header_only(words: list[Box]) -> bool:
    """The words are a header with no row under it: no line of amounts or codes."""
    return not any(_is_anchor(line, strict=True) for line in group_lines(words))


def headed(words: list[Box], header: list[Box]) -> list[Box]:
    """The words with a header from the page before set just above them, unless they print their own
    (项目 above their first row)."""
    lines = group_lines(words)
    first_row = next((i for i, line in enumerate(lines) if _is_anchor(line, strict=True)), 0)
    if any(map(_heads_labels, lines[:first_row])):
        return words
    shift = min(w.top for w in words) - max(w.bottom for w in header) - HEADER_GAP
    return [replace(w, top=w.top + shift, bottom=w.bottom + shift) for w in header] + words


def _header_again(lines: list[list[Box]]) -> int | None:
    """The first line of a header (its lines with no amount or code, down to one naming the label
    column 项目) that stands below rows of amounts or codes; None if there is none."""
    rows_above, start = False, None
    for i, line in enumerate(lines):
        if _is_anchor(line, strict=True):
            rows_above, start = True, None
            continue
        start = i if start is None else start
        if rows_above and _heads_labels(line):
            return start
    return None


def _heads_labels(line: list[Box]) -> bool:
    return any(norm_label(w.text) == ITEM_HEADING for w in line)


def _table_lines(lines: list[list[Box]]) -> list[list[Box]]:
    """The lines that can be table rows: a note under the table ends it (its wrapped lines too), as does
    the narrative after it; a sentence before the rows (quoting the table's sums) is none of them."""
    kept: list[list[Box]] = []
    for line in lines:
        text = " ".join(w.text for w in line)
        anchored = any(_is_anchor(k) for k in kept)
        if (_NOTE.match(text) or _PROSE.search(text)) and anchored:
            break
        if not _NOT_TABLE.search(text) and (anchored or not _SENTENCE.search(text)):
            kept.append(line)
    return kept[:-1] if len(kept) > 1 and _is_footer(kept) else kept


def _is_footer(lines: list[list[Box]]) -> bool:
    """The last line a page number below the table: OCR may lose the dashes around it (- 13 - read as
    13). It stands further below the last row than rows stand apart: FOOTER_GAP line heights, or
    FOOTER_ROW_GAPS times the table's usual blank between lines set apart."""
    line = lines[-1]
    if not _PAGE_NUMBER.match(" ".join(w.text for w in line)):
        return False
    gaps = [_line_gap(above, below) for above, below in itertools.pairwise(lines)]
    height = max(w.bottom - w.top for w in line)
    rows_apart = [gap for gap in gaps[:-1] if gap > 0]  # a wrapped label's lines touch or overlap
    usual = statistics.median(rows_apart) if rows_apart else 0.0
    return gaps[-1] > FOOTER_GAP * height or (usual > 0 and gaps[-1] > FOOTER_ROW_GAPS * usual)


def _line_gap(above: list[Box], below: list[Box]) -> float:
    return _top(below) - _bottom(above)


def _is_anchor(line: list[Box], strict: bool = False) -> bool:
    """A table row for sure: an amount or a code; or, not strict, dashes or a numbered label. A dash
    set tight between two characters is none: a stroke OCR read apart from a heading (行 — 次)."""
    texts = [squash(w.text) for w in line]
    if any(looks_like_amount(t) or is_code(t) for t in texts):
        return True
    if strict:
        return False
    dashes = (is_dash(t) and not _inside_word(line, k) for k, t in enumerate(texts))
    return any(dashes) or any(NUMBERED.match(t) for t in texts)


def _inside_word(line: list[Box], k: int) -> bool:
    """Whether the word at k stands between two words of characters, touching both."""
    if not 0 < k < len(line) - 1:
        return False
    before, word, after = line[k - 1], line[k], line[k + 1]
    reach = BAND_GAP + (word.bottom - word.top) / 2
    return has_cjk(before.text) and has_cjk(after.text) and word.x0 - before.x1 < reach and after.x0 - word.x1 < reach


def _starts_body(line: list[Box], left: float, known: frozenset[str]) -> bool:
    """The first row: an anchor, a line of total rows alone (合计 1, 人员经费合计 公用经费合计, their
    amounts at the foot), 收入 opening a stacked table, a label only rows carry standing at the table's
    left edge (年末财政拨款结转和结余 opening a continued page with its amounts blank; a wrapped header's
    fragment such as 政府性基金 can read as a line label, but stands further right) or beside its line
    number (其他支出 35, its numbering 二十三、 read as a speck), or a 款 code and its subject's name
    (15 会议费 opening a continued page whose 类 is inherited)."""
    known_row = _at_left(line[0], left) and norm_label(line[0].text) in known
    numbered = any(_LINE_NUMBER.match(w.text) for w in line) and any(norm_label(w.text) in known for w in line)
    anchor = _is_anchor(line) and (_is_anchor(line, strict=True) or not _headings(line))
    total = all(_LINE_NUMBER.match(w.text) or norm_label(w.text).endswith(_TOTALS) for w in line) and any(
        norm_label(w.text).endswith(_TOTALS) for w in line
    )
    return anchor or _side_heading(line) or known_row or numbered or _keyed(line) or total


def _headings(line: list[Box]) -> bool:
    """The line heads columns: HEADING_LINE of its words name amount columns. Dashes in it are no blank
    cells but a scanned rule's pieces, read where a short rule under a group label meets the line."""
    return sum(1 for w in line if norm_label(w.text) in column_headings()) >= HEADING_LINE


def _at_left(word: Box, left: float) -> bool:
    """The word stands at the table's left edge, within a line's height of it."""
    return word.x0 <= left + (word.bottom - word.top)


def _category_row(line: list[Box], above: list[list[Box]], left: float, table_code: str | None) -> bool:
    """A 三公 category alone at the left edge of table 09, under the measures' headings (预算数 | 决算数):
    a row of the table printed by rows, its amounts blank. Where categories head columns, several
    stand in a line, over the measures or under one heading of them all."""
    if table_code != "09" or len(line) != 1 or not _at_left(line[0], left):
        return False
    headed = any(norm_label(w.text) in {t.label for t in measures("09")} for words in above for w in words)
    return headed and norm_label(line[0].text) in _categories()


def _printed_by_rows(body: list[list[Box]], left: float) -> bool:
    """Table 09's categories open lines of its body at the left edge: they name its rows, and a wrapped
    one (公务用车购置及运行维 | 护费) opens a row of its own, however close under the row above it stands."""
    return sum(_at_left(line[0], left) and norm_label(line[0].text) in _categories() for line in body) >= 2


@functools.cache
def _categories() -> frozenset[str]:
    return frozenset(t.label for t in table_lines("09"))


def _is_code_part(text: str) -> bool:
    return is_code(text) or bool(PART_CODE.match(text))


def _keyed(row: list[Box]) -> bool:
    """The row prints a subject code, whole (or before its name, [2080505]机关事) or its 款 part alone."""
    return any(is_code(w.text) or _opens_with_code(w.text) for w in row) or opens_with_part_code([w.text for w in row])


def _opens_with_code(text: str) -> bool:
    """A code before its name (not an amount's leading digits: １０６，８００．００)."""
    return (found := leading_code(text)) is not None and has_cjk(found[1])


def _ruled_rows(lines: list[list[Box]], rules: Sequence[Rule]) -> list[list[Box]] | None:
    """Body lines grouped by the rules running across the table between them, where rules part every
    row: an amount set at the top of a tall row stands nearer the label of the row above than its own,
    and only the rule tells. None where rules do not part every row: a three-line table rules only its
    header and foot, and a table ruled every few rows has two lines of amounts between two rules."""
    left, right = min(w.x0 for line in lines for w in line), max(w.x1 for line in lines for w in line)
    top, bottom = _top(lines[0]), _bottom(lines[-1])
    across = _distinct(
        r.at for r in rules if top < r.at < bottom and min(r.b, right) - max(r.a, left) >= RULE_ACROSS * (right - left)
    )
    if len(across) < MIN_ROW_RULES:
        return None
    bands: list[list[list[Box]]] = [[] for _ in range(len(across) + 1)]
    for line in lines:
        bands[bisect.bisect(across, (_top(line) + _bottom(line)) / 2)].append(line)
    if any(sum(_has_amount(line) for line in band) > 1 for band in bands):
        return None
    return [[w for line in band for w in line] for band in bands if band]


def _distinct(positions: Iterable[float]) -> list[float]:
    """Sorted positions, those within BAND_GAP of the one before dropped (two halves' pieces of a rule)."""
    kept: list[float] = []
    for at in sorted(positions):
        if not kept or at - kept[-1] > BAND_GAP:
            kept.append(at)
    return kept


def _has_amount(line: list[Box]) -> bool:
    return any(looks_like_amount(squash(w.text)) for w in line)


def _prints_amounts(line: list[Box]) -> bool:
    return any(map(_amount_mark, line))


def _amount_mark(word: Box) -> bool:
    """An amount, or the dash of a blank one."""
    return looks_like_amount(squash(word.text)) or is_dash(squash(word.text))


def _rows(lines: list[list[Box]], known: frozenset[str]) -> list[list[Box]]:
    """Body lines grouped into rows.

    A wrapped label's tail (a lone word starting under a label of one of the two rows above, closer
    to it than rows stand apart) joins that label's row; a centred heading such as 支出 starts
    elsewhere, and a label-only row (使用非财政拨款结余 with its amount blank) stands a row apart:
    both stay rows. Then a line of amounts centred beside a label wrapped over several lines joins
    the label's row, as do the two halves of a label wrapped around it. A line of tails of labels
    of different rows (two halves' labels wrapped round one line of amounts) has its words part.
    A line of a code or amounts may carry the middle of the label of the row before last, when a
    line of another half's label (its head, wrapped round its own code) stands between them. A line
    opening a label only rows carry (`known`) is no tail, however close under a label it stands.
    Where a narrow column wraps labels round their codes, a label's first line opens the row of the
    line of a code or amounts it heads (`_opening`), and a line reaching up into a row's line of a code
    or amounts is of that row if it continues it, however close the next row stands.
    """
    pitch = _row_gap(lines)
    opening = _opening(lines, pitch, known)
    rows: list[list[Box]] = []
    anchor: list[Box] = []  # the last line of a code or amounts…
    anchored: list[Box] = []  # … and its row
    for i, line in enumerate(lines):
        own = i in opening or _opens_own_row(line, known)
        if i - 1 in opening:
            head = rows[-1]  # opened by its label's first line
        elif i in opening and rows and _label_only(rows[-1]) and _tails_of(line, rows[-1], pitch, known):
            head = rows[-1]  # the middle line of a label over three, its amounts at the foot: the head is above
        elif rows and not _has_amount(rows[-1]) and _completes(rows[-1], line, known):
            head = rows[-1]
        elif own and not _is_anchor(line):
            head = None
        else:
            head = _row_of(line, rows[-2:], pitch, known)
            if head is None and anchor and _top(line) < _bottom(anchor):
                head = _row_of(line, [anchored], None, known)  # rows never overlap: no gap to keep
        if head is not None:
            head.extend(line)
        elif not _is_anchor(line) and not own and (heads := _heads_of_each(line, rows[-2:], pitch)):
            for word, row in zip(line, heads, strict=True):
                row.append(word)
        else:
            rows.append(list(line))
        if _is_anchor(line, strict=True):
            anchor, anchored = line, head if head is not None else rows[-1]
    joined = _join_offset(_merge_centred(_join_interleaved(rows)), known)
    return _join_set_below(_join_set_above(joined, known), known)


def _join_set_above(rows: list[list[Box]], known: frozenset[str]) -> list[list[Box]]:
    """A row of amounts without a code, set at the top of a tall row above the row's centred code, is the
    next row's: each of its amounts stands over a blank cell of a half whose code that row prints, and
    its words are the first lines of that row's labels (机关事 | 业单位 301 08 | 基本养 …, or another half's
    信息网 | 络及软 310 07 beside 302 04 手续费, whose 0.09 stands two lines above its code); the tallest
    label, which sets the row's height, opens at its top. A 合计 row over the first subject's is none:
    their amounts stand in the same columns."""
    joined: list[list[Box]] = []
    for row in rows:
        if joined and _set_above(joined[-1], row, known, joined[-2] if len(joined) > 1 else None):
            joined[-1] = [*joined[-1], *row]
        else:
            joined.append(row)
    return joined


def _set_above(upper: list[Box], lower: list[Box], known: frozenset[str], before: list[Box] | None) -> bool:
    amounts = [w for w in upper if _amount_mark(w)]  # a blank cell's dash stands with the amounts
    words = [w for w in upper if w not in amounts]
    if amounts and not words and not _keyed(upper):
        return _amounts_of_next(amounts, lower, before)
    if not amounts or not words or _keyed(upper) or not _keyed(lower):
        return False
    heads = all(
        _may_continue(w, known) and any(has_cjk(o.text) and _gap(o.x0, o.x1, w) <= 0 for o in lower) for w in words
    )
    return heads and all(_over_blank_of_coded_half(w, lower) for w in amounts)


def _join_set_below(rows: list[list[Box]], known: frozenset[str]) -> list[list[Box]]:
    """Amounts without a code, maybe beside the last line of a label, under a row of a code or label
    printing no amount are that row's, set at the bottom of its tall cells (2013750 事业运行 over its
    amounts, or 2080505 机关事业 | 单位基本养老保险 over 缴费支出 and its amounts). Not where the next row
    prints none either and stands nearer: the amounts stand at the top of its cells. Amounts alone
    under blanks of a keyed row that prints others, over amounts of the next (or nearer the row), are
    that row's too: a photo's curl set the page's last column lower than the rest (302 商品和服务支出 |
    … | 1,696,200.00)."""
    joined: list[list[Box]] = []
    for k, row in enumerate(rows):
        after = rows[k + 1] if k + 1 < len(rows) else None
        if joined and (_set_below(row, joined[-1], after, known) or _fills_blanks_above(row, joined[-1], after)):
            joined[-1] = [*joined[-1], *row]
        else:
            joined.append(row)
    return joined


def _set_below(row: list[Box], above: list[Box], after: list[Box] | None, known: frozenset[str]) -> bool:
    """Amounts (and a label's tail) under a row printing none, not nearer a next row printing none."""
    return (
        _amounts_and_tail(row, known)
        and (_blank_row(above) or (_marks_only(row) and _named_only(above, known)))
        and not (after is not None and _blank_row(after) and _nearer_below(above, row, after))
    )


def _fills_blanks_above(row: list[Box], above: list[Box], after: list[Box] | None) -> bool:
    """Amounts alone, each under no amount of the keyed row above and over one of the row below (or
    nearer the row above than that row, or the last line)."""
    if not (_amounts_only(row) and _keyed(above) and _has_amount(above)):
        return False
    theirs = after is None or not _nearer_below(above, row, after)
    return all(not _amount_over(w, above) and (theirs or _amount_over(w, after)) for w in row)


def _amount_over(word: Box, row: list[Box]) -> bool:
    """The row prints an amount in the word's place (their spans across overlap)."""
    return any(_amount_mark(w) and w.x0 < word.x1 and word.x0 < w.x1 for w in row)


def _nearer_below(above: list[Box], amounts: list[Box], below: list[Box]) -> bool:
    """Amounts between two rows that print none stand nearer the lower one: set at the top of its cells
    (or at the foot of the upper one's, when nearer that)."""
    return _top(below) - _bottom(amounts) < _top(amounts) - _bottom(above)


def _blank_row(row: list[Box]) -> bool:
    return _keyed(row) and not _has_amount(row)


def _marks_only(row: list[Box]) -> bool:
    return all(map(_amount_mark, row))


def _named_only(row: list[Box], known: frozenset[str]) -> bool:
    """Labels of lines (their 行次 or numbering aside), one of them numbered or a row of the table's own
    (not a header's fragments), nothing in an amount's place, no side heading (支出): a row of 01 or 04
    whose amounts stand at the foot of its cells, in the line below."""
    labels = [w for w in row if has_cjk(w.text)]
    rest = all(has_cjk(w.text) or _LINE_NUMBER.match(w.text.rstrip(".．、")) for w in row)  # 行次, or 1. of 1. 一般…
    lines = any(NUMBERED.match(w.text) or norm_label(w.text) in known for w in labels)
    return lines and rest and not _side_heading(row)


def _amounts_and_tail(row: list[Box], known: frozenset[str]) -> bool:
    """Amounts, and at most words that may end a label above (its 行次 aside): no code, numbering or row of
    its own (合计 under the last subject's row)."""
    words = [w for w in row if not _amount_mark(w) and not _LINE_NUMBER.match(w.text)]
    tails = all(has_cjk(w.text) and _may_continue(w, known) and norm_label(w.text) not in _TOTALS for w in words)
    return _has_amount(row) and not _keyed(row) and tails


def _amounts_of_next(amounts: list[Box], lower: list[Box], before: list[Box] | None) -> bool:
    """Amounts alone above a row printing none, coded (over its blank cells) or labelled (right of its
    label), are its own unless the row `before` them prints none either and stands nearer (they are
    that row's, set at the bottom of its cells): a row taller than its one-line label, amounts top-aligned."""
    if before is None or (_blank_row(before) and not _nearer_below(before, amounts, lower)) or _has_amount(lower):
        return False
    if _keyed(lower):
        return all(_over_blank_of_coded_half(w, lower) for w in amounts)
    return _label_only(lower) and max(w.x1 for w in lower) <= min(w.x0 for w in amounts)


def _over_blank_of_coded_half(amount: Box, row: list[Box]) -> bool:
    """The row prints a code left of the amount, and no amount between that code and under the amount."""
    codes = [w.x1 for w in row if is_code(squash(w.text)) and w.x1 <= amount.x0]
    if not codes:
        return False
    nearest = max(codes)
    return not any(looks_like_amount(squash(w.text)) and w.x1 > nearest and w.x0 <= amount.x1 for w in row)


def _row_of(line: list[Box], recent: list[list[Box]], pitch: float | None, known: frozenset[str]) -> list[Box] | None:
    """The recent row a line joins: the one whose wrapped label a line of a code or amounts carries the
    middle of, or whose labels a line of words continues."""
    if _is_anchor(line):
        return next((r for r in reversed(recent) if _shares_row(line, r, pitch, known)), None)
    return _head_of(line, recent, pitch)


def _opening(lines: list[list[Box]], pitch: float | None, known: frozenset[str]) -> set[int]:
    """The label lines that open the row of the line after them, a line of a code or amounts: a label
    wrapped round its row's code, in a cell so narrow that its first line stands as close under the row
    above as a tail would (`_heads`)."""
    opening = set()
    above: list[Box] = []  # the last line of a code or amounts
    for i, (line, after) in enumerate(itertools.pairwise(lines)):
        if _is_anchor(line, strict=True):
            above = line
        elif not _is_anchor(line) and _heads(line, after, above, pitch, known):
            opening.add(i)
    return opening


def _heads(line: list[Box], after: list[Box], above: list[Box], pitch: float | None, known: frozenset[str]) -> bool:
    """Whether a label line heads the line of a code or amounts after it: that line prints no label of
    its own and the line reaches down into it (一般行政管 | 2010602 16.19 | 理事务), or that line's labels
    continue this one (机关事业单 | 位基本养老保险 2080505 | 缴费支出; 八、… or 总计 start their own)
    while this one continues no label of the line of a code or amounts `above` it (运行 in 行政 1.00 |
    运行 | 2010601 支出 | 事务 does). One reaching up into that line is its tail (出 in 一般公共服务支 |
    201 2112.86 | 出)."""
    if not _is_anchor(after, strict=True) or (above and _top(line) < _bottom(above)):
        return False
    labels = [w for w in after if has_cjk(w.text)]
    if not labels:
        return _top(after) < _bottom(line)
    continued = all(_may_continue(w, known) and _continues(w, line, pitch) for w in labels)
    return continued and not any(_continues(w, above, pitch) for w in line)


def _join_offset(rows: list[list[Box]], known: frozenset[str]) -> list[list[Box]]:
    """A row of amounts alone and a row of a label alone (and its code) that overlap, neither reaching
    over the other's words, are one row: its amounts set at the top of the cell and its label centred
    (or the other way round), closer than lines group at a low resolution. Rows never overlap. So is
    a half's label alone over the rest of its row: a label wrapped round the row's line whose last
    line OCR lost (一、一般公共预算财政拨 | 款, amounts beside the 款)."""
    joined: list[list[Box]] = []
    for row in rows:
        if joined and _offset_halves(joined[-1], row, known):
            joined[-1] = [*joined[-1], *row]
        else:
            joined.append(row)
    return joined


def _offset_halves(upper: list[Box], lower: list[Box], known: frozenset[str]) -> bool:
    """Under the upper row's words the lower one has nothing, or only the rest of its label below it
    (一、一般公共预算财政 | 1 一、一般公共服务支出 31 | 拨款 2,940.05: amounts at the foot of the row)."""
    overlap = _top(lower) < _bottom(upper)
    below = _amounts_only(lower) or _is_anchor(lower, strict=True)
    halves = (_amounts_only(upper) and _label_only(lower)) or (_label_only(upper) and below)
    under = [o for o in lower if any(_gap(w.x0, w.x1, o) <= 0 for w in upper)]
    tails = _label_only(upper) and all(_may_continue(o, known) and o.top >= _bottom(upper) for o in under)
    return overlap and halves and (not under or tails)


def _amounts_only(row: list[Box]) -> bool:
    return all(looks_like_amount(squash(w.text)) and not is_code(squash(w.text)) for w in row)


def _label_only(row: list[Box]) -> bool:
    """Words, and a code or numbering read as a dash (一、 as —) beside them: no amount."""
    words = any(has_cjk(w.text) for w in row)
    return words and all(has_cjk(w.text) or is_code(squash(w.text)) or is_dash(squash(w.text)) for w in row)


def _opens_own_row(line: list[Box], known: frozenset[str]) -> bool:
    """Whether the line reads as a label only rows carry, or the head of one wrapped (年初财政拨款结转和结
    | 余): set close under a label, its amounts blank, it is a row of the table's own, not a tail."""
    text = norm_label("".join(w.text for w in line))
    return text in known or (len(text) >= FUZZY_MIN and any(label.startswith(text) for label in known))


def _tails_of(line: list[Box], row: list[Box], pitch: float | None, known: frozenset[str]) -> bool:
    """Every word of the line goes on a label of the row, close under it."""
    return all(_may_continue(w, known) for w in line) and _head_of(line, [row], pitch) is not None


def _completes(row: list[Box], line: list[Box], known: frozenset[str]) -> bool:
    """The line's label is the tail of a label of the row above, the two together a row of the table's
    own: 一、一般公共预算 | 财政拨款收入, though 财政拨款收入 names a row too."""
    tails = [w for w in line if has_cjk(w.text)]
    return any(
        norm_label(head.text + tail.text) in known
        for tail in tails
        for head in row
        if norm_label(head.text) and _gap(head.x0, head.x1, tail) <= 0  # not numbering alone (二十六、)
    )


def _heads_of_each(line: list[Box], recent: list[list[Box]], pitch: float | None) -> list[list[Box]] | None:
    """Rows whose labels a line's words continue, one row per word, when no one row takes them all:
    the tails of two halves' labels wrapped round one line of amounts, scanned into one line."""
    heads = [head for word in line if (head := _head_of([word], recent, pitch)) is not None]
    return heads if len(heads) == len(line) else None


def _join_interleaved(rows: list[list[Box]]) -> list[list[Box]]:
    """A row reaching into the rows above and below it, the lower one a label-only tail of the upper
    one's label, joined with them: rows never overlap, a label wrapped round the middle of its row
    does (amounts top-aligned with its first line, or centred). The tail may stand further below its
    head than `_continues` allows: OCR's boxes hold ink, not the font's height, so the lines of a cell
    stand further apart than in a text layer."""
    joined: list[list[Box]] = []
    i = 0
    while i < len(rows):
        trio = rows[i : i + 3]
        if len(trio) == 3 and _wrapped_round(*trio):
            joined.append([w for row in trio for w in row])
            i += 3
        else:
            joined.append(rows[i])
            i += 1
    return joined


def _wrapped_round(head: list[Box], middle: list[Box], tail: list[Box]) -> bool:
    """`foot`: the amounts stand at the foot of the row, beside the label's last line, the middle line
    holding only what is centred (行次, the other half's one-line label, the dashes of blank amounts)."""
    overlaps = _top(middle) < _bottom(head) and _top(tail) < _bottom(middle)
    labels = [w for w in head if not looks_like_amount(squash(w.text))]  # a 一、 OCR'd as — starts it too
    foot = _prints_amounts(tail) and not _has_amount(middle)
    ends = [t for t in tail if has_cjk(t.text)] if foot else tail
    under = bool(ends) and all(any(w.x0 - UNDER_PT <= t.x0 <= w.x1 for w in labels) for t in ends)
    under = under or (len(ends) == 1 and any(_numbering_lost(ends[0], w, head) for w in labels))
    under = under and (foot or not _is_anchor(tail, strict=True))
    apart = not any(_gap(w.x0, w.x1, other) <= 0 for w in middle for other in head + tail)
    return overlaps and under and apart


def _numbering_lost(tail: Box, label: Box, head: list[Box]) -> bool:
    """A lone tail starts left of the label with nothing of the head's line between: the label's first
    characters lost (一、一般公共预算财政 read as 般公共预算财政, its tail 拨款 at the column's edge)."""
    return tail.x0 < label.x0 and not any(w is not label and tail.x0 - UNDER_PT < w.x1 <= label.x0 for w in head)


def _head_of(tails: list[Box], recent: list[list[Box]], pitch: float | None) -> list[Box] | None:
    """The row whose labels these words continue: each starts under a label of it, close below."""
    for row in reversed(recent):
        if all(_continues(word, row, pitch) for word in tails):
            return row
    return None


def _shares_row(line: list[Box], row: list[Box], pitch: float | None, known: frozenset[str]) -> list[Box] | None:
    """The row a line of a code or amounts belongs to when that line carries the middle of the row's
    wrapped label (amounts top-aligned, the code centred, the label over three lines): it continues
    a label of the row and puts nothing else where the row already has something. A label that
    names a row of its own (公用经费合计 under 31099 其他资本性支出, whose amount is blank) is no tail,
    nor is a line printing a code when the row has one (302 商品和服务支出 under 99 其他对个人和家庭的 / 补助)."""
    if _keyed(line) and _keyed(row):
        return None
    tails = [w for w in line if _may_continue(w, known) and _continues(w, row, pitch)]
    rest = [w for w in line if w not in tails]
    if tails and not any(_gap(w.x0, w.x1, other) <= 0 for w in rest for other in row):
        return row
    return None


def _may_continue(word: Box, known: frozenset[str]) -> bool:
    """Words, unnumbered, naming no row of their own: what a wrapped label's next line may be."""
    return has_cjk(word.text) and not NUMBERED.match(word.text) and norm_label(word.text) not in known


def _continues(word: Box, row: list[Box], pitch: float | None) -> bool:
    """The word is the next line of a label of the row: under it, and as close as lines of one cell
    stand (closer than rows stand apart, and than half a line). A label indented by leading spaces
    wraps to the cell's edge: its tail starts left of it and reaches under it, unnumbered; so does a
    label printed after its code in one cell (2080505 机关事业单位基本养老保险 | 缴费支出, under the code),
    and one wrapped whole under its code (2010601 | 行政运行)."""
    labels = [
        w
        for w in row
        if has_cjk(w.text) and (_cell_start(w, row) - UNDER_PT <= word.x0 <= w.x1 or _hangs_under(word, w))
    ]
    if not any(has_cjk(w.text) for w in row):  # a code alone on its line: its name wraps under it
        labels = [w for w in row if is_code(squash(w.text)) and w.x0 - UNDER_PT <= word.x0 <= w.x1]
    if not labels:
        return False
    limit = TAIL_HEIGHT * (word.bottom - word.top)
    if pitch is not None:
        limit = min(limit, TAIL_GAP * pitch)
    return word.top - max(w.bottom for w in labels) < limit


def _cell_start(label: Box, row: list[Box]) -> float:
    """Where the label's cell starts: at the code set right before it (within a character), if any."""
    before = [w.x0 for w in row if is_code(squash(w.text)) and 0 <= label.x0 - w.x1 <= label.bottom - label.top]
    return min(before, default=label.x0)


def _hangs_under(tail: Box, label: Box) -> bool:
    return tail.x0 < label.x0 < tail.x1 and not NUMBERED.match(tail.text)


def _merge_centred(rows: list[list[Box]]) -> list[list[Box]]:
    merged: list[list[Box]] = []
    for row in rows:
        if merged and (_within(row, merged[-1]) or _within(merged[-1], row)):
            merged[-1] = [*merged[-1], *row]
        else:
            merged.append(row)
    return merged


def _within(inner: list[Box], outer: list[Box]) -> bool:
    """The inner row's middle lies inside the outer row's height, the outer spanning several lines."""
    middle = (_top(inner) + _bottom(inner)) / 2
    lines_high = len(group_lines(outer)) > 1
    return lines_high and _top(outer) < middle < _bottom(outer)


def _band_words(body: list[list[Box]], known: frozenset[str], summary: bool) -> tuple[list[Box], list[Box]]:
    """The body words that mark columns, and those that may bridge two: in a table keyed by codes,
    the label of a row without one (合计, 公用经费合计) may be centred across merged cells. A side
    heading (收入 | 支出) centred over a stacked table belongs to no column. A table is keyed by codes
    if MIN_CODED_ROWS rows print one, or if some do and every other row is a row of the table's own
    (`known`: the last page of 06, 302 99 其他商品和服务支出 above 人员经费合计 | 公用经费合计). A summary
    table (01, 04) never is: the numbers opening its rows are 行次 (a continued page's first rows
    print only theirs, their labels blank)."""
    keyed = sum(1 for row in body if _keyed(row))
    own = all(_keyed(row) or any(norm_label(w.text) in known for w in row) for row in body)
    coded = not summary and (keyed >= MIN_CODED_ROWS or (keyed > 0 and own))
    sure: list[Box] = []
    bridging: list[Box] = []
    for row in body:
        if _side_heading(row):
            continue
        bare = coded and not _keyed(row)
        for w in row:
            (bridging if bare and has_cjk(w.text) else sure).append(w)
    return sure, bridging


def _touching(word: Box, bands: list[_Band]) -> int:
    return sum(1 for band in bands if word.x0 <= band.b + BAND_GAP and band.a <= word.x1 + BAND_GAP)


def _side_heading(row: list[Box]) -> bool:
    return len(row) == 1 and norm_label(row[0].text) in SIDE_WORDS


def _row_gap(lines: list[list[Box]]) -> float | None:
    """The white space between two rows: the upper quartile of the gaps between lines, as wrapped
    tails (closer together) are fewer than rows; or of the gaps above lines of amounts or codes, if
    wider: where labels wrap over four lines or more, most gaps part lines of one label, while a row's
    amounts set at its top stand a row's gap below the row above."""
    gaps = [_line_gap(a, b) for a, b in itertools.pairwise(lines)]
    above = [gap for gap, line in zip(gaps, lines[1:], strict=True) if _is_anchor(line, strict=True)]
    quartiles = [statistics.quantiles(g, n=4)[2] for g in (gaps, above) if len(g) > 1]
    return max(quartiles, default=None)


def _top(line: list[Box]) -> float:
    return min(w.top for w in line)


def _bottom(line: list[Box]) -> float:
    return max(w.bottom for w in line)


@dataclass(frozen=True)
class _Band:
    a: float
    b: float
    body: bool  # holds body words
    leaves: tuple[float, ...]  # centres of the header leaves over it
    words: int = 0  # body words in it…
    text_words: int = 0  # … those set like text (a label, a code), not like an amount…
    dashes: int = 0  # … and those marking a blank cell (-, —)
    labels_headed: bool = False  # a leaf over it names a column of labels (科目名称)

    @property
    def anchor(self) -> float:
        return sum(self.leaves) / len(self.leaves)

    @property
    def left_aligned(self) -> bool:
        """Most of its words are set like text: an amount whose point OCR lost (852) reads as a code."""
        return 2 * self.text_words > self.words

    @property
    def blanks_only(self) -> bool:
        """Its body words all mark blank cells: a column of amounts whose blanks print a centred dash."""
        return self.body and self.dashes == self.words

    def merge(self, other: _Band) -> _Band:
        return _Band(
            min(self.a, other.a),
            max(self.b, other.b),
            self.body or other.body,
            self.leaves + other.leaves,
            self.words + other.words,
            self.text_words + other.text_words,
            self.dashes + other.dashes,
            self.labels_headed or other.labels_headed,
        )


def _bands(body: list[Box], header: list[list[Box]]) -> list[_Band]:
    """Column bands: the extents of body words and of header leaves, merged where they overlap.

    Words of one column overlap from row to row, while neighbouring columns may stand a few points
    apart (an amount right-aligned against the next column's label): only overlap merges. Header
    leaves (words no lower header words stand under) add the columns left blank in every row, by
    their centres only (a header word can be wider than its column); a
    body band that touches no leaf joins the nearest leaf-only band beside it (an amount
    right-aligned beneath a centred header).
    """
    items = [
        _Band(w.x0, w.x1, True, (), 1, int(has_cjk(w.text) or _is_code_part(w.text)), int(is_dash(w.text)))
        for w in body
    ]
    items += [
        _Band(w.cx - LEAF_HALF_WIDTH, w.cx + LEAF_HALF_WIDTH, False, (w.cx,), labels_headed=_names_labels(w.text))
        for w in _leaves(header, body)
    ]
    groups: list[list[_Band]] = []
    reaching: _Band | None = None  # the band of the last group reaching furthest right
    for item in sorted(items, key=lambda band: band.a):
        if reaching and item.a <= reaching.b + BAND_GAP and not _set_apart(item, reaching):
            groups[-1].append(item)
            reaching = item if item.b > reaching.b else reaching
        else:
            groups.append([item])
            reaching = item
    parts = [part for group in groups for part in _part_at_gutter(group)]
    return _join_orphans([functools.reduce(_Band.merge, part) for part in parts], _amounts_flush_left(parts))


def _amounts_flush_left(columns: list[list[_Band]]) -> bool:
    """Whether the table sets its amounts flush left: in more of its columns of amounts of differing
    widths, their left edges line up and their right edges do not than the other way round."""
    left = right = 0
    for column in columns:
        amounts = [item for item in column if item.body and not item.text_words and not item.dashes]
        if len(amounts) < 2:
            continue
        left_spread = max(i.a for i in amounts) - min(i.a for i in amounts)
        right_spread = max(i.b for i in amounts) - min(i.b for i in amounts)
        left += left_spread <= FLUSH_SLACK < right_spread
        right += right_spread <= FLUSH_SLACK < left_spread
    return left > right


def _names_labels(heading: str) -> bool:
    """Whether a heading names a column of labels (科目名称, 项目; not 项目支出, a measure)."""
    text = norm_label(heading)
    return text == ITEM_HEADING or "名称" in text


def _set_apart(item: _Band, reaching: _Band) -> bool:
    """Body words of two kinds touching, or overlapping by less than GUTTER_SLACK, stand in two
    columns: an amount right-aligned against the next column's label, its column wider than its
    centred header. `reaching`: the band of the group so far whose right edge is furthest right."""
    touching = item.a > reaching.b - GUTTER_SLACK
    return touching and item.body and reaching.body and item.left_aligned != reaching.left_aligned


def _part_at_gutter(group: list[_Band]) -> list[list[_Band]]:
    """Two columns set close join where one word runs up to the next (a label as wide as its cell
    touching the amount beside it: 维修（护） | 87,200.00), or amounts too wide for their columns
    overlap. A gutter that at most GUTTER_CROSSING words cross, with words standing clear of it on
    both sides, parts them again."""
    body = [item for item in group if item.body]
    for cut in sorted({item.b for item in body}):
        left = sum(1 for item in body if item.b <= cut + GUTTER_SLACK)
        right = sum(1 for item in body if item.a >= cut - GUTTER_SLACK)
        crossing = sum(1 for item in body if item.a < cut - GUTTER_SLACK and cut + GUTTER_SLACK < item.b)
        if left >= GUTTER_SIDE and right >= GUTTER_SIDE and crossing <= GUTTER_CROSSING:
            before = [item for item in group if (item.a + item.b) / 2 < cut]
            after = [item for item in group if (item.a + item.b) / 2 >= cut]
            if before and after:  # words narrower than the slack count on both sides: each must keep some
                return [before, *_part_at_gutter(after)]
    return [group]


def _leaves(header: list[list[Box]], body: list[Box]) -> list[Box]:
    """Header words with at most one header word beneath them, centred under them (a wrapped label's
    continuation; group labels have several, or one off to a side), and
    not centred over a pair of lower words (a short 合计 over its 预算数 | 决算数) unless, with no
    header word beneath, body words stand right under them (行次 over its line numbers). A word alone
    in the top line with no word beneath heads the whole table (“三公”经费预算数), not a column; nor
    does a side heading (收入 | 支出) head one: it heads a half, whatever stands beneath it."""
    leaves = []
    for i, line in enumerate(header):
        lower = header[i + 1 :]
        below = [w for words in lower for w in words]
        for word in line:
            if norm_label(word.text) in SIDE_WORDS:
                continue
            under = [w for w in below if _gap(w.x0, w.x1, word) <= 0]
            off_centre = any(abs(w.cx - word.cx) > max(2.0, (word.x1 - word.x0) / 4) for w in under)
            if len(under) >= 2 or off_centre:
                continue  # a group: several words beneath, or one that is not its wrapped continuation
            overlapped = len(under)
            if i == 0 and len(line) == 1 and lower and not overlapped:
                continue
            if i == 0 and not overlapped and _flanked(word, line, lower):
                continue
            heads_body = not overlapped and any(w.x0 <= word.cx <= w.x1 for w in body)
            if heads_body or not any(_centred_over_pair(word, words) for words in lower):
                leaves.append(word)
    return leaves


def _flanked(word: Box, line: list[Box], lower: Sequence[list[Box]]) -> bool:
    """A lower line has words on either side of the top line's word, within half the way to the nearest
    other word of the top line: they are its sub-labels, set clear of its centre (人员经费 over 科目编码及
    名称 | 金额), and it heads them all, whatever amounts set flush left reach under it. Lower down, a
    leaf set high in a tall cell (行次) has its neighbours' sub-labels about it: top line only."""
    reach = min((abs(w.cx - word.cx) for w in line if w is not word), default=0.0) / 2
    for words in lower:
        centres = [w.cx for w in words if abs(w.cx - word.cx) < reach]
        if any(c < word.cx for c in centres) and any(c > word.cx for c in centres):
            return True
    return False


def _top_level(header: list[list[Box]]) -> list[Box]:
    """The words heading the table's widest divisions: the top line, and the words of lower lines
    with nothing above them that reach up into it (a single-line label centred in a tall cell, beside
    a two-line label such as 财政拨款收 | 入 whose first line is the top line)."""
    first = header[0]
    bottom = max(w.bottom for w in first)
    above: list[Box] = list(first)
    reaching = []
    for line in header[1:]:
        for word in line:
            if word.top < bottom and not any(_gap(w.x0, w.x1, word) <= 0 for w in above):
                reaching.append(word)
        above.extend(line)
    return sorted(first + reaching, key=lambda w: w.x0)


def _centred_over_pair(word: Box, line: list[Box]) -> bool:
    """The word stands midway between two neighbouring words of a lower line that are as close as
    that line's closest two: it heads both. A leaf between two groups stands a whole column from
    each, twice that spacing (公务接待费 between 因公出国（境）'s tail 费 and 小计)."""
    centres = sorted(w.cx for w in line)
    if len(centres) < 3 or any(w.x0 <= word.cx <= w.x1 for w in line):
        return False
    left = [c for c in centres if c < word.cx]
    right = [c for c in centres if c > word.cx]
    if not left or not right:
        return False
    span, usual = right[0] - left[-1], min(b - a for a, b in itertools.pairwise(centres))
    return span < 1.5 * usual and abs((word.cx - left[-1]) - (right[0] - word.cx)) < 0.1 * span


def _join_orphans(bands: list[_Band], flush_left: bool) -> list[_Band]:
    """A body band under no header leaf joins a header-only band beside it, or, if it holds amounts, a
    band of blank marks (amounts right-aligned beside the dashes centred under their header; codes
    beside the dashes of the column before are the next column's): amounts (right-aligned, unless the
    table sets them `flush_left`) one whose header stands left of their right edge, text and codes
    (left-aligned) one whose header stands right of its left edge; of those, or else of both, the nearer.
    Amounts join a column whose heading names labels (科目名称) only where no other stands beside them."""
    joined = list(bands)
    i = 0
    while i < len(joined):
        band = joined[i]
        beside = [
            j
            for j in (i - 1, i + 1)
            if 0 <= j < len(joined)
            and joined[j].leaves
            and (not joined[j].body or (joined[j].blanks_only and not band.left_aligned))
        ]
        if not band.left_aligned:  # amounts: under a heading of labels only where no other stands beside
            beside = [j for j in beside if not joined[j].labels_headed] or beside
        if band.body and not band.leaves and beside:
            left = band.left_aligned or flush_left
            aligned = [j for j in beside if (joined[j].anchor >= band.a if left else joined[j].anchor <= band.b)]
            j = min(aligned or beside, key=lambda j: max(joined[j].a - band.b, band.a - joined[j].b))
            joined[min(i, j)] = band.merge(joined[j])
            del joined[max(i, j)]
            i = min(i, j)
        i += 1
    return joined


def _column_edges(bands: list[tuple[float, float]]) -> list[tuple[float, float]]:
    mids = [(a[1] + b[0]) / 2 for a, b in itertools.pairwise(bands)]
    lefts = [bands[0][0] - 1, *mids]
    rights = [*mids, bands[-1][1] + 1]
    return list(zip(lefts, rights, strict=True))


def _row_edges(lines: list[list[Box]]) -> list[tuple[float, float]]:
    return [(min(w.top for w in line), max(w.bottom for w in line)) for line in lines]


def _band_of(x: float, bands: list[tuple[float, float]]) -> int:
    return min(
        range(len(bands)),
        key=lambda i: 0 if bands[i][0] <= x <= bands[i][1] else min(abs(x - bands[i][0]), abs(x - bands[i][1])),
    )


def _body_cells(row: int, line: list[Box], bands: list[tuple[float, float]]) -> list[Cell]:
    texts: dict[int, list[Box]] = {}
    for w in line:
        texts.setdefault(_band_of(w.cx, bands), []).append(w)
    return [
        Cell(row, row + 1, c, c + 1, "\n".join(" ".join(x.text for x in part) for part in group_lines(ws)))
        for c, ws in texts.items()
    ]


def _others(header: list[list[Box]], line: list[Box]) -> list[Box]:
    """Header words of other lines standing level with this one (wrapped headers of neighbouring
    columns interleave: 政府性基 | 金预算财 beside 一般公共预 | 算财政拨款)."""
    top, bottom = _top(line), _bottom(line)
    return [w for words in header for w in words if w not in line and w.top < bottom and w.bottom > top]


def _header_cells(
    row: int,
    line: list[Box],
    columns: list[tuple[float, float]],
    anchors: list[float],
    level: list[Box],
    top: bool,
    lower: Sequence[list[Box]] = (),
    above: Sequence[Box] = (),
) -> list[Cell]:
    """Which columns each header word heads.

    The top line's words divide the table among themselves (each column to the nearest word): they
    are the widest groups, but for columns set beside a group label rather than under it
    (`_beside_group`). Below, a word heads the columns whose centre lies within its extent, give or
    take half a column: a group label centred over its sub-columns spans them, a leaf stays put.
    A column under a word of an interleaved line (`level`, `_over`) is that word's, not a neighbour's;
    so is one headed by a word of a line `above`.
    A group label narrower than its sub-columns (header lines `lower`) spreads over them (`_spread`),
    where no word of its own line, an interleaved one or a line `above` (the top line aside) stands.
    """
    owners: dict[int, list[int]] = {}
    for c, (a, b) in enumerate(columns):
        centre, half = (a + b) / 2, (b - a) / 2
        near = [(_gap(anchors[c], anchors[c], w), -_overlap(a, b, w), i) for i, w in enumerate(line)]
        if not top:
            reach = _anchor_reach(c, anchors)
            near = [n for n in near if _gap(centre, centre, line[n[2]]) <= half and n[0] <= reach]
        if top and near and _beside_group(c, line[min(near)[2]], line, anchors, lower):
            continue
        reaching = near and min(near)[0] > 0  # the nearest word stands beside the column's header, not over it
        if reaching and (
            any(_over(w, c, anchors) for w in level) or _headed_above(c, line[min(near)[2]], anchors, above, lower)
        ):
            continue
        if near:
            owners.setdefault(min(near)[2], []).append(c)
    owned = {c for cols in owners.values() for c in cols}
    cells = []
    for i, cols in owners.items():
        cols.sort()
        if lower:
            cols = _spread(line[i], cols, columns, anchors, lower, owned, [*above, *level])
        cells.append(Cell(row, row + 1, cols[0], cols[-1] + 1, line[i].text))
    return cells


def _anchor_reach(c: int, anchors: list[float]) -> float:
    """Half the way from column c's header to the nearest other's: a word further off heads none of
    it, however far its amounts reach (set flush left, under a neighbour's wide sub-label)."""
    apart = [abs(anchors[c] - anchors[k]) for k in (c - 1, c + 1) if 0 <= k < len(anchors)]
    return min(apart, default=float("inf")) / 2


def _beside_group(c: int, word: Box, top: list[Box], anchors: list[float], lower: Sequence[list[Box]]) -> bool:
    """Column c stands beside the top line's group label, not under it: a label beneath no word of the
    top line, set higher than the group's own sub-labels (the first lower line with a word under the
    group label), stands over it. 公务用车购置及运行维护费 alone in the top line over 小计 | 公务用车购置费 |
    公务用车运行维护费, while 合计 | 因公出国（境）费 | 公务接待费 span both lines and are centred between them:
    their columns are not the vehicle group's. A word alone in the top line with nothing within its
    extent below still heads the whole table (“三公”经费预算数). The group's sub-labels are the first line
    under it: 预算数 | 决算数 on top, each over a 公务用车购置及运行维护费 wider than itself, head all their
    columns, 合计 and 因公出国（境）费 beside that group label included."""
    sub = next((i for i, words in enumerate(lower) if any(_gap(w.x0, w.x1, word) <= 0 for w in words)), None)
    higher = [w for words in lower[:sub] for w in words] if sub is not None else []
    return any(not any(_gap(t.x0, t.x1, w) <= 0 for t in top) and _over(w, c, anchors) for w in higher)


def _headed_above(c: int, word: Box, anchors: list[float], above: Sequence[Box], lower: Sequence[list[Box]]) -> bool:
    """Column c is headed by a word of a line above that the word does not continue, with nothing
    under it there (机关运行经费预算数, set high in its tall cell, beside the sub-labels reaching towards
    it), not by the word reaching in. A group label above with sub-labels lower down heads no column alone."""
    if any(_gap(anchors[c], anchors[c], w) == 0 for words in lower for w in words):
        return False
    return any(_gap(anchors[c], anchors[c], w) == 0 and _gap(w.x0, w.x1, word) > 0 for w in above)


def _over(word: Box, c: int, anchors: list[float]) -> bool:
    """Whether the word stands over column c: right over its header, or centred over it and a
    neighbour (公务接待费 over its 预算数 | 决算数, each header just beyond its ends)."""
    if _gap(anchors[c], anchors[c], word) == 0:
        return True
    pairs = [(a, a + 1) for a in (c - 1, c) if a >= 0 and a + 1 < len(anchors)]
    return any(abs((anchors[a] + anchors[b]) / 2 - word.cx) <= (anchors[b] - anchors[a]) / 4 for a, b in pairs)


def _spread(
    word: Box,
    cols: list[int],
    columns: list[tuple[float, float]],
    anchors: list[float],
    lower: Sequence[list[Box]],
    owned: set[int],
    beside: list[Box],
) -> list[int]:
    """A group label centred over sub-columns wider than itself (公务用车购置及运行费 over 小计 | 购置费 |
    运行费) heads them all: it spreads to neighbouring columns whose first label below stands on the
    line of its own sub-labels, with nothing else of their own at its level or above, as long as it stays
    centred over their headers (the edges of outer columns are loose, their headers are not)."""

    def sub_line(c: int) -> int | None:
        a, b = columns[c]
        return next((i for i, words in enumerate(lower) if any(a <= w.cx <= b for w in words)), None)

    def sub_only(c: int) -> bool:
        if not 0 <= c < len(columns) or c in owned or sub_line(c) != own:
            return False
        a, b = columns[c]
        return not any(_overlap(a, b, w) > 0 for w in beside if w not in lower[own])

    def off_centre(lo: int, hi: int) -> float:
        """How far the word stands from the middle of these columns' headers, in quarters of a column."""
        middle, pitch = (anchors[lo] + anchors[hi]) / 2, (anchors[hi] - anchors[lo]) / (hi - lo)
        return abs(middle - word.cx) / (pitch / 4)

    sub_lines = {sub_line(c) for c in cols}
    if len(sub_lines) != 1 or None in sub_lines:
        return cols  # a leaf, not a group
    (own,) = sub_lines
    lo, hi = cols[0], cols[-1]
    while True:
        wider = [(lo - 1, hi + 1), (lo - 1, hi), (lo, hi + 1)]
        fits = [(a, b) for a, b in wider if all(sub_only(c) for c in {a, b} - {lo, hi}) and off_centre(a, b) <= 1]
        if not fits:
            return list(range(lo, hi + 1))
        lo, hi = min(fits, key=lambda span: off_centre(*span))


def _overlap(a: float, b: float, word: Box) -> float:
    return max(0.0, min(b, word.x1) - max(a, word.x0))


def _gap(a: float, b: float, word: Box) -> float:
    """Horizontal distance between a column band [a, b] and a word; 0 when they overlap."""
    return max(0.0, word.x0 - b, a - word.x1)


def _fill_gaps(cells: list[Cell], n_rows: int, n_cols: int) -> list[Cell]:
    taken = {(r, c) for cell in cells for r in range(cell.row0, cell.row1) for c in range(cell.col0, cell.col1)}
    blanks = [Cell(r, r + 1, c, c + 1) for r in range(n_rows) for c in range(n_cols) if (r, c) not in taken]
    return cells + blanks
