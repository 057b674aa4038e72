"""Ingest files into the warehouse: find PDFs, extract (in parallel), stage, load with one writer.

The CLI, the Dagster assets and the crawler all come through here (or through its two halves,
`extract_to_stage` and `load_staged`), so a document travels the same path whoever sends it.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from pipeline import warehouse as wh
from pipeline.code_version import reader_version
from pipeline.extract import blank_record, extract_document, sha256_of
from pipeline.marts import create_marts
from pipeline.model import ExtractedDocument, SourceInfo, Status
from pipeline.stage import read_staged, write_staged
from pipeline.workers import Lost, guarded_map

log = logging.getLogger(__name__)
# seconds a worker may spend on one document: a hung parse, not a long scan (about a second a page)
TIME_LIMIT = 1800.0


@dataclass(frozen=True)
class DocumentSummary:
    document_id: str
    file_name: str
    source_uri: str
    status: str
    error: str | None
    unit_name: str | None
    fiscal_year: int | None
    report_kind: str | None
    tables_found: int
    facts_loaded: int
    seconds: float


def discover(paths: Iterable[Path]) -> list[Path]:
    """PDF files named directly, and every *.pdf below the folders named; sorted, each once."""
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() == ".pdf":
                    found[child.resolve()] = None
        elif path.exists():
            found[path.resolve()] = None
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")
    return list(found)


def default_staged_dir(warehouse: Path) -> Path:
    return Path(warehouse).parent / "staged"


def extract_to_stage(path: Path, staged_dir: Path, source_uri: str | None = None, sha256: str | None = None) -> Path:
    """Extract one document and stage it; returns the staged metadata file."""
    return write_staged(extract_document(path, source_uri, sha256), staged_dir)


def load_staged(
    staged: Sequence[Path], warehouse: Path, published: Mapping[str, SourceInfo] | None = None
) -> list[DocumentSummary]:
    """Load staged documents with one writer, one transaction each, refresh the marts, then publish the warehouse."""
    summaries = []
    with wh.writer(warehouse) as con:
        for meta_path in staged:
            doc = read_staged(meta_path)
            info = (published or {}).get(doc.document_id)
            published_at = info.published_at if info else None
            try:
                status = wh.load_document(con, doc, published_at)
            except Exception as exc:  # a bug in one document's load must not cost the batch the others
                log.exception("loading %s", doc.file_name)
                error = f"internal error while loading: {type(exc).__name__}: {exc}"
                doc = replace(doc, status=Status.FAILED, error=error, facts=[], tables=[], subjects=[])
                status = wh.load_document(con, doc, published_at)
            summaries.append(_summary(doc, status))
        create_marts(con)
    return summaries


def pending_staged(staged_dir: Path, warehouse: Path) -> list[Path]:
    """Staged documents the warehouse does not hold yet, or holds from an older staging."""
    staged = sorted(Path(staged_dir).glob("*.json"))
    if not Path(warehouse).exists():
        return staged
    with wh.connect_read_only(warehouse) as con:
        updated = dict(con.execute("SELECT document_id, updated_at FROM documents").fetchall())
    return [
        p
        for p in staged
        if p.stem not in updated
        or datetime.fromtimestamp(p.stat().st_mtime, UTC).replace(tzinfo=None) > updated[p.stem]
    ]


def ingest_paths(
    paths: Sequence[Path],
    warehouse: Path,
    *,
    sources: Mapping[Path, SourceInfo] | None = None,
    progress: bool = False,
    workers: int | None = None,
    staged_dir: Path | None = None,
    force: bool = False,
    time_limit: float | None = TIME_LIMIT,
) -> list[DocumentSummary]:
    """Ingest PDFs (files or folders). Documents already loaded, and read by this version of the reader
    (`pipeline.code_version`), are skipped unless `force`.

    `workers` processes read the documents (default: one per core); a worker that dies, or overruns
    `time_limit` seconds, fails its document alone, with the reason. `workers=0` reads in this process:
    no process to start, but no guard either."""
    files = discover(paths)
    sources = {Path(p).resolve(): info for p, info in (sources or {}).items()}
    staged_dir = staged_dir or default_staged_dir(warehouse)
    held = _already_held(warehouse) if not force else {}
    todo: list[tuple[Path, str, str]] = []
    skipped: list[DocumentSummary] = []
    for path in files:
        sha = sha256_of(path)
        uri = sources[path].source_uri if path in sources else str(path)
        if sha in held:
            skipped.append(held[sha])
        else:
            todo.append((path, uri, sha))
    staged = _extract_all(todo, staged_dir, workers, progress, time_limit)
    published = {sha: sources[path] for path, _, sha in todo if path in sources}
    loaded = load_staged(staged, warehouse, published)  # with nothing staged, this still creates the schema
    return skipped + loaded


def _already_held(warehouse: Path) -> dict[str, DocumentSummary]:
    """The documents loaded that this very version of the reader read, by id: those a run need not read."""
    if not Path(warehouse).exists():
        return {}
    with wh.connect_read_only(warehouse) as con:
        if "extractions" not in wh.table_names(con):
            return {}  # made before readers were recorded: every document is read again once
        rows = con.execute(
            "SELECT document_id, file_name, source_uri, status, error, unit_name, fiscal_year, report_kind, "
            "tables_found, facts_loaded FROM documents JOIN extractions USING (document_id) "
            "WHERE status IN ('loaded', 'superseded') AND reader = ?",
            [reader_version()],
        ).fetchall()
    return {row[0]: DocumentSummary(*row, seconds=0.0) for row in rows}


def _extract_all(
    todo: list[tuple[Path, str, str]],
    staged_dir: Path,
    workers: int | None,
    progress: bool,
    time_limit: float | None,
) -> list[Path]:
    bar = _progress(len(todo), progress)
    staged: list[Path] = []
    if workers == 0:
        for path, uri, sha in todo:
            staged.append(extract_to_stage(path, staged_dir, uri, sha))
            bar.update(1)
    else:
        ended: dict[int, Path] = {}  # in the order the documents end
        calls = [(path, staged_dir, uri, sha) for path, uri, sha in todo]
        workers = min(workers or os.cpu_count() or 1, len(todo))
        for index, result in guarded_map(extract_to_stage, calls, workers, time_limit):
            ended[index] = _stage_lost(todo[index], result, staged_dir) if isinstance(result, Lost) else result
            bar.update(1)
        staged = [ended[index] for index in range(len(todo))]
    bar.close()
    return staged


def _stage_lost(item: tuple[Path, str, str], lost: Lost, staged_dir: Path) -> Path:
    """A document whose worker died or overran, staged as failed with the reason."""
    path, uri, sha = item
    log.error("reading %s: %s", path.name, lost.reason)
    doc = replace(blank_record(path, uri, sha), status=Status.FAILED, error=lost.reason, seconds=lost.seconds)
    return write_staged(doc, staged_dir)


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", disable=not (enabled and sys.stderr.isatty()), file=sys.stderr)


def _summary(doc: ExtractedDocument, status: str) -> DocumentSummary:
    return DocumentSummary(
        doc.document_id,
        doc.file_name,
        doc.source_uri,
        status,
        doc.error,
        doc.unit_name,
        doc.fiscal_year,
        doc.report_kind,
        len(doc.tables),
        len(doc.facts) if status == "loaded" else 0,
        doc.seconds,
    )
