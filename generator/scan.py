"""Turn pages of a PDF into "scans": images only, slightly skewed, blurred, noisy, JPEG-compressed, no text.

The gold of a rendering stays valid for its scan: pages keep their numbers and content.
"""

from __future__ import annotations

import io
import random
from collections.abc import Collection
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

from generator.pdf_edit import save

POINTS_PER_INCH = 72
DPI = 150  # an office scanner's default
DPIS = (110, 150, 200, 300)  # what scanners are set to, from a fax-like 110 to an archive's 300


def scan_image(
    page: pdfium.PdfPage, rng: random.Random, dpi: int, grey_background: bool, turns: int = 0, keystone: float = 0.0
) -> bytes:
    """The page as a scanner would return it, as JPEG bytes; turned by `turns` quarter turns
    counter-clockwise (a landscape table fed through the scanner on its side); photographed from
    below its middle when `keystone` > 0, its top that share of its width narrower each side."""
    image = page.render(scale=dpi / POINTS_PER_INCH, grayscale=True).to_pil().convert("L")
    image = image.rotate(90 * turns, expand=True) if turns % 4 else image
    if keystone:
        image = _keystoned(image, keystone)
    skew = rng.uniform(0.3, 1.5) * rng.choice((-1, 1))
    image = image.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
    pixels = np.asarray(image, dtype=np.float32)
    if grey_background:  # recycled paper and an uneven lamp: white becomes light grey, darker to one side
        height, width = pixels.shape
        lamp = (
            np.linspace(0, rng.uniform(-20, 0), width)[None, :] + np.linspace(0, rng.uniform(-12, 0), height)[:, None]
        )
        pixels = pixels * rng.uniform(0.84, 0.93) + rng.uniform(0, 8) + lamp
    noise = np.random.default_rng(rng.getrandbits(32))
    pixels += noise.normal(0, rng.uniform(3, 8), pixels.shape)
    dust = noise.random(pixels.shape) < 0.0004  # isolated dark specks
    pixels[dust] = noise.uniform(40, 120, int(dust.sum()))
    # Blurred after the noise, as optics soften sensor grain too (and JPEG then stays small).
    scanned = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    scanned = scanned.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 0.9)))
    buffer = io.BytesIO()
    scanned.save(buffer, "JPEG", quality=rng.randint(55, 80))
    return buffer.getvalue()


def _keystoned(image: Image.Image, keystone: float) -> Image.Image:
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
        image.size, Image.Transform.PERSPECTIVE, tuple(coefficients), Image.Resampling.BICUBIC, fillcolor=255
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
    keystone: float = 0.0,
) -> list[int]:
    """Write dst with the given pages (1-based; all if None) scanned and the others copied as they are;
    scanned pages lie `turns` quarter turns counter-clockwise from upright, photographed with
    `keystone` (see `scan_image`).

    Returns the scanned page numbers.
    """
    rng = random.Random(seed)
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
        jpeg = scan_image(page, rng, dpi, grey_background, turns, keystone)
        new_page = out.new_page(width, height, index=number - 1)
        image = pdfium.PdfImage.new(out)
        image.load_jpeg(io.BytesIO(jpeg), pages=[new_page], inline=False, autoclose=True)
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        new_page.insert_obj(image)
        new_page.gen_content()
    Path(dst).write_bytes(save(out))
    return sorted(chosen)
