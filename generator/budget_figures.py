"""Budget figures (部门预算) derived from a unit's final-accounts figures for the same fiscal year.

A 2024年部门预算 plans the year whose 2024年度部门决算 reports the outcome, so the budget keeps the final
accounts' unit, fiscal year and subjects, with every planned amount the outcome perturbed (budgets miss by a
few per cent; project funds are planned in whole 万元). Sums are rebuilt from the perturbed leaves, so every
table adds up and the tables agree with each other, as a real budget's do:

    05/07/08  fund by function subject (合计 = 基本支出 + 项目支出), from the final's 05/07/08
    03        all funds by subject: the three funds plus income from other sources (spent on projects)
    02        income by subject: 财政拨款收入 (the three funds) and the other sources of the final's 02
    01, 04    the income lines and the function classes of 03 and of the three funds
    06        basic expenditure by economic subject, apportioned to the total 基本支出 of 05
    09        三公 from the final's 年初预算数 column (0.00 where it has none), 机关运行经费 = 公用经费

Facts are keyed as the extractor reads a budget (see pipeline/vocab: measure 'budget' where final accounts
print 'actual', 06 by 合计/人员经费/公用经费); an amount that comes out 0 is left blank, as budgets print it.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from generator.figures import FigureFact, Figures
from generator.vocab import economic_subjects

FUND_TABLES = {"gpb": "05", "gf": "07", "soe": "08"}  # 一般公共预算, 政府性基金预算, 国有资本经营预算
FUNCTION_TABLES = ("02", "03", "05", "07", "08")
# Other income columns of the final's table 02, as the budget's table 02 names them.
OTHER_SOURCES = {
    "public_service": "public_service",
    "business": "business",
    "superior_subsidy": "other",
    "affiliate_remittance": "other",
    "other": "other",
}
INCOME_LINES = {  # table 01's income lines by source
    "gpb": "inc.gpb_appropriation",
    "gf": "inc.gf_appropriation",
    "soe": "inc.soe_appropriation",
    "public_service": "inc.public_service",
    "business": "inc.business",
    "other": "inc.other",
}
PERSONNEL_CLASSES = ("301", "303")  # 人员经费; every other economic class is 公用经费
THREE_PUBLIC = ("total", "overseas", "reception", "vehicle", "vehicle_purchase", "vehicle_operation")
DRIFT = (0.92, 1.12)  # budget / outcome
ROUND_PROJECTS_FROM = 1000  # cents of a 万元 amount (10 万元): projects this large are planned in whole 万元

Cents = int
Amounts = dict[str, Cents]  # measure -> cents


def budget_figures(final: Figures, seed: int = 0) -> Figures:
    """The budget for the year and unit of `final` (a final-accounts figure set)."""
    if final.report_kind != "final":
        raise ValueError(f"budget figures derive from final accounts, not {final.report_kind!r}")
    rng = random.Random(f"budget/{final.fiscal_year}/{seed}")
    names = _subject_names(final)
    leaves = _leaf_amounts(final, rng)
    by_code = _roll_up(leaves)
    facts: list[FigureFact] = []
    for fund, table in FUND_TABLES.items():
        facts += _fund_table(table, fund, by_code, names)
    facts += _spending_table(by_code, names)
    facts += _income_table(by_code, names)
    facts += _summary_tables(by_code, names)
    basic = sum(leaf.get(f"{fund}.basic", 0) for leaf in leaves.values() for fund in FUND_TABLES)
    economic = _economic_table(final, basic, rng)
    facts += economic
    facts += _three_public_table(final, economic)
    facts.sort(key=lambda f: f.table_code)  # stable: rows keep their order within a table
    return replace(final, facts=tuple(facts), report_kind="budget")


# --- amounts


def to_cents(amount: str) -> Cents:
    return int(Decimal(amount) * 100)


def printed(cents: Cents) -> str:
    return f"{Decimal(cents) / 100:.2f}"


def perturbed(cents: Cents, rng: random.Random, whole: bool = False) -> Cents:
    """The outcome as it might have been planned: within DRIFT, never 0 when the outcome is not."""
    if cents <= 0:
        return 0
    planned = round(cents * rng.uniform(*DRIFT))
    if whole and planned >= ROUND_PROJECTS_FROM:
        planned = round(planned, -2)
    return max(planned, 1)


def apportion(total: Cents, weights: list[int]) -> list[Cents]:
    """Shares of total proportional to weights that add up to it exactly (largest remainders)."""
    whole = sum(weights)
    if whole <= 0:
        return [0] * len(weights)
    shares = [total * w // whole for w in weights]
    by_remainder = sorted(range(len(weights)), key=lambda i: -(total * weights[i] % whole))
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


# --- function subjects


def _subject_names(final: Figures) -> dict[str, str]:
    names: dict[str, str] = {}
    for f in final.facts:
        if f.table_code in FUNCTION_TABLES and f.line_key.isdigit():
            names.setdefault(f.line_key, f.row_label)
    return names


def _leaves(codes: set[str]) -> set[str]:
    return {c for c in codes if not any(o != c and o.startswith(c) for o in codes)}


def _leaf_amounts(final: Figures, rng: random.Random) -> dict[str, Amounts]:
    """Per leaf subject: '<fund>.basic' / '<fund>.project' and the other sources' income, planned."""
    codes = {f.line_key for f in final.facts if f.table_code in FUNCTION_TABLES and f.line_key.isdigit()}
    leaves = _leaves(codes)
    planned: dict[str, Amounts] = defaultdict(dict)
    for code in sorted(leaves):
        for fund, table in FUND_TABLES.items():
            basic, project = final.amount(table, code, "basic"), final.amount(table, code, "project")
            if basic is None and project is None:
                project = final.amount(table, code, "total")  # a fund table printing only its 合计
            for measure, amount in (("basic", basic), ("project", project)):
                cents = perturbed(to_cents(str(amount)), rng, whole=measure == "project") if amount else 0
                if cents:
                    planned[code][f"{fund}.{measure}"] = cents
        for source, measure in OTHER_SOURCES.items():
            amount = final.amount("02", code, source)
            cents = perturbed(to_cents(str(amount)), rng) if amount else 0
            if cents:
                planned[code][measure] = planned[code].get(measure, 0) + cents
    return dict(planned)


def _roll_up(leaves: dict[str, Amounts]) -> dict[str, Amounts]:
    """Every subject (类, 款, 项) and 'total' with the sums of the leaves under it."""
    sums: dict[str, Amounts] = defaultdict(lambda: defaultdict(int))
    for code, amounts in leaves.items():
        for key in {code[:3], code[:5], code, "total"}:
            for measure, cents in amounts.items():
                sums[key][measure] += cents
    return {code: dict(amounts) for code, amounts in sums.items()}


def _fund(amounts: Amounts, fund: str) -> Amounts:
    basic, project = amounts.get(f"{fund}.basic", 0), amounts.get(f"{fund}.project", 0)
    return {"total": basic + project, "basic": basic, "project": project}


def _other_income(amounts: Amounts) -> Amounts:
    return {m: amounts.get(m, 0) for m in dict.fromkeys(OTHER_SOURCES.values())}


def _spending(amounts: Amounts) -> Amounts:
    funds = [_fund(amounts, fund) for fund in FUND_TABLES]
    basic = sum(f["basic"] for f in funds)
    project = sum(f["project"] for f in funds) + sum(_other_income(amounts).values())
    return {"total": basic + project, "basic": basic, "project": project}


def _income(amounts: Amounts) -> Amounts:
    fiscal = sum(_fund(amounts, fund)["total"] for fund in FUND_TABLES)
    other = _other_income(amounts)
    return {"total": fiscal + sum(other.values()), "fiscal_appropriation": fiscal, **other}


def _facts(table: str, line_key: str, amounts: Amounts, label: str = "") -> list[FigureFact]:
    """Facts of one row; the label matters for subject rows (it is their printed name), not for lines."""
    return [FigureFact(table, line_key, m, printed(c), label) for m, c in amounts.items() if c]


def _subject_facts(
    table: str, by_code: dict[str, Amounts], names: dict[str, str], of: Callable[[Amounts], Amounts]
) -> list[FigureFact]:
    """Rows of a function-subject table: `of` picks the row's measures from a subject's sums."""
    facts: list[FigureFact] = []
    for code in sorted(by_code):
        label = "合计" if code == "total" else names[code]
        facts += _facts(table, code, of(by_code[code]), label)
    return facts


def _fund_table(table: str, fund: str, by_code: dict[str, Amounts], names: dict[str, str]) -> list[FigureFact]:
    return _subject_facts(table, by_code, names, lambda amounts: _fund(amounts, fund))


def _spending_table(by_code: dict[str, Amounts], names: dict[str, str]) -> list[FigureFact]:
    return _subject_facts("03", by_code, names, _spending)


def _income_table(by_code: dict[str, Amounts], names: dict[str, str]) -> list[FigureFact]:
    return _subject_facts("02", by_code, names, _income)


def _summary_tables(by_code: dict[str, Amounts], names: dict[str, str]) -> list[FigureFact]:
    """01: every source of income against the function classes; 04: the three funds alone."""
    whole = by_code.get("total", {})
    income = _income(whole)
    funds = {fund: _fund(whole, fund)["total"] for fund in FUND_TABLES}
    sources = {**funds, **{k: v for k, v in income.items() if k in INCOME_LINES}}
    classes = sorted(c for c in by_code if len(c) == 3)
    facts = _facts("01", "inc.fiscal_appropriation", {"budget": income["fiscal_appropriation"]})
    for source, line in INCOME_LINES.items():
        facts += _facts("01", line, {"budget": sources[source]})
    facts += _facts("01", "inc.grand_total", {"budget": income["total"]})
    for code in classes:
        facts += _facts("01", code, {"budget": _spending(by_code[code])["total"]}, names[code])
    facts += _facts("01", "exp.grand_total", {"budget": income["total"]})
    for fund in FUND_TABLES:
        facts += _facts("04", INCOME_LINES[fund], {"budget": funds[fund]})
    facts += _facts("04", "inc.grand_total", {"budget": income["fiscal_appropriation"]})
    for code in [*classes, "exp.grand_total"]:
        amounts = by_code[code if code != "exp.grand_total" else "total"]
        split = {fund: _fund(amounts, fund)["total"] for fund in FUND_TABLES}
        facts += _facts("04", code, {"total": sum(split.values()), **split}, names.get(code, ""))
    return facts


# --- economic subjects and 三公


def _economic_table(final: Figures, basic: Cents, rng: random.Random) -> list[FigureFact]:
    """Table 06: the final's economic subjects, planned in proportion to its outcome, adding up to basic."""
    subjects = {f.line_key: f for f in final.table("06") if f.line_key.isdigit() and f.measure == "actual"}
    leaves = sorted(_leaves(set(subjects)))
    weights = [round(to_cents(subjects[c].amount) * rng.uniform(*DRIFT) * 100) for c in leaves]
    planned = dict(zip(leaves, apportion(basic, weights), strict=True))
    sums: dict[str, Amounts] = defaultdict(lambda: defaultdict(int))
    for code, cents in planned.items():
        kind = "personnel" if code[:3] in PERSONNEL_CLASSES else "public"
        for key in {code[:3], code, "total"}:
            sums[key]["total"] += cents
            sums[key][kind] += cents
    names = {**economic_subjects(), **{code: f.row_label for code, f in subjects.items()}}
    facts: list[FigureFact] = []
    for code in sorted(sums):
        facts += _facts("06", code, dict(sums[code]), "合计" if code == "total" else names[code])
    return facts


def _three_public_table(final: Figures, economic: list[FigureFact]) -> list[FigureFact]:
    """三公 as the final accounts' 年初预算数 column has it, or 0.00 throughout; 机关运行经费 = 公用经费."""
    planned = {f.line_key: f.amount for f in final.table("09") if f.measure == "budget"}
    if not planned:
        planned = dict.fromkeys(THREE_PUBLIC, "0.00")
    facts = [FigureFact("09", line, "budget", planned[line]) for line in THREE_PUBLIC if line in planned]
    public = next((f.amount for f in economic if f.key == ("06", "total", "public")), None)
    if public:
        facts.append(FigureFact("09", "admin_operation", "budget", public))
    return facts
