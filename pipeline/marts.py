"""The analyst's marts: documented views over the warehouse, recreated after a load whenever their
definitions (or the vocabularies and schema they read) changed since the warehouse's marts were made.

Each mart is one SQL file in pipeline/marts/, opening with a comment that says what it holds and what its
columns mean. The marts read `check_results`, which validation writes after the load (or never): an empty one
is created here so that every view answers on a warehouse nobody has validated yet.
"""

from __future__ import annotations

import csv
import hashlib
from functools import cache
from pathlib import Path

import duckdb

from pipeline.vocab import VOCAB_DIR
from pipeline.warehouse import SCHEMA

SQL_DIR = Path(__file__).with_name("marts")

# Creation order: DuckDB binds a view or macro when it is created, so each file may only use what the
# files before it define. Files named *_macros define macros; every other file defines the view it is named after.
SQL_FILES: tuple[str, ...] = (
    "document_validation",
    "subject_code_macros",
    "subject_name_variants",
    "subject_dictionary",
    "subject_conflicts",
    "name_macros",
    "fact_amount_named",
    "mart_expenditure_by_function",
    "mart_basic_project",
    "mart_economic_detail",
    "mart_income_by_source",
    "mart_three_public",
    "mart_yoy",
    "mart_budget_execution",
    "mart_coverage",
)
VIEWS: tuple[str, ...] = tuple(name for name in SQL_FILES if not name.endswith("_macros"))

# What `python -m pipeline export` writes: the loaded documents, their facts and checks, then every view.
EXPORTS: tuple[str, ...] = ("documents", "fact_amount", "check_results", *VIEWS)

# The contract's columns; validation owns the writes. One run of validation writes its rows with one
# `checked_at`, and only a document's latest run counts (see document_validation.sql).
CHECK_RESULTS = """
CREATE TABLE IF NOT EXISTS check_results (
    document_id VARCHAR,
    check_name  VARCHAR,
    severity    VARCHAR,
    status      VARCHAR,
    table_code  VARCHAR,
    line_key    VARCHAR,
    measure     VARCHAR,
    expected    VARCHAR,
    observed    VARCHAR,
    difference  VARCHAR,
    message     VARCHAR,
    run_id      VARCHAR,
    checked_at  TIMESTAMP
)
"""


# Which definitions the warehouse's marts were made from: recreating them costs more than a document's load.
MARTS_VERSION = "CREATE TABLE IF NOT EXISTS marts_version (fingerprint VARCHAR)"


def mart_sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def create_marts(con: duckdb.DuckDBPyConnection) -> None:
    """Create `check_results` if absent, refresh the label tables from the vocabularies, (re)create every
    mart; unless the warehouse's marts were made from these very definitions."""
    con.execute(MARTS_VERSION)
    made = con.execute("SELECT fingerprint FROM marts_version").fetchone()
    if made is not None and made[0] == _fingerprint():
        return
    con.execute(CHECK_RESULTS)
    _replace_labels(con, "line_names", "lines.csv", "line_key")
    _replace_labels(con, "measure_names", "measures.csv", "measure")
    for name in SQL_FILES:
        con.execute(mart_sql(name))
    con.execute("DELETE FROM marts_version")
    con.execute("INSERT INTO marts_version VALUES (?)", [_fingerprint()])


@cache
def _fingerprint() -> str:
    """The marts' definitions, the vocabularies naming their keys and the schema they read, hashed."""
    digest = hashlib.sha256((SCHEMA + CHECK_RESULTS).encode())
    for name in SQL_FILES:
        digest.update(mart_sql(name).encode())
    for vocab_file in ("lines.csv", "measures.csv"):
        digest.update((VOCAB_DIR / vocab_file).read_bytes())
    return digest.hexdigest()


def _replace_labels(con: duckdb.DuckDBPyConnection, table: str, vocab_file: str, key: str) -> None:
    """A (table_code, key, name) table naming each key by the first of its labels in the vocabulary."""
    names: dict[tuple[str, str], str] = {}
    with (VOCAB_DIR / vocab_file).open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            names.setdefault((row["table_code"], row[key]), row["labels"].split("|")[0])
    con.execute(f"CREATE OR REPLACE TABLE {table} (table_code VARCHAR, {key} VARCHAR, name VARCHAR)")
    con.executemany(f"INSERT INTO {table} VALUES (?, ?, ?)", [(*k, name) for k, name in names.items()])
