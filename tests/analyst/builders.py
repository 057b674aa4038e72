"""Small warehouses made from the corpus gold CSVs, with the units, years and kinds a test needs."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import duckdb

from pipeline import warehouse as wh
from pipeline.marts import create_marts
from pipeline.model import YUAN_PER_UNIT, ExtractedDocument, Fact, Status, Subject
from tests.conftest import CORPUS

GOLD = CORPUS / "gold"
SUMMARY_TABLES = ("01", "04")  # their labels carry list numbering (一、…), not bare subject names

FactKey = tuple[str, str, str]  # table_code, line_key, measure


@dataclass(frozen=True)
class GoldRow:
    table_code: str
    line_key: str
    measure: str
    amount: Decimal
    amount_unit: str
    row_label: str
    page: int

    @property
    def key(self) -> FactKey:
        return self.table_code, self.line_key, self.measure

    @property
    def yuan(self) -> Decimal:
        return self.amount * YUAN_PER_UNIT[self.amount_unit]


def gold_rows(name: str) -> list[GoldRow]:
    with (GOLD / f"{name}.csv").open(encoding="utf-8") as f:
        return [
            GoldRow(
                r["table_code"],
                r["line_key"],
                r["measure"],
                Decimal(r["amount"]),
                r["amount_unit"],
                r["row_label"],
                int(r["page"]),
            )
            for r in csv.DictReader(f)
        ]


def as_budget(rows: Iterable[GoldRow], factor: int) -> list[GoldRow]:
    """A budget as the reader yields one: a single 'budget' column where final accounts print 'actual'.

    Amounts are the final accounts' times `factor`, so every execution rate is 1/factor.
    """
    return [
        GoldRow(
            r.table_code,
            r.line_key,
            "budget" if r.measure == "actual" else r.measure,
            r.amount * factor,
            r.amount_unit,
            r.row_label,
            r.page,
        )
        for r in rows
        if r.measure != "budget"  # the final accounts' own 年初预算数 column of table 09
    ]


def document(
    document_id: str,
    rows: list[GoldRow],
    *,
    unit_name: str,
    fiscal_year: int,
    report_kind: str = "final",
    renamed: dict[str, str] | None = None,
) -> ExtractedDocument:
    """A loaded document holding `rows`, naming subjects by their row labels (or by `renamed`: code → name)."""
    subjects = {
        (r.line_key, kind): Subject(r.line_key, (renamed or {}).get(r.line_key, r.row_label), kind)
        for r in rows
        if r.line_key.isdigit() and r.table_code not in SUMMARY_TABLES
        for kind in ["economic" if r.table_code == "06" else "function"]
    }
    return ExtractedDocument(
        document_id=document_id,
        sha256=document_id,
        source_uri=f"test://{document_id}",
        file_name=f"{document_id}.pdf",
        status=Status.LOADED,
        unit_name=unit_name,
        fiscal_year=fiscal_year,
        report_kind=report_kind,
        facts=[Fact(*r.key, r.amount, r.amount_unit, r.page, r.row_label) for r in rows],
        subjects=list(subjects.values()),
    )


def failed_document(document_id: str, *, unit_name: str, fiscal_year: int) -> ExtractedDocument:
    """Final accounts whose cover was read but not their tables."""
    loaded = document(document_id, [], unit_name=unit_name, fiscal_year=fiscal_year)
    return replace(loaded, status=Status.FAILED, error="a layout we do not read yet")


@dataclass(frozen=True)
class Check:
    """One row of check_results, as validation writes it."""

    document_id: str
    check_name: str
    status: str
    checked_at: datetime
    severity: str = "error"


def insert_checks(con: duckdb.DuckDBPyConnection, checks: Iterable[Check]) -> None:
    con.executemany(
        "INSERT INTO check_results (document_id, check_name, severity, status, message, checked_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (c.document_id, c.check_name, c.severity, c.status, f"{c.check_name}: {c.status}", c.checked_at)
            for c in checks
        ],
    )


def query(warehouse: Path, sql: str, params: list | None = None) -> list[dict]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        cursor = con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def by(rows: list[dict], *fields: str) -> dict[tuple, dict]:
    """Rows keyed by the given fields (each key must be unique)."""
    keyed = {tuple(r[f] for f in fields): r for r in rows}
    assert len(keyed) == len(rows), f"{fields} is not unique"
    return keyed


# One unit with final accounts for 2022 and 2023 and a budget for 2023, one unit whose 2023 file failed.
UNIT = "测试区数据管理中心"
OTHER_UNIT = "测试区另一单位"
FINAL_2022, FINAL_2023, BUDGET_2023, FAILED_2023 = "u-2022-final", "u-2023-final", "u-2023-budget", "v-2023-final"
GOLD_2022, GOLD_2023 = "whhp-dsjzx-2022-final", "whhp-sjzyfwzx-2023-final"
BUDGET_FACTOR = 2
RENAMED_CODE, RENAMED_NAME = "2013750", "事业运行（信息中心）"  # the 2023 final accounts print 事业运行 otherwise
RESPELT_CODE, RESPELT_NAME = "30213", "维修 （护）费"  # 维修(护)费 with other brackets and a space: no conflict
T0, T1 = datetime(2025, 1, 1), datetime(2025, 2, 1)
CHECKS = (
    Check(FINAL_2022, "05 basic = 06 personnel + public", "fail", T0),  # an earlier run, superseded by the next
    Check(FINAL_2022, "05 basic = 06 personnel + public", "pass", T1),
    Check(FINAL_2022, "narrative matches tables", "fail", T1, severity="warning"),
    Check(FINAL_2023, "01 total = sum of classes", "fail", T1),
    Check(FINAL_2023, "02 total = 03 total", "pass", T1),
)


# The corpus prints no 三公 actuals: the 2023 final accounts get some, beside their budget (万元, as printed).
THREE_PUBLIC_2023 = tuple(
    GoldRow("09", line, measure, Decimal(amount), "万元", label, 18)
    for line, label, budget, actual in [
        ("total", "合计", "3.00", "2.40"),
        ("vehicle", "公务用车购置及运行维护费", "2.00", "2.00"),
        ("reception", "公务接待费", "1.00", "0.40"),
    ]
    for measure, amount in [("budget", budget), ("actual", actual)]
)


def build_two_year_warehouse(warehouse: Path) -> None:
    rows_2023 = [*gold_rows(GOLD_2023), *THREE_PUBLIC_2023]
    documents = [
        document(FINAL_2022, gold_rows(GOLD_2022), unit_name=UNIT, fiscal_year=2022),
        document(FINAL_2023, rows_2023, unit_name=UNIT, fiscal_year=2023, renamed={RENAMED_CODE: RENAMED_NAME}),
        document(
            BUDGET_2023,
            as_budget(rows_2023, BUDGET_FACTOR),
            unit_name=UNIT,
            fiscal_year=2023,
            report_kind="budget",
            renamed={RESPELT_CODE: RESPELT_NAME},
        ),
        failed_document(FAILED_2023, unit_name=OTHER_UNIT, fiscal_year=2023),
    ]
    with wh.writer(warehouse) as con:
        for doc in documents:
            wh.load_document(con, doc)
        create_marts(con)
        insert_checks(con, CHECKS)
