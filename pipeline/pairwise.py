"""Comparing every one of many things with every other, a slice of rows at a time.

A page of screen dots (a tinted sheet scanned in black and white) holds over 100,000 blobs: their
pairs, compared at once, would need tens of gigabytes. Row by row, memory stays bounded and the
result is the same.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

PAIRS_AT_ONCE = 1 << 22  # pairs compared at a time: a few tens of megabytes per array


def by_rows(count: int, columns: int, rows: Callable[[slice], np.ndarray]) -> np.ndarray:
    """`rows(part)` for slices of 0…count, joined in order, each slice holding as many rows as keep
    its rows × `columns` pairs within PAIRS_AT_ONCE."""
    step = max(1, PAIRS_AT_ONCE // max(1, columns))
    return np.concatenate([rows(slice(start, start + step)) for start in range(0, max(1, count), step)])
