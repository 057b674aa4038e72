"""Opening a PDF and reading its pages: text, glyph boxes, whether a page is a scan.

Coordinates everywhere downstream are in points on the page as displayed: origin top-left, y down,
with the page's /Rotate already applied.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline import forms
from pipeline.errors import RejectedDocument
from pipeline.forms import Bounds
from pipeline.glyph import Glyph
from pipeline.panels import Frame, folded, frame_of
from pipeline.rules import Rule, page_rules
from pipeline.visibility import Painting, address
from pipeline.words import Box, Line, joined_lines, words_of

# Fewer characters than this on a page that carries an image: the page is a scan.
SCANNED_MAX_CHARS = 20
# Path segments a page without text draws at least when its text was turned into outlines (a character
# takes tens; a table's rules a few hundred in all): it is read from what it shows, as a scan is.
OUTLINED_SEGMENTS = 2000
# An image this large a share of the page, no text over it, is a picture of text: a table pasted as a
# screenshot under its title, read by OCR where the page names a table (a logo or a seal is far smaller).
PICTURE_SHARE = 0.05
GLYPH_NUMBERS_SHARE = 0.2  # of a page's characters control codes or accented Latin: its text is glyph numbers
_LATIN_IN_USE = frozenset("·×÷°±§¥¤")  # what Chinese text does print between U+0080 and U+0250
SLANT_MAX_DEG = 5.0  # text turned further than this off level or upright is set at a slant

_SIGNATURES = {
    b"<!DOCTYPE": "an HTML page",
    b"<html": "an HTML page",
    b"<HTML": "an HTML page",
    b"PK\x03\x04": "a ZIP archive or an Office document (xlsx/docx)",
    b"\xd0\xcf\x11\xe0": "an old Office document (xls/doc)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"{\\rtf": "an RTF document",
}


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    text: str
    scanned: bool  # an image or outlines with (next to) no text layer, or text of glyph numbers: read by OCR
    has_images: bool
    handle: pdfium.PdfPage = field(repr=False)
    slanted: bool = False  # some of its text is set at a slant (a watermark): none of it is the page's
    pictured: bool = False  # it carries a picture of text: an image large enough, no text over it
    turned: bool = False  # some of its text stands turned a quarter or a half, no /Rotate saying so
    frame: Frame | None = None  # the panels its text reads upright in, where it is turned or a two-up sheet
    unseen: frozenset[int] = frozenset()  # its text objects a viewer does not show (`pipeline.visibility`)

    @property
    def shown_size(self) -> tuple[float, float]:
        """Its size as shown (pdfium applies /Rotate), whatever size the panels it is read in make."""
        return self.handle.get_size()

    @cached_property
    def turned_glyphs(self) -> list[tuple[Glyph, int]]:
        """Its characters as they stand, each with the quarter turns that set it upright."""
        return _glyphs(self.handle, self.slanted, self.unseen, turns=True)

    @cached_property
    def shown_rules(self) -> list[Rule]:
        return page_rules(self.handle)

    @cached_property
    def glyphs(self) -> list[Glyph]:
        if self.frame:
            return [self.frame.glyph(glyph) for glyph, _ in self.turned_glyphs]
        return [glyph for glyph, _ in _glyphs(self.handle, self.slanted, self.unseen, turns=False)]

    @cached_property
    def rules(self) -> list[Rule]:
        return self.frame.rules(self.shown_rules) if self.frame else self.shown_rules

    # Words and lines once per page: locating the tables and gridding them both read them
    @cached_property
    def words(self) -> list[Box]:
        return words_of(self.glyphs)

    @cached_property
    def lines(self) -> list[Line]:
        return joined_lines(self.words)

    def use_ocr(self, text: str, words: list[Glyph], size: tuple[float, float]) -> None:
        """A scanned page's text and word boxes come from OCR instead of the (absent) text layer, as do
        a pictured one's; its size is the image's as read (turned upright if it was scanned sideways)."""
        self.text, self.scanned, self.frame = text, True, None
        self.__dict__["glyphs"] = words
        for derived in ("words", "lines"):
            self.__dict__.pop(derived, None)
        self.width, self.height = size

    def render(self, scale: float) -> object:
        """The page as a PIL image (for OCR and for line detection on scans)."""
        return self.handle.render(scale=scale, may_draw_forms=False).to_pil()


@contextmanager
def open_pdf(path: Path, document: str) -> Iterator[list[Page]]:
    """The pages of a PDF, or a RejectedDocument saying in plain words why it cannot be read."""
    _check_signature(path, document)
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise RejectedDocument(_open_failure(exc), document=document) from exc
    try:
        if len(pdf) == 0:
            raise RejectedDocument("empty PDF: it has no pages", document=document)
        pages = [_read_page(pdf[i], i + 1) for i in range(len(pdf))]
        _read_upright(pages)
        yield pages
    finally:
        pdf.close()


def _check_signature(path: Path, document: str) -> None:
    with open(path, "rb") as f:
        head = f.read(1024)
    if not head:
        raise RejectedDocument("empty file: it has no bytes", document=document)
    if b"%PDF-" in head:
        return
    stripped = head.lstrip()
    kind = next((name for sig, name in _SIGNATURES.items() if stripped.startswith(sig)), None)
    raise RejectedDocument(f"not a PDF: the file is {kind or 'not a PDF (no %PDF header)'}", document=document)


def _open_failure(exc: pdfium.PdfiumError) -> str:
    code = getattr(exc, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return "encrypted PDF: it needs a password to open"
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return "encrypted PDF: unsupported security handler"
    return "broken PDF: the file is corrupt or truncated and cannot be opened"


def _read_page(page: pdfium.PdfPage, number: int) -> Page:
    width, height = page.get_size()  # as displayed: pdfium applies /Rotate
    quarters = page.get_rotation() // 90  # … but not to its objects' matrices
    n_segments, hidden, shown, level, images, turned = 0, False, [], [], [], False
    painting = Painting()
    for obj in page.get_objects(max_depth=forms.DEPTH):
        painting.paint(obj)
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images.append(forms.bounds_on_page(obj))
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            n_segments += pdfium_c.FPDFPath_CountSegments(obj.raw)
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
            if pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw) == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE:
                hidden = True
                continue
            shown.append(obj)
            a, b, *_ = forms.matrix_on_page(obj).get()
            angle = math.atan2(b, a) % math.tau
            if not _slanted(angle):
                level.append(obj)
                turned = turned or _quarters(angle) != quarters  # counter-clockwise; /Rotate turns clockwise
    slanted, unseen = len(level) < len(shown), frozenset(painting.hidden)
    textpage = page.get_textpage()
    text = _shown_text(textpage, slanted, unseen) if slanted or unseen else textpage.get_text_range()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # a searchable scan's text is an OCR program's, invisible under its image: the page is read as a scan
    seen = "".join(object_text(obj, textpage) for obj in shown) if hidden else text
    drawn = bool(images) or n_segments >= OUTLINED_SEGMENTS
    scanned = (drawn and len("".join(seen.split())) < SCANNED_MAX_CHARS) or _glyph_numbers(seen)
    large = [box for box in images if _area(box) >= PICTURE_SHARE * width * height]
    pictured = bool(large) and not scanned and _pictured(large, [forms.bounds_on_page(obj) for obj in level])
    return Page(number, width, height, text, scanned, bool(images), page, slanted, pictured, turned, unseen=unseen)


def _read_upright(pages: list[Page]) -> None:
    """Pages whose text stands turned, and every sheet of a document printed two pages up, read in panels
    set upright."""
    sheets = printed_two_up(pages, lambda p: folded(p.turned_glyphs, p.shown_rules, p.width, p.height))
    for page in pages:
        if not page.scanned and (page.turned or sheets):
            frame = frame_of(page.turned_glyphs, page.shown_rules, page.width, page.height, sheets)
            if frame:
                page.frame, (page.width, page.height) = frame, frame.size


def printed_two_up(pages: list[Page], folds: Callable[[Page], bool]) -> bool:
    """Printed two pages up: every page a landscape sheet, and most fold down the middle, as `folds` sees
    a page (a page of one table's columns set far apart may fold too, but not most pages of its document)."""
    if len(pages) < 2 or any(width <= height for width, height in (p.shown_size for p in pages)):
        return False
    return 2 * sum(map(folds, pages)) >= len(pages)


def _area(box: Bounds) -> float:
    left, bottom, right, top = box
    return (right - left) * (top - bottom)


def _pictured(images: list[Bounds], texts: list[Bounds]) -> bool:
    """Whether one of the images has no text's centre on it (text set level: a watermark runs over anything)."""
    return any(
        not any(left <= (a + c) / 2 <= right and bottom <= (b + d) / 2 <= top for a, b, c, d in texts)
        for left, bottom, right, top in images
    )


def _glyph_numbers(text: str) -> bool:
    """Text whose fonts carry no map to Unicode, as some converters write them: a subset font's glyphs
    are numbered from 1, so it extracts as control codes and accented Latin letters (,ë7'¯°45 ) that a
    Chinese disclosure never prints. Its page is read from what it shows, as a scan's."""
    chars = "".join(text.split())
    odd = sum(1 for c in chars if ord(c) < 0x20 or (0x7F <= ord(c) < 0x250 and c not in _LATIN_IN_USE))
    return len(chars) >= SCANNED_MAX_CHARS and odd >= GLYPH_NUMBERS_SHARE * len(chars)


def object_text(obj: pdfium.PdfObject, textpage: pdfium.PdfTextPage) -> str:
    """The text a text object shows."""
    size = pdfium_c.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)  # in bytes, UTF-16 with its NUL
    buffer = (ctypes.c_ushort * (size // 2))()
    pdfium_c.FPDFTextObj_GetText(obj.raw, textpage.raw, buffer, size)
    return "".join(map(chr, buffer[:-1]))


def _shown_text(textpage: pdfium.PdfTextPage, slanted: bool, unseen: frozenset[int]) -> str:
    """The page's text without its characters set at a slant (if `slanted`), nor those of its `unseen` text
    objects: a hidden leftover's stale title would name another year."""
    return "".join(
        chr(pdfium_c.FPDFText_GetUnicode(textpage, i))
        for i in range(textpage.count_chars())
        if not (slanted and _slanted(pdfium_c.FPDFText_GetCharAngle(textpage, i)))
        and not (unseen and address(pdfium_c.FPDFText_GetTextObject(textpage, i)) in unseen)
    )


def _glyphs(page: pdfium.PdfPage, slanted: bool, unseen: frozenset[int], turns: bool) -> list[tuple[Glyph, int]]:
    """The page's characters but those of its `unseen` text objects, each with the quarter turns clockwise
    that set it upright (0 unless `turns`: asking each character its angle adds a fifth to reading the text)."""
    textpage = page.get_textpage()
    rotation = page.get_rotation()
    media_w, media_h = page.get_size()
    if rotation in (90, 270):
        media_w, media_h = media_h, media_w
    rect = pdfium_c.FS_RECTF()
    out: list[tuple[Glyph, int]] = []
    for i in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(textpage, i)
        if code in (0, 0xFFFE, 0xFFFF) or chr(code).isspace():
            continue
        if unseen and address(pdfium_c.FPDFText_GetTextObject(textpage, i)) in unseen:
            continue
        angle = pdfium_c.FPDFText_GetCharAngle(textpage, i) if slanted or turns else -1
        if slanted and _slanted(angle):
            continue
        # The loose box spans the font's ascent to descent, so 一 is as tall as 量 and lines group cleanly.
        pdfium_c.FPDFText_GetLooseCharBox(textpage, i, ctypes.byref(rect))
        box = _to_display(rect.left, rect.right, rect.bottom, rect.top, rotation, media_w, media_h)
        out.append((Glyph(chr(code), *box), _upright(angle, rotation)))
    return out


def _upright(angle: float, rotation: int) -> int:
    """The quarter turns clockwise that set a character upright on the page as displayed. pdfium measures
    its angle clockwise, before /Rotate turns the page on; a character without one (-1) stands upright."""
    return 0 if angle == -1 else -(_quarters(angle) + rotation // 90) % 4


def _quarters(angle: float) -> int:
    """The quarter turns nearest an angle in radians."""
    return round(math.degrees(angle) / 90) % 4


def _slanted(angle: float) -> bool:
    """Set at a slant (a watermark rising across the page), neither level nor upright: no table's text.
    The angle is in radians; pdfium gives -1 for a character that has none."""
    if angle == -1:
        return False
    off = math.degrees(angle) % 90
    return min(off, 90 - off) > SLANT_MAX_DEG


def _to_display(
    left: float, right: float, bottom: float, top: float, rotation: int, w: float, h: float
) -> tuple[float, float, float, float]:
    """A box in PDF user space (y up, unrotated, page w × h) → displayed page space (y down, rotated)."""
    if rotation == 90:  # turned clockwise: x runs down the page, y runs across it
        return bottom, left, top, right
    if rotation == 180:
        return w - right, bottom, w - left, top
    if rotation == 270:
        return h - top, w - right, h - bottom, w - left
    return left, h - top, right, h - bottom
