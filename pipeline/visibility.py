"""Text a page's text layer holds but a viewer does not show.

A template's leftovers (last year's amounts, a stale row) are often hidden rather than deleted: drawn
invisible, filled white on the white page, clipped away to a speck, or painted over by a white box.
pdfium's text API returns them all, and read as the page's they put wrong amounts in empty cells and
rows that are no table's. The page's objects are gone through in the order they are painted: a text
object is hidden when it is drawn invisible, lies clear of its clip, is filled in the paper's white
with nothing darker under it (white print on a dark band is seen), or is covered by an opaque box
painted after it. A searchable scan's invisible OCR text is told apart beforehand (`pipeline.pdf`).
"""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline import forms
from pipeline.forms import Bounds

WHITE = 245  # each of a fill's red, green and blue this high at least: the paper's white
DARK_UNDER = 200  # a fill under white print this dark (its lightest channel) sets the print off
BOX_SEGMENTS = 5  # a box's outline: a move and four lines at most (the last may close it)
COVER_MIN_PT = 3.0  # a box thinner than this covers no print (a rule drawn as a filled box, as spreadsheets do)
SLACK_PT = 0.5  # a covering box or a clip reaches this far round the print it hides, or lets through
_UNSEEN_MODES = {pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE, pdfium_c.FPDF_TEXTRENDERMODE_CLIP}
_STROKED_ONLY = {pdfium_c.FPDF_TEXTRENDERMODE_STROKE, pdfium_c.FPDF_TEXTRENDERMODE_STROKE_CLIP}


def address(obj: pdfium.PdfObject | ctypes.c_void_p) -> int:
    """A page object's handle as a number, the same whichever API handed it out."""
    raw = obj.raw if isinstance(obj, pdfium.PdfObject) else obj
    return ctypes.cast(raw, ctypes.c_void_p).value or 0


class Painting:
    """A page's objects taken in the order they are painted, and the text among them left unseen."""

    def __init__(self) -> None:
        self.hidden: set[int] = set()
        self._shown: list[pdfium.PdfObject] = []  # text so far seen, which a box painted later may cover
        self._under: list[Bounds] = []  # dark fills and images so far: white print on them is seen

    def paint(self, obj: pdfium.PdfObject) -> None:
        if obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
            self._text(obj)
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            self._under.append(forms.bounds_on_page(obj))
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            self._path(obj)

    def _text(self, obj: pdfium.PdfObject) -> None:
        mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw)
        white = mode not in _STROKED_ONLY and min(_fill(obj)[:3]) >= WHITE
        if mode in _UNSEEN_MODES or _clipped_away(obj) or (white and not self._on_dark(obj)):
            self.hidden.add(address(obj))
        else:
            self._shown.append(obj)

    def _on_dark(self, obj: pdfium.PdfObject) -> bool:
        bounds = forms.bounds_on_page(obj)
        return any(_inside(bounds, under) for under in self._under)

    def _path(self, obj: pdfium.PdfObject) -> None:
        pdfium_c.FPDFPath_GetDrawMode(obj.raw, _MODE, _STROKE)
        if not _MODE.value:
            return
        red, green, blue, alpha = _fill(obj)
        bounds = forms.bounds_on_page(obj)
        if min(red, green, blue) <= DARK_UNDER:
            self._under.append(bounds)
        thin = min(bounds[2] - bounds[0], bounds[3] - bounds[1]) < COVER_MIN_PT  # a rule drawn as a box
        if alpha == 255 and not thin and self._shown and pdfium_c.FPDFPath_CountSegments(obj.raw) <= BOX_SEGMENTS:
            covered = [text for text in self._shown if _inside(forms.bounds_on_page(text), bounds)]
            self.hidden |= {address(text) for text in covered}
            self._shown = [text for text in self._shown if text not in covered]


# pdfium's out-parameters, made once: asked of every object on every page
_MODE, _STROKE = ctypes.c_int(), ctypes.c_int()
_CHANNELS = [ctypes.c_uint() for _ in range(4)]
_POINT = ctypes.c_float(), ctypes.c_float()


def _fill(obj: pdfium.PdfObject) -> tuple[int, int, int, int]:
    pdfium_c.FPDFPageObj_GetFillColor(obj.raw, *_CHANNELS)
    red, green, blue, alpha = (c.value for c in _CHANNELS)
    return red, green, blue, alpha


def _clipped_away(obj: pdfium.PdfObject) -> bool:
    """Whether the object's clip lets none of it through (its clip's points and its bounds are in the
    space it is drawn in)."""
    clip = pdfium_c.FPDFPageObj_GetClipPath(obj.raw)
    if not clip:
        return False
    xs, ys = [], []
    point_x, point_y = _POINT
    for path in range(max(0, pdfium_c.FPDFClipPath_CountPaths(clip))):
        for index in range(pdfium_c.FPDFClipPath_CountPathSegments(clip, path)):
            segment = pdfium_c.FPDFClipPath_GetPathSegment(clip, path, index)
            pdfium_c.FPDFPathSegment_GetPoint(segment, point_x, point_y)
            xs.append(point_x.value)
            ys.append(point_y.value)
    if not xs:
        return False
    left, bottom, right, top = obj.get_bounds()
    apart_across = max(xs) < left - SLACK_PT or min(xs) > right + SLACK_PT
    return apart_across or max(ys) < bottom - SLACK_PT or min(ys) > top + SLACK_PT


def _inside(inner: Bounds, outer: Bounds) -> bool:
    return (
        outer[0] - SLACK_PT <= inner[0]
        and outer[1] - SLACK_PT <= inner[1]
        and inner[2] <= outer[2] + SLACK_PT
        and inner[3] <= outer[3] + SLACK_PT
    )
