"""Sensors: files dropped into the inbox, and documents in the raw store not yet ingested."""

from pathlib import Path

import dagster as dg

from assets.jobs import ingest_document_job, load_warehouse_job
from assets.partitions import documents
from assets.resources import WarehouseResource
from pipeline.crawl.watch import find_new_files, ingest_dropped_files


def _unregistered(instance: dg.DagsterInstance, raw_store: Path) -> list[str]:
    known = set(instance.get_dynamic_partitions(documents.name))
    return sorted(p.stem for p in raw_store.glob("*.pdf") if p.stem not in known)


@dg.sensor(job=ingest_document_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def inbox_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource) -> dg.SensorResult:
    """PDFs dropped into the inbox (and any crawled file) become document partitions and are ingested."""
    raw_store = Path(warehouse.raw_store)
    dropped, cursor = find_new_files(Path(warehouse.inbox), context.cursor)
    if dropped:
        ingest_dropped_files(dropped, warehouse.warehouse, raw_store, ingest=False)
    new = _unregistered(context.instance, raw_store)
    return dg.SensorResult(
        run_requests=[dg.RunRequest(partition_key=sha, run_key=sha) for sha in new],
        dynamic_partitions_requests=[documents.build_add_request(new)] if new else [],
        cursor=cursor,
    )


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[ingest_document_job],
    request_job=load_warehouse_job,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def load_after_ingest(context: dg.RunStatusSensorContext) -> dg.RunRequest:
    """After documents are staged, load them; the writer pool runs one load at a time."""
    return dg.RunRequest(run_key=f"load-after-{context.dagster_run.run_id}")
