"""Chinese text is read squeezed to half its width, halving the recogniser's time on it; numbers never are.

A generated disclosure's narrative page (the 情况说明, Chinese with amounts and years in its lines) and
a table page are scanned and read twice: as the pipeline reads them, and with every piece at full
width. The words are the same but for spacing, many pieces were read squeezed, and few of those whose
full-width reading holds a digit were tried squeezed (their squeezed reading is never kept).
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from generator.figures import load_builtin
from generator.layout import VARIANTS
from generator.pdf_edit import save
from generator.render import render_bytes
from generator.scan import scan_pdf
from pipeline import ocr
from pipeline.pdf import open_pdf

FIGURES, LAYOUT = "whhp-dsjzx-2022-final", VARIANTS["huangpi"]


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two pages scanned: the narrative page with the most text, and the first table page."""
    data, gold = render_bytes(load_builtin(FIGURES), LAYOUT, "squeeze")
    document = pdfium.PdfDocument(data)
    tables = {g.page for g in gold}
    texts = {n: document[n - 1].get_textpage().get_text_range() for n in range(1, len(document) + 1)}
    narrative = max((n for n in texts if n not in tables), key=lambda n: len(texts[n]))
    assert "万元" in texts[narrative] and "情况说明" in texts[narrative]
    kept = pdfium.PdfDocument.new()
    kept.import_pages(document, [narrative - 1, min(tables) - 1])
    path = tmp_path_factory.mktemp("squeeze") / "squeeze.pdf"
    scan_pdf(save(kept), path, seed=3)
    return path


def read(path: Path, monkeypatch: pytest.MonkeyPatch, squeeze: bool) -> tuple[list[list[str]], list[tuple[bool, str]]]:
    """Each page's words (spaces dropped), and for every piece read: chosen for squeezing, and what it read."""
    chosen: list[bool] = []
    texts: list[str] = []
    squeezing, recognise = ocr.squeeze, ocr._recognise

    def choosing(text_ink, box):
        by = squeezing(text_ink, box) if squeeze else None
        chosen.append(by is not None)
        return by

    def recording(model, pixels, squeezed_by, squares):
        texts.append((reading := recognise(model, pixels, squeezed_by, squares)).text)
        return reading

    monkeypatch.setattr(ocr, "squeeze", choosing)
    monkeypatch.setattr(ocr, "_recognise", recording)
    with open_pdf(path, "squeeze") as pages:
        words = [[w.text.replace(" ", "") for w in ocr.read_scanned(page, threads=1).words] for page in pages]
    monkeypatch.undo()
    return words, list(zip(chosen, texts, strict=True))


def test_squeezed_reading_reads_what_full_width_reads(scanned: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    words, pieces = read(scanned, monkeypatch, squeeze=True)
    full_words, full_pieces = read(scanned, monkeypatch, squeeze=False)
    assert words == full_words
    assert sum(c for c, _ in pieces) >= len(pieces) / 4  # the narrative's lines, the tables' long labels
    # a number chosen all the same is read twice, squeezed then at full width: rarely
    numbers = [c for (c, _), (_, text) in zip(pieces, full_pieces, strict=True) if any(ch.isdigit() for ch in text)]
    assert len(numbers) >= 50 and sum(numbers) <= len(numbers) / 10
