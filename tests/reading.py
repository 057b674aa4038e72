"""Grids read into facts as the extractor reads a table's pages, for tests that build the grids."""

from __future__ import annotations

from pipeline.facts import TableReader, TableReading
from pipeline.grids import Grid


def read_table(table_code: str, *grids: Grid, unit: str = "万元", kind: str = "final") -> TableReading:
    """The table's reading of its grids, in page order."""
    reader = TableReader(table_code, unit, "doc", kind)
    for grid in grids:
        reader.read(grid)
    reader.finish()
    return reader.reading
