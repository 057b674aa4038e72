"""A listing column: its entries (article links with title and date) and the way to its next page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin

from pipeline.crawl.sources import Source
from pipeline.crawl.webpage import Link, Page, find_date
from pipeline.text import has_cjk

# Shorter link labels are navigation (首页, 政务公开, 部门决算), not article titles.
MIN_TITLE_CHARS = 6


@dataclass(frozen=True)
class Entry:
    url: str
    title: str
    published: date | None
    page_url: str  # the listing page it was found on


def next_pages(page: Page, source: Source) -> list[str]:
    """Pages the listing links as 'next' (下一页 and friends)."""
    wanted = {_bare(text) for text in source.pagination.next_link_text} - {""}
    return list(dict.fromkeys(link.url for link in page.links if _bare(link.text) in wanted and link.url != page.url))


def template_page(start_url: str, template: str, n: int) -> str:
    """Page n of a column whose pagination is built in JavaScript (index_1.shtml, index_2.shtml, …)."""
    return urljoin(start_url, template.format(n=n))


def list_entries(page: Page, source: Source) -> list[Entry]:
    """The column's entries on one page, in page order (a link listed twice appears twice)."""
    navigation = {*next_pages(page, source), page.url}
    links = [link for link in page.links if link.url not in navigation and link.url.startswith(("http:", "https:"))]
    if source.article_url_pattern:
        chosen = [link for link in links if re.search(source.article_url_pattern, link.url)]
    else:
        chosen = [link for link in links if len(link.label) >= MIN_TITLE_CHARS and has_cjk(link.label)]
        # On a list that prints dates, the undated links are menus and footers.
        chosen = [link for link in chosen if _date(link)] or chosen
    return [Entry(link.url, link.label, _date(link), page.url) for link in chosen]


def _bare(text: str) -> str:
    """下一页 » and [下一页] match 下一页."""
    return re.sub(r"[\s>»›<«‹\[\]【】]+", "", text)


def _date(link: Link) -> date | None:
    return find_date(link.context)
