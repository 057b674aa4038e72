"""`python -m pipeline export`: the documents, facts, checks and marts as files, for people who don't use SQL.

One file per table or view and format: <out>/<name>.parquet and <out>/<name>.csv. CSV files are UTF-8 with
a byte-order mark, so that Excel opens the Chinese text as Chinese. The warehouse is opened read-only: an
export never waits for, nor blocks, a load.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import duckdb

from pipeline.cli import DEFAULT_WAREHOUSE
from pipeline.marts import EXPORTS
from pipeline.warehouse import connect_read_only, table_names

FORMATS = ("parquet", "csv")
DEFAULT_OUT = Path("data/exports")
UTF8_BOM = "\ufeff".encode()


class MissingMarts(Exception):
    """The warehouse predates the marts (or is not a warehouse); a load creates them."""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write the facts and marts to Parquet and CSV files (CSV: UTF-8 with BOM)")
    p.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE)
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR")
    p.add_argument("--format", type=_formats, default=FORMATS, help="comma-separated: parquet,csv (default: both)")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        written = export(args.warehouse, args.out, args.format)
    except MissingMarts as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for name, rows in written.items():
        print(f"{rows:>9} rows  {name}")
    print(f"{len(written)} tables and views, as {' and '.join(args.format)}, in {Path(args.out).resolve()}")
    return 0


def export(warehouse: Path, out: Path, formats: tuple[str, ...] = FORMATS) -> dict[str, int]:
    """Write every table and view of EXPORTS in each format; returns the row count of each."""
    if not Path(warehouse).is_file():
        raise FileNotFoundError(f"no such warehouse: {warehouse}")
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    with connect_read_only(warehouse) as con:
        present = table_names(con)
        missing = [name for name in EXPORTS if name not in present]
        if missing:
            raise MissingMarts(
                f"{warehouse} has no {missing[0]} (and {len(missing) - 1} more of the tables and views exported): "
                "it was loaded before the marts existed; `python -m pipeline ingest` on it creates them"
            )
        for name in EXPORTS:
            for fmt in formats:
                _WRITERS[fmt](con, name, out / f"{name}.{fmt}")
            written[name] = con.execute(f'SELECT count(*) FROM "{name}"').fetchall()[0][0]
    return written


def _write_parquet(con: duckdb.DuckDBPyConnection, name: str, path: Path) -> None:
    con.table(name).write_parquet(str(path))


def _write_csv(con: duckdb.DuckDBPyConnection, name: str, path: Path) -> None:
    # DuckDB writes no byte-order mark: write the CSV beside, then copy it in behind one
    plain = path.with_name(path.name + ".part")
    try:
        con.table(name).write_csv(str(plain), header=True)
        with path.open("wb") as dst, plain.open("rb") as src:
            dst.write(UTF8_BOM)
            shutil.copyfileobj(src, dst)
    finally:
        plain.unlink(missing_ok=True)


_WRITERS = {"parquet": _write_parquet, "csv": _write_csv}


def _formats(value: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise argparse.ArgumentTypeError(f"formats are {', '.join(FORMATS)}; got {value!r}")
    return formats
