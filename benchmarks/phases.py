"""The measurements, each run in a child process of its own: `python -m benchmarks.phases NAME SPEC OUT`.

SPEC and OUT are JSON files: what to measure, and what was measured (with the process's own
getrusage high-water marks). A phase that raises writes {"error": ...} and exits 1.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import sys
import time
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

TEXT_STATUSES = ("loaded", "superseded")  # documents the pipeline read; rejected and failed ones are not timed


def rusage_mb() -> dict[str, float]:
    """High-water RSS of this process, and of the largest child it has waited for (Linux: KiB)."""
    return {
        "self_max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "children_max_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def quiet() -> None:
    """Per-table reading notes (pipeline warnings) and camelot's UserWarnings are not benchmark output."""
    logging.basicConfig(level=logging.ERROR)
    warnings.simplefilter("ignore")


def timed_ingest(path: Path, warehouse: Path) -> dict[str, Any]:
    """One document through the CLI's own call (`ingest_paths`, in this warm process): extract, normalise, load."""
    from pipeline.ingest import ingest_paths

    record: dict[str, Any] = {"file": path.name, "path": str(path), "document_id": "", "extract_seconds": 0.0}
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        summary = ingest_paths([path], warehouse, workers=0)[0]
    except Exception as exc:  # the CLI would stop here too; the bench records it and goes on
        record.update(status="raised", error=f"{type(exc).__name__}: {exc}", facts=0)
    else:
        record.update(document_id=summary.document_id, status=summary.status, error=summary.error)
        record.update(extract_seconds=summary.seconds, facts=summary.facts_loaded)
    record.update(seconds=time.perf_counter() - wall, cpu_seconds=time.process_time() - cpu)
    return record


def page_counts(warehouse: Path) -> dict[str, tuple[int, int]]:
    """document_id → (pages, scanned pages) as the warehouse recorded them."""
    import duckdb

    if not warehouse.exists():
        return {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "SELECT d.document_id, coalesce(d.n_pages, 0), count(t.page) FILTER (WHERE t.scanned) "
            "FROM documents d LEFT JOIN document_text t USING (document_id) GROUP BY ALL"
        ).fetchall()
    return {doc: (int(pages), int(scanned)) for doc, pages, scanned in rows}


def ingest_each(paths: list[Path], warehouse: Path) -> list[dict[str, Any]]:
    """Ingest the documents one by one into one warehouse; each record gains its page counts."""
    records = [timed_ingest(path, warehouse) for path in paths]
    counts = page_counts(warehouse)
    for record in records:
        record["pages"], record["scanned_pages"] = counts.get(record["document_id"], (0, 0))
    return records


def warm_up(path: Path, work: Path) -> float:
    """Ingest one document untimed into a throwaway warehouse: imports, fonts, vocabularies, caches."""
    return timed_ingest(path, work / "warmup" / "warehouse.duckdb")["seconds"]


def ingest_phase(spec: dict[str, Any]) -> dict[str, Any]:
    """Seconds per document, each ingested alone into a fresh warehouse; then the set in one call."""
    from pipeline.ingest import ingest_paths

    work, paths = Path(spec["work"]), [Path(p) for p in spec["paths"]]
    warmup = warm_up(paths[0], work)
    documents = ingest_each(paths, work / "each" / "warehouse.duckdb")
    read = [Path(d["path"]) for d in documents if d["status"] in TEXT_STATUSES and not d["scanned_pages"]]
    started = time.perf_counter()
    try:
        ingest_paths(read, work / "whole" / "warehouse.duckdb", workers=0)
    except Exception as exc:
        error, read = f"{type(exc).__name__}: {exc}", []
    else:
        error = None
    whole = time.perf_counter() - started
    return {
        "warmup_seconds": warmup,
        "documents": documents,
        "whole_set_seconds": whole,
        "whole_set_documents": len(read),
        "whole_set_error": error,
    }


def baseline_phase(spec: dict[str, Any]) -> dict[str, Any]:
    """camelot.read_pdf(path, pages="all") with its defaults (lattice) and nothing else, per document."""
    import camelot

    paths = [Path(p) for p in spec["paths"]]
    started = time.perf_counter()
    camelot.read_pdf(str(paths[0]), pages="1")  # warm-up: camelot's lazy imports and backends
    warmup = time.perf_counter() - started
    documents = []
    for path in paths:
        wall, cpu = time.perf_counter(), time.process_time()
        tables = camelot.read_pdf(str(path), pages="all")
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        documents.append(
            {"file": path.name, "path": str(path), "seconds": wall, "cpu_seconds": cpu, "tables": len(tables)}
        )
    return {"warmup_seconds": warmup, "documents": documents}


def load_ocr_models() -> float:
    """Load the OCR models before timing, as a worker that has read one scan already holds them."""
    from pipeline.ocr import load_models

    started = time.perf_counter()
    load_models()
    return time.perf_counter() - started


def scanned_phase(spec: dict[str, Any]) -> dict[str, Any]:
    """Whole-document ingest of scanned PDFs in one process on one core, OCR included; pages per second.

    One core: the OCR models run one thread each (OCR_THREADS, read when the engine loads) and so does OpenCV.
    """
    import cv2

    from pipeline.ocr import THREADS_ENV

    os.environ[THREADS_ENV] = "1"
    cv2.setNumThreads(1)
    work, paths = Path(spec["work"]), [Path(p) for p in spec["paths"]]
    warmup = warm_up(Path(spec["warmup"]), work)
    models = load_ocr_models()
    documents = ingest_each(paths, work / "scanned" / "warehouse.duckdb")
    return {"warmup_seconds": warmup, "ocr_model_load_seconds": models, "documents": documents}


def batch_phase(spec: dict[str, Any]) -> dict[str, Any]:
    """The `batch_ingest` Dagster job over a folder, with the multiprocess executor."""
    import dagster as dg

    from benchmarks.dagster_batch import batch_job, batch_run_config, status_counts, step_failures, step_seconds

    work = Path(spec["work"])
    home = work / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    os.environ["DAGSTER_HOME"] = str(home)
    run_config = batch_run_config(spec["folder"], work, spec["workers"], spec["start_method"])
    with dg.DagsterInstance.local_temp(str(home), overrides={"telemetry": {"enabled": False}}) as instance:
        started = time.perf_counter()
        result = dg.execute_job(dg.reconstructable(batch_job), instance=instance, run_config=run_config)
        seconds = time.perf_counter() - started
        steps = step_seconds(instance, result.run_id)
    return {
        "success": result.success,
        "failures": step_failures(result),
        "seconds": seconds,
        "statuses": status_counts(work / "warehouse.duckdb"),
        "steps": steps,
        "workers": spec["workers"],
        "start_method": spec["start_method"],
    }


PHASES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "ingest": ingest_phase,
    "baseline": baseline_phase,
    "scanned": scanned_phase,
    "batch": batch_phase,
}


def main(argv: list[str]) -> int:
    name, spec_path, out_path = argv
    quiet()
    try:
        result = PHASES[name](json.loads(Path(spec_path).read_text()))
    except Exception as exc:
        traceback.print_exc()
        result, code = {"error": f"{type(exc).__name__}: {exc}"}, 1
    else:
        code = 0
    result["rusage"] = rusage_mb()
    Path(out_path).write_text(json.dumps(result, indent=1))
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
