# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # An analyst's tour of the disclosure warehouse
#
# The warehouse holds what departments publish in their final accounts (部门决算) and budgets (部门预算):
# every printed amount as one row of `fact_amount`, and marts (views) that arrange the facts for questions
# analysts ask. This tour opens the warehouse, looks at the top spending subjects, follows one department
# from year to year, and ends with the data-quality picture: what we hold, what is missing, and what
# failed validation.
#
# Set `DW_WAREHOUSE` to the warehouse to explore; by default the one `make run` builds.

# %%
import os
from pathlib import Path

import duckdb
import matplotlib.pyplot as plt
from matplotlib import font_manager


def repository_root() -> Path:
    here = Path.cwd().resolve()
    return next((p for p in (here, *here.parents) if (p / "pyproject.toml").exists()), here)


WAREHOUSE = Path(os.environ.get("DW_WAREHOUSE", repository_root() / "data" / "warehouse.duckdb"))
con = duckdb.connect(str(WAREHOUSE), read_only=True)  # read-only: never in the way of a load


def sql(query: str, params: list | None = None):
    """A query's result as a pandas DataFrame."""
    return con.execute(query, params or []).df()


def use_cjk_font() -> None:
    """Chinese labels in charts, with the Noto Sans SC font the generator ships, when it is installed."""
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        return
    font = Path(pylopdf_fonts_zh_cn.__file__).with_name("NotoSansSC-Regular.otf")
    if font.exists():
        font_manager.fontManager.addfont(str(font))
        plt.rcParams["font.family"] = font_manager.FontProperties(fname=font).get_name()


use_cjk_font()
WAN = 10_000  # yuan per 万元, the unit the disclosures print

# %% [markdown]
# ## What the warehouse holds
#
# One row per file ingested. Only `loaded` documents have facts; `superseded` ones were replaced by a newer
# file of the same disclosure, `failed` and `rejected` ones say why in `error`.

# %%
sql("""
    SELECT unit_name, fiscal_year, report_kind, status, facts_loaded, file_name
    FROM documents
    ORDER BY unit_name, fiscal_year, report_kind
""")

# %% [markdown]
# The marts, and how many rows each holds:

# %%
marts = sql("""
    SELECT table_name FROM information_schema.tables
    WHERE table_type = 'VIEW' AND table_schema = 'main'
    ORDER BY table_name
""").table_name
{name: int(con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]) for name in marts}

# %% [markdown]
# ## The top spending subjects
#
# `mart_expenditure_by_function` has one row per printed line of the expenditure tables, at every level of
# the 类/款/项 hierarchy. To add up without counting a subject twice, keep the leaves (`is_leaf`): the finest
# subject each table prints. Table 03 covers all funds. Documents may print a subject under different names;
# `subject_dictionary` gives each code one name.

# %%
top_subjects = sql("""
    SELECT e.class_name, e.line_key AS subject_code, d.name AS subject_name,
           count(DISTINCT e.document_id) AS documents,
           round(sum(e.total_yuan) / 1e4, 2) AS total_wan
    FROM mart_expenditure_by_function e
    JOIN subject_dictionary d ON d.kind = 'function' AND d.code = e.line_key
    WHERE e.report_kind = 'final' AND e.table_code = '03' AND e.is_leaf
    GROUP BY ALL
    ORDER BY total_wan DESC
    LIMIT 10
""")
top_subjects

# %%
if len(top_subjects):
    ax = top_subjects.iloc[::-1].plot.barh(x="subject_name", y="total_wan", legend=False, figsize=(8, 4))
    ax.set_xlabel("万元")
    ax.set_ylabel("")
    ax.set_title("Top spending subjects (final accounts, table 03)")
    plt.tight_layout()
    plt.show()

# %% [markdown]
# ## One department, year by year
#
# We follow the unit with the most years of final accounts: its spending by function class (类) each
# year, then what changed from one year to the next (`mart_yoy`, which pairs consecutive years of the
# same unit).

# %%
unit_years = sql("""
    SELECT unit_name, count(*) AS years
    FROM documents
    WHERE status = 'loaded' AND report_kind = 'final'
    GROUP BY unit_name
    ORDER BY years DESC, unit_name
""")
unit = unit_years.unit_name.iloc[0] if len(unit_years) else None
unit_years

# %%
by_class = sql(
    """
    SELECT fiscal_year, class_name, total_yuan / 1e4 AS total_wan
    FROM mart_expenditure_by_function
    WHERE unit_name = ? AND report_kind = 'final' AND table_code = '03' AND level = '类'
    ORDER BY fiscal_year, class_code
    """,
    [unit],
)
if len(by_class):
    grid = by_class.pivot_table(index="fiscal_year", columns="class_name", values="total_wan", aggfunc="sum")
    ax = grid.plot.bar(stacked=True, figsize=(8, 4), rot=0)
    ax.set_xlabel("fiscal year")
    ax.set_ylabel("万元")
    ax.set_title(f"{unit}: expenditure by function class")
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1))
    plt.tight_layout()
    plt.show()
by_class

# %%
changes = sql(
    """
    SELECT fiscal_year, line_key, line_name,
           round(prev_amount_yuan / 1e4, 2) AS before_wan, round(amount_yuan / 1e4, 2) AS after_wan,
           round(change_yuan / 1e4, 2) AS change_wan, change_rate, change_kind, validation_passed
    FROM mart_yoy
    WHERE unit_name = ? AND report_kind = 'final' AND table_code = '03' AND measure = 'total'
      AND (line_key = 'total' OR length(line_key) = 3)
    ORDER BY fiscal_year, abs(change_yuan) DESC
    """,
    [unit],
)
if changes.empty:
    print(f"{unit}: only one year of final accounts held, so nothing to compare yet.")
changes

# %% [markdown]
# Budget against final accounts (执行率), where we hold both for the same unit and year:

# %%
execution = sql("""
    SELECT unit_name, fiscal_year, line_name, budget_yuan / 1e4 AS budget_wan, final_yuan / 1e4 AS final_wan,
           execution_rate, validation_passed
    FROM mart_budget_execution
    WHERE table_code = '03' AND measure = 'total' AND (line_key = 'total' OR length(line_key) = 3)
    ORDER BY unit_name, fiscal_year, line_key
""")
if execution.empty:
    print("No unit has both a budget and final accounts loaded for the same year yet.")
execution

# %% [markdown]
# ## Can these numbers be trusted?
#
# Every mart carries `validation_status` ('passed', 'failed', 'not validated') and `validation_passed`
# from `document_validation`: a document passes when no check of severity `error` failed in its latest
# validation run. The coverage matrix shows, per unit and year, which disclosures we hold, which are
# missing, and which failed.

# %%
sql("""
    SELECT validation_status, count(*) AS documents, sum(errors_failed) AS errors, sum(warnings_failed) AS warnings
    FROM document_validation
    WHERE status = 'loaded'
    GROUP BY ALL
    ORDER BY validation_status
""")

# %%
coverage = sql("SELECT unit_name, report_kind, fiscal_year, state FROM mart_coverage")
coverage.pivot_table(
    index=["unit_name", "report_kind"], columns="fiscal_year", values="state", aggfunc="first"
).fillna("")

# %% [markdown]
# The checks that failed, with the tables, lines and amounts they compare:

# %%
sql("""
    SELECT d.unit_name, d.fiscal_year, c.severity, c.check_name, c.table_code, c.line_key, c.message
    FROM check_results c
    JOIN document_validation d USING (document_id)
    WHERE c.status = 'fail'
      AND c.checked_at IS NOT DISTINCT FROM d.checked_at  -- the latest run of each document
    ORDER BY d.unit_name, d.fiscal_year, c.severity, c.check_name
""")

# %% [markdown]
# Subject codes that documents print with different names (a renamed subject, or a misprint), which the
# subject dictionary reports instead of merging:

# %%
sql("""
    SELECT kind, code, name, is_dictionary_name, fiscal_years, unit_names
    FROM subject_conflicts
    ORDER BY kind, code, name
""")

# %%
con.close()
