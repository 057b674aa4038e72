"""Scanned copies of corpus PDFs: pages rendered, skewed, blurred, speckled, JPEG-compressed, text layer gone.

The figures stay the same, so the real document's gold scores its scanned copy.
"""

from __future__ import annotations

import io
import random
from collections.abc import Collection
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

POINTS_PER_INCH = 72


def scanned_image(page: pdfium.PdfPage, rng: random.Random, dpi: int) -> bytes:
    """One page as an office scanner returns it: grey, slightly turned, soft, noisy, dusty, as JPEG."""
    image = page.render(scale=dpi / POINTS_PER_INCH, grayscale=True).to_pil().convert("L")
    angle = rng.uniform(0.5, 1.5) * rng.choice((-1, 1))
    image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.8)))
    noise = np.random.default_rng(rng.getrandbits(32))
    pixels = np.asarray(image, dtype=np.float32) * rng.uniform(0.88, 0.95) + rng.uniform(0, 6)
    pixels += noise.normal(0, rng.uniform(4, 8), pixels.shape)
    dust = noise.random(pixels.shape) < 0.0004  # isolated dark specks
    pixels[dust] = noise.uniform(40, 120, int(dust.sum()))
    buffer = io.BytesIO()
    Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(buffer, "JPEG", quality=rng.randint(60, 80))
    return buffer.getvalue()


def make_scanned(src: Path, dst: Path, pages: Collection[int] | None = None, seed: int = 1, dpi: int = 150) -> Path:
    """dst: src with the given pages (1-based; all when None) replaced by scans, the others copied as they are."""
    rng = random.Random(seed)
    source = pdfium.PdfDocument(str(src))
    out = pdfium.PdfDocument.new()
    out.import_pages(source)  # all at once, so the text pages share their fonts
    for index in range(len(source)):
        if pages is not None and index + 1 not in pages:
            continue
        width, height = source[index].get_size()
        jpeg = scanned_image(source[index], rng, dpi)
        out.del_page(index)
        page = out.new_page(width, height, index)
        image = pdfium.PdfImage.new(out)
        image.load_jpeg(io.BytesIO(jpeg), pages=[page], inline=False, autoclose=True)
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        page.insert_obj(image)
        page.gen_content()
    out.save(str(dst))
    return dst
