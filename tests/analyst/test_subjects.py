"""The subject dictionary is built from what documents print; differing names are reported, not merged."""

from __future__ import annotations

from pathlib import Path

from .builders import BUDGET_2023, FINAL_2022, FINAL_2023, RENAMED_CODE, RENAMED_NAME, RESPELT_CODE, by, query


def test_a_code_printed_with_two_names_is_a_conflict(two_year_warehouse: Path):
    rows = by(query(two_year_warehouse, "SELECT * FROM subject_conflicts"), "code", "name")
    assert set(rows) == {(RENAMED_CODE, "事业运行"), (RENAMED_CODE, RENAMED_NAME)}
    usual, renamed = rows[(RENAMED_CODE, "事业运行")], rows[(RENAMED_CODE, RENAMED_NAME)]
    assert (usual["document_ids"], usual["fiscal_years"], usual["is_dictionary_name"]) == (
        sorted([FINAL_2022, BUDGET_2023]),
        [2022, 2023],
        True,
    )
    assert (renamed["document_ids"], renamed["fiscal_years"], renamed["is_dictionary_name"]) == (
        [FINAL_2023],
        [2023],
        False,
    )
    assert usual["kind"] == "function" and usual["level"] == "项" and usual["n_names"] == 2


def test_the_dictionary_keeps_one_name_and_lists_the_others(two_year_warehouse: Path):
    rows = by(query(two_year_warehouse, "SELECT * FROM subject_dictionary"), "kind", "code")
    item = rows[("function", RENAMED_CODE)]
    assert (item["name"], item["has_conflict"], item["other_names"]) == ("事业运行", True, RENAMED_NAME)
    assert (item["level"], item["parent_code"], item["parent_name"]) == ("项", "20137", "网信事务")
    assert (item["n_documents"], item["first_year"], item["last_year"]) == (3, 2022, 2023)
    # brackets and spaces do not make another name
    assert rows[("economic", RESPELT_CODE)]["has_conflict"] is False
    assert (rows[("economic", "301")]["level"], rows[("economic", "301")]["parent_code"]) == ("类", None)
    assert rows[("economic", "30101")]["parent_name"] == "工资福利支出"
    assert sum(r["has_conflict"] for r in rows.values()) == 1


def test_marts_name_subjects_as_each_document_printed_them(two_year_warehouse: Path):
    names = {
        r["document_id"]: r["line_name"]
        for r in query(
            two_year_warehouse,
            "SELECT DISTINCT document_id, line_name FROM fact_amount_named WHERE line_key = ? AND table_code = '03'",
            [RENAMED_CODE],
        )
    }
    assert names == {FINAL_2022: "事业运行", FINAL_2023: RENAMED_NAME, BUDGET_2023: "事业运行"}


def test_the_corpus_documents_print_no_conflicting_names(corpus_warehouse: Path):
    assert query(corpus_warehouse, "SELECT * FROM subject_conflicts") == []
    levels = query(corpus_warehouse, "SELECT kind, level, count(*) AS n FROM subject_dictionary GROUP BY ALL")
    assert {(r["kind"], r["level"]) for r in levels} == {
        ("function", "类"),
        ("function", "款"),
        ("function", "项"),
        ("economic", "类"),
        ("economic", "款"),
    }
