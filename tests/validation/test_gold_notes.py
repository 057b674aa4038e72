"""Every inconsistency ../shared/corpus/gold/NOTES.md lists is reported for its document, with its amounts;
nothing else fails on those documents but the few findings listed below with their reasons."""

from __future__ import annotations

from decimal import Decimal

import pytest

from .validation_fixtures import DSJZX, PUTUO, SJZYFWZX

# NOTES.md, identities that do not hold as printed: all within 尾数误差, so failing warnings.
# (document, check, table, line, measure, observed, expected, difference)
TABLE_NOTES = [
    (DSJZX, "identities_across.t05_t06_basic", "05", "total", "basic", "135.01", "135.02", "-0.01"),
    (SJZYFWZX, "identities_within.t01_expenditure_total", "01", "exp.total", "actual", "173.61", "173.60", "+0.01"),
    (SJZYFWZX, "identities_within.t04_expenditure_total", "04", "exp.total", "total", "173.61", "173.60", "+0.01"),
    (SJZYFWZX, "identities_within.t04_expenditure_total", "04", "exp.total", "gpb", "173.61", "173.60", "+0.01"),
    (SJZYFWZX, "identities_within.t06_subject_sum", "06", "301", "actual", "153.88", "153.89", "-0.01"),
    (SJZYFWZX, "identities_across.t01_t03_classes", "01", "221", "actual", "17.19", "17.20", "-0.01"),
    (SJZYFWZX, "identities_across.t04_t05_classes", "04", "221", "gpb", "17.19", "17.20", "-0.01"),
    (SJZYFWZX, "identities_across.t05_t06_basic", "05", "total", "basic", "162.61", "162.60", "+0.01"),
    (PUTUO, "identities_within.t02_total_sum", "02", "total", "total", "2946.25", "2946.26", "-0.01"),
    (PUTUO, "identities_within.t02_total_sum", "02", "total", "fiscal_appropriation", "2940.05", "2940.06", "-0.01"),
    (PUTUO, "identities_within.t03_total_sum", "03", "total", "total", "2940.05", "2940.06", "-0.01"),
    (PUTUO, "identities_within.t03_total_sum", "03", "total", "basic", "2336.91", "2336.92", "-0.01"),
    (PUTUO, "identities_within.t05_total_sum", "05", "total", "total", "2940.05", "2940.06", "-0.01"),
    (PUTUO, "identities_within.t05_total_sum", "05", "total", "basic", "2336.91", "2336.92", "-0.01"),
    (PUTUO, "identities_across.t01_t03_classes", "01", "208", "actual", "326.71", "326.72", "-0.01"),
    (PUTUO, "identities_across.t04_t05_classes", "04", "208", "gpb", "326.71", "326.72", "-0.01"),
    (PUTUO, "identities_within.t06_subject_sum", "06", "301", "actual", "2082.85", "2082.86", "-0.01"),
    (PUTUO, "identities_within.t06_subject_sum", "06", "302", "actual", "171.07", "171.09", "-0.02"),
]

# NOTES.md, narrative vs tables. (document, check, table, line, measure, observed, expected, severity)
NARRATIVE_NOTES = [
    (DSJZX, "narrative.personnel_expenditure", "06", "personnel_total", "actual", "128.97", "128.98", "warning"),
    (DSJZX, "narrative.gpb_execution.rate", None, None, None, "72.83.1%", "78.12%", "error"),
    (SJZYFWZX, "narrative.gpb_classes", "04", "221", "gpb", "17.2", "17.19", "warning"),
    (SJZYFWZX, "narrative.subject_execution", "05", "2013750", "total", "96.31", "132.37", "error"),
    (SJZYFWZX, "narrative.reporting_year", None, None, None, "2022", "2023", "error"),
    (PUTUO, "narrative.fiscal_total", "04", "inc.grand_total", "actual", "0.3", "2961.68", "error"),
    (PUTUO, "narrative.fiscal_total", "04", "exp.grand_total", "total", "0.3", "2961.68", "error"),
]

# Failures beyond NOTES.md, each a true statement about the document as printed:
OTHER_FINDINGS = [
    # 表05 prints class 208 as 326.72, 表04 as 326.71; the text follows 表05 (like 17.2 vs 17.19 above).
    (PUTUO, "narrative.gpb_classes", "04", "208", "gpb", "326.72", "326.71", "warning"),
    # '一般公共服务支出（类）2106.66万元，占71.73%': 2106.66 / 2940.05 is 71.65%.
    (PUTUO, "narrative.gpb_classes.share", None, None, None, "71.73%", "71.65%", "warning"),
]


def _key(row) -> tuple:
    return (row.document_id, row.check_name, row.table_code, row.line_key, row.measure)


@pytest.mark.parametrize(
    ("gold_doc", "check", "table", "line", "measure", "observed", "expected", "difference"),
    TABLE_NOTES,
    ids=lambda v: getattr(v, "name", None),
)
def test_table_note_reported_as_warning(gold, gold_doc, check, table, line, measure, observed, expected, difference):
    rows = gold.failing(gold_doc.name)
    found = rows[
        (rows["check_name"] == check)
        & (rows["table_code"] == table)
        & (rows["line_key"] == line)
        & (rows["measure"] == measure)
    ]
    assert len(found) == 1, f"{check} {table} {line} {measure} not reported for {gold_doc.name}"
    row = found.iloc[0]
    assert (row.severity, row.observed, row.expected, row.difference) == ("warning", observed, expected, difference)
    assert Decimal(row.tolerance) >= abs(Decimal(difference))
    assert observed in row.message and expected in row.message and f"表{table}" in row.message


@pytest.mark.parametrize(
    ("gold_doc", "check", "table", "line", "measure", "observed", "expected", "severity"),
    NARRATIVE_NOTES + OTHER_FINDINGS,
    ids=lambda v: getattr(v, "name", None),
)
def test_narrative_finding_reported(gold, gold_doc, check, table, line, measure, observed, expected, severity):
    rows = gold.failing(gold_doc.name)
    found = [r for r in rows.itertuples() if _key(r) == (gold_doc.name, check, table, line, measure)]
    assert len(found) == 1, f"{check} {observed} vs {expected} not reported for {gold_doc.name}"
    row = found[0]
    assert (row.observed, row.expected, row.severity) == (observed, expected, severity)
    assert observed in row.message


def test_nothing_else_fails(gold):
    expected = {
        (d.name, check, t, line, m) for d, check, t, line, m, *_ in TABLE_NOTES + NARRATIVE_NOTES + OTHER_FINDINGS
    }
    failing = gold.results[gold.results["status"] == "fail"]
    assert {_key(r) for r in failing.itertuples()} == expected


def test_only_text_contradictions_are_errors(gold):
    """Within 尾数误差 is a warning; the errors are the narrative's own mistakes, which NOTES.md lists."""
    errors = gold.results[(gold.results["status"] == "fail") & (gold.results["severity"] == "error")]
    assert set(errors["check_name"]) == {
        "narrative.gpb_execution.rate",
        "narrative.subject_execution",
        "narrative.reporting_year",
        "narrative.fiscal_total",
    }
    assert set(errors["suite"]) == {"narrative"}


def test_every_check_states_its_tolerance(gold):
    compared = gold.results[gold.results["suite"].isin(["identities_within", "identities_across"])]
    compared = compared[compared["status"] != "not_applicable"]  # the budgets' own identities
    assert compared["tolerance"].notna().all()
    warnings = compared[compared["severity"] == "warning"]
    assert warnings["message"].str.contains("尾数误差 tolerance").all()


def test_unstated_claims_pass_as_not_stated(gold):
    rows = gold.of(DSJZX.name)
    unstated = rows[rows["check_name"] == "narrative.business_income"]
    assert list(unstated["status"]) == ["pass"] and list(unstated["severity"]) == ["warning"]
    assert unstated["message"].str.contains("not stated in the text").all()
