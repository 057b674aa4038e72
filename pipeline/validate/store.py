"""check_results and validation_runs in the warehouse, written through the single writer.

A run replaces the results of the documents it validated (and drops those of documents no longer
loaded); validation_runs keeps one row per run with the warehouse-wide tallies after it, for trends.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.warehouse import writer

SCHEMA = """
CREATE TABLE IF NOT EXISTS check_results (
    document_id  VARCHAR NOT NULL,
    check_name   VARCHAR NOT NULL,
    severity     VARCHAR NOT NULL,
    status       VARCHAR NOT NULL,
    table_code   VARCHAR,
    line_key     VARCHAR,
    measure      VARCHAR,
    expected     VARCHAR,
    observed     VARCHAR,
    difference   VARCHAR,
    tolerance    VARCHAR,
    message      VARCHAR NOT NULL,
    suite        VARCHAR NOT NULL,
    run_id       VARCHAR NOT NULL,
    checked_at   TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS validation_runs (
    run_id                   VARCHAR PRIMARY KEY,
    started_at               TIMESTAMP NOT NULL,
    finished_at              TIMESTAMP NOT NULL,
    documents_validated      INTEGER NOT NULL,
    documents                INTEGER NOT NULL,
    checks                   INTEGER NOT NULL,
    passed                   INTEGER NOT NULL,
    failed_errors            INTEGER NOT NULL,
    failed_warnings          INTEGER NOT NULL,
    not_applicable           INTEGER NOT NULL,
    documents_with_errors    INTEGER NOT NULL,
    documents_with_warnings  INTEGER NOT NULL
);
"""

_TALLY = """
SELECT count(DISTINCT document_id),
       count(*),
       count(*) FILTER (status = 'pass'),
       count(*) FILTER (status = 'fail' AND severity = 'error'),
       count(*) FILTER (status = 'fail' AND severity = 'warning'),
       count(*) FILTER (status = 'not_applicable'),
       count(DISTINCT document_id) FILTER (status = 'fail' AND severity = 'error'),
       count(DISTINCT document_id) FILTER (status = 'fail' AND severity = 'warning')
FROM check_results
"""


# Columns beyond the contract's: added when pipeline.marts created check_results first, without them.
_EXTRA_COLUMNS = {"tolerance": "VARCHAR", "suite": "VARCHAR", "run_id": "VARCHAR", "checked_at": "TIMESTAMP"}


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(SCHEMA)
    for column, kind in _EXTRA_COLUMNS.items():
        con.execute(f"ALTER TABLE check_results ADD COLUMN IF NOT EXISTS {column} {kind}")


def write_results(
    warehouse: Path,
    results: pd.DataFrame,
    validated: list[str],
    run_id: str,
    started_at: datetime,
    finished_at: datetime,
) -> None:
    results = results.assign(run_id=run_id, checked_at=finished_at)
    with writer(warehouse) as con:
        ensure_schema(con)
        con.execute("DELETE FROM check_results WHERE document_id IN (SELECT unnest(?::VARCHAR[]))", [validated])
        con.execute(
            "DELETE FROM check_results WHERE document_id NOT IN "
            "(SELECT document_id FROM documents WHERE status = 'loaded')"
        )
        con.register("new_results", results)
        try:
            con.execute("INSERT INTO check_results BY NAME SELECT * FROM new_results")
        finally:
            con.unregister("new_results")
        tally = con.execute(_TALLY).fetchone()
        con.execute(
            "INSERT INTO validation_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [run_id, started_at, finished_at, len(validated), *tally],
        )
