from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.crawl.sources import SourcesError, load_sources, source_from_url

REPO = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_sources_file_is_valid_and_marks_untested_portals() -> None:
    sources = load_sources(REPO / "sources.yaml")
    assert {s.name for s in sources} >= {"wuhan-huangpi-czyjs", "shanghai-putuo-yjsgk"}
    assert all(not s.verified for s in sources)  # none was crawled from here
    assert all(s.politeness.delay_seconds >= 1 and s.politeness.respect_crawl_delay for s in sources)


def test_defaults_apply_and_a_source_overrides_them_key_by_key(tmp_path: Path) -> None:
    [a, b] = load_sources(
        write(
            tmp_path,
            """
defaults:
  politeness: {delay_seconds: 5, retries: 1}
sources:
  - name: a
    start_urls: [https://www.example.gov.cn/bmjs/index.html]
  - name: b
    start_urls: https://Www.Example.gov.cn/yjs/
    politeness: {delay_seconds: 1}
    disclosures: {kinds: [budget], min_fiscal_year: 2021}
""",
        )
    )
    assert (a.politeness.delay_seconds, a.politeness.retries) == (5.0, 1)
    assert (b.politeness.delay_seconds, b.politeness.retries) == (1.0, 1)
    assert b.start_urls == ("https://Www.Example.gov.cn/yjs/",)
    assert b.allowed_hosts == ("www.example.gov.cn",)  # from the start URL, lower-cased
    assert (b.disclosures.kinds, b.disclosures.min_fiscal_year) == (("budget",), 2021)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("start_urls: [http://a.gov.cn/]\n    max_page: 3", "unknown key(s) max_page"),
        ("start_urls: [http://a.gov.cn/]\n    pagination: {max_pages: many}", "pagination.max_pages: expected int"),
        ("start_urls: []", "start_urls is empty"),
        ("start_urls: [ftp://a.gov.cn/]", "is not an http(s) URL"),
        ("start_urls: [http://a.gov.cn/]\n    allowed_hosts: [b.gov.cn]", "outside allowed_hosts"),
        ("start_urls: [http://a.gov.cn/]\n    disclosures: {kinds: [annual]}", "unknown kind(s) ['annual']"),
        ("start_urls: [http://a.gov.cn/]\n    disclosures: {title_include: ['决算(']}", "bad regex"),
        ("start_urls: [http://a.gov.cn/]\n    pagination: {page_url_template: index.html}", "must contain {n}"),
        ("start_urls: [http://a.gov.cn/]\n    politeness: {user_agent: 爬虫}", "must be ASCII"),
    ],
)
def test_mistakes_are_reported_with_where_they_are(tmp_path: Path, entry: str, message: str) -> None:
    path = write(tmp_path, f"sources:\n  - name: a\n    {entry}\n")
    with pytest.raises(SourcesError, match="sources\\[0\\] \\(a\\)") as error:
        load_sources(path)
    assert message in str(error.value)


def test_duplicate_names_and_missing_names_are_errors(tmp_path: Path) -> None:
    twice = "sources:\n  - {name: a, start_urls: [http://a.gov.cn/]}\n  - {name: a, start_urls: [http://b.gov.cn/]}\n"
    with pytest.raises(SourcesError, match="duplicate source names: a"):
        load_sources(write(tmp_path, twice))
    with pytest.raises(SourcesError, match="missing key\\(s\\) name"):
        load_sources(write(tmp_path, "sources:\n  - {start_urls: [http://a.gov.cn/]}\n"))


def test_a_bare_url_is_a_source_with_defaults() -> None:
    source = source_from_url("http://127.0.0.1:8000/zwgk/czxx/bmjs/index.shtml")
    assert source.allowed_hosts == ("127.0.0.1",)
    assert source.allows_host("http://127.0.0.1:8000/x.pdf") and not source.allows_host("https://example.com/x.pdf")
    assert source.disclosures.kinds == ("final", "budget")
