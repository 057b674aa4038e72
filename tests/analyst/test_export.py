"""`python -m pipeline export`: one Parquet and one CSV (UTF-8 with BOM) per table and mart, row for row."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from pipeline import warehouse as wh
from pipeline.cli import main
from pipeline.export import UTF8_BOM
from pipeline.marts import EXPORTS

from .builders import UNIT


@pytest.fixture(scope="module")
def exported(two_year_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("exports")
    before = two_year_warehouse.stat().st_mtime_ns
    assert main(["export", "--warehouse", str(two_year_warehouse), "--out", str(out)]) == 0
    assert two_year_warehouse.stat().st_mtime_ns == before  # read-only
    return out


def _shape(warehouse: Path, name: str) -> tuple[list[str], int]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = [row[0] for row in con.execute(f"DESCRIBE {name}").fetchall()]
        return columns, con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]


@pytest.mark.parametrize("name", EXPORTS)
def test_every_table_and_mart_is_exported_row_for_row(exported: Path, two_year_warehouse: Path, name: str):
    columns, rows = _shape(two_year_warehouse, name)
    parquet = pq.read_table(exported / f"{name}.parquet")
    assert (parquet.column_names, parquet.num_rows) == (columns, rows)
    raw = (exported / f"{name}.csv").read_bytes()
    assert raw.startswith(UTF8_BOM) and not raw[len(UTF8_BOM) :].startswith(UTF8_BOM)
    with (exported / f"{name}.csv").open(encoding="utf-8-sig", newline="") as f:
        header, *body = list(csv.reader(f))
    assert (header, len(body)) == (columns, rows)


def test_csv_keeps_the_chinese_text(exported: Path):
    with (exported / "documents.csv").open(encoding="utf-8-sig", newline="") as f:
        assert UNIT in {row["unit_name"] for row in csv.DictReader(f)}


def test_one_format_only(two_year_warehouse: Path, tmp_path: Path):
    assert main(["export", "--warehouse", str(two_year_warehouse), "--out", str(tmp_path), "--format", "csv"]) == 0
    assert {p.suffix for p in tmp_path.iterdir()} == {".csv"}
    assert len(list(tmp_path.iterdir())) == len(EXPORTS)


def test_a_warehouse_without_marts_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    warehouse = tmp_path / "old.duckdb"
    with wh.writer(warehouse):
        pass  # the schema, as loaded before marts existed
    assert main(["export", "--warehouse", str(warehouse), "--out", str(tmp_path / "out")]) == 1
    assert "python -m pipeline ingest" in capsys.readouterr().err


def test_a_missing_warehouse_is_an_error(tmp_path: Path):
    assert main(["export", "--warehouse", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "out")]) == 1


def test_an_unknown_format_is_a_usage_error(tmp_path: Path):
    with pytest.raises(SystemExit) as exit_:
        main(["export", "--warehouse", str(tmp_path / "w.duckdb"), "--format", "xlsx"])
    assert exit_.value.code == 2
