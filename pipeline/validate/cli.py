"""`python -m pipeline validate`: judge the warehouse, record check_results, build the dashboard."""

from __future__ import annotations

import argparse
from pathlib import Path

DEFAULT_WAREHOUSE = Path("data/warehouse.duckdb")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("validate", help="run the expectations/ suites, record check_results, build data/quality")
    p.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE)
    p.add_argument(
        "--document", dest="documents", action="append", metavar="ID", help="only this document (repeatable)"
    )
    p.add_argument(
        "--dashboard",
        type=Path,
        metavar="DIR",
        help="build the quality dashboard in DIR (default: quality/ beside the warehouse; 'none' to skip)",
    )
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pipeline.validate import validate

    if not args.warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {args.warehouse}")
    dashboard = args.dashboard or args.warehouse.parent / "quality"
    summary = validate(args.warehouse, args.documents, dashboard=None if str(dashboard) == "none" else dashboard)
    for s in summary.suites.values():
        print(
            f"{s.suite:<18} {s.checks:>6} checks  {s.passed:>6} passed  {s.failed_errors:>4} errors  "
            f"{s.failed_warnings:>4} warnings  {s.not_applicable:>4} not applicable"
        )
    erring = ", ".join(summary.documents_with_errors) or "none"
    print(f"{summary.documents} documents validated (run {summary.run_id}); with errors: {erring}")
    if summary.dashboard:
        print(f"Dashboard: {summary.dashboard.resolve()}")
    return 0
