"""`python -m pipeline …`: the same code paths as the Dagster assets, for people and scripts.

Exit codes: 0 when the command ran (a rejected document is a result, not an error), 2 for usage
errors, 1 for system errors (a missing path, an unwritable warehouse).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from pipeline.ingest import TIME_LIMIT, DocumentSummary, ingest_paths

DEFAULT_WAREHOUSE = Path("data/warehouse.duckdb")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    _add_ingest(sub)
    for module in _plugins():
        module.add_parser(sub)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if not args.verbose else logging.INFO, format="%(levelname)s %(message)s")
    try:
        return args.run(args)
    except (FileNotFoundError, PermissionError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _plugins() -> list:
    """Subcommands that live beside their stage (crawl, validate, export)."""
    import importlib

    found = []
    for name in ("pipeline.crawl.cli", "pipeline.validate.cli", "pipeline.export"):
        try:
            found.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if not (exc.name and name.startswith(exc.name)):
                raise
    return found


def _add_ingest(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ingest", help="extract PDFs (files or folders, recursively) into the warehouse")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE)
    p.add_argument(
        "--workers",
        type=_at_least_zero,
        default=None,
        help="reading processes (default: one per core); 0 reads in this process, where a crash ends the run",
    )
    p.add_argument(
        "--time-limit",
        type=float,
        default=TIME_LIMIT,
        metavar="SECONDS",
        help=f"a document read longer than this fails (default {TIME_LIMIT:g}; not with --workers 0)",
    )
    p.add_argument("--force", action="store_true", help="re-extract documents already loaded")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(run=_run_ingest)


def _run_ingest(args: argparse.Namespace) -> int:
    summaries = ingest_paths(
        args.paths,
        args.warehouse,
        progress=True,
        workers=args.workers,
        force=args.force,
        time_limit=args.time_limit,
    )
    print_summary(summaries, args.warehouse)
    return 0


def _at_least_zero(text: str) -> int:
    number = int(text)
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {number}")
    return number


def print_summary(summaries: list[DocumentSummary], warehouse: Path) -> None:
    for s in summaries:
        what = f"{s.tables_found} tables, {s.facts_loaded} facts" if s.status in ("loaded", "superseded") else s.error
        who = f"{s.unit_name or '?'} {s.fiscal_year or '?'} {s.report_kind or '?'}"
        print(f"{s.status:<10} {s.file_name}  [{who}]  {what}  ({s.seconds:.2f}s)")
    counts: dict[str, int] = {}
    for s in summaries:
        counts[s.status] = counts.get(s.status, 0) + 1
    tally = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    print(f"{len(summaries)} documents: {tally or 'none'}. Warehouse: {Path(warehouse).resolve()}")
