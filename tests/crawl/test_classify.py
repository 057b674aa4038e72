from __future__ import annotations

from datetime import date

import pytest

from pipeline.crawl.classify import Claim, classify_text, classify_title, disagreements, not_a_disclosure
from pipeline.crawl.sources import Disclosures


@pytest.mark.parametrize(
    ("title", "published", "claim"),
    [
        (
            "武汉市黄陂区大数据中心（本级）2022年度部门决算公开",
            date(2023, 10, 25),
            Claim("final", 2022, "武汉市黄陂区大数据中心（本级）"),
        ),
        (
            "武汉市黄陂区大数据中心（本级）2023年度部门决算公开（更正）",
            date(2024, 10, 12),
            Claim("final", 2023, "武汉市黄陂区大数据中心（本级）", is_correction=True),
        ),
        ("上海市普陀区财政局2024年度部门决算", None, Claim("final", 2024, "上海市普陀区财政局")),
        ("2025年度上海市普陀区财政局部门预算", None, Claim("budget", 2025, "上海市普陀区财政局")),
        ("２０２３年度区财政局单位预算公开", None, Claim("budget", 2023, "区财政局")),
        ("关于区财政局2022年决算的更正说明", None, Claim("final", 2022, "区财政局", is_correction=True)),
        # No year in the title: a final reports the year before publication, a budget its own year.
        ("区财政局部门决算公开", date(2024, 6, 30), Claim("final", 2023, "区财政局")),
        ("区财政局部门预算公开", date(2024, 2, 1), Claim("budget", 2024, "区财政局")),
        ("普陀区2022年决算和2024年预算", None, Claim("final", 2022, "普陀区")),
        ("2024年预决算公开目录", None, Claim(None, 2024, None)),
        ("区大数据中心开展网络安全宣传周活动", date(2023, 11, 2), Claim(None, None, None)),
    ],
)
def test_classify_title(title: str, published: date | None, claim: Claim) -> None:
    assert classify_title(title, published) == claim


def test_classify_text_reads_a_cover_without_taking_its_date_for_the_year() -> None:
    cover = "2022 年度武汉市黄陂区大数据中心（本级）\n部门决算公开\n2023 年 10 月 25 日"
    assert classify_text(cover) == Claim("final", 2022, "武汉市黄陂区大数据中心（本级）")


def test_disagreements_between_title_and_cover() -> None:
    title = classify_title("区财政局2023年度部门决算公开（更正）")
    assert disagreements(title, Claim("final", 2022, "区财政局")) == [
        "the title says fiscal 2023 but the cover says 2022"
    ]
    assert disagreements(title, Claim("budget", 2023, None)) == [
        "the title says final accounts (决算) but the cover says budget (预算)"
    ]
    assert disagreements(title, Claim(None, None, None)) == []


@pytest.mark.parametrize(
    ("rules", "title", "reason"),
    [
        (Disclosures(), "区财政局2023年度部门决算", None),
        (Disclosures(), "区财政局开展宣传活动", "not a disclosure: the title names none of 决算 / 预算"),
        (
            Disclosures(title_exclude=("三公",)),
            "区财政局2023年度三公经费预算",
            "not a disclosure this source takes: the title matches the exclusion '三公'",
        ),
        (
            Disclosures(kinds=("final",)),
            "区财政局2024年度部门预算",
            "a budget (预算) disclosure; this source takes only final",
        ),
        (
            Disclosures(min_fiscal_year=2020),
            "区财政局2018年度部门决算",
            "fiscal 2018 is before 2020, the earliest this source takes",
        ),
        (
            Disclosures(unit_pattern="^武汉市"),
            "区财政局2023年度部门决算",
            "unit 区财政局 does not match '^武汉市'",
        ),
    ],
)
def test_not_a_disclosure(rules: Disclosures, title: str, reason: str | None) -> None:
    assert not_a_disclosure(title, classify_title(title), rules) == reason
