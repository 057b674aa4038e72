"""One validation run: read the warehouse, judge every suite, record the results, optionally publish them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from pipeline.validate import completeness, identities, narrative
from pipeline.validate.completeness import completeness_rows
from pipeline.validate.identities import identity_rows
from pipeline.validate.narrative import narrative_rows
from pipeline.validate.results import check_results
from pipeline.validate.rows import to_frame
from pipeline.validate.schema import schema_frame, schema_parameters
from pipeline.validate.snapshot import Snapshot, read_snapshot
from pipeline.validate.store import write_results
from pipeline.validate.suites import SUITES, SuiteRun, SuiteRunner


@dataclass(frozen=True)
class SuiteSummary:
    suite: str
    checks: int
    passed: int
    failed_errors: int
    failed_warnings: int
    not_applicable: int


@dataclass(frozen=True)
class ValidationSummary:
    run_id: str
    documents: int
    suites: dict[str, SuiteSummary]
    documents_with_errors: list[str]
    dashboard: Path | None = None
    results: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)

    @property
    def failed_errors(self) -> int:
        return sum(s.failed_errors for s in self.suites.values())

    @property
    def failed_warnings(self) -> int:
        return sum(s.failed_warnings for s in self.suites.values())


@dataclass
class Judgement:
    """The suites judged on one snapshot, with the GX context that judged them (for Data Docs)."""

    runner: SuiteRunner
    runs: list[SuiteRun]

    @property
    def results(self) -> pd.DataFrame:
        return pd.concat([check_results(run) for run in self.runs], ignore_index=True)


def judge(snapshot: Snapshot) -> Judgement:
    documents = snapshot.documents
    frames = {
        "schema": schema_frame(snapshot.facts),
        "identities_within": to_frame(identity_rows(documents, "identities_within"), identities.COLUMNS),
        "identities_across": to_frame(identity_rows(documents, "identities_across"), identities.COLUMNS),
        "completeness": to_frame(completeness_rows(documents), completeness.COLUMNS),
        "narrative": to_frame(narrative_rows(documents), narrative.COLUMNS),
    }
    parameters = {"schema": schema_parameters()}
    runner = SuiteRunner()
    return Judgement(runner, [runner.run(name, frames[name], parameters.get(name)) for name in SUITES])


def validate(
    warehouse: Path, document_ids: list[str] | None = None, *, dashboard: Path | None = None
) -> ValidationSummary:
    """Validate the loaded documents (all, or those named), replace their check_results, record the run.

    With `dashboard`, also build the quality dashboard there (Data Docs and the overview page).
    """
    started = datetime.now(UTC).replace(tzinfo=None)
    run_id = f"{started:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    snapshot = read_snapshot(warehouse, document_ids)
    judgement = judge(snapshot)
    results = judgement.results
    validated = [doc.document_id for doc in snapshot.documents]
    write_results(warehouse, results, validated, run_id, started, datetime.now(UTC).replace(tzinfo=None))
    page = None
    if dashboard is not None:
        from pipeline.validate.dashboard import publish

        page = publish(warehouse, dashboard, judgement)
    return summarize(run_id, len(validated), results, page)


def summarize(run_id: str, documents: int, results: pd.DataFrame, dashboard: Path | None) -> ValidationSummary:
    suites = {}
    for suite in SUITES:
        rows = results[results["suite"] == suite]
        failed = rows[rows["status"] == "fail"]
        suites[suite] = SuiteSummary(
            suite=suite,
            checks=len(rows),
            passed=int((rows["status"] == "pass").sum()),
            failed_errors=int((failed["severity"] == "error").sum()),
            failed_warnings=int((failed["severity"] == "warning").sum()),
            not_applicable=int((rows["status"] == "not_applicable").sum()),
        )
    erring = results[(results["status"] == "fail") & (results["severity"] == "error")]
    return ValidationSummary(
        run_id=run_id,
        documents=documents,
        suites=suites,
        documents_with_errors=sorted(set(erring["document_id"])),
        dashboard=dashboard,
        results=results,
    )
