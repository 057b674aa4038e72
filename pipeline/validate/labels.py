"""Words for messages: the printed names of tables, lines and columns, so an analyst can find them."""

from __future__ import annotations

from functools import cache

from pipeline import vocab
from pipeline.validate.snapshot import Document

ECONOMIC_TABLES = ("06",)


@cache
def table_title(table: str) -> str:
    for label, code, kind in vocab.titles():
        if code == table and kind == "final":
            return label
    return ""


@cache
def _line_labels(table: str) -> dict[str, str]:
    labels: dict[str, str] = {}
    for term in vocab.lines(table):
        labels.setdefault(term.key, term.label)
    return labels


@cache
def measure_label(table: str, measure: str) -> str:
    for term in vocab.measures(table):
        if term.key == measure:
            return term.label
    return measure


def subject_kind(table: str) -> str:
    return "economic" if table in ECONOMIC_TABLES else "function"


def line_label(doc: Document, table: str, line: str) -> str:
    """'221 住房保障支出', '本年收入合计', '合计' — the row as the table prints it."""
    if line.isdigit():
        name = doc.subjects.get((subject_kind(table), line)) or vocab_class_name(line)
        return f"{line} {name}".strip()
    if line == "total":
        return _line_labels(table).get("total", "合计")
    return _line_labels(table).get(line, line)


def vocab_class_name(code: str) -> str:
    return vocab.class_names().get(code, "")


def cell(doc: Document, table: str, line: str, measure: str) -> str:
    """'表03 2013750 事业运行 基本支出'."""
    return f"表{table} {line_label(doc, table, line)} {measure_label(table, measure)}"
