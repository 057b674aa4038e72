"""Ruling lines read straight from a page's vector paths, and the lattice grid they draw.

Reading the paths through pdfium costs milliseconds a page, where a layout pass costs a tenth of a
second: this is what keeps ingestion fast. Strokes of any shape count (lines, rectangle outlines);
filled shapes count only when thin (a rule drawn as a 0.5 pt rectangle), not as cell shading.
"""

from __future__ import annotations

import ctypes
import itertools
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline import forms
from pipeline.grids import Grid, grid_from_edges

THIN = 2.0  # points: a filled shape narrower than this is a rule
THICK = 4.0  # … and one up to this thick, when LONG times as long as that
LONG = 10.0
SNAP = 1.5  # points: coordinates closer than this are the same line
APART = 3.0  # points: parallel rules closer than this are one line drawn double (no column or row is as narrow)
MIN_LENGTH = 3.0
COVERAGE = 0.6  # share of a cell side a rule must cover to count as that side's border


@dataclass(frozen=True)
class Rule:
    """A horizontal (at y, from a to b) or vertical (at x, from a to b) rule, display coordinates."""

    horizontal: bool
    at: float
    a: float
    b: float


def page_rules(page: pdfium.PdfPage) -> list[Rule]:
    rotation = page.get_rotation()
    media_w, media_h = page.get_size()
    if rotation in (90, 270):
        media_w, media_h = media_h, media_w
    rules: list[Rule] = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=forms.DEPTH):
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
        points = _points(obj)
        if not points:
            continue
        display = [_to_display(x, y, rotation, media_w, media_h) for x, y in points]
        if stroke.value:
            rules.extend(_segments(display))
        elif fill.value:
            rules.extend(_thin_fill(display))
    return _merge([r for r in rules if r.b - r.a >= MIN_LENGTH])


def _points(obj: pdfium.PdfObject) -> list[tuple[float, float]]:
    """The path's vertices in page space; a closed figure repeats its first point."""
    matrix = forms.matrix_on_page(obj)
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[float, float]] = []
    start: tuple[float, float] | None = None
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        point = (matrix.a * x.value + matrix.c * y.value + matrix.e, matrix.b * x.value + matrix.d * y.value + matrix.f)
        if pdfium_c.FPDFPathSegment_GetType(segment) == pdfium_c.FPDF_SEGMENT_MOVETO:
            if points:
                points.append((float("nan"), float("nan")))  # pen lifted: no segment across
            start = point
        points.append(point)
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            points.append(start)
    return points


def _to_display(x: float, y: float, rotation: int, w: float, h: float) -> tuple[float, float]:
    """A point in PDF user space (y up, unrotated) → displayed page space (y down); see pdf._to_display."""
    if rotation == 90:
        return y, x
    if rotation == 180:
        return w - x, y
    if rotation == 270:
        return h - y, w - x
    return x, h - y


def _segments(points: list[tuple[float, float]]) -> list[Rule]:
    found = []
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if x0 != x0 or x1 != x1:  # NaN: a pen lift
            continue
        if abs(y1 - y0) < SNAP / 2:
            found.append(Rule(True, (y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x1 - x0) < SNAP / 2:
            found.append(Rule(False, (x0 + x1) / 2, min(y0, y1), max(y0, y1)))
    return found


def _thin_fill(points: list[tuple[float, float]]) -> list[Rule]:
    xs = [p[0] for p in points if p[0] == p[0]]
    ys = [p[1] for p in points if p[1] == p[1]]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    if _rule_shaped(height, width):
        return [Rule(True, (min(ys) + max(ys)) / 2, min(xs), max(xs))]
    if _rule_shaped(width, height):
        return [Rule(False, (min(xs) + max(xs)) / 2, min(ys), max(ys))]
    return []


def _rule_shaped(thickness: float, length: float) -> bool:
    """A filled shape this thick and long is a rule: a thin one, or a thick one drawn long (a header's
    heavy underline, filled 2.25 pt thick by a browser), not a shaded cell."""
    return thickness <= THIN < length or (thickness <= THICK and length >= LONG * thickness)


def _merge(rules: list[Rule]) -> list[Rule]:
    """Join collinear pieces that touch, so a border drawn cell by cell becomes one rule. Two tables on
    a page may each draw a rule on (nearly) one line: they stay two rules."""
    merged: list[Rule] = []
    for line in _lines(rules):
        start = len(merged)
        for rule in sorted(line, key=lambda r: r.a):
            last = merged[-1] if len(merged) > start else None
            if last and rule.a <= last.b + SNAP:
                merged[-1] = Rule(last.horizontal, last.at, last.a, max(last.b, rule.b))
            else:
                merged.append(rule)
    return merged


def _lines(rules: list[Rule]) -> list[list[Rule]]:
    """The rules grouped by the line they lie on: one way, each within SNAP of the one before."""
    lines: list[list[Rule]] = []
    for rule in sorted(rules, key=lambda r: (r.horizontal, r.at)):
        last = lines[-1][-1] if lines else None
        if last and last.horizontal == rule.horizontal and rule.at - last.at < SNAP:
            lines[-1].append(rule)
        else:
            lines.append([rule])
    return lines


def lattice(page_number: int, rules: list[Rule]) -> list[Grid]:
    """Grids drawn by the rules: each group of crossing rules with ≥2 rows and ≥2 columns."""
    grids = []
    for group in _crossing_groups(rules):
        rows = _positions([r.at for r in group if r.horizontal])
        cols = _positions([r.at for r in group if not r.horizontal])
        if len(rows) < 2 or len(cols) < 3:
            continue  # a grid needs a row and two columns (a lone total row ends some tables)
        h = [r for r in group if r.horizontal]
        v = [r for r in group if not r.horizontal]

        def right(r: int, c: int, cols=cols, rows=rows, v=v) -> bool:
            return _covered(v, cols[c + 1], rows[r], rows[r + 1])

        def bottom(r: int, c: int, cols=cols, rows=rows, h=h) -> bool:
            return _covered(h, rows[r + 1], cols[c], cols[c + 1])

        grids.append(
            grid_from_edges(page_number, list(itertools.pairwise(cols)), list(itertools.pairwise(rows)), right, bottom)
        )
    return sorted(grids, key=lambda g: g.top)


def _crossing_groups(rules: list[Rule]) -> list[list[Rule]]:
    parent = list(range(len(rules)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    horizontal = [i for i, r in enumerate(rules) if r.horizontal]
    vertical = [i for i, r in enumerate(rules) if not r.horizontal]
    for i in horizontal:
        for j in vertical:
            h, v = rules[i], rules[j]
            if h.a - SNAP <= v.at <= h.b + SNAP and v.a - SNAP <= h.at <= v.b + SNAP:
                parent[find(i)] = find(j)
    groups: dict[int, list[Rule]] = {}
    for i, rule in enumerate(rules):
        groups.setdefault(find(i), []).append(rule)
    return list(groups.values())


def _positions(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] < APART:
            continue
        out.append(v)
    return out


def _covered(rules: list[Rule], at: float, a: float, b: float) -> bool:
    """Do rules at this coordinate cover most of [a, b]?"""
    covered = sum(max(0.0, min(r.b, b) - max(r.a, a)) for r in rules if 0 <= r.at - at < APART)
    return covered >= COVERAGE * (b - a)
