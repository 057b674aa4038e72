"""Which way up a scanned page stands: a landscape table scanned sideways is turned upright before it is read.

Characters of a line stand closer together than lines do, so each character's nearest neighbour
lies along its line: on an upright page most lie beside it (four in five, parts of one character
aside), on a page scanned sideways most lie above or below it. Which way to turn such a page the
recogniser tells: it reads the longest lines (their first few characters), turned the right way,
with far more confidence than upside down. A page with too few characters to tell (a cover) keeps
its orientation.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

CHAR_MIN_PT, CHAR_MAX_PT = 2.0, 24.0  # a character's ink: smaller is a point or dust, longer a rule or picture
MIN_CHARS = 60  # fewer characters than this say nothing about the page
SIDEWAYS_SHARE = 0.3  # of characters whose nearest neighbour is beside them: fewer, and the page lies on its side
JOIN_PT = 1.5  # run together what stands this close along a line: its characters, not its neighbours
LONG = 2.5  # a run this many times longer than wide is a line of characters
SAMPLE_LINES = 4  # the longest lines, read both ways up…
SAMPLE_CHARS = 10  # … each for this many characters (its width) at most: reading costs by length
_CHUNK = 512  # characters whose nearest neighbours are found at a time: bounds the distance matrix


def quarter_turns(gray: np.ndarray, ink: np.ndarray, scale: float, score: Callable[[list[np.ndarray]], float]) -> int:
    """How many quarter turns (`np.rot90`) set the page upright: 0, or 1 or 3 for a page scanned sideways.

    `ink` is the page's binary ink (255), `score` the recogniser's mean confidence over line crops."""
    _, labels, stats, centres = cv2.connectedComponentsWithStats(ink, connectivity=8)
    size = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    chars = (size >= CHAR_MIN_PT * scale) & (size <= CHAR_MAX_PT * scale)
    chars[0] = False
    if chars.sum() < MIN_CHARS or _beside_share(centres[chars]) >= SIDEWAYS_SHARE:
        return 0
    lines = _lines_down(np.where(chars[labels], 255, 0).astype(np.uint8), scale)
    if not len(lines):
        return 0
    longest = lines[np.argsort(-lines[:, 3])[:SAMPLE_LINES]]
    crops = [np.rot90(gray[y : y + min(h, SAMPLE_CHARS * w), x : x + w]) for x, y, w, h in longest.tolist()]
    return 1 if score(crops) >= score([np.rot90(crop, 2) for crop in crops]) else 3


def _beside_share(centres: np.ndarray) -> float:
    """The share of points whose nearest other point is further off across (x) than down (y)."""
    beside = 0
    for start in range(0, len(centres), _CHUNK):
        chunk = centres[start : start + _CHUNK]
        distances = ((chunk[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        distances[np.arange(len(chunk)), np.arange(start, start + len(chunk))] = np.inf
        offset = np.abs(centres[distances.argmin(axis=1)] - chunk)
        beside += int((offset[:, 0] > offset[:, 1]).sum())
    return beside / len(centres)


def _lines_down(chars: np.ndarray, scale: float) -> np.ndarray:
    """Boxes (x, y, w, h) of the characters (a mask) run together down the image into long lines."""
    reach = max(1, round(JOIN_PT * scale))
    joined = cv2.dilate(chars, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 2 * reach + 1)))
    _, _, boxes, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    boxes = boxes[1:, :4]
    return boxes[boxes[:, 3] >= LONG * boxes[:, 2]]
