"""Image-only PDFs in which OCR finds nothing are rejected with a plain reason, not loaded empty."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from pipeline.extract import extract_document
from pipeline.model import Status

from .scans import image_pdf, noise_scan


def test_noisy_blank_scan_is_rejected_as_a_scan_without_text(tmp_path: Path) -> None:
    doc = extract_document(noise_scan(tmp_path / "noise.pdf"))
    assert doc.status == Status.REJECTED
    assert doc.error == "scanned PDF: OCR found no text on any page"
    assert doc.facts == [] and doc.n_pages == 1


def test_white_scan_is_rejected_as_a_scan_without_text(tmp_path: Path) -> None:
    doc = extract_document(image_pdf(tmp_path / "white.pdf", Image.new("L", (620, 877), 255)))
    assert doc.status == Status.REJECTED
    assert doc.error == "scanned PDF: OCR found no text on any page"
