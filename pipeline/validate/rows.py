"""The rows a suite judges: one per thing checked, with what an analyst needs to read the verdict.

Every suite's dataframe has the same descriptive columns (`COLUMNS`) plus the columns its expectations
judge. A judged column left empty (NaN) is not judged for that row: Great Expectations skips missing
values, which is how one suite holds rows of different kinds.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal

import pandas as pd

COLUMNS = [
    "document_id",
    "check_name",
    "severity",
    "table_code",
    "line_key",
    "measure",
    "expected",
    "observed",
    "difference",
    "tolerance",
    "subject",
    "pass_verdict",
    "not_applicable",
]


@dataclass
class CheckRow:
    document_id: str
    check_name: str
    subject: str  # what is compared, in words: '表05 合计 基本支出 vs 表06 人员经费合计 + 公用经费合计'
    severity: str = "error"  # what a failure of this check usually is; the expectations decide
    table_code: str | None = None
    line_key: str | None = None
    measure: str | None = None
    expected: str | None = None
    observed: str | None = None
    difference: str | None = None
    tolerance: str | None = None
    pass_verdict: str = "holds"
    not_applicable: bool = False
    judged: dict[str, object] = field(default_factory=dict)


def to_frame(rows: list[CheckRow], judged_columns: list[str]) -> pd.DataFrame:
    described = [f.name for f in fields(CheckRow) if f.name != "judged"]
    records = [
        {**{name: getattr(row, name) for name in described}, **{c: row.judged.get(c) for c in judged_columns}}
        for row in rows
    ]  # not dataclasses.asdict: its deep copies cost seconds on a warehouse
    frame = pd.DataFrame.from_records(records, columns=[*COLUMNS, *judged_columns])
    frame.insert(0, "row_id", range(len(frame)))
    return frame


def money(value: Decimal) -> str:
    return f"{value:.2f}"


def signed(value: Decimal) -> str:
    return f"{value:+.2f}"
