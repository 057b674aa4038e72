"""Polite, bounded HTTP: the only place the crawler touches the network.

Every request goes through `Fetcher`, which keeps to the allowed hosts and robots.txt on every redirect
hop, spaces requests to one host, retries timeouts and 5xx with backoff, and caps the bytes and the
time one body may take. Failures come back as `FetchError` carrying the outcome and a reason in plain
words, so the caller records them instead of handling exceptions case by case.
"""

from __future__ import annotations

import email.utils
import hashlib
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

from pipeline.crawl.report import Outcome
from pipeline.crawl.robots import Robots
from pipeline.crawl.sources import Politeness

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
MAX_RETRY_AFTER_SECONDS = 60.0
CHUNK_BYTES = 16 * 1024


class FetchError(Exception):
    """A URL we did not get: skipped (refused before asking), failed, or rejected (what came was refused)."""

    def __init__(self, outcome: Outcome, reason: str, *, status: int | None = None) -> None:
        super().__init__(reason)
        self.outcome = outcome
        self.reason = reason
        self.status = status


@dataclass
class Fetched:
    url: str  # the URL that finally answered, after redirects
    status: int
    headers: Mapping[str, str]
    body: bytes = b""  # pages only; downloads go to a file
    sha256: str = ""
    size: int = 0
    retry_reasons: list[str] = field(default_factory=list)  # what went wrong before the attempt that worked

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class RateLimiter:
    """At most one request per `delay` seconds to each host."""

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}

    def wait(self, host: str, delay: float) -> None:
        now = self._clock()
        ready = self._next.get(host, now)
        if ready > now:
            self._sleep(ready - now)
            now = ready
        self._next[host] = now + delay


class Fetcher:
    def __init__(
        self,
        politeness: Politeness,
        allowed: Callable[[str], bool],
        *,
        limiter: RateLimiter | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.politeness = politeness
        self._allowed = allowed
        self._limiter = limiter or RateLimiter()
        self._session = session or requests.Session()
        self._session.headers["User-Agent"] = politeness.user_agent
        self._robots: dict[str, Robots] = {}

    def close(self) -> None:
        self._session.close()

    def get_page(self, url: str) -> Fetched:
        """An HTML page, whole, within max_page_bytes."""
        fetched, chunks = self._request(url, {}, self.politeness.max_page_bytes)
        fetched.body = b"".join(chunks)
        fetched.size = len(fetched.body)
        return fetched

    def download(self, url: str, dest: Path, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """A file streamed into `dest` and hashed on the way; status 304 (nothing written) if unchanged."""
        conditional = {"If-None-Match": etag, "If-Modified-Since": last_modified}
        fetched, chunks = self._request(
            url, {k: v for k, v in conditional.items() if v}, self.politeness.max_download_bytes
        )
        digest = hashlib.sha256()
        with open(dest, "wb") as out:
            for chunk in chunks:
                digest.update(chunk)
                out.write(chunk)
                fetched.size += len(chunk)
        fetched.sha256 = digest.hexdigest()
        return fetched

    def refusal(self, url: str) -> str | None:
        """Why the crawler will not request `url` (off-site, robots.txt), or None."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return f"not a web link ({parts.scheme or 'no'} scheme); not followed"
        if not self._allowed(url):
            return f"off-site link to {parts.hostname} not followed"
        return self._robots_for(url).refusal(url, self.politeness.user_agent)

    def _robots_for(self, url: str) -> Robots:
        origin = _origin(url)
        if origin not in self._robots:
            self._robots[origin] = self._fetch_robots(f"{origin}/robots.txt")
        return self._robots[origin]

    def _fetch_robots(self, url: str) -> Robots:
        """robots.txt, following redirects within the allowed hosts; one leading elsewhere counts as none."""
        try:
            for _ in range(MAX_REDIRECTS + 1):
                fetched, chunks = self._request_hop(url, {}, self.politeness.max_page_bytes)
                body = b"".join(chunks)
                if fetched.status not in REDIRECT_STATUSES:
                    return Robots.from_response(fetched.status, body.decode("utf-8", "replace"))
                url = urljoin(url, fetched.headers.get("Location", ""))
                if not self._allowed(url):
                    break
            return Robots.from_response(404, "")
        except FetchError as exc:
            if exc.status is not None:
                return Robots.from_response(exc.status, "")
            return Robots.refuse_all(f"robots.txt unavailable: {exc.reason}; nothing fetched from this host")

    def _delay(self, url: str) -> float:
        delay = self.politeness.delay_seconds
        if self.politeness.respect_crawl_delay and (robots := self._robots.get(_origin(url))):
            delay = max(delay, robots.crawl_delay(self.politeness.user_agent) or 0.0)
        return delay

    def _request(self, url: str, headers: dict[str, str], max_bytes: int) -> tuple[Fetched, Iterator[bytes]]:
        """Follow redirects by hand so that every hop is checked against the hosts and robots.txt."""
        for hop in range(MAX_REDIRECTS + 1):
            if reason := self.refusal(url):
                raise FetchError(Outcome.SKIPPED, f"redirected to {url}: {reason}" if hop else reason)
            fetched, chunks = self._request_hop(url, headers, max_bytes)
            if fetched.status not in REDIRECT_STATUSES:
                return fetched, chunks
            location = fetched.headers.get("Location")
            if not location:
                raise FetchError(
                    Outcome.FAILED, f"HTTP {fetched.status} redirect without a Location", status=fetched.status
                )
            url = urljoin(url, location)
        raise FetchError(Outcome.FAILED, f"more than {MAX_REDIRECTS} redirects")

    def _request_hop(self, url: str, headers: dict[str, str], max_bytes: int) -> tuple[Fetched, Iterator[bytes]]:
        """One URL, retried on timeouts, dropped connections, 429 and 5xx; 2xx/3xx/304 come back."""
        p = self.politeness
        problems: list[str] = []
        status = None
        wait = 0.0
        for attempt in range(1, p.retries + 2):
            time.sleep(wait)
            self._limiter.wait(urlsplit(url).netloc, self._delay(url))
            retry_after = None
            try:
                response = self._session.get(
                    url, headers=headers, stream=True, allow_redirects=False, timeout=p.timeout_seconds
                )
            except requests.Timeout:
                problems.append(f"timed out after {p.timeout_seconds:g}s")
            except requests.ConnectionError as exc:
                problems.append(f"connection failed ({type(exc).__name__})")
            else:
                if response.status_code not in RETRY_STATUSES:
                    return self._accept(url, response, max_bytes, problems)
                status = response.status_code
                problems.append(f"HTTP {status}")
                retry_after = _retry_after(response.headers.get("Retry-After"))
                response.close()
            wait = min(retry_after or p.backoff_seconds * 2 ** (attempt - 1), MAX_RETRY_AFTER_SECONDS)
        n = len(problems)
        raise FetchError(
            Outcome.FAILED, f"{problems[-1]} (gave up after {n} attempt{'s' if n > 1 else ''})", status=status
        )

    def _accept(
        self, url: str, response: requests.Response, max_bytes: int, problems: list[str]
    ) -> tuple[Fetched, Iterator[bytes]]:
        status = response.status_code
        if status >= 400:
            response.close()
            raise FetchError(Outcome.FAILED, f"HTTP {status} {response.reason or ''}".strip(), status=status)
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            response.close()
            raise FetchError(Outcome.REJECTED, f"too large: {_size(int(declared))} exceeds the {_size(max_bytes)} cap")
        fetched = Fetched(url, status, response.headers, retry_reasons=problems)
        if status in REDIRECT_STATUSES or status == 304:
            response.close()  # no body worth reading
            return fetched, iter(())
        return fetched, self._body(response, max_bytes)

    def _body(self, response: requests.Response, max_bytes: int) -> Iterator[bytes]:
        """The body in chunks, cut off past max_bytes or max_download_seconds."""
        deadline = time.monotonic() + self.politeness.max_download_seconds
        total = 0
        with response:
            try:
                for chunk in response.iter_content(CHUNK_BYTES):
                    total += len(chunk)
                    if total > max_bytes:
                        raise FetchError(Outcome.REJECTED, f"too large: stopped after {_size(max_bytes)}")
                    if time.monotonic() > deadline:
                        limit = self.politeness.max_download_seconds
                        raise FetchError(Outcome.REJECTED, f"too slow: the download took longer than {limit:g}s")
                    yield chunk
            except requests.RequestException as exc:
                raise FetchError(Outcome.FAILED, f"the transfer stalled or broke off ({type(exc).__name__})") from exc


def content_disposition_filename(headers: Mapping[str, str]) -> str | None:
    """The file name a server proposes, decoded but NOT sanitised (see store.safe_file_name)."""
    value = headers.get("Content-Disposition")
    if not value:
        return None
    message = Message()
    message["Content-Disposition"] = value
    return message.get_filename()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    when = email.utils.parsedate_to_datetime(value) if email.utils.parsedate(value) else None
    return max(0.0, when.timestamp() - time.time()) if when else None


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n / 2**10:.1f} KB" if n >= 2**10 else f"{n} B"
