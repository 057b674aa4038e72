"""Render figures in a layout to a disclosure PDF, returning the exact gold facts of that rendering."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import astuple, dataclass, fields, replace
from pathlib import Path

from generator import budget_prose
from generator.appendix import appendix
from generator.canvas import Canvas
from generator.cells import FULL_WIDTH_CHARACTERS
from generator.draw_table import draw_table
from generator.figures import Figures, in_unit
from generator.layout import Layout, for_kind
from generator.pdf_edit import rotate_pages, two_up
from generator.prose import contents, cover, explanations, glossary, overview, part_page, part_two_title
from generator.table_model import Table
from generator.tables import PrintedTable, build_tables


@dataclass(frozen=True)
class GoldRow:
    """One fact as a perfect extractor reports it; the columns of corpus/gold/*.csv."""

    doc: str
    table_code: str
    line_key: str
    measure: str
    amount: str
    amount_unit: str
    row_label: str
    page: int

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.table_code, self.line_key, self.measure)


GOLD_COLUMNS = [f.name for f in fields(GoldRow)]
FLOW_ROOM = 200.0  # points below a table's end that the next needs to run on there


def is_landscape(layout: Layout, table: Table) -> bool:
    if layout.orientation == "mixed":
        return table.wide
    return layout.orientation == "landscape"


@dataclass(frozen=True)
class Narrative:
    """The pages of one report kind around its tables."""

    front: Callable[[Canvas, Figures, list[PrintedTable], Layout], None]
    tables_heading: Callable[[Figures], str]  # the part heading over the tables
    back: Callable[[Canvas, Figures, list[PrintedTable], Layout], None]


def _final_front(canvas: Canvas, figures: Figures, tables: list[PrintedTable], layout: Layout) -> None:
    cover(canvas, figures, layout)
    contents(canvas, figures, tables, layout)
    overview(canvas, figures)


def _final_back(canvas: Canvas, figures: Figures, tables: list[PrintedTable], layout: Layout) -> None:
    # The narrative quotes the figures as given (万元), whatever unit the tables print.
    explanations(canvas, figures, tables)
    glossary(canvas)
    if layout.appendix:
        appendix(canvas, figures, layout)


NARRATIVES = {
    "final": Narrative(_final_front, part_two_title, _final_back),
    "budget": Narrative(budget_prose.front_matter, budget_prose.tables_heading, budget_prose.back_matter),
}


@dataclass(frozen=True)
class _Placed:
    """How a table was set on its pages, for the next to run on below it."""

    landscape: bool
    rotated: bool
    end: float = 0.0

    def runs_on(self, after: _Placed, canvas: Canvas) -> bool:
        """The next table starts below this one: same orientation, no rotated page shared, room for its
        title, header and first rows."""
        same = self.landscape == after.landscape and not (self.rotated or after.rotated)
        return same and self.end + FLOW_ROOM < canvas.bottom


def render_bytes(figures: Figures, layout: Layout, doc: str) -> tuple[bytes, list[GoldRow]]:
    layout = for_kind(layout, figures.report_kind)
    narrative = NARRATIVES[figures.report_kind]
    printed = in_unit(figures, layout.amount_unit)
    tables = build_tables(printed, layout)
    own_text = figures.unit_name + "".join(f.row_label for f in figures.facts)
    own_text += FULL_WIDTH_CHARACTERS if layout.full_width else ""
    watermark = figures.unit_name if layout.watermark else ""
    canvas = Canvas(layout.font, layout.page_numbers, own_text, watermark, layout.outlined_text, layout.watermark_grey)
    narrative.front(canvas, figures, tables, layout)
    if layout.part_heading == "page":
        part_page(canvas, narrative.tables_heading(figures))
    gold: list[GoldRow] = []
    rotated: list[int] = []
    before: _Placed | None = None
    for i, t in enumerate(tables):
        heading = narrative.tables_heading(figures) if i == 0 and layout.part_heading == "inline" else ""
        placed = _Placed(is_landscape(layout, t.table), t.table.table_code == layout.rotated_table)
        at = before.end if before and layout.table_breaks == "flow" and before.runs_on(placed, canvas) else None
        drawn = draw_table(canvas, t, layout, placed.landscape, heading, at)
        before = replace(placed, end=drawn.end)
        gold += [
            GoldRow(doc, f.table_code, f.line_key, f.measure, f.amount, printed.amount_unit, f.row_label, page)
            for f, page in drawn.facts
        ]
        if t.table.table_code == layout.rotated_table:
            rotated += drawn.pages
    narrative.back(canvas, figures, tables, layout)
    data = canvas.output()
    if layout.two_up:  # its landscape pages are turned to fit their halves: none needs a /Rotate
        data = two_up(data, layout.rotation)
        gold = [replace(g, page=(g.page + 1) // 2) for g in gold]
    elif rotated:
        data = rotate_pages(data, rotated, layout.rotation, layout.rotate_marked)
    _check_complete(printed, gold, {key for t in tables for key in t.left_out})
    return data, gold


def _check_complete(figures: Figures, gold: list[GoldRow], left_out: set[tuple[str, str, str]]) -> None:
    """Every fact printed exactly once with its own amount, but those the layout has no cell for: the
    gold is the figures, re-expressed."""
    expected = {f.key: f.amount for f in figures.facts if f.key not in left_out}
    got = {g.key: g.amount for g in gold}
    if len(got) != len(gold) or got != expected:
        missing = sorted(expected.keys() - got.keys())
        extra = sorted(got.keys() - expected.keys())
        raise AssertionError(f"rendered facts differ from the figures: missing {missing}, extra {extra}")


def render(figures: Figures, layout: Layout, out_pdf_path: str | Path) -> list[GoldRow]:
    """Write the PDF; return its gold rows (doc = the file's stem, page = where each amount is printed)."""
    out = Path(out_pdf_path)
    data, gold = render_bytes(figures, layout, out.stem)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return gold


def write_gold(rows: Iterable[GoldRow], path: str | Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(GOLD_COLUMNS)
        writer.writerows(astuple(r) for r in rows)


def render_with_gold(
    figures: Figures, layout: Layout, out_dir: str | Path, name: str, gold_dir: str | Path | None = None
) -> tuple[Path, Path]:
    """Write <out_dir>/<name>.pdf and its gold <gold_dir or out_dir>/<name>.csv."""
    pdf_path = Path(out_dir) / f"{name}.pdf"
    gold_path = Path(gold_dir or out_dir) / f"{name}.csv"
    write_gold(render(figures, layout, pdf_path), gold_path)
    return pdf_path, gold_path
