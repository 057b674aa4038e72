"""Jobs: ingest one document (a partition), load the warehouse, crawl the portals."""

import dagster as dg

from assets.documents import document_facts, extracted_tables, raw_document
from assets.warehouse import fact_amount

ingest_document_job = dg.define_asset_job(
    "ingest_document",
    selection=dg.AssetSelection.assets(raw_document, extracted_tables, document_facts),
    description="Extract one document (a partition keyed by sha256) and stage its facts.",
)

load_warehouse_job = dg.define_asset_job(
    "load_warehouse",
    selection=dg.AssetSelection.assets(fact_amount).downstream(),
    description="Load every staged document into DuckDB, validate, and refresh what depends on the facts.",
)
