"""End to end over ../shared/site, a static copy of a portal column full of traps (see its README)."""

from __future__ import annotations

from pathlib import Path

from pipeline.crawl import Outcome, crawl_url
from pipeline.crawl.report import CrawlReport
from pipeline.warehouse import connect_read_only

from .conftest import FAST, SITE, Server, crawl_items

COLUMN = "/zwgk/czxx/bmjs/"
CORPUS = SITE.parent / "corpus"
REAL = {  # attachment → the corpus document it is
    "202310/P020231025395832046514.pdf": "huangpi/whhp-dsjzx-2022-final.pdf",
    "202410/P020241011612030589921.pdf": "huangpi/whhp-sjzyfwzx-2023-final.pdf",
    "202506/P020250627331904417236.pdf": "putuo/shpt-czj-2024-final.pdf",
}
# Every trap, with the reason it is recorded under. Keys: (item kind, URL relative to the column).
TRAPS = {
    ("attachment", "202310/P020231026000000000001.pdf"): ("failed", "HTTP 404 File not found"),
    ("attachment", "202310/P020231027118342190077.pdf"): (
        "rejected",
        "broken PDF: the file is corrupt or truncated and cannot be opened",
    ),
    ("attachment", "202310/P020231028552170403311.xls"): (
        "skipped",
        "not a PDF: a spreadsheet (.xls) attachment; only PDFs are ingested",
    ),
    ("attachment", "202310/P020231028552170403312.pdf"): (
        "rejected",
        "not a PDF: the file is an HTML page; served as application/pdf",
    ),
    ("article", "202311/t20231102_2291850.shtml"): ("skipped", "not a disclosure: the title names none of 决算 / 预算"),
    ("attachment", "https://www.example.com/photo.pdf"): ("skipped", "off-site link to www.example.com not followed"),
    ("article", "202506/t20250627_2601177.shtml"): (
        "duplicate",
        "listed again (first listed on {column}index.shtml); handled once",
    ),
    ("attachment", "202310/P020231025395832046514.pdf"): (
        "duplicate",
        "same link as on '武汉市黄陂区大数据中心（本级）2022年度部门决算公开', handled earlier in this run; "
        "this correction re-links that earlier file, so there is nothing new to load",
    ),
}


def crawl(site: Server, tmp_path: Path, *, ingest: bool) -> CrawlReport:
    report = crawl_url(
        site.url(COLUMN + "index.shtml"), tmp_path / "w.duckdb", tmp_path / "raw", politeness=FAST, ingest=ingest
    )
    assert report.ok, report.summary()
    return report


def decisions(report: CrawlReport, column: str) -> dict[tuple[str, str], tuple[str, str]]:
    """(kind, URL relative to the column) → (outcome, reason) for everything not simply opened or fetched.
    A URL handled twice (the re-linked attachment) keeps its later decision."""
    return {
        (str(i.kind), i.url.removeprefix(column)): (str(i.outcome), i.reason)
        for i in report.items()
        if i.outcome not in (Outcome.OPENED, Outcome.FETCHED)
    }


def raw_files(tmp_path: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (tmp_path / "raw").iterdir() if p.is_file()}


def test_first_crawl_fetches_the_real_disclosures_and_records_every_trap(site: Server, tmp_path: Path) -> None:
    report = crawl(site, tmp_path, ingest=False)
    column = site.url(COLUMN)
    traps = {k: (o, r.format(column=column)) for k, (o, r) in TRAPS.items()}
    assert decisions(report, column) == traps

    fetched = {i.url.removeprefix(column): i for i in report.items() if i.outcome == Outcome.FETCHED}
    assert set(fetched) == set(REAL)
    for relative, corpus_file in REAL.items():
        assert (tmp_path / "raw" / f"{fetched[relative].sha256}.pdf").read_bytes() == (
            CORPUS / corpus_file
        ).read_bytes()
    assert sorted(p.suffix for p in (tmp_path / "raw").iterdir() if p.is_file()) == [".json"] * 3 + [".pdf"] * 3

    correction = next(i for i in report.items() if i.url.endswith("t20241012_2450466.shtml"))
    assert correction.claim is not None and correction.claim.is_correction  # the GB2312 page decoded
    assert correction.article_title == "武汉市黄陂区大数据中心（本级）2023年度部门决算公开（更正）"
    assert (correction.claim.fiscal_year, str(correction.published_at)) == (2023, "2024-10-12")

    [run] = connect_read_only(tmp_path / "w.duckdb").execute("SELECT * FROM crawl_runs").fetchall()
    assert run[5:14] == (2, 9, 9, 3, 0, 1, 2, 2, 1)  # pages … failed, as report.counts()


def test_second_crawl_downloads_nothing(site: Server, tmp_path: Path) -> None:
    crawl(site, tmp_path, ingest=False)
    raw_before = raw_files(tmp_path)
    site.requests.clear()
    report = crawl(site, tmp_path, ingest=False)

    assert report.totals()["fetched"] == 0
    pdf_answers = [(path, headers.get("If-Modified-Since")) for _, path, headers in site.requests if ".pdf" in path]
    conditional = [path for path, since in pdf_answers if since]
    # Every PDF seen before is asked for conditionally (304, no body); only the dead link is asked plainly.
    assert sorted(path for path, since in pdf_answers if not since) == [COLUMN + "202310/P020231026000000000001.pdf"]
    assert len(conditional) == 5  # the re-linked file is asked for once
    assert raw_files(tmp_path) == raw_before
    unchanged = [i for i in report.items() if i.outcome == Outcome.UNCHANGED]
    assert len(unchanged) == 5
    assert all(i.reason.startswith("unchanged since the last crawl (HTTP 304): ") for i in unchanged)
    rows = crawl_items(tmp_path / "w.duckdb", "outcome = 'unchanged'")
    assert {r["verdict"] for r in rows} == {
        "a PDF of 34 pages",
        "a PDF of 30 pages",
        "a PDF of 25 pages",
        "broken PDF: the file is corrupt or truncated and cannot be opened",
        "not a PDF: the file is an HTML page",
    }


def test_robots_txt_keeps_the_crawler_out_of_private_pages(site: Server, tmp_path: Path) -> None:
    report = crawl_url(site.url("/private/index.shtml"), tmp_path / "w.duckdb", tmp_path / "raw", politeness=FAST)
    [page] = report.items()
    assert (page.outcome, page.reason) == (Outcome.SKIPPED, "disallowed by robots.txt")
    assert site.paths() == ["/robots.txt"]


def test_crawl_and_ingest_loads_exactly_the_real_disclosures_and_a_recrawl_changes_nothing(
    site: Server, tmp_path: Path
) -> None:
    warehouse = tmp_path / "w.duckdb"
    first = crawl(site, tmp_path, ingest=True)
    assert first.totals()["ingested"] == first.totals()["loaded"] == 3

    def snapshot() -> tuple[list, int]:
        con = connect_read_only(warehouse)
        try:
            documents = con.execute(
                "SELECT document_id, source_uri, unit_name, fiscal_year, report_kind, status, published_at, "
                "updated_at FROM documents ORDER BY document_id"
            ).fetchall()
            return documents, con.execute("SELECT count(*) FROM fact_amount").fetchone()[0]
        finally:
            con.close()

    documents, n_facts = snapshot()
    column = site.url(COLUMN)
    assert [
        (d[1].removeprefix(column), d[2], d[3], d[4], d[5], str(d[6])) for d in sorted(documents, key=str)
    ] == sorted(
        [
            (
                "202310/P020231025395832046514.pdf",
                "武汉市黄陂区大数据中心（本级）",
                2022,
                "final",
                "loaded",
                "2023-10-25",
            ),
            (
                "202410/P020241011612030589921.pdf",
                "武汉市黄陂区数据资源服务中心",
                2023,
                "final",
                "loaded",
                "2024-10-11",
            ),
            ("202506/P020250627331904417236.pdf", "上海市普陀区财政局", 2024, "final", "loaded", "2025-06-27"),
        ],
        key=str,
    )
    assert n_facts > 0
    fetched = crawl_items(warehouse, "outcome = 'fetched'")
    assert {r["document_status"] for r in fetched} == {"loaded"}

    second = crawl(site, tmp_path, ingest=True)
    assert (second.totals()["fetched"], second.totals()["ingested"]) == (0, 0)
    assert snapshot() == (documents, n_facts)
