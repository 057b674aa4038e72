"""The watched folder: PDFs people drop in are stored, recorded and ingested like crawled ones.

`find_new_files` is cheap (a directory listing and stat calls) so a sensor can call it every few seconds;
its cursor remembers each file's size and modification time, so a file is reported once, and again only
if it changes.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path

from pipeline.crawl.attachments import check_pdf
from pipeline.crawl.classify import classify_title
from pipeline.crawl.report import Item, ItemKind, Outcome, SourceReport
from pipeline.crawl.run import new_run_id, record_and_ingest, utc_now
from pipeline.crawl.store import RawStore, Sighting
from pipeline.extract import sha256_of

WATCHED_SOURCE = "watched-folder"
# A file modified more recently than this may still be being copied in: wait for the next look.
SETTLE_SECONDS = 5.0


def find_new_files(
    folder: Path, cursor: str | None = None, *, settle_seconds: float = SETTLE_SECONDS
) -> tuple[list[Path], str]:
    """PDFs under `folder` that are new or changed since `cursor`, and the cursor to pass next time."""
    seen: dict[str, str] = json.loads(cursor) if cursor else {}
    current: dict[str, str] = {}
    new: list[Path] = []
    settled_before = time.time() - settle_seconds
    for path in sorted(Path(folder).rglob("*.[pP][dD][fF]")):
        if not path.is_file() or path.name.startswith("."):
            continue
        stat = path.stat()
        if stat.st_mtime > settled_before:
            continue
        key, signature = str(path.relative_to(folder)), f"{stat.st_size}:{stat.st_mtime_ns}"
        current[key] = signature
        if seen.get(key) != signature:
            new.append(path)
    return new, json.dumps(current, sort_keys=True)


def ingest_dropped_files(
    paths: Sequence[Path], warehouse: Path, raw_store: Path, *, ingest: bool = True
) -> SourceReport:
    """Copy the files into the raw store, record the run as source 'watched-folder', ingest what is new."""
    report = SourceReport(run_id=new_run_id(), source=WATCHED_SOURCE, started_at=utc_now())
    store = RawStore(raw_store)
    for path in paths:
        _take(Path(path).resolve(), store, report)
    report.finished_at = utc_now()
    record_and_ingest(report, warehouse, store, ingest)
    return report


def _take(path: Path, store: RawStore, report: SourceReport) -> None:
    claim = classify_title(path.stem)
    item = report.add(Item(ItemKind.ATTACHMENT, str(path), Outcome.FETCHED, "", claim=claim, file_name=path.name))
    try:
        item.sha256, item.size = sha256_of(path), path.stat().st_size
    except OSError as exc:
        item.outcome, item.reason = Outcome.FAILED, f"could not read the file: {exc.strerror or exc}"
        return
    check = check_pdf(path)
    item.verdict = check.verdict
    if check.rejection:
        item.outcome, item.reason = Outcome.REJECTED, check.rejection
        return
    seen = utc_now().isoformat()
    sighting = Sighting(str(path), title=path.stem, file_name=path.name, found_by=WATCHED_SOURCE, seen_at=seen)
    if store.has(item.sha256):
        item.outcome, item.reason = Outcome.DUPLICATE, "same bytes as a file already held in the raw store"
        store.add_sighting(item.sha256, sighting)
    else:
        item.reason = f"new: {check.verdict}"
        store.copy_in(path, item.sha256, sighting)
