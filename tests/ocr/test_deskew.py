"""A page's skew is found from its own lines, not from lining up one half's lines with the other's."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from pipeline.deskew import skew_angle

TOLERANCE = 0.15  # degrees: over a landscape table's width, less than a third of a line's height


def _two_halves_page(angle: float) -> np.ndarray:
    """Ink of a landscape two-halves table turned by `angle`: on the left, labels wrapped over two
    lines with their amounts centred between them; on the right, single-line labels and amounts."""
    ink = np.zeros((1191, 1685), np.uint8)

    def put(text: str, x: int, y: int) -> None:
        cv2.putText(ink, text, (x, y), cv2.FONT_HERSHEY_SIMPLEX, 0.5, 255, 2)

    for row in range(18):
        y = 200 + 50 * row
        put("ABCDEFGHIJ", 80, y)
        put("KLMN", 80, y + 20)
        put("123.45", 300, y + 10)
        put("OPQRSTUVW", 480, y + 10)
        for x in range(700, 1500, 200):
            put("678.90", x, y + 10)
    h, w = ink.shape
    turned = cv2.warpAffine(ink, cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0), (w, h))
    return np.where(turned > 127, 255, 0).astype(np.uint8)


@pytest.mark.parametrize("angle", [1.24, -0.8])
def test_skew_of_a_two_halves_table_with_wrapped_labels(angle: float) -> None:
    assert abs(skew_angle(_two_halves_page(angle)) - angle) < TOLERANCE


# the glyph boxes of one table row alone on a page (a total carried over), as a scan of it holds them:
# few and short, amounts set a little higher than the labels (x, y, width, height in pixels)
ONE_ROW = [(513, 106, 7, 15), (523, 107, 9, 15), (534, 106, 9, 16), (550, 106, 10, 16), (563, 106, 7, 15)]
ONE_ROW += [(1002, 107, 8, 16), (1013, 107, 9, 15), (1023, 107, 10, 15), (1040, 106, 10, 16), (1052, 107, 8, 15)]
ONE_ROW += [(245, 108, 13, 15), (269, 108, 12, 19), (744, 109, 14, 14), (768, 108, 12, 19), (441, 110, 10, 16)]
ONE_ROW += [(452, 110, 10, 15), (930, 110, 10, 16), (941, 110, 11, 16), (263, 114, 7, 12), (762, 115, 7, 11)]
ONE_ROW += [(247, 120, 10, 7), (746, 121, 14, 6)]


def _one_row_page(angle: float) -> np.ndarray:
    ink = np.zeros((1684, 1191), np.uint8)
    for x, y, w, h in ONE_ROW:
        cv2.rectangle(ink, (x, y), (x + w - 1, y + h - 1), 255, -1)
    h, w = ink.shape
    turned = cv2.warpAffine(ink, cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0), (w, h))
    return np.where(turned > 127, 255, 0).astype(np.uint8)


@pytest.mark.parametrize("angle", [1.1, -0.9, 0.7])
def test_skew_of_a_page_holding_one_row(angle: float) -> None:
    assert abs(skew_angle(_one_row_page(angle)) - angle) < TOLERANCE
