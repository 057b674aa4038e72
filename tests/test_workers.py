"""Worker processes the run outlives: a death or an overrun costs one call, never the batch.

The workers are real spawned processes, killed for real (as the kernel's OOM killer would)."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from multiprocessing import resource_tracker
from pathlib import Path

import pytest

from pipeline.ingest import ingest_paths
from pipeline.workers import Lost, guarded_map
from tests.conftest import gold_documents, score


def square(x: int) -> int:
    return x * x


def die_on(x: int, fatal: int, sent: signal.Signals = signal.SIGKILL) -> int:
    if x == fatal:
        os.kill(os.getpid(), sent)
    return x * x


def sleep_on(x: int, slow: int) -> int:
    if x == slow:
        time.sleep(60)
    return x * x


def fail_on(x: int, bad: int) -> int:
    if x == bad:
        raise ValueError(f"bad call {x}")
    return x * x


def _children() -> set[int]:
    """Pids of this process's living children (zombies excluded)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[1]) == os.getpid():
            found.add(int(stat.parent.name))
    return found


@pytest.fixture(autouse=True)
def no_worker_left() -> Iterator[None]:
    """Every test ends with its workers gone: none left running, none left a zombie."""
    resource_tracker.ensure_running()  # spawning starts it once, for good
    before = _children()
    yield
    assert _children() <= before


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_every_call_answers_once(workers: int) -> None:
    answered = list(guarded_map(square, [(x,) for x in range(7)], workers))
    assert sorted(answered) == [(x, x * x) for x in range(7)]


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("sent", [signal.SIGKILL, signal.SIGSEGV])
def test_a_killed_worker_loses_its_call_alone(workers: int, sent: signal.Signals) -> None:
    answered = dict(guarded_map(die_on, [(x, 2, sent) for x in range(6)], workers))
    lost = answered.pop(2)
    assert isinstance(lost, Lost)
    assert f"killed by {sent.name}" in lost.reason
    assert answered == {x: x * x for x in range(6) if x != 2}  # a fresh worker took the calls after it


def test_a_call_over_its_time_is_given_up() -> None:
    answered = dict(guarded_map(sleep_on, [(x, 1) for x in range(4)], 2, time_limit=3))
    lost = answered.pop(1)
    assert isinstance(lost, Lost)
    assert lost.reason.startswith("gave up after 3 s") and 3 <= lost.seconds < 60
    assert answered == {0: 0, 2: 4, 3: 9}


def test_an_exception_is_raised_to_the_caller_and_the_workers_stop() -> None:
    with pytest.raises(ValueError, match="bad call 3"):
        list(guarded_map(fail_on, [(x, 3) for x in range(6)], 2))


def _kill_first_new_child(before: set[int], killed: list[int]) -> None:
    """Kill the first child process to appear (the first worker), as the OOM killer would."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if born := sorted(_children() - before):
            os.kill(born[0], signal.SIGKILL)
            killed.append(born[0])
            return
        time.sleep(0.005)


def test_a_worker_killed_mid_ingest_fails_its_document_alone(tmp_path: Path) -> None:
    """The first worker holds the first document from the moment it starts; it is killed while it
    still imports. That document is failed with the reason, the others load and score exactly, and
    the next run reads it again and loads it, leaving the others as they were."""
    documents = gold_documents()
    folder = tmp_path / "in"
    folder.mkdir()
    for n, document in enumerate(documents):
        (folder / f"{n}-{document.pdf.name}").write_bytes(document.pdf.read_bytes())
    warehouse = tmp_path / "w.duckdb"
    killed: list[int] = []
    killer = threading.Thread(target=_kill_first_new_child, args=(_children(), killed))
    killer.start()
    summaries = ingest_paths([folder], warehouse, workers=1)
    killer.join()
    assert len(killed) == 1
    first, *others = summaries
    assert (first.file_name, first.status) == (f"0-{documents[0].pdf.name}", "failed")
    assert first.error == "the reading process died: killed by SIGKILL (as the system's out-of-memory killer does)"
    assert [s.status for s in others] == ["loaded"] * len(others)
    assert score(warehouse, documents[1:]).returncode == 0

    again = {s.file_name: s for s in ingest_paths([folder], warehouse, workers=1)}
    assert again[first.file_name].status == "loaded"
    assert [again[s.file_name].seconds for s in others] == [0.0] * len(others)  # held, not read again
    result = score(warehouse, documents)
    assert result.returncode == 0, result.stdout
