"""First page in a real browser: a cold `streamlit run` of the bundled data, opened by a fresh Chromium context.

    python -m benchmarks.firstpage [EVENTS.csv]

Times, from page.goto(base + "/"): the page title shown, the first chart drawn (a plotly SVG visible) and the script
run finished; first on the freshly started server (the load and validation of the file are part of it), then again
from another fresh browser context (nothing cached in the browser, the data cached on the server).
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server

# The bundled events, as `make run` serves them.
BUNDLED = Path(__file__).resolve().parent.parent / "data" / "events.csv"

# What counts as the page shown (its title), as drawn (a chart) and as done (the script run finished).
TITLE = "h1"
CHART = "[data-testid='stPlotlyChart'] .main-svg"
DONE = "[data-testid='stApp'][data-test-script-state='notRunning']"

# Longest wait for either, in milliseconds.
WAIT_MS = 120_000


@dataclass
class Visit:
    """Seconds from navigation to the page title, to the first chart and to the end of the script run."""

    title: float
    chart: float
    done: float


@dataclass
class FirstPage:
    """A cold server start and two cold-browser visits of the first page."""

    server_start: float
    cold: Visit
    warm_server: Visit


def _visit(browser, url: str) -> Visit:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        start = time.monotonic()
        page.goto(url)
        page.locator(TITLE).first.wait_for(state="visible", timeout=WAIT_MS)
        title = time.monotonic() - start
        page.locator(CHART).first.wait_for(state="visible", timeout=WAIT_MS)
        chart = time.monotonic() - start
        page.locator(DONE).wait_for(timeout=WAIT_MS)
        return Visit(title, chart, time.monotonic() - start)
    finally:
        context.close()


def measure(events: Path = BUNDLED) -> FirstPage:
    """Start the server, then visit its first page twice, each time from a new browser context."""
    start = time.monotonic()
    with streamlit_server(events) as base:
        server_start = time.monotonic() - start
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                cold = _visit(browser, base + "/")
                warm = _visit(browser, base + "/")
            finally:
                browser.close()
    return FirstPage(server_start, cold, warm)


if __name__ == "__main__":
    print(measure(Path(sys.argv[1]) if len(sys.argv) > 1 else BUNDLED))
