"""Plain data passed between the stages: what a document is, what was found in it, what it says."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

YUAN_PER_UNIT: dict[str, Decimal] = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}
# beyond any budget (a nation's is some 10^13 yuan) and the warehouse's DECIMAL(18, 2): two cells read as one
MAX_YUAN = Decimal(10) ** 16
MONEY_UNITS = "|".join(sorted(YUAN_PER_UNIT, key=len, reverse=True))  # as a pattern: 万元 before its 元


class Status(StrEnum):
    LOADED = "loaded"
    REJECTED = "rejected"  # the file is not a readable disclosure (broken, encrypted, scanned blank, foreign…)
    FAILED = "failed"  # a disclosure we could not extract: a bug or a layout we do not read yet
    SUPERSEDED = "superseded"  # a newer file for the same unit, year and kind replaced this one's facts


@dataclass(frozen=True)
class SourceInfo:
    """Where a file came from, as the crawler (or a user) knows it."""

    source_uri: str
    published_at: date | None = None
    title: str | None = None


@dataclass(frozen=True)
class Fact:
    table_code: str
    line_key: str
    measure: str
    amount: Decimal
    amount_unit: str
    page: int
    row_label: str = ""
    # 'text', 'ocr', 'ocr-corrected: was <read>', 'ocr-placed: row read as <label>' or 'ocr-unverified'
    provenance: str = "text"

    @property
    def amount_yuan(self) -> Decimal:
        return self.amount * YUAN_PER_UNIT[self.amount_unit]


@dataclass(frozen=True)
class Unreadable:
    """An OCR'd amount cell that reads as no amount (82 L 73 for 821.73): the sums may pin it down."""

    fact: Fact  # its key, unit, page and label; its amount 0, as a blank's
    text: str


@dataclass(frozen=True)
class Subject:
    """A subject code with the name a document printed beside it."""

    code: str
    name: str
    kind: str  # 'function' or 'economic'


@dataclass
class TableFound:
    table_code: str
    title: str
    pages: list[int]
    amount_unit: str
    heading_unit_name: str | None = None
    heading_year: int | None = None
    note: str | None = None  # e.g. 本表无数据: printed empty on purpose
    n_facts: int = 0


@dataclass
class PageText:
    page: int  # 1-based
    text: str
    scanned: bool = False


@dataclass
class ExtractedDocument:
    """Everything one PDF yields; the warehouse loader takes exactly this."""

    document_id: str
    sha256: str
    source_uri: str
    file_name: str
    status: Status
    error: str | None = None
    unit_name: str | None = None
    fiscal_year: int | None = None
    report_kind: str | None = None
    n_pages: int = 0
    facts: list[Fact] = field(default_factory=list)
    tables: list[TableFound] = field(default_factory=list)
    subjects: list[Subject] = field(default_factory=list)
    pages: list[PageText] = field(default_factory=list)
    seconds: float = 0.0
    reader: str = ""  # the version of the code that read it (`pipeline.code_version`)

    def fingerprint(self) -> str:
        """What loading this document writes, hashed: equal fingerprints load identically."""
        content = (
            str(self.status),
            self.error,
            self.unit_name,
            self.fiscal_year,
            self.report_kind,
            self.n_pages,
            sorted(map(repr, self.facts)),
            sorted(map(repr, self.tables)),
            sorted(map(repr, self.subjects)),
            [repr(p) for p in self.pages],
        )
        return hashlib.sha256(repr(content).encode()).hexdigest()
