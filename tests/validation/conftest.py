"""Validated warehouses shared by the validation tests: built once per test process, then only read."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from pipeline.model import ExtractedDocument
from pipeline.validate import ValidationSummary, validate

from .planting import KINDS, Plant, planted_copies
from .validation_fixtures import (
    DSJZX,
    GOLD,
    PLANTED,
    PUTUO,
    SJZYFWZX,
    build_warehouse,
    generated_gold,
    gold_document,
    in_yuan,
    planted,
    variant,
    with_unknown_keys,
    without_table,
)

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Validated:
    warehouse: Path
    summary: ValidationSummary

    @property
    def results(self) -> pd.DataFrame:
        return self.summary.results

    def of(self, document_id: str) -> pd.DataFrame:
        return self.results[self.results["document_id"] == document_id]

    def failing(self, document_id: str) -> pd.DataFrame:
        rows = self.of(document_id)
        return rows[rows["status"] == "fail"]


@pytest.fixture(scope="session")
def gold(tmp_path_factory: pytest.TempPathFactory) -> Validated:
    """The three corpus documents exactly as printed, validated with the dashboard built."""
    folder = tmp_path_factory.mktemp("gold")
    warehouse = build_warehouse(folder / "warehouse.duckdb", [gold_document(g) for g in GOLD])
    return Validated(warehouse, validate(warehouse, dashboard=folder / "quality"))


@pytest.fixture(scope="session")
def variants(tmp_path_factory: pytest.TempPathFactory) -> Validated:
    """Copies of real documents: planted errors, a missing table, a budget disclosure, keys off the vocabulary,
    tables printed in 元."""
    dsjzx = gold_document(DSJZX)
    documents = [planted(dsjzx, cell, change, suffix) for suffix, (cell, change) in PLANTED.items()]
    documents.append(without_table(dsjzx, "06"))
    documents.append(variant(gold_document(PUTUO), "budget", report_kind="budget"))
    documents.append(with_unknown_keys(variant(gold_document(SJZYFWZX), "keys")))
    documents.append(variant(in_yuan(gold_document(SJZYFWZX)), "yuan"))
    cell, change = PLANTED["planted-03"]
    documents.append(planted(in_yuan(dsjzx), cell, change, "yuan-planted"))
    warehouse = build_warehouse(tmp_path_factory.mktemp("variants") / "warehouse.duckdb", documents)
    return Validated(warehouse, validate(warehouse))


# (seed, base, kind) of every planted copy: the narrative of a copy in 元 is its original's, so it only gets cells.
GENERATED_BUDGETS = 3
# (seed, base, kind) of every planted copy. The narrative of a copy in 元 is its original's, so it only gets
# cells; budgets say nothing of 大于/小于 预算.
PLANT_CASES = [
    (seed, base, kind)
    for seed in range(1, 6)
    for base, kinds in (
        *((gold.name, KINDS) for gold in GOLD),
        *((f"{gold.name}-yuan", ("cell",)) for gold in GOLD),
        *((f"budget-{i}", ("cell", "stated")) for i in range(GENERATED_BUDGETS)),
    )
    for kind in kinds
]


@pytest.fixture(scope="session")
def generated_documents(tmp_path_factory: pytest.TempPathFactory) -> list[ExtractedDocument]:
    """Six documents the generator renders at random: each corpus figure set once as final accounts (in some
    layout, unit and wording) and once as the budget derived from it, exactly as printed (its gold)."""
    folder = tmp_path_factory.mktemp("generated")
    options = {"--figures": "all", "--kind": "mixed", "--count": "6", "--seed": "21", "--scan-share": "0"}
    subprocess.run(
        [sys.executable, "-m", "generator", "variants", *(w for o in options.items() for w in o), "--out", str(folder)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return [gold_document(gold) for gold in generated_gold(folder)]


def plant_bases(generated: list[ExtractedDocument]) -> dict[str, ExtractedDocument]:
    """The clean copies errors are planted in: the corpus documents as printed and printed in 元, and budgets."""
    bases = {gold.name: gold_document(gold) for gold in GOLD}
    budgets = [doc for doc in generated if doc.report_kind == "budget"]
    assert len(budgets) == GENERATED_BUDGETS
    return (
        bases
        | {f"{name}-yuan": variant(in_yuan(doc), "yuan") for name, doc in bases.items()}
        | {f"budget-{i}": doc for i, doc in enumerate(budgets)}
    )


@dataclass(frozen=True)
class PlantedRun:
    plants: dict[tuple[int, str, str], Plant]
    validated: Validated

    def new_errors(self, plant: Plant) -> pd.DataFrame:
        """The errors of a planted copy that the copy it was made from does not have."""
        key = ["check_name", "table_code", "line_key", "measure", "observed", "expected"]
        errors = self.validated.failing(plant.doc.document_id)
        errors = errors[errors["severity"] == "error"]
        before = self.validated.failing(plant.base)
        known = set(before.loc[before["severity"] == "error", key].itertuples(index=False, name=None))
        return errors[[row not in known for row in errors[key].itertuples(index=False, name=None)]]


@pytest.fixture(scope="session")
def planted_run(tmp_path_factory: pytest.TempPathFactory, generated_documents: list[ExtractedDocument]) -> PlantedRun:
    """The planted copies, validated together with the clean copies they were made from in one run."""
    folder = tmp_path_factory.mktemp("planted")
    bases = plant_bases(generated_documents)
    plants = planted_copies(bases, PLANT_CASES, folder)
    documents = [*bases.values(), *(p.doc for p in plants.values())]
    warehouse = build_warehouse(folder / "warehouse.duckdb", documents)
    return PlantedRun(plants, Validated(warehouse, validate(warehouse)))
