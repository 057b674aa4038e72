"""Per-document assets: raw file → extracted tables → facts staged to Parquet.

Thin wiring: each asset calls one library function and describes the result for the UI.
A rejected or failed document still materialises, with its status and reason as metadata.
"""

from pathlib import Path

import dagster as dg

from assets.partitions import documents
from assets.resources import WarehouseResource
from pipeline.code_version import reader_version
from pipeline.crawl.store import RawStore
from pipeline.extract import DocumentTables, TableGrids, extract_tables, read_facts
from pipeline.stage import write_staged

PREVIEW_ROWS = 20


@dg.asset(partitions_def=documents, group_name="documents", kinds={"pdf"})
def raw_document(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> str:
    """The disclosure PDF as held in the raw store (content-addressed by sha256)."""
    store = RawStore(Path(warehouse.raw_store))
    path = store.path(context.partition_key)
    if not path.is_file():
        raise dg.Failure(f"document {context.partition_key} is not in the raw store {store.root}")
    info = store.source_info(context.partition_key)
    context.add_output_metadata({"path": str(path), "bytes": path.stat().st_size, "source": info.source_uri})
    return str(path)


# the reader's version as the code version: after a reading fix, Dagster shows every document read before it stale
@dg.asset(partitions_def=documents, group_name="documents", kinds={"camelot"}, code_version=reader_version())
def extracted_tables(
    context: dg.AssetExecutionContext, raw_document: str, warehouse: WarehouseResource
) -> DocumentTables:
    """The nine tables located among the document's pages, as grids of cells."""
    info = RawStore(Path(warehouse.raw_store)).source_info(context.partition_key)
    result = extract_tables(Path(raw_document), info.source_uri, context.partition_key)
    doc = result.doc
    context.add_output_metadata(
        {
            "status": str(doc.status),
            "error": doc.error or "",
            "pages": doc.n_pages,
            "tables_found": len(result.tables),
            "tables": dg.MetadataValue.md("\n".join(map(_describe, result.tables)) or "none"),
            "unit_name": doc.unit_name or "",
            "fiscal_year": doc.fiscal_year or 0,
            "report_kind": doc.report_kind or "",
        }
    )
    return result


def _describe(table: TableGrids) -> str:
    t = table.table
    return f"- {t.table_code} {t.title} (pages {t.pages}, {table.amount_unit}, {len(table.grids)} grids)"


@dg.asset(partitions_def=documents, group_name="documents", kinds={"parquet"}, code_version=reader_version())
def document_facts(
    context: dg.AssetExecutionContext, extracted_tables: DocumentTables, warehouse: WarehouseResource
) -> str:
    """Facts keyed by table, line and measure, staged as Parquet for the warehouse load."""
    doc = read_facts(extracted_tables)
    staged = write_staged(doc, Path(warehouse.staged))
    preview = "\n".join(
        f"| {f.table_code} | {f.line_key} | {f.measure} | {f.amount} | {f.amount_unit} | {f.page} |"
        for f in doc.facts[:PREVIEW_ROWS]
    )
    context.add_output_metadata(
        {
            "status": str(doc.status),
            "error": doc.error or "",
            "facts": len(doc.facts),
            "tables": len(doc.tables),
            "staged": str(staged),
            "preview": dg.MetadataValue.md(
                "| table | line | measure | amount | unit | page |\n|---|---|---|---|---|---|\n" + preview
            ),
        }
    )
    return str(staged)
