"""Real Dagster materialisations of the asset graph, the inbox sensor, and definition validation."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from assets import defs
from assets.documents import document_facts, extracted_tables, raw_document
from assets.partitions import documents
from assets.resources import WarehouseResource
from assets.sensors import inbox_sensor
from assets.warehouse import fact_amount, marts
from pipeline.crawl.store import RawStore, Sighting
from pipeline.extract import sha256_of
from tests.conftest import ROOT, gold_documents, score


@pytest.fixture
def resource(tmp_path: Path) -> WarehouseResource:
    return WarehouseResource(
        path=str(tmp_path / "warehouse.duckdb"),
        raw_store=str(tmp_path / "raw"),
        staged=str(tmp_path / "staged"),
        inbox=str(tmp_path / "inbox"),
    )


def test_definitions_validate():
    result = subprocess.run(
        [sys.executable, "-m", "dagster", "definitions", "validate", "-w", "workspace.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]


def test_materialise_documents_then_warehouse(resource):
    instance = dg.DagsterInstance.ephemeral()
    store = RawStore(Path(resource.raw_store))
    keys = []
    for doc in gold_documents():
        sha = sha256_of(doc.pdf)
        store.copy_in(doc.pdf, sha, Sighting(source_uri=str(doc.pdf)))
        keys.append(sha)
    instance.add_dynamic_partitions(documents.name, keys)
    per_document = [raw_document, extracted_tables, document_facts]
    for key in keys:
        result = dg.materialize(per_document, partition_key=key, instance=instance, resources={"warehouse": resource})
        assert result.success
        meta = result.asset_materializations_for_node("document_facts")[0].metadata
        assert meta["status"].value == "loaded"
        assert meta["facts"].value > 100
        tables = result.asset_materializations_for_node("extracted_tables")[0].metadata
        assert tables["tables_found"].value == 9
    loaded = dg.materialize(
        [*per_document, fact_amount], selection=[fact_amount], instance=instance, resources={"warehouse": resource}
    )
    assert loaded.success
    meta = loaded.asset_materializations_for_node("fact_amount")[0].metadata
    assert meta["documents_loaded_now"].value == len(keys)
    assert score(Path(resource.path), gold_documents()).returncode == 0
    refreshed = dg.materialize(
        [*per_document, fact_amount, marts], selection=[marts], instance=instance, resources={"warehouse": resource}
    )
    assert refreshed.success
    views = refreshed.asset_materializations_for_node("marts")[0].metadata["views"].value
    assert {"mart_coverage", "mart_budget_execution", "subject_dictionary"} <= set(views)


def test_inbox_sensor_registers_and_requests_runs(resource):
    inbox = Path(resource.inbox)
    inbox.mkdir(parents=True)
    dropped = Path(shutil.copy(gold_documents()[0].pdf, inbox))
    past = time.time() - 60  # settled: not still being copied
    os.utime(dropped, (past, past))
    instance = dg.DagsterInstance.ephemeral()
    context = dg.build_sensor_context(instance=instance, resources={"warehouse": resource})
    result = inbox_sensor(context)
    sha = sha256_of(dropped)
    assert [r.partition_key for r in result.run_requests] == [sha]
    assert result.dynamic_partitions_requests[0].partition_keys == [sha]
    assert RawStore(Path(resource.raw_store)).has(sha)
    with duckdb.connect(resource.path, read_only=True) as con:  # the drop is recorded as a crawl of the folder
        assert con.execute("SELECT count(*) FROM crawl_items").fetchone()[0] >= 1


def test_schedule_is_nightly_in_shanghai():
    schedule = defs.get_schedule_def("nightly_crawl")
    assert schedule.cron_schedule == "0 2 * * *"
    assert schedule.execution_timezone == "Asia/Shanghai"
