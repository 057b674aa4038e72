"""Where the warehouse and its files live. Defaults to the project's data/ folder."""

import os
from pathlib import Path

import dagster as dg

DATA_DIR = Path(os.environ.get("DW_DATA_DIR", Path(__file__).resolve().parents[1] / "data"))


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse and the folders beside it: raw store, staged documents, watched inbox."""

    path: str = str(DATA_DIR / "warehouse.duckdb")
    raw_store: str = str(DATA_DIR / "raw")
    staged: str = str(DATA_DIR / "staged")
    inbox: str = str(DATA_DIR / "inbox")

    @property
    def warehouse(self) -> Path:
        return Path(self.path)

    @property
    def quality_dir(self) -> Path:
        return Path(self.path).parent / "quality"
