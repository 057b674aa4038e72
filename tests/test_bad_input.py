"""Bad input ends as a documents row with a status and a plain reason; nothing loaded before is lost."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pytest
from fpdf import FPDF
from PIL import Image

from tests.conftest import CORPUS, gold_documents, run_cli, score

REAL = CORPUS / "putuo" / "shpt-czj-2024-final.pdf"


def _text_pdf(path: Path, text: str, **encryption: str) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 10, text)
    if encryption:
        pdf.set_encryption(**encryption)
    pdf.output(str(path))
    return path


def _image_pdf(path: Path) -> Path:
    """An image-only page, like a scan: no text layer at all."""
    image = Image.new("RGB", (600, 800), "white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(buffer, x=0, y=0, w=210)
    pdf.output(str(path))
    return path


BAD_FILES = {
    "truncated.pdf": (lambda p: p.write_bytes(REAL.read_bytes()[:5000]), "rejected", "broken PDF"),
    "corrupt.pdf": (lambda p: p.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40), "rejected", "broken PDF"),
    "empty.pdf": (lambda p: p.write_bytes(b""), "rejected", "empty file"),
    "page.pdf": (lambda p: p.write_text("<!DOCTYPE html><html>not found</html>"), "rejected", "an HTML page"),
    "sheet.pdf": (lambda p: p.write_bytes(b"PK\x03\x04" + b"\0" * 100), "rejected", "ZIP archive"),
    "encrypted.pdf": (lambda p: _text_pdf(p, "secret", owner_password="o", user_password="u"), "rejected", "encrypted"),
    "scan.pdf": (_image_pdf, "rejected", "scanned"),
    "foreign.pdf": (
        lambda p: _text_pdf(p, "Quarterly report. Nothing to see here."),
        "rejected",
        "no disclosure tables",
    ),
}


@pytest.fixture(scope="module")
def bad_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A warehouse holding a real document, then a batch of bad files ingested beside it."""
    folder = tmp_path_factory.mktemp("bad")
    warehouse = folder / "w.duckdb"
    first = run_cli("ingest", str(REAL), "--warehouse", str(warehouse))
    assert first.returncode == 0, first.stderr
    batch = folder / "batch"
    batch.mkdir()
    for name, (make, _, _) in BAD_FILES.items():
        make(batch / name)
    second = run_cli("ingest", str(batch), "--warehouse", str(warehouse))
    assert second.returncode == 0, second.stderr  # a rejected document is a result, not an error
    return warehouse, batch


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_recorded_with_reason(bad_batch, name):
    warehouse, _ = bad_batch
    _, status, reason = BAD_FILES[name]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        row = con.execute("SELECT status, error FROM documents WHERE file_name = ?", [name]).fetchone()
        facts = con.execute(
            "SELECT count(*) FROM fact_amount JOIN documents USING (document_id) WHERE file_name = ?", [name]
        ).fetchone()[0]
    assert row is not None, f"{name} has no documents row"
    assert row[0] == status
    assert reason in row[1]
    assert facts == 0


def test_loaded_document_survives_bad_batch(bad_batch):
    warehouse, _ = bad_batch
    putuo = [d for d in gold_documents() if d.pdf == REAL]
    result = score(warehouse, putuo)
    assert result.returncode == 0, result.stdout


def test_missing_path_is_a_system_error(tmp_path):
    result = run_cli("ingest", str(tmp_path / "nope.pdf"), "--warehouse", str(tmp_path / "w.duckdb"))
    assert result.returncode == 1
    assert "no such file" in result.stderr


def test_usage_error_exit_code(tmp_path):
    assert run_cli("ingest").returncode == 2
