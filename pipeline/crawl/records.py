"""The crawl's memory in the warehouse: `crawl_runs` and `crawl_items`.

Each run writes its rows once the network work is done (the warehouse is never held open during
downloads), and again after ingestion to add what became of each file. The next run reads the
validators (ETag, Last-Modified) and verdicts back to make conditional requests.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.crawl.report import Item, ItemKind, Outcome, SourceReport
from pipeline.warehouse import connect_read_only, writer

SCHEMA = """
CREATE TABLE IF NOT EXISTS crawl_runs (
    run_id       VARCHAR PRIMARY KEY,
    source       VARCHAR NOT NULL,
    started_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP,
    error        VARCHAR,          -- why the run stopped early; NULL when it ran to the end
    pages        INTEGER,          -- listing pages read
    articles     INTEGER,          -- list entries considered
    attachments  INTEGER,          -- attachment links (or dropped files) considered
    fetched      INTEGER,
    unchanged    INTEGER,
    duplicate    INTEGER,
    skipped      INTEGER,
    rejected     INTEGER,
    failed       INTEGER,
    ingested     INTEGER,          -- files handed to ingestion by this run
    loaded       INTEGER           -- of which loaded
);
CREATE TABLE IF NOT EXISTS crawl_items (
    run_id          VARCHAR NOT NULL,
    seq             INTEGER NOT NULL,  -- order of decisions within the run
    source          VARCHAR NOT NULL,
    item_kind       VARCHAR NOT NULL,  -- page | article | attachment
    url             VARCHAR NOT NULL,
    outcome         VARCHAR NOT NULL,  -- opened | fetched | unchanged | duplicate | skipped | rejected | failed
    reason          VARCHAR NOT NULL,  -- in plain words
    article_url     VARCHAR,           -- the article an attachment is on (an article's own URL for articles)
    article_title   VARCHAR,
    published_at    DATE,
    claimed_unit    VARCHAR,
    claimed_year    INTEGER,
    claimed_kind    VARCHAR,           -- final | budget
    is_correction   BOOLEAN,
    http_status     INTEGER,
    etag            VARCHAR,
    last_modified   VARCHAR,
    sha256          VARCHAR,
    size            BIGINT,
    file_name       VARCHAR,           -- as the server named it, sanitised; never used as a path
    verdict         VARCHAR,           -- what the bytes at this URL were judged to be
    document_status VARCHAR,           -- loaded | rejected | failed | superseded, when this run ingested it
    PRIMARY KEY (run_id, seq)
);
"""

# Outcomes whose validators describe bytes we judged: worth a conditional request next time.
_JUDGED = (Outcome.FETCHED, Outcome.UNCHANGED, Outcome.DUPLICATE, Outcome.REJECTED)


@dataclass(frozen=True)
class Known:
    """What the last look at an attachment URL found."""

    etag: str | None
    last_modified: str | None
    sha256: str | None
    verdict: str | None


def save_run(warehouse: Path, report: SourceReport) -> None:
    """Write (or rewrite) one run's rows; a short exclusive write."""
    counts = report.counts()
    with writer(warehouse) as con:
        con.execute(SCHEMA)
        con.execute("DELETE FROM crawl_items WHERE run_id = ?", [report.run_id])
        con.execute("DELETE FROM crawl_runs WHERE run_id = ?", [report.run_id])
        con.execute(
            "INSERT INTO crawl_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                report.run_id,
                report.source,
                report.started_at,
                report.finished_at,
                report.error,
                *(counts[k] for k in ("pages", "articles", "attachments")),
                *(counts[str(o)] for o in Outcome if o != Outcome.OPENED),
                counts["ingested"],
                counts["loaded"],
            ],
        )
        if report.items:
            con.executemany(
                f"INSERT INTO crawl_items VALUES ({', '.join(['?'] * 22)})",
                [_row(report, seq, item) for seq, item in enumerate(report.items, 1)],
            )


def known_downloads(warehouse: Path) -> dict[str, Known]:
    """Per attachment URL, the latest look that carried validators."""
    rows = _query(
        warehouse,
        """
        SELECT i.url, i.etag, i.last_modified, i.sha256, i.verdict
        FROM crawl_items i JOIN crawl_runs r USING (run_id)
        WHERE i.item_kind = ? AND i.outcome IN (?, ?, ?, ?) AND (i.etag IS NOT NULL OR i.last_modified IS NOT NULL)
        QUALIFY row_number() OVER (PARTITION BY i.url ORDER BY r.started_at DESC, i.seq DESC) = 1
        """,
        [str(ItemKind.ATTACHMENT), *map(str, _JUDGED)],
    )
    return {url: Known(*rest) for url, *rest in rows}


def documents_held(warehouse: Path) -> set[str]:
    """sha256 of every file the warehouse has a documents row for, whatever its status."""
    return {sha for (sha,) in _query(warehouse, "SELECT DISTINCT sha256 FROM documents", [])}


def _query(warehouse: Path, sql: str, params: list[object]) -> list[tuple]:
    """Rows from the published warehouse; none when it or the table does not exist yet."""
    if not Path(warehouse).exists():
        return []
    con = connect_read_only(warehouse)
    try:
        return con.execute(sql, params).fetchall()
    except duckdb.CatalogException:
        return []
    finally:
        con.close()


def _row(report: SourceReport, seq: int, item: Item) -> list[object]:
    claim = item.claim
    return [
        report.run_id,
        seq,
        report.source,
        str(item.kind),
        item.url,
        str(item.outcome),
        item.reason,
        item.article_url,
        item.article_title,
        item.published_at,
        claim.unit_name if claim else None,
        claim.fiscal_year if claim else None,
        claim.kind if claim else None,
        claim.is_correction if claim else None,
        item.http_status,
        item.etag,
        item.last_modified,
        item.sha256,
        item.size,
        item.file_name,
        item.verdict,
        item.document_status,
    ]
