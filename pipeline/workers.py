"""Calls run in worker processes that the run outlives.

A worker can die under a call: a crash in a native library (pdfium, OpenCV, onnxruntime), or the
kernel's OOM killer. A ProcessPoolExecutor then breaks as a whole, fails every call still queued and
cannot say which one killed it. Here each worker holds one call at a time, so a death, or a call that
overruns its time, costs that call alone: it comes back as `Lost`, with the reason, and a fresh worker
takes the next call.
"""

from __future__ import annotations

import signal
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from multiprocessing.context import SpawnProcess
from typing import Any

POLL_SECONDS = 1.0  # how often the overrun of a time limit is checked
STOP_SECONDS = 5.0  # a worker told to stop has this long before it is killed


@dataclass(frozen=True)
class Lost:
    """A call whose worker died, or that overran its time, and why in plain words."""

    reason: str
    seconds: float  # from handing the call over to its loss


class _Worker:
    """One spawned process, fed one call at a time through a pipe."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        # spawn: a fresh interpreter; pdfium and forked parents do not mix well
        context = get_context("spawn")
        self.conn, child = context.Pipe()
        self.process: SpawnProcess = context.Process(target=_serve, args=(fn, child), daemon=True)
        self.process.start()
        child.close()
        self.index: int | None = None  # the call it holds
        self.started = 0.0

    def give(self, index: int, args: tuple) -> None:
        self.conn.send(args)
        self.index, self.started = index, time.monotonic()

    def take(self) -> tuple[int, Any]:
        """The held call's index and its result, or `Lost` if the worker died before answering."""
        index, self.index = self.index, None
        try:
            raised, result = self.conn.recv()
        except (EOFError, OSError):
            self.process.join()
            return index, Lost(_death(self.process.exitcode), time.monotonic() - self.started)
        if raised:
            raise result
        return index, result

    def kill(self) -> None:
        self.process.kill()
        self.process.join()

    def stop(self) -> None:
        with suppress(OSError):  # already dead
            self.conn.send(None)
        self.process.join(STOP_SECONDS)
        if self.process.is_alive():
            self.kill()
        self.conn.close()


def guarded_map(
    fn: Callable[..., Any], calls: Sequence[tuple], workers: int, time_limit: float | None = None
) -> Iterator[tuple[int, Any]]:
    """`fn(*args)` for each args in `calls`, in `workers` processes; yields (index, result) as each ends.

    A call whose worker dies, or that runs over `time_limit` seconds (its worker is then killed),
    yields `Lost`. An exception raised by `fn` is raised here. `fn` must be importable by name."""
    queue = deque(enumerate(calls))
    pool: list[_Worker] = []
    try:
        while queue or any(w.index is not None for w in pool):
            pool = _living(pool)
            while queue and len(pool) < workers:
                pool.append(_Worker(fn))
            for worker in pool:
                if worker.index is None and queue:
                    worker.give(*queue.popleft())
            busy = [w for w in pool if w.index is not None]
            ready = wait([w.conn for w in busy], timeout=POLL_SECONDS)
            for worker in busy:
                if worker.conn in ready:
                    yield worker.take()
                elif time_limit is not None and time.monotonic() - worker.started > time_limit:
                    worker.kill()
                    index, worker.index = worker.index, None
                    reason = f"gave up after {time_limit:g} s: reading took longer than the time limit"
                    yield index, Lost(reason, time.monotonic() - worker.started)
    finally:
        for worker in pool:
            worker.stop()


def _living(pool: list[_Worker]) -> list[_Worker]:
    """The pool less the idle workers that died (their pipes closed). A busy worker that died stays
    until its pipe's end of file is read as its call's `Lost`."""
    dead = [w for w in pool if w.index is None and not w.process.is_alive()]
    for worker in dead:
        worker.stop()
    return [w for w in pool if w not in dead]


def _serve(fn: Callable[..., Any], conn: Connection) -> None:
    while (args := conn.recv()) is not None:
        try:
            conn.send((False, fn(*args)))
        except Exception as exc:  # the caller decides; the worker stays up for the next call
            conn.send((True, exc))


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        sent = signal.Signals(-exitcode)
        why = {
            signal.SIGKILL: " (as the system's out-of-memory killer does)",
            signal.SIGSEGV: " (a crash in native code)",
            signal.SIGABRT: " (a crash in native code)",
        }.get(sent, "")
        return f"the reading process died: killed by {sent.name}{why}"
    return f"the reading process died: it exited with code {exitcode}"
