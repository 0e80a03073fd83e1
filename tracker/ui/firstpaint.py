"""The first page a browser opens shows its first chart sooner: the heavy rest follows once that chart is painted.

On the first run of a browser session (a new visit, a reload) of a page that opens on a chart (`page_view(...,
paint_first=True)`: Overview, Map, Flows, Missions), the page leaves out the sidebar's filter widgets (the filters
are read from the address all the same) and the charts it marks `later`; in their place it mounts
`after_paint`, a script that waits until the page's charts are drawn and then asks the server for the next run, which
draws everything. Every later run (that one, any click, a switch from the menu) draws the whole page at once.

Why: in a fresh browser every chart waits for plotly.js, and Streamlit's chart draws each figure three times as it
mounts; the charts and widgets that arrive together are painted together, so the first chart waited for the heaviest
(docs/benchmarks.md, "First page and page switches in a real browser").

A session without a browser (Streamlit's AppTest, which has no request headers) draws everything on its first run.
"""

from __future__ import annotations

import streamlit as st

# Session key: set once the session's first run has started, so every later run draws the whole page.
STARTED = "_tracker_first_run_started"

# Widget key of the script below.
KEY = "tracker_after_paint"

# Waits for the first run to finish, every element's code to be loaded and the charts drawn (or 8 s at most), lets
# the browser paint that frame, then sets a trigger value once: a rerun, as a click would start. (A skeleton is what
# Streamlit shows while an element's code loads; plotly.js is such code.)
AFTER_PAINT_JS = """
export default function (component) {
  const { setTriggerValue } = component;
  const started = performance.now();
  let done = false;
  const ready = () => {
    const app = document.querySelector("[data-testid='stApp']");
    if (!app || app.getAttribute("data-test-script-state") !== "notRunning") return false;
    if (document.querySelector("[data-testid='stSkeleton']")) return false;  // an element still loading its code
    const charts = [...document.querySelectorAll("[data-testid='stPlotlyChart']")];
    return charts.every((chart) => chart.querySelector(".main-svg"));
  };
  const look = () => {
    if (done) return;
    if (ready() || performance.now() - started > 8000) {
      done = true;
      requestAnimationFrame(() => setTimeout(() => setTriggerValue("painted", true), 0));
      return;
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
  return () => { done = true; };
}
"""

_after_paint = st.components.v2.component("tracker_after_paint", js=AFTER_PAINT_JS)


def has_browser() -> bool:
    """Whether a browser is on the other end of this session (AppTest sends no request headers)."""
    return bool(st.context.headers)


def first_paint(wanted: bool) -> bool:
    """True on the first run of a browser session when the page `wanted` it: draw the light part of the page now and
    call `after_paint`. Every page calls it (the first run of a session is over whichever page it ran), after the
    access gate (a run the gate stops does not count)."""
    if st.session_state.get(STARTED) or not has_browser():
        return False
    st.session_state[STARTED] = True
    return wanted


def after_paint(container) -> None:
    """In `container`, the script that asks for the next run once the first one is painted (no visible element)."""
    with container:
        _after_paint(key=KEY, on_painted_change=_ignore, height=0)


def placeholder(container, height: int) -> None:
    """Where a chart drawn by the next run goes: a box of its height saying it is on its way, so nothing below moves
    when it comes."""
    container.container(height=max(int(height), 1), border=False).caption("Drawing the chart…")


def _ignore() -> None:
    """The trigger only has to start a run."""
