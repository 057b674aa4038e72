"""Image-only PDFs in which OCR finds nothing are rejected with a plain reason, not loaded empty."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from pipeline import ocr
from pipeline.extract import extract_document
from pipeline.model import Status
from pipeline.ocr_rec import Recogniser

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


def test_engine_failure_fails_the_document_naming_the_page(tmp_path: Path, monkeypatch) -> None:
    def broken_model(batch):
        raise RuntimeError("model file damaged")

    monkeypatch.setattr(ocr, "_recogniser", lambda threads: Recogniser(broken_model, ["blank"]))
    sheet = Image.new("L", (620, 877), 255)
    ImageDraw.Draw(sheet).text((80, 80), "2,940.05", fill=0, font=ImageFont.load_default(size=28))
    doc = extract_document(image_pdf(tmp_path / "text.pdf", sheet))
    assert doc.status == Status.FAILED
    assert doc.error == "OCR failed: text recogniser: RuntimeError: model file damaged (page 1)"
