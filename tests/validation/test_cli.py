"""`python -m pipeline validate` as `make run` calls it: paths relative to the working directory."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli

from .validation_fixtures import DSJZX, build_warehouse, gold_document


def test_validate_with_relative_paths_builds_the_dashboard(tmp_path: Path) -> None:
    build_warehouse(tmp_path / "warehouse.duckdb", [gold_document(DSJZX)])
    result = run_cli("validate", "--warehouse", "warehouse.duckdb", "--dashboard", "quality", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "quality" / "index.html").is_file()
    assert (tmp_path / "quality" / "gx" / "index.html").is_file()
