"""Ruling lines in a page image, as the same `Rule`s the vector reader finds in a PDF's paths.

Long thin runs of ink are rules: no stroke of a character is that long. Morphological opening with
a long horizontal (vertical) kernel keeps exactly those runs; each connected piece of what is left
is one rule. `pipeline.rules.lattice` then builds the grids, so scans and vector pages share it.
The search runs at reduced resolution (rules need no detail), with any ink in a block counting.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from pipeline.rules import Rule

RULE_MIN_PT = 20.0  # shortest run of ink taken for a rule
RULE_MAX_PT = 3.0  # thickest: anything thicker is a filled block (shading, a logo), not a rule
SEARCH_SCALE = 1.5  # pixels per point to look for rules at


@dataclass(frozen=True)
class Ruling:
    rules: list[Rule]  # in points
    mask: np.ndarray  # the rules' pixels (255) at full resolution, to take them out of the text


def find_ruling(ink: np.ndarray, scale: float) -> Ruling:
    """Rules of a binary page image (ink = 255) drawn at `scale` pixels per point."""
    factor = max(1, int(scale / SEARCH_SCALE))
    small = ink if factor == 1 else cv2.resize(ink, (ink.shape[1] // factor, ink.shape[0] // factor), cv2.INTER_AREA)
    small = np.where(small > 0, 255, 0).astype(np.uint8)
    reduced = scale / factor
    n = max(3, round(RULE_MIN_PT * reduced))
    horizontal, vertical = _open(small, (n, 1)), _open(small, (1, n))
    rules = _pieces(horizontal, True, reduced) + _pieces(vertical, False, reduced)
    mask = cv2.bitwise_or(horizontal, vertical)
    if factor > 1:
        mask = cv2.resize(mask, (ink.shape[1], ink.shape[0]), interpolation=cv2.INTER_NEAREST)
    return Ruling(rules, mask)


def _pieces(mask: np.ndarray, horizontal: bool, scale: float) -> list[Rule]:
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask)
    rules = []
    for x, y, w, h, _ in stats[1:n]:
        at, a, b, thickness = (y + h / 2, x, x + w, h) if horizontal else (x + w / 2, y, y + h, w)
        if thickness <= RULE_MAX_PT * scale:
            rules.append(Rule(horizontal, at / scale, a / scale, b / scale))
    return rules


def _open(mask: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size))
