"""What a disclosure claims to be, from its title or its cover: final or budget, fiscal year, unit.

Titles name the fiscal year (武汉市黄陂区大数据中心（本级）2022年度部门决算公开, published in 2023); when
one does not, a final account reports the year before its publication and a budget its own year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pipeline.crawl.sources import Disclosures
from pipeline.text import has_cjk, nfkc

KIND_NAMES = {"final": "final accounts (决算)", "budget": "budget (预算)"}

# 决算 not as part of 预决算 ("budgets and finals", which names no single kind).
_KIND = re.compile(r"(?<!预)(?P<final>决算)|(?P<budget>预算)")
# A year, but not the year of a printed date (2023 年 10 月 25 日).
_YEAR = re.compile(r"(?P<year>(?:19|20|１９|２０)[0-9０-９]{2})年度?(?![0-9０-９]{1,2}月)")
_CORRECTION = re.compile(r"更正|修正|勘误|修订|[(（]\s*更新\s*[)）]|重新公开|重新发布")
_BRACKETED_CORRECTION = re.compile(r"[(（【\[]\s*(?:更正|修正|勘误|修订|更新)[^)）】\]]*[)）】\]]")
_UNIT_PREFIX = re.compile(r"^(?:关于|公开|[:：\s])+")
# Words between the unit and the kind: 部门决算, 单位预算, 整体支出预算…
_UNIT_SUFFIX = re.compile(r"(?:部门|单位|整体)*$")
_UNIT_MAX_CHARS = 60


@dataclass(frozen=True)
class Claim:
    kind: str | None  # 'final' | 'budget' | None when the text names neither (or both, as 预决算)
    fiscal_year: int | None
    unit_name: str | None
    is_correction: bool = False

    def describe(self) -> str:
        parts = [
            KIND_NAMES.get(self.kind or "", "kind unknown"),
            f"fiscal {self.fiscal_year}" if self.fiscal_year else "fiscal year unknown",
            self.unit_name or "unit unknown",
        ]
        return ", ".join(parts) + (", a correction (更正)" if self.is_correction else "")


def classify_title(title: str, published: date | None = None) -> Claim:
    """The claim an article or attachment title makes; `published` fills a year the title leaves out."""
    claim = _classify(title)
    if claim.fiscal_year is None and published and claim.kind:
        year = published.year - 1 if claim.kind == "final" else published.year
        claim = Claim(claim.kind, year, claim.unit_name, claim.is_correction)
    return claim


def classify_text(text: str) -> Claim:
    """The claim a PDF's cover makes (its first page's text); no publication-date guess."""
    return _classify(" ".join(text.split("\n")[:12]))


def disagreements(title: Claim, cover: Claim) -> list[str]:
    """Where the title and the file's cover disagree, in words; the cover is what the warehouse will hold."""
    found = []
    if title.kind and cover.kind and title.kind != cover.kind:
        found.append(f"the title says {KIND_NAMES[title.kind]} but the cover says {KIND_NAMES[cover.kind]}")
    if title.fiscal_year and cover.fiscal_year and title.fiscal_year != cover.fiscal_year:
        found.append(f"the title says fiscal {title.fiscal_year} but the cover says {cover.fiscal_year}")
    return found


def not_a_disclosure(title: str, claim: Claim, rules: Disclosures) -> str | None:
    """Why an article is not one this source takes, or None when it is."""
    if not any(re.search(p, title) for p in rules.title_include):
        return f"not a disclosure: the title names none of {' / '.join(rules.title_include)}"
    if excluded := next((p for p in rules.title_exclude if re.search(p, title)), None):
        return f"not a disclosure this source takes: the title matches the exclusion {excluded!r}"
    if claim.kind and claim.kind not in rules.kinds:
        return f"a {KIND_NAMES[claim.kind]} disclosure; this source takes only {', '.join(rules.kinds)}"
    if rules.min_fiscal_year and claim.fiscal_year and claim.fiscal_year < rules.min_fiscal_year:
        return f"fiscal {claim.fiscal_year} is before {rules.min_fiscal_year}, the earliest this source takes"
    if rules.unit_pattern and not re.search(rules.unit_pattern, claim.unit_name or ""):
        return f"unit {claim.unit_name or '(none named)'} does not match {rules.unit_pattern!r}"
    return None


def _classify(text: str) -> Claim:
    # Only whitespace goes: the unit keeps the characters it was printed with (full-width brackets).
    flat = re.sub(r"\s+", "", text)
    kind = _KIND.search(flat)  # the first kind named wins: 2022年决算和2024年预算 is a final
    year = _pick_year(flat, kind.start() if kind else len(flat))
    return Claim(
        kind=kind.lastgroup if kind else None,
        fiscal_year=int(nfkc(year["year"])) if year else None,
        unit_name=_unit(flat, year, kind) if kind else None,
        is_correction=bool(_CORRECTION.search(flat)),
    )


def _pick_year(text: str, kind_at: int) -> re.Match[str] | None:
    """The year nearest before the kind word (2023年度部门决算), else the first year at all."""
    years = list(_YEAR.finditer(text))
    before = [m for m in years if m.end() <= kind_at]
    if before:
        return before[-1]
    return years[0] if years else None


def _unit(text: str, year: re.Match[str] | None, kind: re.Match[str]) -> str | None:
    """The words before the year, or, for 2023年度XX局部门决算, between the year and the kind."""
    if year and year.end() <= kind.start():
        candidates = [text[: year.start()], text[year.end() : kind.start()]]
    else:
        candidates = [text[: kind.start()]]
    for candidate in candidates:
        unit = _UNIT_SUFFIX.sub("", _UNIT_PREFIX.sub("", _BRACKETED_CORRECTION.sub("", candidate)))
        if 2 <= len(unit) <= _UNIT_MAX_CHARS and has_cjk(unit):
            return unit
    return None
