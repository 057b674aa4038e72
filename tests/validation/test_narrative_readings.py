"""The narrative suite on short texts written the ways publishers (and the generator) word them: what each sentence
is checked against and whether a consistent one passes. Documents are built in memory and judged by the suite's
expectations directly, without a warehouse."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from pipeline.validate import narrative
from pipeline.validate.results import check_results
from pipeline.validate.rows import to_frame
from pipeline.validate.snapshot import CENT, Amount, Document
from pipeline.validate.suites import SuiteRunner

FISCAL_YEAR = 2023

# document id → (narrative text, {(table, line, measure): amount in 万元})
TEXTS: dict[str, tuple[str, dict[tuple[str, str, str], str]]] = {
    # The year before, named in a sentence comparing it, or as where money came from: not the year reported.
    "year-compared": (
        "二、收入决算情况说明\n2023年度收入合计173.61万元，2022年度收入合计199.25万元，减少25.64万元。\n"
        "五、一般公共预算财政拨款支出决算情况说明\n决算数大于预算数的主要原因：2022年度项目资金在本年度支出23.38万元。",
        {("02", "total", "total"): "173.61", ("01", "inc.total", "actual"): "173.61"},
    ),
    # The year before, stated as if it were the year reported (NOTES.md, 第三部分 十).
    "year-wrong": ("十、机关运行经费支出说明\n2022年度本单位机关运行经费支出11万元。", {}),
    # The same in a sentence of change: it compares with another year, still not the year reported.
    "year-wrong-compared": (
        "二、收入决算情况说明\n2022年度收入合计173.61万元，与2021年度相比，收入合计减少25.64万元，减少12.87%。",
        {("02", "total", "total"): "173.61", ("01", "inc.total", "actual"): "173.61"},
    ),
    # The generator's wording: no 年初预算 for the 项, 三公 预算 without 年初, 没有 for none.
    "generator": (
        "五、一般公共预算财政拨款支出决算情况说明\n一般公共服务支出（类）网信事务（款）事业运行（项）：支出决算为760.05万元。\n"
        "九、财政拨款“三公”经费支出决算情况说明\n2023年度“三公”经费财政拨款支出预算为2.00万元，支出决算为1.50万元，"
        "完成预算的75.00%。\n七、政府性基金预算财政拨款收入支出决算情况说明\n本单位2023年度没有政府性基金预算财政拨款收入支出，故表7为空表。",
        {
            ("05", "2013750", "total"): "760.05",
            ("09", "total", "budget"): "2.00",
            ("09", "total", "actual"): "1.50",
        },
    ),
    # 'None' while the table prints a cent: nothing rounds 0.01 from 0.
    "none-contradicted": (
        "七、政府性基金预算财政拨款收入支出决算情况说明\n本部门当年无政府性基金预算财政拨款收入支出。",
        {("07", "total", "income"): "0.01", ("07", "total", "total"): "0.00"},
    ),
    # A direction word the amounts contradict.
    "direction-wrong": (
        "五、一般公共预算财政拨款支出决算情况说明\n2023年度一般公共预算财政拨款支出年初预算为100.00万元，支出决算为90.00万元，"
        "完成年初预算的90.00%，决算数大于预算数的主要原因：业务增加。",
        {("05", "total", "total"): "90.00"},
    ),
    # A budget's planned amounts; its 公务接待费 contradicts table 09.
    "budget": (
        "四、2023年部门预算编制说明\n2023年，某单位收入预算100.00万元，其中：财政拨款收入90.00万元；其他收入10.00万元。"
        "支出预算100.00万元，其中：财政拨款支出预算90.00万元。财政拨款支出预算中，一般公共预算拨款支出预算90.00万元。\n"
        "（一）2023年“三公”经费预算情况说明\n2023年“三公”经费预算数为1.00万元。其中：因公出国（境）费0万元；"
        "公务用车购置及运行费0万元；公务接待费0.95万元。",
        {
            ("02", "total", "total"): "100.00",
            ("02", "total", "fiscal_appropriation"): "90.00",
            ("02", "total", "other"): "10.00",
            ("03", "total", "total"): "100.00",
            ("04", "exp.grand_total", "total"): "90.00",
            ("05", "total", "total"): "90.00",
            ("09", "total", "budget"): "1.00",
            ("09", "reception", "budget"): "1.00",
        },
    ),
}
SUBJECTS = {
    ("function", "201"): "一般公共服务支出",
    ("function", "20137"): "网信事务",
    ("function", "2013750"): "事业运行",
}


def _document(document_id: str, text: str, cells: dict[tuple[str, str, str], str]) -> Document:
    facts = {key: Amount(Decimal(amount), "万元", CENT * 10000) for key, amount in cells.items()}
    return Document(
        document_id,
        "某单位",
        FISCAL_YEAR,
        "budget" if document_id == "budget" else "final",
        facts=facts,
        tables={f"{n:02d}" for n in range(1, 10)},
        pages={1: text},
        subjects=dict(SUBJECTS),
    )


@pytest.fixture(scope="module")
def judged() -> pd.DataFrame:
    documents = [_document(name, text, cells) for name, (text, cells) in TEXTS.items()]
    frame = to_frame(narrative.narrative_rows(documents), narrative.COLUMNS)
    results = check_results(SuiteRunner().run("narrative", frame))
    stated = ~results["message"].str.contains("not stated in the text")
    return results[stated & (results["status"] != "not_applicable")]


def _of(judged: pd.DataFrame, document_id: str) -> pd.DataFrame:
    return judged[judged["document_id"] == document_id]


def test_a_year_compared_with_is_not_the_year_reported(judged):
    years = _of(judged, "year-compared")
    years = years[years["check_name"] == "narrative.reporting_year"]
    assert list(years["observed"]) == ["2023"] and set(years["status"]) == {"pass"}


@pytest.mark.parametrize("document_id", ["year-wrong", "year-wrong-compared"])
def test_a_wrong_year_is_an_error(judged, document_id):
    rows = _of(judged, document_id)
    assert set(rows.loc[rows["check_name"] != "narrative.reporting_year", "status"]) <= {"pass"}
    years = rows[rows["check_name"] == "narrative.reporting_year"]
    assert list(zip(years["check_name"], years["observed"], years["severity"], years["status"], strict=True)) == [
        ("narrative.reporting_year", "2022", "error", "fail")
    ]


def test_the_generators_wording_is_read_and_agrees(judged):
    rows = _of(judged, "generator")
    found = {(r.check_name, r.table_code, r.line_key, r.measure, r.observed) for r in rows.itertuples()}
    assert found == {
        ("narrative.subject_execution", "05", "2013750", "total", "760.05"),
        ("narrative.three_public_execution.budget", "09", "total", "budget", "2.00"),
        ("narrative.three_public_execution", "09", "total", "actual", "1.50"),
        ("narrative.three_public_execution.rate", None, None, None, "75.00%"),
        ("narrative.gf_none", "07", "total", "income", "没有政府性基金预算财政拨款收入支出"),
        ("narrative.gf_none", "07", "total", "total", "没有政府性基金预算财政拨款收入支出"),
    }
    assert set(rows["status"]) == {"pass"}


def test_none_contradicted_by_a_printed_cent_is_an_error(judged):
    rows = _of(judged, "none-contradicted")
    failing = rows[rows["status"] == "fail"]
    assert list(zip(failing["line_key"], failing["measure"], failing["severity"], strict=True)) == [
        ("total", "income", "error")
    ]
    assert "there is none" in failing.iloc[0]["message"]


def test_a_direction_word_the_amounts_contradict_is_an_error(judged):
    rows = _of(judged, "direction-wrong")
    failing = rows[rows["status"] == "fail"]
    assert list(zip(failing["check_name"], failing["severity"], strict=True)) == [
        ("narrative.gpb_execution.direction", "error")
    ]
    assert "决算数小于预算数" in failing.iloc[0]["message"]


def test_a_budgets_planned_amounts_are_read_against_its_tables(judged):
    rows = _of(judged, "budget")
    assert set(rows["check_name"]) == {
        "narrative.budget_income",
        "narrative.budget_fiscal_income",
        "narrative.budget_other_income",
        "narrative.budget_expenditure",
        "narrative.budget_fiscal_expenditure",
        "narrative.budget_gpb_expenditure",
        "narrative.budget_three_public",
        "narrative.budget_three_public_overseas",
        "narrative.budget_three_public_vehicle",
        "narrative.budget_three_public_reception",
    }
    failing = rows[rows["status"] == "fail"]
    assert list(zip(failing["check_name"], failing["observed"], failing["severity"], strict=True)) == [
        ("narrative.budget_three_public_reception", "0.95", "error")
    ]
