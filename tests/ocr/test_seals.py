"""A red seal stamped over a scanned table's amounts (公章 on the last table page of a colour scan) leaves
them readable: its ink is no print, the figures under it are read whole."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFont

from pipeline.ocr import read_scanned
from pipeline.pdf import open_pdf
from pipeline.print_colour import print_grey

from .scans import SANS, image_pdf

DPI = 200
PAPER, TEXT = (236, 232, 220), (25, 25, 25)  # a colour scan's warm paper, black print
DUPLICATOR = (30, 55, 150)  # a stencil duplicator's blue ink
SEAL = (215, 40, 45)  # a seal's red ink
ROWS = (("本年支出合计", "852.68"), ("年末结转和结余", "55.34"), ("总计", "907.02"))
COLUMNS_PT = (80, 260, 360)
TOP_PT, ROW_PT = 100, 26


def _px(pt: float) -> int:
    return round(pt * DPI / 72)


def _table(ink: tuple[int, int, int] = TEXT) -> Image.Image:
    page = Image.new("RGB", (_px(595), _px(842)), PAPER)
    draw, font = ImageDraw.Draw(page), ImageFont.truetype(str(SANS), _px(10))
    for i in range(len(ROWS) + 1):
        y = _px(TOP_PT + ROW_PT * i)
        draw.line([(_px(COLUMNS_PT[0]), y), (_px(COLUMNS_PT[-1]), y)], fill=ink, width=2)
    for x in COLUMNS_PT:
        draw.line([(_px(x), _px(TOP_PT)), (_px(x), _px(TOP_PT + ROW_PT * len(ROWS)))], fill=ink, width=2)
    for i, (label, amount) in enumerate(ROWS):
        y = _px(TOP_PT + ROW_PT * i + 7)
        draw.text((_px(COLUMNS_PT[0] + 6), y), label, fill=ink, font=font)
        draw.text((_px(COLUMNS_PT[-1] - 6), y), amount, fill=ink, font=font, anchor="ra")
    return page


def _sealed(page: Image.Image) -> Image.Image:
    """A seal's ring and star over the amounts, its ink laid on the print as ink on paper does (multiplied)."""
    seal = Image.new("RGB", page.size, (255, 255, 255))
    draw = ImageDraw.Draw(seal)
    cx, cy, r = _px(COLUMNS_PT[-1] - 30), _px(TOP_PT + ROW_PT * 1.5), _px(50)
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=SEAL, width=_px(3))
    star = [
        (cx + _px(18) * np.cos(np.pi / 2 + k * 4 * np.pi / 5), cy - _px(18) * np.sin(np.pi / 2 + k * 4 * np.pi / 5))
        for k in range(5)
    ]
    draw.polygon(star, fill=SEAL)
    return ImageChops.multiply(page, seal)


def test_amounts_under_a_red_seal_are_read_whole(tmp_path: Path) -> None:
    pdf = image_pdf(tmp_path / "sealed.pdf", _sealed(_table()))
    with open_pdf(pdf, pdf.stem) as pages:
        page = read_scanned(pages[0])
    assert [(len(grid.rows), len(grid.cols)) for grid in page.grids] == [(len(ROWS), len(COLUMNS_PT) - 1)]
    assert [word.text for word in page.words] == [text for row in ROWS for text in row]


def test_print_in_a_duplicators_blue_stays_dark_and_a_red_seal_over_it_is_lightened() -> None:
    # lightened by its colour as a seal's ink is, the blue print came out as light as its paper
    table = _table(DUPLICATOR)
    grey = print_grey(_sealed(table), DPI / 72)
    assert grey[_px(TOP_PT), _px(COLUMNS_PT[0]) : _px(COLUMNS_PT[1] - 60)].max() < 100  # a rule clear of the seal
    assert grey[_seal_on_paper(table)].min() > 200


def test_black_print_under_a_red_seal_is_grey_by_luminance_and_the_seal_lightened() -> None:
    table = _table()
    grey = print_grey(_sealed(table), DPI / 72)
    assert grey[_px(TOP_PT), _px(COLUMNS_PT[0]) : _px(COLUMNS_PT[1] - 60)].max() < 60
    assert grey[_seal_on_paper(table)].min() > 200


def _seal_on_paper(table: Image.Image) -> np.ndarray:
    """Where the seal's ink lies on bare paper."""
    before, after = np.asarray(table), np.asarray(_sealed(table))
    seal = (before == PAPER).all(axis=2) & (after != before).any(axis=2)
    assert seal.sum() > 1000
    return seal


def test_a_navy_header_band_keeps_its_grey_and_a_red_seal_over_print_is_lightened() -> None:
    # lightened by its colour as a seal's ink is, a navy band came out 34 levels lighter, and the grey
    # rules inside it stood out from it by half as much: once the band was inverted they were lost
    navy = (46, 59, 103)
    page = _sealed(_table())
    draw = ImageDraw.Draw(page)
    band = [_px(COLUMNS_PT[0]), _px(TOP_PT - 60), _px(COLUMNS_PT[-1]), _px(TOP_PT - 20)]
    draw.rectangle(band, fill=navy)
    grey = print_grey(page, DPI / 72)
    luminance = np.asarray(page.convert("L"))
    inside = np.s_[_px(TOP_PT - 50), _px(COLUMNS_PT[0] + 20)]
    assert abs(int(grey[inside]) - int(luminance[inside])) <= 1
    assert grey[_seal_on_paper(_table())].min() > 200
