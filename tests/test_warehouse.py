"""Warehouse behaviour: idempotent loads, superseding versions, readers never locked out, queued writers."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from pipeline import warehouse as wh
from pipeline.code_version import reader_version
from pipeline.extract import extract_document
from pipeline.ingest import ingest_paths, load_staged
from pipeline.model import Status
from pipeline.stage import write_staged
from tests.conftest import CORPUS, ROOT

PUTUO = CORPUS / "putuo" / "shpt-czj-2024-final.pdf"
HUANGPI = CORPUS / "huangpi" / "whhp-dsjzx-2022-final.pdf"
TABLES = ("documents", "fact_amount", "document_tables", "document_text", "subject_names", "extractions")


def _snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


def _ingest(warehouse: Path, *paths: Path, force: bool = False) -> None:
    summaries = ingest_paths(list(paths), warehouse, workers=0, force=force)
    assert all(s.status in ("loaded", "superseded") for s in summaries), summaries


@pytest.fixture(scope="module")
def extracted():
    return extract_document(PUTUO)


def test_reingesting_changes_nothing(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    _ingest(warehouse, PUTUO)
    before = _snapshot(warehouse)
    _ingest(warehouse, PUTUO, force=True)  # extracted and loaded again, not merely skipped
    assert _snapshot(warehouse) == before


def test_a_document_this_reader_read_is_skipped_and_one_an_older_reader_read_is_read_again(tmp_path):
    # after a reading fix, the documents loaded before it are read again by the next run, and only those
    warehouse = tmp_path / "w.duckdb"
    _ingest(warehouse, PUTUO)
    before = _snapshot(warehouse)
    (skipped,) = ingest_paths([PUTUO], warehouse, workers=0)
    assert skipped.seconds == 0.0  # held: not read
    with wh.writer(warehouse) as con:
        con.execute("UPDATE extractions SET reader = 'an older reader'")
    (read_again,) = ingest_paths([PUTUO], warehouse, workers=0)
    assert read_again.seconds > 0.0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT reader FROM extractions").fetchall() == [(reader_version(),)]
    after = _snapshot(warehouse)
    assert after.pop("extractions") != before.pop("extractions")  # read again: when, recorded
    assert after == before  # the same reading: the same rows


def test_contract_columns_exist(tmp_path):
    with wh.writer(tmp_path / "w.duckdb") as con:
        documents = {r[0] for r in con.execute("DESCRIBE documents").fetchall()}
        facts = {r[0] for r in con.execute("DESCRIBE fact_amount").fetchall()}
    assert {
        "document_id",
        "sha256",
        "source_uri",
        "unit_name",
        "fiscal_year",
        "report_kind",
        "status",
        "error",
    } <= documents
    assert {
        "document_id", "unit_name", "fiscal_year", "report_kind", "table_code", "line_key",
        "measure", "amount", "amount_unit", "amount_yuan", "page",
    } <= facts  # fmt: skip


def test_newer_file_supersedes_older(tmp_path, extracted):
    warehouse = tmp_path / "w.duckdb"
    newer = tmp_path / "newer.pdf"
    newer.write_bytes(PUTUO.read_bytes() + b"\n% re-issued\n")  # same disclosure, other bytes
    _ingest(warehouse, PUTUO)
    _ingest(warehouse, newer)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = dict(con.execute("SELECT file_name, status FROM documents").fetchall())
        holders = con.execute("SELECT DISTINCT document_id FROM fact_amount").fetchall()
        superseded_by = con.execute("SELECT superseded_by FROM documents WHERE file_name = ?", [PUTUO.name]).fetchone()[
            0
        ]
    assert rows == {PUTUO.name: "superseded", "newer.pdf": "loaded"}
    assert holders == [(superseded_by,)]
    _ingest(warehouse, PUTUO, force=True)  # the older file again does not win back
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert (
            con.execute("SELECT status FROM documents WHERE file_name = ?", [PUTUO.name]).fetchone()[0] == "superseded"
        )


def test_failed_reextraction_keeps_loaded_facts(tmp_path, extracted):
    warehouse = tmp_path / "w.duckdb"
    with wh.writer(warehouse) as con:
        wh.load_document(con, extracted)
    broken = extract_document(PUTUO)
    broken.status, broken.error, broken.facts = Status.FAILED, "internal error while extracting: boom", []
    with wh.writer(warehouse) as con:
        assert wh.load_document(con, broken) == "loaded"
        n = con.execute("SELECT count(*) FROM fact_amount").fetchone()[0]
    assert n == len(extracted.facts)


def test_a_document_failing_to_load_is_recorded_and_the_batch_goes_on(tmp_path, extracted):
    # the same table twice: document_tables' key refuses the second, the document's load fails
    broken = replace(extracted, document_id="0" * 64, sha256="0" * 64, file_name="broken.pdf")
    broken.tables = [*extracted.tables, extracted.tables[0]]
    good = extract_document(HUANGPI)
    staged = [write_staged(doc, tmp_path / "staged") for doc in (broken, good)]
    warehouse = tmp_path / "w.duckdb"
    summaries = load_staged(staged, warehouse)
    assert {s.file_name: s.status for s in summaries} == {"broken.pdf": "failed", good.file_name: "loaded"}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        error = con.execute("SELECT error FROM documents WHERE file_name = 'broken.pdf'").fetchone()[0]
        facts = dict(con.execute("SELECT document_id, count(*) FROM fact_amount GROUP BY ALL").fetchall())
    assert error.startswith("internal error while loading: ConstraintException")
    assert facts == {good.document_id: len(good.facts)}


def test_failed_block_leaves_published_warehouse_untouched(tmp_path, extracted):
    warehouse = tmp_path / "w.duckdb"
    with wh.writer(warehouse) as con:
        wh.load_document(con, extracted)
    before = _snapshot(warehouse)
    with pytest.raises(RuntimeError), wh.writer(warehouse) as con:
        con.execute("DELETE FROM fact_amount")
        raise RuntimeError("crash in the middle of a load")
    assert _snapshot(warehouse) == before


def test_reader_is_not_locked_out_while_loading(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    _ingest(warehouse, PUTUO)
    reader = subprocess.Popen(  # an analyst in another process, holding a read-only connection
        [sys.executable, "-c", _HOLD_READER, str(warehouse)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert reader.stdout.readline().strip() == "1"  # connected, one document
        _ingest(warehouse, HUANGPI)  # would fail on DuckDB's lock if we wrote the file in place
        out, _ = reader.communicate("again\n", timeout=60)
        assert out.strip() == "1"  # it still reads its snapshot, undisturbed
    finally:
        reader.kill()
    with duckdb.connect(str(warehouse), read_only=True) as fresh:
        assert fresh.execute("SELECT count(*) FROM documents").fetchone()[0] == 2


_HOLD_READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.execute("SELECT count(*) FROM documents").fetchone()[0], flush=True)
sys.stdin.readline()
print(con.execute("SELECT count(*) FROM documents").fetchone()[0], flush=True)
"""


def test_concurrent_writers_queue_instead_of_failing(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    copies = []
    for i, source in enumerate((PUTUO, HUANGPI)):
        folder = tmp_path / f"batch{i}"
        folder.mkdir()
        copies.append(shutil.copy(source, folder))
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "pipeline", "ingest", str(c), "--warehouse", str(warehouse)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for c in copies
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents WHERE status = 'loaded'").fetchone()[0] == 2
