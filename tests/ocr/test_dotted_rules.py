"""Dotted rules joined into lines; specks of noise and a text's points left alone."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from pipeline.dotted_rules import dotted_lines

from .scans import SANS

SCALE = 2.0  # pixels per point


def _ink(sheet: Image.Image) -> np.ndarray:
    return ((np.asarray(sheet) < 128) * 255).astype(np.uint8)


def test_a_dotted_rule_each_way_is_joined_into_a_line() -> None:
    ink = np.zeros((200, 400), np.uint8)
    ink[100:102, 20:380:4] = ink[100:102, 21:380:4] = 255  # 2 px dots every 4 px (2 pt)
    ink[20:180:4, 200] = ink[21:180:4, 200] = 255
    ink[100:104, 140:180] = 255  # dots a scan ran together: thin, but longer
    lines = dotted_lines(ink, np.zeros_like(ink), SCALE)
    assert lines[100, 22:378].all() and lines[22:178, 200].all()


def test_dots_two_pixels_wide_count_on_a_line_one_pixel_wide() -> None:
    # a row's stretch of a dotted upright, its dots two pixels wide and one by turns: the line they close
    # into is the one column all share, beside the wider dots' centres, which went uncounted (a
    # screened grey rule lost its last rows)
    ink = np.zeros((200, 100), np.uint8)
    ink[20:48:3, 50] = 255
    ink[20:48:12, 51] = 255
    lines = dotted_lines(ink, np.zeros_like(ink), SCALE)
    assert lines[21:46, 50].all()


def test_a_screens_rows_of_dots_make_no_rule_but_a_dotted_rule_beside_it_stays() -> None:
    # a grey fill printed as a 45° dot screen: its dots stand in rows and columns a dotted rule's pitch
    # apart, but row upon row, where a dotted rule has paper either side
    ink = np.zeros((200, 400), np.uint8)
    for row in range(20, 80, 2):
        ink[row, 20 + row % 4 : 380 : 4] = 255
    ink[120, 20:380:4] = 255
    lines = dotted_lines(ink, np.zeros_like(ink), SCALE)
    assert lines[120, 22:378].all()
    assert not lines[10:90].any()


def test_pale_dots_count_but_not_the_pale_fringe_of_print() -> None:
    ink, pale = np.zeros((200, 400), np.uint8), np.zeros((200, 400), np.uint8)
    pale[100, 20:380:4] = 255  # a dot a pixel wide scans pale
    assert dotted_lines(ink, pale, SCALE)[100, 22:378].all()


def test_specks_and_a_texts_points_make_no_line() -> None:
    sheet = Image.new("L", (600, 200), 255)
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.truetype(SANS, 16)
    for row in range(4):
        draw.text((10, 10 + 40 * row), "1.00  2.30  15.52  0.94  3.5.1  ……  、。", fill=0, font=font)
    ink = _ink(sheet)
    speckled = np.random.default_rng(7).random(ink.shape) < 0.01  # a noisy scan's specks
    ink[speckled] = 255
    assert not dotted_lines(ink, np.zeros_like(ink), SCALE).any()
