"""Which way up a scanned page stands: a page scanned sideways or upside down is turned upright before it is read.

Characters of a line stand closer together than lines do, so each character's nearest neighbour
lies along its line: on an upright page most lie beside it (four in five, parts of one character
aside), on a page scanned sideways most lie above or below it. Where too few lie beside them, the
recogniser decides: it reads the longest lines (their first few characters) as they stand, turned
over, and those running down the page turned either way, and reads the right way up with far more
confidence, over far longer lines. Lines running across may still stand upside down: the recogniser
reads the longest one, and only if it reads it unsurely, reads the longest few both ways. A page with
too few characters to tell (a cover) keeps its orientation.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

from pipeline.ink import components, selected
from pipeline.pairwise import by_rows

CHAR_MIN_PT, CHAR_MAX_PT = 2.0, 24.0  # a character's ink: smaller is a point or dust, longer a rule or picture
MIN_CHARS = 60  # fewer characters than this say nothing about the page
UPRIGHT_SHARE = 0.55  # of characters whose nearest neighbour is beside them: this many, and the page is upright
JOIN_PT = 1.5  # run together what stands this close along a line: its characters, not its neighbours
LONG = 2.5  # a run this many times longer than wide is a line of characters
SAMPLE_LINES = 4  # the longest lines, read both ways up…
SAMPLE_CHARS = 10  # … each for this many characters (its width) at most: reading costs by length
SURE = 0.7  # the recogniser's confidence in a line read this way up, above which it is the right way
# (upright lines read 0.83–1.0, lines upside down at most 0.31, on scans of 110–200 dpi)


def quarter_turns(gray: np.ndarray, ink: np.ndarray, scale: float, score: Callable[[list[np.ndarray]], float]) -> int:
    """How many quarter turns (`np.rot90`) set the page upright: 0, 2 for a page upside down, or 1
    or 3 for a page scanned sideways.

    `ink` is the page's binary ink (255), `score` the recogniser's confidence over line crops, longer weighing more."""
    _, labels, stats, centres = components(ink)
    size = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    chars = (size >= CHAR_MIN_PT * scale) & (size <= CHAR_MAX_PT * scale)
    chars[0] = False
    if chars.sum() < MIN_CHARS:
        return 0
    mask = selected(labels, chars)
    across = _line_crops(gray, mask, scale, True)
    if _beside_share(centres[chars]) >= UPRIGHT_SHARE:
        return _turned_over(across, score)
    down = _line_crops(gray, mask, scale, False)
    readings = {
        0: across,
        2: [np.rot90(c, 2) for c in across],
        1: [np.rot90(c) for c in down],
        3: [np.rot90(c, 3) for c in down],
    }
    # read surely over the longer lines: a run of a few characters across a sideways page (wrapped
    # header lines' characters side by side) may read as surely as its lines, and is far shorter
    confidence = {turns: score(crops) * sum(c.shape[1] for c in crops) for turns, crops in readings.items() if crops}
    return max(confidence, key=lambda turns: confidence[turns], default=0)


def _turned_over(across: list[np.ndarray], score: Callable[[list[np.ndarray]], float]) -> int:
    """2 if the page's lines across read surely turned over and more surely than as they stand, else 0.

    Most pages stand upright, so the longest line read surely as it stands settles it. Otherwise the
    longest few are read both ways: digits and broken strokes (a faint scan) read about as well
    either way up, so only a sure reading turned over turns the page."""
    if not across or score(across[:1]) >= SURE:
        return 0
    over = score([np.rot90(c, 2) for c in across])
    return 2 if over >= SURE and over > score(across) else 0


def _beside_share(centres: np.ndarray) -> float:
    """The share of points whose nearest other point is further off across (x) than down (y)."""

    def beside(part: slice) -> np.ndarray:
        chunk = centres[part]
        distances = ((chunk[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        distances[np.arange(len(chunk)), np.arange(part.start, part.start + len(chunk))] = np.inf
        offset = np.abs(centres[distances.argmin(axis=1)] - chunk)
        return offset[:, 0] > offset[:, 1]

    return int(by_rows(len(centres), len(centres), beside).sum()) / len(centres)


def _line_crops(gray: np.ndarray, chars: np.ndarray, scale: float, across: bool) -> list[np.ndarray]:
    """The first few characters of the longest lines running across (or down) the image, from the
    characters (a mask) run together that way."""
    reach = 2 * max(1, round(JOIN_PT * scale)) + 1
    joined = cv2.dilate(chars, cv2.getStructuringElement(cv2.MORPH_RECT, (reach, 1) if across else (1, reach)))
    _, _, boxes, _ = components(joined)
    boxes = boxes[1:, :4] if across else boxes[1:, [1, 0, 3, 2]]  # (along, across, length, thickness)
    lines = boxes[boxes[:, 2] >= LONG * boxes[:, 3]]
    crops = []
    for a, b, length, thickness in lines[np.argsort(-lines[:, 2])[:SAMPLE_LINES]].tolist():
        length = min(length, SAMPLE_CHARS * thickness)
        crops.append(gray[b : b + thickness, a : a + length] if across else gray[a : a + length, b : b + thickness])
    return crops
