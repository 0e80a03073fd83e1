"""Hostile input in a real browser: a file full of HTML, scripts and markdown shows as text; no script runs."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.browser import CHROMIUM, CHROMIUM_ARGS, require_browser, streamlit_server
from tests.conftest import FIXTURES

pytestmark = pytest.mark.browser

# Every page, and the event page of every valid hostile row (each carries other hostile text in its labels).
PAGES = ["", "events", "map", "flows", "missions", "actor?who=CAN", "data_quality", "about"] + [
    f"event?event=h-2019-{month:02d}-01-can-rus" for month in range(1, 9)]

# Elements the hostile strings would create if they were rendered as HTML or markdown.
INJECTED = "#xss-img, #xss-svg, #xss-frame, #xss-link, img[src*='example.org'], iframe[src^='javascript']"


@pytest.fixture(scope="module")
def hostile_page():
    require_browser()
    with sync_playwright() as playwright, streamlit_server(FIXTURES / "hostile_events.csv") as base:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        yield base, page, dialogs
        browser.close()


@pytest.mark.parametrize("path", PAGES)
def test_hostile_strings_stay_inert_on_every_page(hostile_page, path):
    base, page, dialogs = hostile_page
    page.goto(f"{base}/{path}")
    expect(page.locator("h1").first).to_be_visible(timeout=30_000)  # the frame has run (every page has a title)
    expect(page.locator("[data-testid='stApp']")).to_have_attribute("data-test-script-state", "notRunning",
                                                                    timeout=30_000)
    page.wait_for_timeout(1500)  # let charts and tables render
    assert page.evaluate("window.__xss") is None
    assert not dialogs
    assert page.locator(INJECTED).count() == 0
    assert not page.evaluate("[...document.scripts].some(s => s.textContent.includes('__xss'))")


def test_hostile_title_is_shown_as_literal_text(hostile_page):
    base, page, _ = hostile_page
    page.goto(f"{base}/event?event=h-2019-01-01-can-rus")
    expect(page.get_by_role("heading", name="<script>window.__xss=1</script>")).to_be_visible(timeout=30_000)
    assert page.evaluate("window.__xss") is None


def test_rejected_javascript_url_is_listed_not_linked(hostile_page):
    base, page, _ = hostile_page
    page.goto(f"{base}/data_quality")
    expect(page.get_by_text("Rejected", exact=True)).to_be_visible(timeout=30_000)
    assert page.locator("a[href^='javascript']").count() == 0
