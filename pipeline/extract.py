"""One PDF → ExtractedDocument: read pages, locate tables, build grids, read facts.

Never raises for a bad document: whatever goes wrong ends as a status and a reason in plain words.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path

from pipeline.amounts import is_dash
from pipeline.code_version import reader_version
from pipeline.columns import NUMBERED, header_unit
from pipeline.cover import read_cover
from pipeline.errors import ExtractionError, PipelineError, RejectedDocument
from pipeline.facts import TableReader, TableReading, keyed_by_name, rekeyed_lone_codes
from pipeline.grids import Grid, camelot_grids, fill_text
from pipeline.locate import LocatedTable, Region, locate_tables, names_a_table
from pipeline.memory_ceiling import memory_ceiling, out_of_memory_reason
from pipeline.model import ExtractedDocument, Fact, PageText, Status, TableFound
from pipeline.pdf import Page, open_pdf
from pipeline.placing import placed_by_sums
from pipeline.repair import repair
from pipeline.rules import Rule, lattice
from pipeline.text import norm_label, squash
from pipeline.unruled import headed, header_only, table_blocks, words_grid
from pipeline.vocab import row_labels
from pipeline.words import AMOUNT, Box

log = logging.getLogger(__name__)
DEFAULT_UNIT = "万元"
GRIDS_HOLD = 0.5  # share of a region's words its ruled grids hold at least, or they are a worn grid's remnant
LOST_UPRIGHT_ROWS = 2  # cells holding an amount beside other text: an upright between their columns lost
STACKED_ROWS = 2  # lines opening or ending in a number in one cell: no rules part the rows they are
# an amount in one line with a label before it (一般公共服务支出 1,393,800.00) or a figure after it
# (1,619,400.00 302, 374,600.0030201): no table prints them in one cell
_BESIDE_AMOUNT = re.compile(rf"[\u4e00-\u9fff）)]\s*{AMOUNT}|{AMOUNT}\s*\d")
_AMOUNT_ALONE = re.compile(AMOUNT)
_ROW_LINE = re.compile(rf"^\d|(?:{AMOUNT}|\d+)$")  # a row's: its code or number, or amount (no note's …万元。)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class TableGrids:
    """One located table with its grids in page order: the extracted tables before normalisation."""

    table: LocatedTable
    amount_unit: str
    grids: list[Grid] = field(default_factory=list)


@dataclass
class DocumentTables:
    """A document after table extraction: its record (no facts yet) and its tables' grids."""

    doc: ExtractedDocument
    tables: list[TableGrids] = field(default_factory=list)


def extract_document(path: Path, source_uri: str | None = None, sha256: str | None = None) -> ExtractedDocument:
    return read_facts(extract_tables(path, source_uri, sha256))


def extract_tables(path: Path, source_uri: str | None = None, sha256: str | None = None) -> DocumentTables:
    """Open, locate and grid the tables. Never raises: failures end as a status on the record."""
    started = time.perf_counter()
    doc = blank_record(path, source_uri, sha256 or sha256_of(path))
    result = DocumentTables(doc)
    with _recorded_failures(doc), memory_ceiling(), open_pdf(path, path.name) as pages:
        result.tables = _table_grids(path, pages, doc)
    doc.seconds = time.perf_counter() - started
    return result


def blank_record(path: Path, source_uri: str | None, sha256: str) -> ExtractedDocument:
    """A document's record before it is read: which file, read by this reader, nothing found yet."""
    return ExtractedDocument(
        document_id=sha256,
        sha256=sha256,
        source_uri=source_uri or str(path),
        file_name=path.name,
        status=Status.LOADED,
        reader=reader_version(),
    )


def read_facts(extracted: DocumentTables) -> ExtractedDocument:
    """Normalise the grids into facts, subjects and the tables-found record. Never raises."""
    started = time.perf_counter()
    doc = extracted.doc
    with _recorded_failures(doc), memory_ceiling():
        if doc.status == Status.LOADED:
            readings = [_read_table_or_note(table, doc) for table in extracted.tables]
            unreadable = [u for reading in readings for u in reading.unreadable]
            unsure = [f for reading in readings for f in reading.unsure]
            doc.facts.extend(keyed_by_name(unsure, doc.facts, doc.subjects))
            doc.facts, unreadable, stale = rekeyed_lone_codes(doc.facts, doc.subjects, unreadable)
            doc.facts.extend(placed_by_sums([f for reading in readings for f in reading.unplaced], doc.facts))
            doc.subjects = [s for s in doc.subjects if s.code not in stale]
            if any(f.provenance.startswith("ocr") for f in doc.facts):
                # OCR misreads: checked, and corrected (unreadable amounts recovered) where the sums pin them down
                doc.facts = repair(doc.facts, unreadable)
            if not doc.facts and doc.error:
                raise ExtractionError(doc.error, document=doc.file_name)
            if not doc.facts:
                raise RejectedDocument(
                    "no amounts: the tables were found but every amount cell is blank (a template, not a disclosure)",
                    document=doc.file_name,
                )
    doc.seconds += time.perf_counter() - started
    return doc


@contextmanager
def _recorded_failures(doc: ExtractedDocument) -> Iterator[None]:
    try:
        yield
        return
    except PipelineError as exc:
        status, error = Status(exc.status), exc.describe()
    except Exception as exc:  # a bug, an unforeseen layout or the memory ceiling: none may stop the batch
        status, error = Status.FAILED, out_of_memory_reason(exc)
        if error is None:
            log.exception("extracting %s", doc.file_name)
            error = f"internal error while extracting: {type(exc).__name__}: {exc}"
    doc.status, doc.error = status, error
    doc.facts, doc.tables, doc.subjects = [], [], []


def _table_grids(path: Path, pages: list[Page], doc: ExtractedDocument) -> list[TableGrids]:
    doc.n_pages = len(pages)
    scanned = _read_scans(pages, doc.file_name)
    doc.pages = [PageText(p.number, p.text, p.scanned) for p in pages]
    if not any(p.text.strip() for p in pages):
        reason = "scanned PDF: OCR found no text on any page" if scanned else "empty PDF: no text on any page"
        raise RejectedDocument(reason, document=doc.file_name)
    located = locate_tables(pages)
    if not located:
        raise RejectedDocument(
            "no disclosure tables: none of the nine standard table titles was found"
            + (" (the pages are scans, read by OCR)" if scanned else ""),
            document=doc.file_name,
        )
    cover = read_cover(pages, located)
    doc.unit_name, doc.fiscal_year, doc.report_kind = cover.unit_name, cover.fiscal_year, cover.report_kind
    table_pages = sorted({r.page for t in located for r in t.regions} - set(scanned))
    rulings = _rulings(path, [pages[n - 1] for n in table_pages])
    rulings.update(scanned)
    # not a budget table quoted in a final-accounts document, or the reverse
    kept = [t for t in located if not cover.report_kind or t.report_kind == cover.report_kind]
    grids = [_grids_of(t, pages, rulings) for t in kept]
    units = [_printed_unit(table, table_grids) for table, table_grids in zip(kept, grids, strict=True)]
    document_unit = next(filter(None, units), DEFAULT_UNIT)  # a table printing no unit is in the one others print
    return [TableGrids(t, unit or document_unit, g) for t, g, unit in zip(kept, grids, units, strict=True)]


def _printed_unit(table: LocatedTable, grids: list[Grid]) -> str | None:
    """The money unit a line under the table's title prints, else its column headings (决算数（元）)."""
    return table.amount_unit or (header_unit(grids[0], table.table_code) if grids else None)


@dataclass(frozen=True)
class _Ruling:
    """A page's rules and the grids they draw."""

    grids: list[Grid]
    rules: list[Rule]


_UNRULED = _Ruling([], [])


def _rulings(path: Path, pages: list[Page]) -> dict[int, _Ruling]:
    """Grids from vector rules; pages carrying images and no vector grid go to camelot's raster lattice."""
    found = {}
    for p in pages:
        found[p.number] = _Ruling(lattice(p.number, p.rules), p.rules)
    # camelot reads the page as displayed: a page read in turned panels keeps its vector rules
    unseen = [p.number for p in pages if not found[p.number].grids and p.has_images and p.frame is None]
    for n, grids in camelot_grids(path, unseen, {p.number: p.height for p in pages}).items():
        found[n] = _Ruling(grids, found[n].rules)
    return found


def _read_scans(pages: list[Page], document: str) -> dict[int, _Ruling]:
    """OCR every scanned page, and every pictured one of a table (a picture under its title, or the
    pages it runs on to): its text and words replace the text layer; returns its rules and grids."""
    grids: dict[int, _Ruling] = {}
    scanned = _to_read_by_ocr(pages)
    if scanned:
        from pipeline.ocr import read_scanned, scanned_two_up  # loads the OCR models; only scans need them

        sheets = scanned_two_up(pages)  # every page of the document, not its scans alone: those may be its tables
        for page in scanned:
            scan = read_scanned(page, document=document, sheet=sheets)
            page.use_ocr(scan.text, scan.words, scan.size)
            grids[page.number] = _Ruling(scan.grids, scan.rules)
    return grids


def _to_read_by_ocr(pages: list[Page]) -> list[Page]:
    """Scanned pages, and pictured ones naming a table or following a page read so (its continued pages)."""
    found: list[Page] = []
    for page in pages:
        follows = bool(found) and found[-1].number == page.number - 1
        if page.scanned or (page.pictured and (follows or names_a_table(page.text))):
            found.append(page)
    return found


def _read_table_or_note(table: TableGrids, doc: ExtractedDocument) -> TableReading:
    """One table read, or, where it cannot be (no header over its amounts names a measure: a scan's header
    lost), its reason noted on the document, which keeps the other tables' facts; with no fact from
    any table, the document fails for these reasons."""
    try:
        return _read_table(table, doc)
    except ExtractionError as exc:
        doc.error = "; ".join(filter(None, [doc.error, f"unread: {exc.describe()}"]))
        return TableReading()


def _read_table(table: TableGrids, doc: ExtractedDocument) -> TableReading:
    """Read one table's facts into the document; the reading is returned for what the document as a
    whole settles: unreadable amounts for the sums to pin down, rows whose code lost a part. A table
    found twice (its title quoted where OCR lost the sentence around it) keeps the reading that holds
    amounts, the first if both do; readings of facts of its own each (a sheet too wide for the paper,
    its last columns printed on a page of their own under the title again) are one table's."""
    code = table.table.table_code
    reader = TableReader(code, table.amount_unit, doc.file_name, doc.report_kind)
    for grid in table.grids:
        reader.read(grid)
    reader.finish()
    found = _found(table.table, table.amount_unit, len(reader.reading.facts))
    earlier = next((t for t in doc.tables if t.table_code == code), None)
    if earlier is not None:
        if _apart(doc.facts, reader.reading.facts, code):
            found = replace(earlier, pages=earlier.pages + found.pages, n_facts=earlier.n_facts + found.n_facts)
        elif earlier.n_facts or not found.n_facts:
            log.warning("%s table %s: found again on page %s, ignored", doc.file_name, code, found.pages[0])
            return TableReading()
        doc.tables.remove(earlier)
    doc.facts.extend(reader.reading.facts)
    doc.subjects.extend(reader.reading.subjects)
    doc.tables.append(found)
    for note in reader.reading.notes:
        log.warning("%s table %s: %s", doc.file_name, code, note)
    return reader.reading


def _apart(facts: list[Fact], more: list[Fact], code: str) -> bool:
    """Whether a table's facts read before and `more` read again each hold some, none the same."""
    before = {(f.line_key, f.measure) for f in facts if f.table_code == code}
    return bool(before) and bool(more) and not before & {(f.line_key, f.measure) for f in more}


def _grids_of(table: LocatedTable, pages: list[Page], rulings: dict[int, _Ruling]) -> list[Grid]:
    """The table's grids, region by region; a header left alone at the foot of one page heads the rows
    the next continues with."""
    grids: list[Grid] = []
    header: list[Box] = []
    for region in table.regions:
        page = pages[region.page - 1]
        for part in _panel_parts(region, page):
            found, header = _region_grids(page, part, rulings.get(region.page, _UNRULED), table, header)
            grids += found
    return grids


def _panel_parts(region: Region, page: Page) -> list[Region]:
    """The region cut where the page's panels meet: two pages of a sheet are read one after the other,
    as pages are, a table's header printed again atop the second."""
    tops = [p.top for p in page.frame.panels if region.top < p.top < region.bottom] if page.frame else []
    edges = [region.top, *tops, region.bottom]
    return [replace(region, top=top, bottom=bottom) for top, bottom in pairwise(edges)]


def _region_grids(
    page: Page, region: Region, ruling: _Ruling, table: LocatedTable, header: list[Box]
) -> tuple[list[Grid], list[Box]]:
    """The region's grids, and the words of a header standing last in it with no rows under it."""
    inside = [g for g in ruling.grids if region.top - 2 <= g.top < region.bottom and _beneath(region, g.cols[0][0])]
    words = [w for w in page.words if region.top <= w.cy < region.bottom and _beneath(region, w.cx)]
    if inside and _held(inside, words) >= GRIDS_HOLD:
        filled = [fill_text(g, page.glyphs) for g in inside]
        if not any(_lost_upright(g) or _rows_unruled(g) for g in filled):
            return filled, []
    blocks = table_blocks(words) if words else []
    if blocks and header:
        blocks[0] = headed(blocks[0], header)
    trailing = blocks.pop() if len(blocks) > 1 and header_only(blocks[-1]) else []
    across = [r for r in ruling.rules if r.horizontal]
    source = "ocr" if page.scanned else "text"
    grids = [words_grid(page.number, block, source, table.table_code, across) for block in blocks]
    return [grid for grid in grids if grid], trailing


def _beneath(region: Region, x: float) -> bool:
    return region.left <= x < region.right


def _held(grids: list[Grid], words: list[Box]) -> float:
    """The share of the region's words standing in its grids: a worn copy's rules may draw no more than a
    header's corner (类 | 款 | 项), its rows read as a table without rules."""
    held = sum(any(g.cols[0][0] <= w.cx <= g.cols[-1][1] and g.top <= w.cy <= g.bottom for g in grids) for w in words)
    return held / len(words) if words else 1.0


def _lost_upright(grid: Grid) -> bool:
    """Amounts beside other text in cells enough: a worn copy's upright between their
    columns faded all the way down, and the table's words read it better than its rules. A note
    across the whole table quotes amounts in its sentences."""
    return sum(bool(_BESIDE_AMOUNT.search(c.text)) for c in grid.cells if c.width < grid.n_cols) >= LOST_UPRIGHT_ROWS


def _rows_unruled(grid: Grid) -> bool:
    """A table ruled down its columns, round its header and under its last row, but not between its rows:
    its body is one tall row, each column's amounts, codes or line numbers stacked in one cell (or, where
    a section's heading spans the columns and parts the rules down them, labels and amounts in one; a
    page continuing it, its last rows' codes and names in one, their amount alone beside them). Its words
    read it, as a table without rules is read. Not so a scan's: the specks OCR reads as figures would
    stack in its cells, and its merged rows are parted by their numbers (`grids.fill_text`)."""
    return grid.source == "text" and any(_stacked(cell.text) for cell in grid.cells)


def _stacked(text: str) -> bool:
    """A cell's lines are rows' (STACKED_ROWS opening or ending in a number, or a dash standing for a blank
    amount, or labels numbered or naming a row: 二十六、抗疫特别国债安排的支出 | 支出总计), not one amount
    wrapped over its lines in a narrow cell (20,1 | 00.00), nor a label wrapped over its lines."""
    if _AMOUNT_ALONE.fullmatch(squash(text)):
        return False
    return sum(map(_opens_row, text.splitlines())) >= STACKED_ROWS


def _opens_row(line: str) -> bool:
    """A row's line: its code or number, an amount or a dash for a blank one, a numbered label or one naming a row."""
    flat = squash(line)
    if _ROW_LINE.search(flat) or NUMBERED.match(flat):
        return True
    return is_dash(flat) or norm_label(flat) in row_labels()


def _found(table: LocatedTable, unit: str, n_facts: int) -> TableFound:
    return TableFound(
        table.table_code,
        table.title,
        table.pages,
        unit,
        table.heading_unit_name,
        table.heading_year,
        table.note,
        n_facts,
    )
