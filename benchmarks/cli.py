"""`python -m benchmarks`: generate the documents, run each measurement in its own process, print the figures.

1. seconds per document (median, p90): full ingest of the corpus's text-layer PDFs and generated ones;
2. the baseline: camelot.read_pdf(pages="all") on some of the same documents, and baseline/pipeline;
3. pages per second for scanned documents, OCR included;
4. peak memory of the single-worker ingest of the whole set;
5. documents per minute for a generated batch through the Dagster `batch_ingest` job (multiprocess).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.procs import ROOT, PhaseRun, child_env, log_tail, run_command, run_phase

CORPUS = Path(os.environ.get("DW_SHARED") or ROOT.parent / "shared") / "corpus"  # where the tests find it
SCANNED_SAMPLE = ROOT / "data" / "samples" / "fictitious-2023-scanned.pdf"
TEXT_STATUSES = ("loaded", "superseded")
PHASES = ("ingest", "baseline", "scanned", "batch")
RATIO_GOAL = 8.0
MEMORY_GOAL_MB = 1024.0
SCAN_GOAL = 1.0  # pages per second on one core, OCR included
PYCACHE = Path(tempfile.gettempdir()) / "disclosure-bench-pycache"  # used only when PYTHONDONTWRITEBYTECODE is set


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path, default=CORPUS, help="folder of real PDFs, searched recursively")
    p.add_argument("--generated", type=int, default=20, help="generated text-layer documents added to the corpus")
    p.add_argument("--baseline-docs", type=int, default=6, help="documents for the camelot baseline, drawn evenly")
    p.add_argument("--scanned", type=int, default=2, help="generated scanned documents (besides the sample)")
    p.add_argument("--scanned-sample", type=Path, default=SCANNED_SAMPLE, help="a scanned PDF to include")
    p.add_argument("--no-sample", dest="scanned_sample", action="store_const", const=None, help="leave it out")
    p.add_argument("--batch", type=int, default=200, help="generated documents for the Dagster batch job")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="concurrent steps in the batch job")
    p.add_argument(
        "--start-method",
        choices=("forkserver", "spawn"),
        default="forkserver",
        help="how the multiprocess executor starts step processes (forkserver preloads the pipeline)",
    )
    p.add_argument("--seed", type=int, default=0, help="first generator seed")
    p.add_argument(
        "--phases",
        type=lambda text: set(text.split(",")),
        default=set(PHASES),
        help=f"comma-separated subset of {','.join(PHASES)} (the baseline needs the ingest)",
    )
    p.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder (documents, warehouses, logs)")
    args = p.parse_args(argv)
    if args.phases - set(PHASES):
        p.error(f"unknown phases: {', '.join(sorted(args.phases - set(PHASES)))}")
    return args


# --- statistics -------------------------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else 0.0


def p90(values: Sequence[float]) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=10, method="inclusive")[8]


def evenly(items: Sequence[Any], k: int) -> list[Any]:
    """k items spread evenly over the sequence, first and last included."""
    if k <= 0 or not items:
        return []
    if k == 1:
        return [items[len(items) // 2]]
    picks = sorted({round(i * (len(items) - 1) / (k - 1)) for i in range(min(k, len(items)))})
    return [items[i] for i in picks]


# --- documents ---------------------------------------------------------------------------------------


def corpus_pdfs(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf") if corpus.is_dir() else []


def generate(out: Path, count: int, seed: int, scans: list[str], env: dict[str, str], log: Path) -> dict[str, Any]:
    """`python -m generator variants` into `out` (scans: its scanning options); the PDFs written, wall seconds."""
    if count <= 0:
        return {"count": 0, "seconds": 0.0, "paths": []}
    command = [sys.executable, "-m", "generator", "variants", "--figures", "all", "--count", str(count)]
    command += ["--seed", str(seed), *scans, "--rename", "--out", str(out)]
    code, seconds = run_command(command, env, log)
    if code != 0:
        raise RuntimeError(f"generator failed (exit {code}):\n{log_tail(log)}")
    paths = sorted(out.glob("*.pdf"))
    return {"count": len(paths), "seconds": seconds, "paths": [str(p) for p in paths]}


# --- summaries of each phase -------------------------------------------------------------------------


def summarise_ingest(run: PhaseRun) -> dict[str, Any]:
    docs = run.result.get("documents", [])
    timed = [d for d in docs if d["status"] in TEXT_STATUSES and not d["scanned_pages"]]
    skipped = [
        {"file": d["file"], "why": "scanned pages" if d["scanned_pages"] else f"{d['status']}: {d['error']}"}
        for d in docs
        if d not in timed
    ]
    seconds = [d["seconds"] for d in timed]
    whole_docs = run.result.get("whole_set_documents", 0)
    return {
        "documents": len(timed),
        "skipped": skipped,
        "median_seconds": median(seconds),
        "p90_seconds": p90(seconds),
        "mean_seconds": statistics.fmean(seconds) if seconds else 0.0,
        "median_cpu_seconds": median([d["cpu_seconds"] for d in timed]),
        "median_extract_seconds": median([d["extract_seconds"] for d in timed]),
        "whole_set_seconds_per_doc": run.result.get("whole_set_seconds", 0.0) / whole_docs if whole_docs else 0.0,
        "whole_set_error": run.result.get("whole_set_error"),
        "warmup_seconds": run.result.get("warmup_seconds", 0.0),
        "peak_rss_mb": peak_single(run),
        "per_document": [{k: d[k] for k in ("file", "status", "seconds", "pages", "facts")} for d in docs],
    }


def summarise_baseline(run: PhaseRun, ingest: PhaseRun) -> dict[str, Any]:
    docs = run.result.get("documents", [])
    seconds = [d["seconds"] for d in docs]
    pipeline_by_path = {d["path"]: d["seconds"] for d in ingest.result.get("documents", [])}
    same = [pipeline_by_path[d["path"]] for d in docs if d["path"] in pipeline_by_path]
    pipeline_all = summarise_ingest(ingest)["median_seconds"]
    return {
        "documents": len(docs),
        "files": [d["file"] for d in docs],
        "median_seconds": median(seconds),
        "p90_seconds": p90(seconds),
        "median_cpu_seconds": median([d["cpu_seconds"] for d in docs]),
        "pipeline_median_seconds_same_docs": median(same),
        "ratio_same_docs": median(seconds) / median(same) if same and median(same) else 0.0,
        "ratio_vs_all_docs": median(seconds) / pipeline_all if pipeline_all else 0.0,
        "peak_rss_mb": peak_single(run),
    }


def summarise_scanned(run: PhaseRun) -> dict[str, Any]:
    """Pages per second over the documents read; the goal's figure over those scanned on every page."""
    docs = [d for d in run.result.get("documents", []) if d["status"] in TEXT_STATUSES]
    whole = [d for d in docs if d["scanned_pages"] == d["pages"] > 0]
    seconds, whole_seconds = sum(d["seconds"] for d in docs), sum(d["seconds"] for d in whole)
    pages, whole_pages = sum(d["pages"] for d in docs), sum(d["pages"] for d in whole)
    return {
        "documents": len(docs),
        "not_read": [
            f"{d['file']}: {d['status']} {d['error']}" for d in run.result.get("documents", []) if d not in docs
        ],
        "pages": pages,
        "scanned_pages": sum(d["scanned_pages"] for d in docs),
        "seconds": seconds,
        "pages_per_second": pages / seconds if seconds else 0.0,
        "whole_scans": len(whole),
        "whole_scan_pages": whole_pages,
        "whole_scan_pages_per_second": whole_pages / whole_seconds if whole_seconds else 0.0,
        "ocr_model_load_seconds": run.result.get("ocr_model_load_seconds", 0.0),
        "per_document": [
            {k: d[k] for k in ("file", "seconds", "pages", "scanned_pages", "facts")}
            for d in run.result.get("documents", [])
        ],
        "peak_rss_mb": peak_single(run),
    }


def summarise_batch(run: PhaseRun, generation: dict[str, Any]) -> dict[str, Any]:
    statuses = run.result.get("statuses", {})
    steps = run.result.get("steps", {})
    success = bool(run.result.get("success"))
    # a failed load leaves no warehouse: count the documents that got as far as staged, and say so
    documents = sum(statuses.values()) if success else steps.get("stage_steps", 0)
    seconds = run.result.get("seconds", 0.0)
    return {
        "success": success,
        "failures": run.result.get("failures", []) or ([] if success else [run.result.get("error", "run failed")]),
        "documents": documents,
        "statuses": statuses,
        "seconds": seconds,
        "documents_per_minute": documents / seconds * 60 if seconds else 0.0,
        "workers": run.result.get("workers"),
        "start_method": run.result.get("start_method"),
        "steps": steps,
        "peak_rss_largest_process_mb": peak_single(run),
        "peak_memory_all_processes_mb": run.memory.tree_total_mb,
        "max_processes": run.memory.max_processes,
        "generation_seconds": generation["seconds"],
    }


def peak_single(run: PhaseRun) -> float:
    """The largest process's RSS high-water mark: getrusage (exact) or sampling, whichever saw more."""
    rusage = run.result.get("rusage", {})
    return max(
        rusage.get("self_max_rss_mb", 0.0), rusage.get("children_max_rss_mb", 0.0), run.memory.largest_process_mb
    )


# --- output ------------------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def table_rows(figures: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(label, figure, goal) rows for whichever phases ran, then the machine's load."""
    rows: list[tuple[str, str, str]] = []
    for key, make in (("ingest", ingest_rows), ("baseline", baseline_rows), ("scanned", scanned_rows)):
        if figures.get(key):
            rows += make(figures[key])
    if figures.get("batch"):
        rows += batch_rows(figures["batch"])
    machine = figures["machine"]
    load = f"{machine['load_start']} / {machine['load_end']}"
    return [*rows, ("load average at start / end", load, f"{machine['cpus']} cpus")]


def ingest_rows(ing: dict[str, Any]) -> list[tuple[str, str, str]]:
    cpu = f"{ing['median_cpu_seconds']:.3f}; {ing['median_extract_seconds']:.3f}"
    return [
        ("ingest s/doc, median (p90)", f"{ing['median_seconds']:.3f} ({ing['p90_seconds']:.3f})", ""),
        ("  documents timed / skipped", f"{ing['documents']} / {len(ing['skipped'])}", ""),
        ("  cpu s/doc median; extract-only s/doc", cpu, ""),
        ("  s/doc, whole set in one call", f"{ing['whole_set_seconds_per_doc']:.3f}", ""),
        ("peak RSS, single-worker ingest (MB)", f"{ing['peak_rss_mb']:.0f}", memory_goal(ing["peak_rss_mb"])),
    ]


def baseline_rows(base: dict[str, Any]) -> list[tuple[str, str, str]]:
    goal = f">= {RATIO_GOAL:.0f}x {verdict(base['ratio_same_docs'] >= RATIO_GOAL)}"
    return [
        (f"baseline camelot s/doc, median of {base['documents']}", f"{base['median_seconds']:.2f}", ""),
        ("  pipeline s/doc, same docs", f"{base['pipeline_median_seconds_same_docs']:.3f}", ""),
        ("  ratio baseline/pipeline (same docs)", f"{base['ratio_same_docs']:.1f}x", goal),
        ("  ratio vs pipeline median of all docs", f"{base['ratio_vs_all_docs']:.1f}x", ""),
    ]


def scanned_rows(scan: dict[str, Any]) -> list[tuple[str, str, str]]:
    rate = scan["whole_scan_pages_per_second"]
    whole = f"scanned docs pages/s, one core ({scan['whole_scans']} docs, {scan['whole_scan_pages']} pages)"
    mixed = f"  all {scan['documents']} docs, {scan['scanned_pages']} of {scan['pages']} pages scanned"
    return [
        (whole, f"{rate:.2f}", f">= {SCAN_GOAL:.0f} {verdict(rate >= SCAN_GOAL)}"),
        (mixed, f"{scan['pages_per_second']:.2f}", ""),
    ]


def batch_rows(batch: dict[str, Any]) -> list[tuple[str, str, str]]:
    label = f"batch docs/min ({batch['documents']} docs, {batch['workers']} workers, {batch['start_method']})"
    failed = "" if batch["success"] else "RUN FAILED: docs staged, not loaded"
    largest, total = batch["peak_rss_largest_process_mb"], batch["peak_memory_all_processes_mb"]
    steps = batch["steps"]
    load = steps.get("load_seconds", 0.0)
    return [
        (label, f"{batch['documents_per_minute']:.1f}", failed),
        ("  run seconds; generation seconds", f"{batch['seconds']:.1f}; {batch['generation_seconds']:.1f}", ""),
        ("  per-file step median s; load step s", f"{steps.get('stage_median_seconds', 0):.2f}; {load:.1f}", ""),
        ("  peak RSS largest process (MB)", f"{largest:.0f}", memory_goal(largest)),
        ("  peak memory all processes, PSS (MB)", f"{total:.0f}", memory_goal(total)),
    ]


def memory_goal(mb: float) -> str:
    return f"< 1 GB {verdict(0 < mb < MEMORY_GOAL_MB)}"


def notes(figures: dict[str, Any]) -> list[str]:
    """What was left out of the figures, and why."""
    lines = [f"not timed: {d['file']} ({d['why']})" for d in figures.get("ingest", {}).get("skipped", [])]
    if figures.get("ingest", {}).get("whole_set_error"):
        lines.append(f"whole set in one call failed: {figures['ingest']['whole_set_error']}")
    lines += [f"scanned, not read: {what}" for what in figures.get("scanned", {}).get("not_read", [])]
    lines += [f"batch run failed: {failure}" for failure in figures.get("batch", {}).get("failures", [])]
    lines += [f"FAILED phase: {name} (log in the kept temp folder with --keep)" for name in figures["failed_phases"]]
    return lines


def print_table(rows: list[tuple[str, str, str]]) -> None:
    width = max(len(r[0]) for r in rows)
    value_width = max(len(r[1]) for r in rows)
    print()
    for label, value, goal in rows:
        print(f"{label:<{width}}  {value:>{value_width}}  {goal}".rstrip())


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# --- the run -----------------------------------------------------------------------------------------


def generate_sets(args: argparse.Namespace, work: Path, env: dict[str, str]) -> dict[str, dict[str, Any]]:
    """The generated documents each wanted phase needs: text-layer, scanned, and the batch."""
    log, wanted = work / "generator.log", args.phases
    sets = {
        "text": (args.generated if "ingest" in wanted else 0, args.seed, []),
        # scanned documents: every page an image, cover and narrative too, as a scanning office sends them
        "scanned": (
            args.scanned if "scanned" in wanted else 0,
            args.seed + 500,
            ["--scan-share", "1", "--scan-all-pages"],
        ),
        "batch": (args.batch if "batch" in wanted else 0, args.seed + 1000, []),
    }
    gen = {
        name: generate(work / f"gen_{name}", count, seed, scans, env, log)
        for name, (count, seed, scans) in sets.items()
    }
    say(
        f"generated {gen['text']['count']} text-layer, {gen['scanned']['count']} scanned, {gen['batch']['count']} batch"
    )
    return gen


def text_phases(
    args: argparse.Namespace, text_paths: list[str], work: Path, env: dict[str, str], runs: list[PhaseRun]
) -> dict[str, Any]:
    """Seconds per document and peak memory of the ingest; then the camelot baseline on some of the same."""
    ingest = phase(runs, "ingest", {"paths": text_paths, "work": str(work / "ingest")}, work, env)
    figures: dict[str, Any] = {"ingest": summarise_ingest(ingest)}
    documents = ingest.result.get("documents", [])
    timed = [d["path"] for d in documents if d["status"] in TEXT_STATUSES and not d["scanned_pages"]]
    baseline_paths = evenly(timed, args.baseline_docs) if "baseline" in args.phases else []
    if baseline_paths:
        figures["baseline"] = summarise_baseline(phase(runs, "baseline", {"paths": baseline_paths}, work, env), ingest)
    return figures


def scanned_phase(
    args: argparse.Namespace, gen: dict[str, Any], warmup: str, work: Path, env: dict[str, str], runs: list[PhaseRun]
) -> dict[str, Any]:
    sample = [str(args.scanned_sample)] if args.scanned_sample and args.scanned_sample.is_file() else []
    paths = gen["scanned"]["paths"] + sample
    if not paths:
        return {}
    spec = {"paths": paths, "warmup": warmup or paths[0], "work": str(work / "scanned")}
    return {"scanned": summarise_scanned(phase(runs, "scanned", spec, work, env))}


def batch_phase(
    args: argparse.Namespace, gen: dict[str, Any], work: Path, env: dict[str, str], runs: list[PhaseRun]
) -> dict[str, Any]:
    if not gen["batch"]["count"]:
        return {}
    spec = {
        "folder": str(work / "gen_batch"),
        "work": str(work / "batch_run"),
        "workers": args.workers,
        "start_method": args.start_method,
    }
    return {"batch": summarise_batch(phase(runs, "batch", spec, work, env), gen["batch"])}


def run_phases(args: argparse.Namespace, work: Path, env: dict[str, str]) -> tuple[dict[str, Any], list[PhaseRun]]:
    gen = generate_sets(args, work, env)
    figures: dict[str, Any] = {
        "generation": {k: {"count": v["count"], "seconds": v["seconds"]} for k, v in gen.items()}
    }
    text_paths = [str(p) for p in corpus_pdfs(args.corpus)] + gen["text"]["paths"]
    runs: list[PhaseRun] = []
    if "ingest" in args.phases and text_paths:
        figures.update(text_phases(args, text_paths, work, env, runs))
    if "scanned" in args.phases:
        figures.update(scanned_phase(args, gen, text_paths[0] if text_paths else "", work, env, runs))
    if "batch" in args.phases:
        figures.update(batch_phase(args, gen, work, env, runs))
    return figures, runs


def phase(runs: list[PhaseRun], name: str, spec: dict[str, Any], work: Path, env: dict[str, str]) -> PhaseRun:
    Path(spec.get("work", work)).mkdir(parents=True, exist_ok=True)
    say(f"{name}: running (load {load_average()})")
    run = run_phase(name, spec, work, env)
    runs.append(run)
    say(f"{name}: {'done' if run.ok else 'FAILED'} in {run.seconds:.1f} s")
    if not run.ok:
        print(log_tail(run.log), file=sys.stderr)
    return run


def say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    env, bytecode = child_env(PYCACHE)
    started, load_start = time.perf_counter(), load_average()
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    say(f"working in {work}; {bytecode}")
    try:
        figures, runs = run_phases(args, work, env)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    figures["machine"] = {
        "cpus": os.cpu_count(),
        "load_start": load_start,
        "load_end": load_average(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "bytecode": bytecode,
        "started_at": started_at,
        "bench_seconds": time.perf_counter() - started,
    }
    figures["failed_phases"] = [r.name for r in runs if not r.ok or r.result.get("success") is False]
    print_table(table_rows(figures))
    for line in notes(figures):
        print(line)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False))
        print(f"figures written to {args.json}")
    return 1 if figures["failed_phases"] else 0
