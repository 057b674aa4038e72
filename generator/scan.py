"""Turn pages of a PDF into "scans": images only, slightly skewed, blurred, noisy, JPEG-compressed, no text.

The gold of a rendering stays valid for its scan: pages keep their numbers and content.
"""

from __future__ import annotations

import ctypes
import io
import random
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageFilter

from generator.pdf_edit import save
from pipeline.pdf import object_text

POINTS_PER_INCH = 72
DPI = 150  # an office scanner's default
DPIS = (110, 150, 200, 300)  # what scanners are set to, from a fax-like 110 to an archive's 300
DESK_GREY = 50  # a desk round a photographed page, before its grain
_AMOUNT = re.compile(r"\s*-?[\d,]+\.\d{2}\s*")
DOT_PT = 0.6  # a dotted rule's dot, along it
SCREEN_PX = 4  # pixels a printer draws a line of a screen's dots with at least
MISREAD = 0.3  # share of the amounts a searchable copy's hidden text misreads, a figure for another


@dataclass(frozen=True)
class Capture:
    """How the paper was taken beyond a flat scan of a clean print."""

    keystone: float = 0.0  # photographed from below its middle: its top this share of its width narrower each side
    worn: float = 0.0  # a worn copy: about this share of every rule's length lost in short gaps
    dashed: float = 0.0  # a one-bit scan of hairlines: every rule broken into dashes this many pt long on average
    dotted: float = 0.0  # rules printed dotted: a dot DOT_PT long every this many pt along each
    curl: float = 0.0  # a page lying curled: its lines bow down by up to this many points at its middle
    spine: float = 0.0  # a bound booklet scanned open: lines bend down by up to this many points by its spine
    shadow: float = 0.0  # a hand's soft shadow over one side of the photo, this share darker at its heart
    desk: float = 0.0  # photographed with this share of the width of dark, grainy desk showing round the page
    faded: int = 0  # a copy: its rules this many grey levels under the paper only, text untouched
    ghost: int = 0  # thin paper: the back's rules (the page's mirrored) showing through, this many levels, blurred
    dropped: float = 0.0  # a fax: this share of its scan lines lost, left blank across the page
    streak: int = 0  # a copier's dirty drum: a line down the whole page this many grey levels dark, in stretches
    glare: float = 0.0  # a lamp's glare on a photo: a patch veiled this share of the way to white at most
    ocr_layer: bool = False  # a searchable copy: an OCR program's text of the page kept invisible under it
    halftone: bool = False  # a one-bit copy: its greys, paper's too, printed as an ordered screen's dots
    coloured: bool = False  # a stencil duplicator's print: blue ink on tinted paper, scanned in colour
    light: int = 0  # a copy set light: its blackest print this many grey levels under the paper, the rest in step
    screen: float = 0.0  # a laser print's greys (a header's fill) a 45° dot screen of this many lines per inch


FLAT = Capture()


def scan_image(
    page: pdfium.PdfPage, rng: random.Random, dpi: int, grey_background: bool, turns: int = 0, capture: Capture = FLAT
) -> bytes:
    """The page as a scanner would return it, as JPEG bytes (PNG when halftoned); turned by `turns` quarter turns
    counter-clockwise (a landscape table fed through the scanner on its side), worn and photographed
    as `capture` says."""
    printed = dpi * _oversampled(capture.screen, dpi)
    image = page.render(scale=printed / POINTS_PER_INCH, grayscale=True).to_pil().convert("L")
    image = image.rotate(90 * turns, expand=True) if turns % 4 else image
    if capture.screen:
        image = _laser_printed(image, capture.screen, printed)
        image = image.resize((image.width * dpi // printed, image.height * dpi // printed), Image.Resampling.BOX)
    if capture.faded:
        image = _faded(image, capture.faded, dpi)
    if capture.light:
        image = image.point(lambda grey: 255 - (255 - grey) * capture.light // 255)
    if capture.worn:
        image = _worn(image, capture.worn, dpi, rng)
    if capture.dashed:
        image = _dashed(image, capture.dashed, dpi, rng)
    if capture.dotted:
        image = _dotted(image, capture.dotted, dpi)
    if capture.ghost:
        image = _show_through(image, capture.ghost, dpi)
    if capture.streak:
        image = _streaked(image, capture.streak, dpi, rng)
    if capture.curl:
        image = _curled(image, capture.curl * dpi / POINTS_PER_INCH)
    if capture.spine:
        image = _by_the_spine(image, capture.spine * dpi / POINTS_PER_INCH, rng.choice((-1, 1)))
    skew = rng.uniform(0.3, 1.5) * rng.choice((-1, 1))
    pixels = np.asarray(_taken(image, capture, skew), dtype=np.float32)
    if capture.shadow:
        pixels *= _hand_shadow(pixels.shape, capture.shadow, rng)
    if capture.desk:  # a desk's grain is coarse and strong, as a phone's sensor leaves it in the dark
        desk = np.asarray(_taken(Image.new("L", image.size, 255), capture, skew)) < 255 // 2
        grain = cv2.GaussianBlur(np.random.default_rng(rng.getrandbits(32)).normal(0, 40, pixels.shape), (0, 0), 1.5)
        pixels[desk] += grain[desk].astype(np.float32)
    if grey_background:  # recycled paper and an uneven lamp: white becomes light grey, darker to one side
        height, width = pixels.shape
        lamp = (
            np.linspace(0, rng.uniform(-20, 0), width)[None, :] + np.linspace(0, rng.uniform(-12, 0), height)[:, None]
        )
        pixels = pixels * rng.uniform(0.84, 0.93) + rng.uniform(0, 8) + lamp
    if capture.glare:
        pixels = _glared(pixels, capture.glare, rng)
    noise = np.random.default_rng(rng.getrandbits(32))
    pixels += noise.normal(0, rng.uniform(3, 8), pixels.shape)
    dust = noise.random(pixels.shape) < 0.0004  # isolated dark specks
    pixels[dust] = noise.uniform(40, 120, int(dust.sum()))
    # Blurred after the noise, as optics soften sensor grain too (and JPEG then stays small).
    scanned = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    scanned = scanned.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 0.9)))
    if capture.dropped:  # the fax's own raster, after its optics: a lost line is blank, edge to edge
        scanned = _dropped_lines(scanned, capture.dropped, noise)
    if capture.coloured:
        scanned = _inked_in_colour(scanned, rng)
    buffer = io.BytesIO()
    if capture.halftone:
        _screened(scanned).save(buffer, "PNG")
    else:
        scanned.save(buffer, "JPEG", quality=rng.randint(55, 80))
    return buffer.getvalue()


DUPLICATOR_INK = (30, 55, 150)  # a stencil duplicator's blue
TINTED_PAPERS = ((250, 232, 208), (246, 222, 228), (224, 240, 222), (236, 236, 250))  # buff, pink, green, lilac


def _inked_in_colour(image: Image.Image, rng: random.Random) -> Image.Image:
    """The grey scan as the print in blue ink on a tinted paper: each pixel's darkness against the scan's
    paper is the ink's share."""
    grey = np.asarray(image, dtype=np.float32)
    ink = np.clip(grey / np.percentile(grey, 90), 0, 1)[..., None] ** 2  # a duplicator inks heavily
    paper, colour = np.array(rng.choice(TINTED_PAPERS), np.float32), np.array(DUPLICATOR_INK, np.float32)
    return Image.fromarray(np.clip(colour + (paper - colour) * ink, 0, 255).astype(np.uint8), "RGB")


def _bayer(size: int) -> np.ndarray:
    """The size × size ordered-dither (Bayer) matrix: 0 … size² - 1, each quarter the one of half the size."""
    if size == 1:
        return np.zeros((1, 1), dtype=np.int64)
    half = 4 * _bayer(size // 2)
    return np.block([[half, half + 2], [half + 3, half + 1]])


_SCREEN = _bayer(8)


def _screened(image: Image.Image) -> Image.Image:
    """The image in black and white only, each grey as the share of black dots an 8×8 ordered screen gives it."""
    pixels = np.asarray(image, dtype=np.float32)
    height, width = pixels.shape
    thresholds = (np.tile(_SCREEN, (height // 8 + 1, width // 8 + 1))[:height, :width] + 0.5) * (255 / 64)
    return Image.fromarray(np.where(pixels > thresholds, 255, 0).astype(np.uint8))


def _oversampled(lpi: float, dpi: int) -> int:
    """How many times finer than the scan a screen of `lpi` is printed: fine enough for SCREEN_PX pixels
    to a line of dots, which the scanner then averages (drawn at a coarser scan's own pixels, its dots
    alias into blots a point wide that hide the print on the fill). Once for no screen (`lpi` 0)."""
    return max(1, -(-round(SCREEN_PX * lpi) // dpi))


def _laser_printed(image: Image.Image, lpi: float, dpi: int) -> Image.Image:
    """The image as a laser printer prints its greys: round dots on a 45° grid, `lpi` to the inch, each as
    big as its grey is dark (black solid, white blank), drawn at `dpi`. The grid's spots, cos(u) + cos(v)
    along its diagonals u = k(x + y) and v = k(y - x), are 2 cos(kx) cos(ky): one row times one column."""
    pixels = np.asarray(image)
    k = np.float32(np.sqrt(0.5) * 2 * np.pi * lpi / dpi)
    across, down = (
        np.cos(k * np.arange(pixels.shape[1], dtype=np.float32)),
        np.cos(k * np.arange(pixels.shape[0], dtype=np.float32)),
    )
    spot = (np.outer(down, across) + 1) * np.float32(255 / 2)  # a dot's heart 255, between dots 0
    return Image.fromarray(np.where(pixels < spot, 0, 255).astype(np.uint8))


def _glared(pixels: np.ndarray, share: float, rng: random.Random) -> np.ndarray:
    """The page under a veil of glare round a spot in its middle, fading over a third of its width:
    each grey taken `share` of the way to white at the spot, so the paper there is lighter than
    elsewhere and the print lifted more, less darker than the paper than elsewhere."""
    height, width = pixels.shape
    cx, cy = rng.uniform(0.35, 0.65) * width, rng.uniform(0.3, 0.6) * height
    spread = width / 3
    ys, xs = np.ogrid[:height, :width]
    veil = share * np.exp(-((xs - cx) ** 2 + (ys - cy) ** 2) / (2 * spread**2))
    return pixels + veil.astype(np.float32) * (255 - pixels)


def _worn(image: Image.Image, share: float, dpi: int, rng: random.Random) -> Image.Image:
    """The image with gaps of 1–4 pt in its rules, `share` of their length in all, text untouched: the
    same gaps cut every level rule at one x, every upright one at one y, as a worn drum leaves them."""
    return _gapped(image, dpi, lambda length, point: _gaps(length, share, point, rng))


def _dashed(image: Image.Image, dash: float, dpi: int, rng: random.Random) -> Image.Image:
    """The image with its rules broken into dashes `dash` pt long on average (a third to twice that) by
    gaps of 0.5–1.5 pt, text untouched: a hairline scanned one-bit, above and below the threshold by turns.
    No dash is as long as a rule must be, either way."""

    def gaps(length: int, point: float) -> np.ndarray:
        cut = np.zeros(length, bool)
        at = round(rng.uniform(0, dash) * point)
        while at < length:
            size = max(1, round(rng.uniform(0.5, 1.5) * point))
            cut[at : at + size] = True
            at += size + round(rng.uniform(dash / 3, 2 * dash) * point)
        return cut

    return _gapped(image, dpi, gaps)


def _dotted(image: Image.Image, pitch: float, dpi: int) -> Image.Image:
    """The image with its rules printed dotted: of each, a dot DOT_PT long every `pitch` pt, text untouched."""

    def gaps(length: int, point: float) -> np.ndarray:
        return (np.arange(length) % max(2, round(pitch * point))) >= max(1, round(DOT_PT * point))

    return _gapped(image, dpi, gaps)


def _gapped(image: Image.Image, dpi: int, gaps: Callable[[int, float], np.ndarray]) -> Image.Image:
    """The image with its rules cut where `gaps(length in pixels, pixels per point)` says, along each
    way: the same gaps cut every level rule at one x, every upright one at one y."""
    pixels = np.array(image)
    height, width = pixels.shape
    point = dpi / POINTS_PER_INCH
    level, upright = _rules(pixels, dpi)
    gap_x, gap_y = (gaps(length, point) for length in (width, height))
    pixels[(level & gap_x[None, :]) | (upright & gap_y[:, None])] = 255
    return Image.fromarray(pixels)


def _rules(pixels: np.ndarray, dpi: int) -> tuple[np.ndarray, np.ndarray]:
    """Where the page's level and upright rules are: dark runs 40 pt long across, 30 pt down (text has none)."""
    ink = (pixels < 128).astype(np.uint8)
    point = dpi / POINTS_PER_INCH
    rules = [
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size))
        for size in ((round(40 * point), 1), (1, round(30 * point)))
    ]
    level, upright = (cv2.dilate(r, np.ones(k, np.uint8)) > 0 for r, k in zip(rules, ((3, 1), (1, 3)), strict=True))
    return level, upright


def _faded(image: Image.Image, levels: int, dpi: int) -> Image.Image:
    """The image with its rules faded to `levels` grey levels under the paper, text keeping its ink,
    as a copier's toner leaves hairlines paler than strokes (`worn` wears them through as well)."""
    pixels = np.array(image)
    level, upright = _rules(pixels, dpi)
    rules = level | upright
    pixels[rules] = np.maximum(pixels[rules], 255 - levels)
    return Image.fromarray(pixels)


def _show_through(image: Image.Image, levels: int, dpi: int) -> Image.Image:
    """The image with the back of the sheet showing through: its rules mirrored (the back prints the
    same tables), `levels` grey levels dark, blurred by the paper 2 pt wide."""
    pixels = np.array(image)
    level, upright = _rules(pixels, dpi)
    back = cv2.GaussianBlur((level | upright)[:, ::-1].astype(np.float32), (0, 0), dpi / POINTS_PER_INCH)
    shown = 255 - levels * back / max(float(back.max()), 1e-6)
    return Image.fromarray(np.minimum(pixels, shown).astype(np.uint8))


def _streaked(image: Image.Image, levels: int, dpi: int, rng: random.Random) -> Image.Image:
    """The image with a drum streak: a point-wide line top to bottom, `levels` grey levels dark, a fifth
    of it lost in gaps, somewhere across the middle of the page (through the table's columns)."""
    pixels = np.array(image)
    height, width = pixels.shape
    point = dpi / POINTS_PER_INCH
    x = round(rng.uniform(0.3, 0.9) * width)
    rows = ~_gaps(height, 0.2, point, rng)
    band = pixels[:, x : x + max(1, round(point))]
    band[rows] = np.minimum(band[rows], 255 - levels)
    return Image.fromarray(pixels)


def _dropped_lines(image: Image.Image, share: float, noise: np.random.Generator) -> Image.Image:
    """The image with `share` of its rows blank: a fax's lost scan lines."""
    pixels = np.array(image)
    pixels[noise.random(pixels.shape[0]) < share] = 255
    return Image.fromarray(pixels)


def _gaps(length: int, share: float, point: float, rng: random.Random) -> np.ndarray:
    """Where along a line of `length` pixels the gaps fall: 1–4 pt each, `share` of the line in all."""
    gaps = np.zeros(length, bool)
    at = 0
    while at < length:
        size = round(rng.uniform(1, 4) * point)
        at += round(rng.expovariate(share / size)) + 1
        gaps[at : at + size] = True
        at += size
    return gaps


def _taken(image: Image.Image, capture: Capture, skew: float) -> Image.Image:
    """The page as the camera or scanner takes it: on the desk, at an angle, turned by `skew` degrees."""
    surround = DESK_GREY if capture.desk else 255
    if capture.desk:
        image = _on_desk(image, capture.desk)
    if capture.keystone:
        image = _keystoned(image, capture.keystone, surround)
    return image.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=surround)


def _curled(image: Image.Image, sag: float) -> Image.Image:
    """The image with each line bowed down by up to `sag` pixels at the middle across, as a page
    curling up at its sides lies: rules stay thin, but none is level from end to end."""
    pixels = np.asarray(image)
    height, width = pixels.shape
    across = np.linspace(-1, 1, width, dtype=np.float32)
    grid_x, grid_y = np.meshgrid(np.arange(width, dtype=np.float32), np.arange(height, dtype=np.float32))
    bow = sag * (1 - across * across)
    curled = cv2.remap(pixels, grid_x, grid_y - bow[None, :], cv2.INTER_LINEAR, borderValue=255)
    return Image.fromarray(curled)


SPINE_ZONE = 0.2  # of the page's width: how far from its spine a bound page lifts off the glass
GUTTER_SHADOW, GUTTER_WIDTH = 0.5, 0.04  # how much darker the paper is at the spine, and how far (of the width)


def _by_the_spine(image: Image.Image, bend: float, side: int) -> Image.Image:
    """The page of a booklet scanned open, its spine at the right (`side` 1) or left (-1): within
    SPINE_ZONE of it the page lifts, its lines bending down, by `bend` pixels at the spine, and the
    gutter shadowed."""
    pixels = np.asarray(image)
    height, width = pixels.shape
    across = np.linspace(0, 1, width, dtype=np.float32)
    from_spine = 1 - across if side > 0 else across
    lift = np.clip((SPINE_ZONE - from_spine) / SPINE_ZONE, 0, 1)
    grid_x, grid_y = np.meshgrid(np.arange(width, dtype=np.float32), np.arange(height, dtype=np.float32))
    bent = cv2.remap(pixels, grid_x, grid_y - (bend * lift * lift)[None, :], cv2.INTER_LINEAR, borderValue=255)
    gutter = 1 - GUTTER_SHADOW * np.clip((GUTTER_WIDTH - from_spine) / GUTTER_WIDTH, 0, 1) ** 2
    return Image.fromarray(np.clip(bent * gutter[None, :], 0, 255).astype(np.uint8))


def _hand_shadow(shape: tuple[int, ...], depth: float, rng: random.Random) -> np.ndarray:
    """Factors darkening a photo under a hand's shadow: a disc over the middle of one side, `depth`
    darker at its heart and fading in over a fifth of its radius."""
    height, width = shape
    centre_x = width * rng.choice((rng.uniform(0.95, 1.1), rng.uniform(-0.1, 0.05)))
    centre_y, radius = height * rng.uniform(0.3, 0.7), width * rng.uniform(0.3, 0.4)
    rows, cols = np.mgrid[0:height, 0:width].astype(np.float32)
    reach = np.hypot(rows - centre_y, cols - centre_x) / radius
    return 1 - depth * np.clip((1.1 - reach) / 0.2, 0, 1)


def _on_desk(image: Image.Image, share: float) -> Image.Image:
    """The page shrunk to leave `share` of the width round it, on a dark desk."""
    width, height = image.size
    margin = round(share * width)
    page = image.resize((width - 2 * margin, height - 2 * margin), Image.Resampling.BICUBIC)
    desk = Image.new("L", (width, height), DESK_GREY)
    desk.paste(page, (margin, margin))
    return desk


def _keystoned(image: Image.Image, keystone: float, surround: int) -> Image.Image:
    """The image as a camera below its middle sees it: the top edge shrunk by `keystone` × width each side."""
    width, height = image.size
    inset = keystone * width
    seen = [(inset, 0), (width - inset, 0), (width, height), (0, height)]  # where the page's corners appear
    page = [(0, 0), (width, 0), (width, height), (0, height)]
    # PIL maps each output pixel back to the input: x = (a·u + b·v + c) / (g·u + h·v + 1), y likewise
    rows, values = [], []
    for (u, v), (x, y) in zip(seen, page, strict=True):
        rows += [[u, v, 1, 0, 0, 0, -x * u, -x * v], [0, 0, 0, u, v, 1, -y * u, -y * v]]
        values += [x, y]
    coefficients = np.linalg.solve(np.array(rows, dtype=float), np.array(values, dtype=float))
    return image.transform(
        image.size, Image.Transform.PERSPECTIVE, tuple(coefficients), Image.Resampling.BICUBIC, fillcolor=surround
    )


def scan_pdf(
    src: str | Path | bytes,
    dst: str | Path,
    *,
    pages: Collection[int] | None = None,
    seed: int = 0,
    dpi: int = DPI,
    grey_background: bool = True,
    turns: int = 0,
    capture: Capture = FLAT,
) -> list[int]:
    """Write dst with the given pages (1-based; all if None) scanned and the others copied as they are;
    scanned pages lie `turns` quarter turns counter-clockwise from upright, taken as `capture` says.

    Returns the scanned page numbers.
    """
    rng, misreads = random.Random(seed), random.Random(seed)  # the scans are the same with a text layer or without
    source = pdfium.PdfDocument(src)
    chosen = set(range(1, len(source) + 1)) if pages is None else set(pages)
    out = pdfium.PdfDocument.new()
    # One import for all kept pages, so their shared fonts are copied once, not once per page.
    kept = [i for i in range(len(source)) if i + 1 not in chosen]
    if kept:  # pdfium imports every page when given none
        out.import_pages(source, kept)
    for number in sorted(chosen):  # ascending, so every earlier page is already in place
        page = source[number - 1]
        width, height = page.get_size()  # as displayed, so a /Rotate'd page becomes an upright image
        if turns % 2:
            width, height = height, width
        scanned = scan_image(page, rng, dpi, grey_background, turns, capture)
        if capture.ocr_layer and not turns and not page.get_rotation():  # its text drawn upright, as the image
            new_page = _hidden_text(out, source, number, misreads)
        else:
            new_page = out.new_page(width, height, index=number - 1)
        image = pdfium.PdfImage.new(out)
        if capture.halftone:
            image.set_bitmap(pdfium.PdfBitmap.from_pil(Image.open(io.BytesIO(scanned))))
        else:
            image.load_jpeg(io.BytesIO(scanned), pages=[new_page], inline=False, autoclose=True)
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        new_page.insert_obj(image)
        new_page.gen_content()
    Path(dst).write_bytes(save(out))
    return sorted(chosen)


def _hidden_text(
    out: pdfium.PdfDocument, source: pdfium.PdfDocument, number: int, rng: random.Random
) -> pdfium.PdfPage:
    """The source page copied into `out` as a searchable scan's text: its text alone, invisible, as an OCR
    program leaves it under the image, and misread as one does now and then (a figure of an amount for
    another of its figures, so the font has it)."""
    out.import_pages(source, [number - 1], index=number - 1)
    page = out[number - 1]
    textpage = page.get_textpage()
    for obj in list(page.get_objects(max_depth=1)):
        if obj.type != pdfium_c.FPDF_PAGEOBJ_TEXT:
            page.remove_obj(obj)
            continue
        pdfium_c.FPDFTextObj_SetTextRenderMode(obj.raw, pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE)
        text = object_text(obj, textpage)
        figures = sorted({c for c in text if c.isdigit()})
        if _AMOUNT.fullmatch(text) and len(figures) > 1 and rng.random() < MISREAD:
            wrong = rng.choice(figures)
            misread = text.replace(wrong, rng.choice([f for f in figures if f != wrong]), 1)
            pdfium_c.FPDFText_SetText(obj.raw, (ctypes.c_ushort * (len(misread) + 1))(*map(ord, misread), 0))
    textpage.close()
    return page


FOLD_SHADOW = 0.45  # how much darker the paper is at the fold of a spread
FOLD_WIDTH = 0.03  # of the spread's width: how far the fold's shadow reaches either side


def spread_pdf(src: str | Path | bytes, dst: str | Path, *, seed: int = 0, dpi: int = DPI) -> None:
    """Write dst with src's pages scanned two by two side by side, the odd page left (a book opened on
    the glass, an A3 copy of two A4 pages): each page at its own slant, the fold's shadow between them.
    Page n of src is on page (n + 1) // 2 of dst."""
    rng = random.Random(seed)
    source = pdfium.PdfDocument(src)
    out = pdfium.PdfDocument.new()
    for first in range(0, len(source), 2):
        halves = [
            Image.open(io.BytesIO(scan_image(source[i], rng, dpi, grey_background=True)))
            for i in range(first, min(first + 2, len(source)))
        ]
        sheet = _folded(halves)
        buffer = io.BytesIO()
        sheet.save(buffer, "JPEG", quality=rng.randint(60, 80))
        page = out.new_page(sheet.width * POINTS_PER_INCH / dpi, sheet.height * POINTS_PER_INCH / dpi)
        image = pdfium.PdfImage.new(out)
        image.load_jpeg(buffer, pages=[page], inline=False, autoclose=True)
        image.set_matrix(pdfium.PdfMatrix().scale(*page.get_size()))
        page.insert_obj(image)
        page.gen_content()
    Path(dst).write_bytes(save(out))


def _folded(halves: list[Image.Image]) -> Image.Image:
    """The pages side by side on one sheet (a blank one right of a last odd page), shadowed at the fold."""
    width, height = max(h.width for h in halves), max(h.height for h in halves)
    paper = int(np.median(np.asarray(halves[0])))
    sheet = Image.new("L", (2 * width, height), paper)
    for k, half in enumerate(halves):
        sheet.paste(half, (k * width, 0))
    across = np.arange(2 * width, dtype=np.float32) - width
    shade = 1 - FOLD_SHADOW * np.exp(-((across / (FOLD_WIDTH * 2 * width)) ** 2))
    return Image.fromarray((np.asarray(sheet, dtype=np.float32) * shade[None, :]).astype(np.uint8))
