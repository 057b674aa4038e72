"""The nightly schedule, evaluated and its run executed once, crawling the fixture portal on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from assets import defs
from assets.resources import WarehouseResource
from pipeline.crawl.store import RawStore

from .conftest import Server, crawl_items

COLUMN = "/zwgk/czxx/bmjs/"


def test_nightly_schedule_run_fetches_the_portal(site: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        "defaults:\n  politeness:\n    delay_seconds: 0\n    respect_crawl_delay: false\n    timeout_seconds: 5\n"
        f"sources:\n  - name: fixture\n    start_urls: ['{site.url(COLUMN + 'index.shtml')}']\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("DW_SOURCES", str(sources))
    data = tmp_path / "data"
    resource = WarehouseResource(
        path=str(data / "warehouse.duckdb"),
        raw_store=str(data / "raw"),
        staged=str(data / "staged"),
        inbox=str(data / "inbox"),
    )
    schedule = defs.get_schedule_def("nightly_crawl")
    with dg.instance_for_test() as instance:
        requests = list(schedule.evaluate_tick(dg.build_schedule_context(instance=instance)).run_requests or [])
        assert len(requests) == 1
        job = defs.resolve_job_def(schedule.job_name)
        result = job.execute_in_process(instance=instance, resources={"warehouse": resource}, tags=requests[0].tags)
    assert result.success
    meta = result.asset_materializations_for_node("crawled_documents")[0].metadata
    assert meta["sources"].value == 1 and meta["sources_failed"].value == 0
    fetched = [i for i in crawl_items(Path(resource.path)) if i["outcome"] == "fetched"]
    assert len(fetched) == 3  # the site's three real disclosures
    assert all(RawStore(data / "raw").has(i["sha256"]) for i in fetched)
