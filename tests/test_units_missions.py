"""Missions as units: the state rule as a full table, each initiative's states over its events, and the Gantt
chart's pieces, against references written from data/README.md ("Missions chart states") and the schema."""

from __future__ import annotations

import datetime as dt
from itertools import groupby, product

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.eventsets import Row, event, load_rows
from tracker.core.schema import EVENT_TYPES, STATUSES
from tracker.missions import ENDED, NO_RECORD, WINDING_DOWN, gantt, life_events, next_state, segments, timeline

IN_EFFECT, ANNOUNCED, REQUESTED = "in effect", "announced", "requested"
RENEWALS = {"mission_renewal", "sanctions_renewal"}
# Statuses of a decision not (yet) in force: asked for, proposed, expected, or refused.
UNDECIDED = {"requested", "proposed", "expected", "rejected"}
# A renewal with one of these statuses while the initiative is in effect changes nothing (README): announced by
# the body that runs it, asked for, proposed or expected, or vetoed (in effect until the current expiry).
KEEPS_RUNNING = {"announced", "requested", "proposed", "expected", "rejected"}


def reference_next_state(previous: str | None, event_type: str, status: str) -> str:
    """The README's rule: an event decides the state alone, except a renewal that is not adopted, or any decision
    not in force, while the initiative is in effect, which keeps it in effect; a renewal refused with no mandate in
    force ends it."""
    if previous == IN_EFFECT and event_type in RENEWALS and status in KEEPS_RUNNING:
        return IN_EFFECT
    if previous == IN_EFFECT and status in UNDECIDED:  # asked for, proposed, expected or refused: nothing decided yet
        return IN_EFFECT
    if status == "expired":  # the schema: the mandate, regime or measure has ended
        return ENDED
    if event_type in RENEWALS and status == "rejected":  # a refused renewal: no mandate after it, never a request
        return ENDED
    if status in UNDECIDED:  # asked for, proposed or expected; a refused proposal is drawn the same way
        return REQUESTED
    if event_type == "mission_end":  # an end announced or in force
        return ENDED
    return IN_EFFECT if status == "in_effect" else ANNOUNCED


PREVIOUS = (None, REQUESTED, ANNOUNCED, IN_EFFECT, ENDED, NO_RECORD)


def test_next_state_matches_the_readme_rule_for_every_state_type_and_status():
    table = list(product(PREVIOUS, EVENT_TYPES, STATUSES))
    assert len(table) == 6 * 10 * 7
    wrong = [(p, t, s, next_state(p, t, s), reference_next_state(p, t, s)) for p, t, s in table
             if next_state(p, t, s) != reference_next_state(p, t, s)]
    assert not wrong


# Types of a mission's or regime's life (README), and one that is never part of it.
LIFE_TYPES = ("mission_launch", "mission_renewal", "mission_end", "sanctions", "sanctions_renewal",
              "sanctions_relief")
MANDATE_TYPES = {"mission_launch", "mission_renewal", "mission_end", "sanctions_renewal"}


def reference_life(events: list[Row]) -> list[Row]:
    """The events of initiatives with a mandate (a mission event, a sanctions renewal, or an expiry), sorted by
    initiative and date (same day: file order)."""
    life = [row for row in events if row.initiative and row.event_type in LIFE_TYPES]
    marked = {row.initiative for row in life if row.event_type in MANDATE_TYPES or row.end_date}
    return sorted((row for row in life if row.initiative in marked), key=lambda row: (row.initiative, row.date))


def reference_states(events: list[Row]) -> list[tuple[str, str]]:
    """(event_id, state after it) for the life events, each initiative folded through the rule from no state."""
    out = []
    for _initiative, group in groupby(reference_life(events), key=lambda row: row.initiative):
        state = None
        for row in group:
            state = reference_next_state(state, row.event_type, row.status)
            out.append((row.event_id, state))
    return out


def reference_segments(events: list[Row], today: dt.date) -> list[tuple]:
    """(initiative, start, end, state, event_id, event_type, title) per piece, from segments' docstring and the
    README: a piece lasts until the next decision, else until the expiry in force, else until today (no time at
    all once ended); an expiry passing before the next decision (or before today) stops the piece there and a
    *no record* piece fills the stretch after it, or, after a veto, the initiative ends at that expiry. An end
    decided (in effect or announced) with a later end date is *winding down* until that date or the next decision,
    and an *ended* piece marks the date when it comes first and has passed.

    The expiry in force is the latest stated by a decision in force; an end clears it. A veto holds while only
    renewals that change nothing follow it; any decision that decides the state again lifts it."""
    pieces = []
    for initiative, group in groupby(reference_life(events), key=lambda row: row.initiative):
        group = list(group)
        state, expiry, vetoed = None, None, False
        for k, row in enumerate(group):
            before, state = state, reference_next_state(state, row.event_type, row.status)
            if state == ENDED:
                expiry = None
            elif row.status not in UNDECIDED and row.end_date:
                expiry = row.end_date
            kept = before == IN_EFFECT and ((row.event_type in RENEWALS and row.status in KEEPS_RUNNING)
                                            or row.status in UNDECIDED)
            if row.event_type in RENEWALS and row.status == "rejected" and state == IN_EFFECT:
                vetoed = True
            elif not kept:
                vetoed = False
            following = group[k + 1].date if k + 1 < len(group) else None
            until = following or today
            closing = (state == ENDED and row.event_type == "mission_end" and row.status in ("in_effect", "announced")
                       and row.end_date is not None and row.end_date > row.date)
            if closing:  # an end decided with a later end date: winding down until then (or the next decision)
                end = following if following is not None and following <= row.end_date else row.end_date
                pieces.append((initiative, row.date, end, WINDING_DOWN, row.event_id, row.event_type, row.title))
                if (following is None or following > row.end_date) and row.end_date <= today:
                    pieces.append((initiative, row.end_date, row.end_date, ENDED, row.event_id, "",
                                   "Ended on the end date its last decision set"))
                continue
            if state == ENDED:
                end = row.date
            elif expiry is not None and row.date <= expiry < until:
                end = expiry
            elif following is None and expiry is not None and expiry >= today:
                end = expiry
            else:
                end = until
            pieces.append((initiative, row.date, end, state, row.event_id, row.event_type, row.title))
            if state != ENDED and expiry is not None and row.date <= expiry < until:
                if vetoed:
                    pieces.append((initiative, expiry, expiry, ENDED, row.event_id, "",
                                   "Ended at its expiry: the renewal was refused"))
                else:
                    pieces.append((initiative, expiry, until, NO_RECORD, row.event_id, "",
                                   "Expired with no renewal or end recorded"))
    return pieces


BASE = dt.date(2016, 1, 1)
STEP = dt.timedelta(days=30)  # dates and expiries on one grid, so expiries often fall on a later decision's day


# Every status, with adopted and refused decisions more often (so vetoes and later renewals meet).
STATUS = st.sampled_from((*STATUSES, "in_effect", "in_effect", "in_effect", "rejected", "rejected"))
# Every life type, launches, renewals and ends more often, and a type that is never part of a mandate's life.
TYPE = st.sampled_from((*LIFE_TYPES, "mission_launch", "mission_renewal", "mission_renewal", "mission_end",
                        "sanctions_renewal", "statement"))


@st.composite
def mandates(draw) -> tuple[list[Row], dt.date]:
    """Events of two initiatives (and a few others) a few 30-day steps apart, in any file order, and a today on
    or after all of them."""
    n = draw(st.integers(min_value=1, max_value=14))
    steps = draw(st.lists(st.integers(min_value=0, max_value=4), min_size=n, max_size=n))
    order = draw(st.permutations(range(n)))
    events = []
    for i in range(n):
        day = BASE + sum(steps[: order[i] + 1]) * STEP
        lasting = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=10)))
        events.append(Row(f"e-{i}", day, None if lasting is None else day + lasting * STEP, draw(TYPE), draw(STATUS),
                          ("UNSC",), ("LBN",), draw(st.sampled_from(("Alpha", "Alpha", "Alpha", "Beta", ""))),
                          f"Event {i}"))
    today = max(row.date for row in events) + draw(st.integers(min_value=0, max_value=20)) * STEP
    return events, today


def _pieces(table: pd.DataFrame) -> list[tuple]:
    return [(str(r.initiative), r.start.date(), r.end.date(), r.state, r.event_id, r.event_type, r.title)
            for r in table.itertuples()]


def check_pieces(life: pd.DataFrame, pieces: pd.DataFrame, today: dt.date) -> None:
    """Each initiative's pieces: from its first event, one after the other with no gap and no overlap (nothing is
    drawn between an end and the next decision), up to today or an expiry still ahead, unless it ended."""
    today_ts = pd.Timestamp(today)
    for initiative, mine in pieces.groupby("initiative", observed=True, sort=False):
        assert list(mine["start"]) == sorted(mine["start"])
        assert (mine["end"] >= mine["start"]).all()
        assert mine["start"].iloc[0] == life.loc[life["initiative"] == initiative, "date"].min()
        for before, after in zip(mine.iloc[:-1].itertuples(), mine.iloc[1:].itertuples(), strict=True):
            if before.state == ENDED:
                assert after.start >= before.end
            else:
                assert after.start == before.end, (before, after)
        last = mine.iloc[-1]
        if last["state"] == ENDED:
            assert last["end"] == last["start"]
        else:
            assert last["end"] >= today_ts


@settings(max_examples=120, deadline=None)
@given(mandates())
def test_states_and_segments_match_the_reference_and_pieces_are_contiguous(case):
    events, today = case
    loaded, _ = load_rows(events)
    life = life_events(loaded)
    assert list(life["event_id"]) == [row.event_id for row in reference_life(events)]
    assert list(zip(life["event_id"], timeline(life)["state"], strict=True)) == reference_states(events)
    pieces = segments(life, today)
    check_pieces(life, pieces, today)
    assert _pieces(pieces) == reference_segments(events, today)


# Hand-written cases: (rows, today) -> [(state, start, end)].
def chain(*rows: tuple) -> list[Row]:
    return [event(i, date, kind, status, "UNSC", "LBN", "M", end) for i, (date, end, kind, status) in enumerate(rows)]


def _drawn(rows: list[Row], today: str) -> list[tuple[str, str, str]]:
    loaded, _ = load_rows(rows)
    pieces = segments(life_events(loaded), dt.date.fromisoformat(today))
    return [(r.state, f"{r.start:%Y-%m-%d}", f"{r.end:%Y-%m-%d}") for r in pieces.itertuples()]


def test_an_end_clears_the_expiry_so_a_relaunch_without_one_runs_to_today():
    rows = chain(("2016-01-01", "2017-12-31", "mission_launch", "in_effect"),
                 ("2016-06-01", None, "mission_end", "expired"),
                 ("2016-09-01", None, "mission_launch", "in_effect"))
    assert _drawn(rows, "2019-01-01") == [(IN_EFFECT, "2016-01-01", "2016-06-01"), (ENDED, "2016-06-01", "2016-06-01"),
                                          (IN_EFFECT, "2016-09-01", "2019-01-01")]


def test_a_veto_is_lifted_by_a_later_adopted_renewal():
    rows = chain(("2016-01-01", "2017-01-31", "mission_launch", "in_effect"),
                 ("2016-12-01", None, "mission_renewal", "rejected"),  # vetoed: ends on 2017-01-31 ...
                 ("2017-01-15", "2018-01-31", "mission_renewal", "in_effect"))  # ... unless renewed after all
    assert _drawn(rows, "2019-01-01") == [(IN_EFFECT, "2016-01-01", "2016-12-01"),
                                          (IN_EFFECT, "2016-12-01", "2017-01-15"),
                                          (IN_EFFECT, "2017-01-15", "2018-01-31"),
                                          (NO_RECORD, "2018-01-31", "2019-01-01")]


def test_a_veto_ends_the_mandate_at_its_expiry_and_a_request_after_it_does_not_lift_it():
    rows = chain(("2016-01-01", "2017-01-31", "mission_launch", "in_effect"),
                 ("2016-12-01", None, "mission_renewal", "rejected"),
                 ("2016-12-20", None, "mission_renewal", "requested"))
    assert _drawn(rows, "2019-01-01") == [(IN_EFFECT, "2016-01-01", "2016-12-01"),
                                          (IN_EFFECT, "2016-12-01", "2016-12-20"),
                                          (IN_EFFECT, "2016-12-20", "2017-01-31"),
                                          (ENDED, "2017-01-31", "2017-01-31")]


def test_a_host_asking_a_mission_to_leave_leaves_it_in_effect_and_a_final_mandate_winds_it_down():
    # MINUSMA in 2023: Mali demands the withdrawal; the Council ends the mandate with a withdrawal period; the
    # withdrawal completes on the date the Council set.
    rows = chain(("2022-06-29", "2023-06-30", "mission_renewal", "in_effect"),
                 ("2023-06-16", None, "mission_end", "requested"),
                 ("2023-06-30", "2023-12-31", "mission_end", "in_effect"),
                 ("2023-12-31", None, "mission_end", "expired"))
    assert _drawn(rows, "2026-01-01") == [(IN_EFFECT, "2022-06-29", "2023-06-16"),
                                          (IN_EFFECT, "2023-06-16", "2023-06-30"),
                                          (WINDING_DOWN, "2023-06-30", "2023-12-31"),
                                          (ENDED, "2023-12-31", "2023-12-31")]


@pytest.mark.parametrize(("today", "drawn"), [
    # The end date is still ahead: the mission runs on to it, and is not drawn as ended.
    ("2026-02-15", [(IN_EFFECT, "2025-07-14", "2026-01-27"), (WINDING_DOWN, "2026-01-27", "2026-03-31")]),
    # The end date has passed with nothing later recorded: it ended on that date.
    ("2026-12-01", [(IN_EFFECT, "2025-07-14", "2026-01-27"), (WINDING_DOWN, "2026-01-27", "2026-03-31"),
                    (ENDED, "2026-03-31", "2026-03-31")]),
])
def test_an_end_decided_with_a_later_end_date_winds_down_until_that_date(today, drawn):
    rows = chain(("2025-07-14", "2026-01-28", "mission_renewal", "in_effect"),
                 ("2026-01-27", "2026-03-31", "mission_end", "in_effect"))
    assert _drawn(rows, today) == drawn


def test_the_gantt_draws_winding_down_in_its_own_colour_with_the_deciding_title():
    loaded, _ = load_rows(chain(("2025-07-14", "2026-01-28", "mission_renewal", "in_effect"),
                                ("2026-01-27", "2026-03-31", "mission_end", "in_effect")))
    figure = gantt(segments(life_events(loaded), dt.date(2026, 2, 15)))
    bars = {trace.name: trace for trace in figure.data}
    assert list(bars[WINDING_DOWN].base) == [pd.Timestamp("2026-01-27")]
    assert bars[WINDING_DOWN].customdata[0].startswith("Event 1")
    assert len(bars[ENDED].base) == 0


@pytest.mark.parametrize(("renewal_day", "drawn"), [
    ("2017-01-31", [(IN_EFFECT, "2016-01-01", "2017-01-31"), (IN_EFFECT, "2017-01-31", "2018-01-31")]),
    ("2017-02-01", [(IN_EFFECT, "2016-01-01", "2017-01-31"), (NO_RECORD, "2017-01-31", "2017-02-01"),
                    (IN_EFFECT, "2017-02-01", "2018-01-31")]),
])
def test_a_renewal_on_the_expiry_day_continues_and_a_day_later_leaves_a_no_record_day(renewal_day, drawn):
    rows = chain(("2016-01-01", "2017-01-31", "mission_launch", "in_effect"),
                 (renewal_day, "2018-01-31", "mission_renewal", "in_effect"))
    assert _drawn(rows, "2017-06-01") == drawn


def test_life_events_are_the_initiatives_with_a_mandate_sorted_by_date():
    rows = [event(0, "2018-05-01", "sanctions", "in_effect", "EU", "RUS", "Listings"),  # no mandate: left out
            event(1, "2018-06-01", "sanctions_relief", "in_effect", "EU", "RUS", "Listings"),
            event(2, "2019-01-01", "sanctions", "in_effect", "EU", "RUS", "Regime", "2019-07-31"),  # an expiry
            event(3, "2018-01-01", "sanctions_relief", "announced", "EU", "RUS", "Regime"),
            event(4, "2018-03-01", "statement", "announced", "EU", "RUS", "Regime"),  # not a life type
            event(5, "2017-01-01", "mission_launch", "in_effect", "UNSC", "LBN"),  # no initiative
            event(6, "2018-02-01", "mission_end", "expired", "UNSC", "LBN", "Mission")]
    loaded, _ = load_rows(rows)
    life = life_events(loaded)
    assert list(life["event_id"]) == ["e-6", "e-3", "e-2"] == [row.event_id for row in reference_life(rows)]
