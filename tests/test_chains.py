"""Mandate chains and Gantt states: breaks found in any file, *no record* stretches, the state rule as a table."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from tracker.chains import breaks_within, chain_breaks
from tracker.expiries import lapsed
from tracker.missions import ENDED, NO_RECORD, gantt, life_events, next_state, segments

TODAY = dt.date(2026, 12, 1)


def events(*rows: tuple) -> pd.DataFrame:
    """Rows of (event_id, date, end_date, event_type, status) for the initiative "M"."""
    frame = pd.DataFrame(rows, columns=["event_id", "date", "end_date", "event_type", "status"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["end_date"] = pd.to_datetime(frame["end_date"])
    return frame.assign(initiative="M", title=frame["event_id"], actors="UNSC", targets="LBN")


def test_a_continuous_chain_has_no_break():
    chain = events(("a", "2014-08-26", "2015-08-31", "mission_renewal", "in_effect"),
                   ("b", "2015-08-21", "2016-08-31", "mission_renewal", "in_effect"),
                   ("c", "2016-08-30", "2027-08-31", "mission_renewal", "in_effect"))
    assert chain_breaks(chain, TODAY).empty


def test_a_missing_renewal_is_a_break_named_with_its_expiry():
    chain = events(("a", "2014-08-26", "2015-08-31", "mission_renewal", "in_effect"),
                   ("c", "2016-08-30", "2027-08-31", "mission_renewal", "in_effect"))
    breaks = chain_breaks(chain, TODAY)
    assert list(breaks["expired"]) == [pd.Timestamp("2015-08-31")]
    assert breaks.loc[0, "message"] == ("M: expired 31 Aug 2015; no renewal or end recorded by then (next record "
                                        "30 Aug 2016, c).")


def test_an_expiry_passed_with_nothing_after_it_is_a_break_until_today():
    chain = events(("a", "2024-01-30", "2025-01-31", "mission_renewal", "in_effect"))
    assert chain_breaks(chain, TODAY).loc[0, "message"] == "M: expired 31 Jan 2025; no renewal or end recorded since."
    assert chain_breaks(chain, dt.date(2025, 1, 31)).empty  # on the expiry day itself it still runs


def test_an_end_closes_the_chain():
    chain = events(("a", "2022-06-29", "2023-06-30", "mission_renewal", "in_effect"),
                   ("z", "2023-06-30", None, "mission_end", "expired"))
    assert chain_breaks(chain, TODAY).empty


def test_a_late_renewal_adopted_on_the_expiry_day_continues_the_chain():
    chain = events(("a", "2019-08-29", "2020-08-31", "mission_renewal", "in_effect"),
                   ("b", "2020-08-31", "2021-08-31", "mission_renewal", "in_effect"),
                   ("c", "2021-08-30", "2027-08-31", "mission_renewal", "in_effect"))
    assert chain_breaks(chain, TODAY).empty


def test_a_vetoed_renewal_ends_the_mandate_at_its_expiry_without_a_break():
    chain = events(("a", "2023-03-23", "2024-04-30", "mission_renewal", "in_effect"),
                   ("v", "2024-03-28", None, "mission_renewal", "rejected"))
    assert chain_breaks(chain, TODAY).empty
    pieces = segments(life_events(chain), TODAY)
    assert list(pieces["state"]) == ["in effect", "in effect", ENDED]
    assert pieces.iloc[-1]["start"] == pd.Timestamp("2024-04-30")


def test_breaks_inside_a_claimed_span_are_the_ones_the_data_test_refuses():
    chain = events(("a", "2014-08-26", "2015-08-31", "mission_renewal", "in_effect"),
                   ("c", "2016-08-30", "2027-08-31", "mission_renewal", "in_effect"))
    breaks = chain_breaks(chain, TODAY)
    claim = pd.DataFrame({"initiative": ["M"], "covered_from": [pd.Timestamp("2014-01-01")],
                          "covered_to": [pd.Timestamp("2026-12-01")]})
    assert len(breaks_within(breaks, claim)) == 1
    narrower = claim.assign(covered_from=pd.Timestamp("2016-01-01"))
    assert breaks_within(breaks, narrower).empty


def test_the_stretch_after_an_unrecorded_expiry_is_drawn_as_no_record():
    chain = events(("a", "2014-08-26", "2015-08-31", "mission_renewal", "in_effect"),
                   ("c", "2016-08-30", "2017-08-31", "mission_renewal", "in_effect"))
    pieces = segments(life_events(chain), TODAY)
    assert list(zip(pieces["state"], pieces["start"].dt.date, pieces["end"].dt.date, strict=True)) == [
        ("in effect", dt.date(2014, 8, 26), dt.date(2015, 8, 31)),
        (NO_RECORD, dt.date(2015, 8, 31), dt.date(2016, 8, 30)),
        ("in effect", dt.date(2016, 8, 30), dt.date(2017, 8, 31)),
        (NO_RECORD, dt.date(2017, 8, 31), TODAY),
    ]
    figure = gantt(pieces)
    legend = [trace.name for trace in figure.data]
    assert NO_RECORD in legend and "in effect" in legend and ENDED in legend
    no_record = next(t for t in figure.data if t.name == NO_RECORD)
    assert len(no_record.x) == 2


def test_a_running_mandate_is_drawn_to_its_expiry_not_to_today():
    chain = events(("a", "2026-08-28", "2027-08-31", "mission_renewal", "in_effect"))
    pieces = segments(life_events(chain), TODAY)
    assert list(pieces["state"]) == ["in effect"] and pieces.loc[0, "end"] == pd.Timestamp("2027-08-31")


@pytest.mark.parametrize(("previous", "event_type", "status", "state"), [
    (None, "mission_launch", "in_effect", "in effect"),
    (None, "mission_launch", "announced", "announced"),
    ("in effect", "mission_renewal", "announced", "in effect"),  # a government announcing its own extension
    ("in effect", "mission_renewal", "in_effect", "in effect"),
    ("in effect", "mission_renewal", "rejected", "in effect"),  # a veto: in effect until the expiry
    (None, "mission_renewal", "rejected", ENDED),  # a veto with no mandate known in force: nothing runs after it
    ("requested", "sanctions_renewal", "rejected", ENDED),
    (ENDED, "mission_renewal", "rejected", ENDED),
    ("announced", "mission_renewal", "announced", "announced"),
    ("requested", "mission_renewal", "announced", "announced"),
    ("in effect", "mission_renewal", "requested", "in effect"),  # a host asking to extend it changes nothing yet
    ("in effect", "mission_renewal", "proposed", "in effect"),
    (None, "mission_renewal", "requested", "requested"),
    ("in effect", "mission_end", "expired", ENDED),
    ("in effect", "mission_end", "announced", ENDED),
    ("in effect", "sanctions_renewal", "announced", "in effect"),
    ("in effect", "sanctions_renewal", "in_effect", "in effect"),
    (None, "sanctions", "proposed", "requested"),
])
def test_state_rule(previous, event_type, status, state):
    assert next_state(previous, event_type, status) == state


def test_an_announced_extension_keeps_a_running_mission_in_effect_on_the_chart():
    chain = events(("l", "2015-09-01", "2017-03-31", "mission_launch", "in_effect"),
                   ("r", "2017-03-06", "2019-03-31", "mission_renewal", "announced"),
                   ("s", "2019-03-18", "2022-03-31", "mission_renewal", "announced"))
    pieces = segments(life_events(chain), dt.date(2020, 1, 1))
    assert set(pieces["state"]) == {"in effect"}


def test_a_claim_over_a_stretch_with_no_expiry_in_force_is_not_covered():
    from tracker.chains import chain_intervals, uncovered_claims

    chain = events(("a", "2018-04-12", "2019-04-13", "sanctions_renewal", "in_effect"),
                   ("l", "2022-10-17", None, "sanctions", "in_effect"),  # a listing states no expiry
                   ("m", "2023-03-20", None, "sanctions", "in_effect"))
    assert chain_intervals(chain, "M", TODAY) == [(pd.Timestamp("2018-04-12"), pd.Timestamp("2019-04-13"))]
    claim = pd.DataFrame({"initiative": ["M"], "covered_from": [pd.Timestamp("2022-10-17")],
                          "covered_to": [pd.Timestamp("2026-12-01")]})
    assert uncovered_claims(chain, claim, TODAY)
    assert not uncovered_claims(chain, claim.assign(covered_from=pd.Timestamp("2018-04-12"),
                                                    covered_to=pd.Timestamp("2019-04-13")), TODAY)


def test_a_running_chain_covers_up_to_today():
    from tracker.chains import chain_intervals

    chain = events(("a", "2024-08-28", "2025-08-31", "mission_renewal", "in_effect"),
                   ("b", "2025-08-28", "2026-12-31", "mission_renewal", "in_effect"))
    assert chain_intervals(chain, "M", TODAY) == [(pd.Timestamp("2024-08-28"), pd.Timestamp(TODAY))]


def test_a_request_to_extend_a_running_mission_keeps_it_in_effect_on_the_chart():
    chain = events(("l", "2015-09-01", "2019-03-31", "mission_launch", "in_effect"),
                   ("q", "2019-02-25", "2019-03-31", "mission_renewal", "requested"),
                   ("r", "2019-03-18", "2022-03-31", "mission_renewal", "announced"))
    pieces = segments(life_events(chain), dt.date(2020, 1, 1))
    assert set(pieces["state"]) == {"in effect"}


def test_a_veto_seen_without_the_mandate_before_it_is_never_drawn_as_requested():
    # E.g. the Missions page filtered to 2024: the UN Panel of Experts on North Korea's veto and its expiry only.
    veto_and_end = events(("v", "2024-03-28", None, "mission_renewal", "rejected"),
                          ("z", "2024-04-30", "2024-04-30", "mission_end", "expired"))
    for chain in (veto_and_end, veto_and_end.iloc[:1]):
        pieces = segments(life_events(chain), TODAY)
        assert set(pieces["state"]) == {ENDED}
        assert pieces["end"].max() <= pd.Timestamp("2024-04-30")  # not drawn on to today


def test_expired_with_no_renewal_recorded_lists_lapses_but_not_ends_or_vetoes():
    lapse = events(("a", "2024-01-30", "2025-01-31", "mission_renewal", "in_effect"))
    table = lapsed(life_events(lapse), TODAY)
    assert table[["initiative", "expired", "days", "event_id"]].to_dict("records") == [
        {"initiative": "M", "expired": pd.Timestamp("2025-01-31"), "days": 669, "event_id": "a"}]
    assert lapsed(life_events(lapse), dt.date(2025, 1, 31)).empty  # on the expiry day it still runs
    ended = events(("a", "2022-06-29", "2023-06-30", "mission_renewal", "in_effect"),
                   ("z", "2023-06-30", None, "mission_end", "expired"))
    vetoed = events(("a", "2023-03-23", "2024-04-30", "mission_renewal", "in_effect"),
                    ("v", "2024-03-28", None, "mission_renewal", "rejected"))
    renewed_late = events(("a", "2014-08-26", "2015-08-31", "mission_renewal", "in_effect"),
                          ("c", "2016-08-30", "2027-08-31", "mission_renewal", "in_effect"))
    for chain in (ended, vetoed, renewed_late):
        assert lapsed(life_events(chain), TODAY).empty
    # A request to renew it after the expiry is not a renewal: still listed.
    asked = pd.concat([lapse, events(("q", "2025-03-01", "2026-01-31", "mission_renewal", "requested"))],
                      ignore_index=True)
    assert list(lapsed(life_events(asked), TODAY)["event_id"]) == ["a"]


def test_each_gantt_bar_describes_its_initiative_in_its_hover():
    chain = events(("a", "2024-01-30", "2025-01-31", "mission_renewal", "in_effect"))
    pieces = segments(life_events(chain), TODAY)
    figure = gantt(pieces, {"M": "A <b>mission</b> that keeps the peace."})
    bars = [t for t in figure.data if t.type == "bar" and len(t.y)]
    assert bars and all(text.endswith("<br><i>A &lt;b&gt;mission&lt;/b&gt; that keeps the peace.</i>")
                        for t in bars for text in t.customdata)
    assert all("<i>" not in text for t in gantt(pieces).data if t.type == "bar" for text in t.customdata)
