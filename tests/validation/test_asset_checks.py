"""The Dagster asset checks on fact_amount: one per suite, blocking the marts on errors only."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from assets.checks import validation_checks
from assets.resources import WarehouseResource
from pipeline.validate.suites import SUITES

from .validation_fixtures import DSJZX, PLANTED, build_warehouse, gold_document, planted, with_text


@dg.asset(name="fact_amount")
def facts() -> None:
    """Stands for the loaded fact table: the warehouse is built before the run."""


@dg.asset(deps=[facts])
def mart() -> None:
    """A mart downstream of the facts."""


def _materialize(warehouse: Path) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [facts, mart, *validation_checks],
        resources={"warehouse": WarehouseResource(path=str(warehouse))},
        raise_on_error=False,
    )


def _evaluations(result: dg.ExecuteInProcessResult) -> dict[str, dg.AssetCheckEvaluation]:
    return {e.check_name: e for e in result.get_asset_check_evaluations()}


def test_warnings_fail_checks_without_blocking(tmp_path):
    only_warnings = with_text(gold_document(DSJZX), "72.83.1%", "78.12%")
    result = _materialize(build_warehouse(tmp_path / "warehouse.duckdb", [only_warnings]))
    assert result.success
    assert result.asset_materializations_for_node("mart")
    evaluations = _evaluations(result)
    assert set(evaluations) == set(SUITES)
    assert evaluations["schema"].passed
    across = evaluations["identities_across"]
    assert not across.passed and across.severity == dg.AssetCheckSeverity.WARN
    assert across.metadata["failed_warnings"].value == 1
    assert Path(across.metadata["dashboard"].value).is_file()
    assert Path(across.metadata["data_docs"].value).is_file()


def test_errors_block_the_marts(tmp_path):
    cell, change = PLANTED["planted-03"]
    wrong = planted(gold_document(DSJZX), cell, change, "planted-03")
    result = _materialize(build_warehouse(tmp_path / "warehouse.duckdb", [wrong]))
    assert not result.success
    assert not result.asset_materializations_for_node("mart")
    within = _evaluations(result)["identities_within"]
    assert not within.passed and within.severity == dg.AssetCheckSeverity.ERROR
    assert within.metadata["documents_with_errors"].value == [wrong.document_id]
