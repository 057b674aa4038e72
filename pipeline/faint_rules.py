"""Rules a photocopy faded to a little darker than the paper, and broke in places.

Threshold the page and a faded rule falls apart into specks and short runs, too short to be taken for
a rule, and read as dashes in the text. Averaged along its length, though, a faint rule stays darker
than the paper just beside it, all the way: the average spans its breaks, and the speckle and noise of
the copy average out. So a pixel lies on a faint level rule where the page averaged over a stretch
level with it is darker than the paper, and the same average a little above and below it is nearly
paper: thin, and sharp, as a rule bleeding through from the back of the sheet is not. Uprights
likewise. The paper is the paper about the pixel: a copier's lamp leaves one side of the page
lighter, and a rule there is as dark against its own paper as elsewhere but hardly darker than the
page's usual paper. A text line's average is dark over the whole height of its characters, so only a
character's outermost strokes can look thin, and only over the character's width; the stretch
averaged smears each stroke beyond its ends, so a pixel must also be a little darker than the paper
itself. Dark ink, and its blurred fringe, is left out: the fringes of a row of 一 or of dashes line up
as a faint rule's pixels do, and a dark rule is found as it is. So is a faint line running alongside
a dark rule: a copy's shadow of it.

The lines found are pale ink to `pipeline.image_rules`, which takes them for rules only where they
meet other rules as a grid's do, or are long.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.image_rules import HORIZONTAL_MIN_PT, VERTICAL_MIN_PT
from pipeline.ink import closed, opened

STRETCH_PT = 12.0  # length averaged along: spans a worn copy's breaks in a rule
BESIDE_PT = 1.0  # how far above and below (left and right) the paper beside a rule is looked at
FAINT_CONTRAST = 10  # grey levels the average along a rule is at least below the paper
SIDE_SHARE = 0.5  # … and beside it at most this share of that: a rule bleeding through from the page's
# back is as dark but blurred wide; inside a character, its other strokes are there
WIDE_BESIDE_PT = 1.5  # a rule a copy blurred wider is nearly paper only this far off, …
WIDE_SIDE_SHARE = 0.25  # … and there this near to it: blurred as wide, the back's rules still show there
INKED_CONTRAST = 8  # grey levels a pixel itself is at least below the paper: no stroke's smeared end
DARK_CONTRAST = 60  # … and at most: darker is ink, whose rules image_rules finds as they are, …
DARK_REACH_PT = 0.5  # … as is what lies this close to ink: the blurred fringe of a stroke (一一一, — — —)
BESIDE_RULE_PT = 8.0  # a faint line this close alongside a dark rule is its shadow, …
OWN_LINE_PT = 1.0  # … unless this close: on its own line, faint where the rule fades
BREAK_PT = 24.0  # widest break in a faint rule that is bridged (worn to nothing over a cell's width)


def faint_lines(gray: np.ndarray, paper: np.ndarray, scale: float) -> np.ndarray:
    """The page's faint rules both ways (255), from its grey levels and the paper's grey under each pixel
    (`pipeline.shading.paper_levels`): a copy's paper is lighter at one side, its faded rules no darker."""
    length = max(3, round(STRETCH_PT * scale))
    bridge = max(3, round(BREAK_PT * scale))
    level = gray.astype(np.float32)
    dark = (level < paper - DARK_CONTRAST).astype(np.uint8)
    reach = 2 * max(1, round(DARK_REACH_PT * scale)) + 1
    inked = (level < paper - INKED_CONTRAST) & (cv2.dilate(dark, np.ones((reach, reach), np.uint8)) == 0)
    dark_level, dark_uprights = _dark_rules(dark, True, scale), _dark_rules(dark, False, scale)
    level_rules = (
        _thin(cv2.blur(level, (length, 1)), paper, scale, 0) & inked & _off_dark_rules(dark_level, True, scale)
    )
    uprights = (
        _thin(cv2.blur(level, (1, length)), paper, scale, 1) & inked & _off_dark_rules(dark_uprights, False, scale)
    )
    return cv2.bitwise_or(_bridged(level_rules, (bridge, 3)), _bridged_uprights(uprights, dark_uprights, bridge, scale))


def _dark_rules(dark: np.ndarray, horizontal: bool, scale: float) -> np.ndarray:
    """The dark runs one way as long as `pipeline.image_rules` takes a rule: a text line's strokes touch
    over 20 pt."""
    run = max(3, round((HORIZONTAL_MIN_PT if horizontal else VERTICAL_MIN_PT) * scale))
    return opened(dark, (run, 1) if horizontal else (1, run))


def _off_dark_rules(rules: np.ndarray, horizontal: bool, scale: float) -> np.ndarray:
    """Where no dark rule (`_dark_rules`) runs alongside, BESIDE_RULE_PT across it at most and on past its
    ends by as much as a break: a faint line there is its shadow (a copy prints a rule twice, a hair
    apart), not a rule of its own. On a dark rule's own line its faint stretches go on (a rule faded in
    places)."""
    on = max(3, 2 * round(BREAK_PT * scale) + 1)
    beside, own = 2 * round(BESIDE_RULE_PT * scale) + 1, 2 * round(OWN_LINE_PT * scale) + 1
    shadowed = cv2.dilate(rules, np.ones((beside, on) if horizontal else (on, beside), np.uint8))
    line = cv2.dilate(rules, np.ones((own, on) if horizontal else (on, own), np.uint8))
    return (shadowed == 0) | (line > 0)


def _thin(averaged: np.ndarray, paper: np.ndarray, scale: float, axis: int) -> np.ndarray:
    """Where the average is darker than the paper, and the average BESIDE_PT off on either side across
    it (`axis` 0: above and below) is nearly paper: a rule's edge is sharp, a ghost's is not. A rule a
    copy blurred wider is paper all but a little further off, where a ghost's long blur still shows."""
    contrast = paper - averaged
    sharp = paper - _sides(averaged, paper, max(1, round(BESIDE_PT * scale)), axis) <= SIDE_SHARE * contrast
    wide = paper - _sides(averaged, paper, max(1, round(WIDE_BESIDE_PT * scale)), axis) <= WIDE_SIDE_SHARE * contrast
    return (contrast >= FAINT_CONTRAST) & (sharp | wide)


def _sides(averaged: np.ndarray, paper: np.ndarray, beside: int, axis: int) -> np.ndarray:
    """The darker of the averages `beside` pixels off on either side across the line."""
    sides = paper.copy()  # the page's edges are paper beyond them
    if axis == 0:
        sides[beside:-beside] = cv2.min(averaged[: -2 * beside], averaged[2 * beside :])
    else:
        sides[:, beside:-beside] = cv2.min(averaged[:, : -2 * beside], averaged[:, 2 * beside :])
    return sides


def _bridged_uprights(uprights: np.ndarray, dark_uprights: np.ndarray, bridge: int, scale: float) -> np.ndarray:
    """The uprights with their breaks closed where a stretch as long as a rule's shortest run ends at the
    break: a toner-starved print wears an upright through in every row, and its pieces each reached from
    a rule across to a row's middle only. Strokes of a column of characters, one line's under the last's,
    stand a break apart too, but none is as long. Not on a dark upright rule's line, though: a faint line
    there is the rule faded in places, or a fold or a streak running on from it, which
    `pipeline.image_rules` tells apart by its pieces as they are (a fold bridged into a streak's length
    took a table's rule with it)."""
    long = opened(uprights.astype(np.uint8), (1, max(3, round(VERTICAL_MIN_PT * scale))))
    near_long = cv2.dilate(long, np.ones((2 * bridge + 1, 3), np.uint8)) > 0
    bridged = (_bridged(uprights, (3, bridge)) > 0) & near_long & ~_columns_of(dark_uprights, scale)
    return _bridged(uprights | bridged, (3, 3))


def _columns_of(uprights: np.ndarray, scale: float) -> np.ndarray:
    """The columns of the page the uprights stand in, OWN_LINE_PT either side (1 × width)."""
    own = 2 * round(OWN_LINE_PT * scale) + 1
    return cv2.dilate(uprights.any(axis=0).astype(np.uint8)[None, :], np.ones((1, own), np.uint8)) > 0


def _bridged(lines: np.ndarray, gap: tuple[int, int]) -> np.ndarray:
    """The lines with their breaks closed up to `gap`, a pixel or so either side of the line, as a rule
    steps where the page is left a little askew."""
    return closed(lines.astype(np.uint8) * 255, gap)
