"""Text drawn as its glyphs' outlines, filled paths with no font behind them: what a printer driver or a
designer's "convert text to outlines" leaves. Such a page has no text to extract; it is read as a scan."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.drawing import PaintedPath

Point = tuple[float, float]


class _PathPen(BasePen):
    """A glyph's contours added to a path, scaled from font units (y up) and placed at (x, baseline)."""

    def __init__(self, glyph_set: object, path: PaintedPath, x: float, baseline: float, scale: float) -> None:
        super().__init__(glyph_set)
        self.path, self.x, self.baseline, self.scale = path, x, baseline, scale

    def _at(self, point: Point) -> Point:
        return self.x + point[0] * self.scale, self.baseline - point[1] * self.scale

    def _moveTo(self, pt: Point) -> None:  # fontTools calls these (its pen protocol)
        self.path.move_to(*self._at(pt))

    def _lineTo(self, pt: Point) -> None:
        self.path.line_to(*self._at(pt))

    def _curveToOne(self, pt1: Point, pt2: Point, pt3: Point) -> None:
        self.path.curve_to(*self._at(pt1), *self._at(pt2), *self._at(pt3))

    def _closePath(self) -> None:
        self.path.close()


@cache
def _font(path: Path) -> tuple[object, dict[int, str], int]:
    font = TTFont(str(path), lazy=True)
    return font.getGlyphSet(), font.getBestCmap(), font["head"].unitsPerEm


def draw_outlined(
    pdf: FPDF, font: Path, x: float, baseline: float, text: str, size: float, widths: dict[str, float]
) -> None:
    """`text` set from (x, baseline) as one black filled path, advancing by `widths` (at 1 pt)."""
    glyph_set, cmap, units = _font(font)
    path = PaintedPath(0, 0)
    path.style.fill_color = "#000000"
    path.style.stroke_color = None
    for ch in text:
        if (name := cmap.get(ord(ch))) is not None:
            glyph_set[name].draw(_PathPen(glyph_set, path, x, baseline, size / units))
        x += widths.get(ch, 1.0) * size
    pdf.draw_path(path, copy=False)  # a path of its own, never changed after: fpdf's deep copy took most of the time
