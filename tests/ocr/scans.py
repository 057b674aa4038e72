"""Small scanned test documents: a generated disclosure cut down to a few table pages, then scanned.

The generator's scans are slightly turned, grey, noisy, dusty, blurred and JPEG-compressed, with no
text layer. Its gold stays exact for the pages kept: facts are compared by key, not by page.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection
from dataclasses import astuple
from pathlib import Path

import numpy as np
import pylopdf_fonts_zh_cn
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont

from generator.figures import load_builtin
from generator.layout import Layout
from generator.pdf_edit import save
from generator.render import GOLD_COLUMNS, render_bytes
from generator.scan import DPI, FLAT, Capture, scan_pdf, spread_pdf
from pipeline.ink import Box
from tests.conftest import GoldDocument

SANS = Path(pylopdf_fonts_zh_cn.__file__).parent / "NotoSansSC-Regular.otf"  # the CJK face drawn test scans use


def table_document(
    folder: Path,
    name: str,
    figures: str,
    layout: Layout,
    tables: Collection[str],
    scanned: Collection[str] | None = None,
    seed: int = 1,
    turns: int = 0,
    dpi: int = DPI,
    capture: Capture = FLAT,
) -> GoldDocument:
    """<folder>/<name>.pdf: the pages of `tables` only, those of `scanned` (all when None) scanned at
    `dpi`, lying `turns` quarter turns from upright, taken as `capture` says; and its gold."""
    data, gold = render_bytes(load_builtin(figures), layout, name)
    kept = sorted({g.page for g in gold if g.table_code in tables})
    scan = set(tables if scanned is None else scanned)
    to_scan = {i + 1 for i, page in enumerate(kept) if any(g.page == page and g.table_code in scan for g in gold)}
    source = pdfium.PdfDocument.new()
    source.import_pages(pdfium.PdfDocument(data), [p - 1 for p in kept])
    pdf = folder / f"{name}.pdf"
    scan_pdf(save(source), pdf, pages=to_scan, seed=seed, turns=turns, dpi=dpi, capture=capture)
    gold_csv = folder / f"{name}.csv"
    with gold_csv.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(GOLD_COLUMNS)
        writer.writerows(astuple(g) for g in gold if g.table_code in tables)
    return GoldDocument(pdf, gold_csv)


def spread_document(folder: Path, name: str, figures: str, layout: Layout, tables: Collection[str]) -> GoldDocument:
    """<folder>/<name>.pdf: the pages of `tables` scanned two by two side by side (`spread_pdf`); its gold
    on the spread pages."""
    pages = table_document(folder, f"{name}-pages", figures, layout, tables, scanned=())
    pdf, gold_csv = folder / f"{name}.pdf", folder / f"{name}.csv"
    spread_pdf(pages.pdf.read_bytes(), pdf)
    with pages.gold.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with gold_csv.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, GOLD_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({**row, "page": (int(row["page"]) + 1) // 2} for row in rows)
    return GoldDocument(pdf, gold_csv)


def noise_scan(path: Path, seed: int = 0) -> Path:
    """An image-only PDF of a blank sheet as a scanner returns it: grey, noisy, dusty, no text at all."""
    rng = np.random.default_rng(seed)
    pixels = rng.normal(225, 8, (877, 620))
    dust = rng.random(pixels.shape) < 0.0005
    pixels[dust] = rng.uniform(40, 120, int(dust.sum()))
    return image_pdf(path, Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)))


def with_blank_page(pdf: Path, index: int) -> None:
    """pdf with a blank sheet scanned (`noise_scan`) put in before its page `index` (0-based), as a
    scanned document holds the blank backs of its sheets."""
    document = pdfium.PdfDocument(pdf)
    document.import_pages(pdfium.PdfDocument(noise_scan(pdf.with_suffix(".blank.pdf"))), index=index)
    pdf.write_bytes(save(document))


def image_pdf(path: Path, image: Image.Image) -> Path:
    """A one-page A4 PDF holding only this image, as JPEG: no text layer."""
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70)
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    jpeg = pdfium.PdfImage.new(pdf)
    jpeg.load_jpeg(io.BytesIO(buffer.getvalue()), pages=[page], inline=False, autoclose=True)
    jpeg.set_matrix(pdfium.PdfMatrix().scale(595, 842))
    page.insert_obj(jpeg)
    page.gen_content()
    path.write_bytes(save(pdf))
    return path


def inked_box(ink: np.ndarray, x0: int, x1: int) -> Box:
    """The box of the ink (nonzero) between columns x0 and x1 of the image, in its pixels."""
    ys, xs = np.nonzero(ink[:, x0:x1])
    return Box(x0 + int(xs.min()), int(ys.min()), x0 + int(xs.max()) + 1, int(ys.max()) + 1)


def word_and_amount(
    word: str, amount: str, amount_px: int = 20, amount_at: tuple[int, int] = (150, 15)
) -> tuple[np.ndarray, np.ndarray, Box, Box]:
    """A 300 × 60 px strip: `word` at 20 px on its left, `amount` beside it; its grey, its ink (255), and
    the word's and the amount's boxes."""
    sheet = Image.new("L", (300, 60), 255)
    draw = ImageDraw.Draw(sheet)
    draw.text((10, 15), word, fill=0, font=ImageFont.truetype(str(SANS), 20))
    draw.text(amount_at, amount, fill=0, font=ImageFont.truetype(str(SANS), amount_px))
    gray = np.asarray(sheet).copy()
    ink = ((gray < 128) * 255).astype(np.uint8)
    return gray, ink, inked_box(ink, 0, 100), inked_box(ink, 100, 300)
