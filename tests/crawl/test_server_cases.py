"""What the crawler does with hostile or unhealthy servers, one case per test, against a live 127.0.0.1 server."""

from __future__ import annotations

import dataclasses
import itertools
import re
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from pipeline.crawl import Outcome, Politeness, crawl_url
from pipeline.crawl.report import Item, ItemKind

from .conftest import FAST, Route, Server, add_column, crawl_items, html, make_pdf, send

PDF = make_pdf()


def pdf(body: bytes = PDF, **headers: str | None) -> Route:
    return send(body, content_type="application/pdf", headers=headers)


def crawl(tmp_path: Path, url: str, politeness: Politeness = FAST) -> dict[str, Item]:
    report = crawl_url(url, tmp_path / "w.duckdb", tmp_path / "raw", politeness=politeness, ingest=False)
    assert report.ok, report.summary()
    return {i.url: i for i in report.items() if i.kind == ItemKind.ATTACHMENT}


def crawl_one(
    tmp_path: Path, portal: Server, route: Route, politeness: Politeness = FAST, **extra_routes: Route
) -> Item:
    """Crawl a column whose one article links /f/doc.pdf, answered by `route`; that attachment's record."""
    portal.routes.update({f"/{name}": r for name, r in extra_routes.items()})
    return crawl(tmp_path, add_column(portal, {"doc": route}), politeness)[portal.url("/f/doc.pdf")]


def files_under(path: Path) -> list[str]:
    """Every file below `path`, relative: proves nothing was written elsewhere or left half-done."""
    return sorted(str(p.relative_to(path)) for p in path.rglob("*") if p.is_file())


def slowly(seconds: float, then: Route) -> Route:
    def route(h: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        then(h)

    return route


def failing(times: int, then: Route, status: int = 503) -> Route:
    calls = itertools.count()

    def route(h: BaseHTTPRequestHandler) -> None:
        (send(b"busy", status=status) if next(calls) < times else then)(h)

    return route


def trickle(total: int, chunk: int, pause: float) -> Route:
    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/pdf")
        h.send_header("Content-Length", str(total))
        h.end_headers()
        h.wfile.write(PDF[:chunk])
        for _ in range(total // chunk):
            time.sleep(pause)
            h.wfile.write(b"0" * chunk)
            h.wfile.flush()

    return route


def test_a_redirect_within_the_site_is_followed(tmp_path: Path, portal: Server) -> None:
    moved = send(b"", status=302, headers={"Location": "/files/real.pdf"})
    item = crawl_one(tmp_path, portal, moved, **{"files/real.pdf": pdf()})
    assert item.outcome == Outcome.FETCHED
    assert f"redirected to {portal.url('/files/real.pdf')}" in item.reason


def test_a_redirect_to_another_host_is_not_followed(tmp_path: Path, portal: Server) -> None:
    elsewhere = portal.url("/files/real.pdf").replace("127.0.0.1", "localhost")  # same server, other host name
    item = crawl_one(tmp_path, portal, send(b"", status=302, headers={"Location": elsewhere}))
    assert item.outcome == Outcome.SKIPPED
    assert item.reason == f"redirected to {elsewhere}: off-site link to localhost not followed"
    assert "/files/real.pdf" not in portal.paths()


def test_a_redirect_loop_gives_up(tmp_path: Path, portal: Server) -> None:
    item = crawl_one(tmp_path, portal, send(b"", status=301, headers={"Location": "/f/doc.pdf"}))
    assert (item.outcome, item.reason) == (Outcome.FAILED, "more than 5 redirects")


def test_5xx_then_success_is_retried(tmp_path: Path, portal: Server) -> None:
    item = crawl_one(tmp_path, portal, failing(2, pdf()))
    assert item.outcome == Outcome.FETCHED
    assert "succeeded after 2 retries (HTTP 503, HTTP 503)" in item.reason


def test_a_server_that_keeps_failing_is_given_up_on(tmp_path: Path, portal: Server) -> None:
    item = crawl_one(tmp_path, portal, failing(99, pdf(), status=500))
    assert (item.outcome, item.reason, item.http_status) == (
        Outcome.FAILED,
        "HTTP 500 (gave up after 3 attempts)",
        500,
    )
    assert portal.paths().count("/f/doc.pdf") == 3


def test_a_slow_response_times_out(tmp_path: Path, portal: Server) -> None:
    impatient = dataclasses.replace(FAST, timeout_seconds=0.2, retries=1)
    item = crawl_one(tmp_path, portal, slowly(1.0, pdf()), impatient)
    assert (item.outcome, item.reason) == (Outcome.FAILED, "timed out after 0.2s (gave up after 2 attempts)")


def test_a_download_that_trickles_past_the_time_cap_is_abandoned(tmp_path: Path, portal: Server) -> None:
    capped = dataclasses.replace(FAST, max_download_seconds=0.3)
    item = crawl_one(tmp_path, portal, trickle(total=40 * 16384, chunk=16384, pause=0.1), capped)
    assert (item.outcome, item.reason) == (Outcome.REJECTED, "too slow: the download took longer than 0.3s")
    assert files_under(tmp_path / "raw") == []


def test_an_oversized_body_is_refused_from_its_content_length(tmp_path: Path, portal: Server) -> None:
    capped = dataclasses.replace(FAST, max_download_bytes=10_000)
    item = crawl_one(tmp_path, portal, pdf(PDF + b"0" * 50_000), capped)
    assert (item.outcome, item.reason) == (Outcome.REJECTED, "too large: 49.4 KB exceeds the 9.8 KB cap")


def test_an_oversized_body_without_content_length_is_cut_off(tmp_path: Path, portal: Server) -> None:
    capped = dataclasses.replace(FAST, max_download_bytes=10_000)
    item = crawl_one(tmp_path, portal, pdf(PDF + b"0" * 50_000, **{"Content-Length": None}), capped)
    assert (item.outcome, item.reason) == (Outcome.REJECTED, "too large: stopped after 9.8 KB")
    assert files_under(tmp_path / "raw") == []


def test_a_pdf_served_as_html_is_kept_and_the_mislabel_noted(tmp_path: Path, portal: Server) -> None:
    item = crawl_one(tmp_path, portal, send(PDF, content_type="text/html"))
    assert item.outcome == Outcome.FETCHED
    assert "served as text/html although the bytes are a PDF" in item.reason


def test_an_html_page_served_as_pdf_is_rejected(tmp_path: Path, portal: Server) -> None:
    item = crawl_one(tmp_path, portal, pdf(html("404", "页面不存在")))
    assert (item.outcome, item.reason) == (
        Outcome.REJECTED,
        "not a PDF: the file is an HTML page; served as application/pdf",
    )
    assert files_under(tmp_path / "raw") == []


def test_hostile_file_names_in_content_disposition_cannot_place_files(tmp_path: Path, portal: Server) -> None:
    names = {
        "relative": 'attachment; filename="../../../etc/passwd"',
        "absolute": 'attachment; filename="/tmp/evil.pdf"',
        "encoded": "attachment; filename*=UTF-8''..%2F..%2F%E5%86%B3%E7%AE%97.pdf",
        "windows": 'attachment; filename="..\\\\..\\\\boot.ini"',
    }
    files = {
        name: pdf(make_pdf(200 + i, 300), **{"Content-Disposition": v}) for i, (name, v) in enumerate(names.items())
    }
    items = crawl(tmp_path, add_column(portal, files))
    assert {name: items[portal.url(f"/f/{name}.pdf")].file_name for name in names} == {
        "relative": "passwd",
        "absolute": "evil.pdf",
        "encoded": "决算.pdf",
        "windows": "boot.ini",
    }
    assert all(items[portal.url(f"/f/{name}.pdf")].outcome == Outcome.FETCHED for name in names)
    written = files_under(tmp_path)
    assert {f for f in written if not f.startswith("raw/")} == {"w.duckdb", "w.duckdb.lock"}
    assert all(re.fullmatch(r"raw/[0-9a-f]{64}\.(pdf|json)", f) for f in written if f.startswith("raw/"))


def test_robots_txt_disallow_is_obeyed_for_articles_and_attachments(tmp_path: Path, portal: Server) -> None:
    url = add_column(portal, {"doc": pdf()})
    portal.routes["/list.html"] = send(
        html("部门决算", '<li><a href="/secret/a.html">区财政局2023年度部门决算公开</a><span>2024-05-01</span></li>')
    )
    report = crawl_url(url, tmp_path / "w.duckdb", tmp_path / "raw", politeness=FAST, ingest=False)
    [article] = [i for i in report.items() if i.kind == ItemKind.ARTICLE]
    assert (article.outcome, article.reason) == (Outcome.SKIPPED, "disallowed by robots.txt")
    assert not [p for p in portal.paths() if p.startswith("/secret/")]


def test_robots_txt_that_cannot_be_read_stops_the_host(tmp_path: Path, portal: Server) -> None:
    url = add_column(portal, {"doc": pdf()})
    portal.routes["/robots.txt"] = send(b"down", status=503)
    report = crawl_url(url, tmp_path / "w.duckdb", tmp_path / "raw", politeness=FAST, ingest=False)
    [page] = report.items()
    assert page.outcome == Outcome.SKIPPED
    assert page.reason.startswith("robots.txt unavailable (HTTP 503)")
    assert portal.paths() == ["/robots.txt"] * 3


def test_an_etag_makes_the_second_crawl_conditional(tmp_path: Path, portal: Server) -> None:
    def tagged(h: BaseHTTPRequestHandler) -> None:
        if h.headers.get("If-None-Match") == '"v1"':
            send(b"", status=304, headers={"ETag": '"v1"'})(h)
        else:
            pdf(ETag='"v1"')(h)

    url = add_column(portal, {"doc": tagged})
    first = crawl(tmp_path, url)[portal.url("/f/doc.pdf")]
    second = crawl(tmp_path, url)[portal.url("/f/doc.pdf")]
    assert first.outcome == Outcome.FETCHED
    assert (second.outcome, second.reason) == (
        Outcome.UNCHANGED,
        "unchanged since the last crawl (HTTP 304): a PDF of 1 page",
    )
    assert second.sha256 == first.sha256
    rows = crawl_items(tmp_path / "w.duckdb", "item_kind = 'attachment'")
    assert [(r["outcome"], r["etag"]) for r in rows] == [("fetched", '"v1"'), ("unchanged", '"v1"')]


def test_without_validators_the_same_bytes_are_recognised_by_hash(tmp_path: Path, portal: Server) -> None:
    url = add_column(portal, {"doc": pdf()})
    crawl(tmp_path, url)
    again = crawl(tmp_path, url)[portal.url("/f/doc.pdf")]
    assert again.outcome == Outcome.DUPLICATE
    assert again.reason == "same bytes as a file already held (in the raw store); not loaded again"


def test_one_file_linked_from_two_urls_is_held_once(tmp_path: Path, portal: Server) -> None:
    items = crawl(tmp_path, add_column(portal, {"one": pdf(), "two": pdf()}))
    assert [i.outcome for i in items.values()] == [Outcome.FETCHED, Outcome.DUPLICATE]
    assert items[portal.url("/f/two.pdf")].reason.startswith(
        f"same bytes as a file already held (fetched from {portal.url('/f/one.pdf')} in this run)"
    )
    assert len(list((tmp_path / "raw").glob("*.pdf"))) == 1
