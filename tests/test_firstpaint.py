"""A browser session's first run of a chart page paints its first chart and leaves the filter widgets and the heavy
charts to the next run (tracker.ui.firstpaint); every other run draws the whole page. AppTest has no browser, so
these tests say it has one; tests/test_browser.py watches the real thing in Chromium."""

from __future__ import annotations

import pytest

import tracker.ui.firstpaint as firstpaint
from tests.apptest import figures, open_page

OVERVIEW_CHARTS = ["monthly", "timeline", "top_actors", "top_targets"]


@pytest.fixture
def in_a_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(firstpaint, "has_browser", lambda: True)


def _sentence(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**"))


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _link(at) -> dict[str, list[str]]:
    """The address's filters, as the page left them."""
    return {key: value if isinstance(value, list) else [value] for key, value in at.query_params.items()}


def _after_paint_mounted(at) -> bool:
    return any(getattr(e, "type", "") == "bidi_component" for e in at.sidebar)


def test_overviews_first_run_in_a_browser_draws_the_monthly_chart_and_the_next_run_the_rest(fixture_events_path,
                                                                                           in_a_browser):
    at = open_page("overview", "actor=CAN&from=2016-01-01")
    assert not at.exception
    first = figures(at)
    assert sorted(first) == ["monthly"]
    assert not at.sidebar.multiselect and not at.sidebar.date_input  # the filter widgets come with the next run
    assert _after_paint_mounted(at)
    # The first run already applies the link's filters: the same sentence, numbers and monthly bars as the next run.
    sentence, metrics = _sentence(at), _metrics(at)
    assert sentence == "**Events by Canada from Jan 2016\\: 2 events**"

    at.run()  # what the browser starts once the first run is painted
    assert not at.exception
    whole = figures(at)
    assert sorted(whole) == OVERVIEW_CHARTS
    assert not _after_paint_mounted(at)
    assert _sentence(at) == sentence and _metrics(at) == metrics
    assert whole["monthly"].to_dict()["data"] == first["monthly"].to_dict()["data"]
    assert at.multiselect(key="actor").value == ["CAN"]
    assert str(at.date_input(key="from").value) == "2016-01-01"
    assert _link(at) == {"actor": ["CAN"], "from": ["2016-01-01"]}

    at.run()  # and every run after it
    assert sorted(figures(at)) == OVERVIEW_CHARTS


def test_without_a_browser_the_first_run_draws_the_whole_page(fixture_events_path):
    at = open_page("overview", "actor=CAN")
    assert sorted(figures(at)) == OVERVIEW_CHARTS
    assert at.multiselect(key="actor").value == ["CAN"] and not _after_paint_mounted(at)


def test_a_filter_picked_by_a_click_during_the_first_run_is_kept(fixture_events_path, in_a_browser):
    at = open_page("overview", "actor=CAN")
    assert sorted(figures(at)) == ["monthly"]
    at.session_state["target"] = ["RUS"]  # what a click on a chart sets before its rerun (tracker.ui.plot)
    at.run()
    assert at.multiselect(key="target").value == ["RUS"] and at.multiselect(key="actor").value == ["CAN"]
    assert _link(at) == {"actor": ["CAN"], "target": ["RUS"]}
    assert _sentence(at).startswith("**Events by Canada directed at Russia")


def test_a_page_that_does_not_open_on_a_chart_draws_its_filters_at_once(fixture_events_path, in_a_browser):
    at = open_page("events", "actor=CAN")
    assert at.multiselect(key="actor").value == ["CAN"] and not _after_paint_mounted(at)


def _first_paint_app():
    import streamlit as st

    from tracker.ui.firstpaint import first_paint

    st.text(str(first_paint(st.session_state.get("wanted", True))))


def test_only_the_sessions_first_run_is_light(in_a_browser):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_first_paint_app)
    at.session_state["wanted"] = False  # a session that starts on a page without paint_first (e.g. Events) ...
    assert at.run().text[0].value == "False"
    at.session_state["wanted"] = True  # ... then switches to a chart page: not the session's first run
    assert at.run().text[0].value == "False"
    fresh = AppTest.from_function(_first_paint_app)
    assert fresh.run().text[0].value == "True"  # a session starting on a chart page
    assert fresh.run().text[0].value == "False"  # its next run, whatever started it


def test_map_flows_and_missions_draw_their_chart_in_the_first_run(fixture_events_path, in_a_browser):
    for page in ("map", "flows", "missions"):
        at = open_page(page)
        assert not at.exception, page
        assert figures(at), page  # their first chart is their main one: drawn at once, only the filters wait
        assert not at.sidebar.multiselect and _after_paint_mounted(at), page
        at.run()
        assert at.sidebar.multiselect and not _after_paint_mounted(at), page
