"""Shared fixtures: the read-only shared corpus beside the repo, and warehouses built from it.

The shared folder (corpus, gold, score_gold.py) is `../shared`, or wherever $DW_SHARED points.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from fpdf import FPDF

from pipeline.ocr import THREADS_ENV

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DW_SHARED") or ROOT.parent / "shared").resolve()
CORPUS = SHARED / "corpus"
SCORE_GOLD = SHARED / "eval" / "score_gold.py"


def pytest_configure(config: pytest.Config) -> None:
    """pytest-xdist's workers share the machine's cores: each reads scans with one onnxruntime thread
    (its command-line ingests inherit it), or each worker's pool of spinning threads, one per core,
    fights the other's."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        os.environ.setdefault(THREADS_ENV, "1")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Stop at once, saying why, when the shared corpus is not there: every corpus test would fail."""
    if not SCORE_GOLD.is_file():
        raise pytest.UsageError(
            f"shared folder not found at {SHARED} (no eval/score_gold.py): put it beside the repo as ../shared, "
            "or set DW_SHARED to its path"
        )


@dataclass(frozen=True)
class GoldDocument:
    pdf: Path
    gold: Path

    @property
    def pair(self) -> str:
        return f"{self.pdf}={self.gold}"


def gold_documents() -> list[GoldDocument]:
    """Every corpus PDF that has a gold CSV, found by name (no list of files to keep in sync)."""
    found = []
    for gold in sorted((CORPUS / "gold").glob("*.csv")):
        pdfs = list(CORPUS.glob(f"*/{gold.stem}.pdf"))
        if pdfs:
            found.append(GoldDocument(pdfs[0], gold))
    return found


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True, timeout=600
    )


def score(warehouse: Path, documents: list[GoldDocument]) -> subprocess.CompletedProcess[str]:
    pairs = [d.pair for d in documents]
    return subprocess.run(
        [sys.executable, str(SCORE_GOLD), "--warehouse", str(warehouse), *pairs], capture_output=True, text=True
    )


@pytest.fixture(scope="session")
def corpus_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole shared corpus ingested once through the CLI, as a user would."""
    warehouse = tmp_path_factory.mktemp("corpus") / "warehouse.duckdb"
    result = run_cli("ingest", str(CORPUS), "--warehouse", str(warehouse))
    assert result.returncode == 0, result.stderr
    return warehouse


SHEET = (841.89, 595.28)  # A4 landscape, points


def landscape_sheets(path: Path, folded: list[bool]) -> None:
    """Landscape sheets of lines of text: folded, two pages' lines side by side, a gutter down the middle;
    else lines across the whole sheet."""
    pdf = FPDF(unit="pt", format=SHEET)
    pdf.set_font("helvetica", size=9)
    for fold in folded:
        pdf.add_page()
        for row in range(20):
            y = 60 + 20 * row
            if fold:
                pdf.text(40, y, f"left page line {row} label")
                pdf.text(SHEET[0] / 2 + 40, y, f"right page line {row} label")
            else:
                pdf.text(40, y, f"one line {row} across the sheet " + "and on " * 18)
    pdf.output(str(path))
