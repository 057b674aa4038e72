"""Attachments: which links on an article are files, and whether a downloaded file is a readable PDF."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

from pipeline.crawl.classify import Claim, classify_text
from pipeline.crawl.webpage import Link, Page
from pipeline.errors import RejectedDocument
from pipeline.pdf import open_pdf

# File types portals attach, by extension, named for the reason a non-PDF is skipped.
DOCUMENT_TYPES = {
    "pdf": "PDF",
    "doc": "Word document",
    "docx": "Word document",
    "wps": "WPS document",
    "xls": "spreadsheet",
    "xlsx": "spreadsheet",
    "et": "spreadsheet",
    "ofd": "OFD document",
    "zip": "ZIP archive",
    "rar": "RAR archive",
    "7z": "7-Zip archive",
}
# Query parameters download scripts and PDF viewers name the file in (downfile.jsp?filename=…, viewer?file=…).
_FILE_PARAMS = ("file", "filename", "fileName", "name", "path")


@dataclass(frozen=True)
class PdfCheck:
    rejection: str | None  # why the bytes are not a readable PDF, or None
    verdict: str  # what they are, in words
    cover: Claim | None = None  # what the first page claims
    pdf_signature: bool = True  # the bytes at least start like a PDF (a broken PDF does, an HTML page not)


def document_type(url: str, text: str = "") -> str | None:
    """The extension of the file a link leads to ('pdf', 'xls', …), or None for a web page."""
    parts = urlsplit(url)
    names = [parts.path, *(v for k, v in parse_qsl(parts.query) if k in _FILE_PARAMS), text]
    for name in names:
        suffix = PurePosixPath(unquote(name).strip()).suffix.lower().lstrip(".")
        if suffix in DOCUMENT_TYPES:
            return suffix
    return None


def attachment_links(page: Page) -> list[Link]:
    """Links to files on an article page, once each, in page order; viewer links resolve to their file."""
    found: dict[str, Link] = {}
    for link in page.links:
        if not document_type(link.url, link.text):
            continue
        viewed = dict(parse_qsl(urlsplit(link.url).query)).get("file")
        url = urljoin(link.url, viewed) if viewed and document_type(viewed) else link.url
        found.setdefault(url, Link(url, link.text, link.title, link.context))
    return list(found.values())


def check_pdf(path: Path) -> PdfCheck:
    try:
        with open_pdf(path, document=path.name) as pages:
            verdict = f"a PDF of {len(pages)} page{'s' if len(pages) > 1 else ''}"
            return PdfCheck(None, verdict, classify_text(pages[0].text))
    except RejectedDocument as exc:
        with open(path, "rb") as f:
            signature = b"%PDF-" in f.read(1024)
        return PdfCheck(exc.message, exc.message, pdf_signature=signature)
