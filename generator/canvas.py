"""A thin layer over fpdf2: A4 pages in points, one CJK font, measured and wrapped text, rules."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from fpdf import FPDF

from generator.fonts import advance_widths, font_file
from generator.layout import WATERMARK_GREY
from generator.outlines import draw_outlined

MARGIN = 48.0
FOOTER_GAP = 30.0  # the footer's baseline sits this far above the bottom edge
ASCENT = 0.86  # of the font size: where the baseline sits below the top of a line
LEADING = 1.3  # line height as a multiple of the font size
# Fixed, so the same figures and layout give the same bytes.
CREATION_DATE = datetime(2024, 1, 1, tzinfo=UTC)
MISSING_GLYPH_WIDTH = 1.0  # em; fpdf2 draws a box in its place
FIT_SLACK = 1e-6  # points
WATERMARK_ANGLE = 30.0  # degrees

# A line may break before any CJK character, but never inside a run of digits/Latin (or of full-width
# digits), and never before closing punctuation.
_TOKENS = re.compile(r"[0-9A-Za-z.,%+\-/()]+|[０-９][０-９，．]*|.", re.S)
_CLOSING = set("，。；：、）》”’！？,.;:)%")


class Canvas:
    def __init__(
        self,
        font: str,
        page_numbers: bool,
        text: str = "",
        watermark: str = "",
        outlined: bool = False,
        watermark_grey: int = WATERMARK_GREY,
    ) -> None:
        """font: a key of fonts.SOURCES; text: whatever the document prints beyond the package's own wording;
        watermark: words set pale (watermark_grey) across every page, under its content; outlined: text drawn
        as glyph outlines."""
        self.pdf = FPDF(unit="pt", format="A4")
        self.pdf.set_creation_date(CREATION_DATE)
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margin(0)
        path = font_file(font, text + watermark)
        self.pdf.add_font("body", fname=str(path))
        # The cut-down font already holds every glyph's bounds; recomputing them on save would double the
        # time fpdf2 spends embedding it.
        self.pdf.fonts["body"].ttfont.recalcBBoxes = False
        self.pdf.set_font("body", size=10)
        self.pdf.set_line_width(0.6)
        self.page_numbers = page_numbers
        self.watermark = watermark
        self.watermark_grey = watermark_grey
        self._char_widths = advance_widths(path)
        self._outlines = path if outlined else None
        self._widths: dict[str, float] = {}

    @property
    def page(self) -> int:
        return self.pdf.page

    @property
    def width(self) -> float:
        return self.pdf.w

    @property
    def height(self) -> float:
        return self.pdf.h

    @property
    def bottom(self) -> float:
        """The lowest y content may reach (the footer lives below it)."""
        return self.height - MARGIN

    def add_page(self, landscape: bool = False) -> int:
        self.pdf.add_page(orientation="L" if landscape else "P")
        if self.watermark:
            self._watermark()
        if self.page_numbers:
            self.text_centred(self.width / 2, self.height - FOOTER_GAP, f"- {self.page} -", 9)
        return self.page

    def _watermark(self) -> None:
        """The watermark across the page's middle, rising WATERMARK_ANGLE degrees, pale grey."""
        size = min(self.width, self.height) * 0.8 / max(1.0, self._width(self.watermark))
        centre_x, centre_y = self.width / 2, self.height / 2
        self.pdf.set_text_color(self.watermark_grey)
        with self.pdf.rotation(WATERMARK_ANGLE, centre_x, centre_y):
            self.text_centred(centre_x, centre_y + size * ASCENT / 2, self.watermark, size)
        self.pdf.set_text_color(0)

    def _width(self, text: str) -> float:
        """Width at 1 pt."""
        width = self._widths.get(text)
        if width is None:
            width = self._widths[text] = sum(self._char_widths.get(ch, MISSING_GLYPH_WIDTH) for ch in text)
        return width

    def text_width(self, text: str, size: float) -> float:
        return self._width(text) * size

    def wrap(self, text: str, width: float, size: float) -> list[str]:
        """Greedy line breaking for Chinese text within width; explicit newlines are kept."""
        width += FIT_SLACK  # a column sized to its widest text must not wrap it for a rounding error
        if "\n" not in text and self._width(text) * size <= width:
            return [text]
        lines: list[str] = []
        limit = width / size
        for paragraph in text.split("\n"):
            line, line_width = "", 0.0
            for token in _TOKENS.findall(paragraph):
                token_width = self._width(token)
                if line and token[0] not in _CLOSING and line_width + token_width > limit:
                    lines.append(line)
                    line, line_width = token, token_width
                else:
                    line, line_width = line + token, line_width + token_width
            lines.append(line)
        return lines

    def text(self, x: float, baseline: float, text: str, size: float) -> None:
        if text and self._outlines:
            draw_outlined(self.pdf, self._outlines, x, baseline, text, size, self._char_widths)
        elif text:
            self.pdf.set_font_size(size)
            self.pdf.text(x, baseline, text)

    def text_centred(self, centre: float, baseline: float, text: str, size: float) -> None:
        self.text(centre - self.text_width(text, size) / 2, baseline, text, size)

    def text_right(self, right: float, baseline: float, text: str, size: float) -> None:
        self.text(right - self.text_width(text, size), baseline, text, size)

    def line(self, x1: float, y1: float, x2: float, y2: float, weight: float = 0.6) -> None:
        self.pdf.set_line_width(weight)
        self.pdf.line(x1, y1, x2, y2)

    def fill(self, x: float, y: float, w: float, h: float, grey: int) -> None:
        self.pdf.set_fill_color(grey)
        self.pdf.rect(x, y, w, h, style="F")

    @contextmanager
    def reversed_print(self, on: bool) -> Iterator[None]:
        """Text and rules drawn white (on a dark fill) while `on`."""
        colour = 255 if on else 0
        self.pdf.set_text_color(colour)
        self.pdf.set_draw_color(colour)
        try:
            yield
        finally:
            self.pdf.set_text_color(0)
            self.pdf.set_draw_color(0)

    def rect(self, x: float, y: float, w: float, h: float) -> None:
        self.pdf.set_line_width(0.6)
        self.pdf.rect(x, y, w, h)

    def output(self) -> bytes:
        return bytes(self.pdf.output())
