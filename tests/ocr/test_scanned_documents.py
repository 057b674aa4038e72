"""Scanned and mixed documents extract exactly: the command line ingests them, score_gold finds every fact.

Generated documents cut down to a few table pages keep the test fast; each is scanned slightly turned,
grey, noisy, dusty and JPEG-compressed (generator.scan), in a ruled and an unruled layout. The mixed
document is the sample whose tables 01 and 05 are scans and whose other pages keep their text layer.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from generator.layout import VARIANTS
from tests.conftest import ROOT, GoldDocument, run_cli, score

from .scans import table_document

MIXED = GoldDocument(
    ROOT / "data" / "samples" / "fictitious-2023-scanned.pdf",
    ROOT / "data" / "samples" / "gold" / "fictitious-2023-scanned.csv",
)
MIXED_SCANNED_PAGES = {5, 10}


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> dict[str, GoldDocument]:
    folder = tmp_path_factory.mktemp("scans")
    return {
        # ruled grid, 行次 and 栏次, 万元 with two decimals
        "ruled": table_document(folder, "ruled", "whhp-dsjzx-2022-final", VARIANTS["huangpi"], ("01", "05")),
        # no rules at all, amounts in 元, — for empty cells, indented subject names
        "unruled": table_document(
            folder, "unruled", "shpt-czj-2024-final", VARIANTS["no_rules_flat"], ("01", "05"), seed=2
        ),
    }


@pytest.fixture(scope="module")
def warehouse(scanned: dict[str, GoldDocument], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every document of this module ingested in one run, as a user would: the OCR models load once."""
    folder = tmp_path_factory.mktemp("inbox")
    for document in [*scanned.values(), MIXED]:
        shutil.copy(document.pdf, folder / document.pdf.name)
    path = folder / "warehouse.duckdb"
    result = run_cli("ingest", str(folder), "--warehouse", str(path))
    assert result.returncode == 0, result.stderr
    return path


def _provenance(warehouse: Path, document: GoldDocument) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "SELECT provenance, count(*) FROM fact_amount JOIN documents USING (document_id)"
            " WHERE file_name = ? GROUP BY provenance",
            [document.pdf.name],
        ).fetchall()
    return dict(rows)


@pytest.mark.parametrize("layout", ["ruled", "unruled"])
def test_scanned_document_extracts_exactly(scanned, warehouse, layout: str) -> None:
    result = score(warehouse, [scanned[layout]])
    assert result.returncode == 0, result.stdout
    assert set(_provenance(warehouse, scanned[layout])) == {"ocr"}  # every amount was read by OCR, none doubted


def test_mixed_document_extracts_exactly(warehouse) -> None:
    result = score(warehouse, [MIXED])
    assert result.returncode == 0, result.stdout
    assert set(_provenance(warehouse, MIXED)) == {"ocr", "text"}


def test_mixed_document_records_which_pages_were_scanned(warehouse) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        pages = con.execute(
            "SELECT DISTINCT page FROM fact_amount JOIN documents USING (document_id)"
            " WHERE file_name = ? AND provenance = 'ocr'",
            [MIXED.pdf.name],
        ).fetchall()
    assert {p for (p,) in pages} == MIXED_SCANNED_PAGES
