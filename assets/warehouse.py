"""The warehouse load: every staged document not yet loaded, by one writer at a time."""

from pathlib import Path

import dagster as dg

from assets.documents import document_facts
from assets.resources import WarehouseResource
from pipeline import warehouse as wh
from pipeline.crawl.store import RawStore
from pipeline.ingest import load_staged, pending_staged
from pipeline.marts import create_marts

# DuckDB has one writer; runs queue on this pool (and on the warehouse's lock file) instead of failing.
WRITER_POOL = "duckdb_writer"


@dg.asset(
    deps=[document_facts],
    group_name="warehouse",
    kinds={"duckdb"},
    pool=WRITER_POOL,
)
def fact_amount(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """documents, fact_amount and the subject dimension in DuckDB, published atomically."""
    if not warehouse.warehouse.exists():
        with wh.writer(warehouse.warehouse):
            pass  # an empty warehouse with the contract's tables, so readers find them
    staged = pending_staged(Path(warehouse.staged), warehouse.warehouse)
    store = RawStore(Path(warehouse.raw_store))
    published = {p.stem: store.source_info(p.stem) for p in staged}
    loaded = load_staged(staged, warehouse.warehouse, published) if staged else []
    with wh.connect_read_only(warehouse.warehouse) as con:
        by_status = dict(con.execute("SELECT status, count(*) FROM documents GROUP BY ALL").fetchall())
        n_facts = con.execute("SELECT count(*) FROM fact_amount").fetchone()[0]
    context.log.info("loaded %d staged documents", len(loaded))
    return dg.MaterializeResult(
        metadata={
            "warehouse": str(warehouse.warehouse),
            "documents_loaded_now": len(loaded),
            "dagster/row_count": n_facts,
            **{f"documents_{status}": n for status, n in sorted(by_status.items())},
            "this_run": dg.MetadataValue.md(
                "\n".join(f"- {s.status}: {s.file_name} ({s.facts_loaded} facts) {s.error or ''}" for s in loaded)
                or "nothing new"
            ),
        }
    )


@dg.asset(deps=[fact_amount], group_name="warehouse", kinds={"duckdb"}, pool=WRITER_POOL)
def marts(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """The analysts' marts (views over the facts), refreshed after a load; validation errors on
    fact_amount block them (its asset checks are blocking)."""
    with wh.writer(warehouse.warehouse) as con:
        create_marts(con)
    with wh.connect_read_only(warehouse.warehouse) as con:
        views = [row[0] for row in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()]
    context.log.info("refreshed %d views", len(views))
    return dg.MaterializeResult(metadata={"views": dg.MetadataValue.json(sorted(views))})
