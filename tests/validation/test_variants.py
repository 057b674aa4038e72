"""Planted errors are caught as errors, a missing table fails the checks that need it, budgets are not
judged by final-accounts identities, and re-running replaces a document's results."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from pipeline.validate import validate
from pipeline.validate.identities import load_identities

from .validation_fixtures import DSJZX, PLANTED, PUTUO, SJZYFWZX


@pytest.mark.parametrize("suffix", sorted(PLANTED))
def test_planted_error_is_an_error_on_its_cell(variants, suffix):
    (table, line, measure), change = PLANTED[suffix]
    document_id = f"{DSJZX.name}-{suffix}"
    assert document_id in variants.summary.documents_with_errors
    errors = variants.failing(document_id)
    errors = errors[(errors["severity"] == "error") & errors["suite"].str.startswith("identities")]
    observed_there = (errors["table_code"] == table) & (errors["line_key"] == line)
    summed_there = errors["message"].str.contains(f"表{table} ", regex=False) & errors["message"].str.contains(line)
    on_cell = errors[observed_there | summed_there]
    assert not on_cell.empty, f"no error mentions 表{table} {line} {measure}"
    assert any(abs(float(d)) == abs(float(change)) for d in on_cell["difference"])


def test_planted_copies_fail_nothing_the_original_passes_but_around_the_cell(variants, gold):
    """Only identities involving the changed cell turn into errors: the rest still holds."""
    document_id = f"{DSJZX.name}-planted-03"
    errors = variants.failing(document_id)
    errors = errors[(errors["severity"] == "error") & (errors["suite"] != "completeness")]
    assert set(errors["check_name"]) <= {
        "identities_within.t03_column_sum",
        "identities_within.t03_subject_sum",
        "identities_within.t03_total_sum",
        "identities_across.t05_t03_subjects",
        "narrative.gpb_execution.rate",  # the original's malformed 72.83.1%
    }


def test_missing_table_fails_with_a_message(variants):
    document_id = f"{DSJZX.name}-no06"
    rows = variants.of(document_id)
    present = rows[(rows["check_name"] == "completeness.table_present") & (rows["table_code"] == "06")]
    assert list(present["status"]) == ["fail"] and list(present["severity"]) == ["error"]
    assert "not found in the document" in present.iloc[0]["message"]
    needing = rows[
        rows["check_name"].isin(
            [
                "identities_across.t05_t06_basic",
                "identities_within.t06_personnel_total",
                "narrative.personnel_expenditure",  # the text states 人员经费, which only 表06 prints
            ]
        )
    ]
    assert set(needing["check_name"]) >= {"narrative.personnel_expenditure", "identities_across.t05_t06_basic"}
    assert set(needing["status"]) == {"fail"} and set(needing["severity"]) == {"error"}
    assert needing["message"].str.contains("表06 .* is not in this document").all()


def test_budget_documents_are_judged_by_budget_identities_only(variants):
    """A budget is judged by the identities that hold of any table built the same way (sums over subjects and
    columns); those of final accounts alone are recorded as not applicable. This copy holds final-accounts
    figures, so the sums over subjects find its NOTES.md rounding differences again, as warnings."""
    rows = variants.of(f"{PUTUO.name}-budget")
    identities = rows[rows["suite"].str.startswith("identities")]
    final_only = {i.check_name for i in load_identities() if "budget" not in i.report_kinds}
    not_applicable = identities[identities["check_name"].isin(final_only)]
    assert set(not_applicable["status"]) == {"not_applicable"}
    assert not_applicable["message"].str.contains("not applicable to budget documents").all()
    within = variants.results[variants.results["suite"] == "identities_within"]
    assert variants.summary.suites["identities_within"].not_applicable == within["status"].eq("not_applicable").sum()
    judged = identities[~identities["check_name"].isin(final_only)]
    assert set(judged["status"]) == {"pass", "fail"}
    assert {"identities_within.t02_subject_sum", "identities_within.t09_total"} <= set(judged["check_name"])
    failing = rows[rows["status"] == "fail"]
    assert set(failing["severity"]) == {"warning"}, failing[["check_name", "message"]].to_string()


def test_rerun_replaces_a_documents_results(variants, tmp_path):
    warehouse = shutil.copy(variants.warehouse, tmp_path / "warehouse.duckdb")
    document_id = f"{DSJZX.name}-no06"
    again = validate(warehouse, [document_id])
    assert again.documents == 1
    with duckdb.connect(str(warehouse), read_only=True) as con:
        per_run = dict(
            con.execute(
                "SELECT run_id, count(*) FROM check_results WHERE document_id = ? GROUP BY ALL", [document_id]
            ).fetchall()
        )
        others = con.execute(
            "SELECT DISTINCT run_id FROM check_results WHERE document_id <> ?", [document_id]
        ).fetchall()
        runs = con.execute(
            "SELECT run_id, documents_validated, documents FROM validation_runs ORDER BY started_at"
        ).fetchall()
    assert per_run == {again.run_id: len(variants.of(document_id))}
    assert others == [(variants.summary.run_id,)]
    assert [(r[1], r[2]) for r in runs] == [(variants.summary.documents,) * 2, (1, variants.summary.documents)]


def test_schema_reports_keys_off_the_vocabulary(variants):
    failing = variants.failing(f"{SJZYFWZX.name}-keys")
    schema = failing[failing["suite"] == "schema"]
    found = {(r.check_name, r.table_code, r.line_key, r.measure, r.severity) for r in schema.itertuples()}
    assert found == {
        ("schema.function_class_known", "02", "2990101", "total", "error"),
        ("schema.measure_known", "02", "total", "grants", "error"),
    }
    passing = variants.of(f"{SJZYFWZX.name}-keys")
    assert set(passing.loc[passing["suite"] == "schema", "check_name"]) >= {
        "schema.key_unique",
        "schema.line_key_format",
    }


def _identity_failures(results) -> set[tuple]:
    failing = results[(results["status"] == "fail") & results["suite"].str.startswith("identities")]
    return {(r.check_name, r.table_code, r.line_key, r.measure, r.severity) for r in failing.itertuples()}


def test_tables_in_yuan_keep_rounding_differences_as_warnings(variants, gold):
    """The same figures printed in 元 (whole hundreds: 万元 to two decimals) carry the same 尾数误差."""
    in_yuan = _identity_failures(variants.of(f"{SJZYFWZX.name}-yuan"))
    assert in_yuan == _identity_failures(gold.of(SJZYFWZX.name))
    assert {severity for *_, severity in in_yuan} == {"warning"}
    rows = variants.failing(f"{SJZYFWZX.name}-yuan")
    assert "173.61" not in set(rows["observed"]) and "1736100.00" in set(rows["observed"])


def test_planted_error_in_yuan_is_an_error(variants):
    document_id = f"{DSJZX.name}-yuan-planted"
    assert document_id in variants.summary.documents_with_errors
    errors = variants.failing(document_id)
    errors = errors[(errors["severity"] == "error") & (errors["check_name"] == "identities_within.t03_column_sum")]
    assert list(errors["difference"]) == ["-10.00"]
