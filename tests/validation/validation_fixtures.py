"""Warehouses built from the corpus gold: the facts exactly as printed, the page text as the extractor stores it.

The extractor is tested against the same gold elsewhere; here it is bypassed so that validation is tested
on known facts, including copies with a planted error, a missing table or another report kind.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium

from pipeline import vocab
from pipeline.model import ExtractedDocument, Fact, PageText, Status, Subject, TableFound
from pipeline.text import norm_label
from pipeline.validate.snapshot import Document, read_snapshot
from pipeline.warehouse import load_document, writer
from tests.conftest import CORPUS

TABLE_CODES = [f"{n:02d}" for n in range(1, 10)]
_HEADING_YEAR = re.compile(r"(\d{4})\s*年度")
_HEADING_UNIT = re.compile(r"部门[:：]\s*(\S+)")
_EMPTY_NOTE = re.compile(r"[^\n]*(?:本表无数据|没有|无)[^\n]*(?:支出|收入)[^\n]*")


@dataclass(frozen=True)
class Gold:
    """A PDF with its gold facts, and what its cover says."""

    name: str
    unit_name: str
    fiscal_year: int
    pdf: Path
    csv: Path
    report_kind: str = "final"


def corpus_gold(name: str, folder: str, unit_name: str, fiscal_year: int) -> Gold:
    return Gold(name, unit_name, fiscal_year, CORPUS / folder / f"{name}.pdf", CORPUS / "gold" / f"{name}.csv")


def generated_gold(folder: Path) -> list[Gold]:
    """The documents `python -m generator variants --out folder` wrote, as its manifest lists them."""
    manifest = json.loads((folder / "gold" / "manifest.json").read_text(encoding="utf-8"))
    return [
        Gold(
            d["name"],
            d["unit_name"],
            d["fiscal_year"],
            folder / f"{d['name']}.pdf",
            folder / "gold" / f"{d['name']}.csv",
            d["report_kind"],
        )
        for d in manifest["documents"]
    ]


DSJZX = corpus_gold("whhp-dsjzx-2022-final", "huangpi", "武汉市黄陂区大数据中心（本级）", 2022)
SJZYFWZX = corpus_gold("whhp-sjzyfwzx-2023-final", "huangpi", "武汉市黄陂区数据资源服务中心", 2023)
PUTUO = corpus_gold("shpt-czj-2024-final", "putuo", "上海市普陀区财政局", 2024)
GOLD = (DSJZX, SJZYFWZX, PUTUO)

# Deliberately planted errors in copies of DSJZX: suffix → (cell, change). Each must come out as an error.
PLANTED = {
    "planted-03": (("03", "2013750", "basic"), "10.00"),
    "planted-06": (("06", "30107", "actual"), "-10.00"),
    "planted-01": (("01", "inc.total", "actual"), "10.00"),
    "planted-05-small": (("05", "2210201", "total"), "0.05"),
}


@cache
def _pages(pdf: Path) -> tuple[PageText, ...]:
    document = pdfium.PdfDocument(pdf)
    try:
        return tuple(PageText(i + 1, page.get_textpage().get_text_range()) for i, page in enumerate(document))
    finally:
        document.close()


@cache
def _gold_rows(path: Path) -> tuple[dict[str, str], ...]:
    with path.open(encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


def gold_document(gold: Gold) -> ExtractedDocument:
    """The document as a perfect extractor would hand it to the warehouse."""
    rows = _gold_rows(gold.csv)
    pages = list(_pages(gold.pdf))
    facts = [
        Fact(r["table_code"], r["line_key"], r["measure"], Decimal(r["amount"]), r["amount_unit"], int(r["page"]))
        for r in rows
    ]
    return ExtractedDocument(
        document_id=gold.name,
        sha256=hashlib.sha256(gold.pdf.read_bytes()).hexdigest(),
        source_uri=str(gold.pdf),
        file_name=gold.pdf.name,
        status=Status.LOADED,
        unit_name=gold.unit_name,
        fiscal_year=gold.fiscal_year,
        report_kind=gold.report_kind,
        n_pages=len(pages),
        facts=facts,
        tables=[_table(code, facts, pages, gold.report_kind) for code in TABLE_CODES],
        subjects=_subjects(rows),
        pages=pages,
    )


def _table(code: str, facts: list[Fact], pages: list[PageText], report_kind: str) -> TableFound:
    fact_pages = sorted({f.page for f in facts if f.table_code == code})
    first = fact_pages[0] if fact_pages else _title_page(code, pages, report_kind)
    text = pages[first - 1].text
    year = _HEADING_YEAR.search(text)
    unit = _HEADING_UNIT.search(text)
    note = None if fact_pages else _EMPTY_NOTE.search(text)
    return TableFound(
        table_code=code,
        title=code,
        pages=fact_pages or [first],
        amount_unit=next((f.amount_unit for f in facts if f.table_code == code), "万元"),
        heading_unit_name=unit.group(1) if unit else None,
        heading_year=int(year.group(1)) if year else None,
        note=note.group(0).strip() if note else None,
        n_facts=sum(f.table_code == code for f in facts),
    )


def _title_page(code: str, pages: list[PageText], report_kind: str) -> int:
    labels = [label for label, c, kind in vocab.titles() if c == code and kind == report_kind]
    for page in pages:
        flat = norm_label(page.text)
        if "目录" not in flat and any(label in flat for label in labels):
            return page.page
    raise LookupError(f"table {code} not found")


def _subjects(rows: tuple[dict[str, str], ...]) -> list[Subject]:
    kinds = {"02": "function", "03": "function", "05": "function", "06": "economic"}
    return [
        Subject(r["line_key"], r["row_label"], kinds[r["table_code"]])
        for r in rows
        if r["table_code"] in kinds and r["line_key"].isdigit()
    ]


def variant(doc: ExtractedDocument, suffix: str, **changes) -> ExtractedDocument:
    """A copy under another id (and unit name, so that it does not supersede the original)."""
    return replace(
        doc,
        document_id=f"{doc.document_id}-{suffix}",
        sha256=hashlib.sha256(f"{doc.sha256}-{suffix}".encode()).hexdigest(),
        unit_name=f"{doc.unit_name}（{suffix}）",
        **changes,
    )


def planted(doc: ExtractedDocument, cell: tuple[str, str, str], delta: str, suffix: str) -> ExtractedDocument:
    """A copy with one printed amount changed by `delta`, as a deliberately planted error."""
    (printed,) = [f.amount for f in doc.facts if (f.table_code, f.line_key, f.measure) == cell]
    return variant(with_facts(doc, {cell: str(printed + Decimal(delta))}), suffix)


def without_table(doc: ExtractedDocument, table: str) -> ExtractedDocument:
    return variant(
        doc,
        f"no{table}",
        facts=[f for f in doc.facts if f.table_code != table],
        tables=[t for t in doc.tables if t.table_code != table],
    )


def with_unknown_keys(doc: ExtractedDocument) -> ExtractedDocument:
    """Two cells no contract allows: a function code of no known class, a measure table 02 does not have."""
    extra = [
        Fact("02", "2990101", "total", Decimal("0.00"), "万元", 6),
        Fact("02", "total", "grants", Decimal("0.00"), "万元", 6),
    ]
    return replace(doc, facts=[*doc.facts, *extra])


def build_warehouse(path: Path, documents: list[ExtractedDocument]) -> Path:
    with writer(path) as con:
        for doc in documents:
            load_document(con, doc)
    return path


def with_facts(doc: ExtractedDocument, amounts: dict[tuple[str, str, str], str]) -> ExtractedDocument:
    """The same document with some cells printed differently: (table, line, measure) → amount."""
    facts = [
        replace(f, amount=Decimal(amounts[key])) if (key := (f.table_code, f.line_key, f.measure)) in amounts else f
        for f in doc.facts
    ]
    assert sum(f != g for f, g in zip(facts, doc.facts, strict=True)) == len(amounts), "a cell to change is missing"
    return replace(doc, facts=facts)


def with_text(doc: ExtractedDocument, printed: str, instead: str) -> ExtractedDocument:
    assert any(printed in p.text for p in doc.pages), f"{printed!r} is not in the text"
    return replace(doc, pages=[replace(p, text=p.text.replace(printed, instead)) for p in doc.pages])


def in_yuan(doc: ExtractedDocument) -> ExtractedDocument:
    """Every table printed in 元 instead of 万元 (the narrative still says 万元, as publishers do)."""
    assert {f.amount_unit for f in doc.facts} == {"万元"}
    return replace(
        doc,
        facts=[replace(f, amount=f.amount * 10000, amount_unit="元") for f in doc.facts],
        tables=[replace(t, amount_unit="元") for t in doc.tables],
    )


def read_document(warehouse: Path, document_id: str) -> Document:
    """One loaded document as validation reads it."""
    (doc,) = read_snapshot(warehouse, [document_id]).documents
    return doc
