"""The sheet in a page image: what lies beyond its edges is blanked.

A phone photo shows the desk around the page, and a scan with its lid up a dark border. Thresholded,
their grain turns into specks and bits of edge along the margins that OCR reads as 6, 0 or a row of
dashes, and a table without rules takes them into its first column or its header. The sheet is the
largest bright region of the image, seen coarse (a point a pixel, blurred past its text), with a corner
a shadow took from it drawn back, and a bay a shadow took from its side filled where the shadow fades in
softly, as none of the desk's edges does; everything outside it, and a margin within its edge
(shadowed, ragged), is painted the grey of the paper nearest.
"""

from __future__ import annotations

import cv2
import numpy as np

COARSE_BLUR_PT = 3.0  # blur of the coarse view: text and rules blend into their paper
EDGE_PT = 8.0  # the sheet's edge zone taken out with what lies beyond it: its shadow, its ragged cut
WHOLE_SHARE = 0.98  # a sheet this share of the image fills it: a flatbed scan, nothing beyond to blank
BORDER_PX = 3  # the image's border seen coarse (a point a pixel): where a photo shows its surround
CORNER_EPSILON = 0.01  # of the sheet's outline: how far a side may bow (a lens's barrel) and stay one side
CORNER_GROWTH = 1.15  # a sheet's corners, drawn on, add at most this to its bright hull: a corner, not a desk
CORNER_SKEW_DEG = 20.0  # a photographed sheet's corners stand this near square (its perspective kept small)
SHADE_SHARE = 0.01  # a bay in the sheet's outline this share of its hull at least may be paper in shade …
SHADE_EDGE = 10.0  # … where the grey across its edge changes by less than this a point (median): a shadow's
# soft edge changes by 1–8, the sheet's cut edge, a copier's border or a book's gutter by 15 and more
SURROUND_CONTRAST = 80  # grey levels the surround is darker than the sheet by: less, and it may be paper in shade


def on_blank_surround(gray: np.ndarray, scale: float) -> np.ndarray:
    """The image with what lies beyond the sheet (and its edge zone) painted the grey of the sheet's
    paper nearest it: one grey throughout would leave a step where the sheet is in shade, and
    evening the light there would darken the paper beside it into ink."""
    coarse = cv2.resize(gray, None, fx=1 / scale, fy=1 / scale, interpolation=cv2.INTER_AREA)
    sheet = _sheet(coarse)
    if sheet is None or np.median(coarse[sheet > 0]) - np.median(coarse[sheet == 0]) < SURROUND_CONTRAST:
        return gray
    fill = cv2.resize(_paper_spread(coarse, sheet), (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    outside = cv2.resize(sheet, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_NEAREST) == 0
    blanked = gray.copy()
    blanked[outside] = fill[outside]
    return blanked


def _sheet(coarse: np.ndarray) -> np.ndarray | None:
    """The sheet (255) less its edge zone, in the coarse view; None if it fills the image."""
    blurred = cv2.GaussianBlur(coarse, (0, 0), COARSE_BLUR_PT)
    _, bright = cv2.threshold(blurred, _sheet_threshold(blurred), 255, cv2.THRESH_BINARY)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(bright, connectivity=4)
    if n < 2:
        return None
    largest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    region = (labels == largest).astype(np.uint8)
    sheet = np.zeros_like(bright)
    contours, _ = cv2.findContours(region, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    hull = _hull(np.concatenate(contours))
    corners = _cornered(hull)
    if corners is not None:  # the sheet's four sides and corners, one drawn back from a shadow
        cv2.fillConvexPoly(sheet, corners, 255)
    else:  # its outline as seen, hollows and all (a dark border's ragged edge), but for bays in shade
        cv2.drawContours(sheet, contours, -1, 255, thickness=cv2.FILLED)
        sheet = cv2.bitwise_or(sheet, _shaded_bays(sheet, hull, coarse))
    if cv2.countNonZero(sheet) >= WHOLE_SHARE * sheet.size:
        return None
    edge = 2 * round(EDGE_PT) + 1
    return cv2.erode(sheet, cv2.getStructuringElement(cv2.MORPH_RECT, (edge, edge)))


def _hull(outline: np.ndarray) -> np.ndarray:
    """The convex hull of a region, from its outline's far fewer points, begun where the hull of all its
    pixels begins (rightmost, then lowest): `approxPolyDP` simplifies a closed curve from its first point."""
    hull = cv2.convexHull(outline)
    first = max(range(len(hull)), key=lambda k: tuple(hull[k, 0]))
    return np.roll(hull, -first, axis=0)


def _cornered(hull: np.ndarray) -> np.ndarray | None:
    """The sheet's four sides met at its corners, where a corner lost in shadow (a hand over the sheet, as
    dark as the desk) is cut off the bright region's hull by a fifth side: left out, its two neighbours
    drawn on meet where the corner is, square as a sheet's corners are. None where no corner is lost."""
    outline = cv2.approxPolyDP(hull, CORNER_EPSILON * cv2.arcLength(hull, True), True)[:, 0].astype(np.float64)
    if len(outline) != 5:
        return None
    best, squareness = None, CORNER_SKEW_DEG
    for cut in range(5):
        kept = [outline[(cut + k) % 5] for k in range(1, 5)]  # the cut side runs from vertex cut to cut + 1
        corner = _meet((outline[(cut - 1) % 5], outline[cut]), (kept[0], kept[1]))
        if corner is None:
            continue
        quad = np.array([corner, *kept[1:]])
        skew = max(_off_square(quad, k) for k in range(4))
        if skew < squareness and cv2.contourArea(quad.astype(np.float32)) <= CORNER_GROWTH * cv2.contourArea(hull):
            best, squareness = np.round(quad).astype(np.int32).reshape(-1, 1, 2), skew
    return best


def _shaded_bays(sheet: np.ndarray, hull: np.ndarray, coarse: np.ndarray) -> np.ndarray:
    """The bays of the sheet's outline within its hull (255) that are paper in shade: a hand's or a
    phone's shadow over the sheet, as dark as the desk, but fading in over tens of points where the
    desk beyond the sheet's cut edge, or a copier's dark border, begins at once. Left out, a table's
    columns under the shadow were blanked with the desk."""
    hulled = np.zeros_like(sheet)
    cv2.fillConvexPoly(hulled, hull, 255)
    bays = cv2.bitwise_and(hulled, cv2.bitwise_not(sheet))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(bays, connectivity=4)
    shaded = np.zeros_like(sheet)
    least = SHADE_SHARE * cv2.countNonZero(hulled)
    large = [bay for bay in range(1, count) if stats[bay, cv2.CC_STAT_AREA] >= least]
    if not large:  # most sheets: the grey's change is worked out only where a bay may be shade
        return shaded
    smooth = cv2.GaussianBlur(coarse, (0, 0), 1.0).astype(np.float32)
    change = cv2.magnitude(cv2.Sobel(smooth, cv2.CV_32F, 1, 0), cv2.Sobel(smooth, cv2.CV_32F, 0, 1)) / 8
    for bay in large:
        inside = (labels == bay).astype(np.uint8)
        edge = (cv2.dilate(inside, np.ones((3, 3), np.uint8)) > 0) & (sheet > 0)
        if edge.any() and float(np.median(change[edge])) < SHADE_EDGE:
            shaded[inside > 0] = 255
    return shaded


def _off_square(quad: np.ndarray, k: int) -> float:
    """How far the quadrilateral's corner k is from square, in degrees."""
    a, b = quad[k - 1] - quad[k], quad[(k + 1) % 4] - quad[k]
    cosine = float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))
    return abs(90.0 - float(np.degrees(np.arccos(np.clip(cosine, -1.0, 1.0)))))


def _meet(one: tuple[np.ndarray, np.ndarray], other: tuple[np.ndarray, np.ndarray]) -> np.ndarray | None:
    """Where two sides, drawn on, cross (None if they run parallel)."""
    (p, q), (r, s) = one, other
    d1, d2 = q - p, s - r
    cross = d1[0] * d2[1] - d1[1] * d2[0]
    if abs(cross) < 1e-9:
        return None
    t = ((r - p)[0] * d2[1] - (r - p)[1] * d2[0]) / cross
    return p + t * d1


def _sheet_threshold(blurred: np.ndarray) -> float:
    """The grey between surround and sheet: the image's own split of dark from bright, or nearer the
    surround where the surround is seen darker still at the image's border. A lamp's shadow across the
    sheet darkens its paper to a grey the split puts with the desk; the desk is darker yet. The border's
    usual dark grey is the surround's: a booklet's page greying towards its spine darkens the border's
    ends too, and the darkest but few of the border's dark greys were that shaded paper's."""
    split, _ = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    b = BORDER_PX
    ring = np.concatenate([blurred[:b], blurred[-b:], blurred[:, :b], blurred[:, -b:]], axis=None)
    dark = ring[ring < split]
    return split if not len(dark) else min(split, float(np.median(dark)) + SURROUND_CONTRAST / 2)


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
