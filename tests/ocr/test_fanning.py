"""An unruled table photographed from below stands its columns upright again; one upright is left as it is."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from pipeline.fanning import unfanned

SCALE = 2.0  # pixels per point
WIDTH, HEIGHT = 595, 842  # the page, in points
LABELS_AT, AMOUNT_ENDS = 40, (380, 550)  # labels set flush left, two columns of amounts flush right
ROWS = range(80, 780, 25)  # each row's top, in points: no rule anywhere


def _table() -> np.ndarray:
    """Grey page: each row a label and two amounts as blocks of ink 10 pt tall, of varying widths."""
    gray = np.full((HEIGHT * round(SCALE), WIDTH * round(SCALE)), 255, np.uint8)
    rng = np.random.default_rng(7)
    for top in ROWS:
        blocks = [(LABELS_AT, LABELS_AT + rng.integers(40, 160))]
        blocks += [(end - rng.integers(30, 70), end) for end in AMOUNT_ENDS]
        for x0, x1 in blocks:
            gray[round(top * SCALE) : round((top + 10) * SCALE), round(x0 * SCALE) : round(x1 * SCALE)] = 0
    return gray


def _photographed(gray: np.ndarray, inset: float, lean: float) -> np.ndarray:
    """The page narrowed at its top by `inset` of its width each side (a camera below its middle), its
    columns all leaning by `lean` as well (the page turned a little first)."""
    h, w = gray.shape
    page = np.float32([(0, 0), (w, 0), (w, h), (0, h)])
    seen = np.float32(
        [(inset * w - lean * h / 2, 0), (w - inset * w - lean * h / 2, 0), (w + lean * h / 2, h), (lean * h / 2, h)]
    )
    return cv2.warpPerspective(gray, cv2.getPerspectiveTransform(page, seen), (w, h), borderValue=255)


def _label_starts(gray: np.ndarray) -> np.ndarray:
    """Where each row's label starts, in points: its leftmost ink."""
    ink = (gray < 128).astype(np.uint8)
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    lefts = stats[1:, cv2.CC_STAT_LEFT] / SCALE
    return lefts[lefts < WIDTH / 3]


def _ink(gray: np.ndarray) -> np.ndarray:
    return np.where(gray < 128, 255, 0).astype(np.uint8)


@pytest.mark.parametrize(("inset", "lean"), [(0.05, 0.0), (0.03, -0.02), (0.0, -0.04)])
def test_leaning_columns_stand_upright_again(inset: float, lean: float) -> None:
    seen = _photographed(_table(), inset, lean)
    assert np.ptp(_label_starts(seen)) > 10  # the labels' left edge leans 10 pt and more down the page
    upright = unfanned(seen, _ink(seen), SCALE)
    assert upright is not None
    assert np.ptp(_label_starts(upright)) <= 2


def test_upright_columns_are_left_as_they_are() -> None:
    gray = _table()
    assert unfanned(gray, _ink(gray), SCALE) is None


def test_a_page_of_a_few_lines_is_left_as_it_is() -> None:
    few = _photographed(_table(), 0.05, 0.0)
    few[round(200 * SCALE) :] = 255  # five rows: fifteen runs of characters tell no lean
    assert unfanned(few, _ink(few), SCALE) is None
