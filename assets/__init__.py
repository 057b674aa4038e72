"""The Dagster code location: per-document ingestion, the warehouse load, crawl, checks, sensors, schedule."""

import dagster as dg

from assets.batch import batch_ingest
from assets.checks import validation
from assets.crawl import crawl_job, crawled_documents, nightly_crawl
from assets.documents import document_facts, extracted_tables, raw_document
from assets.jobs import ingest_document_job, load_warehouse_job
from assets.resources import WarehouseResource
from assets.sensors import inbox_sensor, load_after_ingest
from assets.warehouse import fact_amount, marts

defs = dg.Definitions(
    assets=[crawled_documents, raw_document, extracted_tables, document_facts, fact_amount, marts],
    asset_checks=[validation],
    jobs=[ingest_document_job, load_warehouse_job, crawl_job, batch_ingest],
    schedules=[nightly_crawl],
    sensors=[inbox_sensor, load_after_ingest],
    resources={"warehouse": WarehouseResource()},
)
