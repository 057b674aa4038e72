"""The narrative against the tables: what expectations/narrative.yaml finds stated in the page text.

Sentences are found by the patterns of the standard wording, section by section; each stated amount is
compared with the printed cells it describes, each stated percentage recomputed, each direction word
(大于/小于/持平 预算数) and reporting year checked. A claim the text does not make passes as 'not stated'.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

from pipeline import vocab
from pipeline.model import YUAN_PER_UNIT
from pipeline.text import nfkc
from pipeline.validate.identities import EXPECTATIONS_DIR, tolerance_basis
from pipeline.validate.labels import cell, table_title, vocab_class_name
from pipeline.validate.rows import CheckRow, signed
from pipeline.validate.snapshot import MILLI, Amount, Document

NARRATIVE = EXPECTATIONS_DIR / "narrative.yaml"
COLUMNS = [
    "missing",
    "excess",
    "tolerance_milli",
    "unit",
    "tolerance_basis",
    "pct_text",
    "pct_diff",
    "pct_tolerance",
    "stated_direction",
    "computed_direction",
    "stated_year",
    "expected_year",
]

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_PLACEHOLDERS = {
    "@PCT": r"(?P<pct>\d+(?:\.\d+)*)%",
    **{
        f"@{name.upper()}": rf"(?P<{name}>{_NUMBER})(?P<{name}_unit>万元|元)"
        for name in ("amount", "budget", "actual", "change")
    },
}
_SHARE = re.compile(r"^,?占(?:本年(?:收入|支出)(?:合计)?|全部(?:收入|支出))?的?" + _PLACEHOLDERS["@PCT"])
_RATE = re.compile(r"完成(?:年初)?预算(?:数)?的?" + _PLACEHOLDERS["@PCT"])
_DIRECTION = re.compile(
    r"决算数?(?P<word>大于|多于|超过|高于|小于|少于|低于|等于)(?:年初)?预算数?"
    r"|决算数?与(?:年初)?预算数?(?P<same>基本)?(?P<equal>持平|一致|相等)"
)
_DIRECTION_SYMBOL = {
    **dict.fromkeys(("大于", "多于", "超过", "高于"), ">"),
    **dict.fromkeys(("小于", "少于", "低于"), "<"),
    "等于": "=",
}
_DIRECTION_WORD = {">": "大于", "<": "小于", "=": "等于", "≈": "基本持平"}
# Words of a sentence that names the year before for what it was: the year before (上年, 同期), or the source of
# money carried over (支出决算数大于年初预算数的主要原因：2021年度项目资金…). Words of change alone (增加, 减少) do
# not do: '2022年度收入合计173.61万元，与2021年度相比减少…' in a 2023 document names the wrong year.
_COMPARISON = re.compile(r"上年|同期|原因|结转|结余")
_NEXT_ITEM = re.compile(r"\d+[.、](?=[\u4e00-\u9fff])")
_CLEAN = re.compile(r"[\s“”\"'‘’「」『』]")
_FOOTER = re.compile(r"^-?\d+-?$")
_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_HEADING = re.compile(r"^[一二三四五六七八九十]+、.*(?:情况|说明)")
_SUBHEADING = re.compile(r"^\([一二三四五六七八九十]+\)")
_HEADING_MAX = 40
_ROUGHLY_EQUAL = Decimal("0.05")  # (基本)持平: within 5% of the budget; 一致/相等 mean equal


@dataclass(frozen=True)
class Claim:
    id: str
    label: str
    kind: str
    sections: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    compare: dict[str, tuple[str, ...]]  # which stated number → the cells it must equal
    share_of: str | None = None
    report_kinds: tuple[str, ...] = ("final",)

    @property
    def check_name(self) -> str:
        return f"narrative.{self.id}"


@dataclass(frozen=True)
class Spec:
    sections: tuple[tuple[str, tuple[str, ...], bool], ...]  # key, heading words, may be a subsection
    item_tables: dict[str, str]
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    text: str


@dataclass(frozen=True)
class Stated:
    """A number as the text prints it; or, with `words`, a sentence saying there is none (exactly 0)."""

    text: str
    unit: str
    words: str | None = None

    @property
    def value(self) -> Decimal:
        return Decimal(self.text.replace(",", ""))

    @property
    def milli(self) -> int:
        return int(self.value * YUAN_PER_UNIT[self.unit] * MILLI)

    @property
    def shown(self) -> str:
        return f"'{self.words}'" if self.words else f"{self.text} {self.unit}"

    @property
    def printed(self) -> str:
        return self.words or self.text

    @property
    def half_digit_milli(self) -> int:
        """Half a unit of the last digit printed: 17.2 万元 stands for anything from 17.15 to 17.25."""
        decimals = -self.value.as_tuple().exponent
        return int(Decimal(5) / Decimal(10) ** decimals * YUAN_PER_UNIT[self.unit] * 100)

    def tolerance_milli(self, cells: list[Amount]) -> int:
        """How far the printed cells may be from the statement by rounding alone. 'None' allows nothing: a cell
        printing 0.01 was not rounded from 0."""
        if self.words:
            return 0
        return self.half_digit_milli + sum(a.half_step_milli for a in cells)

    def tolerance_basis(self, cells: list[Amount]) -> str:
        if self.words:
            return "the text says there is none, so every printed amount must be 0"
        return f"half a unit of the stated {self.text}" + "".join(
            f" + {basis}" for basis in [tolerance_basis(cells)] if cells
        )


@cache
def load_spec(path: Path = NARRATIVE) -> Spec:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    claims = tuple(_claim({**spec.get("defaults", {}), **entry}) for entry in spec["claims"])
    sections = tuple((s["key"], tuple(s["words"]), bool(s.get("subsection"))) for s in spec["sections"])
    return Spec(sections, dict(spec["item_tables"]), claims)


def _claim(entry: dict) -> Claim:
    compare = entry.get("compare", [])
    return Claim(
        id=entry["id"],
        label=entry["label"],
        kind=entry.get("kind", "amount"),
        sections=frozenset(entry["sections"]),
        patterns=tuple(re.compile(_expand(p)) for p in entry["patterns"]),
        compare={k: tuple(v) for k, v in compare.items()} if isinstance(compare, dict) else {"amount": tuple(compare)},
        share_of=entry.get("share_of"),
        report_kinds=tuple(entry["report_kinds"]),
    )


def _expand(pattern: str) -> str:
    for placeholder, regex in _PLACEHOLDERS.items():
        pattern = pattern.replace(placeholder, regex)
    return pattern


def clean(text: str) -> str:
    """The comparable form of narrative text: NFKC, no whitespace, no quotation marks."""
    return _CLEAN.sub("", nfkc(text))


def read_sections(doc: Document, spec: Spec) -> list[Section]:
    """The narrative pages (not table pages), cut at their headings, each section's lines joined."""
    found: list[tuple[str, str, list[str]]] = []
    current: tuple[str, str, list[str]] | None = None
    for page in sorted(doc.pages):
        if page in doc.table_pages:
            continue
        for line in map(clean, doc.pages[page].splitlines()):
            if not line or _FOOTER.match(line):
                continue
            if _PART.match(line):
                current = None
            elif _HEADING.match(line) and len(line) <= _HEADING_MAX:
                current = (_section_key(spec, line, subsection=False) or "", line, [])
                found.append(current)
            elif (
                current
                and _SUBHEADING.match(line)
                and len(line) <= _HEADING_MAX
                and (key := _section_key(spec, line, subsection=True))
            ):
                current = (key, line, [])
                found.append(current)
            elif current:
                current[2].append(line)
    return [Section(key, heading, "".join(lines)) for key, heading, lines in found]


def _section_key(spec: Spec, heading: str, *, subsection: bool) -> str | None:
    for key, words, may_be_subsection in spec.sections:
        if (may_be_subsection or not subsection) and any(w in heading for w in words):
            return key
    return None


def narrative_rows(documents: list[Document]) -> list[CheckRow]:
    spec = load_spec()
    rows: list[CheckRow] = []
    for doc in documents:
        sections = read_sections(doc, spec)
        for claim in spec.claims:
            if doc.report_kind not in claim.report_kinds:
                kinds = "/".join(claim.report_kinds)
                verdict = f"not applicable to {doc.report_kind} documents: a {kinds} statement"
                rows.append(_unchecked(doc, claim, verdict, not_applicable=True))
                continue
            found = [
                row
                for section in sections
                if section.key in claim.sections
                for match in _matches(claim, section.text)
                for row in _Reading(doc, spec, claim, section, match).rows()
            ]
            rows.extend(found or [_unchecked(doc, claim, "not stated in the text")])
    return rows


def _matches(claim: Claim, text: str) -> Iterator[re.Match[str]]:
    seen: set[int] = set()
    for pattern in claim.patterns:
        for match in pattern.finditer(text):
            if match.start() not in seen:
                seen.add(match.start())
                yield match


def _unchecked(doc: Document, claim: Claim, verdict: str, not_applicable: bool = False) -> CheckRow:
    """The claim's row where the text gives nothing to compare: a warning that passes, saying why."""
    return CheckRow(
        document_id=doc.document_id,
        check_name=claim.check_name,
        subject=claim.label,
        severity="warning",
        not_applicable=not_applicable,
        pass_verdict=verdict,
    )


class _Reading:
    """One match of a claim in one section, turned into the rows that check it."""

    def __init__(self, doc: Document, spec: Spec, claim: Claim, section: Section, match: re.Match[str]) -> None:
        self.doc, self.spec, self.claim, self.section, self.match = doc, spec, claim, section, match

    def rows(self) -> list[CheckRow]:
        return getattr(self, f"_{self.claim.kind}")()

    # kinds

    def _amount(self) -> list[CheckRow]:
        stated = self._stated("amount")
        rows = [self._compare(stated, ref, self.claim.label) for ref in self.claim.compare["amount"]]
        return rows + self._share(stated, self.claim.share_of, self.claim.label)

    def _none(self) -> list[CheckRow]:
        stated = Stated("0", "万元", words=self.match.group(0))
        return [self._compare(stated, ref, self.claim.label) for ref in self.claim.compare["amount"]]

    def _execution(self, variables: dict[str, str] | None = None, label: str | None = None) -> list[CheckRow]:
        """年初预算为 B，支出决算为 A (some texts state only the 支出决算): each amount against its cells; with a
        budget, also the completion rate and the direction word after it."""
        label = label or self.claim.label
        numbers = {name: self._stated(name) for name in ("budget", "actual") if self.match.group(name)}
        rows = [
            self._compare(
                number,
                _fill(ref, variables or {}),
                f"{label} {'支出决算' if name == 'actual' else '年初预算'}",
                suffix="" if name == "actual" else f".{name}",
            )
            for name, number in numbers.items()
            for ref in self.claim.compare.get(name, ())
        ]
        budget, actual = numbers.get("budget"), numbers["actual"]
        return rows if budget is None else rows + self._against_budget(budget, actual, label)

    def _against_budget(self, budget: Stated, actual: Stated, label: str) -> list[CheckRow]:
        rows = []
        after = self._after()
        rate = _RATE.search(after)
        if rate and budget.value:
            computed = actual.value / budget.value * 100
            rows.append(self._percentage(rate.group("pct"), computed, ".rate", f"{label} 完成预算"))
        direction = _DIRECTION.search(after)
        if direction:
            rows.append(self._direction(direction, budget, actual, label))
        return rows

    def _class(self) -> list[CheckRow]:
        code = self._class_code(self.match.group("name"))
        if code is None:
            return []
        stated = self._stated("amount")
        label = f"{self.match.group('name')}(类)"
        rows = [self._compare(stated, _fill(ref, {"code": code}), label) for ref in self.claim.compare["amount"]]
        return rows + self._share(stated, self.claim.share_of, label)

    def _item(self) -> list[CheckRow]:
        table = self.spec.item_tables[self.section.key]
        names = self.match.group("lei", "kuan", "xiang")
        code = self._item_code(*names)
        label = "{}(类){}(款){}(项)".format(*names)
        return [] if code is None else self._execution({"code": code, "table": table}, label)

    def _change(self) -> list[CheckRow]:
        current, change = self._stated("amount"), self._stated("change")
        up = self.match.group("direction") in ("增加", "增长")
        prior = current.value - change.value if up else current.value + change.value
        if prior <= 0:
            return []
        what = f"{self.match.group('direction')} {change.text} {change.unit}, {self.match.group('rate_word')}"
        return [self._percentage(self.match.group("pct"), change.value / prior * 100, "", what)]

    def _year(self) -> list[CheckRow]:
        stated = int(self.match.group("year"))
        if self.doc.fiscal_year is not None and stated == self.doc.fiscal_year - 1 and self._compares_years():
            return []  # the year before, named in a sentence comparing it with the year reported
        return [
            self._row(
                observed=str(stated),
                expected=str(self.doc.fiscal_year),
                subject=f"the text names {stated} as the year reported ('{self._excerpt()}')",
                pass_verdict="agrees",
                judged={"stated_year": float(stated), "expected_year": _float_or_none(self.doc.fiscal_year)},
            )
        ]

    # checks

    def _compare(self, stated: Stated, ref: str, label: str, *, suffix: str = "") -> CheckRow:
        terms = [term.split() for term in ref.split("+")]
        table, line, measure = terms[0]
        cells = " + ".join(cell(self.doc, *term) for term in terms)
        missing = [t for t, _, _ in terms if t not in self.doc.tables]
        base = {"suffix": suffix, "table_code": table, "line_key": line, "measure": measure, "observed": stated.printed}
        said = f"the text states {label} {stated.shown}"
        if missing:
            return self._missing(missing[0], subject=f"{said}; {cells}", **base)
        amounts = [a for term in terms if (a := self.doc.amount(*term))]
        printed = sum(a.milli for a in amounts)
        difference = stated.milli - printed
        tolerance = stated.tolerance_milli(amounts)
        unit = stated.unit
        expected = _shown(printed, unit)
        return self._row(
            **base,
            expected=expected,
            difference=signed(Decimal(difference) / MILLI / YUAN_PER_UNIT[unit]),
            tolerance=_shown(tolerance, unit),
            subject=f"{said}; {cells} prints {expected} {unit}",
            pass_verdict="agrees",
            judged={
                "excess": float(abs(difference)),
                "tolerance_milli": float(tolerance),
                "unit": unit,
                "tolerance_basis": stated.tolerance_basis(amounts),
            },
        )

    def _share(self, stated: Stated, share_of: str | None, label: str) -> list[CheckRow]:
        share = _SHARE.match(self.section.text[self.match.end() :])
        if not (share and share_of):
            return []
        table = share_of.split()[0]
        what = f"{label} 占 {cell(self.doc, *share_of.split())}"
        if table not in self.doc.tables:
            said = f"the text states {what} {share.group('pct')}%"
            return [self._missing(table, subject=said, suffix=".share", observed=f"{share.group('pct')}%")]
        whole = self.doc.amount(*share_of.split())
        if whole is None or whole.milli == 0:
            return []
        computed = Decimal(stated.milli) / Decimal(whole.milli) * 100
        return [self._percentage(share.group("pct"), computed, ".share", what)]

    def _percentage(self, printed: str, computed: Decimal, suffix: str, phrase: str) -> CheckRow:
        well_formed = printed.count(".") <= 1
        unit = Decimal(1).scaleb(-len(printed.partition(".")[2])) if well_formed else None
        difference = Decimal(printed) - computed if well_formed else None
        return self._row(
            suffix=suffix,
            observed=f"{printed}%",
            expected=f"{computed:.2f}%",
            difference=None if difference is None else f"{difference:+.2f}",
            tolerance=None if unit is None else f"{unit:f}",
            subject=f"the text states {phrase} {printed}%, recomputed {computed:.2f}% ('{self._excerpt()}')",
            pass_verdict="agrees",
            judged={
                "pct_text": f"{printed}%",
                "pct_diff": None if difference is None else round(float(abs(difference)), 6),
                "pct_tolerance": None if unit is None else float(unit),
            },
        )

    def _direction(self, found: re.Match[str], budget: Stated, actual: Stated, label: str) -> CheckRow:
        if found.group("equal"):
            stated = "≈" if found.group("same") or found.group("equal") == "持平" else "="
        else:
            stated = _DIRECTION_SYMBOL[found.group("word")]
        computed = _direction(budget.milli, actual.milli, roughly=stated == "≈")
        return self._row(
            suffix=".direction",
            observed=found.group(0),
            expected=f"决算数{_DIRECTION_WORD[computed]}预算数",
            subject=f"the text says '{found.group(0)}' for {label}: "
            f"年初预算 {budget.text} {budget.unit}, 决算 {actual.text} {actual.unit}",
            pass_verdict="agrees",
            judged={"stated_direction": stated, "computed_direction": computed},
        )

    # helpers

    def _row(self, *, subject: str, suffix: str = "", judged: dict, **fields) -> CheckRow:
        return CheckRow(
            document_id=self.doc.document_id,
            check_name=self.claim.check_name + suffix,
            subject=f"in '{self.section.heading}', {subject}",
            judged=judged,
            **fields,
        )

    def _missing(self, table: str, *, subject: str, **fields) -> CheckRow:
        """A check that needs a table the document lacks: it fails, saying which."""
        return self._row(
            **fields, subject=subject, judged={"missing": f"表{table} {table_title(table)} is not in this document"}
        )

    def _stated(self, name: str) -> Stated:
        return Stated(self.match.group(name), self.match.group(f"{name}_unit"))

    def _compares_years(self) -> bool:
        text = self.section.text
        start = text.rfind("。", 0, self.match.start()) + 1
        end = text.find("。", self.match.end())
        sentence = text[start : end if end >= 0 else len(text)]
        others = sentence.replace(self.match.group(0), "")
        return bool(_COMPARISON.search(sentence)) or str(self.doc.fiscal_year) in others

    def _after(self) -> str:
        """The text after the match, up to the next numbered item."""
        rest = self.section.text[self.match.end() : self.match.end() + 200]
        following = _NEXT_ITEM.search(rest)
        return rest[: following.start()] if following else rest

    def _excerpt(self) -> str:
        return self.section.text[max(self.match.start() - 10, 0) : self.match.end() + 10]

    def _class_code(self, name: str) -> str | None:
        printed = {code: clean(n) for (kind, code), n in self.doc.subjects.items() if kind == "function"}
        classes = {**vocab.class_names(), **{code: n for code, n in printed.items() if len(code) == 3}}
        matches = [code for code, n in classes.items() if _same_class(name, n)]
        return max(matches, key=lambda code: len(classes[code])) if matches else None

    def _item_code(self, lei: str, kuan: str, xiang: str) -> str | None:
        names = {code: clean(n) for (kind, code), n in self.doc.subjects.items() if kind == "function"}
        matches = [
            code
            for code, name in names.items()
            if len(code) == 7
            and name == xiang
            and names.get(code[:5], kuan) == kuan
            and _same_class(lei, names.get(code[:3]) or vocab_class_name(code[:3]))
        ]
        return matches[0] if len(matches) == 1 else None


def _same_class(stated: str, printed: str) -> bool:
    """'一般公共服务' (as in 一般公共服务(类)支出) names the class printed 一般公共服务支出."""
    base = printed.removesuffix("支出")
    return bool(base) and stated.removesuffix("支出").endswith(base)


def _direction(budget: int, actual: int, *, roughly: bool) -> str:
    if roughly and abs(actual - budget) <= _ROUGHLY_EQUAL * budget:
        return "≈"
    return ">" if actual > budget else "<" if actual < budget else "="


def _fill(ref: str, variables: dict[str, str]) -> str:
    for name, value in variables.items():
        ref = ref.replace(f"{{{name}}}", value)
    return ref


def _shown(milli: int, unit: str) -> str:
    return f"{(Decimal(milli) / MILLI / YUAN_PER_UNIT[unit]).normalize():f}"


def _float_or_none(value: int | None) -> float | None:
    return None if value is None else float(value)
