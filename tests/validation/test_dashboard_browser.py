"""The dashboard as a person sees it: opened in headless Chromium, offline, and read off the screen."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, Route, expect, sync_playwright

from .validation_fixtures import DSJZX, GOLD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _counts(gold, document_id: str) -> tuple[str, str]:
    failing = gold.failing(document_id)
    return str((failing["severity"] == "error").sum()), str((failing["severity"] == "warning").sum())


def test_dashboard_shows_documents_checks_and_trend_offline(gold):
    assert CHROMIUM.exists(), "Chromium is missing: run tools/ensure_chromium.sh"
    remote: list[str] = []

    def local_only(route: Route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            remote.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route("**/*", local_only)
            page.goto(gold.summary.dashboard.as_uri())
            _overview(page, gold)
            _data_docs(page)
        finally:
            browser.close()
    assert remote == [], f"the dashboard fetched {remote}"


def _overview(page: Page, gold) -> None:
    expect(page.locator("h1")).to_have_text("Data quality of the disclosure warehouse")
    expect(page.locator("#total-documents")).to_have_text("3")
    expect(page.locator("#documents-with-errors")).to_have_text(str(len(gold.summary.documents_with_errors)))
    for doc in GOLD:
        row = page.locator(f"#documents tr[data-document='{doc.name}']")
        expect(row.locator(".name")).to_have_text(doc.unit_name)
        errors, warnings = _counts(gold, doc.name)
        expect(row.locator("td.errors")).to_have_text(errors)
        expect(row.locator("td.warnings")).to_have_text(warnings)
    dsjzx = page.locator(f"#documents tr[data-document='{DSJZX.name}']")
    expect(dsjzx.locator("td.errors")).to_have_text("1")
    expect(dsjzx.locator("td.warnings")).to_have_text("2")
    message = dsjzx.get_by_text("人员经费 128.97 万元", exact=False)
    expect(message).to_be_hidden()
    dsjzx.locator("summary").click()
    expect(message).to_be_visible()
    check = page.locator("#checks tr[data-check='identities_across.t05_t06_basic']")
    expect(check.locator("td.warnings")).to_have_text("2")
    expect(page.locator("#trend circle")).to_have_count(2)  # errors and warnings of the one run so far


def _data_docs(page: Page) -> None:
    page.get_by_role("link", name="Great Expectations Data Docs").click()
    expect(page.get_by_role("link", name="identities_across")).to_be_visible()
    expect(page.locator("table tbody tr")).to_have_count(5)
    page.locator("tr", has_text="narrative").get_by_role("link", name="results").click()
    expect(page.get_by_text("Expectation Validation Result")).to_be_visible()
    expect(page.get_by_text("A stated percentage is a well-formed number")).to_be_visible()
    expect(page.get_by_text("72.83.1%").first).to_be_visible()
