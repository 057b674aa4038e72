"""Every notebook runs top to bottom: on the sample warehouse, and the tour also where a unit has two years."""

from __future__ import annotations

from pathlib import Path

import jupytext
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.py"))


def execute(notebook: Path, warehouse: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DW_WAREHOUSE", str(warehouse))  # the kernel inherits this process's environment
    nb = jupytext.read(notebook)
    NotebookClient(nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(ROOT)}}).execute()
    return nb


def images(nb) -> int:
    return sum("image/png" in out.get("data", {}) for cell in nb.cells for out in cell.get("outputs", []))


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_on_the_sample_warehouse(notebook: Path, sample_warehouse: Path, monkeypatch):
    execute(notebook, sample_warehouse, monkeypatch)


def test_the_tour_charts_a_department_over_two_years(two_year_warehouse: Path, monkeypatch):
    nb = execute(ROOT / "notebooks" / "analyst_tour.py", two_year_warehouse, monkeypatch)
    assert images(nb) == 2  # top subjects, and the department's years
    printed = "".join(out.get("text", "") for cell in nb.cells for out in cell.get("outputs", []))
    assert "nothing to compare" not in printed
