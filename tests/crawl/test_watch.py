from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

import pipeline.crawl.run as run_module
from pipeline.crawl import Outcome, find_new_files, ingest_dropped_files
from pipeline.crawl.report import ItemKind
from pipeline.warehouse import connect_read_only

from .conftest import make_pdf

OLD = time.time() - 3600


def drop(folder: Path, name: str, content: bytes, *, mtime: float = OLD) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    os.utime(path, (mtime, mtime))
    return path


def test_find_new_files_reports_each_settled_pdf_once_and_again_when_it_changes(tmp_path: Path) -> None:
    a = drop(tmp_path, "a.pdf", b"1")
    c = drop(tmp_path, "sub/c.PDF", b"2")
    drop(tmp_path, "notes.txt", b"3")
    drop(tmp_path, ".hidden.pdf", b"4")
    copying = drop(tmp_path, "d.pdf", b"5", mtime=time.time())  # still being written

    new, cursor = find_new_files(tmp_path)
    assert new == [a, c]
    assert find_new_files(tmp_path, cursor)[0] == []

    drop(tmp_path, "a.pdf", b"changed", mtime=OLD + 60)
    os.utime(copying, (OLD, OLD))
    new, cursor = find_new_files(tmp_path, cursor)
    assert new == [a, copying]
    assert find_new_files(tmp_path, cursor)[0] == []


def test_dropped_files_are_stored_recorded_and_handed_to_ingestion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "inbox"
    good = drop(folder, "区财政局2024年度部门预算.pdf", make_pdf())
    copy = folder / "copy.pdf"
    shutil.copyfile(good, copy)
    fake = drop(folder, "page.pdf", b"<!DOCTYPE html><html></html>")
    handed = {}

    def ingest_paths(paths, warehouse, *, sources):
        handed.update(sources)
        return []

    monkeypatch.setattr(run_module, "ingest_paths", ingest_paths)
    report = ingest_dropped_files([good, copy, fake], tmp_path / "w.duckdb", tmp_path / "raw")
    assert [(i.kind, i.outcome, i.reason) for i in report.items] == [
        (ItemKind.ATTACHMENT, Outcome.FETCHED, "new: a PDF of 1 page"),
        (ItemKind.ATTACHMENT, Outcome.DUPLICATE, "same bytes as a file already held in the raw store"),
        (ItemKind.ATTACHMENT, Outcome.REJECTED, "not a PDF: the file is an HTML page"),
    ]
    assert (report.items[0].claim.kind, report.items[0].claim.fiscal_year) == ("budget", 2024)  # from the name
    stored = tmp_path / "raw" / f"{report.items[0].sha256}.pdf"
    assert stored.read_bytes() == good.read_bytes()
    assert [info.source_uri for info in handed.values()] == [str(good.resolve())]
    runs = connect_read_only(tmp_path / "w.duckdb").execute(
        "SELECT source, fetched, duplicate, rejected FROM crawl_runs"
    )
    assert runs.fetchall() == [("watched-folder", 1, 1, 1)]
