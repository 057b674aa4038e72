"""`python -m benchmarks` at tiny sizes: every phase runs, and what it prints and writes is complete and positive.

Not a timed test: it checks the bench works, not how fast the pipeline is.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from generator.layout import VARIANTS
from tests.conftest import ROOT
from tests.ocr.scans import table_document

TINY = ["--generated", "2", "--scanned", "0", "--baseline-docs", "1", "--batch", "3", "--workers", "2"]


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    tmp = tmp_path_factory.mktemp("bench")
    (tmp / "corpus").mkdir()  # no real PDFs: the generated ones are enough and keep the baseline short
    # a scan of two tables' pages, not a generated document of twenty: the phase is the same, its OCR brief
    scan = table_document(tmp, "scan", "whhp-dsjzx-2022-final", VARIANTS["huangpi"], ("01", "09")).pdf
    out = tmp / "figures.json"
    paths = ["--scanned-sample", str(scan), "--corpus", str(tmp / "corpus"), "--json", str(out)]
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", *TINY, *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout, json.loads(out.read_text())


def number(stdout: str, label: str) -> float:
    """The first figure printed on the table row that starts with `label`."""
    match = re.search(rf"^{re.escape(label)}\s+([0-9.]+)", stdout, re.MULTILINE)
    assert match, f"no row {label!r} in:\n{stdout}"
    return float(match.group(1))


def test_every_phase_ran(bench):
    _, figures = bench
    assert figures["failed_phases"] == []
    assert {"generation", "ingest", "baseline", "scanned", "batch", "machine"} <= figures.keys()
    assert figures["generation"]["batch"]["count"] == 3 and figures["generation"]["batch"]["seconds"] > 0


def test_ingest_figures(bench):
    stdout, figures = bench
    ingest = figures["ingest"]
    assert ingest["documents"] == 2 and not ingest["skipped"]
    assert 0 < ingest["median_seconds"] <= ingest["p90_seconds"]
    assert ingest["median_extract_seconds"] > 0 and ingest["whole_set_seconds_per_doc"] > 0
    assert 0 < ingest["peak_rss_mb"] < 64 * 1024
    assert number(stdout, "ingest s/doc, median (p90)") == pytest.approx(ingest["median_seconds"], abs=1e-3)
    assert number(stdout, "peak RSS, single-worker ingest (MB)") > 0


def test_baseline_figures(bench):
    stdout, figures = bench
    baseline = figures["baseline"]
    assert baseline["documents"] == 1
    assert baseline["median_seconds"] > 0 and baseline["ratio_same_docs"] > 0
    assert "baseline camelot s/doc, median of 1" in stdout
    assert number(stdout, "  ratio baseline/pipeline (same docs)") == pytest.approx(
        baseline["ratio_same_docs"], abs=0.1
    )


def test_scanned_figures(bench):
    stdout, figures = bench
    scanned = figures["scanned"]
    # the generated scanned document is an image on every page, cover and narrative included
    assert scanned["documents"] == scanned["whole_scans"] == 1
    assert 0 < scanned["scanned_pages"] == scanned["pages"] == scanned["whole_scan_pages"]
    assert scanned["whole_scan_pages_per_second"] > 0
    assert scanned["pages_per_second"] == pytest.approx(scanned["whole_scan_pages_per_second"])
    label = f"scanned docs pages/s, one core (1 docs, {scanned['pages']} pages)"
    assert number(stdout, label) == pytest.approx(scanned["whole_scan_pages_per_second"], abs=0.01)


def test_batch_figures(bench):
    stdout, figures = bench
    batch = figures["batch"]
    assert batch["success"] and batch["documents"] == 3 and batch["steps"]["stage_steps"] == 3
    assert batch["documents_per_minute"] > 0 and batch["seconds"] > 0
    assert batch["peak_rss_largest_process_mb"] > 0 and batch["peak_memory_all_processes_mb"] > 0
    assert number(stdout, "batch docs/min (3 docs, 2 workers, forkserver)") == pytest.approx(
        batch["documents_per_minute"], abs=0.1
    )
