"""A batch job for backfills: many files in one run, extracted in parallel by the multiprocess executor.

Per-document partitions are right for the nightly trickle; a province's backlog of thousands of
files is cheaper as one run whose steps fan out, one per file, and end in a single load.
"""

from pathlib import Path

import dagster as dg

from assets.resources import WarehouseResource
from pipeline.ingest import discover, extract_to_stage, load_staged


class BatchConfig(dg.Config):
    folder: str


@dg.op(out=dg.DynamicOut(str))
def list_files(config: BatchConfig):
    for index, path in enumerate(discover([Path(config.folder)])):
        yield dg.DynamicOutput(str(path), mapping_key=f"doc_{index}")


@dg.op
def stage_file(path: str, warehouse: WarehouseResource) -> str:
    return str(extract_to_stage(Path(path), Path(warehouse.staged)))


@dg.op(pool="duckdb_writer")
def load_batch(context: dg.OpExecutionContext, staged: list[str], warehouse: WarehouseResource) -> int:
    summaries = load_staged([Path(s) for s in staged], warehouse.warehouse)
    loaded = sum(s.status == "loaded" for s in summaries)
    context.add_output_metadata({"documents": len(summaries), "loaded": loaded})
    return loaded


@dg.job(executor_def=dg.multiprocess_executor, description="Ingest every PDF under a folder in one parallel run.")
def batch_ingest():
    load_batch(list_files().map(stage_file).collect())
