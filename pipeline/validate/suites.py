"""Running the versioned suites (expectations/*.json) with Great Expectations on pandas dataframes.

GX 1.24 has no DuckDB data source (its SQL path loses DuckDB results), so each suite judges a dataframe
computed from the warehouse: one row per thing checked. The context is ephemeral: nothing of GX's is
kept between runs except the Data Docs built from it. Every expectation reports the ids of the rows it
rejects; `failures` maps each row to the expectations it failed, for turning into check_results.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pandas as pd

from pipeline.validate.identities import EXPECTATIONS_DIR

SUITES = ("schema", "identities_within", "identities_across", "completeness", "narrative")
SEVERITY = {"critical": "error", "warning": "warning", "info": "warning"}
_RESULT_FORMAT = {"result_format": "COMPLETE", "unexpected_index_column_names": ["row_id"]}


@dataclass(frozen=True)
class Expectation:
    """What an expectation reports when a row does not meet it."""

    severity: str  # 'error' or 'warning'
    meta: dict[str, Any]
    column: str | None = None  # the column judged, when there is one

    @property
    def rank(self) -> int:
        return 1 if self.severity == "error" else 0


@dataclass
class SuiteRun:
    name: str
    frame: pd.DataFrame
    result: Any  # great_expectations ExpectationSuiteValidationResult
    expectations: list[Expectation] = field(default_factory=list)  # in the suite's order
    failures: dict[int, list[Expectation]] = field(default_factory=dict)  # row_id → the expectations it failed


@cache
def suite_spec(name: str) -> dict[str, Any]:
    return json.loads((EXPECTATIONS_DIR / f"{name}.json").read_text(encoding="utf-8"))


class SuiteRunner:
    """One ephemeral GX context: a pandas data source with a dataframe asset per suite."""

    def __init__(self) -> None:
        import great_expectations as gx  # imported here: it takes seconds, and only validation needs it
        from great_expectations.data_context.types.base import (
            DataContextConfig,
            InMemoryStoreBackendDefaults,
            ProgressBarsConfig,
        )

        logging.getLogger("great_expectations").setLevel(logging.WARNING)
        self._gx = gx
        self.context = gx.get_context(
            mode="ephemeral",
            project_config=DataContextConfig(
                analytics_enabled=False,
                progress_bars=ProgressBarsConfig(globally=False),
                store_backend_defaults=InMemoryStoreBackendDefaults(),
            ),
        )
        self._source = self.context.data_sources.add_pandas("warehouse")

    def run(self, name: str, frame: pd.DataFrame, parameters: dict[str, Any] | None = None) -> SuiteRun:
        gx = self._gx
        spec = suite_spec(name)
        suite = self.context.suites.add(gx.ExpectationSuite(**json.loads(json.dumps(spec))))
        batch = self._source.add_dataframe_asset(name).add_batch_definition_whole_dataframe(name)
        definition = self.context.validation_definitions.add(
            gx.ValidationDefinition(name=name, data=batch, suite=suite)
        )
        result = definition.run(
            batch_parameters={"dataframe": frame},
            expectation_parameters=parameters or {},
            result_format=_RESULT_FORMAT,
        )
        run = SuiteRun(name, frame, result)
        for outcome in result.results:
            config = outcome.expectation_config
            if outcome.exception_info and outcome.exception_info.get("raised_exception"):
                raise RuntimeError(f"{name}: {config.type} raised {outcome.exception_info['exception_message']}")
            expectation = Expectation(
                SEVERITY[str(config.severity.value)], dict(config.meta or {}), config.kwargs.get("column")
            )
            run.expectations.append(expectation)
            if outcome.success:
                continue
            unexpected = outcome.result.get("unexpected_index_list")
            if not unexpected:
                raise RuntimeError(f"{name}: {config.type} failed without saying which rows")
            for row in unexpected:
                run.failures.setdefault(int(row["row_id"]), []).append(expectation)
        return run
