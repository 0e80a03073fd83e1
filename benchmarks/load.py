"""Load: N concurrent browser sessions against one server, each changing a filter and switching pages.

    python -m benchmarks.load                 # full form: 1, 10 and 30 sessions, 60 s each
    python -m benchmarks.load --short         # CI form: 1 and 10 sessions, 15 s each

Prints, per number of sessions: actions done, errors (must be 0), and the median and 95th-percentile time from an
action (typing a word into the free-text filter, or opening another page with a filter in its address) to the updated
view: the sentence describing the filters shows the new selection and the script run drawing the charts has finished.
Traffic goes only to the server this script starts on 127.0.0.1; every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Page, async_playwright

from tests.browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server

# The bundled events, served by the app under test.
EVENTS = Path(__file__).resolve().parent.parent / "data" / "events.csv"

# Pages switched between, and event types toggled on the Overview's filter.
PAGES = ["", "events", "map", "flows", "missions"]
TYPES = ["sanctions", "sanctions_renewal", "mission_renewal", "incident", "military_aid"]

# Words typed into the free-text filter (every rerun recomputes the filtered events and all charts).
WORDS = ["Ukraine", "Russia", "Canada", "mission", "sanctions", "aid", "Crimea", "training", "NATO", "oil"]
SEARCH_LABEL = "Search title, description, initiative"

# Where --write puts the results.
REPORT = Path(__file__).resolve().parent.parent / "docs" / "load.md"

# Longest wait for one action before it counts as an error, in milliseconds.
ACTION_TIMEOUT_MS = 60_000

SENTENCE = "[data-testid='stMarkdownContainer'] strong"


@dataclass
class Outcome:
    """What the sessions of one run did."""

    sessions: int
    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def row(self) -> str:
        if not self.times:
            return f"| {self.sessions} | 0 | {len(self.errors)} | - | - |"
        times = sorted(self.times)
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        return (f"| {self.sessions} | {len(times)} | {len(self.errors)} | {statistics.median(times):.2f} s "
                f"| {p95:.2f} s |")


async def _settled(page: Page, before: str | None) -> None:
    sentence = page.locator(SENTENCE).first
    await sentence.wait_for(timeout=ACTION_TIMEOUT_MS)
    if before is not None:
        deadline = time.monotonic() + ACTION_TIMEOUT_MS / 1000
        while await sentence.inner_text() == before:
            if time.monotonic() > deadline:
                raise TimeoutError("the view did not update")
            await asyncio.sleep(0.05)
    # The whole view is updated when the script run that drew the new sentence has finished (charts included).
    await page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(timeout=ACTION_TIMEOUT_MS)
    if await page.get_by_test_id("stException").count():
        raise RuntimeError("the page shows an exception")


async def _switch_page(page: Page, base: str, rng: random.Random) -> float:
    kind = rng.choice(TYPES)
    start = time.monotonic()
    await page.goto(f"{base}/{rng.choice(PAGES)}?type={kind}")
    await _settled(page, None)
    return time.monotonic() - start


async def _change_filter(page: Page, base: str, rng: random.Random) -> float:
    if "?" not in page.url:
        await page.goto(f"{base}/{rng.choice(PAGES)}?type={rng.choice(TYPES)}")  # not timed: a loaded page first
        await _settled(page, None)
    before = await page.locator(SENTENCE).first.inner_text()
    current = await page.get_by_label(SEARCH_LABEL).input_value()
    word = rng.choice([w for w in WORDS if w != current])
    start = time.monotonic()
    field = page.get_by_label(SEARCH_LABEL)
    await field.fill(word)
    await field.press("Enter")
    await _settled(page, before)
    return time.monotonic() - start


async def _session(browser, base: str, seconds: float, seed: int, outcome: Outcome) -> None:
    rng = random.Random(seed)
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(ACTION_TIMEOUT_MS)  # every wait in an action has the same budget
    page = await context.new_page()
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            action = rng.choice([_switch_page, _change_filter])
            try:
                outcome.times.append(await action(page, base, rng))
            except Exception as error:  # noqa: BLE001 - every failure is counted and reported
                outcome.errors.append(f"{action.__name__}: {error}"[:200])
                await page.goto(f"{base}/")
    finally:
        await context.close()


async def run(base: str, sessions: int, seconds: float) -> Outcome:
    """Run `sessions` concurrent sessions for `seconds` against the server at `base`."""
    outcome = Outcome(sessions)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            await asyncio.gather(*(_session(browser, base, seconds, seed, outcome) for seed in range(sessions)))
        finally:
            await browser.close()
    return outcome


def measure(levels: list[int], seconds: float, events: Path = EVENTS) -> list[Outcome]:
    """Start one server, then run each number of sessions in turn; the server is stopped afterwards."""
    with streamlit_server(events) as base:
        asyncio.run(run(base, 1, 5))  # warm-up: first load and validation, plotly.js in the browser cache
        return [asyncio.run(run(base, level, seconds)) for level in levels]


def table(outcomes: list[Outcome]) -> str:
    """The results as a Markdown table."""
    lines = ["| Sessions | Actions | Errors | Median time to updated view | 95th percentile |",
             "|---|---|---|---|---|"]
    return "\n".join(lines + [o.row() for o in outcomes])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--short", action="store_true", help="CI form: 1 and 10 sessions, 15 s each")
    parser.add_argument("--seconds", type=float, help="seconds per level (default 60, or 15 with --short)")
    parser.add_argument("--write", action="store_true", help=f"also write the results to {REPORT}")
    args = parser.parse_args()
    levels = [1, 10] if args.short else [1, 10, 30]
    seconds = args.seconds or (15 if args.short else 60)
    outcomes = measure(levels, seconds)
    lines = [table(outcomes)] + [f"error ({o.sessions} sessions): {e}" for o in outcomes for e in o.errors[:5]]
    print("\n".join(lines))
    if args.write:
        REPORT.write_text(_report(lines, seconds))
    raise SystemExit(1 if any(o.errors for o in outcomes) else 0)


def _report(lines: list[str], seconds: float) -> str:
    machine = f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
    return (f"# Load: concurrent browser sessions\n\n`python -m benchmarks.load` on {time.strftime('%Y-%m-%d')} "
            f"({machine}; the browsers run on the same machine as the server, so they compete with it for the "
            f"cores), {seconds:.0f} s per level, bundled data. Each session alternates typing a word into the search "
            "filter and opening another page with a filter in its address; the time runs from the action to the "
            "updated view (the new sentence shown and the script run finished).\n\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
