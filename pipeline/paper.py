"""The sheet in a page image: what lies beyond its edges is blanked.

A phone photo shows the desk around the page, and a scan with its lid up a dark border. Thresholded,
their grain turns into specks and bits of edge along the margins that OCR reads as 6, 0 or a row of
dashes, and a table without rules takes them into its first column or its header. The sheet is the
largest bright region of the image, seen coarse (a point a pixel, blurred past its text); everything
outside it, and a margin within its edge (shadowed, ragged), is painted the grey of the paper nearest.
"""

from __future__ import annotations

import cv2
import numpy as np

COARSE_BLUR_PT = 3.0  # blur of the coarse view: text and rules blend into their paper
EDGE_PT = 8.0  # the sheet's edge zone taken out with what lies beyond it: its shadow, its ragged cut
WHOLE_SHARE = 0.98  # a sheet this share of the image fills it: a flatbed scan, nothing beyond to blank
BORDER_PX = 3  # the image's border seen coarse (a point a pixel): where a photo shows its surround
SURROUND_CONTRAST = 80  # grey levels the surround is darker than the sheet by: less, and it may be paper in shade


def on_blank_surround(gray: np.ndarray, scale: float) -> np.ndarray:
    """The image with what lies beyond the sheet (and its edge zone) painted the grey of the sheet's
    paper nearest it: one grey throughout would leave a step where the sheet is in shade, and
    evening the light there would darken the paper beside it into ink."""
    coarse = cv2.resize(gray, None, fx=1 / scale, fy=1 / scale, interpolation=cv2.INTER_AREA)
    sheet = _sheet(cv2.GaussianBlur(coarse, (0, 0), COARSE_BLUR_PT))
    if sheet is None or np.median(coarse[sheet > 0]) - np.median(coarse[sheet == 0]) < SURROUND_CONTRAST:
        return gray
    fill = cv2.resize(_paper_spread(coarse, sheet), (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    outside = cv2.resize(sheet, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_NEAREST) == 0
    blanked = gray.copy()
    blanked[outside] = fill[outside]
    return blanked


def _sheet(blurred: np.ndarray) -> np.ndarray | None:
    """The sheet (255) less its edge zone, in the coarse view; None if it fills the image."""
    _, bright = cv2.threshold(blurred, _sheet_threshold(blurred), 255, cv2.THRESH_BINARY)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(bright, connectivity=4)
    if n < 2:
        return None
    largest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    contours, _ = cv2.findContours((labels == largest).astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    sheet = np.zeros_like(bright)
    cv2.drawContours(sheet, contours, -1, 255, thickness=cv2.FILLED)
    if cv2.countNonZero(sheet) >= WHOLE_SHARE * sheet.size:
        return None
    edge = 2 * round(EDGE_PT) + 1
    return cv2.erode(sheet, cv2.getStructuringElement(cv2.MORPH_RECT, (edge, edge)))


def _sheet_threshold(blurred: np.ndarray) -> float:
    """The grey between surround and sheet: the image's own split of dark from bright, or nearer the
    surround where the surround is seen darker still at the image's border. A lamp's shadow across the
    sheet darkens its paper to a grey the split puts with the desk; the desk is darker yet."""
    split, _ = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    b = BORDER_PX
    ring = np.concatenate([blurred[:b], blurred[-b:], blurred[:, :b], blurred[:, -b:]], axis=None)
    dark = ring[ring < split]
    return split if not len(dark) else min(split, float(np.percentile(dark, 95)) + SURROUND_CONTRAST / 2)


def _paper_spread(coarse: np.ndarray, sheet: np.ndarray) -> np.ndarray:
    """The coarse view with each pixel beyond the sheet given the paper grey of the sheet pixel nearest it
    (text closed over, so it is paper, not a character's stroke, that is spread)."""
    text_size = 2 * round(COARSE_BLUR_PT) + 1
    paper = cv2.morphologyEx(coarse, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (text_size, text_size)))
    _, labels = cv2.distanceTransformWithLabels(cv2.bitwise_not(sheet), cv2.DIST_L2, 3, labelType=cv2.DIST_LABEL_PIXEL)
    inside = sheet > 0
    grey_of = np.zeros(int(labels.max()) + 1, np.uint8)
    grey_of[labels[inside]] = paper[inside]
    return grey_of[labels]
