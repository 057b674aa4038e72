"""Ruling lines in a page image, as the same `Rule`s the vector reader finds in a PDF's paths.

Long thin runs of ink are rules: no stroke of a character is that long. Morphological opening with
a long horizontal (vertical) kernel keeps exactly those runs; each connected piece of what is left
is one rule. `pipeline.rules.lattice` then builds the grids, so scans and vector pages share it.
The search runs at the page's own resolution: shrunk, the gaps between characters close and a text
line's strokes run on as long as a rule.

Horizontal strokes of neighbouring characters touch (一般, 二十), so a horizontal rule must be long.
A vertical rule may be as short as one table row (the last row of a table, carried onto a page of
its own); a vertical stroke that long in a title character is told apart by meeting no horizontal rule.

A thin rule scanned grey and blurred is only partly dark: where it is missed, rows merge and its
pieces are read as dashes. So rules are also sought in the pale ink (what is only a little darker
than the paper), where a whole rule is one run. But the pale fringes of a blurred text line run
together (一一一 makes one long pale run), so a pale run is taken only when it holds a dark run twice
as long as a rule must be (a large title's 一般 is dark for 30 pt, and taken whole, 一 would be erased),
or reaches from one taken run across it to another, as a grid's rules do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import cv2
import numpy as np

from pipeline.ink import components, painted
from pipeline.rules import Rule

HORIZONTAL_MIN_PT = 30.0  # shortest horizontal run taken for a rule: touching strokes of a text line run 20 pt
VERTICAL_MIN_PT = 12.0  # shortest vertical run: a table row is at least 14 pt tall
MEET_PT = 3.0  # a vertical rule ends on or crosses a horizontal one within this distance
RULE_MAX_PT = 3.0  # thickest: anything thicker is a filled block (shading, a logo), not a rule
ANCHOR = 2  # × the shortest run: a dark run this long takes its pale run in (a title's 一般 runs 30 pt)


@dataclass(frozen=True)
class Ruling:
    rules: list[Rule]  # in points
    mask: np.ndarray  # the rules' pixels (255), to take them out of the text


def find_ruling(ink: np.ndarray, pale: np.ndarray, scale: float) -> Ruling:
    """Rules of a page image drawn at `scale` pixels per point, from its ink and its pale ink (255)."""
    h_size, v_size = (max(3, round(HORIZONTAL_MIN_PT * scale)), 1), (1, max(3, round(VERTICAL_MIN_PT * scale)))
    h_dark, v_dark = _open(ink, h_size), _open(ink, v_size)
    h_pale, v_pale = (
        _PaleRuns(_open(ink, (ANCHOR * h_size[0], 1)), _open(pale, h_size), True, scale),
        _PaleRuns(_open(ink, (1, ANCHOR * v_size[1])), _open(pale, v_size), False, scale),
    )
    _keep_grid_runs(h_pale, v_pale)
    horizontal, vertical = cv2.bitwise_or(h_dark, h_pale.mask()), cv2.bitwise_or(v_dark, v_pale.mask())
    h_rules = list(_runs(horizontal, True, scale).rules.values())
    v_runs = _runs(vertical, False, scale)
    v_kept = {label: rule for label, rule in v_runs.rules.items() if _meets(rule, h_rules)}
    return Ruling(h_rules + list(v_kept.values()), cv2.bitwise_or(horizontal, v_runs.painted(v_kept)))


@dataclass(frozen=True)
class _Runs:
    """A mask's connected runs: labelled, each one's box, and those thin enough for a rule by label."""

    labels: np.ndarray
    stats: np.ndarray
    rules: dict[int, Rule]

    def painted(self, chosen: Iterable[int]) -> np.ndarray:
        return painted(self.labels, self.stats, chosen)


class _PaleRuns:
    """The thin runs of pale ink one way: those holding a long dark run are anchored, the rest kept while in a grid."""

    def __init__(self, dark: np.ndarray, pale: np.ndarray, horizontal: bool, scale: float) -> None:
        self.runs = _runs(pale, horizontal, scale)
        self.anchored = set(np.unique(self.runs.labels[dark > 0]).tolist())
        self.kept = dict(self.runs.rules)

    def mask(self) -> np.ndarray:
        return self.runs.painted(self.kept)


def _keep_grid_runs(horizontal: _PaleRuns, vertical: _PaleRuns) -> None:
    """Drop the unanchored runs not reaching from one kept run across them to another, until none drops."""
    dropped = True
    while dropped:
        dropped = _narrow(horizontal, vertical) | _narrow(vertical, horizontal)


def _narrow(runs: _PaleRuns, across: _PaleRuns) -> bool:
    """Drop the unanchored runs that do not span between two of `across`'s kept runs; whether any dropped."""
    others = list(across.kept.values())
    kept = {label: rule for label, rule in runs.kept.items() if label in runs.anchored or _spans(rule, others)}
    dropped = len(kept) < len(runs.kept)
    runs.kept = kept
    return dropped


def _runs(mask: np.ndarray, horizontal: bool, scale: float) -> _Runs:
    n, labels, stats, _ = components(mask)
    found = {label: _rule(stats[label], horizontal, scale) for label in range(1, n)}
    return _Runs(labels, stats, {label: rule for label, rule in found.items() if rule})


def _rule(stat: np.ndarray, horizontal: bool, scale: float) -> Rule | None:
    x, y, w, h, _ = stat.tolist()
    at, a, b, thickness = (y + h / 2, x, x + w, h) if horizontal else (x + w / 2, y, y + h, w)
    return Rule(horizontal, at / scale, a / scale, b / scale) if thickness <= RULE_MAX_PT * scale else None


def _spans(rule: Rule, across: list[Rule]) -> bool:
    """Both ends of the rule lie on rules across it: a grid's rule, not a character's stroke."""
    return all(
        any(abs(other.at - end) <= MEET_PT and other.a - MEET_PT <= rule.at <= other.b + MEET_PT for other in across)
        for end in (rule.a, rule.b)
    )


def _meets(vertical: Rule, horizontals: list[Rule]) -> bool:
    return any(
        h.a - MEET_PT <= vertical.at <= h.b + MEET_PT and vertical.a - MEET_PT <= h.at <= vertical.b + MEET_PT
        for h in horizontals
    )


def _open(mask: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size))
