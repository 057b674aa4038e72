"""Table grids: rows × columns of logical (possibly merged) cells holding the text printed in them.

Ruled tables get their grid from the rules (`pipeline.rules` reads the PDF's vector paths; camelot's
lattice parser renders the page when the rules are not vector paths). We then place every glyph in
the cell that contains its centre ourselves: camelot assigns whole text lines, which glues a wrapped
label's last character to the next row's numbering and moves top-aligned amounts to a neighbouring
line.
"""

from __future__ import annotations

import bisect
import itertools
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.glyph import Glyph
from pipeline.words import Box, group_lines, words_of

_INK_LEFT = set("）】」』〕，。、；：！？")
_INK_RIGHT = set("（【「『〔")
_NUMBER_CHARS = re.compile(r"^-?[\d,.，．]+$")
_WHOLE_AMOUNT = re.compile(r"^-?[\d,]*\d\.\d{2}$")
_HEADING_MIN = 2  # characters of each word in a merged cell, each in a column of its own: headings a lost rule parted
_RULE_REMNANTS = frozenset("1lIi|丨｜")  # what a piece of a rule standing alone reads as
_REMNANT_PT = 1.5  # at most this wide: a rule's remnant is a hairline (a printed 1, with its flag, is wider)
_BAND_SLACK = 0.25  # × the text's height it may reach over a row's rule and still stand in that row


@dataclass(frozen=True)
class Cell:
    row0: int
    row1: int  # exclusive
    col0: int
    col1: int  # exclusive
    text: str = ""

    @property
    def width(self) -> int:
        return self.col1 - self.col0


@dataclass
class Grid:
    page: int
    cols: list[tuple[float, float]]  # x extent of each column
    rows: list[tuple[float, float]]  # y extent of each row (top, bottom), top to bottom
    cells: list[Cell]
    ruled: bool = True
    source: str = "text"  # 'text' (the PDF's text layer) or 'ocr' (a scanned page)
    # where each column's words stand, when known (unruled): a column's edges are only midpoints
    # between its words and its neighbours', far off when a neighbour is blank on the page
    content: list[tuple[float, float]] | None = None
    _index: dict[tuple[int, int], Cell] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for cell in self.cells:
            for r in range(cell.row0, cell.row1):
                for c in range(cell.col0, cell.col1):
                    self._index[(r, c)] = cell

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return len(self.cols)

    def extent(self, col: int) -> tuple[float, float]:
        return self.content[col] if self.content else self.cols[col]

    @property
    def top(self) -> float:
        return self.rows[0][0]

    @property
    def bottom(self) -> float:
        return self.rows[-1][1]

    def at(self, row: int, col: int) -> Cell | None:
        return self._index.get((row, col))

    def text(self, row: int, col: int) -> str:
        cell = self.at(row, col)
        return cell.text if cell else ""

    def column_texts(self, col: int, start: int = 0) -> list[str]:
        """The printed texts of the cells that begin in this column, from row `start` down."""
        cells = (self.at(r, col) for r in range(start, self.n_rows))
        return [c.text for r, c in enumerate(cells, start) if c and c.row0 == r and c.col0 == col and c.text.strip()]

    def rows_between(self, start: int, stop: int) -> Grid:
        """The grid of rows start to stop (exclusive) alone; a cell reaching beyond them is cut short."""
        cells = [
            replace(c, row0=max(c.row0, start) - start, row1=min(c.row1, stop) - start)
            for c in self.cells
            if c.row0 < stop and c.row1 > start
        ]
        return replace(self, rows=self.rows[start:stop], cells=cells, _index={})

    def row_cells(self, row: int) -> list[Cell]:
        seen: dict[int, Cell] = {}
        for c in range(self.n_cols):
            cell = self.at(row, c)
            if cell and id(cell) not in seen:
                seen[id(cell)] = cell
        return sorted(seen.values(), key=lambda cell: cell.col0)


def grid_from_edges(
    page: int,
    cols: list[tuple[float, float]],
    rows: list[tuple[float, float]],
    right: Callable[[int, int], bool],
    bottom: Callable[[int, int], bool],
    source: str = "text",
) -> Grid:
    """Merge grid cells wherever the rule between two neighbours is missing (spanning cells)."""
    n_rows, n_cols = len(rows), len(cols)
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols and not right(r, c):
                parent[find(r * n_cols + c + 1)] = find(r * n_cols + c)
            if r + 1 < n_rows and not bottom(r, c):
                parent[find((r + 1) * n_cols + c)] = find(r * n_cols + c)
    spans: dict[int, list[int]] = {}
    for i in range(n_rows * n_cols):
        r, c = divmod(i, n_cols)
        box = spans.setdefault(find(i), [r, r + 1, c, c + 1])
        box[0], box[1] = min(box[0], r), max(box[1], r + 1)
        box[2], box[3] = min(box[2], c), max(box[3], c + 1)
    return Grid(page, cols, rows, [Cell(*box) for box in spans.values()], ruled=True, source=source)


def camelot_grids(path: Path, pages: Sequence[int], page_heights: dict[int, float]) -> dict[int, list[Grid]]:
    """Ruled grids found by rendering the pages (camelot lattice, raster engine).

    The fallback for rules our vector reader cannot see, such as rules that are part of an image.
    """
    if not pages:
        return {}
    import camelot  # heavy import (a second or so): only pages that need it get here

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # camelot warns on every page without a ruled table
        tables = camelot.read_pdf(
            str(path), pages=",".join(map(str, pages)), flavor="lattice", engine="raster", suppress_stdout=True
        )
    found: dict[int, list[Grid]] = {}
    for table in tables:
        page = int(table.page)
        grid = _grid_from_camelot(table, page, page_heights[page])
        if grid.n_rows >= 2 and grid.n_cols >= 2:
            found.setdefault(page, []).append(grid)
    for grids in found.values():
        grids.sort(key=lambda g: g.top)
    return found


def _grid_from_camelot(table, page: int, height: float) -> Grid:
    cols = [(float(a), float(b)) for a, b in table.cols]
    rows = [(height - float(top), height - float(bottom)) for top, bottom in table.rows]
    cells = table.cells

    def right(r: int, c: int) -> bool:
        return cells[r][c].right or cells[r][c + 1].left

    def bottom(r: int, c: int) -> bool:
        return cells[r][c].bottom or cells[r + 1][c].top

    return grid_from_edges(page, cols, rows, right, bottom)


def fill_text(grid: Grid, glyphs: Sequence[Glyph | Box]) -> Grid:
    """Put each glyph into the cell containing its ink's centre; a cell's lines join with newlines."""
    lefts = [c[0] for c in grid.cols]
    tops = [r[0] for r in grid.rows]
    members: dict[int, list[Glyph | Box]] = {}
    for g in glyphs:
        cx, cy = _ink_x(g), (g.top + g.bottom) / 2
        if not (grid.cols[0][0] <= cx <= grid.cols[-1][1] and grid.top <= cy <= grid.bottom):
            continue
        cell = grid.at(max(bisect.bisect_right(tops, cy) - 1, 0), max(bisect.bisect_right(lefts, cx) - 1, 0))
        if cell is not None:
            members.setdefault(id(cell), []).append(g)
    cells = [part for cell in grid.cells for part in _parts(cell, members.get(id(cell), []), grid)]
    return Grid(grid.page, grid.cols, grid.rows, cells, grid.ruled, grid.source, grid.content)


def _parts(cell: Cell, items: list[Glyph | Box], grid: Grid) -> list[Cell]:
    """The cell with its text; or, merged with its neighbours where a scan lost a rule, split back into
    one cell per row (its text, or each of its numbers, in the row it stands in) or per column (each
    word in its own), or both (a header band's headings, its rules lost across and down)."""
    if (row := _text_row(cell, items, grid.rows)) is not None:
        blank = [Cell(r, r + 1, cell.col0, cell.col1) for r in range(cell.row0, cell.row1) if r != row]
        return blank + _parts(Cell(row, row + 1, cell.col0, cell.col1), items, grid)
    if (by_row := _numbers_by_row(cell, items, grid.rows)) is not None:
        return [
            Cell(r, r + 1, cell.col0, cell.col1, _cell_text(by_row.get(r, []))) for r in range(cell.row0, cell.row1)
        ]
    if (by_column := _words_by_column(cell, items, grid.cols)) is not None:
        return [
            Cell(cell.row0, cell.row1, c, c + 1, _cell_text(by_column.get(c, []))) for c in range(cell.col0, cell.col1)
        ]
    return [Cell(cell.row0, cell.row1, cell.col0, cell.col1, _cell_text(items))]


def _words_by_column(cell: Cell, items: list[Glyph | Box], cols: list[tuple[float, float]]) -> dict[int, list] | None:
    """A merged cell's words by the column each stands in, where each stands in one and numbers stand
    beside other text (173.61 | 本年支出合计, 本年收入合计 | 27), words beside words (基本支出 | 项目支出)
    or whole amounts alone (one, its next column's cell blank): a rule lost there. A heading centred
    over columns on purpose stands across their edge; a letter-spaced one (合  计) is a character a
    word and holds no number."""
    if cell.width < 2 or not items:
        return None
    words = [w for w in _words(items) if not _rule_remnant(w, cell, cols)]
    found: dict[int, list] = {}
    for w in words:
        slack = _BAND_SLACK * (w.bottom - w.top)
        col = next(
            (c for c in range(cell.col0, cell.col1) if cols[c][0] - slack <= w.x0 and w.x1 <= cols[c][1] + slack), None
        )
        if col is None:
            return None
        found.setdefault(col, []).append(w)
    kinds = [all(_NUMBER_CHARS.match(w.text) for w in found[c]) for c in sorted(found)]
    headings = len(found) > 1 and not any(kinds) and all(len(w.text) >= _HEADING_MIN for w in words)
    amounts = all(_WHOLE_AMOUNT.match(w.text) for w in words)  # no number a spurious rule cut (17 | 20)
    return found if headings or amounts or any(a != b for a, b in itertools.pairwise(kinds)) else None


def _rule_remnant(word: Box, cell: Cell, cols: list[tuple[float, float]]) -> bool:
    """A bar (or the 1 OCR reads it as), hairline thin, standing on an edge between a merged cell's
    columns: what a scan left of the rule lost there, no text of either column."""
    if word.text not in _RULE_REMNANTS or word.x1 - word.x0 > _REMNANT_PT:
        return False
    slack = _BAND_SLACK * (word.bottom - word.top)
    return any(abs((word.x0 + word.x1) / 2 - cols[c][0]) <= slack for c in range(cell.col0 + 1, cell.col1))


def _numbers_by_row(cell: Cell, items: list[Glyph | Box], rows: list[tuple[float, float]]) -> dict[int, list] | None:
    """A cell merged down holding numbers alone, a line of them in each of two rows or more, by the row
    each line stands in: a rule lost between two amounts (12.67 over 10.49). No cell spans rows on
    purpose to print an amount for each."""
    if cell.row1 - cell.row0 < 2 or not items:
        return None
    words = _words(items)
    lines = group_lines(words)
    if len(lines) < 2 or not all(_NUMBER_CHARS.match(w.text) for w in words):
        return None
    found: dict[int, list] = {}
    for line in lines:
        top, bottom = min(w.top for w in line), max(w.bottom for w in line)
        row = next((r for r in range(cell.row0, cell.row1) if _stands_in(rows[r], top, bottom)), None)
        if row is None or row in found:
            return None
        found[row] = line
    return found


def _text_row(cell: Cell, items: list[Glyph | Box], rows: list[tuple[float, float]]) -> int | None:
    """The row below a merged cell's first whose band holds its text, where it is not the cell's middle
    row: a rule lost in a scan merges a label's cell with the one above (本年收入合计 over an empty
    row), and its text stands in its own row's band, give or take specks of the lost rule. Text
    centred in a cell merged on purpose straddles the rows' boundary, or stands in its middle row."""
    span = cell.row1 - cell.row0
    if span < 2 or not items:
        return None
    top, bottom = min(g.top for g in items), max(g.bottom for g in items)
    holding = [r for r in range(cell.row0 + 1, cell.row1) if _stands_in(rows[r], top, bottom)]
    middle = cell.row0 + span // 2 if span % 2 else None
    return next((r for r in holding if r != middle), None)


def _stands_in(band: tuple[float, float], top: float, bottom: float) -> bool:
    """Text from top to bottom stands in the row's band, reaching over its rules by _BAND_SLACK at most."""
    slack = _BAND_SLACK * (bottom - top)
    return band[0] - slack <= top and bottom <= band[1] + slack


def _words(items: list[Glyph | Box]) -> list[Box]:
    """A cell's words: OCR gives words already, the text layer glyphs to be joined."""
    return items if isinstance(items[0], Box) else words_of(items)  # type: ignore[arg-type,return-value]


def _ink_x(g: Glyph | Box) -> float:
    """Full-width punctuation inks one half of its em box: a closing bracket ending a label that fills
    its cell has its box's centre over the next column's rule."""
    if g.text in _INK_LEFT:
        return g.x0 + (g.x1 - g.x0) / 4
    if g.text in _INK_RIGHT:
        return g.x1 - (g.x1 - g.x0) / 4
    return (g.x0 + g.x1) / 2


def _cell_text(items: list[Glyph | Box]) -> str:
    if not items:
        return ""
    items = _words(items)  # type: ignore[assignment]
    return "\n".join(" ".join(w.text for w in line) for line in _spaced_joined(group_lines(items)))


def _spaced_joined(lines: list[list[Glyph | Box]]) -> list[list[Glyph | Box]]:
    """Lines with a letter-spaced label (合    计) read as one: OCR boxes its characters one at a time,
    loosely, so the second may sit low enough to start a line of its own, above or below the first.
    Lines of single characters side by side that overlap up and down are one line."""
    joined: list[list[Glyph | Box]] = []
    for line in lines:
        last = joined[-1] if joined else None
        if last and _single_characters(last + line) and _overlap_down(last, line) and _apart_across(last, line):
            joined[-1] = sorted(last + line, key=lambda g: g.x0)
        else:
            joined.append(line)
    return joined


def _single_characters(items: list[Glyph | Box]) -> bool:
    return all(len(g.text) == 1 for g in items)


def _overlap_down(a: list[Glyph | Box], b: list[Glyph | Box]) -> bool:
    return min(g.bottom for g in a) > max(g.top for g in b) and min(g.bottom for g in b) > max(g.top for g in a)


def _apart_across(a: list[Glyph | Box], b: list[Glyph | Box]) -> bool:
    return all(x.x1 <= y.x0 or y.x1 <= x.x0 for x in a for y in b)
