"""Validated warehouses shared by the validation tests: built once per test process, then only read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from pipeline.validate import ValidationSummary, validate

from .validation_fixtures import (
    DSJZX,
    GOLD,
    PLANTED,
    PUTUO,
    SJZYFWZX,
    build_warehouse,
    gold_document,
    in_yuan,
    planted,
    variant,
    with_unknown_keys,
    without_table,
)


@dataclass(frozen=True)
class Validated:
    warehouse: Path
    summary: ValidationSummary

    @property
    def results(self) -> pd.DataFrame:
        return self.summary.results

    def of(self, document_id: str) -> pd.DataFrame:
        return self.results[self.results["document_id"] == document_id]

    def failing(self, document_id: str) -> pd.DataFrame:
        rows = self.of(document_id)
        return rows[rows["status"] == "fail"]


@pytest.fixture(scope="session")
def gold(tmp_path_factory: pytest.TempPathFactory) -> Validated:
    """The three corpus documents exactly as printed, validated with the dashboard built."""
    folder = tmp_path_factory.mktemp("gold")
    warehouse = build_warehouse(folder / "warehouse.duckdb", [gold_document(g) for g in GOLD])
    return Validated(warehouse, validate(warehouse, dashboard=folder / "quality"))


@pytest.fixture(scope="session")
def variants(tmp_path_factory: pytest.TempPathFactory) -> Validated:
    """Copies of real documents: planted errors, a missing table, a budget disclosure, keys off the vocabulary,
    tables printed in 元."""
    dsjzx = gold_document(DSJZX)
    documents = [planted(dsjzx, cell, change, suffix) for suffix, (cell, change) in PLANTED.items()]
    documents.append(without_table(dsjzx, "06"))
    documents.append(variant(gold_document(PUTUO), "budget", report_kind="budget"))
    documents.append(with_unknown_keys(variant(gold_document(SJZYFWZX), "keys")))
    documents.append(variant(in_yuan(gold_document(SJZYFWZX)), "yuan"))
    cell, change = PLANTED["planted-03"]
    documents.append(planted(in_yuan(dsjzx), cell, change, "yuan-planted"))
    warehouse = build_warehouse(tmp_path_factory.mktemp("variants") / "warehouse.duckdb", documents)
    return Validated(warehouse, validate(warehouse))
