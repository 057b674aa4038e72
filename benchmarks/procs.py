"""Child processes: the environment they run in, and the memory of their whole process tree, sampled."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_SECONDS = 0.5  # reading smaps costs CPU; the ingest's own high-water mark comes from getrusage
MB = 1024 * 1024


@dataclass
class MemoryPeak:
    """The highest memory seen while sampling a process and its descendants."""

    largest_process_mb: float = 0.0  # RSS of the largest single process
    tree_total_mb: float = 0.0  # PSS summed over the tree (shared pages counted once); RSS where PSS is unknown
    max_processes: int = 0
    samples: int = 0


@dataclass
class PhaseRun:
    name: str
    returncode: int
    seconds: float
    result: dict[str, Any] = field(default_factory=dict)
    memory: MemoryPeak = field(default_factory=MemoryPeak)
    log: Path | None = None

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and "error" not in self.result


def child_env(cache_dir: Path) -> tuple[dict[str, str], str]:
    """The environment for child processes, and a note on how their bytecode is cached.

    A normal install keeps compiled bytecode; with PYTHONDONTWRITEBYTECODE set (as in some sandboxes)
    every process recompiles dagster, pandas and camelot on import, seconds per Dagster step that
    production does not pay. Children then cache bytecode in `cache_dir` (outside the project) instead.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["PYTHONUNBUFFERED"] = "1"
    if env.pop("PYTHONDONTWRITEBYTECODE", None):
        env["PYTHONPYCACHEPREFIX"] = str(cache_dir)
        return env, f"PYTHONDONTWRITEBYTECODE was set: children cache bytecode in {cache_dir}"
    return env, "default bytecode cache"


def run_command(args: list[str], env: dict[str, str], log: Path) -> tuple[int, float]:
    """Run a command with its output in a log file; returns its exit code and wall seconds."""
    started = time.perf_counter()
    with open(log, "ab") as out:
        code = subprocess.run(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT).returncode
    return code, time.perf_counter() - started


def run_phase(name: str, spec: dict[str, Any], work: Path, env: dict[str, str]) -> PhaseRun:
    """Run `python -m benchmarks.phases NAME` in a child process while sampling its memory."""
    spec_path, out_path, log = work / f"{name}.spec.json", work / f"{name}.result.json", work / f"{name}.log"
    spec_path.write_text(json.dumps(spec))
    command = [sys.executable, "-m", "benchmarks.phases", name, str(spec_path), str(out_path)]
    started = time.perf_counter()
    with open(log, "wb") as out:
        child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        memory = _sample_until_exit(child)
    seconds = time.perf_counter() - started
    result = json.loads(out_path.read_text()) if out_path.exists() else {"error": f"no result; see {log}"}
    return PhaseRun(name, child.returncode, seconds, result, memory, log)


def log_tail(log: Path | None, lines: int = 15) -> str:
    if not log or not log.exists():
        return ""
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def _sample_until_exit(child: subprocess.Popen[bytes]) -> MemoryPeak:
    peak = MemoryPeak()
    try:
        import psutil
    except ImportError:  # figures then come from getrusage alone
        child.wait()
        return peak
    done = threading.Event()
    sampler = threading.Thread(target=_sample, args=(psutil, child.pid, peak, done), daemon=True)
    sampler.start()
    child.wait()
    done.set()
    sampler.join()
    return peak


def _sample(psutil: Any, pid: int, peak: MemoryPeak, done: threading.Event) -> None:
    try:
        root = psutil.Process(pid)
    except psutil.Error:
        return
    while not done.is_set():
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.Error:
            return
        rss, total = _tree_memory(psutil, tree)
        peak.largest_process_mb = max(peak.largest_process_mb, rss / MB)
        peak.tree_total_mb = max(peak.tree_total_mb, total / MB)
        peak.max_processes = max(peak.max_processes, len(tree))
        peak.samples += 1
        done.wait(SAMPLE_SECONDS)


def _tree_memory(psutil: Any, tree: list[Any]) -> tuple[int, int]:
    """The largest RSS among the processes, and their summed PSS (RSS where PSS cannot be read)."""
    largest, total = 0, 0
    for proc in tree:
        try:
            info = proc.memory_full_info()
        except psutil.AccessDenied:
            info = None
        except psutil.Error:  # ended between listing and reading
            continue
        if info is None:
            try:
                rss = proc.memory_info().rss
            except psutil.Error:
                continue
            largest, total = max(largest, rss), total + rss
        else:
            largest, total = max(largest, info.rss), total + getattr(info, "pss", info.rss)
    return largest, total
