"""The DuckDB warehouse: schema, the single-writer discipline, and loading one document.

DuckDB lets one process write and, across processes, no one read while it does. Analysts keep
read-only connections open for hours, so we never write the published file in place: a writer
takes an exclusive lock file, copies the warehouse to a working file, writes there, and publishes
it with an atomic rename. Readers holding the old file keep reading it; new connections see the
new one. Writers queue on the lock instead of failing on DuckDB's.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from pipeline.errors import WarehouseBusy
from pipeline.model import ExtractedDocument, Status

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    document_id   VARCHAR PRIMARY KEY,
    sha256        VARCHAR NOT NULL,
    source_uri    VARCHAR,
    unit_name     VARCHAR,
    fiscal_year   INTEGER,
    report_kind   VARCHAR,
    status        VARCHAR NOT NULL,
    error         VARCHAR,
    file_name     VARCHAR,
    n_pages       INTEGER,
    tables_found  INTEGER,
    facts_loaded  INTEGER,
    published_at  DATE,
    superseded_by VARCHAR,
    ingested_at   TIMESTAMP,
    updated_at    TIMESTAMP,
    content_hash  VARCHAR
);
CREATE TABLE IF NOT EXISTS fact_amount (
    document_id  VARCHAR NOT NULL,
    unit_name    VARCHAR,
    fiscal_year  INTEGER,
    report_kind  VARCHAR,
    table_code   VARCHAR NOT NULL,
    line_key     VARCHAR NOT NULL,
    measure      VARCHAR NOT NULL,
    amount       DECIMAL(18, 2) NOT NULL,
    amount_unit  VARCHAR NOT NULL,
    amount_yuan  DECIMAL(22, 2) NOT NULL,
    page         INTEGER,
    row_label    VARCHAR,
    provenance   VARCHAR,
    PRIMARY KEY (document_id, table_code, line_key, measure)
);
CREATE TABLE IF NOT EXISTS document_tables (
    document_id       VARCHAR NOT NULL,
    table_code        VARCHAR NOT NULL,
    title             VARCHAR,
    first_page        INTEGER,
    last_page         INTEGER,
    amount_unit       VARCHAR,
    heading_unit_name VARCHAR,
    heading_year      INTEGER,
    note              VARCHAR,
    n_facts           INTEGER,
    PRIMARY KEY (document_id, table_code)
);
CREATE TABLE IF NOT EXISTS extractions (
    document_id VARCHAR PRIMARY KEY,
    reader      VARCHAR NOT NULL,
    read_at     TIMESTAMP
);
CREATE TABLE IF NOT EXISTS document_text (
    document_id VARCHAR NOT NULL,
    page        INTEGER NOT NULL,
    text        VARCHAR,
    scanned     BOOLEAN,
    PRIMARY KEY (document_id, page)
);
CREATE TABLE IF NOT EXISTS subject_names (
    document_id VARCHAR NOT NULL,
    code        VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,
    PRIMARY KEY (document_id, code, kind)
);
CREATE OR REPLACE VIEW subjects AS
WITH named AS (
    SELECT s.code, s.kind, s.name, count(*) AS n, max(d.fiscal_year) AS latest_year
    FROM subject_names s JOIN documents d USING (document_id)
    WHERE d.status = 'loaded'
    GROUP BY ALL
), ranked AS (
    SELECT *, row_number() OVER (PARTITION BY code, kind ORDER BY latest_year DESC, n DESC, name) AS r,
           count(*) OVER (PARTITION BY code, kind) AS n_names
    FROM named
)
SELECT code, kind, name,
       CASE length(code) WHEN 3 THEN '类' WHEN 5 THEN '款' ELSE '项' END AS level,
       CASE length(code) WHEN 3 THEN NULL ELSE left(code, length(code) - 2) END AS parent,
       n_names > 1 AS name_conflict
FROM ranked WHERE r = 1;
"""

LOCK_WAIT_SECONDS = 1800.0


def connect_read_only(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """An analyst's connection; never blocked by a load in progress."""
    return duckdb.connect(str(warehouse), read_only=True)


def table_names(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The tables and views the warehouse holds: one made by an older version may lack some."""
    return {name for (name,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(SCHEMA)


@contextmanager
def writer(warehouse: Path, *, wait_seconds: float = LOCK_WAIT_SECONDS) -> Iterator[duckdb.DuckDBPyConnection]:
    """Exclusive write access to a working copy, published atomically when the block succeeds.

    If the block raises, the working copy is discarded and the published warehouse is untouched.
    """
    warehouse = Path(warehouse)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(warehouse.with_name(warehouse.name + ".lock"), wait_seconds):
        work = warehouse.with_name(f"{warehouse.name}.work-{os.getpid()}")
        _remove_database(work)
        if warehouse.exists():
            shutil.copyfile(warehouse, work)
        try:
            con = duckdb.connect(str(work))
            try:
                ensure_schema(con)
                yield con
                con.execute("CHECKPOINT")
            finally:
                con.close()
            os.replace(work, warehouse)
        finally:
            _remove_database(work)


@contextmanager
def _exclusive_lock(lock_path: Path, wait_seconds: float) -> Iterator[None]:
    with open(lock_path, "a+") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise WarehouseBusy(f"{lock_path} held by another writer for over {wait_seconds:.0f}s") from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove_database(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)


def load_document(con: duckdb.DuckDBPyConnection, doc: ExtractedDocument, published_at: date | None = None) -> str:
    """Load one extracted document in one transaction; returns the status it ends with.

    Idempotent: loading the same document again leaves the warehouse as it was. A loaded document
    supersedes the loaded one for the same unit, year and kind unless that one is newer by
    publication date. A failed re-extraction never removes facts loaded earlier.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        status = _load(con, doc, published_at)
        con.execute("COMMIT")
        return status
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _load(con: duckdb.DuckDBPyConnection, doc: ExtractedDocument, published_at: date | None) -> str:
    previous = con.execute(
        "SELECT status, ingested_at, published_at, content_hash FROM documents WHERE document_id = ?",
        [doc.document_id],
    ).fetchone()
    now = datetime.now(UTC).replace(tzinfo=None)
    # the version that read it last, whatever its reading changes: ingesting skips it while that is current
    con.execute(
        "INSERT INTO extractions VALUES (?, ?, ?) ON CONFLICT (document_id) DO UPDATE "
        "SET reader = excluded.reader, read_at = excluded.read_at WHERE extractions.reader <> excluded.reader",
        [doc.document_id, doc.reader, now],
    )
    fingerprint = doc.fingerprint()
    if previous and previous[3] == fingerprint and (published_at is None or published_at == previous[2]):
        return str(previous[0])  # the same extraction again: nothing to change
    published_at = published_at or (previous[2] if previous else None)
    if doc.status != Status.LOADED and previous and previous[0] in (Status.LOADED, Status.SUPERSEDED):
        return str(previous[0])  # keep what was loaded before; a worse run does not erase it
    status = doc.status
    superseded_by = None
    if status == Status.LOADED:
        if previous and previous[0] == Status.SUPERSEDED:
            status = Status.SUPERSEDED
        else:
            superseded_by = _resolve_versions(con, doc, published_at)
            if superseded_by:
                status = Status.SUPERSEDED
    _delete_document_rows(con, doc.document_id)
    ingested_at = previous[1] if previous else now
    con.execute("DELETE FROM documents WHERE document_id = ?", [doc.document_id])
    con.execute(
        "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            doc.document_id,
            doc.sha256,
            doc.source_uri,
            doc.unit_name,
            doc.fiscal_year,
            doc.report_kind,
            str(status),
            doc.error,
            doc.file_name,
            doc.n_pages,
            len(doc.tables),
            len(doc.facts) if status == Status.LOADED else 0,
            published_at,
            superseded_by,
            ingested_at,
            now,
            fingerprint,
        ],
    )
    _insert_text(con, doc)
    if status == Status.LOADED:
        _insert_facts(con, doc)
        _insert_tables(con, doc)
        _insert_subjects(con, doc)
    return str(status)


def _resolve_versions(con: duckdb.DuckDBPyConnection, doc: ExtractedDocument, published_at: date | None) -> str | None:
    """Mark older loaded versions of this disclosure superseded; return the newer one's id if this is older."""
    rivals = con.execute(
        "SELECT document_id, published_at FROM documents WHERE status = 'loaded' AND document_id <> ? "
        "AND unit_name = ? AND fiscal_year = ? AND report_kind = ?",
        [doc.document_id, doc.unit_name, doc.fiscal_year, doc.report_kind],
    ).fetchall()
    for rival_id, rival_published in rivals:
        if published_at and rival_published and rival_published > published_at:
            return str(rival_id)
    for rival_id, _ in rivals:
        con.execute("DELETE FROM fact_amount WHERE document_id = ?", [rival_id])
        con.execute(
            "UPDATE documents SET status = 'superseded', superseded_by = ?, facts_loaded = 0 WHERE document_id = ?",
            [doc.document_id, rival_id],
        )
    return None


def _delete_document_rows(con: duckdb.DuckDBPyConnection, document_id: str) -> None:
    for table in ("fact_amount", "document_tables", "document_text", "subject_names"):
        con.execute(f"DELETE FROM {table} WHERE document_id = ?", [document_id])


def _insert_facts(con: duckdb.DuckDBPyConnection, doc: ExtractedDocument) -> None:
    if not doc.facts:
        return
    decimal = pa.decimal128(18, 2)
    facts = pa.table(
        {
            "table_code": [f.table_code for f in doc.facts],
            "line_key": [f.line_key for f in doc.facts],
            "measure": [f.measure for f in doc.facts],
            "amount": pa.array([f.amount for f in doc.facts], type=decimal),
            "amount_unit": [f.amount_unit for f in doc.facts],
            "amount_yuan": pa.array([f.amount_yuan for f in doc.facts], type=pa.decimal128(22, 2)),
            "page": pa.array([f.page for f in doc.facts], type=pa.int32()),
            "row_label": [f.row_label for f in doc.facts],
            "provenance": [f.provenance for f in doc.facts],
        }
    )
    con.register("staged_facts", facts)
    try:
        con.execute(
            "INSERT INTO fact_amount SELECT ?, ?, ?, ?, table_code, line_key, measure, amount, amount_unit, "
            "amount_yuan, page, row_label, provenance FROM staged_facts",
            [doc.document_id, doc.unit_name, doc.fiscal_year, doc.report_kind],
        )
    finally:
        con.unregister("staged_facts")


def _insert_tables(con: duckdb.DuckDBPyConnection, doc: ExtractedDocument) -> None:
    for t in doc.tables:
        con.execute(
            "INSERT INTO document_tables VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                doc.document_id,
                t.table_code,
                t.title,
                min(t.pages),
                max(t.pages),
                t.amount_unit,
                t.heading_unit_name,
                t.heading_year,
                t.note,
                t.n_facts,
            ],
        )


def _insert_text(con: duckdb.DuckDBPyConnection, doc: ExtractedDocument) -> None:
    if doc.pages:
        con.executemany(
            "INSERT INTO document_text VALUES (?, ?, ?, ?)",
            [(doc.document_id, p.page, p.text, p.scanned) for p in doc.pages],
        )


def _insert_subjects(con: duckdb.DuckDBPyConnection, doc: ExtractedDocument) -> None:
    unique = {(s.code, s.kind): s for s in doc.subjects}
    if unique:
        con.executemany(
            "INSERT INTO subject_names VALUES (?, ?, ?, ?)",
            [(doc.document_id, s.code, s.name, s.kind) for s in unique.values()],
        )
