"""Discover and fetch disclosures from government portals, incrementally, into the raw store and warehouse.

    sources.yaml ─► listing pages ─► articles ─► attachments ─► raw store (data/raw/<sha256>.pdf) ─► ingest

Entry points (plain functions, no Dagster): `crawl_all` for the nightly run over sources.yaml,
`crawl_url` for one listing column, `find_new_files` + `ingest_dropped_files` for the watched folder.
Every decision is recorded in the warehouse tables `crawl_runs` and `crawl_items`.
"""

from pipeline.crawl.classify import Claim, classify_text, classify_title
from pipeline.crawl.report import CrawlReport, Item, ItemKind, Outcome, SourceReport
from pipeline.crawl.run import (
    DEFAULT_RAW_STORE,
    DEFAULT_SOURCES,
    DEFAULT_WAREHOUSE,
    crawl_all,
    crawl_source,
    crawl_url,
)
from pipeline.crawl.sources import Politeness, Source, SourcesError, load_sources, source_from_url
from pipeline.crawl.watch import WATCHED_SOURCE, find_new_files, ingest_dropped_files

__all__ = [
    "DEFAULT_RAW_STORE",
    "DEFAULT_SOURCES",
    "DEFAULT_WAREHOUSE",
    "WATCHED_SOURCE",
    "Claim",
    "CrawlReport",
    "Item",
    "ItemKind",
    "Outcome",
    "Politeness",
    "Source",
    "SourceReport",
    "SourcesError",
    "classify_text",
    "classify_title",
    "crawl_all",
    "crawl_source",
    "crawl_url",
    "find_new_files",
    "ingest_dropped_files",
    "load_sources",
    "source_from_url",
]
