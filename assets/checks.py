"""Asset checks on fact_amount: one per validation suite, all from one validation run.

Each check fails with severity ERROR when its suite reports an error for any document, and only then
blocks the assets downstream of fact_amount (the marts); warnings (differences within 尾数误差, narrative
wording) fail the check with severity WARN and let the marts build. The run records check_results in
the warehouse and rebuilds the dashboard, whose path the metadata gives.
"""

from collections.abc import Iterator

import dagster as dg

from assets.resources import WarehouseResource
from assets.warehouse import WRITER_POOL
from pipeline.validate import ValidationSummary, validate
from pipeline.validate.suites import SUITES, suite_spec

FACTS = dg.AssetKey("fact_amount")
_SHOWN_FAILURES = 10


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(name=suite, asset=FACTS, blocking=True, description=suite_spec(suite)["meta"]["description"])
        for suite in SUITES
    ],
    name="validation",
    description="The expectations/ suites judged on every loaded document; results in check_results.",
    pool=WRITER_POOL,  # it writes check_results: one writer at a time, like the load
)
def validation(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> Iterator[dg.AssetCheckResult]:
    summary = validate(warehouse.warehouse, dashboard=warehouse.quality_dir)
    context.log.info(
        "validated %d documents: %d errors, %d warnings",
        summary.documents,
        summary.failed_errors,
        summary.failed_warnings,
    )
    for suite in SUITES:
        yield check_result(summary, suite)


def check_result(summary: ValidationSummary, suite: str) -> dg.AssetCheckResult:
    counts = summary.suites[suite]
    failed = summary.results[(summary.results["suite"] == suite) & (summary.results["status"] == "fail")]
    erring = sorted(set(failed.loc[failed["severity"] == "error", "document_id"]))
    shown = failed.sort_values("severity").head(_SHOWN_FAILURES)
    metadata: dict[str, dg.RawMetadataValue] = {
        "run_id": summary.run_id,
        "documents": summary.documents,
        "checks": counts.checks,
        "passed": counts.passed,
        "failed_errors": counts.failed_errors,
        "failed_warnings": counts.failed_warnings,
        "not_applicable": counts.not_applicable,
        "documents_with_errors": dg.MetadataValue.json(erring),
    }
    if summary.dashboard:
        metadata["dashboard"] = dg.MetadataValue.path(str(summary.dashboard.resolve()))
        metadata["data_docs"] = dg.MetadataValue.path(str((summary.dashboard.parent / "gx" / "index.html").resolve()))
    if not shown.empty:
        metadata["failures"] = dg.MetadataValue.md(
            "\n".join(f"- **{r.severity}** `{r.document_id}` `{r.check_name}`: {r.message}" for r in shown.itertuples())
        )
    return dg.AssetCheckResult(
        check_name=suite,
        asset_key=FACTS,
        passed=counts.failed_errors == 0 and counts.failed_warnings == 0,
        severity=dg.AssetCheckSeverity.ERROR if counts.failed_errors else dg.AssetCheckSeverity.WARN,
        metadata=metadata,
    )


validation_checks = [validation]
