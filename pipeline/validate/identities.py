"""Arithmetic identities (expectations/identities.yaml) evaluated on each document's printed amounts.

Every binding of an identity becomes one row: the observed amount, the sum it must equal, their
difference and the rounding tolerance, in milli-yuan for the expectations and as printed for people.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

from pipeline.model import YUAN_PER_UNIT
from pipeline.validate.labels import cell, measure_label, table_title
from pipeline.validate.rows import CheckRow, money, signed
from pipeline.validate.snapshot import MILLI, Amount, Document

EXPECTATIONS_DIR = Path(__file__).resolve().parents[2] / "expectations"
IDENTITIES = EXPECTATIONS_DIR / "identities.yaml"
SUITES = ("identities_within", "identities_across")
COLUMNS = ["missing", "excess", "tolerance_milli", "unit", "tolerance_basis"]

_CHILDREN = re.compile(r"^children\((?P<parent>\d+)\)$")
_VARIABLE = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Identity:
    suite: str
    id: str
    observed: str
    expected: tuple[str, ...]
    for_each: tuple[tuple[str, str | tuple[str, ...]], ...] = ()
    compare: str = "eq"
    optional: str | None = None
    report_kinds: tuple[str, ...] = ("final",)

    @property
    def check_name(self) -> str:
        return f"{self.suite}.{self.id}"

    @property
    def tables(self) -> list[str]:
        return sorted({term.split()[0] for term in (self.observed, *self.expected)})

    @property
    def text(self) -> str:
        relation = "≤" if self.compare == "le" else "="
        return f"{self.observed} {relation} {' + '.join(self.expected)}"


@dataclass(frozen=True)
class Side:
    """The printed amounts one side of a binding sums, and how to name them."""

    label: str
    amounts: list[Amount]

    @property
    def milli(self) -> int:
        return sum(a.milli for a in self.amounts)


@cache
def load_identities(path: Path = IDENTITIES) -> tuple[Identity, ...]:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    defaults = spec.get("defaults", {})
    found = []
    for suite in SUITES:
        for entry in spec.get(suite, []):
            entry = {**defaults, **entry}
            for table in entry.pop("tables", [None]):
                found.append(_identity(suite, entry, table))
    return tuple(found)


def _identity(suite: str, entry: dict, table: str | None) -> Identity:
    def fill(text: str) -> str:
        return text.replace("{table}", table) if table else text

    for_each = tuple(
        (name, tuple(domain) if isinstance(domain, list) else fill(domain))
        for name, domain in entry.get("for_each", {}).items()
    )
    return Identity(
        suite=suite,
        id=fill(entry["id"]),
        observed=fill(entry["observed"]),
        expected=tuple(fill(t) for t in entry["expected"]),
        for_each=for_each,
        compare=entry["compare"],
        optional=entry.get("optional"),
        report_kinds=tuple(entry["report_kinds"]),
    )


def identity_rows(documents: list[Document], suite: str) -> list[CheckRow]:
    rows: list[CheckRow] = []
    for identity in (i for i in load_identities() if i.suite == suite):
        for doc in documents:
            rows.extend(_evaluate(identity, doc))
    return rows


def _evaluate(identity: Identity, doc: Document) -> list[CheckRow]:
    if doc.report_kind not in identity.report_kinds:
        return [_not_applicable(identity, doc)]
    missing = [t for t in identity.tables if t not in doc.tables]
    if missing:
        return [_missing(identity, doc, table) for table in missing]
    rows = []
    names = [name for name, _ in identity.for_each]
    domains = [_domain(doc, domain) for _, domain in identity.for_each]
    for values in itertools.product(*domains):
        binding = dict(zip(names, values, strict=True))
        row = _binding_row(identity, doc, binding)
        if row:
            rows.append(row)
    return rows


def _domain(doc: Document, domain: str | tuple[str, ...]) -> list[str]:
    if isinstance(domain, tuple):
        return list(domain)
    kind, *tables = domain.split()
    if kind == "lines":
        return sorted(set().union(*(doc.lines(t) for t in tables)))
    if kind == "classes":
        return sorted({line for t in tables for line in doc.lines(t) if _is_code(line, 3)})
    if kind == "measures":
        return sorted(set().union(*(doc.measures(t) for t in tables)))
    if kind == "parents":
        # Every code above the deepest level the table prints: a 款 whose 项 rows all went missing still
        # has to add up (to nothing), which is how a lost row shows.
        (table,) = tables
        codes = {line for line in doc.lines(table) if line.isdigit()}
        deepest = max(map(len, codes), default=0)
        return sorted(c for c in codes if len(c) < deepest)
    raise ValueError(f"unknown for_each domain {domain!r}")


def _binding_row(identity: Identity, doc: Document, binding: dict[str, str]) -> CheckRow | None:
    observed_term = _bind(identity.observed, binding)
    observed = _side(doc, observed_term)
    expected = [_side(doc, _bind(term, binding)) for term in identity.expected]
    printed_expected = [side for side in expected if side.amounts]
    if not observed.amounts and not printed_expected:
        return None
    if (identity.optional == "observed" and not observed.amounts) or (
        identity.optional == "expected" and not printed_expected
    ):
        return None
    table, line, measure = observed_term.split()
    amounts = observed.amounts + [a for side in printed_expected for a in side.amounts]
    unit = _common_unit(amounts)
    difference = observed.milli - sum(side.milli for side in printed_expected)
    excess = max(difference, 0) if identity.compare == "le" else abs(difference)
    # 尾数误差: every printed amount involved is a rounding, the total too. Two cells that must be equal may differ
    # by a step (表01 221 17.19 against 表03 221 17.20, summed from rounded 项): the documents allow that.
    tolerance = sum(a.half_step_milli for a in amounts)
    relation = "≤" if identity.compare == "le" else "vs"
    expected_label = " + ".join(side.label for side in printed_expected) or "blank cells"
    shown_observed = money(_in_unit(observed.milli, unit))
    shown_expected = money(_in_unit(observed.milli - difference, unit))
    return CheckRow(
        document_id=doc.document_id,
        check_name=identity.check_name,
        subject=f"{observed.label} {shown_observed} {unit} {relation} {expected_label} {shown_expected} {unit}",
        table_code=table,
        line_key=None if _is_pattern(line) else line,
        measure=measure,
        observed=shown_observed,
        expected=shown_expected,
        difference=signed(_in_unit(difference, unit)),
        tolerance=f"{_in_unit(tolerance, unit).normalize():f}",
        pass_verdict="holds",
        judged={
            "excess": float(excess),
            "tolerance_milli": float(tolerance),
            "unit": unit,
            "tolerance_basis": tolerance_basis(amounts),
        },
    )


def tolerance_basis(amounts: list[Amount]) -> str:
    """'5 printed amounts × 0.005 万元': half the rounding step of each printed amount, summed."""
    counts: dict[tuple[Decimal, str], int] = {}
    for a in amounts:
        half = (a.step / 2 / YUAN_PER_UNIT[a.unit]).normalize()
        counts[(half, a.unit)] = counts.get((half, a.unit), 0) + 1
    return " + ".join(f"{n} printed amounts × {half:f} {unit}" for (half, unit), n in counts.items())


def _side(doc: Document, term: str) -> Side:
    table, line, measure = term.split()
    if line == "classes":
        codes = sorted(c for c in doc.lines(table) if _is_code(c, 3))
        return _pattern_side(doc, table, measure, codes, "Σ类")
    children = _CHILDREN.match(line)
    if children:
        parent = children.group("parent")
        codes = sorted(c for c in doc.lines(table) if _is_child(c, parent))
        return _pattern_side(doc, table, measure, codes, f"{parent} 的 Σ{'款' if len(parent) == 3 else '项'}")
    amount = doc.amount(table, line, measure)
    return Side(cell(doc, table, line, measure), [amount] if amount else [])


def _pattern_side(doc: Document, table: str, measure: str, codes: list[str], what: str) -> Side:
    amounts = [a for c in codes if (a := doc.amount(table, c, measure))]
    printed = ", ".join(c for c in codes if doc.amount(table, c, measure)) or "none printed"
    return Side(f"表{table} {what} ({printed}) {measure_label(table, measure)}", amounts)


def _not_applicable(identity: Identity, doc: Document) -> CheckRow:
    return CheckRow(
        document_id=doc.document_id,
        check_name=identity.check_name,
        subject=f"{identity.text}: a {'/'.join(identity.report_kinds)} identity",
        severity="warning",
        not_applicable=True,
        pass_verdict=f"not applicable to {doc.report_kind} documents",
    )


def _missing(identity: Identity, doc: Document, table: str) -> CheckRow:
    return CheckRow(
        document_id=doc.document_id,
        check_name=identity.check_name,
        subject=identity.text,
        table_code=table,
        judged={"missing": f"表{table} {table_title(table)} is not in this document"},
    )


def _bind(term: str, binding: dict[str, str]) -> str:
    return _VARIABLE.sub(lambda m: binding[m.group(1)], term)


def _common_unit(amounts: list[Amount]) -> str:
    units = {a.unit for a in amounts}
    return units.pop() if len(units) == 1 else "元"


def _in_unit(milli: int, unit: str) -> Decimal:
    return Decimal(milli) / MILLI / YUAN_PER_UNIT[unit]


def _is_code(line: str, length: int) -> bool:
    return line.isdigit() and len(line) == length


def _is_child(code: str, parent: str) -> bool:
    return code.isdigit() and len(code) == len(parent) + 2 and code.startswith(parent)


def _is_pattern(line: str) -> bool:
    return line == "classes" or bool(_CHILDREN.match(line))
