"""Documents the generator renders, loaded exactly as printed (its gold), in random layouts, units and wordings,
final accounts and the budgets derived from them: none gets an error. The figures of final accounts are the
corpus documents', so each still carries the inconsistencies NOTES.md lists, reported as warnings; the budgets'
figures add up, so nothing of theirs fails."""

from __future__ import annotations

import pytest

from pipeline.model import ExtractedDocument
from pipeline.validate import validate

from .conftest import Validated
from .test_gold_notes import TABLE_NOTES
from .validation_fixtures import build_warehouse


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory, generated_documents: list[ExtractedDocument]) -> Validated:
    warehouse = build_warehouse(tmp_path_factory.mktemp("generated") / "warehouse.duckdb", generated_documents)
    return Validated(warehouse, validate(warehouse))


def test_generated_documents_get_no_error_and_their_notes_as_warnings(generated: Validated):
    results = generated.results
    failing = results[results["status"] == "fail"]
    errors = failing[failing["severity"] == "error"]
    assert errors.empty, errors[["document_id", "check_name", "message"]].to_string()
    documents = sorted(set(results["document_id"]))
    assert len(documents) == 6
    for document_id in documents:
        failing = generated.failing(document_id)
        found = set(failing[["check_name", "table_code", "line_key", "measure"]].itertuples(index=False, name=None))
        source = document_id.rsplit("-", 1)[0]  # the figure set: whhp-dsjzx-2022-final-s21 → whhp-dsjzx-2022-final
        notes = {
            (check, table, line, measure)
            for gold, check, table, line, measure, *_ in TABLE_NOTES
            if gold.name == source
        }
        assert notes <= found, f"{document_id}: NOTES.md inconsistencies not reported: {notes - found}"
        if source.endswith("-budget"):
            assert not found, f"{document_id}: a budget that adds up fails {found}"
