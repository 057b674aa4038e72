"""OCR'd row labels name the line or class they are a misread of, when only one is that near."""

from __future__ import annotations

import pytest

from pipeline.rowkeys import RowContext, _line_key


@pytest.mark.parametrize(
    ("label", "table_code", "key"),
    [
        ("年初结转和结全", "01", "inc.opening_balance"),  # a character off
        ("九、卫生键康支出", "04", "210"),  # a function class of 01/04, a character off
        ("八、社会保和就业支出", "01", "208"),  # … or a character lost
        ("一一般公共预算财政援款收入", "01", "inc.gpb_appropriation"),  # 、 read as 一, and a character off
        ("十九住房保障支出", "01", "221"),  # numbering whose 、 was lost
        ("卫生键康支出", "02", None),  # tables keyed by codes name no class by its label
        ("公务接待费用", "01", None),  # near nothing of the table
    ],
)
def test_ocr_label_names_its_line(label: str, table_code: str, key: str | None) -> None:
    assert _line_key(label, table_code, RowContext(), "", fuzzy=True) == key


def test_text_layer_labels_are_matched_exactly() -> None:
    assert _line_key("九、卫生键康支出", "04", RowContext(), "", fuzzy=False) is None
