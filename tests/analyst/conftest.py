"""Warehouses for the analyst tests: the shared corpus ingested once per session, and a small two-year one."""

from __future__ import annotations

import fcntl
from pathlib import Path

import pytest

from pipeline.ingest import ingest_paths
from pipeline.validate import validate
from tests.conftest import ROOT

from .builders import build_two_year_warehouse, query


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The warehouse `make run` builds: data/samples ingested and validated, once for all xdist workers."""
    root = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        root = root.parent  # the session's directory, which every worker's base directory is in
    folder = root / "analyst-samples"
    folder.mkdir(exist_ok=True)
    warehouse = folder / "warehouse.duckdb"
    with (folder / "build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the first worker builds it, the others wait for it
        if not warehouse.exists():
            ingest_paths([ROOT / "data" / "samples"], warehouse, workers=0)
            validate(warehouse, dashboard=None)
    not_loaded = query(warehouse, "SELECT file_name, status, error FROM documents WHERE status <> 'loaded'")
    assert not not_loaded, f"sample documents not loaded: {not_loaded}"
    return warehouse


@pytest.fixture(scope="session")
def two_year_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    warehouse = tmp_path_factory.mktemp("two-years") / "warehouse.duckdb"
    build_two_year_warehouse(warehouse)
    return warehouse
