"""A ceiling on the memory one document's reading may take.

A pathological page (a scan still dotted all over after descreening, say) can ask for tens of
gigabytes. Without a ceiling the kernel swaps, then its OOM killer ends the largest process: the
whole run, or a neighbour. Under the ceiling the allocation fails at once as a MemoryError, which
the extractor records as that document's reason, and the run goes on.
"""

from __future__ import annotations

import os
import resource
from collections.abc import Iterator
from contextlib import contextmanager

# address space a document's reading may add to the process: a scanned document maps about 1.1 GB
# beyond a fresh interpreter (models, arenas, thread stacks), a page dotted all over 2.1 GB
DEFAULT_GB = 4.0
ENV_VAR = "DW_DOCUMENT_MEMORY_GB"
# how native code words a failed allocation: OpenCV, onnxruntime, the loader of a lazily imported library
_NATIVE_WORDING = ("Insufficient memory", "Failed to allocate memory", "failed to map segment")


def document_allowance() -> int:
    """Bytes of address space one document may add: `DW_DOCUMENT_MEMORY_GB`, or the default."""
    return int(float(os.environ.get(ENV_VAR, DEFAULT_GB)) * 2**30)


@contextmanager
def memory_ceiling(allowance: int | None = None) -> Iterator[None]:
    """Within the block, the process may map at most `allowance` bytes more than it maps now.

    The soft RLIMIT_AS is lowered for the block and put back after, so the ceiling suits any process
    (a worker, a Dagster step, a notebook). A tighter limit already set is kept."""
    mapped = mapped_bytes()
    if mapped is None:  # no /proc: not Linux, where RLIMIT_AS is not enforced anyway
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = mapped + (document_allowance() if allowance is None else allowance)
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    if soft != resource.RLIM_INFINITY and soft <= ceiling:
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def out_of_memory_reason(exc: Exception) -> str | None:
    """The reason to record when `exc` is an allocation refused (by the ceiling, or the system), else None."""
    if not (isinstance(exc, MemoryError) or any(words in str(exc) for words in _NATIVE_WORDING)):
        return None
    allowed = document_allowance() / 2**30
    reason = f"out of memory: reading needed more than the {allowed:g} GB a document may take ({ENV_VAR})"
    return f"{reason}: {exc}" if str(exc) else reason


def mapped_bytes() -> int | None:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return None
