"""Real HTTP servers on 127.0.0.1 (ephemeral ports) for the crawler tests, and helpers to read its records."""

from __future__ import annotations

import contextlib
import io
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pypdfium2 as pdfium
import pytest

from pipeline.crawl.sources import Politeness
from pipeline.warehouse import connect_read_only
from tests.conftest import SHARED

SITE = SHARED / "site"
# No waiting between requests and quick give-ups: the suite must stay fast.
FAST = Politeness(delay_seconds=0, respect_crawl_delay=False, timeout_seconds=2, retries=2, backoff_seconds=0.01)


Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Server:
    base: str
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)  # (method, path, headers)
    routes: dict[str, Route] = field(default_factory=dict)  # path → response, for the `portal` server

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        return [path for _, path, _ in self.requests]


def _serve(handler: Callable[..., BaseHTTPRequestHandler], server: Server) -> Iterator[Server]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    httpd.record = server  # handlers log their requests here
    server.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()


class RecordingMixin:
    """Logs each request on the server's record instead of printing it."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def parse_request(self) -> bool:
        ok = super().parse_request()
        if ok:
            self.server.record.requests.append((self.command, self.path, dict(self.headers)))
        return ok


class SiteHandler(RecordingMixin, SimpleHTTPRequestHandler):
    pass


@pytest.fixture
def site() -> Iterator[Server]:
    """The static portal copy in ../shared/site, served as is."""
    assert SITE.is_dir(), f"fixture site not found at {SITE}"  # a missing site fails, never skips
    yield from _serve(partial(SiteHandler, directory=str(SITE)), Server(""))


class PortalHandler(RecordingMixin, BaseHTTPRequestHandler):
    """Answers each path with the test's route for it; 404 for the rest."""

    def do_GET(self) -> None:
        route = self.server.record.routes.get(urlsplit(self.path).path)
        if route is None:
            self.send_error(404)
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the crawler hung up on purpose
            route(self)


@pytest.fixture
def portal() -> Iterator[Server]:
    """A scriptable portal: set `routes`, or call `add_column` for a list page with one article per file."""
    yield from _serve(PortalHandler, Server(""))


def send(
    body: bytes, *, status: int = 200, content_type: str = "text/html; charset=utf-8", headers: dict | None = None
) -> Route:
    """A response; headers=None adds Content-Length, {"Content-Length": None} leaves it out."""

    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        extra = {"Content-Length": str(len(body)), **(headers or {})}
        for name, value in extra.items():
            if value is not None:
                h.send_header(name, value)
        h.end_headers()
        h.wfile.write(body)

    return route


def html(title: str, body: str, charset: str = "utf-8") -> bytes:
    page = f'<html><head><meta charset="{charset}"><title>{title}</title></head><body>{body}</body></html>'
    return page.encode(charset)


def add_column(server: Server, files: dict[str, Route], *, robots: str = "User-agent: *\nDisallow: /secret/\n") -> str:
    """/list.html listing one article per file (/a/<name>.html linking /f/<name>.pdf); returns the list URL."""
    entries = "".join(
        f'<li><a href="/a/{name}.html">区财政局2023年度部门决算公开（{name}）</a><span>2024-05-{i + 1:02d}</span></li>'
        for i, name in enumerate(files)
    )
    server.routes["/robots.txt"] = send(robots.encode(), content_type="text/plain")
    server.routes["/list.html"] = send(html("部门决算", f"<ul>{entries}</ul>"))
    for name, route in files.items():
        article = f'<h1>区财政局2023年度部门决算公开（{name}）</h1><a href="../f/{name}.pdf">附件.pdf</a>'
        server.routes[f"/a/{name}.html"] = send(html(name, article))
        server.routes[f"/f/{name}.pdf"] = route
    return server.url("/list.html")


def make_pdf(width: float = 200, height: float = 300) -> bytes:
    """A small valid PDF; different sizes give different bytes."""
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(width, height)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def crawl_items(warehouse: Path, where: str = "TRUE") -> list[dict]:
    con = connect_read_only(warehouse)
    try:
        cursor = con.execute(
            f"SELECT i.* FROM crawl_items i JOIN crawl_runs r USING (run_id) WHERE {where} ORDER BY r.started_at, i.seq"
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()


def by_url(items: list[dict], kind: str = "attachment") -> dict[str, dict]:
    return {i["url"]: i for i in items if i["item_kind"] == kind}
