"""Great Expectations Data Docs, built to a local folder and made to work offline.

GX's pages load Bootstrap, jQuery, Font Awesome and Vega from public CDNs, which hang or fail offline
and in mainland China. The pages themselves are static HTML, so we drop every remote script and
stylesheet (and the scripts that need them), inline a small stylesheet instead, and replace GX's index,
whose tables are drawn by a CDN script, with a static one.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from pipeline.validate.suites import SuiteRun, SuiteRunner, suite_spec

SITE_NAME = "quality"
_REMOTE_SCRIPT = re.compile(r"<script[^>]*\bsrc=[\"']https?://[^>]*>\s*</script>", re.I)
_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>.*?</script>", re.I | re.S)
_REMOTE_LINK = re.compile(r"<link[^>]*\bhref=[\"']https?://[^>]*>", re.I)
_REMOTE_IMAGE = re.compile(r"<img[^>]*\bsrc=[\"']https?://[^>]*>", re.I | re.S)
_REMOTE_CSS_URL = re.compile(r"url\(['\"]?https?://[^)]*\)", re.I)
_HEAD_END = re.compile(r"</head>", re.I)
_FOOTER = re.compile(r"<footer\b.*?</footer>", re.I | re.S)  # a newsletter link, fixed over the content

OFFLINE_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC",sans-serif;margin:0;
color:#1f2933;line-height:1.45}
a{color:#1d4ed8}.navbar{display:flex;align-items:center;padding:.5rem 1rem;border-bottom:1px solid #d9dee4}
.ge-logo{font-weight:700;color:#e25b1c}.container-fluid{padding:1rem 2rem}.row{display:flex;flex-wrap:wrap}
.col-12{width:100%}.col-6{width:50%}.col-lg-2,.col-md-2{width:18%;padding-right:1rem;box-sizing:border-box}
.col-lg-10,.col-md-10{width:80%}.sticky{position:sticky;top:1rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #d9dee4;padding:.25rem .5rem;vertical-align:top}
.alert{padding:.5rem 1rem;border-radius:4px;background:#f1f5f9;margin:.5rem 0}
.badge{display:inline-block;padding:0 .4rem;border-radius:3px;background:#e2e8f0;font-size:.85em}
.text-danger{color:#b91c1c}.text-success{color:#15803d}.d-none,[hidden]{display:none}
.fa-times::before{content:"\\2717"}.fa-check-circle::before,.fa-check::before{content:"\\2713"}
.fa,.fas{font-style:normal}.btn,.btn-group,.card-text{display:none}
.nav{list-style:none;padding:0}.nav-link{display:block;padding:.1rem 0}
"""


def build_data_docs(runner: SuiteRunner, runs: list[SuiteRun], site: Path) -> Path:
    """Data Docs for the runs just judged, in `site` (replaced), readable offline; returns its index."""
    site = site.resolve()  # GX takes only an absolute base directory
    shutil.rmtree(site, ignore_errors=True)
    runner.context.add_data_docs_site(
        site_name=SITE_NAME,
        site_config={
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(site)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    runner.context.build_data_docs(site_names=[SITE_NAME])
    for page in site.rglob("*.html"):
        page.write_text(offline(page.read_text(encoding="utf-8")), encoding="utf-8")
    index = site / "index.html"
    index.write_text(_index(site, runs), encoding="utf-8")
    return index


def offline(page: str) -> str:
    """A Data Docs page without anything fetched from the network."""
    for pattern in (_REMOTE_SCRIPT, _INLINE_SCRIPT, _REMOTE_LINK, _FOOTER):
        page = pattern.sub("", page)
    page = _REMOTE_IMAGE.sub('<span class="ge-logo">Great Expectations</span>', page)
    page = _REMOTE_CSS_URL.sub("none", page)
    return _HEAD_END.sub(lambda _: f"<style>{OFFLINE_CSS}</style></head>", page, count=1)


def _index(site: Path, runs: list[SuiteRun]) -> str:
    rows = []
    for run in runs:
        validation = next(site.glob(f"validations/{run.name}/**/*.html"), None)
        stats = run.result.statistics
        status = (
            '<span class="text-success">passed</span>'
            if run.result.success
            else ('<span class="text-danger">failed</span>')
        )
        link = f'<a href="{validation.relative_to(site)}">results</a>' if validation else ""
        rows.append(
            f"<tr><td><a href='expectations/{run.name}.html'>{run.name}</a></td><td>{status}</td>"
            f"<td>{stats['successful_expectations']}/{stats['evaluated_expectations']}</td><td>{len(run.frame)}</td>"
            f"<td>{link}</td><td>{html.escape(suite_spec(run.name)['meta']['description'])}</td></tr>"
        )
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Data Docs · validation suites</title>"
        f"<style>{OFFLINE_CSS}</style></head><body><nav class='navbar'><span class='ge-logo'>Great Expectations"
        "</span>&nbsp;Data Docs</nav><div class='container-fluid'><p><a href='../index.html'>← quality overview</a>"
        "</p><table><thead><tr><th>suite</th><th>status</th><th>expectations met</th><th>rows judged</th>"
        f"<th>validation</th><th>what it checks</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        "</body></html>"
    )
