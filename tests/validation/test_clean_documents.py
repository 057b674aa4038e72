"""A document whose tables and text agree gets no failing check at all, whatever unit its tables print."""

from __future__ import annotations

import pytest

from pipeline.validate import validate

from .validation_fixtures import DSJZX, build_warehouse, gold_document, in_yuan, with_facts, with_text


def consistent_dsjzx():
    """The 2022 document with its one inconsistency and its malformed percentage corrected."""
    doc = gold_document(DSJZX)
    fixed = with_facts(
        doc,
        {
            ("06", "30101", "actual"): "22.25",
            ("06", "301", "actual"): "128.97",
            ("06", "personnel_total", "actual"): "128.97",
        },
    )
    return with_text(fixed, "72.83.1%", "78.12%")


@pytest.mark.parametrize("unit", ["万元", "元"])
def test_consistent_document_has_no_failure(tmp_path, unit):
    doc = consistent_dsjzx() if unit == "万元" else in_yuan(consistent_dsjzx())
    summary = validate(build_warehouse(tmp_path / "warehouse.duckdb", [doc]))
    failing = summary.results[summary.results["status"] == "fail"]
    assert failing.empty, failing[["check_name", "message"]].to_string()
    assert summary.documents_with_errors == []
    identities = summary.suites["identities_within"].checks + summary.suites["identities_across"].checks
    assert identities > 100
