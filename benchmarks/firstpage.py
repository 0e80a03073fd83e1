"""First page in a real browser: a cold `streamlit run` of the bundled data, opened by a fresh Chromium context,
beside the floor (a one-file app drawing one tiny plotly chart), and the time of a page switch from the menu.

    python -m benchmarks.firstpage [EVENTS.csv]

Times, from page.goto(base + "/"): the page title shown, the first chart drawn (a plotly SVG visible) and the script
run finished; first on the freshly started server (the load and validation of the file are part of it), then again
from another fresh browser context (nothing cached in the browser, the data cached on the server). The floor app
(benchmarks/floor_app.py) is measured the same way in the same run. A page switch is timed from the click on a
menu link (with filters in the address) to the new page's first chart, for several pages in a row.

Targets: our first chart within 1.25x the floor's (warm server, fresh browser); a menu page switch that keeps the
filters at most 0.6 s (median).
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
    """A cold server start and two cold-browser visits of the first page, the floor app's, and page switches."""

    server_start: float
    cold: Visit
    warm_server: Visit
    floor_cold: Visit | None = None
    floor_warm: Visit | None = None
    switches: list[float] | None = None

    @property
    def ratio(self) -> float:
        """Our first chart over the floor's, warm server, fresh browser."""
        return self.warm_server.chart / self.floor_warm.chart

    @property
    def switch_median(self) -> float:
        ordered = sorted(self.switches)
        return ordered[len(ordered) // 2]


# Floor app, and the pages switched to from the menu (each draws a chart), with a filter in the address.
FLOOR_APP = "benchmarks/floor_app.py"
SWITCHES = [("Map", "Map"), ("Flows", "Flows"), ("Missions", "Missions and mandates"), ("Overview", "Overview"),
            ("Map", "Map"), ("Overview", "Overview")]
STALE = "[data-stale='true']"


def _switches(browser, base: str) -> list[float]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(base + "/?from=2015-01-01")
        page.locator(CHART).first.wait_for(state="visible", timeout=WAIT_MS)
        page.locator(DONE).wait_for(timeout=WAIT_MS)
        times = []
        for link, title in SWITCHES:
            start = time.monotonic()
            page.locator("nav.tracker-menu a").filter(has_text=link).first.click()
            page.locator("h1", has_text=title).first.wait_for(state="visible", timeout=WAIT_MS)
            page.wait_for_function(f"!document.querySelector(\"{STALE}\")", timeout=WAIT_MS)
            page.locator(CHART).first.wait_for(state="visible", timeout=WAIT_MS)
            times.append(time.monotonic() - start)
            page.locator(DONE).wait_for(timeout=WAIT_MS)
            # The filters travelled along: they are in the new page's address.
            page.wait_for_function("location.search.includes('from=2015-01-01')", timeout=10_000)
        return times
    finally:
        context.close()


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
    """Start the server, visit its first page twice (each from a new browser context), time page switches; then
    the same two visits of the floor app."""
    start = time.monotonic()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            with streamlit_server(events) as base:
                server_start = time.monotonic() - start
                cold = _visit(browser, base + "/")
                warm = _visit(browser, base + "/")
                switches = _switches(browser, base)
            with streamlit_server(events, script=FLOOR_APP) as base:
                floor_cold = _visit(browser, base + "/")
                floor_warm = _visit(browser, base + "/")
        finally:
            browser.close()
    return FirstPage(server_start, cold, warm, floor_cold, floor_warm, switches)


def report(result: FirstPage) -> str:
    """The figures side by side, with the targets."""
    lines = [
        "| | title | first chart | script done |",
        "|---|---|---|---|",
        *(f"| {name} | {v.title:.2f} s | {v.chart:.2f} s | {v.done:.2f} s |" for name, v in (
            ("tracker, cold server", result.cold), ("tracker, warm server", result.warm_server),
            ("floor app, cold server", result.floor_cold), ("floor app, warm server", result.floor_warm))),
        "",
        f"First chart, warm server: {result.ratio:.2f}x the floor (target at most 1.25x: "
        f"{'PASS' if result.ratio <= 1.25 else 'FAIL'}).",
        f"Menu page switch, click to the new page's first chart: median {result.switch_median:.2f} s over "
        f"{len(result.switches)} switches ({', '.join(f'{t:.2f}' for t in result.switches)} s; target at most "
        f"0.6 s: {'PASS' if result.switch_median <= 0.6 else 'FAIL'}).",
    ]
    return "\n".join(lines)


# Where --write puts the report, and what it says about the menu beside the figures.
REPORT = Path(__file__).resolve().parent.parent / "docs" / "firstpage.md"
WHY_PLAIN_LINKS = """The menu's links are plain links that load the page again with the filters in the address: a switch
reloads the app in the browser (most of the time above). Streamlit's own in-app switch (`st.page_link` with
`query_params`) was tried first: it keeps a filter chosen by a click in the session, but with
Streamlit 1.67 it drops filters that came from the address (a shared link, a reload) when the page changes, and
writing them back into the address on the new page stalled the page. A link that no longer reproduces the view is
worse than a slower switch, so the plain links stay until Streamlit keeps widget-bound parameters across pages."""


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--write"]
    result = measure(Path(args[0]) if args else BUNDLED)
    text = "\n\n".join(["# First page and page switches in a real browser",
                         "Written by `python -m benchmarks.firstpage --write` (headless Chromium, this 2-core "
                         "machine; the bundled data).", report(result), WHY_PLAIN_LINKS]) + "\n"
    print(text)
    if "--write" in sys.argv:
        REPORT.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
