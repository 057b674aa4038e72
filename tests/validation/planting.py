"""Deliberately wrong copies of clean documents: one planted error each, and what validation must say about it.

Three kinds of error, each placed at random by a seeded generator:
- cell       one printed amount that some identity reads, changed by a non-trivial amount
- stated     one amount the narrative states, changed wherever the text states it
- direction  one 大于/小于 of a 决算数 vs 预算数 comparison turned into the other
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from pathlib import Path

from pipeline.model import YUAN_PER_UNIT, ExtractedDocument, Fact
from pipeline.validate.identities import SUITES, identity_rows
from pipeline.validate.narrative import narrative_rows
from pipeline.validate.snapshot import Amount, Document, read_snapshot

from .validation_fixtures import build_warehouse, variant, with_facts

KINDS = ("cell", "stated", "direction")
CENT = Decimal("0.01")
# A planted change of a cell, in 万元: far beyond any sum of rounding steps, and a whole number of 100 元 in
# tables printed in 元, so that it does not change the step the table's amounts were rounded at.
CHANGE_CENTS = (50, 50_000)
_DIRECTION = re.compile(r"决\s*算\s*数?\s*(?P<word>大\s*于|小\s*于)")
_SWAPPED = {"大于": "小于", "小于": "大于"}


@dataclass(frozen=True)
class Plant:
    """A copy with one planted error, and where validation must report it."""

    doc: ExtractedDocument
    base: str  # document_id of the clean copy it was made from
    kind: str
    printed: str  # the amount or words now printed there
    table: str | None = None
    line: str | None = None
    measure: str | None = None
    change: Decimal | None = None  # a planted cell: how far it moved, in the table's unit
    readings: frozenset[tuple[str, str, str, str]] = frozenset()  # stated: (check, table, line, measure) reading it


def plant(kind: str, doc: ExtractedDocument, checked: Document, rng: random.Random, suffix: str) -> Plant:
    """`doc` with one error of `kind`; `checked` is the same document as validation reads it."""
    return {"cell": _cell, "stated": _stated, "direction": _direction}[kind](doc, checked, rng, suffix)


def _cell(doc: ExtractedDocument, checked: Document, rng: random.Random, suffix: str) -> Plant:
    summed = _identity_cells(checked)
    fact = rng.choice(sorted((f for f in doc.facts if _key(f) in summed), key=_key))
    change = Decimal(rng.randint(*CHANGE_CENTS)) * CENT * YUAN_PER_UNIT["万元"] / YUAN_PER_UNIT[fact.amount_unit]
    if fact.amount >= change and rng.random() < 0.5:
        change = -change
    amount = str(fact.amount + change)
    return Plant(
        variant(with_facts(doc, {_key(fact): amount}), suffix), doc.document_id, "cell", amount, *_key(fact), change
    )


def _stated(doc: ExtractedDocument, checked: Document, rng: random.Random, suffix: str) -> Plant:
    readings: dict[str, set[tuple[str, str, str, str]]] = {}
    for row in narrative_rows([checked]):
        if row.table_code and row.observed and row.judged.get("excess") == 0 and _in_text(doc, row.observed):
            readings.setdefault(row.observed, set()).add((row.check_name, row.table_code, row.line_key, row.measure))
    stated = rng.choice(sorted(readings))
    value = Decimal(stated.replace(",", ""))
    step = Decimal(1).scaleb(value.as_tuple().exponent)
    changed = value + max((value * Decimal(rng.uniform(0.1, 0.9))).quantize(step), Decimal(1))
    printed = f"{changed:,}" if "," in stated else f"{changed}"
    pages = [replace(p, text=_number(stated).sub(printed, p.text)) for p in doc.pages]
    return Plant(
        variant(replace(doc, pages=pages), suffix),
        doc.document_id,
        "stated",
        printed,
        readings=frozenset(readings[stated]),
    )


def _direction(doc: ExtractedDocument, checked: Document, rng: random.Random, suffix: str) -> Plant:
    found = [
        (i, m)
        for i, p in enumerate(doc.pages)
        if p.page not in checked.table_pages
        for m in _DIRECTION.finditer(p.text)
    ]
    index, match = rng.choice(found)
    word = _SWAPPED[re.sub(r"\s", "", match.group("word"))]
    page = doc.pages[index]
    text = page.text[: match.start("word")] + word + page.text[match.end("word") :]
    pages = [*doc.pages[:index], replace(page, text=text), *doc.pages[index + 1 :]]
    return Plant(variant(replace(doc, pages=pages), suffix), doc.document_id, "direction", word)


@dataclass
class _Traced(Document):
    """The document, noting every printed cell read."""

    read: set[tuple[str, str, str]] = field(default_factory=set)

    def amount(self, table: str, line: str, measure: str) -> Amount | None:
        found = super().amount(table, line, measure)
        if found:
            self.read.add((table, line, measure))
        return found


def _identity_cells(checked: Document) -> set[tuple[str, str, str]]:
    """The printed cells some identity of the document's kind sums or compares (a budget's 机关运行经费 none)."""
    traced = _Traced(**{f.name: getattr(checked, f.name) for f in fields(Document)})
    for suite in SUITES:
        identity_rows([traced], suite)
    return traced.read


def _key(fact: Fact) -> tuple[str, str, str]:
    return (fact.table_code, fact.line_key, fact.measure)


def _number(printed: str) -> re.Pattern[str]:
    """A stated amount wherever the text prints it, even broken over lines ('2\\r\\n.18 万元')."""
    digits = r"\s*".join(map(re.escape, printed))
    return re.compile(rf"(?<![\d.,]){digits}(?=\s*万?\s*元)")


def _in_text(doc: ExtractedDocument, printed: str) -> bool:
    return any(_number(printed).search(p.text) for p in doc.pages)


def planted_copies(
    bases: dict[str, ExtractedDocument], cases: Iterable[tuple[int, str, str]], folder: Path
) -> dict[tuple[int, str, str], Plant]:
    """(seed, base name, kind) → a copy of that base with one error of that kind, placed at random by that seed."""
    checked = {d.document_id: d for d in read_snapshot(build_warehouse(folder / "bases.duckdb", [*bases.values()]))}
    return {
        (seed, name, kind): plant(
            kind,
            bases[name],
            checked[bases[name].document_id],
            random.Random(f"{seed}/{name}/{kind}"),
            f"{kind}-{seed}",
        )
        for seed, name, kind in cases
    }
