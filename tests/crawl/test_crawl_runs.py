"""Crawl runs over scripted portals: pagination, titles, corrections, per-source isolation, the CLI."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

import pipeline.crawl.run as run_module
from pipeline.cli import main
from pipeline.crawl import Outcome, Source, crawl_all, crawl_source, crawl_url, source_from_url
from pipeline.crawl.report import ItemKind
from pipeline.ingest import DocumentSummary
from pipeline.model import ExtractedDocument, SourceInfo, Status
from pipeline.warehouse import connect_read_only, load_document, writer

from .conftest import FAST, Server, add_column, crawl_items, html, make_pdf, send

PDF = send(make_pdf(), content_type="application/pdf")


def entry(href: str, title: str, day: str) -> str:
    return f'<li><a href="{href}" title="{title}">{title[:12]}...</a><span>{day}</span></li>'


def article(title: str, attachment: str, published: str) -> bytes:
    return html(title, f'<h1>{title}</h1><p>发布日期：{published}</p><a href="{attachment}">附件.pdf</a>')


def paginated(url: str, **pagination: object) -> Source:
    source = source_from_url(url, FAST)
    return dataclasses.replace(source, pagination=dataclasses.replace(source.pagination, **pagination))


def test_javascript_pagination_by_template_until_the_column_ends(tmp_path: Path, portal: Server) -> None:
    url = add_column(portal, {"a": PDF})
    portal.routes["/index_1.html"] = send(html("2", entry("/a/b.html", "区财政局2022年度部门决算公开", "2023-05-01")))
    portal.routes["/a/b.html"] = send(article("区财政局2022年度部门决算公开", "/f/b.pdf", "2023-05-01"))
    portal.routes["/f/b.pdf"] = send(make_pdf(210, 300), content_type="application/pdf")
    source = paginated(url, page_url_template="index_{n}.html")
    report = crawl_source(source, tmp_path / "w.duckdb", tmp_path / "raw", ingest=False)
    pages = [(i.url.removeprefix(portal.base), i.outcome, i.reason) for i in report.items if i.kind == ItemKind.PAGE]
    assert pages == [
        ("/list.html", Outcome.OPENED, "listing page: 1 new entries"),
        ("/index_1.html", Outcome.OPENED, "listing page: 1 new entries"),
        ("/index_2.html", Outcome.SKIPPED, "end of the column: this page does not exist (HTTP 404)"),
    ]
    assert report.counts()["fetched"] == 2


def test_max_pages_stops_pagination_and_says_so(tmp_path: Path, portal: Server) -> None:
    url = add_column(portal, {"a": PDF})
    body = entry("/a/a.html", "区财政局2023年度部门决算公开（a）", "2024-05-01") + '<a href="/list2.html">下一页</a>'
    portal.routes["/list.html"] = send(html("1", body))
    report = crawl_source(paginated(url, max_pages=1), tmp_path / "w.duckdb", tmp_path / "raw", ingest=False)
    last_page = [i for i in report.items if i.kind == ItemKind.PAGE][-1]
    assert (last_page.url, last_page.outcome) == (portal.url("/list2.html"), Outcome.SKIPPED)
    assert last_page.reason == "not read: the source's limit of 1 listing pages was reached"


def test_a_truncated_list_title_is_completed_from_the_article(tmp_path: Path, portal: Server) -> None:
    title = "武汉市黄陂区数据资源服务中心2023年度部门决算公开"
    portal.routes["/robots.txt"] = send(b"", status=404)
    portal.routes["/list.html"] = send(
        html("l", f'<li><a href="/a.html">{title[:14]}…</a><span>2024-10-11</span></li>')
    )
    portal.routes["/a.html"] = send(article(title, "/f.pdf", "2024-10-11"))
    portal.routes["/f.pdf"] = PDF
    report = crawl_url(portal.url("/list.html"), tmp_path / "w.duckdb", tmp_path / "raw", politeness=FAST, ingest=False)
    [art] = [i for i in report.items() if i.kind == ItemKind.ARTICLE]
    assert art.article_title == title
    assert art.reason == "disclosure: final accounts (决算), fiscal 2023, 武汉市黄陂区数据资源服务中心"


def test_a_list_that_links_files_directly(tmp_path: Path, portal: Server) -> None:
    portal.routes["/list.html"] = send(html("l", entry("/f/x.pdf", "区财政局2024年度部门预算.pdf", "2024-02-01")))
    portal.routes["/f/x.pdf"] = PDF
    report = crawl_url(portal.url("/list.html"), tmp_path / "w.duckdb", tmp_path / "raw", politeness=FAST, ingest=False)
    [item] = [i for i in report.items() if i.kind == ItemKind.ATTACHMENT]
    assert (item.outcome, item.claim.kind, item.claim.fiscal_year) == (Outcome.FETCHED, "budget", 2024)


def test_a_correction_supersedes_the_earlier_version(
    tmp_path: Path, portal: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Original and correction of one disclosure (same unit, year, kind; other bytes): the newer one wins,
    because the crawler hands each file to ingestion with its article's publication date."""
    title = "武汉市黄陂区数据资源服务中心2023年度部门决算公开"
    portal.routes["/list.html"] = send(
        html("l", entry("/a/2.html", f"{title}（更正）", "2024-11-20") + entry("/a/1.html", title, "2024-10-11"))
    )
    portal.routes["/a/1.html"] = send(article(title, "/f/1.pdf", "2024-10-11"))
    portal.routes["/a/2.html"] = send(article(f"{title}（更正）", "/f/2.pdf", "2024-11-20"))
    portal.routes["/f/1.pdf"] = PDF
    portal.routes["/f/2.pdf"] = send(make_pdf(201, 300), content_type="application/pdf")
    handed: dict[str, SourceInfo] = {}

    def ingest_paths(paths, warehouse, *, sources):
        """Stands in for extraction (slow, and tested elsewhere); loads what the crawler handed over."""
        summaries = []
        with writer(warehouse) as con:
            for path in paths:
                info = handed[info_key(sources[path])] = sources[path]
                doc = ExtractedDocument(path.stem, path.stem, info.source_uri, path.name, Status.LOADED)
                doc.unit_name, doc.fiscal_year, doc.report_kind = "武汉市黄陂区数据资源服务中心", 2023, "final"
                status = load_document(con, doc, info.published_at)
                summaries.append(
                    DocumentSummary(doc.document_id, path.name, info.source_uri, status, *[None] * 4, 0, 0, 0)
                )
        return summaries

    def info_key(info: SourceInfo) -> str:
        return info.source_uri.removeprefix(portal.base)

    monkeypatch.setattr(run_module, "ingest_paths", ingest_paths)
    warehouse = tmp_path / "w.duckdb"
    crawl_url(portal.url("/list.html"), warehouse, tmp_path / "raw", politeness=FAST)
    assert handed == {
        "/f/1.pdf": SourceInfo(portal.url("/f/1.pdf"), date(2024, 10, 11), title),
        "/f/2.pdf": SourceInfo(portal.url("/f/2.pdf"), date(2024, 11, 20), f"{title}（更正）"),
    }
    con = connect_read_only(warehouse)
    rows = con.execute("SELECT source_uri, status FROM documents ORDER BY published_at").fetchall()
    assert [(uri.removeprefix(portal.base), status) for uri, status in rows] == [
        ("/f/1.pdf", "superseded"),
        ("/f/2.pdf", "loaded"),
    ]
    correction = crawl_items(warehouse, "item_kind = 'attachment' AND url LIKE '%/f/2.pdf'")
    assert [(r["is_correction"], r["document_status"]) for r in correction] == [(True, "loaded")]


def write_sources(tmp_path: Path, *entries: tuple[str, str]) -> Path:
    fast = "{delay_seconds: 0, respect_crawl_delay: false, timeout_seconds: 2, retries: 0}"
    lines = [f"defaults:\n  politeness: {fast}\nsources:"]
    lines += [f"  - {{name: {name}, start_urls: ['{url}']}}" for name, url in entries]
    path = tmp_path / "sources.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_one_source_failing_does_not_stop_the_others(
    tmp_path: Path, portal: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = add_column(portal, {"a": PDF})
    sources = write_sources(tmp_path, ("broken", url + "?broken"), ("down", "http://127.0.0.1:9/"), ("good", url))
    real_list_entries = run_module.list_entries

    def list_entries(page, source):  # a bug that only bites one portal
        if source.name == "broken":
            raise RuntimeError("unexpected markup")
        return real_list_entries(page, source)

    monkeypatch.setattr(run_module, "list_entries", list_entries)
    report = crawl_all(sources, tmp_path / "w.duckdb", tmp_path / "raw", ingest=False)
    assert [(r.source, r.error) for r in report.runs] == [
        ("broken", "RuntimeError: unexpected markup"),
        ("down", None),  # unreachable: recorded as a failed page, the run itself completed
        ("good", None),
    ]
    assert report.runs[1].items[0].reason.startswith("robots.txt unavailable: connection failed")
    assert report.runs[2].counts()["fetched"] == 1
    con = connect_read_only(tmp_path / "w.duckdb")
    assert con.execute("SELECT source, error, fetched FROM crawl_runs ORDER BY started_at").fetchall() == [
        ("broken", "RuntimeError: unexpected markup", 0),
        ("down", None, 0),
        ("good", None, 1),
    ]


def test_cli_crawls_a_source_by_name_and_a_bare_url(
    tmp_path: Path, portal: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    url = add_column(portal, {"a": PDF})
    sources = write_sources(tmp_path, ("mine", url))
    common = ["--warehouse", str(tmp_path / "w.duckdb"), "--raw-store", str(tmp_path / "raw"), "--no-ingest"]
    assert main(["crawl", "--source", "mine", "--sources", str(sources), *common]) == 0
    out = capsys.readouterr().out
    assert f"fetched   attachment {portal.url('/f/a.pdf')}" in out
    assert "mine: pages 1, articles 1, attachments 1, fetched 1" in out

    assert main(["crawl", url, "--delay", "0", *common]) == 0
    assert f"duplicate attachment {portal.url('/f/a.pdf')}" in capsys.readouterr().out  # no validators: by hash

    assert main(["crawl", "--source", "nope", "--sources", str(sources), *common]) == 2
    assert main(["crawl", url, "--source", "mine", *common]) == 2
