"""A faint copy's print is deepened under its paper; a photo's uneven light, and a page in black, are not."""

from __future__ import annotations

import numpy as np

from pipeline.shading import deepened

SCALE, MARKED = 2.0, 35  # pixels per point; levels under the paper a pixel is marked at least (ocr.PALE_CONTRAST)


def _page(paper: np.ndarray, depth: int) -> np.ndarray:
    """A page of this paper with rows of strokes `depth` levels under it, and grain."""
    page = paper.copy()
    for y in range(200, 1400, 40):
        for x in range(100, 1000, 30):
            page[y : y + 16, x : x + 3] -= depth
    grain = np.random.default_rng(0).normal(0, 2, page.shape)
    return np.clip(page + grain, 0, 255).astype(np.uint8)


def _even(grey: float) -> np.ndarray:
    return np.full((1684, 1190), grey, np.float32)


def test_a_faint_copys_print_is_deepened() -> None:
    page = _page(_even(200), 60)
    out = deepened(page, MARKED, SCALE)
    assert int(out[208, 101]) <= 200 - 90  # the print's core: 60 levels deep before, 100 now
    assert abs(int(np.median(out)) - 200) <= 2  # the paper stays as it was


def test_print_in_black_is_left_as_it_is() -> None:
    page = _page(_even(230), 180)
    assert (deepened(page, MARKED, SCALE) == page).all()


def test_a_photos_uneven_light_is_left_as_it_is() -> None:
    # lit from one side, its paper 40 levels darker at the other: deepened about one grey, its shade
    # deepened with the print, and a table in it was lost
    paper = _even(0) + np.linspace(240, 200, 1190, dtype=np.float32)[None, :]
    page = _page(paper, 60)
    assert (deepened(page, MARKED, SCALE) == page).all()
