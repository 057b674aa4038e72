"""`python -m pipeline crawl`: crawl the sources in sources.yaml, one of them, or a bare listing URL."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from pipeline.crawl.report import CrawlReport, ItemKind, Outcome
from pipeline.crawl.run import DEFAULT_RAW_STORE, DEFAULT_SOURCES, DEFAULT_WAREHOUSE, crawl_all, crawl_url
from pipeline.crawl.sources import Politeness, SourcesError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "crawl",
        help="fetch new disclosures from the portals in sources.yaml (or one listing URL) and ingest them",
        description="Crawl listing columns, download new PDFs into the raw store and ingest them. "
        "With a URL, crawl that one column with default settings.",
    )
    p.add_argument("url", nargs="?", help="a listing page to crawl instead of the configured sources")
    p.add_argument("--source", metavar="NAME", help="crawl only this source of the sources file")
    p.add_argument("--sources", type=Path, default=DEFAULT_SOURCES, metavar="FILE")
    p.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE, metavar="FILE")
    p.add_argument("--raw-store", type=Path, default=DEFAULT_RAW_STORE, metavar="DIR")
    p.add_argument("--delay", type=float, metavar="SECONDS", help="with a URL: seconds between requests (default 2)")
    p.add_argument("--no-ingest", action="store_true", help="fetch and record, but do not ingest")
    p.add_argument("-v", "--verbose", action="store_true", help="list every decision, not only the notable ones")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """0 when every source ran to the end; 1 when one stopped early; 2 for a bad sources file or usage."""
    if args.url and args.source:
        print("error: give a URL or --source, not both", file=sys.stderr)
        return 2
    try:
        if args.url:
            politeness = (
                Politeness() if args.delay is None else dataclasses.replace(Politeness(), delay_seconds=args.delay)
            )
            report = crawl_url(
                args.url, args.warehouse, args.raw_store, politeness=politeness, ingest=not args.no_ingest
            )
        else:
            report = crawl_all(
                args.sources, args.warehouse, args.raw_store, only=args.source, ingest=not args.no_ingest
            )
    except SourcesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print_report(report, verbose=args.verbose)
    return 0 if report.ok else 1


def print_report(report: CrawlReport, *, verbose: bool = False) -> None:
    """Attachments always; pages and articles when verbose or when something went wrong with them."""
    for item in report.items():
        routine = item.kind != ItemKind.ATTACHMENT and item.outcome == Outcome.OPENED
        if verbose or not routine:
            status = f" → {item.document_status}" if item.document_status else ""
            print(f"{item.outcome:<9} {item.kind:<10} {item.url}\n          {item.reason}{status}")
    print(report.summary())
