"""Staged documents: one Parquet file of facts and one JSON file of the rest, per document.

Extraction runs in parallel and ends in these files; only the load step opens the warehouse.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.model import ExtractedDocument, Fact, PageText, Status, Subject, TableFound

_FACT_SCHEMA = pa.schema(
    [
        ("table_code", pa.string()),
        ("line_key", pa.string()),
        ("measure", pa.string()),
        ("amount", pa.string()),  # the printed digits; Decimal round-trips exactly through text
        ("amount_unit", pa.string()),
        ("page", pa.int32()),
        ("row_label", pa.string()),
        ("provenance", pa.string()),
    ]
)


def write_staged(doc: ExtractedDocument, staged_dir: Path) -> Path:
    """Write atomically (temp file + rename) so a crashed worker never leaves half a document."""
    staged_dir.mkdir(parents=True, exist_ok=True)
    meta = asdict(doc)
    meta.pop("facts")
    meta["status"] = str(doc.status)
    facts = pa.Table.from_pylist([{**asdict(f), "amount": str(f.amount)} for f in doc.facts], schema=_FACT_SCHEMA)
    parquet = staged_dir / f"{doc.document_id}.parquet"
    pq.write_table(facts, _tmp(parquet))
    os.replace(_tmp(parquet), parquet)
    target = staged_dir / f"{doc.document_id}.json"
    _tmp(target).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    os.replace(_tmp(target), target)
    return target


def read_staged(meta_path: Path) -> ExtractedDocument:
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    rows = pq.read_table(meta_path.with_suffix(".parquet")).to_pylist()
    return ExtractedDocument(
        **{
            **meta,
            "status": Status(meta["status"]),
            "facts": [Fact(**{**r, "amount": Decimal(r["amount"])}) for r in rows],
            "tables": [TableFound(**t) for t in meta["tables"]],
            "subjects": [Subject(**s) for s in meta["subjects"]],
            "pages": [PageText(**p) for p in meta["pages"]],
        }
    )


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")
