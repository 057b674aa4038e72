"""The schema suite's rows (one per fact) and the vocabularies its expectations take as parameters."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from functools import cache

import pandas as pd

from pipeline import vocab
from pipeline.model import YUAN_PER_UNIT
from pipeline.validate.identities import EXPECTATIONS_DIR
from pipeline.validate.labels import ECONOMIC_TABLES

TABLE_CODES = [f"{n:02d}" for n in range(1, 10)]
AMOUNT_UNITS = ["元", "万元"]  # the contract's units
# Subject-code lengths each table may key its rows by (CONTRACT.md): 类/款/项 function codes, 类/款 economic.
CODE_LENGTHS = {
    "01": (3,),
    "02": (3, 5, 7),
    "03": (3, 5, 7),
    "04": (3,),
    "05": (3, 5, 7),
    "06": (3, 5),
    "07": (3, 5, 7),
    "08": (3, 5, 7),
    "09": (),
}
TOTAL_ROW_TABLES = ("02", "03", "05", "07", "08")


def schema_frame(facts: pd.DataFrame) -> pd.DataFrame:
    """fact_amount rows with the derived columns the expectations judge."""
    frame = facts.reset_index(drop=True)
    line = frame["line_key"].astype("str")
    digits = line.str.fullmatch(r"\d+").fillna(False).astype(bool)
    economic = frame["table_code"].isin(ECONOMIC_TABLES)
    frame["line_form"] = frame["table_code"] + ":" + line.where(~digits, "code" + line.str.len().astype(str))
    frame["function_class"] = line.str[:3].where(digits & ~economic)
    frame["economic_class"] = line.str[:3].where(digits & economic)
    frame["table_measure"] = frame["table_code"] + ":" + frame["measure"]
    frame["yuan_consistent"] = [
        unit in YUAN_PER_UNIT and Decimal(amount) * YUAN_PER_UNIT[unit] == Decimal(yuan)
        for amount, unit, yuan in zip(frame["amount"], frame["amount_unit"], frame["amount_yuan"], strict=True)
    ]
    frame["fiscal_year"] = frame["fiscal_year"].astype("float64")
    frame.insert(0, "row_id", range(len(frame)))
    return frame


@cache
def schema_parameters() -> dict[str, object]:
    """The suite's $PARAMETERs, from the vocabularies beside the code."""
    line_forms = {f"{t}:{term.key}" for t in TABLE_CODES for term in vocab.lines(t)}
    line_forms |= {f"{t}:code{n}" for t, lengths in CODE_LENGTHS.items() for n in lengths}
    line_forms |= {f"{t}:total" for t in TOTAL_ROW_TABLES}
    with (EXPECTATIONS_DIR / "economic_classes.csv").open(encoding="utf-8") as f:
        economic = [row["code"] for row in csv.DictReader(f)]
    return {
        "table_codes": TABLE_CODES,
        "line_forms": sorted(line_forms),
        "function_classes": sorted(set(vocab.function_classes().values())),
        "economic_classes": economic,
        "measures": sorted({f"{t}:{term.key}" for t in TABLE_CODES for term in vocab.measures(t)}),
        "amount_units": AMOUNT_UNITS,
        "max_year": date.today().year + 1,
    }
