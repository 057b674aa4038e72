"""A document that needs more memory than it may take fails alone, with the reason; the process goes on."""

from __future__ import annotations

import multiprocessing
import os
import resource
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from pipeline.extract import extract_document
from pipeline.memory_ceiling import ENV_VAR, mapped_bytes, memory_ceiling
from tests.conftest import CORPUS

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ROOT / "data" / "samples" / "fictitious-2023-scanned.pdf"
TEXT = CORPUS / "putuo" / "shpt-czj-2024-final.pdf"
GB = 2**30


@pytest.fixture
def limits_kept() -> Iterator[None]:
    """The process's own limit is as it was after each test."""
    before = resource.getrlimit(resource.RLIMIT_AS)
    yield
    after = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, before)
    assert after == before


def test_an_allocation_over_the_allowance_fails_and_the_limit_comes_back(limits_kept) -> None:
    with pytest.raises(MemoryError), memory_ceiling(256 << 20):
        np.ones(GB, np.uint8)
    np.empty(2 * GB, np.uint8)  # the limit is back: the same process maps more than the allowance again


def test_a_tighter_limit_already_set_is_kept(limits_kept) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    tight = mapped_bytes() + 2 * GB
    resource.setrlimit(resource.RLIMIT_AS, (tight, hard))
    try:
        with memory_ceiling(8 * GB):
            assert resource.getrlimit(resource.RLIMIT_AS) == (tight, hard)
        assert resource.getrlimit(resource.RLIMIT_AS) == (tight, hard)
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _read_starved_then_fed() -> dict[str, object]:
    """In a fresh process: the scan warm, then allowed 5 MB, then the text document, then the scan again."""
    os.environ.pop(ENV_VAR, None)
    before = extract_document(SCANNED)
    os.environ[ENV_VAR] = "0.005"
    starved = extract_document(SCANNED)
    text = extract_document(TEXT)
    del os.environ[ENV_VAR]
    after = extract_document(SCANNED)
    return {
        "before": (before.status, len(before.facts)),
        "starved": (starved.status, len(starved.facts), starved.error),
        "text": text.status,
        "same_after": sorted(map(repr, after.facts)) == sorted(map(repr, before.facts)),
    }


def test_a_document_over_its_allowance_fails_alone() -> None:
    """A scan read in a process already warm (models loaded) still needs tens of MB for its pages;
    allowed 5 MB, it fails with the reason. A text document needs less and loads under the same
    allowance, and with the default allowance the scan reads as it did before. In a fresh process:
    one that has read much before keeps freed arenas mapped, and a scan may fit in those."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        seen = pool.submit(_read_starved_then_fed).result()
    status, n_facts = seen["before"]
    assert status == "loaded" and n_facts
    status, n_facts, error = seen["starved"]
    assert status == "failed" and not n_facts
    assert error.startswith(f"out of memory: reading needed more than the 0.005 GB a document may take ({ENV_VAR})")
    assert seen["text"] == "loaded"
    assert seen["same_after"]
