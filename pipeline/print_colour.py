"""A scanned page in grey as its print shows, whatever colour the print and the seals over it are.

A seal stamped over a table is red (official seals are), and weighed into grey by luminance alone its
ink is as dark as a faint stroke's: it cut the figures under it up. So coloured pixels are lightened
by how far their colours stand apart. A page printed in a colour itself (a stencil duplicator's blue
or violet ink) would vanish so: where most strokes of the darkest print share one hue other than a
seal's red, that hue is the print's and is left as dark as it is.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from pipeline.reverse import DARK
from pipeline.shading import grey_at_share, grey_histogram, usual_paper

TINT = 40  # levels a pixel's colours may stand apart by as a tint (paper, a desk, lamp light), not coloured ink
DARKEST_SHARE = 0.01  # of a page's pixels, the darkest: the cores of its print's strokes
STROKE_MAX_PT = 3.0  # a stroke of print is thinner than this: a fill is not
PRINT_SHARE = 0.5  # of the strokes among the darkest pixels coloured, at least: the print itself is in colour
HUE_REACH = 20  # of 256 hues (OpenCV's full range): this close to the print's hue is the print's ink
SEAL_REACH = 24  # … and a hue this close to red is a seal's, lightened all the same


def print_grey(image: Image.Image, scale: float) -> np.ndarray:
    """The page in grey as its print shows: a pixel whose colours stand further apart than a tint's is
    lighter by twice the excess, unless it is in the print's own colour (`_in_print_colour`) or in a
    fill as dark as a header band's, of a colour other than a seal's red (a band in navy: lightened, its
    grey rules stood out from it half as much). Grey scans, tinted paper and a brown desk stay as they are."""
    rgb = np.asarray(image.convert("RGB"))
    grey = np.array(image.convert("L"))  # writable: a grey scan's is returned as it is
    red, green, blue = cv2.split(rgb)
    spread = cv2.subtract(cv2.max(cv2.max(red, green), blue), cv2.min(cv2.min(red, green), blue))
    colour = cv2.subtract(spread, TINT)  # saturating, as the sums below: no pixel past white
    if not cv2.countNonZero(colour):  # a grey scan (most are): no pixel to lighten, nor a print colour
        return grey
    otsu, dark = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    side = max(2, round(STROKE_MAX_PT * scale))
    fills = cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((side, side), np.uint8)) > 0
    hue = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV_FULL)[..., 0]
    not_red = _apart(hue, 0) > SEAL_REACH
    own = _in_print_colour(grey, colour, hue, not_red, otsu, fills)
    if own is not None:
        colour[own] = 0
    # a band's fill (reverse.DARK under the paper) of a colour other than a seal's: a coffee stain is lighter
    colour[fills & not_red & (grey <= usual_paper(grey) - DARK)] = 0
    return cv2.add(grey, cv2.add(colour, colour))


def _in_print_colour(
    grey: np.ndarray, colour: np.ndarray, hue: np.ndarray, not_red: np.ndarray, otsu: float, fills: np.ndarray
) -> np.ndarray | None:
    """Where the pixels are of the print's hue, when most of the strokes among the darkest pixels are
    coloured other than a seal's red (`not_red`), the commonest such hue being the print's; None for
    print in black. The darkest pixels (DARKEST_SHARE of the page) are the cores of the print's strokes
    and of any dark fill: a header band in dark blue behind white print is no print, so the `fills`
    (the dark, Otsu's `otsu`, thicker than a stroke) are left out."""
    darkest = grey <= min(otsu, grey_at_share(grey_histogram(grey), DARKEST_SHARE))
    strokes = darkest & ~fills
    coloured = strokes & (colour > 0) & not_red
    if np.count_nonzero(coloured) < PRINT_SHARE * np.count_nonzero(strokes):
        return None
    return _apart(hue, int(np.argmax(np.bincount(hue[coloured], minlength=256)))) <= HUE_REACH


def _apart(hue: np.ndarray, other: int) -> np.ndarray:
    """How far hues stand from another round the colour wheel of 256 hues."""
    ahead = hue - np.uint8(other)  # uint8: wraps round the wheel
    return np.minimum(ahead, -ahead)
