"""The crawl of every configured portal, and its nightly schedule."""

import os
from pathlib import Path

import dagster as dg

from assets.resources import WarehouseResource
from pipeline.crawl.run import crawl_all

DEFAULT_SOURCES = Path(__file__).resolve().parents[1] / "sources.yaml"


def sources_file() -> Path:
    """The sources file: $DW_SOURCES, read when the crawl runs, else sources.yaml of the project."""
    return Path(os.environ.get("DW_SOURCES", DEFAULT_SOURCES))


@dg.asset(group_name="sources", kinds={"http"})
def crawled_documents(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """New disclosures fetched from the portals into the raw store; the inbox sensor ingests them."""
    report = crawl_all(sources_file(), warehouse.warehouse, Path(warehouse.raw_store), ingest=False)
    rows = [f"| {r.source} | {r.error or 'ok'} | {r.counts()} |" for r in report.runs]
    failed = [r.source for r in report.runs if r.error]
    if failed:
        context.log.warning("sources with errors: %s", ", ".join(failed))
    return dg.MaterializeResult(
        metadata={
            "sources": len(report.runs),
            "sources_failed": len(failed),
            "report": dg.MetadataValue.md("| source | result | counts |\n|---|---|---|\n" + "\n".join(rows)),
        }
    )


crawl_job = dg.define_asset_job("crawl_portals", selection=dg.AssetSelection.assets(crawled_documents))

nightly_crawl = dg.ScheduleDefinition(
    name="nightly_crawl",
    job=crawl_job,
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Shanghai",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="02:00 Beijing time: crawl every source; new files are ingested by the inbox sensor.",
)
