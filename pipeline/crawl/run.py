"""One crawl: read a source's listing, open its articles, fetch new PDFs, record every decision, ingest.

The network work happens first, with the warehouse closed; then the run's records are written, the new
files ingested, and the records rewritten with what ingestion made of them. Articles are visited oldest
first, so an original disclosure claims its file before a later correction re-links it.
"""

from __future__ import annotations

import logging
import uuid
from collections import deque
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from pipeline.crawl.attachments import DOCUMENT_TYPES, attachment_links, check_pdf, document_type
from pipeline.crawl.classify import Claim, classify_title, disagreements, not_a_disclosure
from pipeline.crawl.http import Fetched, Fetcher, FetchError, RateLimiter, content_disposition_filename
from pipeline.crawl.listing import Entry, list_entries, next_pages, template_page
from pipeline.crawl.records import Known, documents_held, known_downloads, save_run
from pipeline.crawl.report import CrawlReport, Item, ItemKind, Outcome, SourceReport
from pipeline.crawl.sources import Politeness, Source, SourcesError, load_sources, source_from_url
from pipeline.crawl.store import RawStore, Sighting, safe_file_name
from pipeline.crawl.webpage import Link, Page, parse_page
from pipeline.ingest import ingest_paths

log = logging.getLogger(__name__)

DEFAULT_SOURCES = Path("sources.yaml")
DEFAULT_WAREHOUSE = Path("data/warehouse.duckdb")
DEFAULT_RAW_STORE = Path("data/raw")
_PDF_CONTENT_TYPES = frozenset({"application/pdf", "application/x-pdf"})


def crawl_all(
    sources_file: Path, warehouse: Path, raw_store: Path, *, only: str | None = None, ingest: bool = True
) -> CrawlReport:
    """Crawl every enabled source (or just `only`), each isolated: one portal failing stops no other."""
    sources = load_sources(sources_file)
    if only is not None:
        sources = [s for s in sources if s.name == only]
        if not sources:
            raise SourcesError(f"{sources_file}: no source named {only!r}")
    limiter = RateLimiter()  # shared, so two columns of one portal still count as one host
    report = CrawlReport()
    for source in sources:
        if source.enabled or only:
            report.runs.append(crawl_source(source, warehouse, raw_store, ingest=ingest, limiter=limiter))
    return report


def crawl_url(
    url: str, warehouse: Path, raw_store: Path, *, politeness: Politeness | None = None, ingest: bool = True
) -> CrawlReport:
    """Crawl the listing column at `url` with default settings."""
    return CrawlReport([crawl_source(source_from_url(url, politeness), warehouse, raw_store, ingest=ingest)])


def crawl_source(
    source: Source, warehouse: Path, raw_store: Path, *, ingest: bool = True, limiter: RateLimiter | None = None
) -> SourceReport:
    """One run over one source; never raises: a failure ends the run early and is its `error`."""
    report = SourceReport(run_id=new_run_id(), source=source.name, started_at=utc_now())
    store = RawStore(raw_store)
    try:
        fetcher = Fetcher(source.politeness, source.allows_host, limiter=limiter)
        try:
            _Crawl(source, fetcher, store, known_downloads(warehouse), report).run()
        finally:
            fetcher.close()
    except Exception as exc:  # any bug or outage in one source must leave the others running
        log.exception("crawl of %s stopped", source.name)
        report.error = f"{type(exc).__name__}: {exc}"
    report.finished_at = utc_now()
    record_and_ingest(report, warehouse, store, ingest)
    return report


def record_and_ingest(report: SourceReport, warehouse: Path, store: RawStore, ingest: bool) -> None:
    """Write the run's records, ingest what is new, and record what ingestion made of it; never raises."""
    try:
        save_run(warehouse, report)  # first, so a crash while ingesting still leaves what was fetched
        if ingest and ingest_new_files(report, warehouse, store):
            save_run(warehouse, report)
    except Exception as exc:  # as above: recorded, never raised
        log.exception("recording or ingesting %s failed", report.source)
        report.error = report.error or f"{type(exc).__name__}: {exc}"


def ingest_new_files(report: SourceReport, warehouse: Path, store: RawStore) -> int:
    """Ingest the run's files that the warehouse does not hold yet; note each file's resulting status.

    That is what this run fetched, plus anything an earlier run fetched but did not get to ingest.
    """
    held = documents_held(warehouse)
    pending: dict[str, Item] = {}  # sha256 → the run's first item with those bytes
    for item in report.items:
        if item.kind == ItemKind.ATTACHMENT and item.sha256 and item.sha256 not in held and store.has(item.sha256):
            pending.setdefault(item.sha256, item)
    if not pending:
        return 0
    paths = [store.path(sha) for sha in pending]
    summaries = ingest_paths(paths, warehouse, sources={store.path(sha): store.source_info(sha) for sha in pending})
    for summary in summaries:  # a document's id is its sha256
        if item := pending.get(summary.document_id):
            item.document_status = str(summary.status)
    return len(pending)


@dataclass(frozen=True)
class _Article:
    url: str
    title: str
    published: date | None
    claim: Claim
    refusal: str | None  # why it is not a disclosure this source takes


class _Crawl:
    def __init__(
        self, source: Source, fetcher: Fetcher, store: RawStore, known: dict[str, Known], report: SourceReport
    ) -> None:
        self.source = source
        self.fetcher = fetcher
        self.store = store
        self.known = known
        self.report = report
        self.links_seen: dict[str, Item] = {}  # attachment URL → the item that handled it in this run
        self.files_seen: dict[str, Item] = {}  # sha256 → the item that first received those bytes

    def run(self) -> None:
        entries = self._read_listing()
        # Oldest first (undated last), so originals are handled before corrections that re-link them.
        for entry in sorted(entries, key=lambda e: e.published or date.max):
            self._article(entry)

    def _read_listing(self) -> list[Entry]:
        pagination = self.source.pagination
        queue = deque((url, url, 0) for url in self.source.start_urls)  # (page, start URL, template page n)
        visited: set[str] = set()
        entries: dict[str, Entry] = {}
        while queue:
            url, start, n = queue.popleft()
            if url in visited:
                continue
            if len(visited) >= pagination.max_pages:
                reason = f"not read: the source's limit of {pagination.max_pages} listing pages was reached"
                self.report.add(Item(ItemKind.PAGE, url, Outcome.SKIPPED, reason))
                break
            visited.add(url)
            read = self._page(url, end_of_column=n > 0)
            if read is None:
                continue
            item, page = read
            new = 0
            for entry in list_entries(page, self.source):
                if first := entries.get(entry.url):
                    reason = f"listed again (first listed on {first.page_url}); handled once"
                    self.report.add(
                        Item(ItemKind.ARTICLE, entry.url, Outcome.DUPLICATE, reason, entry.url, entry.title)
                    )
                else:
                    entries[entry.url] = entry
                    new += 1
            following = next_pages(page, self.source)
            queue.extend((u, start, n) for u in following)
            if pagination.page_url_template and new:
                queue.append((template_page(start, pagination.page_url_template, n + 1), start, n + 1))
            item.reason = f"listing page: {new} new entries" + (f"; next: {', '.join(following)}" if following else "")
        return list(entries.values())

    def _page(self, url: str, *, end_of_column: bool) -> tuple[Item, Page] | None:
        """A listing page and its record; None (recorded too) when it could not be read."""
        try:
            got = self.fetcher.get_page(url)
        except FetchError as exc:
            if end_of_column and exc.status == 404:
                reason = "end of the column: this page does not exist (HTTP 404)"
                self.report.add(Item(ItemKind.PAGE, url, Outcome.SKIPPED, reason, http_status=404))
            else:
                self.report.add(Item(ItemKind.PAGE, url, exc.outcome, exc.reason, http_status=exc.status))
            return None
        item = self.report.add(Item(ItemKind.PAGE, url, Outcome.OPENED, "listing page", http_status=got.status))
        return item, parse_page(got.url, got.body, got.headers.get("Content-Type"))

    def _article(self, entry: Entry) -> None:
        if document_type(entry.url, entry.title):  # the list links the file itself, no article page
            claim = classify_title(entry.title, entry.published)
            refusal = not_a_disclosure(entry.title, claim, self.source.disclosures)
            article = _Article(entry.page_url, entry.title, entry.published, claim, refusal)
            self._attachment(Link(entry.url, entry.title), article)
            return
        item = self.report.add(
            Item(ItemKind.ARTICLE, entry.url, Outcome.OPENED, "", entry.url, entry.title, entry.published)
        )
        try:
            got = self.fetcher.get_page(entry.url)
        except FetchError as exc:
            item.outcome, item.reason, item.http_status = exc.outcome, exc.reason, exc.status
            return
        page = parse_page(got.url, got.body, got.headers.get("Content-Type"))
        title = _best_title(entry.title, page)
        published = page.published() or entry.published
        claim = classify_title(title, published)
        refusal = not_a_disclosure(title, claim, self.source.disclosures)
        links = attachment_links(page)
        item.article_title, item.published_at, item.claim, item.http_status = title, published, claim, got.status
        if refusal:
            item.outcome, item.reason = Outcome.SKIPPED, refusal
        else:
            item.reason = f"disclosure: {claim.describe()}" + ("" if links else "; but it links no attachment")
        for link in links:
            self._attachment(link, _Article(entry.url, title, published, claim, refusal))

    def _attachment(self, link: Link, article: _Article) -> None:
        item = self.report.add(
            Item(
                ItemKind.ATTACHMENT,
                link.url,
                Outcome.SKIPPED,
                "",
                article.url,
                article.title,
                article.published,
                article.claim,
                file_name=safe_file_name(link.text),
            )
        )
        kind = document_type(link.url, link.text) or ""
        earlier = self.links_seen.setdefault(link.url, item)
        if refusal := self.fetcher.refusal(link.url):
            item.reason = refusal
        elif article.refusal:
            item.reason = "not fetched: the article is not a disclosure"
        elif kind != "pdf":
            item.reason = (
                f"not a PDF: a {DOCUMENT_TYPES.get(kind, 'file')} (.{kind}) attachment; only PDFs are ingested"
            )
        elif earlier is not item:
            item.outcome, item.sha256 = Outcome.DUPLICATE, earlier.sha256
            item.reason = f"same link as on {earlier.article_title!r}, handled earlier in this run" + (
                "; this correction re-links that earlier file, so there is nothing new to load"
                if article.claim.is_correction
                else ""
            )
        else:
            self._download(item, article)

    def _download(self, item: Item, article: _Article) -> None:
        """Ask for the file, conditionally when we have seen it before; judge and keep what arrives."""
        known = self.known.get(item.url)
        with self.store.partial() as scratch:
            try:
                got = self.fetcher.download(
                    item.url,
                    scratch,
                    etag=known.etag if known else None,
                    last_modified=known.last_modified if known else None,
                )
            except FetchError as exc:
                item.outcome, item.reason, item.http_status = exc.outcome, exc.reason, exc.status
                return
            item.http_status = got.status
            if got.not_modified and known:
                item.etag = got.headers.get("ETag") or known.etag
                item.last_modified = got.headers.get("Last-Modified") or known.last_modified
                item.outcome, item.sha256, item.verdict = Outcome.UNCHANGED, known.sha256, known.verdict
                item.reason = f"unchanged since the last crawl (HTTP 304): {known.verdict}"
                return
            item.etag, item.last_modified = got.headers.get("ETag"), got.headers.get("Last-Modified")
            item.sha256, item.size = got.sha256, got.size
            item.file_name = safe_file_name(content_disposition_filename(got.headers)) or item.file_name
            self._judge(item, article, got, scratch)

    def _judge(self, item: Item, article: _Article, got: Fetched, scratch: Path) -> None:
        """Reject what is not a readable PDF, recognise bytes already held, store the rest."""
        check = check_pdf(scratch)
        item.verdict = check.verdict
        notes = _notes(item.url, got, check.pdf_signature, article.claim, check.cover)
        if check.rejection:
            item.outcome, item.reason = Outcome.REJECTED, "; ".join([check.rejection, *notes])
            return
        sighting = Sighting(
            source_uri=item.url,
            article_url=article.url,
            title=article.title,
            published_at=article.published.isoformat() if article.published else None,
            file_name=item.file_name,
            found_by=self.source.name,
            seen_at=utc_now().isoformat(),
        )
        if got.sha256 in self.files_seen or self.store.has(got.sha256):
            first = self.files_seen.get(got.sha256)
            where = f"fetched from {first.url} in this run" if first else "in the raw store"
            item.outcome = Outcome.DUPLICATE
            item.reason = "; ".join([f"same bytes as a file already held ({where}); not loaded again", *notes])
            self.store.add_sighting(got.sha256, sighting)
            return
        self.store.keep(scratch, got.sha256, sighting)
        self.files_seen[got.sha256] = item
        item.outcome, item.reason = Outcome.FETCHED, "; ".join([f"new: {check.verdict}", *notes])


def _notes(url: str, got: Fetched, is_pdf: bool, title: Claim, cover: Claim | None) -> list[str]:
    """Remarks worth keeping beside an outcome: retries, redirects, a misleading Content-Type, a title
    that disagrees with the cover."""
    notes = []
    if got.retry_reasons:
        n = len(got.retry_reasons)
        notes.append(f"succeeded after {n} {'retry' if n == 1 else 'retries'} ({', '.join(got.retry_reasons)})")
    if got.url != url:
        notes.append(f"redirected to {got.url}")
    served = got.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if is_pdf and served.startswith("text/"):
        notes.append(f"served as {served} although the bytes are a PDF")
    elif not is_pdf and served in _PDF_CONTENT_TYPES:
        notes.append(f"served as {served}")
    if cover:
        notes.extend(disagreements(title, cover))
    return notes


def _best_title(listed: str, page: Page) -> str:
    """The list's title unless the list truncated it (…); then the article's own heading."""
    stem = listed.rstrip(".…").strip()
    if stem and stem == listed:
        return listed
    full = next((t for t in (page.heading, page.title) if t and t.startswith(stem)), None)
    return full or listed or page.heading or page.title


def new_run_id() -> str:
    """Sortable and readable: 20250627T020000-1a2b3c4d."""
    return f"{utc_now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
