"""The data-quality dashboard: an overview page over check_results, plus the offline Data Docs.

data/quality/index.html is one self-contained file (inline CSS and SVG, no script, no external URL):
per document the checks passed and failed by severity, per check the documents failing, and the
trend across validation runs. data/quality/gx/ holds the Great Expectations Data Docs of the suites.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import jinja2
import pandas as pd

from pipeline.validate.docs import build_data_docs
from pipeline.validate.run import Judgement, judge
from pipeline.validate.snapshot import read_snapshot
from pipeline.warehouse import connect_read_only, table_names

TEMPLATES = Path(__file__).with_name("templates")
KIND_NAMES = {"final": "决算", "budget": "预算"}
BAR_WIDTH = 160
TREND_SIZE = (640, 180)
TREND_MARGIN = 30
TREND_SERIES = (("failed_errors", "errors", "#c0392b"), ("failed_warnings", "warnings", "#d68a00"))


@dataclass
class Segment:
    x: float
    width: float
    colour: str
    label: str


@dataclass
class DocumentView:
    document_id: str
    name: str
    year: str
    kind: str
    passed: int
    errors: int
    warnings: int
    not_applicable: int
    failures: list[dict] = field(default_factory=list)
    bar: list[Segment] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "errors" if self.errors else "warnings" if self.warnings else "clean"


@dataclass
class CheckView:
    check_name: str
    suite: str
    documents: int
    documents_with_errors: int
    documents_with_warnings: int
    failing_rows: int
    bar: list[Segment] = field(default_factory=list)


@dataclass
class TrendView:
    runs: list[dict]
    lines: list[dict]  # {label, colour, points: "x,y …", dots: [{x, y, title}]}
    maximum: int


def build_dashboard(warehouse: Path, out_dir: Path) -> Path:
    """Judge the warehouse as it is (without recording anything) and publish the dashboard in `out_dir`."""
    return publish(warehouse, out_dir, judge(read_snapshot(warehouse)))


def publish(warehouse: Path, out_dir: Path, judgement: Judgement) -> Path:
    """Data Docs of `judgement` under out_dir/gx, and the overview of the recorded results; returns the page."""
    out_dir.mkdir(parents=True, exist_ok=True)
    build_data_docs(judgement.runner, judgement.runs, out_dir / "gx")
    documents, results, runs = _read(warehouse)
    page = out_dir / "index.html"
    page.write_text(render(documents, results, runs), encoding="utf-8")
    return page


def _read(warehouse: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    con = connect_read_only(warehouse)
    try:
        tables = table_names(con)
        documents = con.execute(
            "SELECT document_id, unit_name, fiscal_year, report_kind FROM documents WHERE status = 'loaded'"
        ).df()
        if not {"check_results", "validation_runs"} <= tables:
            return documents, pd.DataFrame(columns=["document_id", "check_name", "suite"]), pd.DataFrame()
        results = con.execute("SELECT * FROM check_results").df()
        runs = con.execute("SELECT * FROM validation_runs ORDER BY started_at").df()
    finally:
        con.close()
    return documents, results, runs


def render(documents: pd.DataFrame, results: pd.DataFrame, runs: pd.DataFrame) -> str:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )
    views = _documents(documents, results)
    checks = _checks(results)
    return environment.get_template("overview.html.j2").render(
        generated=f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        documents=views,
        failing_checks=[c for c in checks if c.failing_rows],
        passing_checks=[c for c in checks if not c.failing_rows],
        trend=_trend(runs),
        totals={
            "documents": len(views),
            "errors": sum(v.status == "errors" for v in views),
            "warnings": sum(v.status == "warnings" for v in views),
            "clean": sum(v.status == "clean" for v in views),
        },
        last_run=None if runs.empty else runs.iloc[-1].to_dict(),
    )


def _documents(documents: pd.DataFrame, results: pd.DataFrame) -> list[DocumentView]:
    by_document = dict(iter(results.groupby("document_id"))) if not results.empty else {}
    views = []
    for doc in documents.itertuples():
        rows = by_document.get(doc.document_id, results.iloc[0:0])
        failed = rows[rows["status"] == "fail"] if not rows.empty else rows
        view = DocumentView(
            document_id=doc.document_id,
            name=doc.unit_name or doc.document_id,
            year="" if pd.isna(doc.fiscal_year) else str(int(doc.fiscal_year)),
            kind=KIND_NAMES.get(doc.report_kind, doc.report_kind or ""),
            passed=int((rows["status"] == "pass").sum()) if not rows.empty else 0,
            errors=int((failed["severity"] == "error").sum()) if not failed.empty else 0,
            warnings=int((failed["severity"] == "warning").sum()) if not failed.empty else 0,
            not_applicable=int((rows["status"] == "not_applicable").sum()) if not rows.empty else 0,
            failures=_failures(failed),
        )
        view.bar = _bar(
            [
                (view.passed, "#2e8b57", "passed"),
                (view.warnings, "#d68a00", "warnings"),
                (view.errors, "#c0392b", "errors"),
            ]
        )
        views.append(view)
    return sorted(views, key=lambda v: (-v.errors, -v.warnings, v.name, v.year))


def _failures(failed: pd.DataFrame) -> list[dict]:
    if failed.empty:
        return []
    ordered = failed.assign(rank=(failed["severity"] != "error").astype(int)).sort_values(["rank", "check_name"])
    return [{"severity": r.severity, "check_name": r.check_name, "message": r.message} for r in ordered.itertuples()]


def _checks(results: pd.DataFrame) -> list[CheckView]:
    if results.empty:
        return []
    views = []
    for (check_name, suite), rows in results.groupby(["check_name", "suite"]):
        failed = rows[rows["status"] == "fail"]
        erring = set(failed.loc[failed["severity"] == "error", "document_id"])
        warning = set(failed.loc[failed["severity"] == "warning", "document_id"]) - erring
        documents = rows["document_id"].nunique()
        view = CheckView(check_name, suite, documents, len(erring), len(warning), len(failed))
        view.bar = _bar(
            [
                (documents - len(erring) - len(warning), "#2e8b57", "documents passing"),
                (len(warning), "#d68a00", "documents with warnings"),
                (len(erring), "#c0392b", "documents with errors"),
            ]
        )
        views.append(view)
    return sorted(views, key=lambda v: (-v.documents_with_errors, -v.documents_with_warnings, v.check_name))


def _bar(parts: list[tuple[int, str, str]]) -> list[Segment]:
    total = sum(n for n, _, _ in parts) or 1
    segments, x = [], 0.0
    for n, colour, label in parts:
        width = BAR_WIDTH * n / total
        if n:
            segments.append(Segment(round(x, 1), round(width, 1), colour, f"{n} {label}"))
        x += width
    return segments


def _trend(runs: pd.DataFrame) -> TrendView:
    if runs.empty:
        return TrendView([], [], 0)
    width, height = TREND_SIZE
    maximum = int(max(runs["failed_errors"].max(), runs["failed_warnings"].max(), 1))
    step = (width - 2 * TREND_MARGIN) / max(len(runs) - 1, 1)
    records = runs.to_dict("records")
    lines = []
    for column, label, colour in TREND_SERIES:
        dots = [
            {
                "x": round(TREND_MARGIN + i * step, 1),
                "y": round(height - TREND_MARGIN - (height - 2 * TREND_MARGIN) * run[column] / maximum, 1),
                "title": f"{run['started_at']:%Y-%m-%d %H:%M}: {run[column]} {label}",
            }
            for i, run in enumerate(records)
        ]
        lines.append(
            {"label": label, "colour": colour, "dots": dots, "points": " ".join(f"{d['x']},{d['y']}" for d in dots)}
        )
    return TrendView(records, lines, maximum)
