"""Property: an error planted at random in a clean copy of a real document is always reported as an error, and
the error names where it was planted: the table and line of a changed cell, the statement whose amount was
changed, the comparison whose direction word was swapped. Nothing new fails away from it.

The copies are the corpus documents as printed and printed in 元 (their own inconsistencies stay: they are
what the copy started with, so only errors the copy did not have count); conftest.planted_run validates them
all in one run, one copy per seed, document and kind of error. One test judges them all, so that only one
test process builds that run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import pandas as pd

from pipeline.validate.labels import cell

from .conftest import PLANT_CASES, PlantedRun
from .planting import Plant
from .validation_fixtures import read_document


def test_every_planted_error_is_reported_where_it_was_planted(planted_run: PlantedRun):
    missed = {}
    for case in PLANT_CASES:
        plant = planted_run.plants[case]
        new = planted_run.new_errors(plant)
        missed[case] = "no new error" if new.empty else _REPORTED[plant.kind](planted_run, plant, new)
    missed = {case: why for case, why in missed.items() if why}
    detected = len(PLANT_CASES) - len(missed)
    assert not missed, f"{detected}/{len(PLANT_CASES)} planted errors reported as planted:\n" + "\n\n".join(
        f"{_described(planted_run.plants[case])}: {why}" for case, why in missed.items()
    )


def _cell_reported(run: PlantedRun, plant: Plant, new: pd.DataFrame) -> str | None:
    label = cell(read_document(run.validated.warehouse, plant.doc.document_id), plant.table, plant.line, plant.measure)
    naming = new[[_names(row, plant, label) for row in new.itertuples()]]
    before = _before(run, plant, naming)
    moved = {abs(Decimal(r.difference) - was) for r, was in zip(naming.itertuples(), before, strict=True)}
    elsewhere = new[~new["message"].str.contains(f"表{plant.table}", regex=False)]
    if naming.empty:
        return f"no error names {label}\n{_shown(new)}"
    if abs(plant.change) not in moved:
        return f"no error moved by the change\n{_shown(naming)}"
    return f"errors away from 表{plant.table}\n{_shown(elsewhere)}" if not elsewhere.empty else None


def _stated_reported(run: PlantedRun, plant: Plant, new: pd.DataFrame) -> str | None:
    reading = [
        r
        for r in new.itertuples()
        if r.observed == plant.printed and (r.check_name, r.table_code, r.line_key, r.measure) in plant.readings
    ]
    return None if reading else f"no error on the statement\n{_shown(new)}"


def _direction_reported(run: PlantedRun, plant: Plant, new: pd.DataFrame) -> str | None:
    swapped = new["check_name"].str.endswith(".direction") & new["observed"].str.contains(plant.printed, regex=False)
    if not swapped.any():
        return f"no error on the direction word\n{_shown(new)}"
    return None if swapped.all() else f"errors beyond the direction word\n{_shown(new[~swapped])}"


_REPORTED: dict[str, Callable[[PlantedRun, Plant, pd.DataFrame], str | None]] = {
    "cell": _cell_reported,
    "stated": _stated_reported,
    "direction": _direction_reported,
}


def _before(run: PlantedRun, plant: Plant, rows: pd.DataFrame) -> list[Decimal]:
    """The differences the same checks found in the copy the plant was made from (0 where it had no such row):
    a planted cell may take part in an identity that was already off by 尾数误差."""
    key = ["check_name", "table_code", "line_key", "measure"]
    base = run.validated.of(plant.base).dropna(subset=["difference"])
    found = {tuple(r[:4]): Decimal(r[4]) for r in base[[*key, "difference"]].itertuples(index=False, name=None)}
    return [found.get(tuple(r), Decimal(0)) for r in rows[key].itertuples(index=False, name=None)]


def _names(row, plant: Plant, label: str) -> bool:
    """The row is about the planted cell: it observes it, or sums or compares it by name."""
    if (row.table_code, row.line_key, row.measure) == (plant.table, plant.line, plant.measure):
        return True
    listed = re.search(rf"表{plant.table} [^:]*\((?:[\d, ]*, )?{plant.line}(?:, [\d, ]*)?\)", row.message)
    return label in row.message or (plant.line.isdigit() and listed is not None)


def _described(plant: Plant) -> str:
    where = f" 表{plant.table} {plant.line} {plant.measure} by {plant.change}" if plant.kind == "cell" else ""
    return f"{plant.kind} planted in {plant.doc.document_id}:{where} now '{plant.printed}'"


def _shown(rows: pd.DataFrame) -> str:
    return rows[["check_name", "table_code", "line_key", "measure", "difference", "message"]].to_string()
