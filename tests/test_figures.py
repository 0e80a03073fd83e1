"""Figures are built from dicts and validated against plotly's schema only in tests: served without validation,
every chart must send exactly what the validated figure sends; the vectorised helpers behind the charts must
agree with their plain one-value-at-a-time versions."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.synthetic import make_events
from tests.apptest import _decode, open_page
from tracker import figures, missions, periods
from tracker.chart_text import inert, inert_series

# The pages with charts, each opened as a link would open it.
CHART_PAGES = {"overview": "", "map": "", "flows": "", "missions": "", "actor": "who=USA",
               "compare": "compare=USA&compare=EU&per=month"}


# A lower cap on the Gantt chart's pieces, so the 20k file shows its quarterly form.
BUSY_GANTT_PIECES = 200


@pytest.fixture(scope="module")
def busy_file(tmp_path_factory):
    # Large enough for the aggregated forms: the timeline's marks per period, the Gantt chart's quarters.
    path = tmp_path_factory.mktemp("busy") / "events-20k.csv"
    make_events(20_000).to_csv(path, index=False)
    return path


def _specs(page: str, query: str) -> dict[str, dict]:
    at = open_page(page, query)
    assert not at.exception, at.exception
    return {element.proto.id.rsplit("-", 1)[-1]: _decode(json.loads(element.proto.spec))
            for element in at.get("plotly_chart")}


@pytest.mark.parametrize("data", ["bundled", "busy"])
@pytest.mark.parametrize("page", list(CHART_PAGES))
def test_served_figures_equal_the_validated_ones(page, data, busy_file, monkeypatch):
    if data == "busy":
        monkeypatch.setenv("EVENTS_PATH", str(busy_file))
        monkeypatch.setattr(missions, "GANTT_MAX_PIECES", BUSY_GANTT_PIECES)
    else:
        monkeypatch.delenv("EVENTS_PATH", raising=False)
    monkeypatch.setenv(figures.CHECK_ENV, "1")
    validated = _specs(page, CHART_PAGES[page])
    monkeypatch.setenv(figures.CHECK_ENV, "0")
    served = _specs(page, CHART_PAGES[page])
    assert validated and validated.keys() == served.keys()
    for key in validated:
        assert served[key] == validated[key], f"{page}/{key} differs when served without validation"


def test_the_busy_file_reaches_the_aggregated_forms(busy_file, monkeypatch):
    monkeypatch.setenv("EVENTS_PATH", str(busy_file))
    overview = _specs("overview", "")
    assert "one mark per" in overview["timeline"]["layout"]["title"]["text"]
    bars = sum(len(t["y"]) for t in _specs("missions", "")["gantt"]["data"] if t["type"] == "bar")
    monkeypatch.setattr(missions, "GANTT_MAX_PIECES", BUSY_GANTT_PIECES)
    coarse = sum(len(t["y"]) for t in _specs("missions", "")["gantt"]["data"] if t["type"] == "bar")
    assert bars > BUSY_GANTT_PIECES and coarse < bars  # one piece per quarter


def test_validation_catches_a_misspelt_property(monkeypatch):
    monkeypatch.setenv(figures.CHECK_ENV, "1")
    with pytest.raises(ValueError):
        figures.build([{"type": "bar", "x": [1], "colour": "red"}], figures.layout("t"))


@given(st.lists(st.one_of(st.text(max_size=200), st.none(), st.integers()), max_size=30),
       st.integers(min_value=2, max_value=200))
def test_inert_series_matches_inert_on_each_value(values, limit):
    expected = ["" if v is None else inert(v, limit) for v in values]
    assert list(inert_series(pd.Series(values, dtype=object), limit)) == expected


@given(st.lists(st.dates(min_value=pd.Timestamp("1700-01-01").date(), max_value=pd.Timestamp("2200-12-31").date()),
                min_size=1, max_size=50))
def test_months_match_the_calendar(days):
    dates = pd.Series(pd.to_datetime(days))
    expected = [(d.year - 1970) * 12 + d.month - 1 for d in days]
    assert periods.months(dates).tolist() == expected
    for period in ("M", "Q", "Y"):
        starts = periods.start(periods.ordinals(periods.months(dates), period), period)
        truncated = {"M": dates.dt.to_period("M"), "Q": dates.dt.to_period("Q"), "Y": dates.dt.to_period("Y")}[period]
        assert list(pd.DatetimeIndex(starts)) == list(truncated.dt.start_time)


@given(st.lists(st.integers(min_value=0, max_value=10**9), max_size=60))
def test_count_keys_matches_numpy_unique(keys):
    keys = np.array(keys, dtype=np.int64)
    got = periods.count_keys(keys)
    want = np.unique(keys, return_counts=True)
    assert got[0].tolist() == want[0].tolist() and got[1].tolist() == want[1].tolist()
