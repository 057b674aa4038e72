"""Edits fpdf2 cannot make, done with pdfium: /Rotate'd pages, sheets two pages up, and saving with a
reproducible /ID."""

from __future__ import annotations

import ctypes
import hashlib
import io
import re
from collections.abc import Iterable

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]{32})>\s*<([0-9A-Fa-f]{32})>\s*\]")
_CREATED = re.compile(rb"/CreationDate\(D:(\d{14})")
FIXED_TIMESTAMP = b"20240101000000"  # what fpdf2 is given too (canvas.CREATION_DATE)


def save(pdf: pdfium.PdfDocument) -> bytes:
    """Save reproducibly: pdfium stamps new documents with the time and writes a random /ID.

    Both are overwritten in place with bytes of the same length, so the xref offsets stay valid.
    """
    buffer = io.BytesIO()
    pdf.save(buffer)
    out = bytearray(buffer.getvalue())
    for m in _CREATED.finditer(out):
        out[m.start(1) : m.end(1)] = FIXED_TIMESTAMP
    ids = list(_ID.finditer(out))
    digest = hashlib.md5(_ID.sub(b"/ID[]", bytes(out)), usedforsecurity=False).hexdigest().upper().encode()
    for m in ids:
        out[m.start(1) : m.end(1)] = digest
        out[m.start(2) : m.end(2)] = digest
    return bytes(out)


def rotate_pages(data: bytes, pages: Iterable[int], rotation: int, marked: bool = True) -> bytes:
    """Give pages (1-based) a /Rotate of 90 or 270 while they still read upright in a viewer.

    The content is turned the other way inside a media box of swapped width and height, so a viewer
    applying /Rotate shows exactly the page that was drawn; only a reader ignoring /Rotate sees it sideways.
    Not marked, the page has no /Rotate: a landscape table stands turned on a portrait page, as some
    converters leave it, and every reader must find the turn from the text.
    """
    if rotation not in (90, 270):
        raise ValueError(f"rotation must be 90 or 270, not {rotation}")
    pdf = pdfium.PdfDocument(data)
    for number in pages:
        page = pdf[number - 1]
        width, height = page.get_size()
        matrix = _turn(width, height, rotation).to_raw()
        if not pdfium_c.FPDFPage_TransFormWithClip(page.raw, ctypes.byref(matrix), None):
            raise RuntimeError(f"pdfium could not transform page {number}")
        page.set_mediabox(0, 0, height, width)
        if marked:
            page.set_rotation(rotation)
    return save(pdf)


def two_up(data: bytes, rotation: int) -> bytes:
    """The pages printed two to a landscape A4 sheet, side by side in order, each shrunk to its half and
    set in it as a form XObject (as printing N-up does); a landscape page is turned a quarter to fit, as
    rotate_pages turns it. Page n stands on sheet (n + 1) // 2."""
    source = pdfium.PdfDocument(data)
    sheets = pdfium.PdfDocument.new()
    half, height = SHEET[0] / 2, SHEET[1]
    for first in range(0, len(source), 2):
        sheet = sheets.new_page(*SHEET)
        for i in range(first, min(first + 2, len(source))):
            width, tall = source[i].get_size()
            turned = width > tall
            w, h = (tall, width) if turned else (width, tall)
            scale = min((half - 2 * SHEET_MARGIN) / w, (height - 2 * SHEET_MARGIN) / h)
            matrix = _turn(width, tall, rotation) if turned else pdfium.PdfMatrix()
            left = (i - first) * half + (half - w * scale) / 2
            placed = source.page_as_xobject(i, sheets).as_pageobject()
            placed.transform(matrix.scale(scale, scale).translate(left, (height - h * scale) / 2))
            sheet.insert_obj(placed)
        sheet.gen_content()
    return save(sheets)


SHEET = (841.89, 595.28)  # A4 landscape, points
SHEET_MARGIN = 12.0


def _turn(width: float, height: float, rotation: int) -> pdfium.PdfMatrix:
    """A page width × height turned a quarter into [0, height] × [0, width]: counter-clockwise for a /Rotate
    of 90 to set upright again, clockwise for 270."""
    if rotation == 90:  # counter-clockwise: (x, y) -> (height - y, x)
        return pdfium.PdfMatrix(0, 1, -1, 0, height, 0)
    return pdfium.PdfMatrix(0, -1, 1, 0, 0, width)  # clockwise: (x, y) -> (y, width - x)


def without_unicode_maps(data: bytes) -> bytes:
    """The PDF as converters that write no /ToUnicode for their fonts leave it: it shows the same, but its
    text extracts as glyph numbers. Each map's key is renamed to one no reader knows, of the same length,
    so the cross-reference offsets hold."""
    return data.replace(b"/ToUnicode", b"/NoUnicode")


def pictured_tables(data: bytes, pages: Iterable[int], dpi: int = 110) -> bytes:
    """The tables of pages (1-based) pasted back as pictures, as a screenshot of a spreadsheet is pasted
    under its title: the page rendered at `dpi`, the part its rules span cut out, and everything drawn
    there replaced by that picture. The title and the lines above and below the table stay text."""
    pdf = pdfium.PdfDocument(data)
    for number in pages:
        page = pdf[number - 1]
        objects = list(page.get_objects())
        rules = [obj.get_bounds() for obj in objects if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH]
        if not rules:
            continue
        left, bottom = min(b[0] for b in rules) - 1, min(b[1] for b in rules) - 1
        right, top = max(b[2] for b in rules) + 1, max(b[3] for b in rules) + 1
        scale = dpi / 72
        height = page.get_height()
        shot = page.render(scale=scale).to_pil().convert("RGB")
        shot = shot.crop(
            (round(left * scale), round((height - top) * scale), round(right * scale), round((height - bottom) * scale))
        )
        for obj in objects:
            a, b, c, d = obj.get_bounds()
            if left <= (a + c) / 2 <= right and bottom <= (b + d) / 2 <= top:
                page.remove_obj(obj)
        image = pdfium.PdfImage.new(pdf)
        image.set_bitmap(pdfium.PdfBitmap.from_pil(shot))
        image.set_matrix(pdfium.PdfMatrix().scale(right - left, top - bottom).translate(left, bottom))
        page.insert_obj(image)
        page.gen_content()
    return save(pdf)
