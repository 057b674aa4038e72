"""The cover names the unit, the year reported and the kind, however its title wraps."""

from __future__ import annotations

import pytest

from pipeline.cover import Cover, read_cover
from pipeline.locate import LocatedTable
from pipeline.pdf import Page

COVERS = [
    # the corpus's own covers
    (
        "2022 年度武汉市黄陂区大数据中心（本级）\n部门决算公开\n2023 年 10 月 25 日",
        "武汉市黄陂区大数据中心（本级）",
        2022,
        "final",
    ),
    ("上海市普陀区财政局\n2024年度部门决算", "上海市普陀区财政局", 2024, "final"),
    (
        "上海市普陀区2025年区级部门预算\n预算主管部门：上海市普陀区人民政府办公室",
        "上海市普陀区人民政府办公室",
        2025,
        "budget",
    ),
    # a long name wrapped: inside the name, inside its bracket, before the bracket, in the kind words
    (
        "- 1 -\n武汉市松岭区住房保障和房屋管理局2023年度部门\n决算公开\n公开日期：2024年7月26日",
        "武汉市松岭区住房保障和房屋管理局",
        2023,
        "final",
    ),
    (
        "2023年度上海市白沙区住房保障和房屋管理局（本\n级）\n部门决算公开\n2024 年 9 月 15 日",
        "上海市白沙区住房保障和房屋管理局（本级）",
        2023,
        "final",
    ),
    (
        "2022年度成都市鹤鸣区政务服务和大数据管理局（\n本级）\n部门预算公开\n2022 年 2 月 21 日",
        "成都市鹤鸣区政务服务和大数据管理局（本级）",
        2022,
        "budget",
    ),
    (
        "2022年度长沙市东湖新区政务服务和大数据管理局\n（本级）\n部门决算公开\n2023 年 7 月 26 日",
        "长沙市东湖新区政务服务和大数据管理局（本级）",
        2022,
        "final",
    ),
    (
        "- 1 -\n长沙市临江区统计局（本级）2022年度部门决算公\n开\n公开日期：2023年10月2日",
        "长沙市临江区统计局（本级）",
        2022,
        "final",
    ),
    # a labelled field wrapped
    (
        "上海市青禾区2023年区级部门预算\n预算主管部门：上海市青禾区政务服务和大数据管\n理局\n公开日期：2023年1月6日",
        "上海市青禾区政务服务和大数据管理局",
        2023,
        "budget",
    ),
    # a labelled name spaced out, a date after it
    (
        "上海市普陀区2025年区级部门预算\n预算主管部门：上海市普陀区 人民政府办公室  2025年1月6日",
        "上海市普陀区人民政府办公室",
        2025,
        "budget",
    ),
    (
        "上海市普陀区2025年区级部门预算\n编制单位：上海市普陀区 人民政府办公室 公开日期：2025年1月6日",
        "上海市普陀区人民政府办公室",
        2025,
        "budget",
    ),
    # spaced with a no-break space (U+00A0)
    (
        "上海市普陀区2025年区级部门预算\n编制单位：上海市普陀区\xa0人民政府办公室\n公开日期：2025年1月6日",
        "上海市普陀区人民政府办公室",
        2025,
        "budget",
    ),
    # the district's heading above the department's own line
    (
        "长沙市临江区2024年区级部门预算\n长沙市临江区住房保障和房屋管理局\n2024年2月12日",
        "长沙市临江区住房保障和房屋管理局",
        2024,
        "budget",
    ),
]


@pytest.mark.parametrize(("text", "unit", "year", "kind"), COVERS)
def test_cover_fields(text: str, unit: str, year: int, kind: str) -> None:
    page = Page(1, 595, 842, text, scanned=False, has_images=False, handle=None)
    assert read_cover([page], []) == Cover(unit, year, kind)


def _headed(unit: str | None) -> LocatedTable:
    return LocatedTable("01", "final", "收入支出决算总表", heading_unit_name=unit)


@pytest.mark.parametrize(
    ("scanned", "headings", "unit"),
    [
        # several headings read alike outvote the one OCR'd cover line
        (True, ["上海市普陀区财政局", "上海市普陀区财政局", "上海市普陀区财致局"], "上海市普陀区财政局"),
        (True, ["上海市普陀区财政局", None], "上活海市普陀区财政局"),  # one heading is no agreement
        (False, ["上海市普陀区财政局", "上海市普陀区财政局"], "上活海市普陀区财政局"),  # a text cover is as printed
    ],
)
def test_scanned_cover_yields_to_the_headings(scanned: bool, headings: list[str | None], unit: str) -> None:
    page = Page(
        1, 595, 842, "2024年度部门决算\n编制单位：上活海市 普陀区财政局", scanned, has_images=scanned, handle=None
    )
    assert read_cover([page], [_headed(h) for h in headings]).unit_name == unit
