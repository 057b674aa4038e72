"""Mart arithmetic on a warehouse whose answers we know: one unit's gold facts for two years and a budget."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from pipeline import warehouse as wh
from pipeline.marts import VIEWS, create_marts

from .builders import (
    BUDGET_2023,
    BUDGET_FACTOR,
    FAILED_2023,
    FINAL_2022,
    FINAL_2023,
    GOLD_2022,
    GOLD_2023,
    OTHER_UNIT,
    T1,
    THREE_PUBLIC_2023,
    UNIT,
    Check,
    by,
    gold_rows,
    insert_checks,
    query,
)

MARTS = [v for v in VIEWS if v.startswith("mart_")]


def test_marts_answer_on_an_empty_warehouse_and_keep_check_results(tmp_path: Path):
    warehouse = tmp_path / "w.duckdb"
    with wh.writer(warehouse) as con:
        create_marts(con)
        insert_checks(con, [Check("d1", "a check", "fail", T1)])
        create_marts(con)  # again, as every load does: views replaced, validation's rows kept
    for view in VIEWS:
        assert query(warehouse, f"SELECT * FROM {view}") == [], view
    assert len(query(warehouse, "SELECT * FROM check_results")) == 1


def test_marts_made_from_other_definitions_are_made_again(tmp_path: Path):
    warehouse = tmp_path / "w.duckdb"
    with wh.writer(warehouse) as con:
        create_marts(con)
        # a warehouse whose marts an older release made, one of them since gone
        con.execute("UPDATE marts_version SET fingerprint = 'an older release'")
        con.execute(f"DROP VIEW {MARTS[0]}")
        create_marts(con)
    assert query(warehouse, f"SELECT * FROM {MARTS[0]}") == []


@pytest.mark.parametrize("mart", MARTS)
def test_every_mart_says_whether_its_documents_passed_validation(two_year_warehouse: Path, mart: str):
    rows = query(two_year_warehouse, f"SELECT * FROM {mart}")
    assert rows, f"{mart} is empty on the two-year warehouse"
    assert "validation_passed" in rows[0]


def test_validation_counts_the_latest_run_and_only_errors(two_year_warehouse: Path):
    status = {
        r["document_id"]: (r["validation_status"], r["validation_passed"], r["errors_failed"], r["warnings_failed"])
        for r in query(two_year_warehouse, "SELECT * FROM document_validation")
    }
    assert status == {
        FINAL_2022: ("passed", True, 0, 1),  # its earlier failing run no longer counts; a warning does not fail
        FINAL_2023: ("failed", False, 1, 0),
        BUDGET_2023: ("not validated", None, 0, 0),
        FAILED_2023: ("not validated", None, 0, 0),
    }


def _yuan(gold: str) -> dict[tuple[str, str, str], Decimal]:
    return {r.key: r.yuan for r in gold_rows(gold)}


def test_year_over_year_change_per_line(two_year_warehouse: Path):
    before = _yuan(GOLD_2022)
    after = {**_yuan(GOLD_2023), **{r.key: r.yuan for r in THREE_PUBLIC_2023}}
    rows = by(query(two_year_warehouse, "SELECT * FROM mart_yoy"), "table_code", "line_key", "measure")
    assert set(rows) == set(before) | set(after)
    for key, row in rows.items():
        change = after.get(key, Decimal(0)) - before.get(key, Decimal(0))
        assert (row["amount_yuan"], row["prev_amount_yuan"], row["change_yuan"]) == (
            after.get(key),
            before.get(key),
            change,
        ), key
        assert (row["unit_name"], row["fiscal_year"], row["prev_fiscal_year"]) == (UNIT, 2023, 2022)
        assert (row["validation_status"], row["prev_validation_status"], row["validation_passed"]) == (
            "failed",
            "passed",
            False,
        )
    total = ("03", "total", "total")
    assert rows[total]["change_rate"] == pytest.approx(float((after[total] - before[total]) / before[total]), abs=1e-4)
    assert rows[total]["change_kind"] == "down"
    assert {rows[k]["change_kind"] for k in set(after) - set(before)} == {"new"}
    assert {rows[k]["change_kind"] for k in set(before) - set(after)} == {"dropped"}


def test_budget_execution_sets_the_budget_against_the_final_accounts(two_year_warehouse: Path):
    final = {r.key: r.yuan for r in [*gold_rows(GOLD_2023), *THREE_PUBLIC_2023] if r.measure != "budget"}
    rows = by(query(two_year_warehouse, "SELECT * FROM mart_budget_execution"), "table_code", "line_key", "measure")
    assert set(rows) == set(final)  # 'budget' columns matched to 'actual'; table 09's own budget left out
    for key, row in rows.items():
        assert row["final_yuan"] == final[key]
        assert row["budget_yuan"] == final[key] * BUDGET_FACTOR
        assert row["execution_rate"] == (1 / BUDGET_FACTOR if final[key] else None), key
        assert (row["unit_name"], row["fiscal_year"]) == (UNIT, 2023)
        assert (row["budget_document_id"], row["final_document_id"]) == (BUDGET_2023, FINAL_2023)
    assert rows[("06", "301", "actual")]["measure_name"] == "决算数"
    assert {r["validation_passed"] for r in rows.values()} == {False}  # the final accounts failed a check


def test_coverage_matrix_holds_every_unit_year_and_kind(two_year_warehouse: Path):
    rows = query(two_year_warehouse, "SELECT * FROM mart_coverage")
    states = {(r["unit_name"], r["fiscal_year"], r["report_kind"]): r["state"] for r in rows}
    assert states == {
        (UNIT, 2022, "final"): "passed",
        (UNIT, 2023, "final"): "failed checks",
        (UNIT, 2023, "budget"): "not validated",
        (UNIT, 2022, "budget"): "missing",
        (OTHER_UNIT, 2023, "final"): "failed",
        (OTHER_UNIT, 2022, "final"): "missing",
        (OTHER_UNIT, 2022, "budget"): "missing",
        (OTHER_UNIT, 2023, "budget"): "missing",
    }
    cells = by(rows, "unit_name", "fiscal_year", "report_kind")
    assert cells[(UNIT, 2023, "final")]["document_id"] == FINAL_2023
    assert cells[(UNIT, 2023, "final")]["errors_failed"] == 1
    assert cells[(OTHER_UNIT, 2023, "final")]["document_status"] == "failed"


def test_coverage_pivots_into_a_grid(two_year_warehouse: Path):
    grid = query(
        two_year_warehouse,
        "PIVOT (SELECT unit_name, report_kind, fiscal_year, state FROM mart_coverage) "
        "ON fiscal_year USING first(state) ORDER BY unit_name, report_kind",
    )
    assert grid[-1] == {"unit_name": UNIT, "report_kind": "final", "2022": "passed", "2023": "failed checks"}


def test_expenditure_by_function_carries_the_hierarchy(two_year_warehouse: Path):
    rows = by(
        query(two_year_warehouse, "SELECT * FROM mart_expenditure_by_function WHERE document_id = ?", [FINAL_2022]),
        "table_code",
        "line_key",
    )
    item = rows[("03", "2013750")]
    assert (item["level"], item["fund_scope"], item["is_leaf"]) == ("项", "all", True)
    assert (item["class_code"], item["class_name"], item["kuan_code"], item["kuan_name"]) == (
        "201",
        "一般公共服务支出",
        "20137",
        "网信事务",
    )
    assert (item["xiang_code"], item["xiang_name"], item["line_name"]) == ("2013750", "事业运行", "事业运行")
    gold = _yuan(GOLD_2022)
    assert (item["total_yuan"], item["basic_yuan"], item["project_yuan"]) == tuple(
        gold.get(("03", "2013750", m)) for m in ("total", "basic", "project")
    )
    assert rows[("03", "201")]["is_leaf"] is False
    assert (rows[("05", "total")]["level"], rows[("05", "total")]["fund_scope"]) == ("合计", "gpb")
    # the leaves add up to the 合计 line (this document's table 03 is consistent as printed)
    leaves = sum(r["total_yuan"] for (table, _), r in rows.items() if table == "03" and r["is_leaf"])
    assert leaves == rows[("03", "total")]["total_yuan"]


def test_basic_and_project_shares(two_year_warehouse: Path):
    gold = _yuan(GOLD_2023)
    rows = by(
        query(two_year_warehouse, "SELECT * FROM mart_basic_project WHERE document_id = ?", [FINAL_2023]),
        "table_code",
        "line_key",
    )
    assert {r["level"] for r in rows.values()} == {"合计", "类"}
    total = rows[("03", "total")]
    basic, project = gold[("03", "total", "basic")], gold[("03", "total", "project")]
    assert total["other_yuan"] == gold[("03", "total", "total")] - basic - project
    assert total["basic_share"] == pytest.approx(float(basic / gold[("03", "total", "total")]), abs=1e-4)
    assert total["basic_share"] + total["project_share"] == pytest.approx(1, abs=1e-3)


def test_economic_detail_groups_personnel_and_public_expenditure(two_year_warehouse: Path):
    gold = _yuan(GOLD_2022)
    groups = {
        r["expense_group"]: r["amount_yuan"]
        for r in query(
            two_year_warehouse,
            "SELECT expense_group, sum(amount_yuan) AS amount_yuan FROM mart_economic_detail "
            "WHERE document_id = ? AND level = '类' GROUP BY ALL",
            [FINAL_2022],
        )
    }
    classes = {line: amount for (table, line, _), amount in gold.items() if table == "06" and len(line) == 3}
    assert groups["人员经费"] == classes["301"] + classes.get("303", 0)
    assert groups["公用经费"] == sum(a for c, a in classes.items() if c not in ("301", "303"))


def test_three_public_budget_against_actual(two_year_warehouse: Path):
    rows = by(
        query(two_year_warehouse, "SELECT * FROM mart_three_public WHERE document_id = ?", [FINAL_2023]), "line_key"
    )
    assert {k[0]: r["execution_rate"] for k, r in rows.items()} == {"total": 0.8, "vehicle": 1.0, "reception": 0.4}
    assert rows[("reception",)]["difference_yuan"] == Decimal("-6000.00")
    assert rows[("reception",)]["line_name"] == "公务接待费"


def test_income_shares_add_up_per_document(corpus_warehouse: Path):
    rows = query(
        corpus_warehouse,
        "SELECT document_id, sum(share) AS shares, count(*) AS n FROM mart_income_by_source GROUP BY ALL",
    )
    assert len(rows) == 3
    assert all(r["shares"] == pytest.approx(1, abs=1e-3) for r in rows)


def test_marts_on_the_corpus_warehouse(corpus_warehouse: Path):
    with duckdb.connect(str(corpus_warehouse), read_only=True) as con:
        counts = {m: con.execute(f"SELECT count(*) FROM {m}").fetchall()[0][0] for m in MARTS}
        facts = con.execute("SELECT count(*) FROM fact_amount").fetchall()[0][0]
        named = con.execute("SELECT count(*), count(line_name) FROM fact_amount_named").fetchall()[0]
    assert named == (facts, facts)  # every fact named
    # three units, one final-accounts document each, in three different years: nothing to compare
    assert counts["mart_yoy"] == counts["mart_budget_execution"] == 0
    assert counts["mart_coverage"] == 3 * 3 * 2
    assert all(n > 0 for m, n in counts.items() if m not in ("mart_yoy", "mart_budget_execution")), counts


def test_budget_execution_on_the_make_run_warehouse(sample_warehouse: Path):
    """The samples hold a budget and the final accounts of the same unit and year: 执行率 is computed."""
    rows = query(sample_warehouse, "SELECT count(*) AS n FROM mart_budget_execution")
    assert rows[0]["n"] > 0
