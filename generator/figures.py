"""The figures a disclosure prints: facts keyed like the corpus gold, plus who reports them and for when."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from generator.vocab import DATA_DIR, read_csv

FIGURES_DIR = Path(__file__).parent / "figures_data"
YUAN_PER_WAN = Decimal(10000)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class FigureFact:
    table_code: str
    line_key: str
    measure: str
    amount: str  # a decimal string exactly as printed, without thousands separators: "852.68"
    row_label: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.table_code, self.line_key, self.measure)


@dataclass(frozen=True)
class Figures:
    unit_name: str
    fiscal_year: int
    facts: tuple[FigureFact, ...]
    report_kind: str = "final"
    amount_unit: str = "万元"

    def table(self, table_code: str) -> list[FigureFact]:
        return [f for f in self.facts if f.table_code == table_code]

    def amount(self, table_code: str, line_key: str, measure: str) -> Decimal | None:
        for f in self.facts:
            if f.key == (table_code, line_key, measure):
                return Decimal(f.amount)
        return None


def load_gold(csv_path: str | Path, unit_name: str, fiscal_year: int) -> Figures:
    """Read a corpus gold CSV (doc,table_code,line_key,measure,amount,amount_unit,row_label,page)."""
    with open(csv_path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    units = {r["amount_unit"] for r in rows}
    if len(units) != 1:
        raise ValueError(f"{csv_path}: expected one amount unit, found {sorted(units)}")
    facts = tuple(FigureFact(r["table_code"], r["line_key"], r["measure"], r["amount"], r["row_label"]) for r in rows)
    keys = [f.key for f in facts]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{csv_path}: duplicate (table_code, line_key, measure)")
    return Figures(unit_name=unit_name, fiscal_year=fiscal_year, facts=facts, amount_unit=units.pop())


def builtin_names() -> list[str]:
    return [r["name"] for r in read_csv(FIGURES_DIR / "index.csv")]


def load_builtin(name: str) -> Figures:
    """One of the shipped figure sets (copied from the corpus gold), by document name."""
    for r in read_csv(FIGURES_DIR / "index.csv"):
        if r["name"] == name:
            return load_gold(FIGURES_DIR / f"{name}.csv", r["unit_name"], int(r["fiscal_year"]))
    raise KeyError(f"no built-in figures named {name!r}; have {builtin_names()}")


def wan_to_yuan(amount: str) -> str:
    """852.68 (万元) -> 8526800.00 (元), exactly."""
    return f"{(Decimal(amount) * YUAN_PER_WAN).quantize(CENT)}"


def to_yuan(figures: Figures) -> Figures:
    """The same figures expressed in 元, as a publisher printing yuan would print them."""
    if figures.amount_unit == "元":
        return figures
    if figures.amount_unit != "万元":
        raise ValueError(f"cannot convert {figures.amount_unit} to 元")
    facts = tuple(replace(f, amount=wan_to_yuan(f.amount)) for f in figures.facts)
    return replace(figures, facts=facts, amount_unit="元")


def in_unit(figures: Figures, amount_unit: str) -> Figures:
    if amount_unit == figures.amount_unit:
        return figures
    if amount_unit == "元":
        return to_yuan(figures)
    raise ValueError(f"cannot express {figures.amount_unit} figures in {amount_unit}")


def renamed(figures: Figures, unit_name: str) -> Figures:
    return replace(figures, unit_name=unit_name)


def fictitious_unit_name(seed: int) -> str:
    """A realistic but invented department name (city + invented district + office), e.g. 武汉市云溪区统计局."""
    parts: dict[str, list[str]] = {}
    for r in read_csv(DATA_DIR / "unit_names.csv"):
        parts.setdefault(r["kind"], []).append(r["text"])
    rng = random.Random(seed)
    name = rng.choice(parts["city"]) + rng.choice(parts["district"]) + rng.choice(parts["office"])
    return name + "（本级）" if rng.random() < 0.2 else name
