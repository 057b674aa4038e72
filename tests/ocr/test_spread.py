"""A spread (two pages side by side on one scan) is told by the blank fold between its pages' ink."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from generator.scan import scan_pdf
from pipeline.ocr import scanned_two_up
from pipeline.pdf import open_pdf
from pipeline.spread import gutter, stacked
from tests.conftest import landscape_sheets

SCALE = 2.0  # pixels per point


def _ink(width: int, height: int, blocks: list[tuple[int, int]]) -> np.ndarray:
    """Ink over the whole height of each [x0, x1) block, lines of text 4 px apart."""
    ink = np.zeros((height, width), np.uint8)
    for x0, x1 in blocks:
        ink[::4, x0:x1] = 255
    return ink


def _grey(width: int, height: int, fold: int | None = None) -> np.ndarray:
    """Paper 230, and the fold's shadow (darkest, 150, at column `fold`) if there is one."""
    grey = np.full((height, width), 230, np.uint8)
    if fold is not None:
        grey[:, fold - 10 : fold + 10] = 190
        grey[:, fold - 3 : fold + 3] = 150
    return grey


def test_two_pages_of_ink_either_side_of_a_shadowed_fold_are_a_spread_parted_at_the_fold() -> None:
    assert gutter(_ink(1600, 1100, [(80, 760), (840, 1520)]), _grey(1600, 1100, 790), SCALE) == 787


def test_a_blank_between_two_pages_of_ink_without_a_folds_shadow_is_no_spread() -> None:
    # a table's blank column in the middle of a landscape page is paper white
    assert gutter(_ink(1600, 1100, [(80, 760), (840, 1520)]), _grey(1600, 1100), SCALE) is None


def test_a_grey_hairline_rule_down_a_blank_middle_is_no_folds_shadow() -> None:
    # a 400 dpi scan's hairline rules print grey, too faint to be ink: a rule down a table's middle
    # column made the column look blank and shaded, and the landscape table was cut in two
    grey = _grey(1600, 1100)
    grey[:, 799:801] = 150
    assert gutter(_ink(1600, 1100, [(80, 760), (840, 1520)]), grey, SCALE) is None


@pytest.mark.parametrize(
    "ink",
    [
        _ink(1600, 1100, [(80, 1520)]),  # a landscape table: its rules and rows run across the middle
        _ink(1600, 1100, [(80, 760), (840, 900)]),  # a page and a page number beside it
        _ink(1100, 1600, [(80, 500), (600, 1020)]),  # a portrait page set in two columns
        _ink(1600, 1100, [(80, 790), (800, 1520)]),  # a blank too narrow for a fold
        _ink(1600, 1100, [(80, 600), (650, 1520)]),  # a blank column of a table, off the middle
    ],
)
def test_one_page_is_no_spread(ink: np.ndarray) -> None:
    height, width = ink.shape
    assert gutter(ink, _grey(width, height, width // 2), SCALE) is None


def test_a_sheet_printed_two_up_parts_down_the_middle_of_its_blank_with_no_fold() -> None:
    # every page of its document a landscape sheet: the pages stand apart, no fold's shadow between them
    assert gutter(_ink(1600, 1100, [(80, 760), (840, 1520)]), _grey(1600, 1100), SCALE, sheet=True) == 800


def test_a_cover_of_a_few_lines_beside_its_contents_is_a_sheet_of_two_pages() -> None:
    # the cover's ink a twentieth of the contents': too little for a spread's page, not for a sheet's
    ink = _ink(1600, 1100, [(300, 340), (840, 1520)])
    assert gutter(ink, _grey(1600, 1100, 790), SCALE) is None
    # parted in the middle of the blank where a fold may lie (42 % to 58 % of the width: 672 to 840)
    assert gutter(ink, _grey(1600, 1100), SCALE, sheet=True) == 756


def test_the_halves_are_stacked_the_left_above_the_right_made_up_with_paper() -> None:
    left, right = np.full((10, 6), 50, np.uint8), np.full((10, 4), 60, np.uint8)
    sheet = stacked([left, right], 230.0)
    assert sheet.shape == (20, 6)
    assert (sheet[:10] == 50).all() and (sheet[10:, :4] == 60).all() and (sheet[10:, 4:] == 230).all()


@pytest.mark.parametrize(("folded", "two_up"), [([True, True, False], True), ([False, True, False], False)])
def test_scans_are_sheets_printed_two_up_where_most_part_down_the_middle(
    tmp_path: Path, folded: list[bool], two_up: bool
) -> None:
    # a page of one table's labels and amounts set far apart parts so too, but not most pages of a document
    printed, path = tmp_path / "printed.pdf", tmp_path / "scanned.pdf"
    landscape_sheets(printed, folded)
    scan_pdf(printed, path)
    with open_pdf(path, path.name) as pages:
        assert all(page.scanned for page in pages)
        assert scanned_two_up(pages) is two_up
