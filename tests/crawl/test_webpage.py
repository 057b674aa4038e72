from __future__ import annotations

from datetime import date

from pipeline.crawl.attachments import attachment_links, document_type
from pipeline.crawl.listing import list_entries, next_pages
from pipeline.crawl.sources import source_from_url
from pipeline.crawl.webpage import decode, parse_page

BASE = "http://portal.gov.cn/zwgk/bmjs/index.shtml"
TITLE = "武汉市黄陂区大数据中心2023年度部门决算公开"


def test_a_gb2312_page_is_decoded_from_its_meta_even_when_the_header_says_otherwise() -> None:
    body = f'<html><head><meta charset="gb2312"><title>{TITLE}</title></head></html>'.encode("gb18030")
    assert TITLE in decode(body, "text/html; charset=utf-8")
    assert TITLE in decode(body, "text/html; charset=ISO-8859-1")  # the server's default, meaningless
    assert TITLE in decode(body, None)


def test_a_utf8_page_mislabelled_as_gb2312_is_read_as_utf8() -> None:
    body = f'<html><head><meta charset="gb2312"><title>{TITLE}</title></head></html>'.encode()
    assert TITLE in decode(body, "text/html; charset=gbk")


def test_an_undeclared_gbk_page_is_guessed() -> None:
    body = f"<html><body><p>{TITLE}。现将有关情况公开如下，详见附件。</p></body></html>".encode("gbk")
    assert TITLE in decode(body, "text/html")


def test_links_resolve_absolute_relative_root_relative_and_base_href() -> None:
    page = parse_page(
        BASE,
        b"""<a href="https://other.gov.cn/a.pdf">a</a> <a href="202310/b.pdf">b</a>
        <a href="/files/c.pdf">c</a> <a href=" ..\\up\\d.pdf ">d</a> <a href="e.pdf#page=2">e</a>
        <base href="/elsewhere/"><a href="f.pdf">f</a> <a href="javascript:void(0)">js</a>""",
    )
    assert [link.url for link in page.links] == [
        "https://other.gov.cn/a.pdf",
        "http://portal.gov.cn/zwgk/bmjs/202310/b.pdf",
        "http://portal.gov.cn/files/c.pdf",
        "http://portal.gov.cn/zwgk/up/d.pdf",
        "http://portal.gov.cn/zwgk/bmjs/e.pdf",
        "http://portal.gov.cn/elsewhere/f.pdf",
        "javascript:void(0)",
    ]


def test_attachments_are_files_by_extension_query_or_link_text() -> None:
    assert document_type("http://x/P0201.pdf") == "pdf"
    assert document_type("http://x/down.jsp?id=3&filename=%E5%86%B3%E7%AE%97.PDF") == "pdf"
    assert document_type("http://x/down.jsp?id=3", "2023年度部门决算.pdf") == "pdf"
    assert document_type("http://x/t2023_1.shtml", "决算公开") is None
    page = parse_page(
        BASE,
        b"""<a href="a.pdf">1</a><a href="a.pdf">again</a><a href="t.xls">2</a><a href="t1.shtml">3</a>
        <iframe src="/pdfjs/web/viewer.html?file=/files/v.pdf"></iframe>""",
    )
    assert [link.url for link in attachment_links(page)] == [
        "http://portal.gov.cn/zwgk/bmjs/a.pdf",
        "http://portal.gov.cn/zwgk/bmjs/t.xls",
        "http://portal.gov.cn/files/v.pdf",
    ]


def test_list_entries_take_title_attributes_and_dates_and_skip_navigation() -> None:
    page = parse_page(
        BASE,
        """<div class="nav"><a href="/">首页</a><a href="/zwgk/">政府信息公开指南说明</a></div>
        <table><tr><td><a href="./202410/t1.shtml" title="武汉市黄陂区大数据中心（本级）2023年度部门决算公开（更正）">
        武汉市黄陂区大数据中心（本级）2023年度部门...</a></td><td>2024-10-12</td></tr>
        <tr><td><a href="./202410/t2.shtml">武汉市黄陂区数据资源服务中心2023年度部门决算公开</a></td>
        <td><span>发布时间：</span><span>2024年10月11日</span></td></tr></table>
        <div class="page"><a href="index_1.shtml">下一页 &raquo;</a><a href="index_9.shtml">尾页</a></div>""".encode(),
    )
    entries = list_entries(page, source_from_url(BASE))
    assert [(e.url.rsplit("/", 1)[-1], e.title, e.published) for e in entries] == [
        ("t1.shtml", "武汉市黄陂区大数据中心（本级）2023年度部门决算公开（更正）", date(2024, 10, 12)),
        ("t2.shtml", "武汉市黄陂区数据资源服务中心2023年度部门决算公开", date(2024, 10, 11)),
    ]
    assert next_pages(page, source_from_url(BASE)) == ["http://portal.gov.cn/zwgk/bmjs/index_1.shtml"]


def test_article_publication_date_from_meta_or_label() -> None:
    meta = parse_page(BASE, b'<meta name="PubDate" content="2024-10-12 09:30"><p>2020-01-01</p>')
    labelled = parse_page(BASE, "<p>来源：区财政局 发布日期：2023年10月25日 浏览次数：12</p>".encode())
    assert (meta.published(), labelled.published()) == (date(2024, 10, 12), date(2023, 10, 25))
