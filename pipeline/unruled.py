"""Grids for tables printed without rules: columns and rows inferred from where the words stand.

Columns are the bands the body's words occupy (amounts right-aligned, labels left-aligned, codes);
header words own the columns beneath them, so a group label spans its sub-columns. Rows are the
body's text lines; a line holding only a label fragment is the wrapped tail of the row above.
"""

from __future__ import annotations

import itertools
import re
from statistics import median

from pipeline.amounts import is_dash, looks_like_amount
from pipeline.columns import is_code
from pipeline.grids import Cell, Grid
from pipeline.text import has_cjk, squash
from pipeline.words import Box, group_lines

# Lines in a table's region that are not table rows: notes, page numbers, the unit/department line.
_NOT_TABLE = re.compile(
    r"^(?:注|说明|备注)\s*\d?[:：.、]|^-\s*\d+\s*-$|^第\s*\d+\s*页|单位\s*[:：]|部门\s*[:：]|^公开\d+表$|^附?表\s*\d+$"
)
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.、](?!\d))")


def words_grid(page: int, words: list[Box], source: str = "text") -> Grid | None:
    """A grid from the words of a table region, or None when nothing in it looks like table rows."""
    lines = [line for line in group_lines(words) if not _NOT_TABLE.search(" ".join(w.text for w in line))]
    body_start = next((i for i, line in enumerate(lines) if _is_anchor(line, strict=True)), None)
    if body_start is None:
        return None
    header, body = lines[:body_start], _rows(lines[body_start:])
    bands = _bands([w for row in body for w in row])
    if len(bands) < 2:
        return None
    cols = _column_edges(bands)
    row_lines = header + body
    rows = _row_edges(row_lines)
    cells = []
    for r, line in enumerate(row_lines):
        cells.extend(_header_cells(r, line, bands) if r < len(header) else _body_cells(r, line, bands))
    return Grid(page, cols, rows, _fill_gaps(cells, len(rows), len(cols)), ruled=False, source=source)


def _is_anchor(line: list[Box], strict: bool = False) -> bool:
    texts = [squash(w.text) for w in line]
    if any(looks_like_amount(t) or is_code(t) for t in texts):
        return True
    return not strict and any(is_dash(t) or _NUMBERED.match(t) for t in texts)


def _rows(lines: list[list[Box]]) -> list[list[Box]]:
    """Body lines, with the wrapped tail of a label folded into the row above.

    A tail is a lone word starting under the label above it (left-aligned within that label's
    extent); a centred heading such as 支出 starts elsewhere and stays a row of its own.
    """
    rows: list[list[Box]] = []
    for line in lines:
        if rows and not _is_anchor(line) and len(line) == 1 and _under_label(line[0], rows[-1]):
            rows[-1] = [*rows[-1], line[0]]
        else:
            rows.append(list(line))
    return rows


def _under_label(word: Box, row: list[Box]) -> bool:
    labels = [w for w in row if has_cjk(w.text)]
    return any(label.x0 - 3 <= word.x0 <= label.x1 for label in labels)


def _bands(words: list[Box]) -> list[tuple[float, float]]:
    """Merge the horizontal extents of body words into disjoint column bands."""
    gap = 0.5 * median(w.height for w in words)
    bands: list[list[float]] = []
    for w in sorted(words, key=lambda w: w.x0):
        if bands and w.x0 <= bands[-1][1] + gap:
            bands[-1][1] = max(bands[-1][1], w.x1)
        else:
            bands.append([w.x0, w.x1])
    return [(a, b) for a, b in bands]


def _column_edges(bands: list[tuple[float, float]]) -> list[tuple[float, float]]:
    mids = [(a[1] + b[0]) / 2 for a, b in itertools.pairwise(bands)]
    lefts = [bands[0][0] - 1, *mids]
    rights = [*mids, bands[-1][1] + 1]
    return list(zip(lefts, rights, strict=True))


def _row_edges(lines: list[list[Box]]) -> list[tuple[float, float]]:
    return [(min(w.top for w in line), max(w.bottom for w in line)) for line in lines]


def _band_of(x: float, bands: list[tuple[float, float]]) -> int:
    return min(
        range(len(bands)),
        key=lambda i: 0 if bands[i][0] <= x <= bands[i][1] else min(abs(x - bands[i][0]), abs(x - bands[i][1])),
    )


def _body_cells(row: int, line: list[Box], bands: list[tuple[float, float]]) -> list[Cell]:
    texts: dict[int, list[Box]] = {}
    for w in line:
        texts.setdefault(_band_of(w.cx, bands), []).append(w)
    return [
        Cell(row, row + 1, c, c + 1, "\n".join(" ".join(x.text for x in part) for part in group_lines(ws)))
        for c, ws in texts.items()
    ]


def _header_cells(row: int, line: list[Box], bands: list[tuple[float, float]]) -> list[Cell]:
    """Each column goes to the header word nearest above it, so a group label spans its sub-columns."""
    owners: dict[int, list[int]] = {}
    for c, (a, b) in enumerate(bands):
        centre = (a + b) / 2
        nearest = min(range(len(line)), key=lambda i: _distance(centre, line[i]))
        if _distance(centre, line[nearest]) <= max(b - a, line[nearest].x1 - line[nearest].x0):
            owners.setdefault(nearest, []).append(c)
    cells = []
    for i, cols in owners.items():
        cols.sort()
        cells.append(Cell(row, row + 1, cols[0], cols[-1] + 1, line[i].text))
    return cells


def _distance(x: float, box: Box) -> float:
    return 0.0 if box.x0 <= x <= box.x1 else min(abs(x - box.x0), abs(x - box.x1))


def _fill_gaps(cells: list[Cell], n_rows: int, n_cols: int) -> list[Cell]:
    taken = {(r, c) for cell in cells for r in range(cell.row0, cell.row1) for c in range(cell.col0, cell.col1)}
    blanks = [Cell(r, r + 1, c, c + 1) for r in range(n_rows) for c in range(n_cols) if (r, c) not in taken]
    return cells + blanks
