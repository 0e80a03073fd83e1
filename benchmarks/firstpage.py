"""First page in a real browser, beside the floor (a one-file app drawing one tiny plotly chart), and the time of a
page switch from the menu.

    python -m benchmarks.firstpage [--rounds N] [--write] [EVENTS.csv]

Each visit is a new Chromium context (nothing cached in the browser) opening `/`. Times run from `page.goto` to the
first animation frame in which the page title is shown, a chart is drawn in the window (a plotly SVG with a size,
not below the fold), and the whole page is there (the script run finished, every chart drawn and the sidebar's
filters shown: a new visit of a chart page paints its first chart before the rest, see tracker.ui.firstpaint). A
small watcher in the page (WATCHER, installed before any page script) notes the wall clock on every frame, so a time
is not rounded up to the next poll of the test driver, which waits up to half a second between looks. First once on
each freshly started server (ours: the load of the file is part of it), then N rounds that alternate our warm server
and the floor's, so both see the same machine load; medians are reported.

A page switch is timed from the click on a menu link (the filters of `/?from=2015-01-01` in the address) to the first
frame showing the new page's title and a chart with nothing left over from the page before; the watcher keeps its
target in sessionStorage, so a menu that loads a new document is measured the same way, and whether the document
survived the switch is reported beside it.

Targets: our first chart within 1.25x the floor's (warm server, fresh browser); a menu page switch that keeps the
filters at most 0.6 s (median).
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import sync_playwright

from benchmarks.report import machine
from tests.browser import CHROMIUM, CHROMIUM_ARGS, SAME_DOCUMENT, menu_link, streamlit_server

ROOT = Path(__file__).resolve().parent.parent

# The bundled events, as `make run` serves them.
BUNDLED = ROOT / "data" / "events.csv"

# The floor app, and the pages switched to from the menu (each draws a chart) with the filter kept in the address.
FLOOR_APP = "benchmarks/floor_app.py"
SWITCHES = [("Map", "Map"), ("Flows", "Flows"), ("Missions", "Missions and mandates"), ("Overview", "Overview"),
            ("Map", "Map"), ("Overview", "Overview")]
SWITCH_FILTER = "from=2015-01-01"

# Targets: our first chart over the floor's; the median menu switch in seconds.
FLOOR_RATIO_TARGET = 1.25
SWITCH_TARGET = 0.6

# Longest wait for a page, in milliseconds.
WAIT_MS = 120_000

# Notes Date.now() on the first frame showing the title (h1), a drawn chart in the window and the whole page; and, for a
# switch named in sessionStorage, the first frame with that page's title, a chart and no stale element.
WATCHER = """(() => {
  const CHART = "[data-testid='stPlotlyChart'] .main-svg";
  const DONE = "[data-testid='stApp'][data-test-script-state='notRunning']";
  const shown = (el) => {
    if (!el) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  // The whole page: the script run finished, every chart drawn, and the sidebar (if any) showing its filters (a
  // session's first run leaves them, and some charts, to the run that follows its first paint).
  const complete = () => {
    if (!document.querySelector(DONE)) return false;
    const all = [...document.querySelectorAll("[data-testid='stPlotlyChart']")];
    if (!all.length || !all.every((chart) => shown(chart.querySelector(".main-svg")))) return false;
    const side = document.querySelector("[data-testid='stSidebar']");
    return !side || !!side.querySelector("[data-testid='stDateInput']");
  };
  const marks = (window.__firstPage = {});
  function frame() {
    const now = Date.now();
    const title = document.querySelector("h1");
    const inWindow = (svg) => svg.getBoundingClientRect().top < window.innerHeight;  // not below the fold
    const charts = [...document.querySelectorAll(CHART)].filter(
      (svg) => shown(svg) && inWindow(svg) && !svg.closest("[data-stale='true']"));
    if (!marks.title && shown(title)) marks.title = now;
    if (!marks.chart && charts.length) marks.chart = now;
    if (marks.chart && !marks.done && complete()) marks.done = now;
    const target = sessionStorage.getItem("trackerSwitchTo");
    if (target && !sessionStorage.getItem("trackerSwitchShown") && title && title.textContent.trim() === target
        && charts.length && !document.querySelector("[data-stale='true']")) {
      sessionStorage.setItem("trackerSwitchShown", String(now));
    }
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
})();"""


@dataclass
class Visit:
    """Seconds from navigation to the page title, to the first chart and to the end of the script run."""

    title: float
    chart: float
    done: float


@dataclass
class Switch:
    """One click in the menu: the page, the seconds to its first chart, and whether the loaded app stayed."""

    page: str
    seconds: float
    same_document: bool


def _median(visits: list[Visit], name: str) -> float:
    return statistics.median(getattr(v, name) for v in visits)


@dataclass
class FirstPage:
    """A cold start of each server, then rounds of warm-server visits of both, and the menu switches."""

    server_start: float
    cold: Visit
    floor_cold: Visit
    warm: list[Visit] = field(default_factory=list)
    floor_warm: list[Visit] = field(default_factory=list)
    switches: list[Switch] = field(default_factory=list)

    @property
    def warm_server(self) -> Visit:
        """The median warm-server visit (each time its own median)."""
        return Visit(*(_median(self.warm, name) for name in ("title", "chart", "done")))

    @property
    def floor(self) -> Visit:
        return Visit(*(_median(self.floor_warm, name) for name in ("title", "chart", "done")))

    @property
    def ratio(self) -> float:
        """Our first chart over the floor's, warm server, fresh browser (medians)."""
        return self.warm_server.chart / self.floor.chart

    @property
    def switch_median(self) -> float:
        return statistics.median(s.seconds for s in self.switches)

    @property
    def in_app(self) -> bool:
        """Whether every menu switch kept the loaded app (no new document)."""
        return all(s.same_document for s in self.switches)


def _context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCHER)
    return context


def _visit(browser, url: str) -> Visit:
    context = _context(browser)
    try:
        page = context.new_page()
        start = time.time() * 1000
        page.goto(url)
        page.wait_for_function("window.__firstPage && window.__firstPage.done", timeout=WAIT_MS)
        marks = page.evaluate("window.__firstPage")
        return Visit(*((marks[name] - start) / 1000 for name in ("title", "chart", "done")))
    finally:
        context.close()


def _switches(browser, base: str) -> list[Switch]:
    context = _context(browser)
    try:
        page = context.new_page()
        page.goto(f"{base}/?{SWITCH_FILTER}")
        page.wait_for_function("window.__firstPage && window.__firstPage.done", timeout=WAIT_MS)
        page.evaluate(f"{SAME_DOCUMENT} = true")
        switches = []
        for link, title in SWITCHES:
            page.evaluate("t => { sessionStorage.removeItem('trackerSwitchShown'); "
                          "sessionStorage.setItem('trackerSwitchTo', t); }", title)
            start = time.time() * 1000
            menu_link(page, link).first.click()
            page.wait_for_function("sessionStorage.getItem('trackerSwitchShown')", timeout=WAIT_MS)
            shown = float(page.evaluate("sessionStorage.getItem('trackerSwitchShown')"))
            page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(timeout=WAIT_MS)
            if SWITCH_FILTER not in page.url:  # a switch that drops the filters does not count as one
                raise AssertionError(f"the menu link to {link} dropped {SWITCH_FILTER}: {page.url}")
            switches.append(Switch(link, (shown - start) / 1000, bool(page.evaluate(f"{SAME_DOCUMENT} === true"))))
        return switches
    finally:
        context.close()


def measure(events: Path = BUNDLED, rounds: int = 5) -> FirstPage:
    """Start our server and visit its first page (cold); start the floor app's and visit it (cold); then `rounds`
    alternating warm visits of both, and two rounds of menu switches on ours."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            start = time.monotonic()
            with streamlit_server(events) as base:
                result = FirstPage(time.monotonic() - start, _visit(browser, base + "/"), Visit(0, 0, 0))
                with streamlit_server(events, script=FLOOR_APP) as floor:
                    result.floor_cold = _visit(browser, floor + "/")
                    for _ in range(rounds):
                        result.warm.append(_visit(browser, base + "/"))
                        result.floor_warm.append(_visit(browser, floor + "/"))
                for _ in range(2):
                    result.switches += _switches(browser, base)
        finally:
            browser.close()
    return result


def _spread(visits: list[Visit]) -> str:
    charts = [v.chart for v in visits]
    return f"{min(charts):.2f}-{max(charts):.2f} s"


def report(result: FirstPage) -> str:
    """The figures side by side, with the targets."""
    warm, floor, rounds = result.warm_server, result.floor, len(result.warm)
    rows = [("tracker, cold server", result.cold, "one visit"),
            ("floor app, cold server", result.floor_cold, "one visit"),
            (f"tracker, warm server (median of {rounds})", warm, f"first chart {_spread(result.warm)}"),
            (f"floor app, warm server (median of {rounds})", floor, f"first chart {_spread(result.floor_warm)}")]
    switches = ", ".join(f"{s.page} {s.seconds:.2f}" for s in result.switches)
    in_app = ("every switch stayed in the loaded app (no new document)" if result.in_app else
              f"{sum(not s.same_document for s in result.switches)} of {len(result.switches)} switches loaded a new "
              "document")
    return "\n".join([
        "| | title | first chart | page complete | spread |",
        "|---|---|---|---|---|",
        *(f"| {name} | {v.title:.2f} s | {v.chart:.2f} s | {v.done:.2f} s | {note} |" for name, v, note in rows),
        "",
        f"First chart, warm server: **{result.ratio:.2f}x the floor** ({warm.chart:.2f} s against {floor.chart:.2f} "
        f"s; target at most {FLOOR_RATIO_TARGET}x: {'PASS' if result.ratio <= FLOOR_RATIO_TARGET else 'FAIL'}).",
        "",
        f"Menu page switch with the filters kept ({SWITCH_FILTER}), click to the new page's first chart: **median "
        f"{result.switch_median:.2f} s** over {len(result.switches)} switches ({switches} s); {in_app}; target at "
        f"most {SWITCH_TARGET} s: {'PASS' if result.switch_median <= SWITCH_TARGET else 'FAIL'}.",
    ])


# The section of docs/benchmarks.md this benchmark writes (benchmarks.run writes the same section).
DOC = ROOT / "docs" / "benchmarks.md"
HEADING = "## First page and page switches in a real browser"

# What the figures mean, below them (the measurements behind it: docs/benchmarks.md, "Where the time goes").
NOTES = ROOT / "benchmarks" / "firstpage.md"


def target_cell(result: FirstPage) -> str:
    """The targets table's cell of docs/benchmarks.md (benchmarks.run writes the same)."""
    ratio = "PASS" if result.ratio <= FLOOR_RATIO_TARGET else "FAIL"
    switch = "PASS" if result.switch_median <= SWITCH_TARGET else "FAIL"
    return (f"first chart {result.ratio:.2f}x the floor's (target ≤ {FLOOR_RATIO_TARGET}x: {ratio}); menu page switch "
            f"median {result.switch_median:.2f} s (target ≤ {SWITCH_TARGET} s: {switch}); see the section below")


# The row of the targets table that target_cell fills.
TARGET_ROW = "| First page and menu page switches in a real browser |"


def section(result: FirstPage) -> str:
    """The section of docs/benchmarks.md: machine and date, the figures, and what they mean."""
    return "\n\n".join([HEADING, "`python -m benchmarks.firstpage` (headless Chromium; the bundled data)",
                        machine(ROOT), report(result), NOTES.read_text(encoding="utf-8").strip()])


def write_section(result: FirstPage, doc: Path = DOC) -> None:
    """Put this run's section in place of the old one in `doc` (or at its end), and its cell in the targets table."""
    text = section(result)
    old = doc.read_text(encoding="utf-8") if doc.exists() else ""
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.S | re.M)
    new = pattern.sub(lambda _match: text.rstrip() + "\n\n", old) if pattern.search(old) else \
        old.rstrip() + "\n\n" + text.rstrip() + "\n"
    row = re.compile(rf"^{re.escape(TARGET_ROW)}.*$", re.M)
    new = row.sub(lambda _match: f"{TARGET_ROW} {target_cell(result)} | |", new)
    doc.write_text(new.rstrip() + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("events", nargs="?", type=Path, default=BUNDLED, help="events file (default: the bundled)")
    parser.add_argument("--rounds", type=int, default=5, help="warm visits of each app (medians reported)")
    parser.add_argument("--write", action="store_true", help=f"write the section of {DOC.relative_to(ROOT)}")
    args = parser.parse_args()
    result = measure(args.events, args.rounds)
    print(section(result))
    if args.write:
        write_section(result)


if __name__ == "__main__":
    main()
