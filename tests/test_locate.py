"""A line is a table's title, or a sentence that mentions one."""

from __future__ import annotations

import pytest

from pipeline.locate import match_title


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("长沙市松岭区机关事务服务中心（本级） 2024年度收入支出决算总表", ("01", "final")),
        ("表1 收入支出决算总表", ("01", "final")),
        ("四、财政拨款收入支出决算总表", ("04", "final")),
        ("2024年度部门收支预算总表（表1）", ("01", "budget")),
        # a sentence pointing at a table, its opening bracket and what came before lost to a line break
        ("详见表 1 收入支出决算总表）", None),
        ("（参见附表收入支出决算总表）", None),
        ("收入支出决算总表显示，本年收入合计852.68万元。", None),
    ],
)
def test_title_or_mention(line: str, title: tuple[str, str] | None) -> None:
    assert match_title(line) == title
