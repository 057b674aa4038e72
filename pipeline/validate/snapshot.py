"""What validation reads from the warehouse, read once over a short-lived read-only connection.

Amounts are read as text and kept as Decimal so that the identities are exact; everything else is
plain pandas. The connection is closed before any expectation runs: analysts and loaders are never
held up by validation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pandas as pd

from pipeline.model import YUAN_PER_UNIT
from pipeline.warehouse import connect_read_only

MILLI = Decimal(1000)
CENT = Decimal("0.01")
# Coarser steps a table printed in 元 may have been rounded at, coarsest first: whole hundreds are figures
# kept in 万元 to two decimals and printed in 元; whole yuan are tables printed without 分.
YUAN_STEPS = (Decimal(100), Decimal(1))


@dataclass(frozen=True)
class Amount:
    """One printed cell: the amount as printed, its unit, its value in milli-yuan (exact integers), and the
    step (in yuan) its table's amounts were rounded at: 0.01 of the unit, unless the table shows coarser."""

    value: Decimal
    unit: str
    step: Decimal

    @property
    def milli(self) -> int:
        return int(self.value * YUAN_PER_UNIT[self.unit] * MILLI)

    @property
    def half_step_milli(self) -> int:
        """Half the rounding step: the most a correctly rounded amount can be off (尾数误差)."""
        return int(self.step * MILLI / 2)


def rounding_step(unit: str, amounts: list[Decimal]) -> Decimal:
    """The step (in yuan) a table's printed amounts were rounded at.

    0.01 of the printed unit; for a table in 元 whose amounts are all whole hundreds (or all whole yuan),
    that coarser step: a 万元 figure with two decimals printed in 元 carries the 万元 figure's rounding.
    """
    yuan = [a * YUAN_PER_UNIT[unit] for a in amounts if a]
    finest = YUAN_PER_UNIT[unit] * CENT
    for step in YUAN_STEPS if unit == "元" and yuan else ():
        if all(v % step == 0 for v in yuan):
            return step
    return finest


@dataclass(frozen=True)
class TableHeading:
    """Where a table was found and what its heading printed (document_tables)."""

    first_page: int | None
    last_page: int | None
    heading_year: int | None
    heading_unit_name: str | None
    note: str | None


@dataclass
class Document:
    """One loaded disclosure as the checks see it."""

    document_id: str
    unit_name: str
    fiscal_year: int | None
    report_kind: str
    facts: dict[tuple[str, str, str], Amount] = field(default_factory=dict)
    tables: set[str] = field(default_factory=set)  # codes of the tables found (empty ones included)
    headings: dict[str, TableHeading] = field(default_factory=dict)
    table_pages: set[int] = field(default_factory=set)
    pages: dict[int, str] = field(default_factory=dict)
    subjects: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, code) → printed name

    def amount(self, table: str, line: str, measure: str) -> Amount | None:
        return self.facts.get((table, line, measure))

    def lines(self, table: str) -> set[str]:
        return {line for t, line, _ in self.facts if t == table}

    def measures(self, table: str) -> set[str]:
        return {m for t, _, m in self.facts if t == table}


@dataclass(frozen=True)
class Snapshot:
    documents: list[Document]
    facts: pd.DataFrame  # fact_amount rows of those documents, for the schema suite

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)


def read_snapshot(warehouse: Path, document_ids: list[str] | None = None) -> Snapshot:
    """The loaded documents (all, or those named) with their facts, tables, page text and subjects."""
    con = connect_read_only(warehouse)
    try:
        con.execute(
            "CREATE TEMP TABLE chosen AS SELECT document_id, unit_name, fiscal_year, report_kind "
            "FROM documents WHERE status = 'loaded'"
            + ("" if document_ids is None else " AND document_id IN (SELECT unnest(?::VARCHAR[]))"),
            [] if document_ids is None else [document_ids],
        )
        documents = con.execute("SELECT * FROM chosen ORDER BY document_id").df()
        facts = con.execute(
            "SELECT f.document_id, f.fiscal_year, f.report_kind, f.table_code, f.line_key, f.measure, "
            "CAST(f.amount AS VARCHAR) AS amount, f.amount_unit, CAST(f.amount_yuan AS VARCHAR) AS amount_yuan, "
            "f.page FROM fact_amount f JOIN chosen USING (document_id)"
        ).df()
        headings = con.execute("SELECT t.* FROM document_tables t JOIN chosen USING (document_id)").df()
        text = con.execute(
            "SELECT t.document_id, t.page, t.text FROM document_text t JOIN chosen USING (document_id)"
        ).fetchall()
        subjects = con.execute(
            "SELECT s.document_id, s.kind, s.code, s.name FROM subject_names s JOIN chosen USING (document_id)"
        ).fetchall()
    finally:
        con.close()
    return Snapshot(_documents(documents, facts, headings, text, subjects), facts)


def _documents(
    documents: pd.DataFrame,
    facts: pd.DataFrame,
    headings: pd.DataFrame,
    text: list[tuple[str, int, str]],
    subjects: list[tuple[str, str, str, str]],
) -> list[Document]:
    by_id = {
        row.document_id: Document(
            row.document_id,
            row.unit_name or "",
            _int(row.fiscal_year),
            row.report_kind or "final",
        )
        for row in documents.itertuples()
    }
    printed: dict[tuple[str, str, str], list] = {}  # (document, table, unit) → its rows
    for row in facts.itertuples():
        printed.setdefault((row.document_id, row.table_code, row.amount_unit), []).append(row)
    for (document_id, table, unit), rows in printed.items():
        doc = by_id[document_id]
        step = rounding_step(unit, [Decimal(r.amount) for r in rows])
        doc.facts.update({(table, r.line_key, r.measure): Amount(Decimal(r.amount), unit, step) for r in rows})
        doc.tables.add(table)
    for row in headings.itertuples():
        doc = by_id[row.document_id]
        heading = TableHeading(
            _int(row.first_page),
            _int(row.last_page),
            _int(row.heading_year),
            _str(row.heading_unit_name),
            _str(row.note),
        )
        doc.tables.add(row.table_code)
        doc.headings[row.table_code] = heading
        if heading.first_page and heading.last_page:
            doc.table_pages.update(range(heading.first_page, heading.last_page + 1))
    for document_id, page, page_text in text:
        by_id[document_id].pages[page] = page_text or ""
    for document_id, kind, code, name in subjects:
        by_id[document_id].subjects[(kind, code)] = name
    return list(by_id.values())


def _int(value: object) -> int | None:
    return None if pd.isna(value) else int(value)


def _str(value: object) -> str | None:
    return None if pd.isna(value) else str(value)
