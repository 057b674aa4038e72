"""From expectation outcomes to check_results rows: one per thing checked, in words an analyst reads.

A row fails with the severity of the worst expectation it failed, and its message says why in that
expectation's words (meta.verdict, filled in from the row). The schema suite judges facts, not checks:
per document it reports each failing fact, or one passing row per check.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import pandas as pd

from pipeline.validate.suites import Expectation, SuiteRun

RESULT_COLUMNS = [
    "document_id",
    "check_name",
    "severity",
    "status",
    "table_code",
    "line_key",
    "measure",
    "expected",
    "observed",
    "difference",
    "tolerance",
    "message",
    "suite",
]


class _Fields(dict):
    """A row for str.format_map: empty for what the row lacks, no 'nan'."""

    def __missing__(self, key: str) -> str:
        return ""


def _fields(record: dict[str, Any]) -> _Fields:
    return _Fields({k: "" if isinstance(v, float) and math.isnan(v) else v for k, v in record.items()})


def check_results(run: SuiteRun) -> pd.DataFrame:
    rows = _check_rows(run) if "check_name" in run.frame.columns else _fact_rows(run)
    return pd.DataFrame(rows, columns=RESULT_COLUMNS, dtype=object)  # object: missing stays None, not NaN


def _check_rows(run: SuiteRun) -> list[dict[str, Any]]:
    rows = []
    for record in run.frame.to_dict("records"):
        failed = run.failures.get(record["row_id"], [])
        fields = _fields(record)
        if record["not_applicable"]:
            status, severity, verdict = "not_applicable", record["severity"], record["pass_verdict"]
        elif failed:
            worst = max(failed, key=lambda f: f.rank)
            status, severity, verdict = "fail", worst.severity, worst.meta["verdict"].format_map(fields)
        else:
            status, severity, verdict = "pass", record["severity"], record["pass_verdict"]
        rows.append(
            {
                **{c: fields.get(c) or None for c in RESULT_COLUMNS},
                "severity": severity,
                "status": status,
                "message": f"{record['subject']}: {verdict}",
                "suite": run.name,
            }
        )
    return rows


def _fact_rows(run: SuiteRun) -> list[dict[str, Any]]:
    checks = sorted({f.meta["check_name"]: f for f in run.expectations}.items())
    failing: dict[tuple[str, str], list[tuple[dict[str, Any], Expectation]]] = defaultdict(list)
    records = run.frame.to_dict("records")
    for record in records:
        for failure in run.failures.get(record["row_id"], []):
            failing[(record["document_id"], failure.meta["check_name"])].append((record, failure))
    n_facts: dict[str, int] = defaultdict(int)
    for record in records:
        n_facts[record["document_id"]] += 1
    rows = []
    for document_id, n in sorted(n_facts.items()):
        for check_name, expectation in checks:
            found = failing.get((document_id, check_name))
            if not found:
                rows.append(_fact_row(document_id, check_name, expectation.severity, "pass", f"all {n} facts pass"))
                continue
            for record, failure in found:
                fields = _fields(record)
                rows.append(
                    _fact_row(
                        document_id,
                        check_name,
                        failure.severity,
                        "fail",
                        failure.meta["message"].format_map(fields),
                        table_code=fields["table_code"] or None,
                        line_key=fields["line_key"] or None,
                        measure=fields["measure"] or None,
                        observed=str(fields[failure.column]) if failure.column else None,
                    )
                )
    return rows


def _fact_row(document_id: str, check_name: str, severity: str, status: str, message: str, **what: Any) -> dict:
    row = dict.fromkeys(RESULT_COLUMNS)
    row.update(document_id=document_id, check_name=check_name, severity=severity, status=status, suite="schema")
    row.update(message=message, **what)
    return row
