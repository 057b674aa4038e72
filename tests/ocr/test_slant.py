"""Text lines a photo fans out are set level; a page whose lines are level is left as it is."""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.slant import levelled

SCALE = 2.0  # pixels per point
PAPER, TEXT = 230, 20
ROWS, RUNS = 24, 8


def _page(fan: float) -> np.ndarray:
    """Rows of words (runs of character blocks) across an A4 page; row k slants by `fan` × its distance
    from the middle row over the page's height, as a photo taken from below the middle sees them."""
    height, width = round(842 * SCALE), round(595 * SCALE)
    image = np.full((height, width), PAPER, np.uint8)
    for k in range(ROWS):
        y0 = 120 + 60 * k
        slant = fan * (y0 - height / 2) / height
        for r in range(RUNS):
            for c in range(5):
                x = 60 + 135 * r + 22 * c
                y = round(y0 + slant * (x - width / 2))
                image[y : y + 18, x : x + 18] = TEXT
    return image


def _ink(gray: np.ndarray) -> np.ndarray:
    return cv2.threshold(gray, 128, 255, cv2.THRESH_BINARY_INV)[1]


def _worst_rise(gray: np.ndarray) -> float:
    """How far, in points, the first and last word of a row stand apart up and down, at worst."""
    ink = _ink(gray)
    worst = 0.0
    for k in range(ROWS):
        band = ink[120 + 60 * k - 25 : 120 + 60 * k + 43]
        left, right = band[:, 50:170], band[:, -200:]
        ys = [np.nonzero(part.any(axis=1))[0] for part in (left, right)]
        worst = max(worst, abs(ys[0].mean() - ys[1].mean()) / SCALE)
    return worst


def test_lines_fanned_out_by_a_photo_are_set_level() -> None:
    page = _page(fan=0.04)
    assert _worst_rise(page) > 6  # rows at the top and foot rise by half a line and more across the page
    straight = levelled(page, _ink(page), SCALE)
    assert straight is not None
    assert _worst_rise(straight) < 1


def test_level_lines_are_left_as_they_are() -> None:
    page = _page(fan=0.0)
    assert levelled(page, _ink(page), SCALE) is None


def _ruled_rows(sag: float) -> np.ndarray:
    """A table ruled across only, its five rows too few words to show a slant, on a curled page: every
    line bows down by `sag` points at the page's middle."""
    height, width = round(842 * SCALE), round(595 * SCALE)
    image = np.full((height, width), PAPER, np.uint8)
    middle = width / 2
    for x in range(60, width - 60):
        bow = round(sag * SCALE * (1 - ((x - middle) / middle) ** 2))
        for k in range(6):
            y = 200 + 40 * k + bow
            image[y : y + 2, x] = TEXT
            if k < 5 and (x - 80) % 300 < 90 and (x - 80) % 18 < 14:
                image[y + 12 : y + 30, x] = TEXT
    return image


def _rule_rise(gray: np.ndarray) -> float:
    """How far, in points, the rules' ends stand from their middles up and down, at worst."""
    ink = _ink(gray)
    centre = [float(np.nonzero(ink[150:500, x])[0].min()) for x in (70, ink.shape[1] // 2, ink.shape[1] - 70)]
    return max(abs(centre[0] - centre[1]), abs(centre[2] - centre[1])) / SCALE


def test_rules_of_a_table_ruled_across_show_a_curled_page_its_few_words_do_not() -> None:
    page = _ruled_rows(sag=4.0)
    assert _rule_rise(page) > 2.5
    straight = levelled(page, _ink(page), SCALE)
    assert straight is not None
    assert _rule_rise(straight) < 1


def test_a_header_standing_on_a_faint_rule_leaves_level_lines_as_they_are() -> None:
    # a three-line table: the header's words on the left stand on a thin rule across the page, too broken
    # to be found as one; closed into one run with them, it slanted from their middle down to the rule,
    # and, longest of all, set the page's slant: level rows were tilted until codes and amounts parted
    page = _page(fan=0.0)
    width = page.shape[1]
    for x in range(60, round(0.35 * width), 22):
        page[60:78, x : x + 18] = TEXT
    for x in range(60, width - 60):
        if x % 20 < 17:
            page[78:80, x] = TEXT
    assert levelled(page, _ink(page), SCALE) is None
