"""Lay a table out on pages: title block, column widths, wrapped cells, rules, page breaks.

Returns where every fact-bearing cell landed, which is the page the gold records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.canvas import ASCENT, LEADING, MARGIN, Canvas
from generator.figures import FigureFact
from generator.layout import Layout
from generator.table_model import AMOUNT, CODE, LABEL, LINENO, Cell, HeaderCell, Table, header_cells
from generator.tables import PrintedTable, TitleBlock

TITLE_SIZE = 15.0
HEADING_SIZE = 16.0
SMALLEST_FONT = 5.5
THICK = 1.2  # weight of the top and bottom rules of an unruled ("frame") table
HEADER_BAND_GREY = 70  # the dark band a reversed header is printed on
MAX_HEADER_LINES = 3
# A spaced heading (项　　目, 预　算　数): ems between its characters, by its length; narrower cells take the
# least gap, or print the heading unspaced where even that does not fit.
SPACED_GAPS = {2: 2.0, 3: 1.0}
LEAST_GAP = 1.0
_SPACEABLE = re.compile(r"[\u4e00-\u9fff]{2,3}")
CONTINUED_LINE = "（续表）"  # under the repeated title of a continued page (continued_title_form "line")
CONTINUED_SUFFIX = "（续）"  # after it ("suffix")
LEADER = "…"  # dotted leaders of a list, from a label to its amount


def _spaced_width(canvas: Canvas, text: str, size: float, gap: float) -> float:
    """The width of text set a character at a time, gap ems apart."""
    return canvas.text_width(text, size) + gap * size * (len(text) - 1)


@dataclass
class Drawn:
    pages: list[int] = field(default_factory=list)
    facts: list[tuple[FigureFact, int]] = field(default_factory=list)  # (printed fact, 1-based page)
    end: float = 0.0  # where the table (its notes too) ends on its last page


@dataclass
class _Geometry:
    size: float
    pad: float
    x: list[float]  # left edge of every column, plus the right edge of the table
    header: list[HeaderCell]
    header_heights: list[float]
    row_heights: list[float]
    spaced: bool = False  # short headings letter-spaced

    def spaced_width(self, canvas: Canvas, text: str, gap: float) -> float:
        return _spaced_width(canvas, text, self.size, gap)

    def heading_gap(self, canvas: Canvas, text: str, width: float) -> float:
        """The ems between the characters of a heading in a cell this wide: 0 where it is not spaced."""
        if not (self.spaced and _SPACEABLE.fullmatch(text)):
            return 0.0
        for gap in (SPACED_GAPS[len(text)], LEAST_GAP):
            if self.spaced_width(canvas, text, gap) + 2 * self.pad <= width + 1e-6:
                return gap
        return 0.0

    @property
    def line_height(self) -> float:
        return self.size * LEADING

    def span(self, col: int, n: int) -> tuple[float, float]:
        return self.x[col], self.x[col + n] - self.x[col]


def draw_table(
    canvas: Canvas, printed: PrintedTable, layout: Layout, landscape: bool, heading: str = "", at: float | None = None
) -> Drawn:
    """Draw the table from a new page on, or run on from `at` on the current page; heading: a part
    heading printed above its title."""
    drawn = Drawn()
    if at is None:
        canvas.add_page(landscape)
        y = MARGIN
    else:
        y = at + TITLE_SIZE * LEADING
    drawn.pages.append(canvas.page)
    if heading:
        for line in canvas.wrap(heading, canvas.width - 2 * MARGIN, HEADING_SIZE):
            canvas.text_centred(canvas.width / 2, y + HEADING_SIZE, line, HEADING_SIZE)
            y += HEADING_SIZE * LEADING
        y += HEADING_SIZE
    y = _draw_title(canvas, printed.title, layout.font_size, y)
    table = printed.table
    if table.grid and table.as_list:
        y = _draw_list(canvas, printed, layout, landscape, y, drawn)
    elif table.grid:
        y = _draw_grid(canvas, printed, layout, landscape, y, drawn)
    drawn.end = _draw_notes(canvas, table.notes, layout.font_size, landscape, y + 4, drawn)
    return drawn


def _draw_title(canvas: Canvas, title: TitleBlock, size: float, y: float) -> float:
    left, right = MARGIN, canvas.width - MARGIN
    if title.code_line:
        canvas.text_right(right, y + size, title.code_line, size + 1)
        y += size * 2
    for line in canvas.wrap(title.title, right - left, TITLE_SIZE):
        canvas.text_centred(canvas.width / 2, y + TITLE_SIZE, line, TITLE_SIZE)
        y += TITLE_SIZE * LEADING
    y += size
    canvas.text(left, y + size, title.dept_line, size)
    canvas.text_right(right, y + size, title.unit_line, size)
    return y + size * 1.8


def _continue_page(canvas: Canvas, title: TitleBlock, layout: Layout, landscape: bool, drawn: Drawn) -> float:
    """A new page for a table's continuation; with continued titles, its title again, marked 续表. Returns
    where the table resumes."""
    canvas.add_page(landscape)
    drawn.pages.append(canvas.page)
    y = MARGIN
    if not layout.continued_titles:
        return y
    suffix = layout.continued_title_form == "suffix"
    for line in canvas.wrap(title.title + (CONTINUED_SUFFIX if suffix else ""), canvas.width - 2 * MARGIN, TITLE_SIZE):
        canvas.text_centred(canvas.width / 2, y + TITLE_SIZE, line, TITLE_SIZE)
        y += TITLE_SIZE * LEADING
    size = layout.font_size
    if not suffix:
        canvas.text_centred(canvas.width / 2, y + size + 1, CONTINUED_LINE, size + 1)
        y += (size + 1) * LEADING
    return y + size


def _draw_notes(canvas: Canvas, notes: list[str], size: float, landscape: bool, y: float, drawn: Drawn) -> float:
    width = canvas.width - 2 * MARGIN
    for note in notes:
        for line in canvas.wrap(note, width, size):
            if y + size * LEADING > canvas.bottom:
                canvas.add_page(landscape)
                drawn.pages.append(canvas.page)
                y = MARGIN
            canvas.text(MARGIN, y + size * ASCENT, line, size)
            y += size * LEADING
    return y


# --- geometry


def _fit(canvas: Canvas, table: Table, layout: Layout) -> _Geometry:
    """The largest font size, from the layout's down, at which the table fits the page width."""
    available = canvas.width - 2 * MARGIN
    size = layout.font_size
    while (widths := _column_widths(canvas, table, layout, size, available)) is None:
        if size <= SMALLEST_FONT:
            raise ValueError(f"table {table.table_code} does not fit the page even at {size} pt")
        size -= 0.5
    x = [MARGIN]
    for w in widths:
        x.append(x[-1] + w)
    header, depth = header_cells(table.columns, table.column_numbers)
    geometry = _Geometry(size, layout.padding, x, header, [layout.row_height] * depth, [], layout.spaced_headings)
    _size_header(canvas, geometry)
    geometry.row_heights = [
        max(
            [layout.row_height]
            + [_needed_height(canvas, geometry, cell, col) for col, cell in _placed_cells(row.cells)]
        )
        for row in table.body
    ]
    return geometry


def _column_widths(canvas: Canvas, table: Table, layout: Layout, size: float, available: float) -> list[float] | None:
    """Widths filling the page width, or None if the table cannot fit at this font size.

    Columns start at their content's width (labels capped, so narrow layouts wrap them); what is left
    goes to amount columns up to a usual width, then to labels up to their cap, then to amounts again.
    """
    pad2 = 2 * layout.padding
    kinds = [c.kind for c in table.columns]
    floor = {
        CODE: size + pad2,
        LINENO: 2 * size + pad2,
        AMOUNT: max(canvas.text_width("0000.00", size), 3 * size) + pad2,
        LABEL: 4 * size + pad2,
    }
    label_cap = (10 if layout.label_width == "narrow" else 20) * size + pad2
    widths = [floor[k] for k in kinds]
    for cell in header_cells(table.columns, table.column_numbers)[0]:
        if cell.colspan == 1:  # a header label wraps over at most MAX_HEADER_LINES lines
            chars = -(-len(cell.text) // MAX_HEADER_LINES)
            widths[cell.col] = max(widths[cell.col], canvas.text_width(cell.text[:chars], size) + pad2)
            if layout.spaced_headings and _SPACEABLE.fullmatch(cell.text):  # room for its usual spacing
                spaced = _spaced_width(canvas, cell.text, size, SPACED_GAPS[len(cell.text)])
                widths[cell.col] = max(widths[cell.col], spaced + pad2)
    spanned: list[tuple[int, int, float]] = []
    for row in table.body:
        for col, cell in _placed_cells(row.cells):
            needed = canvas.text_width(cell.text, size) + pad2 + cell.indent * size
            if kinds[col] == CODE:  # publishers leave codes some air
                needed += size
            if cell.span > 1:
                spanned.append((col, cell.span, needed))
            else:
                limit = label_cap if kinds[col] == LABEL else needed
                widths[col] = max(widths[col], min(needed, limit))
    for col, span, needed in spanned:  # e.g. a joined code under a 类|款|项 header
        shortfall = needed - sum(widths[col : col + span])
        if shortfall > 0 and kinds[col] != LABEL:
            for i in range(col, col + span):
                widths[i] += shortfall / span
    labels = [i for i, k in enumerate(kinds) if k == LABEL]
    amounts = [i for i, k in enumerate(kinds) if k == AMOUNT]
    excess = sum(widths) - available
    if excess > 0:  # give up label width, down to the floor
        slack = sum(widths[i] - floor[LABEL] for i in labels)
        if slack < excess:
            return None
        for i in labels:
            widths[i] -= (widths[i] - floor[LABEL]) * excess / slack
        return widths
    left = -excess
    left = _grow(widths, amounts, left, 12 * size + pad2)
    left = _grow(widths, labels, left, label_cap if layout.label_width == "narrow" else available)
    _grow(widths, amounts or list(range(len(widths))), left, available)
    return widths


def _grow(widths: list[float], columns: list[int], amount: float, limit: float) -> float:
    """Widen columns evenly, none beyond limit; returns what could not be given."""
    open_columns = [i for i in columns if widths[i] < limit]
    while amount > 1e-6 and open_columns:
        share = amount / len(open_columns)
        for i in open_columns:
            step = min(share, limit - widths[i])
            widths[i] += step
            amount -= step
        open_columns = [i for i in open_columns if widths[i] < limit - 1e-6]
    return amount


def _placed_cells(cells: list[Cell]) -> list[tuple[int, Cell]]:
    placed, col = [], 0
    for cell in cells:
        placed.append((col, cell))
        col += cell.span
    return placed


def _cell_lines(canvas: Canvas, g: _Geometry, text: str, width: float, indent: int = 0) -> list[str]:
    return canvas.wrap(text, width - 2 * g.pad - indent * g.size, g.size)


def _needed_height(canvas: Canvas, g: _Geometry, cell: Cell, col: int) -> float:
    _, width = g.span(col, cell.span)
    return len(_cell_lines(canvas, g, cell.text, width, cell.indent)) * g.line_height + 2 * g.pad


def _size_header(canvas: Canvas, g: _Geometry) -> None:
    """Grow header rows so every (wrapped) header label fits; merged cells grow their last row."""
    heights = g.header_heights
    for cell in sorted(g.header, key=lambda c: c.rowspan):
        _, width = g.span(cell.col, cell.colspan)
        needed = len(_cell_lines(canvas, g, cell.text, width)) * g.line_height + 2 * g.pad
        rows = slice(cell.row, cell.row + cell.rowspan)
        shortfall = needed - sum(heights[rows])
        if shortfall > 0:
            heights[cell.row + cell.rowspan - 1] += shortfall


# --- drawing


def _draw_grid(canvas: Canvas, printed: PrintedTable, layout: Layout, landscape: bool, y: float, drawn: Drawn) -> float:
    table = printed.table
    g = _fit(canvas, table, layout)
    y = _draw_header(canvas, g, layout, y)
    rows_on_page = 0
    for row, height in zip(table.body, g.row_heights, strict=True):
        full = layout.rows_per_page and rows_on_page >= layout.rows_per_page
        if y + height > canvas.bottom or full:
            _close_page(canvas, g, layout, y)
            y = _continue_page(canvas, printed.title, layout, landscape, drawn)
            y = _draw_header(canvas, g, layout, y) if layout.repeat_header else _open_page(canvas, g, layout, y)
            rows_on_page = 0
        if layout.zebra_grey and rows_on_page % 2:
            canvas.fill(g.x[0], y, g.x[-1] - g.x[0], height, layout.zebra_grey)
        _draw_row(canvas, g, layout, row.cells, y, height, drawn)
        y += height
        rows_on_page += 1
    _close_page(canvas, g, layout, y)
    return y


def _open_page(canvas: Canvas, g: _Geometry, layout: Layout, top: float) -> float:
    """A continued page without the header: only a top rule (if any) marks where the table resumes."""
    if layout.rules in ("frame", "horizontal", "columns"):
        canvas.line(g.x[0], top, g.x[-1], top, THICK if layout.rules == "frame" else 0.6)
    return top


def _close_page(canvas: Canvas, g: _Geometry, layout: Layout, y: float) -> None:
    if layout.rules in ("frame", "horizontal", "columns"):
        canvas.line(g.x[0], y, g.x[-1], y, THICK if layout.rules == "frame" else 0.6)


def _draw_header(canvas: Canvas, g: _Geometry, layout: Layout, top: float) -> float:
    row_top = [top]
    for h in g.header_heights:
        row_top.append(row_top[-1] + h)
    if layout.rules == "frame":
        canvas.line(g.x[0], top, g.x[-1], top, THICK)
        canvas.line(g.x[0], row_top[-1], g.x[-1], row_top[-1])
    elif layout.rules == "horizontal":
        canvas.line(g.x[0], top, g.x[-1], top)
    fill = HEADER_BAND_GREY if layout.header_band else layout.header_grey
    if fill:
        canvas.fill(g.x[0], top, g.x[-1] - g.x[0], row_top[-1] - top, fill)
    with canvas.reversed_print(layout.header_band):
        _draw_header_cells(canvas, g, layout, row_top)
    return row_top[-1]


def _draw_header_cells(canvas: Canvas, g: _Geometry, layout: Layout, row_top: list[float]) -> None:
    for cell in g.header:
        x, w = g.span(cell.col, cell.colspan)
        y, h = row_top[cell.row], row_top[cell.row + cell.rowspan] - row_top[cell.row]
        if layout.rules in ("grid", "columns"):
            canvas.rect(x, y, w, h)
        elif layout.rules == "horizontal":
            canvas.line(x, y + h, x + w, y + h)
        gap = g.heading_gap(canvas, cell.text, w)
        if gap:
            _draw_spaced(canvas, g, cell.text, gap, x + w / 2, y, h)
        else:
            _draw_text(canvas, g, _cell_lines(canvas, g, cell.text, w), x, y, w, h, "C", "middle", 0)


def _draw_spaced(canvas: Canvas, g: _Geometry, text: str, gap: float, centre: float, y: float, h: float) -> None:
    """A heading a character at a time, gap ems apart, centred in its cell (项　　目)."""
    baseline = y + (h - g.line_height) / 2 + (g.line_height - g.size) / 2 + ASCENT * g.size
    x = centre - g.spaced_width(canvas, text, gap) / 2
    for ch in text:
        canvas.text(x, baseline, ch, g.size)
        x += canvas.text_width(ch, g.size) + gap * g.size


def _draw_row(
    canvas: Canvas, g: _Geometry, layout: Layout, cells: list[Cell], y: float, height: float, drawn: Drawn
) -> None:
    for col, cell in _placed_cells(cells):
        x, w = g.span(col, cell.span)
        if layout.rules == "grid":
            canvas.rect(x, y, w, height)
        elif layout.rules == "columns":
            canvas.line(x, y, x, y + height)
            canvas.line(x + w, y, x + w, y + height)
        amount = cell.kind == AMOUNT
        align = cell.align or (layout.amount_align if amount else "C" if cell.kind == LINENO else "L")
        valign = ("bottom" if layout.amounts_at_foot else layout.amount_valign) if amount else "middle"
        lines = _cell_lines(canvas, g, cell.text, w, cell.indent)
        _draw_text(canvas, g, lines, x, y, w, height, align, valign, cell.indent)
        if cell.fact is not None:
            drawn.facts.append((cell.fact, canvas.page))
    if layout.rules == "horizontal":
        canvas.line(g.x[0], y + height, g.x[-1], y + height)


def _draw_text(
    canvas: Canvas,
    g: _Geometry,
    lines: list[str],
    x: float,
    y: float,
    w: float,
    h: float,
    align: str,
    valign: str,
    indent: int,
) -> None:
    block = len(lines) * g.line_height
    top = {"top": y + g.pad, "bottom": y + h - g.pad - block}.get(valign, y + (h - block) / 2)
    for i, line in enumerate(lines):
        baseline = top + i * g.line_height + (g.line_height - g.size) / 2 + ASCENT * g.size
        if align == "R":
            canvas.text_right(x + w - g.pad, baseline, line, g.size)
        elif align == "C":
            canvas.text_centred(x + w / 2, baseline, line, g.size)
        else:
            canvas.text(x + g.pad + indent * g.size, baseline, line, g.size)


def _draw_list(canvas: Canvas, printed: PrintedTable, layout: Layout, landscape: bool, y: float, drawn: Drawn) -> float:
    """A label and its amount per line across the page, between a top and a bottom rule, no heading; dotted
    leaders from label to amount if the layout has them."""
    table = printed.table
    size, pad = layout.font_size, layout.padding
    left, right = MARGIN, canvas.width - MARGIN
    amount_width = max(canvas.text_width(row.cells[1].text, size) for row in table.body) + 2 * pad
    g = _Geometry(size, pad, [left, right - amount_width - 2 * size, right], [], [], [])
    canvas.line(left, y, right, y, THICK)
    for row in table.body:
        label, amount = row.cells
        label_width = g.x[1] - g.x[0]
        lines = _cell_lines(canvas, g, label.text, label_width, label.indent)
        height = max(layout.row_height, len(lines) * g.line_height + 2 * pad)
        if y + height > canvas.bottom:
            canvas.line(left, y, right, y, THICK)
            y = _continue_page(canvas, printed.title, layout, landscape, drawn)
            canvas.line(left, y, right, y, THICK)
        _draw_text(canvas, g, lines, left, y, label_width, height, "L", "middle", label.indent)
        _draw_text(canvas, g, [amount.text], g.x[1], y, right - g.x[1], height, "R", "middle", 0)
        if layout.list_leaders and amount.text:
            _draw_leaders(canvas, g, lines, label.indent, y, height, right - pad - canvas.text_width(amount.text, size))
        if amount.fact is not None:
            drawn.facts.append((amount.fact, canvas.page))
        y += height
    canvas.line(left, y, right, y, THICK)
    return y


def _draw_leaders(
    canvas: Canvas, g: _Geometry, lines: list[str], indent: int, y: float, height: float, end: float
) -> None:
    """Leaders on the label's last line, from half an em after it to half an em before the amount."""
    block = len(lines) * g.line_height
    baseline = y + (height - block) / 2 + (len(lines) - 1) * g.line_height
    baseline += (g.line_height - g.size) / 2 + ASCENT * g.size
    start = g.x[0] + g.pad + indent * g.size + canvas.text_width(lines[-1], g.size) + g.size / 2
    count = int((end - g.size / 2 - start) // canvas.text_width(LEADER, g.size))
    if count > 0:
        canvas.text(start, baseline, LEADER * count, g.size)
