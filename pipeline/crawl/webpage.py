"""Reading an HTML page: its encoding, title, dates and links, each link with the text around it.

Portals are old CMSes: GB2312/GBK pages, servers that declare the wrong charset, unclosed <li>s. The
parser is the standard library's and forgiving; what it keeps per link is the text of the enclosing list
item or table row, which is where list pages print an article's date.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin

from charset_normalizer import from_bytes

# Chinese portals label GBK pages as gb2312; gb18030 decodes both and more.
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)
_UNCHECKABLE = frozenset({"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "windows-1252", "cp1252"})
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", re.IGNORECASE)
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_LABELLED_DATE = re.compile(r"(?:发布|公开|成文|更新)(?:日期|时间)\s*[:：]?\s*")
# Meta tags CMSes put the publication date in (TRS: PubDate; others: publishdate, firstpublishedtime).
_DATE_METAS = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "dc.date")

_BLOCKS = frozenset({"li", "tr", "dd", "dt", "p", "div", "section", "article", "h1", "h2", "h3", "h4", "td"})
# A new one of these implicitly closes an open one of the same kind (HTML's optional end tags).
_SELF_CLOSING_BLOCKS = frozenset({"li", "tr", "dd", "dt", "p"})
_MAX_LINKS_PER_ITEM = 3  # a list item or row: a title link, perhaps an attachment or a "more" link
_SKIP = frozenset({"script", "style", "noscript", "template"})
_CAPTURED = {"title": "title", "h1": "heading"}  # tag → Page field, first occurrence only
_EMBED_SOURCES = {"iframe": "src", "embed": "src", "frame": "src", "object": "data"}  # PDFs shown inline


@dataclass
class Link:
    url: str  # absolute, without fragment
    text: str
    title: str = ""  # the title attribute: lists often truncate the text but not this
    context: str = ""  # text of the enclosing list item or row, outside the link

    @property
    def label(self) -> str:
        return self.title if len(self.title) > len(self.text.rstrip(".…")) else self.text


@dataclass
class Page:
    url: str
    title: str = ""
    heading: str = ""  # the first <h1>
    meta: dict[str, str] = field(default_factory=dict)
    text: str = ""
    links: list[Link] = field(default_factory=list)

    def published(self) -> date | None:
        """The publication date the page states: in its meta tags, or after 发布日期/发布时间."""
        for name in _DATE_METAS:
            if found := find_date(self.meta.get(name, "")):
                return found
        labelled = _LABELLED_DATE.search(self.text)
        return find_date(self.text[labelled.end() : labelled.end() + 40]) if labelled else None


def decode(body: bytes, content_type: str | None) -> str:
    """Text of a page: UTF-8 if it is valid UTF-8, else the charset the header or the <meta> declares, else a guess.

    UTF-8 goes first because valid UTF-8 is practically never GBK text, while GBK decoding accepts most
    UTF-8 bytes as mojibake, and migrated CMSes often still declare gb2312 over UTF-8 pages.
    """
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8) :].decode("utf-8", "replace")
    declared = _HEADER_CHARSET.search(content_type or "")
    meta = _META_CHARSET.search(body[:4096])
    candidates = ["utf-8", declared.group(1) if declared else None, meta.group(1).decode() if meta else None]
    # A single-byte charset decodes any bytes, so a server's default latin-1 would always "succeed".
    for name in (c for c in candidates if c and c.lower() not in _UNCHECKABLE):
        try:
            return body.decode(_CHARSET_ALIASES.get(name.lower(), name))
        except (LookupError, UnicodeDecodeError):
            continue
    guess = from_bytes(body).best()
    return str(guess) if guess else body.decode("gb18030", "replace")


def parse_page(url: str, body: bytes, content_type: str | None = None) -> Page:
    parser = _Parser(url)
    parser.feed(decode(body, content_type))
    parser.close()
    return parser.page


def find_date(text: str) -> date | None:
    for m in _DATE.finditer(text):
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            continue
    return None


def squash_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class _Frame:
    tag: str
    texts: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)  # links inside still waiting for a context


class _Parser(HTMLParser):
    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page(url)
        self._base = url
        self._frames = [_Frame("#document")]
        self._texts: list[str] = []
        self._link: Link | None = None
        self._link_text: list[str] = []
        self._capture: str | None = None  # 'title' or 'h1' while inside the first one
        self._captured: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in _SKIP:
            self._skipping += 1
        elif tag == "base" and a.get("href"):
            self._base = urljoin(self._base, a["href"].strip())
        elif tag == "meta" and (name := a.get("name") or a.get("property")):
            self.page.meta.setdefault(name.lower(), a.get("content", ""))
        elif tag == "a" and a.get("href"):
            self._end_link()
            self._link = Link(self._absolute(a["href"]), "", squash_spaces(a.get("title", "")))
        elif (src := _EMBED_SOURCES.get(tag)) and a.get(src):
            self._add_link(Link(self._absolute(a[src]), ""))
        if tag in _CAPTURED and self._capture is None and not getattr(self.page, _CAPTURED[tag]):
            self._capture, self._captured = tag, []
        if tag in _BLOCKS:
            if tag in _SELF_CLOSING_BLOCKS and self._frames[-1].tag == tag:
                self._close_frame()
            self._frames.append(_Frame(tag))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag == "a":
            self._end_link()
        if tag == self._capture:
            setattr(self.page, _CAPTURED[tag], squash_spaces("".join(self._captured)))
            self._capture = None
        if tag in _BLOCKS and any(f.tag == tag for f in self._frames[1:]):
            while self._frames[-1].tag != tag:
                self._close_frame()
            self._close_frame()

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        self._texts.append(data)
        if self._capture:
            self._captured.append(data)
        if self._link:
            self._link_text.append(data)
        else:
            self._frames[-1].texts.append(data)

    def close(self) -> None:
        super().close()
        self._end_link()
        while len(self._frames) > 1:
            self._close_frame()
        self._give_context(self._frames[0])
        self.page.text = squash_spaces(" ".join(self._texts))

    def _absolute(self, href: str) -> str:
        # Hand-typed links carry spaces, tabs and Windows separators.
        return urldefrag(urljoin(self._base, href.strip().replace("\\", "/")))[0]

    def _add_link(self, link: Link) -> None:
        self.page.links.append(link)
        self._frames[-1].links.append(link)

    def _end_link(self) -> None:
        if self._link:
            self._link.text = squash_spaces("".join(self._link_text))
            self._add_link(self._link)
            self._link, self._link_text = None, []

    def _close_frame(self) -> None:
        """A block ends: its links get its text as context or, when it has none, wait for the parent's."""
        frame = self._frames.pop()
        parent = self._frames[-1]
        if squash_spaces(" ".join(frame.texts)):
            self._give_context(frame)
        else:
            parent.links.extend(frame.links)
        parent.texts.extend(frame.texts)

    @staticmethod
    def _give_context(frame: _Frame) -> None:
        # A block holding many links (a menu, the whole page) says nothing about any one of them.
        if len(frame.links) <= _MAX_LINKS_PER_ITEM:
            context = squash_spaces(" ".join(frame.texts))
            for link in frame.links:
                link.context = context
        frame.links = []
