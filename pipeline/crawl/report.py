"""What one crawl run found, fetched, skipped and why: plain data for the warehouse, the CLI and Dagster."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from pipeline.crawl.classify import Claim


class Outcome(StrEnum):
    OPENED = "opened"  # a list or article page read
    FETCHED = "fetched"  # a new PDF downloaded, checked and stored
    UNCHANGED = "unchanged"  # the server says it has not changed since we fetched it (HTTP 304)
    DUPLICATE = "duplicate"  # a file or link we already hold or handled in this run
    SKIPPED = "skipped"  # deliberately not fetched: off-site, robots.txt, not a disclosure, not a PDF link
    REJECTED = "rejected"  # fetched but refused: not a PDF, corrupt, too large, too slow
    FAILED = "failed"  # could not be fetched: HTTP error, timeout


class ItemKind(StrEnum):
    PAGE = "page"  # a page of the listing column
    ARTICLE = "article"  # one entry of the column
    ATTACHMENT = "attachment"  # a file linked from an article (or dropped into the watched folder)


@dataclass
class Item:
    kind: ItemKind
    url: str
    outcome: Outcome
    reason: str
    article_url: str | None = None
    article_title: str | None = None
    published_at: date | None = None
    claim: Claim | None = None
    http_status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None  # of the bytes received, also when they were rejected
    size: int | None = None
    file_name: str | None = None
    verdict: str | None = None  # what the bytes at this URL were judged to be; carried over on a 304
    document_status: str | None = None  # what ingestion made of it, when this run ingested it


@dataclass
class SourceReport:
    run_id: str
    source: str
    started_at: datetime
    finished_at: datetime | None = None
    items: list[Item] = field(default_factory=list)
    error: str | None = None  # the run stopped early: why

    def add(self, item: Item) -> Item:
        self.items.append(item)
        return item

    def counts(self) -> dict[str, int]:
        """Pages and articles read, then attachments per outcome, then ingestion results."""
        attachments = [i for i in self.items if i.kind == ItemKind.ATTACHMENT]
        by_outcome = Counter(i.outcome for i in attachments)
        # One file may be linked from several items (a re-link): count files, not links.
        by_status = Counter({i.sha256: i.document_status for i in attachments if i.document_status}.values())
        return {
            "pages": sum(i.kind == ItemKind.PAGE and i.outcome == Outcome.OPENED for i in self.items),
            "articles": sum(i.kind == ItemKind.ARTICLE for i in self.items),
            "attachments": len(attachments),
            **{str(o): by_outcome[o] for o in Outcome if o != Outcome.OPENED},
            "ingested": sum(by_status.values()),
            "loaded": by_status["loaded"],
        }

    def summary(self) -> str:
        counts = ", ".join(f"{k} {v}" for k, v in self.counts().items())
        return f"{self.source}: {counts}" + (f" — stopped: {self.error}" if self.error else "")


@dataclass
class CrawlReport:
    runs: list[SourceReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Every source ran to the end (items may still have failed, each with its reason)."""
        return not any(r.error for r in self.runs)

    def items(self) -> list[Item]:
        return [i for r in self.runs for i in r.items]

    def totals(self) -> dict[str, int]:
        totals: Counter[str] = Counter()
        for run in self.runs:
            totals.update(run.counts())
        return dict(totals)

    def summary(self) -> str:
        return "\n".join(r.summary() for r in self.runs) or "no sources crawled"
