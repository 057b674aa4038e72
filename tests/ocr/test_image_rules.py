"""Ruling lines of a scan: thin rules printed grey or broken by gaps are found whole, pale text lines are no rules.

A 0.3 pt rule scanned grey and blurred is darker than the ink threshold only here and there: read
from the dark ink alone, parts of the grid went missing, rows merged and the rule's leftover pieces
were read as dashes.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pylopdf_fonts_zh_cn
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from pipeline.faint_rules import faint_lines
from pipeline.image_rules import (
    _carried_on,
    _carried_over_gaps,
    _chains,
    _lost_edges,
    _off_streaks,
    _streak_pieces,
    _trimmed,
)
from pipeline.ocr import ScannedPage, read_scanned
from pipeline.pdf import open_pdf
from pipeline.rules import Rule
from pipeline.shading import paper_levels

from .scans import image_pdf

DPI = 240
FONTS = Path(pylopdf_fonts_zh_cn.__file__).parent
SANS = FONTS / "NotoSansSC-Regular.otf"
PAPER, TEXT = 210, 30
COLUMNS_PT = (80, 200, 330, 460)  # edges: three columns
ROWS_PT = (100, 130, 160, 190, 220, 250)  # edges: five rows
DARK, PALE = 90, 128  # a thin rule's ink: scanned, the pale grey is lighter than the ink threshold
ALL_PALE = 3, 1  # the horizontal rule (by index) and the vertical one that are pale end to end
FIVE_ROWS = ("合计", "一般公共服务支出", "教育支出", "住房保障支出", "总计")  # a label in each row
FADED = 30  # grey levels a faded rule is under the paper: less than pale ink is
GHOST = 30  # grey levels the rules of the sheet's back show through by, before their blur
SMUDGE = 110  # grey levels a smudge darkens the paper by at its heart: to PAPER - 110, darker than a rule
WATERMARK = 165  # a watermark's grey: pale ink, lighter than the print's threshold


def _px(pt: float) -> int:
    return round(pt * DPI / 72)


def _grey_rules(draw: ImageDraw.ImageDraw) -> None:
    """2 px (0.6 pt) rules, dark and pale by turns, but for one of each way that is pale throughout."""
    for i, y in enumerate(ROWS_PT):
        for j, (a, b) in enumerate(itertools.pairwise(COLUMNS_PT)):
            grey = PALE if i == ALL_PALE[0] or (i + j) % 2 else DARK
            draw.line([(_px(a), _px(y)), (_px(b), _px(y))], fill=grey, width=2)
    for j, x in enumerate(COLUMNS_PT):
        for i, (a, b) in enumerate(itertools.pairwise(ROWS_PT)):
            grey = PALE if j == ALL_PALE[1] or (i + j) % 2 else DARK
            draw.line([(_px(x), _px(a)), (_px(x), _px(b))], fill=grey, width=2)


def _broken_rules(draw: ImageDraw.ImageDraw) -> None:
    """Dark rules a worn copy broke: each vertical one gapped for 6 pt in the middle of every row (its
    pieces a third of the row, too little of a cell's side to border it), each horizontal one twice near
    its start, leaving a 10 pt piece between the gaps."""
    for y in ROWS_PT:
        for a, b in itertools.pairwise(COLUMNS_PT):
            for start, end in ((a, a + 20), (a + 26, a + 36), (a + 42, b)):
                draw.line([(_px(start), _px(y)), (_px(end), _px(y))], fill=DARK, width=2)
    for x in COLUMNS_PT:
        for a, b in itertools.pairwise(ROWS_PT):
            middle = (a + b) / 2
            for start, end in ((a, middle - 3), (middle + 3, b)):
                draw.line([(_px(x), _px(start)), (_px(x), _px(end))], fill=DARK, width=2)


def _frame_and_uprights(draw: ImageDraw.ImageDraw) -> None:
    """The outer horizontal rules and every vertical one, whole."""
    for y in (ROWS_PT[0], ROWS_PT[-1]):
        draw.line([(_px(COLUMNS_PT[0]), _px(y)), (_px(COLUMNS_PT[-1]), _px(y))], fill=DARK, width=2)
    for x in COLUMNS_PT:
        draw.line([(_px(x), _px(ROWS_PT[0])), (_px(x), _px(ROWS_PT[-1]))], fill=DARK, width=2)


def _sheet(rules: Callable[[ImageDraw.ImageDraw], None] | None, lines: tuple[str, ...]) -> Image.Image:
    sheet = Image.new("L", (_px(595), _px(842)), PAPER)
    draw, font = ImageDraw.Draw(sheet), ImageFont.truetype(str(SANS), _px(10))
    if rules:
        rules(draw)
    for i, text in enumerate(lines):
        draw.text((_px(COLUMNS_PT[0] + 8), _px(ROWS_PT[0] + 8 + 30 * i)), text, fill=TEXT, font=font)
    return sheet.filter(ImageFilter.GaussianBlur(1.0))


def _scanned(pdf: Path) -> ScannedPage:
    with open_pdf(pdf, pdf.stem) as pages:
        return read_scanned(pages[0])


def test_thin_grey_rules_make_the_whole_grid(tmp_path: Path) -> None:
    pdf = image_pdf(tmp_path / "grey_rules.pdf", _sheet(_grey_rules, ("合计", "一般公共服务支出", "住房保障支出")))
    assert [(len(grid.rows), len(grid.cols)) for grid in _scanned(pdf).grids] == [
        (len(ROWS_PT) - 1, len(COLUMNS_PT) - 1)
    ]


def test_pale_text_lines_are_no_rules(tmp_path: Path) -> None:
    # blurred, the strokes of 一 run into one another in the pale ink: taken for a rule, the line was erased
    lines = ("一一一一一一一一一一一一一一一一", "二十一二十二二十三二十四二十五", "一、一般公共预算财政拨款收入")
    page = _scanned(image_pdf(tmp_path / "pale_text.pdf", _sheet(None, lines)))
    first_line = [word for word in page.words if word.bottom < ROWS_PT[0] + 30]
    assert len(first_line) == len(lines[0])
    assert [word.text for word in page.words if word.top > ROWS_PT[0] + 30] == list(lines[1:])
    assert page.grids == []


def test_rules_broken_by_gaps_make_the_whole_grid_and_leave_no_dashes(tmp_path: Path) -> None:
    pdf = image_pdf(tmp_path / "broken_rules.pdf", _sheet(_broken_rules, ("合计", "一般公共服务支出", "住房保障支出")))
    page = _scanned(pdf)
    assert [(len(grid.rows), len(grid.cols)) for grid in page.grids] == [(len(ROWS_PT) - 1, len(COLUMNS_PT) - 1)]
    assert [word.text for word in page.words] == ["合计", "一般公共服务支出", "住房保障支出"]


def _faded_rules(draw: ImageDraw.ImageDraw) -> None:
    """Every rule faded by a photocopy to FADED grey levels under the paper, lighter than pale ink; each
    horizontal one worn through for 14 pt twice."""
    grey = PAPER - FADED
    for y in ROWS_PT:
        start, end = COLUMNS_PT[0], COLUMNS_PT[-1]
        for a, b in ((start, start + 60), (start + 74, end - 80), (end - 66, end)):
            draw.line([(_px(a), _px(y)), (_px(b), _px(y))], fill=grey, width=2)
    for x in COLUMNS_PT:
        draw.line([(_px(x), _px(ROWS_PT[0])), (_px(x), _px(ROWS_PT[-1]))], fill=grey, width=2)


def test_rules_a_copy_faded_and_wore_through_make_the_whole_grid(tmp_path: Path) -> None:
    # read from the ink and the pale ink alone, no rule was found: the rows' labels ran into one another
    lines = ("合计", "一般公共服务支出", "住房保障支出")
    page = _scanned(image_pdf(tmp_path / "faded_rules.pdf", _sheet(_faded_rules, lines)))
    assert [(len(grid.rows), len(grid.cols)) for grid in page.grids] == [(len(ROWS_PT) - 1, len(COLUMNS_PT) - 1)]
    assert all(cell.row1 - cell.row0 == 1 for cell in page.grids[0].cells)
    assert [word.text for word in page.words] == list(lines)


def _faded_rules_worn_in_every_row(draw: ImageDraw.ImageDraw) -> None:
    """Every rule faded to FADED grey levels under the paper; each upright one worn through for 6 pt in the
    middle of every row, as a toner-starved print leaves its hairlines."""
    grey = PAPER - FADED
    for y in ROWS_PT:
        draw.line([(_px(COLUMNS_PT[0]), _px(y)), (_px(COLUMNS_PT[-1]), _px(y))], fill=grey, width=2)
    for x in COLUMNS_PT:
        for a, b in itertools.pairwise(ROWS_PT):
            middle = (a + b) / 2
            for start, end in ((a, middle - 3), (middle + 3, b)):
                draw.line([(_px(x), _px(start)), (_px(x), _px(end))], fill=grey, width=2)


def test_upright_rules_faded_and_worn_in_every_row_make_the_whole_grid(tmp_path: Path) -> None:
    # each faint piece of an upright reached from a rule across to the middle of a row only: none bordered
    # a cell, and the columns ran together
    lines = ("合计", "一般公共服务支出", "住房保障支出")
    page = _scanned(image_pdf(tmp_path / "faded_worn.pdf", _sheet(_faded_rules_worn_in_every_row, lines)))
    assert [(len(grid.rows), len(grid.cols)) for grid in page.grids] == [(len(ROWS_PT) - 1, len(COLUMNS_PT) - 1)]
    assert [word.text for word in page.words] == list(lines)


def _lit_unevenly(sheet: Image.Image, levels: float) -> Image.Image:
    """The sheet lit `levels` grey levels brighter at its left edge and as much darker at its right, as a
    copier's lamp leaves it: the page's usual paper is its middle's, the table's left side brighter."""
    pixels = np.asarray(sheet).astype(np.float32)
    pixels += np.linspace(levels, -levels, pixels.shape[1])[None, :]
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def test_rules_faded_on_paper_lit_unevenly_make_the_whole_grid(tmp_path: Path) -> None:
    # measured against the page's usual paper, the left rules were hardly darker than it: left columns
    # went missing, and lost edges were made up where the rules across happened to end
    lines = ("合计", "一般公共服务支出", "住房保障支出")
    page = _scanned(image_pdf(tmp_path / "lit.pdf", _lit_unevenly(_sheet(_faded_rules, lines), 20)))
    assert [(len(grid.rows), len(grid.cols)) for grid in page.grids] == [(len(ROWS_PT) - 1, len(COLUMNS_PT) - 1)]
    assert [word.text for word in page.words] == list(lines)


def _wide_faded_rules(draw: ImageDraw.ImageDraw) -> None:
    """Every rule faded to FADED grey levels under the paper, 1.2 pt wide: blurred, a copy's faded rule
    is nearly paper only 1.5 pt off its middle, not 1 pt off as a hairline is."""
    grey = PAPER - FADED
    for y in ROWS_PT:
        draw.line([(_px(COLUMNS_PT[0]), _px(y)), (_px(COLUMNS_PT[-1]), _px(y))], fill=grey, width=_px(1.2))
    for x in COLUMNS_PT:
        draw.line([(_px(x), _px(ROWS_PT[0])), (_px(x), _px(ROWS_PT[-1]))], fill=grey, width=_px(1.2))


def test_wide_rules_a_copy_faded_make_the_whole_grid(tmp_path: Path) -> None:
    lines = ("合计", "一般公共服务支出", "住房保障支出")
    sheet = _sheet(_wide_faded_rules, lines).filter(ImageFilter.GaussianBlur(1.0))
    page = _scanned(image_pdf(tmp_path / "wide.pdf", sheet))
    assert [(len(grid.rows), len(grid.cols)) for grid in page.grids] == [(len(ROWS_PT) - 1, len(COLUMNS_PT) - 1)]
    assert [word.text for word in page.words] == list(lines)


@pytest.mark.parametrize(("dark_pt", "shadow"), [(17, False), (60, True)])
def test_a_faint_line_beside_dark_ink_is_a_shadow_only_beside_a_rule(dark_pt: int, shadow: bool) -> None:
    # a label's touching strokes (十、节 run 17 pt dark) 6 pt under a faded rule had it taken for the
    # shadow of a rule: the rule ended there, and lost edges were made up where such rules ended together
    scale, paper = 2.0, 210
    gray = np.full((200, 1000), paper, np.uint8)
    gray[100:102, 40:960] = paper - FADED
    gray[112:114, 400 : 400 + 2 * dark_pt] = TEXT
    found = faint_lines(gray, paper_levels(gray, scale), scale)[98:104, 400 : 400 + 2 * dark_pt].any(axis=0)
    assert not found.any() if shadow else found.all()


def _bled_through(sheet: Image.Image) -> Image.Image:
    """The rules of the sheet's back showing through, GHOST grey levels under the paper and blurred wide,
    lined up with no rule of the front: its rows halfway between the front's, its columns 40 pt left."""
    back = Image.new("L", sheet.size, PAPER)
    draw = ImageDraw.Draw(back)
    rows = [(a + b) / 2 for a, b in itertools.pairwise(ROWS_PT)]
    left, right = COLUMNS_PT[0] - 40, COLUMNS_PT[-1] - 40
    for y in rows:
        draw.line([(_px(left), _px(y)), (_px(right), _px(y))], fill=PAPER - GHOST, width=3)
    for x in COLUMNS_PT:
        draw.line([(_px(x - 40), _px(rows[0])), (_px(x - 40), _px(rows[-1]))], fill=PAPER - GHOST, width=3)
    ghost = np.asarray(back.filter(ImageFilter.GaussianBlur(2.5)))
    return Image.fromarray(np.minimum(np.asarray(sheet), ghost))


def test_rules_bleeding_through_from_the_back_of_the_sheet_are_no_rules(tmp_path: Path) -> None:
    # as dark as a faded rule, but blurred wide: taken for rules, they cut the front's rows and digits
    lines = ("合计", "一般公共服务支出", "住房保障支出")
    page = _scanned(image_pdf(tmp_path / "bleed.pdf", _bled_through(_sheet(_whole_grid, lines))))
    assert [(len(grid.rows), len(grid.cols)) for grid in page.grids] == [(len(ROWS_PT) - 1, len(COLUMNS_PT) - 1)]
    assert [word.text for word in page.words] == list(lines)


def _shadowed_rule(draw: ImageDraw.ImageDraw) -> None:
    """A whole dark grid whose first inner upright a copy printed twice: its faint shadow 6 pt to the
    right, running on a row past the rule's end, down through the frame's last row."""
    _whole_grid(draw)
    x = COLUMNS_PT[1] + 6
    draw.line([(_px(x), _px(ROWS_PT[0])), (_px(x), _px(ROWS_PT[-1] + 16))], fill=PAPER - FADED, width=2)


def test_a_faint_shadow_beside_a_rule_is_no_rule(tmp_path: Path) -> None:
    # taken for a rule, it made a column 6 pt wide, and the codes under 项 stood in neither
    lines = ("合计", "一般公共服务支出", "住房保障支出")
    page = _scanned(image_pdf(tmp_path / "shadow.pdf", _sheet(_shadowed_rule, lines)))
    assert [(len(grid.rows), len(grid.cols)) for grid in page.grids] == [(len(ROWS_PT) - 1, len(COLUMNS_PT) - 1)]


def _rule_ending_under_a_stroke(draw: ImageDraw.ImageDraw) -> None:
    """A whole grid but for the first inner vertical rule, which ends at the second horizontal one:
    above it the top row's cell spans two columns, and a character's thin stroke, alone on the rule's
    line, stands 5 pt over the rule's end (as a faint scan leaves 科 of 科目编码)."""
    inner = COLUMNS_PT[1]
    for y in ROWS_PT:
        draw.line([(_px(COLUMNS_PT[0]), _px(y)), (_px(COLUMNS_PT[-1]), _px(y))], fill=DARK, width=2)
    for x in COLUMNS_PT:
        top = ROWS_PT[1] if x == inner else ROWS_PT[0]
        draw.line([(_px(x), _px(top)), (_px(x), _px(ROWS_PT[-1]))], fill=DARK, width=2)
    draw.line([(_px(inner), _px(ROWS_PT[0] + 10)), (_px(inner), _px(ROWS_PT[1] - 5))], fill=DARK, width=2)


def test_a_stroke_on_a_rules_line_past_its_end_does_not_carry_it_on(tmp_path: Path) -> None:
    page = _scanned(image_pdf(tmp_path / "stroke_over_rule.pdf", _sheet(_rule_ending_under_a_stroke, ())))
    [grid] = page.grids
    top_left = grid.at(0, 0)
    assert top_left is not None and (top_left.col0, top_left.col1) == (0, 2)


def _rules_worn_along_the_first_column(draw: ImageDraw.ImageDraw) -> None:
    """Whole vertical rules and outer horizontal ones; each inner horizontal one worn to 8 pt dashes
    across the first column, and worn through where it crosses the first inner vertical: its whole
    run starts 11 pt past the dashes."""
    inner = COLUMNS_PT[1]
    _frame_and_uprights(draw)
    for y in ROWS_PT[1:-1]:
        for start in [*range(COLUMNS_PT[0], inner - 14, 12), inner - 15]:
            draw.line([(_px(start), _px(y)), (_px(start + 8), _px(y))], fill=DARK, width=2)
        draw.line([(_px(inner + 4), _px(y)), (_px(COLUMNS_PT[-1]), _px(y))], fill=DARK, width=2)


def test_a_rule_worn_all_across_a_column_still_borders_its_rows(tmp_path: Path) -> None:
    lines = ("合计", "一般公共服务支出", "住房保障支出")
    page = _scanned(image_pdf(tmp_path / "worn_column.pdf", _sheet(_rules_worn_along_the_first_column, lines)))
    assert [(len(grid.rows), len(grid.cols)) for grid in page.grids] == [(len(ROWS_PT) - 1, len(COLUMNS_PT) - 1)]
    assert all(cell.row1 - cell.row0 == 1 for cell in page.grids[0].cells)
    assert [word.text for word in page.words] == list(lines)


def _whole_grid(draw: ImageDraw.ImageDraw) -> None:
    for y in ROWS_PT:
        draw.line([(_px(COLUMNS_PT[0]), _px(y)), (_px(COLUMNS_PT[-1]), _px(y))], fill=DARK, width=2)
    for x in COLUMNS_PT:
        draw.line([(_px(x), _px(ROWS_PT[0])), (_px(x), _px(ROWS_PT[-1]))], fill=DARK, width=2)


def _smudged(sheet: Image.Image) -> Image.Image:
    """A toner smudge: the paper darkened by up to SMUDGE grey levels, fading over 40 by 10 pt, over
    the middle column's third rule."""
    y, x = np.ogrid[: sheet.height, : sheet.width]
    centre_x, centre_y = _px((COLUMNS_PT[1] + COLUMNS_PT[2]) / 2), _px(ROWS_PT[2])
    shade = SMUDGE * np.exp(-(((x - centre_x) / _px(40)) ** 2 + ((y - centre_y) / _px(10)) ** 2))
    return Image.fromarray(np.clip(np.asarray(sheet, dtype=np.float32) - shade, 0, 255).astype(np.uint8))


def test_a_rule_under_a_smudge_still_parts_its_rows(tmp_path: Path) -> None:
    # the paper under a smudge is as dark as ink: its rule was a blot, and the rows it parts merged
    lines = ("合计", "一般公共服务支出", "住房保障支出")
    page = _scanned(image_pdf(tmp_path / "smudge.pdf", _smudged(_sheet(_whole_grid, lines))))
    assert [(len(grid.rows), len(grid.cols)) for grid in page.grids] == [(len(ROWS_PT) - 1, len(COLUMNS_PT) - 1)]
    assert all(cell.row1 - cell.row0 == 1 for cell in page.grids[0].cells)
    assert [word.text for word in page.words] == list(lines)


def _streaked(draw: ImageDraw.ImageDraw) -> None:
    """A whole dark grid with an amount in its last row's last cell, and a copier's drum streak down
    through the amount: a grey line from above the table to 100 pt below it, broken in places."""
    _whole_grid(draw)
    font = ImageFont.truetype(str(SANS), _px(10))
    draw.text((_px(COLUMNS_PT[-2] + 30), _px(ROWS_PT[-2] + 8)), "173.61", fill=TEXT, font=font)
    x = COLUMNS_PT[-2] + 42
    for a, b in ((ROWS_PT[0] - 40, ROWS_PT[1] + 5), (ROWS_PT[1] + 12, ROWS_PT[3]), (ROWS_PT[3] + 6, ROWS_PT[-1] + 100)):
        draw.line([(_px(x), _px(a)), (_px(x), _px(b))], fill=DARK, width=2)


def test_a_copiers_streak_through_the_table_is_no_rule(tmp_path: Path) -> None:
    # its pieces were taken for an upright: one ran 100 pt past the frame, where the table's own rules end,
    # and it parted the last row's 173.61 into 1.73 and 61
    page = _scanned(image_pdf(tmp_path / "streak.pdf", _sheet(_streaked, FIVE_ROWS[:1])))
    assert [(len(grid.rows), len(grid.cols)) for grid in page.grids] == [(len(ROWS_PT) - 1, len(COLUMNS_PT) - 1)]
    assert [word.text for word in page.words] == ["合计", "173.61"]


def test_a_titles_strokes_over_a_column_of_labels_make_no_streak() -> None:
    # an unruled table's labels in a CJK face, every character at the same pitch: their upright strokes
    # stand a point apart or less across the column, down over half the page, one line as a streak's
    # pieces are told; the title's strokes above, 13 pt tall, side by side, counted as three stretches
    # of a streak drawn in stretches, and the labels' strokes were masked as one
    scale = 2.0
    ink = np.zeros((round(842 * scale), round(595 * scale)), np.uint8)
    for k, x in enumerate((85.0, 86.0, 87.0)):
        ink[round(71 * scale) : round((84 - k / 2) * scale), round(x * scale)] = 255
    for row, y in enumerate(range(100, 540, 22)):
        for x in np.arange(84.0 + row % 2 / 2, 150.0, 1.0):
            ink[round(y * scale) : round((y + 8) * scale), round(x * scale)] = 255
    assert not _streak_pieces(ink, np.zeros_like(ink), scale).any()


def test_a_streak_is_told_by_running_past_the_frame_not_past_the_last_rule_it_crosses() -> None:
    # a level rule worn in two, its first piece crossing only the frame's left side, ran 70 pt past
    # that upright, the last it crossed: taken for a streak, the row it parted merged with the next
    uprights = [Rule(False, x, 100, 300) for x in (50, 150, 250, 400)]
    level = [Rule(True, y, 50, 400) for y in (100, 150, 200, 250, 300)]
    worn = [Rule(True, 175, 50, 120), Rule(True, 175.5, 130, 400)]
    streak = [Rule(False, 300, 120, 200), Rule(False, 300.6, 230, 400)]  # on down 100 pt past the frame
    assert _off_streaks(level + worn, uprights + streak) == level + worn
    assert _off_streaks(uprights + streak, level + worn) == uprights
    # a streak down beside the middle upright, bridged into it: the rule from the frame's top is kept
    bridged = Rule(False, 150, 100, 370)
    assert _off_streaks([uprights[0], bridged, *uprights[2:]], level) == uprights


def test_a_streak_in_stretches_is_told_by_a_stretch_past_the_frame() -> None:
    # a streak drawn in stretches: two in the frame met rows and were taken for rules, none joined to
    # one past the frame, but a run on its line lies there (the streak had cut 717.67 into 71 | 7.67)
    uprights = [Rule(False, x, 100, 300) for x in (50, 150, 250, 400)]
    level = [Rule(True, y, 50, 400) for y in (100, 150, 200, 250, 300)]
    stretches = [Rule(False, 320, 130, 190), Rule(False, 320.5, 220, 280)]
    past = Rule(False, 320.3, 360, 420)
    assert _off_streaks(uprights + stretches, level, [*stretches, past]) == uprights
    assert _off_streaks(uprights + stretches, level, stretches) == uprights + stretches


def test_an_outer_rule_a_streak_ran_down_beside_is_cut_back_to_the_frame() -> None:
    # the table's right side with a streak bridged in above and below it: the rows end on it, so it is
    # the table's rule, cut back to the frame, not a streak crossing rows (a column of amounts was lost)
    uprights = [Rule(False, x, 100, 300) for x in (50, 150, 250)]
    level = [Rule(True, y, 50, 400) for y in (100, 150, 200, 250, 300)]
    merged = Rule(False, 400, 96, 380)
    assert _off_streaks([*uprights, merged], level) == [*uprights, Rule(False, 400, 100, 300)]


def _verticals_short_of_the_last_rule(draw: ImageDraw.ImageDraw) -> None:
    """A whole grid but that its vertical rules stop 2.5 pt above the bottom one (a worn corner, a thick
    rule's blur): further than the lattice's snap, well within a rule's reach."""
    for y in ROWS_PT:
        draw.line([(_px(COLUMNS_PT[0]), _px(y)), (_px(COLUMNS_PT[-1]), _px(y))], fill=DARK, width=2)
    for x in COLUMNS_PT:
        draw.line([(_px(x), _px(ROWS_PT[0])), (_px(x), _px(ROWS_PT[-1] - 2.5))], fill=DARK, width=2)


def test_rules_stopping_short_of_the_last_rule_still_close_the_last_row(tmp_path: Path) -> None:
    pdf = image_pdf(
        tmp_path / "short_rules.pdf", _sheet(_verticals_short_of_the_last_rule, ("合计", "一般公共服务支出"))
    )
    assert [(len(grid.rows), len(grid.cols)) for grid in _scanned(pdf).grids] == [
        (len(ROWS_PT) - 1, len(COLUMNS_PT) - 1)
    ]


def _rules_worn_near_their_end(draw: ImageDraw.ImageDraw) -> None:
    """Every horizontal rule worn through 9 pt from 29 pt before its end: the piece left beyond the gap
    is too short for a rule of its own, and the last vertical rule meets nothing else."""
    end = COLUMNS_PT[-1]
    for y in ROWS_PT:
        draw.line([(_px(COLUMNS_PT[0]), _px(y)), (_px(end - 29), _px(y))], fill=DARK, width=2)
        draw.line([(_px(end - 20), _px(y)), (_px(end), _px(y))], fill=DARK, width=2)
    for x in COLUMNS_PT:
        draw.line([(_px(x), _px(ROWS_PT[0])), (_px(x), _px(ROWS_PT[-1]))], fill=DARK, width=2)


def test_rules_worn_through_near_their_end_still_reach_the_last_column(tmp_path: Path) -> None:
    pdf = image_pdf(tmp_path / "worn_end.pdf", _sheet(_rules_worn_near_their_end, ("合计", "一般公共服务支出")))
    assert [(len(grid.rows), len(grid.cols)) for grid in _scanned(pdf).grids] == [
        (len(ROWS_PT) - 1, len(COLUMNS_PT) - 1)
    ]


def _dashed_rules_only(draw: ImageDraw.ImageDraw) -> None:
    """Rules between rows drawn dashed (3 pt dashes 2 pt apart), and no rule upright: nothing for a
    worn rule's pieces to end on. A few dashes are lost, as a worn copy loses them."""
    for i, y in enumerate(ROWS_PT):
        for k, x in enumerate(range(COLUMNS_PT[0], COLUMNS_PT[-1], 5)):
            if (k + i) % 17 != 5:
                draw.line([(_px(x), _px(y)), (_px(x + 3), _px(y))], fill=DARK, width=2)


def test_dashed_rules_between_rows_are_rules_and_leave_no_dashes(tmp_path: Path) -> None:
    lines = ("合计 852.68", "一般公共服务支出 821.73", "住房保障支出 12.67")
    page = _scanned(image_pdf(tmp_path / "dashed.pdf", _sheet(_dashed_rules_only, lines)))
    dashed = [r for r in page.rules if r.horizontal and r.b - r.a > 300]
    assert len(dashed) == len(ROWS_PT)
    assert [word.text for word in page.words] == [
        "合计",
        "852.68",
        "一般公共服务支出",
        "821.73",
        "住房保障支出",
        "12.67",
    ]


def _outer_edges_worn_away(draw: ImageDraw.ImageDraw) -> None:
    """Whole rules but for two edges a worn copy lost: the bottom one left as 3 pt specks 20 pt apart
    (too far apart to bridge), the right one gone."""
    for y in ROWS_PT[:-1]:
        draw.line([(_px(COLUMNS_PT[0]), _px(y)), (_px(COLUMNS_PT[-1]), _px(y))], fill=DARK, width=2)
    for start in range(COLUMNS_PT[0] + 10, COLUMNS_PT[-1] - 10, 23):
        draw.line([(_px(start), _px(ROWS_PT[-1])), (_px(start + 3), _px(ROWS_PT[-1]))], fill=DARK, width=2)
    for x in COLUMNS_PT[:-1]:
        draw.line([(_px(x), _px(ROWS_PT[0])), (_px(x), _px(ROWS_PT[-1]))], fill=DARK, width=2)


def test_outer_rules_a_worn_copy_lost_are_found_where_the_rules_across_end(tmp_path: Path) -> None:
    # the rules across still end together where an edge was: without it, the last row (总计) and the
    # last column lay outside the grid, and the bottom rule's specks read as dashes
    lines = FIVE_ROWS
    page = _scanned(image_pdf(tmp_path / "worn_edges.pdf", _sheet(_outer_edges_worn_away, lines)))
    assert [(len(grid.rows), len(grid.cols)) for grid in page.grids] == [(len(ROWS_PT) - 1, len(COLUMNS_PT) - 1)]
    assert [word.text for word in page.words] == list(lines)


def test_broken_hairlines_ending_together_inside_a_table_make_no_edge() -> None:
    # a hairline scanned in black and white at 400 dpi breaks into pieces; pieces trimmed where a column's
    # decimal points stand on their line begin together mid-column, and were taken for a lost left edge
    # there, cutting every amount of the column at its point (852 | 68)
    uprights = [Rule(False, x, 84.0, 351.0) for x in (42.0, 83.0, 459.0, 516.0, 573.0, 800.0)]
    pieces = [Rule(True, y, 502.9, 573.4) for y in (178.7, 293.0, 321.7)]
    whole = [Rule(True, y, 42.0, 800.0) for y in (84.0, 136.0, 150.0, 221.5, 351.0)]
    assert [edge.at for edge in _lost_edges(pieces, uprights)] == [502.9]  # as a worn edge's would be
    assert [edge.at for edge in _lost_edges(whole + pieces, uprights)] == []


def _rules_stepping(draw: ImageDraw.ImageDraw) -> None:
    """Whole outer rules and verticals; each inner horizontal one drawn as 10 pt pieces 2 pt apart,
    stepping down 0.5 pt and back by turns, as a fax's coarse rows leave a rule a little off level:
    no piece is as long as a rule must be. Printed black: a grey piece beside a label is lost to its ink."""
    _frame_and_uprights(draw)
    for y in ROWS_PT[1:-1]:
        for k, start in enumerate(range(COLUMNS_PT[0], COLUMNS_PT[-1], 12)):
            step = _px(0.5) * (k % 2)
            draw.line([(_px(start), _px(y) + step), (_px(start + 10), _px(y) + step)], fill=TEXT, width=2)


def test_a_rule_stepping_off_level_with_no_straight_run_long_enough_still_parts_its_rows(tmp_path: Path) -> None:
    # a fax's rule between two rows of 7.60 read as one cell (7.60 — *-r 7.60): its pieces, each short of
    # a rule's length, run from the table's edge across every rule upright, as no label's strokes do
    lines = FIVE_ROWS
    page = _scanned(image_pdf(tmp_path / "stepping.pdf", _sheet(_rules_stepping, lines)))
    assert [(len(grid.rows), len(grid.cols)) for grid in page.grids] == [(len(ROWS_PT) - 1, len(COLUMNS_PT) - 1)]
    assert [word.text for word in page.words] == list(lines)


def test_a_fax_rules_pieces_worn_through_over_more_than_a_bridge_are_one_chain() -> None:
    # a fax dithered a rule into 75 pieces and wore it through for 13 pt in mid-cell: neither part
    # reached from rule to rule across, so neither was a rule, and two rows merged (22.26 with 10.88)
    left = [(Rule(True, 199.1, 48, 60), 1), (Rule(True, 199.4, 61.5, 674), 2)]
    right = [(Rule(True, 199.6, 687, 790), 3)]
    apart = [(Rule(True, 199.3, 815, 840), 4)]  # 25 pt on: further than a row's height
    below = [(Rule(True, 204.1, 60, 90), 5)]  # another line
    assert _carried_over_gaps([right, below, left, apart]) == [left + right, below, apart]


def test_a_worn_rules_pieces_chain_on_its_runs_line_whatever_specks_beneath_it() -> None:
    # a fax: specks just under a rule's run (1 pt off it), then its pieces past a worn crossing on the
    # run's own line; chained by the last speck's line, the pieces made a rule of their own, too short
    # to keep, and were read into the amount beside them (4,532,700.00 a row too tall)
    run = (Rule(True, 100.0, 80.0, 330.0), None)
    specks = [(Rule(True, 100.9, x, x + 3), i) for i, x in enumerate((120.0, 140.0), 1)]
    pieces = [(Rule(True, 99.8, a, b), i) for i, (a, b) in enumerate(((331.0, 360.0), (362.0, 400.0)), 3)]
    chains = _chains([run, *specks, *pieces])
    assert [len(chain) for chain in chains] == [5]


def _rules_sagging(draw: ImageDraw.ImageDraw) -> None:
    """Straight outer rules and verticals; each inner horizontal one (0.9 pt) sagging 2.5 pt at its middle,
    as a phone photo's page curl leaves it: thin all along, but its box as tall as a filled block's."""
    _frame_and_uprights(draw)
    left, right = COLUMNS_PT[0], COLUMNS_PT[-1]
    for y in ROWS_PT[1:-1]:
        xs = np.linspace(left, right, 60)
        sag = 2.5 * (1 - ((2 * xs - left - right) / (right - left)) ** 2)
        draw.line([(_px(x), _px(y + s)) for x, s in zip(xs, sag, strict=True)], fill=DARK, width=3)


def test_a_rule_sagging_with_the_pages_curl_still_parts_its_rows(tmp_path: Path) -> None:
    # a phone photo of a curled page: taken by its box for a filled block, no rule between ten rows of
    # a table was found, and their codes, labels and amounts each ran together in one cell
    lines = FIVE_ROWS
    page = _scanned(image_pdf(tmp_path / "sagging.pdf", _sheet(_rules_sagging, lines)))
    assert [(len(grid.rows), len(grid.cols)) for grid in page.grids] == [(len(ROWS_PT) - 1, len(COLUMNS_PT) - 1)]
    assert [word.text for word in page.words] == list(lines)


CURL_FROM_PT, CURL_DROP_PT = 400, 3.5  # where a bound page lifts off the glass, and how far its rules bend by its edge
AMOUNTS = ("2106.66", "326.71", "60.99", "445.69", "2940.05")


def _rules_curling_by_the_spine(draw: ImageDraw.ImageDraw) -> None:
    """A whole grid whose horizontal rules bend down over their last 60 pt, as a book scanned open bends
    them where the page lifts by its spine (which the right edge stands beside), and amounts in the
    last column, set to its right."""
    left, right = COLUMNS_PT[0], COLUMNS_PT[-1]
    xs = np.linspace(CURL_FROM_PT, right, 40)
    for y in ROWS_PT:
        bent = [(_px(x), _px(y + CURL_DROP_PT * ((x - CURL_FROM_PT) / (right - CURL_FROM_PT)) ** 2)) for x in xs]
        draw.line([(_px(left), _px(y)), *bent], fill=DARK, width=2)
    for x in COLUMNS_PT:
        draw.line([(_px(x), _px(ROWS_PT[0])), (_px(x), _px(ROWS_PT[-1] + CURL_DROP_PT))], fill=DARK, width=2)
    font = ImageFont.truetype(str(SANS), _px(10))
    for top, amount in zip(ROWS_PT, AMOUNTS, strict=False):
        draw.text((_px(right - 6), _px(top + 8)), amount, fill=TEXT, font=font, anchor="ra")


def test_rules_bending_where_a_bound_page_lifts_by_its_spine_still_reach_its_edge(tmp_path: Path) -> None:
    # a book scanned open: each rule's bent end was lost, the rules stopping together read as an edge of
    # their own, and that cut the last column's amounts in two (2106.66 as 21 | 06.66)
    lines = FIVE_ROWS
    page = _scanned(image_pdf(tmp_path / "curled.pdf", _sheet(_rules_curling_by_the_spine, lines)))
    assert [(len(grid.rows), len(grid.cols)) for grid in page.grids] == [(len(ROWS_PT) - 1, len(COLUMNS_PT) - 1)]
    assert [word.text for word in page.words] == [text for pair in zip(lines, AMOUNTS, strict=True) for text in pair]


def _upright_worn_to_pieces(draw: ImageDraw.ImageDraw) -> None:
    """Whole horizontal rules and outer verticals; the inner verticals of a fax, worn to pieces of 8 pt 2 pt apart
    (none as long as a rule must be) down to a stretch left whole: the first from 5 pt under the top
    rule, the second from the top rule, then lost for 14 pt, wider than a gap that is bridged."""
    for y in ROWS_PT:
        draw.line([(_px(COLUMNS_PT[0]), _px(y)), (_px(COLUMNS_PT[-1]), _px(y))], fill=DARK, width=2)
    for x in (COLUMNS_PT[0], COLUMNS_PT[-1]):
        draw.line([(_px(x), _px(ROWS_PT[0])), (_px(x), _px(ROWS_PT[-1]))], fill=DARK, width=2)
    for x, start, stop in ((COLUMNS_PT[1], ROWS_PT[0] + 5, ROWS_PT[3]), (COLUMNS_PT[2], ROWS_PT[0], ROWS_PT[1] - 14)):
        for top in range(start, stop - 2, 10):  # the last piece stops short of the rule, a gap before it
            draw.line([(_px(x), _px(top)), (_px(x), _px(min(top + 8, stop - 2)))], fill=TEXT, width=2)
    draw.line([(_px(COLUMNS_PT[1]), _px(ROWS_PT[3])), (_px(COLUMNS_PT[1]), _px(ROWS_PT[-1]))], fill=DARK, width=2)
    draw.line([(_px(COLUMNS_PT[2]), _px(ROWS_PT[1])), (_px(COLUMNS_PT[2]), _px(ROWS_PT[-1]))], fill=DARK, width=2)


def test_an_upright_rule_worn_to_pieces_past_its_whole_stretch_still_parts_every_row(tmp_path: Path) -> None:
    # a fax: 本年收入合计 and 行次's rule lost above a whole stretch, its header cells read as one (本入I),
    # and its pieces over a header row lost beyond a gap: 本年支出合计 and 基本支出 headed one column
    page = _scanned(image_pdf(tmp_path / "worn_upright.pdf", _sheet(_upright_worn_to_pieces, ())))
    (grid,) = page.grids
    assert (len(grid.rows), len(grid.cols)) == (len(ROWS_PT) - 1, len(COLUMNS_PT) - 1)
    assert all(cell.col1 - cell.col0 == 1 for cell in grid.cells)


def test_digits_strokes_under_a_rules_end_do_not_carry_it_on() -> None:
    # 201 | 3704: a budget's codes split under its header's 类 | 款 rule, the 1s of codes set flush left
    # (7 pt strokes 8 pt apart, row under row) taken for the rule's worn pieces beyond a gap; a fax's
    # worn rule inks most of its way
    header_rule = Rule(False, 110.0, 100.0, 130.0)
    across = [Rule(True, y, 80.0, 460.0) for y in (100.0, 130.0, 178.5)]
    digits = [(Rule(False, 110.0, a, a + 7), i) for i, a in enumerate((142.0, 157.0, 172.0), 1)]
    worn = [(Rule(False, 110.0, a, a + 5), i) for i, a in enumerate((142.0, 148.0, 154.0, 160.0, 166.0, 172.0), 1)]
    assert _carried_on(digits, [header_rule], across) is None
    assert _carried_on(worn, [header_rule], across) == 0


def test_digits_strokes_past_a_rules_end_stay_out_of_it_though_they_pass_rules_across() -> None:
    # the same 1s within the bridging gap of the rule's run: they pass the rules of the rows they stand
    # in, but ink little of their way, where a worn rule's pieces (kept so) ink most of it
    run = (Rule(False, 110.0, 100.0, 130.0), None)
    across = [Rule(True, y, 80.0, 460.0) for y in (100.0, 130.0, 145.0, 160.0)]
    digits = [(Rule(False, 110.0, a, a + 7), i) for i, a in enumerate((134.0, 149.0, 164.0), 1)]
    worn = [(Rule(False, 110.0, a, a + 5), i) for i, a in enumerate((131.0, 137.0, 143.0, 149.0, 155.0, 161.0), 1)]
    assert _trimmed([run, *digits], across) == [run]
    assert _trimmed([run, *worn], across) == [run, *worn]


def test_a_worn_rules_pieces_past_its_run_are_kept_though_the_first_overlaps_the_runs_end() -> None:
    # a fax: the first piece past the run starts a little before the run's end, and was taken for
    # pieces before it, so the rest of a column's rule was cut off and its cells merged
    run = (Rule(False, 110.0, 100.0, 130.0), None)
    across = [Rule(True, y, 80.0, 460.0) for y in (100.0, 130.0, 160.0)]
    tail = [(Rule(False, 110.0, 126.0, 140.0), 1), (Rule(False, 110.0, 141.0, 159.0), 2)]
    assert _trimmed([run, *tail], across) == [run, *tail]


SHORT_ROWS_PT = (100, 117, 134, 151, 168)  # edges: four rows as low as a small print's


def _grid_and_watermark_stroke(draw: ImageDraw.ImageDraw) -> None:
    """Every rule dark and whole, rows 17 pt tall, and a watermark's pale stroke (a large （'s back)
    crossing one row of the middle column from its rule above to its rule below, as straight as a rule
    for that height, too short for a faint line's."""
    for y in SHORT_ROWS_PT:
        draw.line([(_px(COLUMNS_PT[0]), _px(y)), (_px(COLUMNS_PT[-1]), _px(y))], fill=DARK, width=2)
    for x in COLUMNS_PT:
        draw.line([(_px(x), _px(SHORT_ROWS_PT[0])), (_px(x), _px(SHORT_ROWS_PT[-1]))], fill=DARK, width=2)
    top, bottom = SHORT_ROWS_PT[2], SHORT_ROWS_PT[3]
    bow = [(_px(290 + ((y - (top + bottom) / 2) / 15) ** 2), _px(y)) for y in np.linspace(top, bottom, 40)]
    draw.line(bow, fill=WATERMARK, width=6)


def test_a_watermarks_pale_stroke_across_one_row_is_no_rule(tmp_path: Path) -> None:
    # a watermark's （ passed through 人员经费合计's amount cell: its pale back, straight for the row's
    # height between the row's rules, was kept as an upright and cut 128.98 into 128 | 98
    pdf = image_pdf(tmp_path / "watermark.pdf", _sheet(_grid_and_watermark_stroke, ()))
    assert [(len(grid.rows), len(grid.cols)) for grid in _scanned(pdf).grids] == [
        (len(SHORT_ROWS_PT) - 1, len(COLUMNS_PT) - 1)
    ]
