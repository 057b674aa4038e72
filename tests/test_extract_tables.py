"""A table found twice in one document (its title quoted in a sentence OCR broke up) is read once."""

from __future__ import annotations

import copy

import pytest

from pipeline.extract import TableGrids, extract_tables, read_facts
from pipeline.locate import LocatedTable, Region
from tests.conftest import CORPUS

PUTUO = CORPUS / "putuo" / "shpt-czj-2024-final.pdf"


@pytest.mark.parametrize("mention_first", [False, True])
def test_a_table_found_twice_keeps_the_reading_with_amounts(mention_first: bool) -> None:
    extracted = extract_tables(PUTUO)
    expected = read_facts(copy.deepcopy(extracted))
    table = next(t for t in extracted.tables if t.table.table_code == "01")
    mention = TableGrids(LocatedTable("01", "final", "详见表1 收入支出决算总表", [Region(20, 100.0, 800.0)]), "万元")
    extracted.tables.insert(extracted.tables.index(table) + (0 if mention_first else 1), mention)

    doc = read_facts(extracted)

    assert [t.pages for t in doc.tables if t.table_code == "01"] == [table.table.pages]
    assert sorted(map(repr, doc.facts)) == sorted(map(repr, expected.facts))
