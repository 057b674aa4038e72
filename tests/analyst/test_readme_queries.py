"""docs/analysts.md: every example query runs as written and returns rows; every mart and column is documented."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from pipeline.marts import SQL_DIR, SQL_FILES, VIEWS, mart_sql
from tests.conftest import ROOT

DOC = ROOT / "docs" / "analysts.md"
QUERIES = re.findall(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)


def _columns(warehouse: Path, view: str) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return [row[0] for row in con.execute(f"DESCRIBE {view}").fetchall()]


def _section(view: str) -> str:
    """The text of the '### `view`' section of the analysts' doc."""
    match = re.search(rf"^### `{view}`\n(.*?)(?=^#)", DOC.read_text(encoding="utf-8"), flags=re.DOTALL | re.M)
    assert match, f"docs/analysts.md has no section for {view}"
    return match.group(1)


def test_the_doc_has_five_example_queries():
    assert len(QUERIES) >= 5


@pytest.mark.parametrize("query", QUERIES, ids=[f"query{i + 1}" for i in range(len(QUERIES))])
def test_example_query_returns_rows(sample_warehouse: Path, query: str):
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        assert con.execute(query).fetchall()


@pytest.mark.parametrize("view", VIEWS)
def test_every_column_of_every_mart_is_documented(sample_warehouse: Path, view: str):
    doc, header = _section(view), _header(view)
    for column in _columns(sample_warehouse, view):
        assert f"`{column}`" in doc, f"docs/analysts.md does not describe {view}.{column}"
        assert re.search(rf"\b{column}\b", header), f"{view}.sql's opening comment does not describe {column}"


def _header(name: str) -> str:
    lines = mart_sql(name).splitlines()
    return "\n".join(line for line in lines[: next(i for i, line in enumerate(lines) if not line.startswith("--"))])


def test_every_sql_file_is_created_and_opens_with_its_description():
    assert sorted(p.stem for p in SQL_DIR.glob("*.sql")) == sorted(SQL_FILES)
    for name in SQL_FILES:
        assert _header(name), f"{name}.sql does not open with a comment describing it"
