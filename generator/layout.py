"""How a disclosure is laid out: independent knobs, a seeded random choice of them, and named variants.

Each knob lists its options in the field metadata; `random_layout` draws every knob from them, so adding an
option is one edit here plus its handling where the knob is read.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, fields, replace
from typing import Any

WATERMARK_GREY = 225  # of 255: pale enough to read the table through


def _knob(default: Any, *options: Any) -> Any:
    """A layout knob; repeated options weight the random draw."""
    return field(default=default, metadata={"options": options or (default,)})


@dataclass(frozen=True)
class Layout:
    name: str = "custom"
    # every glyph drawn as its filled outline, no text left to extract (not drawn at random: such a document
    # is read by OCR throughout, at a scan's pace)
    outlined_text: bool = False
    # the header printed white on a dark band (reverse type), its rules white (not drawn at random)
    header_band: bool = False
    # every other row of a table's body printed on a band of this grey (0: none; not drawn at random)
    zebra_grey: int = 0
    # the header printed on a light fill of this grey, its text and rules black (0: none; not drawn at random)
    header_grey: int = 0
    # the watermark's grey (when there is one): 185 is as dark as a copier prints a light grey (not drawn at
    # random: scanned, such a watermark over an unruled table is not yet read exactly)
    watermark_grey: int = WATERMARK_GREY
    # --- table structure
    # frame: top/bottom rules; columns (not drawn at random): a ruled header, rules down the columns and
    # under the last row, none between the rows
    rules: str = _knob("grid", "grid", "grid", "horizontal", "frame", "none")
    code_style: str = _knob("joined", "joined", "split", "joined_split_header")  # split: 201 | 37 | 50
    summary_style: str = _knob("halves", "halves", "halves", "stacked")  # tables 01/04: 收入 | 支出
    table06_groups: int = _knob(3, 1, 2, 2, 3)  # side-by-side column groups of table 06
    table09_style: str = _knob("by_measure", "by_measure", "by_category", "rows")
    merged_headers: bool = _knob(True, True, False)  # 本年支出 spanning 小计/基本支出/项目支出
    line_numbers: bool = _knob(True, True, False)  # a 行次 column
    column_numbers: bool = _knob(True, True, False)  # a 栏次 row (1, 2, 3 …) under the header
    total_position: str = _knob("top", "top", "top", "bottom")  # the 合计 row of 02/03/05/07/08, 06, 09
    class_list: str = _knob("full", "full", "short")  # 26 or 24 function classes on 01/04
    indent_children: bool = _knob(False, False, True)  # 款/项 names indented under their 类
    wording: str = _knob("standard", "standard", "variant")  # alternative titles, headers and labels
    # --- titles and notes
    title_numbering: str = _knob("paren", "paren", "code_line", "prefix", "none")  # （表2）/公开02表/二、
    title_prefix: str = _knob("year", "year", "none", "unit_year")  # 2022年度收入决算表
    unit_label: str = _knob("单位：", "单位：", "金额单位：", "单位:")
    dept_line: bool = _knob(True, True, False)  # 部门：<unit name> beside the unit line
    table_notes: bool = _knob(True, True, False)  # 注：本表反映… under each table
    empty_table: str = _knob("note", "blank", "note", "note_only")  # how 07/08 without data are printed
    table_order: str = _knob("standard", "standard", "standard", "shanghai")  # shanghai: 三公 before 07/08
    # --- amounts
    amount_unit: str = _knob("万元", "万元", "万元", "元")
    thousands: bool = _knob(False, False, True)  # 2,940.05
    empty_mark: str = _knob("", "", "", "-", "—")  # what an amount cell without a fact shows
    amount_align: str = _knob("R", "R", "R", "C")
    amount_valign: str = _knob("middle", "middle", "middle", "top")  # top: amounts above centred labels
    # --- typography
    font: str = _knob("sans", "sans", "serif", "wqy")
    font_size: float = _knob(9.0, 8.0, 8.5, 9.0, 10.0)
    row_height: float = _knob(16.0, 14.0, 16.0, 18.0, 22.0)  # minimum; wrapped labels make rows taller
    padding: float = _knob(2.5, 1.5, 2.5, 4.0)
    label_width: str = _knob("wide", "wide", "wide", "narrow")  # narrow: labels wrap over two lines
    # --- pages
    orientation: str = _knob("mixed", "mixed", "mixed", "portrait", "landscape")  # mixed: wide tables landscape
    rows_per_page: int = _knob(0, 0, 0, 0, 12, 18)  # 0: fill the page; else break long tables early
    repeat_header: bool = _knob(True, True, False)  # continued pages repeat the column header
    rotated_table: str = _knob("", *([""] * 9), "01", "02", "05", "06")  # its pages carry /Rotate
    rotation: int = _knob(90, 90, 270)
    part_heading: str = _knob("page", "page", "inline", "none")  # 第二部分 … 部门决算表
    page_numbers: bool = _knob(True, True, False)  # - 6 - in the footer
    cover_style: int = _knob(0, 0, 1, 2)
    appendix: bool = _knob(True, True, False)  # 绩效自评表 pages after the narrative (no facts)
    # (drawn last, so every other knob of a seed's layout stays as it was drawn before this one came)
    # 单位：万元 under the title or after it; "header" (决算数（万元）in each amount column's heading) is drawn by a
    # named layout only: at random, a label then may overflow its column where it cannot wrap (（万元）)
    unit_place: str = _knob("line", "line", "line", "title")
    watermark: bool = _knob(False, False, False, False, True)  # the unit name pale across every page (drawn last too)
    full_width: bool = _knob(False, False, False, False, False, True)  # ２，９４０．０５ (drawn last too)
    # flow: a table runs on below the one before where the page has room (same orientation, none rotated),
    # its last rows on the page of the next one's title (drawn last too)
    table_breaks: str = _knob("page", "page", "page", "page", "flow")
    code_in_label: bool = _knob(False, False, False, False, True)  # 2013750 事业运行 in one cell (drawn last too)
    # 项　　目, 预　算　数: two- and three-character column headings set a character at a time, 2 or 1 em apart
    spaced_headings: bool = _knob(False, False, False, False, True)
    # a table's continued pages repeat its title, marked as continued: a （续表） line under it, or （续） after it
    continued_titles: bool = _knob(False, False, False, False, True)
    continued_title_form: str = _knob("line", "line", "suffix")
    # a budget's 09 (one amount column) as a list: a label and its amount per line, no column heading, top and
    # bottom rules only, with or without dotted leaders; a final's 09 keeps its table (drawn last too)
    nine_as_list: bool = _knob(False, False, False, False, True)
    list_leaders: bool = _knob(True, True, False)
    # codes in the label cell bracketed, the name close after: [2013750]事业运行 (drawn last too)
    code_brackets: bool = _knob(False, False, True)
    # amounts at the foot of rows taller than their text, as spreadsheets align them (drawn last too)
    amounts_at_foot: bool = _knob(False, False, False, True)
    # a rotated table's pages say so with /Rotate; unmarked, their content alone is turned on a portrait page
    # (drawn last too)
    rotate_marked: bool = _knob(True, True, True, False)
    # printed two pages to a landscape sheet (N-up), landscape pages turned to fit (not drawn at random: a sheet
    # numbers its pages apart from the document's)
    two_up: bool = False


def knob_options() -> dict[str, tuple[Any, ...]]:
    """Every knob and its distinct options, in declaration order."""
    return {f.name: tuple(dict.fromkeys(f.metadata["options"])) for f in fields(Layout) if "options" in f.metadata}


def random_layout(seed: int, name: str | None = None) -> Layout:
    rng = random.Random(seed)
    chosen = {f.name: rng.choice(f.metadata["options"]) for f in fields(Layout) if "options" in f.metadata}
    return Layout(name=name or f"random-{seed}", **chosen)


VARIANTS: dict[str, Layout] = {
    # The Huangpi family: ruled, joined codes under a 类|款|项 header, halves, 行次/栏次, （表N） titles.
    "huangpi": Layout(name="huangpi", code_style="joined_split_header", repeat_header=False),
    # The Putuo family: split codes, thousands separators, no 行次/栏次, 合计 of 05 at the bottom,
    # 06 as two groups on a portrait page, 09 by category, 三公 printed before 07/08, amounts top-aligned.
    "putuo": Layout(
        name="putuo",
        code_style="split",
        table06_groups=2,
        table09_style="by_category",
        line_numbers=False,
        column_numbers=False,
        total_position="bottom",
        title_numbering="none",
        title_prefix="none",
        dept_line=False,
        thousands=True,
        font="serif",
        amount_valign="top",
        label_width="narrow",
        table_order="shanghai",
        part_heading="inline",
        page_numbers=False,
        cover_style=1,
        appendix=False,
    ),
    "unruled_split_yuan_stacked": Layout(
        name="unruled_split_yuan_stacked",
        rules="frame",
        code_style="split",
        summary_style="stacked",
        table06_groups=1,
        table09_style="rows",
        amount_unit="元",
        thousands=True,
        title_numbering="code_line",
        unit_label="金额单位：",
        unit_place="title",
        line_numbers=False,
        empty_mark="-",
        empty_table="note_only",
    ),
    "no_rules_flat": Layout(
        name="no_rules_flat",
        rules="none",
        merged_headers=False,
        column_numbers=False,
        title_numbering="prefix",
        title_prefix="none",
        unit_label="单位:",
        amount_unit="元",
        unit_place="header",
        empty_mark="—",
        font="wqy",
        indent_children=True,
    ),
    "broken_repeat_header": Layout(
        name="broken_repeat_header",
        rules="horizontal",
        orientation="landscape",
        rows_per_page=12,
        repeat_header=True,
        row_height=18.0,
        table06_groups=1,
    ),
    "broken_no_header": Layout(
        name="broken_no_header",
        orientation="portrait",
        rows_per_page=14,
        repeat_header=False,
        font="serif",
        font_size=8.5,
        summary_style="stacked",
        code_style="split",
        wording="variant",
    ),
    "rotated_page": Layout(
        name="rotated_page",
        rotated_table="02",
        rotation=90,
        font="wqy",
        amount_align="C",
        table09_style="by_category",
        class_list="short",
    ),
}


def variant(base: str, /, **changes: Any) -> Layout:
    """A named variant with some knobs changed."""
    return replace(VARIANTS[base], **changes)


def for_kind(layout: Layout, report_kind: str) -> Layout:
    """The knobs as a report kind reads them: budget tables carry no 行次 or 栏次."""
    if report_kind != "budget":
        return layout
    return replace(layout, line_numbers=False, column_numbers=False)
