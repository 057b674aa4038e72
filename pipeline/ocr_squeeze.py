"""Which pieces of a scan the recogniser may read squeezed: Chinese text alone, told by the shape of its ink.

The recogniser's time grows with the width it reads. It was trained on long lines squeezed into 320
pixels, and read at half its width a Chinese character still spans two of its time steps, as many as
a digit does at full width: the reading is the same, in half the time. Squeezed, a digit gets one, and
1,503.52 loses digits. So only a piece whose ink looks Chinese is tried squeezed, and that reading is
kept only if it is confident Chinese text without a digit or a Latin letter; else the caller reads the
piece again at full width.
"""

from __future__ import annotations

import re

import cv2
import numpy as np

from pipeline.ink import Box
from pipeline.text import has_cjk

SQUEEZE = 0.5  # share of its width a Chinese piece is read at
SQUARE = 0.95  # × line height: the tall blobs' usual width in a Chinese face; a narrower face is squeezed less
SQUEEZED_SCORE = 0.9  # a squeezed reading less confident than this is read again at full width
MIN_CHARS = 3.0  # × line height: a shorter piece gains little, and squeezed can lose a mark (四、 → 四)
CHINESE_WIDTH = 0.8  # × line height: a Chinese character's tall blobs are mostly this wide or wider; digits, not
DIGIT_HEIGHT = (0.55, 0.88)  # × line height: a digit is this tall beside Chinese characters
DIGIT_WIDTH = 0.7  # × line height: and at most this wide
DIGIT_GAP = 0.3  # × line height: two digits of a number stand closer than this
DIGIT_ALIGN = 0.08  # × line height: and their bottoms and heights differ by no more than this
_LATIN = re.compile(r"[0-9A-Za-z]")


def squeeze(text_ink: np.ndarray, box: Box) -> float | None:
    """How much narrower a piece of at least three characters may be read, if it looks like Chinese text alone.

    Chinese characters are square: the piece's tall blobs (whole characters, or full-height parts of
    one) are mostly as wide as the line is tall, and a narrower face is squeezed less. Digits are half
    as wide and shorter, and stand in runs on one baseline: two side by side mark a number in the text.
    """
    if box.width < MIN_CHARS * box.height:
        return None
    _, _, stats, _ = cv2.connectedComponentsWithStats(text_ink[box.y0 : box.y1, box.x0 : box.x1], connectivity=8)
    x, y, w, h = (stats[1:, i].astype(np.float64) / box.height for i in range(4))
    tall = h >= 0.5
    width = float(np.median(w[tall])) if tall.any() else 0.0
    if width < CHINESE_WIDTH or _digit_pair(x, y + h, w, h):
        return None
    return SQUEEZE * max(1.0, SQUARE / width)


def _digit_pair(x: np.ndarray, bottom: np.ndarray, w: np.ndarray, h: np.ndarray) -> bool:
    """Two digit-like blobs (narrow, shorter than the line) side by side on one baseline; in line heights."""
    digit = (h >= DIGIT_HEIGHT[0]) & (h <= DIGIT_HEIGHT[1]) & (w <= DIGIT_WIDTH)
    order = np.argsort(x[digit])
    x, bottom, w, h = (a[digit][order] for a in (x, bottom, w, h))
    beside = x[1:] - (x[:-1] + w[:-1]) < DIGIT_GAP
    level = (np.abs(bottom[1:] - bottom[:-1]) <= DIGIT_ALIGN) & (np.abs(h[1:] - h[:-1]) <= DIGIT_ALIGN)
    return bool((beside & level).any())


def kept_squeezed(score: float, text: str) -> bool:
    """Whether a squeezed reading (normalised) stands: confident, Chinese, no digit nor Latin letter."""
    return score >= SQUEEZED_SCORE and has_cjk(text) and not _LATIN.search(text)
