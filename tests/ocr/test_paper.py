"""What lies beyond a photographed sheet (a desk, a scanner lid's border) is blanked; a sheet that fills
its image, however unevenly lit, is left as it is."""

from __future__ import annotations

import numpy as np

from pipeline.paper import on_blank_surround

SCALE = 2.0  # pixels per point
PAPER, DESK, TEXT = 215, 50, 30


def _text(image: np.ndarray, left: int, top: int) -> None:
    """Lines of character-sized blocks from (left, top): something on the sheet that is not paper."""
    for line in range(10):
        for char in range(20):
            x, y = left + 24 * char, top + 40 * line
            image[y : y + 18, x : x + 18] = TEXT


def test_a_grainy_desk_round_the_sheet_is_painted_paper_and_the_sheet_kept() -> None:
    # a phone photo: the desk's grain, thresholded, made specks OCR read as 6 and a row of dashes, which a
    # table without rules took into its first column and its header
    rng = np.random.default_rng(1)
    image = np.clip(rng.normal(DESK, 40, (900, 700)), 0, 255).astype(np.uint8)
    image[60:840, 50:650] = PAPER
    _text(image, 120, 150)
    blanked = on_blank_surround(image, SCALE)
    sheet = np.zeros(image.shape, bool)
    sheet[90:810, 80:620] = True  # within the edge zone blanked with the desk
    assert blanked[~sheet].min() >= PAPER - 20  # no ink left beyond the sheet
    assert np.array_equal(blanked[sheet], image[sheet])


def test_a_sheet_filling_its_image_is_left_as_it_is_however_it_is_lit() -> None:
    # a flatbed scan with a lamp fading to one side: its darker side is paper, with text on it, not a desk
    image = np.tile(np.linspace(140, 240, 700).astype(np.uint8), (900, 1))
    _text(image, 40, 100)
    assert on_blank_surround(image, SCALE) is image


def test_a_sheet_in_a_lamps_shadow_is_kept_whole_the_desk_round_it_blanked() -> None:
    # a phone photo with a shadow across the sheet's top, its paper darkened to 130 there: split dark from
    # bright over the whole image, that paper went with the desk, and the table's title and header with it
    rng = np.random.default_rng(2)
    image = np.clip(rng.normal(DESK, 10, (900, 700)), 0, 255).astype(np.uint8)
    shade = np.linspace(130, PAPER, 400)[:, None]
    image[60:840, 50:650] = PAPER
    image[60:460, 50:650] = np.round(np.broadcast_to(shade, (400, 600))).astype(np.uint8)
    _text(image, 120, 100)
    blanked = on_blank_surround(image, SCALE)
    sheet = np.zeros(image.shape, bool)
    sheet[90:810, 80:620] = True
    assert np.array_equal(blanked[sheet], image[sheet])
    assert blanked[~sheet].min() >= 130 - 20


def test_a_sheets_corner_under_a_hands_shadow_as_dark_as_the_desk_is_kept() -> None:
    # a phone photo in low light, a hand's shadow over the sheet's top right corner as dark as the desk: the
    # bright paper's outline lost the corner, and the title's end and the header under it were blanked
    rng = np.random.default_rng(3)
    image = np.clip(rng.normal(DESK, 10, (900, 700)), 0, 255).astype(np.uint8)
    image[60:840, 50:650] = PAPER
    rows, cols = np.mgrid[0:900, 0:700]
    shadow = (rows - 60) + (650 - cols) < 300  # a wedge over the corner, a tenth of the sheet
    image[shadow & (rows >= 60) & (cols < 650)] = DESK + 20
    _text(image, 120, 100)
    blanked = on_blank_surround(image, SCALE)
    corner = np.zeros(image.shape, bool)
    corner[90:180, 520:620] = True  # inside the sheet, in the shadow
    assert np.array_equal(blanked[corner], image[corner])
    assert blanked[:, 670:].min() >= DESK + 20  # the desk beyond the sheet's right side still blanked


def test_a_dark_borders_hollowed_edge_is_blanked_as_it_lies() -> None:
    # a copier's dark border whose edge bows into the sheet: its hull took the border's hollow for paper,
    # and the specks there were read into the table beside it
    rng = np.random.default_rng(4)
    image = np.full((900, 700), PAPER, np.uint8)
    rows = np.arange(900)[:, None]
    hollow = 600 - (20 * np.sin(np.pi * rows / 900)).astype(int)  # the border's edge, 20 px into the sheet midway
    cols = np.arange(700)[None, :]
    border = cols >= hollow
    image[border] = np.clip(rng.normal(25, 8, border.sum()), 0, 255).astype(np.uint8)
    _text(image, 60, 100)
    blanked = on_blank_surround(image, SCALE)
    assert blanked[450, 585] >= PAPER - 20  # the border's dark, where its edge bows in, blanked


def _hand_shadow(image: np.ndarray, rows: np.ndarray, cols: np.ndarray, depth: float) -> None:
    """A hand's shadow over the middle of the sheet's right side and the desk beside it, its corners left
    bright: a disc darkening what lies under it to (1 - depth) at its heart, fading in over 60 px (30 pt)."""
    reach = np.hypot(rows - 450, cols - 720) / 250  # 1 on the disc's rim
    darkening = depth * np.clip((1.1 - reach) / 0.25, 0, 1)
    image[:] = np.round(image * (1 - darkening)).astype(np.uint8)


def test_a_sheet_under_a_hands_soft_shadow_over_a_side_keeps_what_lies_in_the_shadow() -> None:
    # a phone photo in low light, a hand's shadow as dark as the desk over the sheet's right side, its
    # corners bright: the bright paper's outline has its four corners, and a bay where the shadow lies;
    # that bay was blanked with the desk, and the last columns of the table in it with it
    rng = np.random.default_rng(5)
    image = np.clip(rng.normal(DESK + 40, 10, (900, 700)), 0, 255).astype(np.uint8)
    image[60:840, 50:650] = PAPER
    for y in range(100, 780, 40):  # lines of character-sized boxes drawn in thin strokes, as print is
        for x in range(120, 600, 24):
            image[y : y + 18, x : x + 18] = TEXT
            image[y + 2 : y + 16, x + 2 : x + 16] = PAPER
    rows, cols = np.mgrid[0:900, 0:700]
    _hand_shadow(image, rows, cols, 0.6)
    blanked = on_blank_surround(image, SCALE)
    shaded = np.zeros(image.shape, bool)
    shaded[420:480, 520:600] = True  # text on the sheet, deep in the shadow
    assert np.median(image[shaded]) < DESK + 40  # the paper there as dark as the desk beside the sheet
    assert np.array_equal(blanked[shaded], image[shaded])
    assert blanked[:40, :].min() >= PAPER - 30  # the desk above the sheet still blanked


def test_a_booklets_page_darkening_towards_its_spine_keeps_the_print_in_the_shade() -> None:
    # a booklet scanned open: its page greys from 215 to 100 over the 100 pt before the spine's dark strip
    # at the image's edge; split dark from bright, the shaded paper went with the strip, and the table's
    # last column of amounts with it
    image = np.full((900, 700), PAPER, np.uint8)
    image[:, 470:670] = np.round(np.linspace(PAPER, 100, 200)).astype(np.uint8)
    image[:, 670:] = DESK
    image[100:118, 520:600] = TEXT  # an amount in the shade
    blanked = on_blank_surround(image, SCALE)
    assert np.array_equal(blanked[:, 470:620], image[:, 470:620])
