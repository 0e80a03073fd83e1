"""The Missions page's timeline and lapsed table, worked out on row positions, give what the pandas groupby
implementation they replaced gave (kept here as the reference), on the bundled data and on synthetic events; and
so do the Gantt chart's pieces and figure built on them."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from benchmarks.measure import TYPE_FILTERS
from benchmarks.synthetic import make_events
from loaders.curated import parse_curated
from tests.conftest import ROOT
from tests.eventsets import event, load_rows
from tracker import missions
from tracker.expiries import lapsed
from tracker.filters import lookup
from tracker.missions import (
    ENDED,
    NOT_IN_FORCE,
    RENEWALS,
    gantt,
    life_events,
    most_recent,
    next_state,
    segments,
    state_after,
    timeline,
)
from tracker.ui.data import prepare

# Days the lapsed table is asked about: early in the synthetic events, mid-way, and after the last of them.
AS_OF = (dt.date(2016, 5, 1), dt.date(2020, 1, 1), dt.date(2026, 1, 1))


def groupby_timeline(life: pd.DataFrame) -> pd.DataFrame:
    """The timeline as it was computed before (pandas groupby on the initiative's integer codes)."""
    initiative = pd.Series(pd.factorize(life["initiative"])[0], index=life.index)
    state = pd.Series([state_after(k, s) for k, s in zip(life["event_type"], life["status"], strict=True)],
                      index=life.index, dtype=object)
    carry = np.array([next_state("in effect", k, s) == "in effect" != state_after(k, s)
                      for k, s in zip(life["event_type"], life["status"], strict=True)], dtype=bool)
    before = state.where(~carry).groupby(initiative, observed=True).ffill()
    before = before.groupby(initiative, observed=True).shift(1).where(carry)
    kept = carry & (before == "in effect").to_numpy()
    state = state.where(~kept, "in effect")
    in_force = ~life["status"].isin(NOT_IN_FORCE).to_numpy()
    ended = (state == ENDED).to_numpy()
    since_end = pd.Series(np.cumsum(ended), index=life.index)
    expiry = life["end_date"].where(in_force & ~ended).groupby([initiative, since_end], observed=True).ffill()
    following = life.groupby(initiative, observed=True)["date"].shift(-1)
    refused = (life["event_type"].isin(RENEWALS).to_numpy() & (life["status"] == "rejected").to_numpy()
               & (state == "in effect").to_numpy())
    vetoed = pd.Series(np.where(refused, 1.0, np.where(kept, np.nan, 0.0)), index=life.index)
    vetoed = vetoed.groupby(initiative, observed=True).ffill().fillna(0.0).astype(bool)
    return pd.DataFrame({"state": state, "expiry": expiry, "following": following, "vetoed": vetoed})


def groupby_lapsed(life: pd.DataFrame, as_of: dt.date, details: pd.DataFrame) -> pd.DataFrame:
    """The lapsed table as it was computed before (groupby on the initiatives' names)."""
    day = pd.Timestamp(as_of)
    life = life[(life["date"] <= day).to_numpy()]
    text = ["event_id", "title", "source_url", "source_publisher"]
    line = groupby_timeline(life)
    initiative = life["initiative"].astype(str)
    key = pd.Series(pd.factorize(initiative)[0], index=life.index)
    last = ~key.duplicated(keep="last").to_numpy()
    in_force = ~life["status"].isin(NOT_IN_FORCE).to_numpy()
    last_in_force = life["date"].where(in_force).groupby(key).transform("max")
    gone = (last & (line["state"] != ENDED).to_numpy() & ~line["vetoed"].to_numpy() & line["expiry"].notna().to_numpy()
            & (line["expiry"] < day).to_numpy() & (last_in_force <= line["expiry"]).to_numpy())
    stated = in_force & life["end_date"].notna().to_numpy() & (line["state"] != ENDED).to_numpy()
    setter = life.index[stated].to_series().groupby(initiative[stated].to_numpy()).last()
    expired = line["expiry"][gone]
    table = pd.DataFrame({"initiative": initiative[gone].to_numpy(), "expired": expired.to_numpy(),
                          "days": (day - expired).dt.days.to_numpy()})
    found = lookup(details, setter.reindex(initiative[gone]).to_numpy(), text).reset_index(drop=True)
    return pd.concat([table, found], axis=1).sort_values("expired", ascending=False, kind="stable").reset_index(
        drop=True)


def _prepared(data: bytes, name: str) -> pd.DataFrame:
    return prepare(parse_curated(data, name)).result.events


@pytest.fixture(scope="module", params=["bundled", "synthetic"])
def events(request) -> pd.DataFrame:
    """The bundled events, or 20,000 synthetic ones (400 initiatives), as the app holds them."""
    if request.param == "bundled":
        return _prepared((ROOT / "data" / "events.csv").read_bytes(), "events.csv")
    return _prepared(make_events(20_000).to_csv(index=False).encode(), "events-20k.csv")


@pytest.mark.parametrize("types", [None, *TYPE_FILTERS], ids=["all", "filter-1", "filter-2", "filter-3"])
def test_timeline_lapsed_table_and_gantt_are_what_the_groupby_implementation_gave(events, types, monkeypatch):
    shown = events if types is None else events[events["event_type"].isin(types).to_numpy()]
    life = life_events(shown[["date", "end_date", "event_type", "status", "initiative"]])
    assert len(life) > 100
    pd.testing.assert_frame_equal(timeline(life), groupby_timeline(life))
    listed = 0
    for day in AS_OF:
        table = lapsed(life, day, details=events)
        pd.testing.assert_frame_equal(table, groupby_lapsed(life, day, events))
        listed += len(table)
    assert listed  # the comparison covers lapses, not only empty tables
    drawn = most_recent(life)
    drawn = drawn.assign(**lookup(events, drawn.index, ["event_id", "title"]))
    today = dt.date(2026, 1, 1)
    pieces = segments(drawn, today)
    with monkeypatch.context() as before:
        before.setattr(missions, "timeline", groupby_timeline)
        expected = segments(drawn, today)
    pd.testing.assert_frame_equal(pieces, expected)
    assert gantt(pieces).to_json() == gantt(expected).to_json()


def test_rows_of_initiatives_interleaved_by_date_get_each_initiative_s_own_timeline(events):
    # An end in one initiative does not clear the expiry of another whose rows come in between (the groupby
    # implementation numbered the stretches between ends over all rows, so it did when rows were not grouped).
    life = life_events(events)
    by_date = life.sort_values("date", kind="stable")
    assert not by_date.index.equals(life.index)
    pd.testing.assert_frame_equal(timeline(by_date), timeline(life).loc[by_date.index])


@pytest.mark.parametrize(("relief_day", "listed"), [("2025-01-31", ["e-0"]), ("2025-02-01", [])])
def test_a_decision_in_force_on_the_expiry_day_leaves_the_lapse_listed_and_one_after_it_does_not(relief_day, listed):
    loaded, _ = load_rows([event(0, "2024-01-30", "sanctions_renewal", "in_effect", "EU", "RUS", "M", "2025-01-31"),
                           event(1, relief_day, "sanctions_relief", "in_effect", "EU", "RUS", "M")])
    life = life_events(loaded)
    table = lapsed(life, dt.date(2025, 6, 1), details=loaded)
    pd.testing.assert_frame_equal(table, groupby_lapsed(life, dt.date(2025, 6, 1), loaded))
    assert list(table["event_id"]) == listed
