"""The `batch_ingest` job as the multiprocess executor needs it: reconstructable, with its resources bound.

`assets.batch.batch_ingest` is declared without resources; the code location's Definitions bind the
warehouse. Steps run in other processes, which rebuild the job from a module-level function, so the
bench hands Dagster `batch_job` below rather than the bare job.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

# Modules the forkserver imports once, so that each step's process starts with them loaded.
PRELOAD = ["assets", "pipeline.ingest", "pipeline.extract", "camelot"]


def batch_job() -> Any:
    """The job as the code location defines it (resources bound); a target for `dg.reconstructable`."""
    from assets import defs

    return defs.resolve_job_def("batch_ingest")


def batch_run_config(folder: str, work: Path, workers: int, start_method: str) -> dict[str, Any]:
    """Run config: the folder, a warehouse under `work`, `workers` concurrent steps, how they start."""
    start = {"forkserver": {"preload_modules": PRELOAD}} if start_method == "forkserver" else {"spawn": {}}
    return {
        "ops": {"list_files": {"config": {"folder": folder}}},
        "resources": {
            "warehouse": {
                "config": {
                    "path": str(work / "warehouse.duckdb"),
                    "staged": str(work / "staged"),
                    "raw_store": str(work / "raw"),
                    "inbox": str(work / "inbox"),
                }
            }
        },
        "execution": {"config": {"max_concurrent": workers, "start_method": start}},
        "loggers": {"console": {"config": {"log_level": "WARNING"}}},
    }


def status_counts(warehouse: Path) -> dict[str, int]:
    """Documents in the warehouse by status; empty when the run never loaded it."""
    import duckdb

    if not warehouse.exists():
        return {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return dict(con.execute("SELECT status, count(*) FROM documents GROUP BY status").fetchall())


def step_seconds(instance: Any, run_id: str) -> dict[str, float]:
    """Inside-the-step durations from the event log: median per-file step, the load, and their sum."""
    durations: dict[str, list[float]] = {}
    for stats in instance.get_run_step_stats(run_id):
        if stats.start_time is not None and stats.end_time is not None:
            op = stats.step_key.split("[", 1)[0]
            durations.setdefault(op, []).append(stats.end_time - stats.start_time)
    stage = durations.get("stage_file", [])
    return {
        "stage_steps": len(stage),
        "stage_median_seconds": statistics.median(stage) if stage else 0.0,
        "stage_total_seconds": sum(stage),
        "load_seconds": sum(durations.get("load_batch", [])),
    }


def step_failures(result: Any) -> list[str]:
    """'step: the exception' for each failed step, the user's exception rather than Dagster's wrapper."""
    failures = []
    for event in result.get_step_failure_events():
        error = event.step_failure_data.error
        while error is not None and error.cause is not None:
            error = error.cause
        message = error.message.strip().splitlines()[-1] if error is not None and error.message else "unknown error"
        failures.append(f"{event.step_key}: {message}")
    return failures
