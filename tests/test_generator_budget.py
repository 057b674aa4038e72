"""Budget disclosures (部门预算) from the generator: figures derived from a unit's final accounts add up,
every layout prints exactly its gold, the pipeline reads them back exactly (scored with the shared scorer),
and the budget-execution mart sets a budget against the final accounts of the same unit and year."""

from __future__ import annotations

import fcntl
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb
import pypdfium2 as pdfium
import pytest

from generator.__main__ import main
from generator.budget_figures import DRIFT, apportion, budget_figures
from generator.cells import format_amount
from generator.figures import Figures, builtin_names, fictitious_unit_name, in_unit, load_builtin, renamed
from generator.layout import VARIANTS, Layout, random_layout
from generator.render import render_bytes, render_with_gold
from generator.samples import PUTUO_BUDGET
from pipeline.ingest import ingest_paths
from tests.conftest import GoldDocument, score

PUTUO = "shpt-czj-2024-final"
FUNDS = ("05", "07", "08")
# Layouts whose budgets the pipeline reads exactly: ruled and unruled, halves and stacked, 万元 and 元, joined and
# split codes, a rotated table, all three 09 styles.
EXACT_LAYOUTS = {
    "putuo_budget": PUTUO_BUDGET,
    "huangpi": VARIANTS["huangpi"],
    "unruled_split_yuan_stacked": VARIANTS["unruled_split_yuan_stacked"],
    "rotated_page": VARIANTS["rotated_page"],
    "putuo": VARIANTS["putuo"],
}
# Unruled, with 09 printed by measure: 机关运行经费预算数 stands merged down beside “三公”经费预算数, so the top
# header line holds only the 三公 label and the unruled header reader gives the 三公 columns no measure.
UNRULED_BY_MEASURE = {name: VARIANTS[name] for name in ("no_rules_flat", "broken_repeat_header")}
KNOWN_GAP = "no_rules_flat"


@pytest.fixture(scope="module")
def budgets() -> dict[str, Figures]:
    return {name: budget_figures(load_builtin(name)) for name in builtin_names()}


def page_texts(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]


def amount(figures: Figures, table: str, line: str, measure: str) -> Decimal:
    return figures.amount(table, line, measure) or Decimal(0)


# --- figures


def test_apportion_adds_up_exactly() -> None:
    assert apportion(100, [1, 1, 1]) == [34, 33, 33]
    assert sum(apportion(123457, [5, 0, 17, 3])) == 123457
    assert apportion(10, [0, 0]) == [0, 0]


@pytest.mark.parametrize("name", builtin_names())
def test_budget_is_for_the_unit_and_year_of_the_final_accounts(budgets: dict[str, Figures], name: str) -> None:
    final, budget = load_builtin(name), budgets[name]
    assert (budget.unit_name, budget.fiscal_year, budget.amount_unit) == (final.unit_name, final.fiscal_year, "万元")
    assert budget.report_kind == "budget"
    assert budget == budget_figures(final)  # deterministic
    assert {f.measure for f in budget.table("01")} == {"budget"}
    assert {f.measure for f in budget.table("06")} <= {"total", "personnel", "public"}


@pytest.mark.parametrize("name", builtin_names())
def test_budget_tables_add_up_and_agree(budgets: dict[str, Figures], name: str) -> None:
    b = budgets[name]
    for table in ("02", "03", *FUNDS):
        rows = {f.line_key for f in b.table(table)}
        for code in rows - {"total"}:
            children = [c for c in rows if c.isdigit() and len(c) == len(code) + 2 and c.startswith(code)]
            if children:
                assert amount(b, table, code, "total") == sum(amount(b, table, c, "total") for c in children)
        if table != "02":
            for line in rows:
                parts = amount(b, table, line, "basic") + amount(b, table, line, "project")
                assert amount(b, table, line, "total") == parts, (table, line)
    total = amount(b, "02", "total", "total")
    assert total == amount(b, "03", "total", "total") == amount(b, "01", "inc.grand_total", "budget")
    assert total == amount(b, "01", "exp.grand_total", "budget")
    fiscal = sum(amount(b, t, "total", "total") for t in FUNDS)
    assert fiscal == amount(b, "02", "total", "fiscal_appropriation") == amount(b, "04", "inc.grand_total", "budget")
    assert fiscal == amount(b, "04", "exp.grand_total", "total")
    assert amount(b, "06", "total", "total") == amount(b, "05", "total", "basic")
    assert amount(b, "06", "total", "public") == amount(b, "09", "admin_operation", "budget")


@pytest.mark.parametrize("name", builtin_names())
def test_budget_is_the_outcome_perturbed(budgets: dict[str, Figures], name: str) -> None:
    final, budget = load_builtin(name), budgets[name]
    low, high = DRIFT
    for f in final.table("05"):
        planned = budget.amount("05", f.line_key, f.measure)
        assert planned is not None, f.key
        rate = Decimal(f.amount) / planned
        assert 1 / Decimal(high) - Decimal("0.05") < rate < 1 / Decimal(low) + Decimal("0.05"), (f.key, rate)


# --- rendering


@pytest.mark.parametrize("name", [*EXACT_LAYOUTS, *UNRULED_BY_MEASURE])
def test_budget_gold_is_the_figures_and_printed_on_its_page(budgets: dict[str, Figures], name: str) -> None:
    layout = {**EXACT_LAYOUTS, **UNRULED_BY_MEASURE}[name]
    figures = budgets[PUTUO]
    data, gold = render_bytes(figures, layout, name)
    assert {g.key: g.amount for g in gold} == _printed(figures, layout)
    texts = page_texts(data)
    for g in gold:
        assert format_amount(g.amount, layout.thousands, layout.full_width) in texts[g.page - 1], g


@pytest.mark.parametrize("seed", range(4))
def test_budget_gold_in_random_layouts(budgets: dict[str, Figures], seed: int) -> None:
    figures = budgets[builtin_names()[seed % 3]]
    layout = random_layout(seed)
    _data, gold = render_bytes(figures, layout, "x")
    assert {g.key: g.amount for g in gold} == _printed(figures, layout)


def _printed(figures: Figures, layout: Layout) -> dict[tuple[str, str, str], str]:
    """The figures a layout prints: all of them, but the subjects' 合计 of a 06 in column groups (each
    group prints its subjects' 人员经费 or 公用经费)."""
    facts = in_unit(figures, layout.amount_unit).facts
    halves = layout.table06_groups > 1
    return {f.key: f.amount for f in facts if not (halves and f.table_code == "06" and f.measure == "total")}


def test_budget_pages_speak_of_a_budget_for_its_year(budgets: dict[str, Figures]) -> None:
    data, gold = render_bytes(budgets[PUTUO], PUTUO_BUDGET, "x")
    texts = page_texts(data)
    cover = "".join(texts[0].split())
    assert "2024年区级部门预算" in cover and "预算主管部门：上海市普陀区财政局" in cover
    assert "决算" not in cover and "2024年" in cover.split("公开日期：")[1]  # published in the year it plans
    tables = "".join(texts[g.page - 1] for g in gold)
    assert "2024年部门财务收支预算总表" in tables and "编制部门：上海市普陀区财政局" in tables
    assert "决算" not in tables
    assert "行次" not in "".join(texts)  # budget tables carry no line numbers


# --- the pipeline reads them back


@dataclass(frozen=True)
class BudgetWarehouse:
    path: Path
    budgets: dict[str, GoldDocument]  # by layout
    final: GoldDocument
    unit: str  # the unit with both a budget and final accounts
    final_figures: Figures


@pytest.fixture(scope="session")
def budget_warehouse(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> BudgetWarehouse:
    """The exact layouts' budgets, each for its own invented unit, plus the final accounts of the unit whose
    budget is printed in the Shanghai manner: one unit with both documents for one year. Built once for all
    xdist workers of the session."""
    root = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        root = root.parent  # the session's directory, which every worker's base directory is in
    out = root / "budget-warehouse"
    out.mkdir(exist_ok=True)
    documents = {name: GoldDocument(out / f"{name}.pdf", out / "gold" / f"{name}.csv") for name in EXACT_LAYOUTS}
    final = renamed(load_builtin(builtin_names()[0]), fictitious_unit_name(700))
    built = BudgetWarehouse(
        out / "warehouse.duckdb",
        documents,
        GoldDocument(out / "final.pdf", out / "gold" / "final.csv"),
        final.unit_name,
        final,
    )
    with (out / "build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the first worker builds it, the others wait for it
        if not built.path.exists():
            _build(built, out)
    return built


def _build(built: BudgetWarehouse, out: Path) -> None:
    for i, (name, layout) in enumerate(EXACT_LAYOUTS.items()):
        source = builtin_names()[i % 3]
        figures = renamed(budget_figures(load_builtin(source)), fictitious_unit_name(700 + i))
        render_with_gold(figures, layout, out, name, out / "gold")
    render_with_gold(built.final_figures, VARIANTS["putuo"], out, "final", out / "gold")
    summaries = ingest_paths([out], built.path, workers=0)
    assert {s.status for s in summaries} == {"loaded"}, [(s.file_name, s.error) for s in summaries]


def test_budget_documents_score_exact(budget_warehouse: BudgetWarehouse) -> None:
    result = score(budget_warehouse.path, [*budget_warehouse.budgets.values(), budget_warehouse.final])
    assert result.returncode == 0, result.stdout + result.stderr


def test_budget_documents_are_budgets_for_the_fiscal_year(budget_warehouse: BudgetWarehouse) -> None:
    with duckdb.connect(str(budget_warehouse.path), read_only=True) as con:
        rows = con.execute("SELECT file_name, unit_name, fiscal_year, report_kind FROM documents").fetchall()
    kinds = {file_name.removesuffix(".pdf"): (unit, year, kind) for file_name, unit, year, kind in rows}
    unit, final = budget_warehouse.unit, budget_warehouse.final_figures
    assert kinds["putuo_budget"] == (unit, final.fiscal_year, "budget")
    assert kinds["final"] == (unit, final.fiscal_year, "final")
    assert {kind for name, (_u, _y, kind) in kinds.items() if name != "final"} == {"budget"}


def test_budget_execution_for_the_unit_with_both(budget_warehouse: BudgetWarehouse) -> None:
    final = budget_warehouse.final_figures
    with duckdb.connect(str(budget_warehouse.path), read_only=True) as con:
        rows = con.execute(
            "SELECT table_code, line_key, measure, budget_yuan, final_yuan, execution_rate "
            "FROM mart_budget_execution WHERE unit_name = ? AND fiscal_year = ?",
            [budget_warehouse.unit, final.fiscal_year],
        ).fetchall()
        units = con.execute("SELECT DISTINCT unit_name FROM mart_budget_execution").fetchall()
    assert units == [(budget_warehouse.unit,)]  # the other budgets have no final accounts
    by_key = {(t, line, m): (b, f, rate) for t, line, m, b, f, rate in rows}
    budget_total, final_total, rate = by_key["05", "total", "total"]
    assert final_total == amount(final, "05", "total", "total") * 10000
    assert rate == pytest.approx(float(round(final_total / budget_total, 4)))
    rated = [r for r in rows if r[5] is not None and r[3] and r[4]]
    assert len(rated) > 50
    assert all(0.8 < r[5] < 1.2 for r in rated)  # within the budget's drift of the outcome
    assert by_key["01", "inc.grand_total", "actual"][2] is not None  # the budget's 预算数 against the 决算数


def test_unruled_three_public_by_measure(budgets: dict[str, Figures], tmp_path: Path) -> None:
    document = GoldDocument(*render_with_gold(budgets[PUTUO], UNRULED_BY_MEASURE[KNOWN_GAP], tmp_path, KNOWN_GAP))
    ingest_paths([document.pdf], tmp_path / "warehouse.duckdb", workers=0)
    result = score(tmp_path / "warehouse.duckdb", [document])
    assert result.returncode == 0, result.stdout


# --- the command line


@pytest.mark.parametrize("leaders", [True, False])
def test_three_public_as_a_list(budgets: dict[str, Figures], leaders: bool) -> None:
    figures = budgets[PUTUO]
    layout = Layout(nine_as_list=True, list_leaders=leaders, total_position="bottom")
    data, gold = render_bytes(figures, layout, "x")
    _plain, plain_gold = render_bytes(figures, Layout(), "x")
    assert {(g.key, g.amount) for g in gold} == {(g.key, g.amount) for g in plain_gold}
    nine = [g for g in gold if g.table_code == "09"]
    (page,) = {g.page for g in nine}
    lines = page_texts(data)[page - 1].splitlines()
    labels = [
        "因公出国（境）费",
        "公务接待费",
        "公务用车购置及运行费",
        "其中：公务用车购置费",
        "公务用车运行费",
        "“三公”经费合计",
        "机关运行经费",
    ]
    listed = {line.split()[0].strip("…"): line for line in lines if line.split()[0].strip("…") in labels}
    assert list(listed) == labels
    assert {g.row_label for g in nine} <= set(labels)
    for g in nine:  # a label, its amount at the end of its line
        assert listed[g.row_label].endswith(g.amount)
        assert ("…" in listed[g.row_label]) == leaders
    assert not any(heading in line for line in lines for heading in ("项目", "预算数"))  # no column heading


def test_three_public_list_is_for_budgets_only(figures_final: Figures) -> None:
    assert render_bytes(figures_final, Layout(nine_as_list=True), "x") == render_bytes(figures_final, Layout(), "x")


@pytest.fixture(scope="module")
def figures_final() -> Figures:
    return load_builtin(PUTUO)


def test_variants_command_renders_budgets(tmp_path: Path) -> None:
    main(["variants", "--figures", PUTUO, "--count", "2", "--seed", "3", "--out", str(tmp_path), "--kind", "mixed"])
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == ["shpt-czj-2024-budget-s4.pdf", f"{PUTUO}-s3.pdf"]
    manifest = json.loads((tmp_path / "gold" / "manifest.json").read_text(encoding="utf-8"))
    kinds = {d["name"]: (d["report_kind"], d["layout"]["line_numbers"]) for d in manifest["documents"]}
    assert kinds["shpt-czj-2024-budget-s4"] == ("budget", False)
    assert kinds[f"{PUTUO}-s3"][0] == "final"


def test_budget_layouts_differ(budgets: dict[str, Figures]) -> None:
    """The exact layouts are distinct renderings, not one layout under several names."""
    pdfs = {render_bytes(budgets[PUTUO], layout, "x")[0] for layout in EXACT_LAYOUTS.values()}
    assert len(pdfs) == len(EXACT_LAYOUTS)
