"""Charts are pure functions: figure data follows the events, one colour per type, aggregated when large."""

from __future__ import annotations

import numpy as np
import pandas as pd

from loaders import load
from tests.conftest import FIXTURES
from tracker import charts
from tracker.core.actors import party_table, registry
from tracker.core.schema import EVENT_TYPE_COLORS


def fixture():
    events = load(FIXTURES / "events.csv").events
    return events, party_table(events)


def test_timeline_has_one_mark_per_event_and_party_coloured_by_type():
    events, parties = fixture()
    fig = charts.timeline(events, parties)
    marks = sum(len(trace.x) for trace in fig.data)
    assert marks == parties.drop_duplicates(["pos", "code"]).shape[0]
    for trace in fig.data:
        code = next(t for t in EVENT_TYPE_COLORS if charts.type_title(t) == trace.name)
        assert trace.marker.color == EVENT_TYPE_COLORS[code]


def test_monthly_counts_sum_to_the_number_of_events():
    events, _ = fixture()
    fig = charts.monthly_counts(events)
    assert sum(sum(trace.y) for trace in fig.data) == len(events)
    assert fig.layout.barmode == "stack"


def test_top_targets_counts_each_event_once():
    events, parties = fixture()
    table = charts.top_parties_table(parties, "target")
    assert table.iloc[0].to_dict() == {"code": "RUS", "name": "Russia", "events": 4}


def test_large_timeline_is_aggregated_by_period_and_capped_in_rows():
    rng = np.random.default_rng(1)
    n = 20_000
    codes = np.array(["USA", "RUS", "CAN", "EU", "UKR", "IRN", "PRK", "SYR", "VEN", "BLR", "GBR", "JPN", "AUS",
                      "CHE", "NOR", "MMR", "CHN", "IND", "BRA", "ZAF", "TUR", "ISR", "EGY", "NGA", "MEX", "KOR",
                      "FRA", "DEU"])
    dates = pd.Timestamp("2014-01-01") + pd.to_timedelta(rng.integers(0, 4000, n), unit="D")
    events = pd.DataFrame({"event_id": [f"e{i}" for i in range(n)], "date": dates,
                           "date_label": dates.strftime("%d %b %Y"), "event_type": "sanctions", "title": "t",
                           "source_publisher": "p", "actors": rng.choice(codes, n), "targets": rng.choice(codes, n)})
    fig = charts.timeline(events, party_table(events))
    marks = sum(len(trace.x) for trace in fig.data)
    assert marks <= charts.TIMELINE_MAX_MARKS
    assert len(set(fig.data[0].y)) == charts.TIMELINE_ROWS
    assert "one mark per quarter" in fig.layout.title.text  # monthly would exceed the cap at 25 x 132 months
    parties = party_table(events).drop_duplicates(["pos", "code"])
    shown = parties[parties["code"].map(registry().label).isin(set(fig.data[0].y))]
    assert sum(int(n) for trace in fig.data for n in trace.customdata) == len(shown)
    # Each mark counts its party's events in its quarter.
    quarter = shown["date"].dt.to_period("Q").dt.start_time
    for x, y, n in list(zip(fig.data[0].x, fig.data[0].y, fig.data[0].customdata, strict=True))[:50]:
        party = shown["code"].map(registry().label) == y
        assert ((quarter == pd.Timestamp(x)) & party).sum() == n
