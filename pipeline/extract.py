"""One PDF → ExtractedDocument: read pages, locate tables, build grids, read facts.

Never raises for a bad document: whatever goes wrong ends as a status and a reason in plain words.
"""

from __future__ import annotations

import hashlib
import logging
import time
from pathlib import Path

from pipeline.cover import read_cover
from pipeline.errors import PipelineError, RejectedDocument
from pipeline.facts import TableReader
from pipeline.grids import Grid, fill_text, lattice_grids
from pipeline.locate import LocatedTable, Region, locate_tables
from pipeline.model import ExtractedDocument, PageText, Status, TableFound
from pipeline.pdf import Page, open_pdf
from pipeline.unruled import words_grid
from pipeline.words import words_of

log = logging.getLogger(__name__)
DEFAULT_UNIT = "万元"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def extract_document(path: Path, source_uri: str | None = None, sha256: str | None = None) -> ExtractedDocument:
    started = time.perf_counter()
    sha = sha256 or sha256_of(path)
    doc = ExtractedDocument(
        document_id=sha,
        sha256=sha,
        source_uri=source_uri or str(path),
        file_name=path.name,
        status=Status.LOADED,
    )
    try:
        with open_pdf(path, path.name) as pages:
            _extract(path, pages, doc)
    except PipelineError as exc:
        doc.status, doc.error = Status(exc.status), exc.describe()
        doc.facts, doc.tables, doc.subjects = [], [], []
    except Exception as exc:  # a bug or an unforeseen layout must not stop the batch
        log.exception("extracting %s", path)
        doc.status, doc.error = Status.FAILED, f"internal error while extracting: {type(exc).__name__}: {exc}"
        doc.facts, doc.tables, doc.subjects = [], [], []
    doc.seconds = time.perf_counter() - started
    return doc


def _extract(path: Path, pages: list[Page], doc: ExtractedDocument) -> None:
    doc.n_pages = len(pages)
    doc.pages = [PageText(p.number, p.text, p.scanned) for p in pages]
    if all(p.scanned for p in pages):
        raise RejectedDocument("scanned PDF: every page is an image without a text layer", document=doc.file_name)
    if not any(p.text.strip() for p in pages):
        raise RejectedDocument("empty PDF: no text on any page", document=doc.file_name)
    located = locate_tables(pages)
    if not located:
        raise RejectedDocument(
            "no disclosure tables: none of the nine standard table titles was found", document=doc.file_name
        )
    cover = read_cover(pages, located)
    doc.unit_name, doc.fiscal_year, doc.report_kind = cover.unit_name, cover.fiscal_year, cover.report_kind
    document_unit = next((t.amount_unit for t in located if t.amount_unit), DEFAULT_UNIT)
    table_pages = sorted({r.page for t in located for r in t.regions})
    ruled = lattice_grids(path, table_pages, {p.number: p.height for p in pages})
    for table in located:
        if table.report_kind != cover.report_kind and cover.report_kind:
            continue  # a budget table quoted in a final-accounts document, or the reverse
        unit = table.amount_unit or document_unit
        reader = TableReader(table.table_code, unit, doc.file_name)
        for region in table.regions:
            for grid in _region_grids(pages[region.page - 1], region, ruled.get(region.page, [])):
                reader.read(grid)
        doc.facts.extend(reader.reading.facts)
        doc.subjects.extend(reader.reading.subjects)
        doc.tables.append(_found(table, unit, len(reader.reading.facts)))
        for note in reader.reading.notes:
            log.warning("%s table %s: %s", doc.file_name, table.table_code, note)
    if not doc.facts:
        raise RejectedDocument(
            "no amounts: the tables were found but every amount cell is blank (a template, not a disclosure)",
            document=doc.file_name,
        )


def _region_grids(page: Page, region: Region, ruled: list[Grid]) -> list[Grid]:
    inside = [g for g in ruled if region.top - 2 <= g.top < region.bottom]
    if inside:
        return [fill_text(g, page.glyphs) for g in inside]
    words = [w for w in words_of(page.glyphs) if region.top <= w.cy < region.bottom]
    grid = words_grid(page.number, words) if words else None
    return [grid] if grid else []


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
