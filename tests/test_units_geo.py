"""The map as units: bloc expansion by membership on the event's date, country counts per role with and without
it, and the former states the map cannot draw, against plain loops over the events and data/memberships.csv."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings

from tests.eventsets import Row, event, load_rows, members_on, memberships, rows
from tracker.core.actors import registry
from tracker.geo import country_counts, expand_blocs, former_states

ROLES = ("either", "actor", "target")
MEMBERSHIPS = memberships()


def expanded_codes(row: Row, role: str, expand: bool) -> set[str]:
    """The parties of an event in `role`; with `expand`, a bloc with memberships stands for its members on the
    event's date."""
    codes = set()
    for code in row.codes(role):
        members = members_on(code, row.date, MEMBERSHIPS) if expand else None
        codes |= {code} if members is None else members
    return codes


def reference_counts(events: list[Row], role: str, expand: bool) -> dict[str, int]:
    """State -> events naming it in `role` (an event counts once per state, whatever the number of its mentions)."""
    counts: Counter = Counter()
    for row in events:
        counts.update(c for c in expanded_codes(row, role, expand) if registry().kind(c) == "state")
    return dict(counts)


def reference_former(events: list[Row], role: str) -> list[str]:
    return sorted({registry().name(c) for row in events for c in row.codes(role)
                   if registry().kind(c) == "former_state"})


def _counts(table) -> dict[str, int]:
    assert len(set(table["code"])) == len(table), "a state appears twice"
    assert list(table["events"]) == sorted(table["events"], reverse=True)
    assert list(table["name"]) == [registry().name(c) for c in table["code"]]
    return dict(zip(table["code"], (int(n) for n in table["events"]), strict=True))


@settings(max_examples=40, deadline=None)
@given(rows(max_size=12))
def test_expanded_parties_are_the_members_on_the_event_date(events):
    loaded, parties = load_rows(events)
    expanded = expand_blocs(parties)
    got = list(zip(expanded["pos"], expanded["role"].astype(str), expanded["code"].astype(str), strict=True))
    assert len(set(got)) == len(got), "a party appears twice in one role of an event"
    want = {(i, role, code) for i, row in enumerate(events) for role in ("actor", "target")
            for code in expanded_codes(row, role, expand=True)}
    assert set(got) == want
    # Each (event, code) has exactly one row that is not a repeat: counts "per party" see it once.
    first = Counter((pos, code) for (pos, _role, code), repeat in zip(got, expanded["repeat"], strict=True)
                    if not repeat)
    assert first == Counter({(pos, code): 1 for pos, _role, code in got})
    # The event's date and type ride along with every row, members included.
    assert list(expanded["date"]) == list(loaded["date"].to_numpy()[expanded["pos"]])
    assert list(expanded["event_type"].astype(str)) == [events[p].event_type for p in expanded["pos"]]


@settings(max_examples=40, deadline=None)
@given(rows(max_size=12))
def test_country_counts_match_the_reference_in_every_role_with_and_without_blocs(events):
    _, parties = load_rows(events)
    expanded = expand_blocs(parties)
    for role in ROLES:
        assert _counts(country_counts(parties, role)) == reference_counts(events, role, expand=False), role
        assert _counts(country_counts(expanded, role)) == reference_counts(events, role, expand=True), role
        assert former_states(parties, role) == reference_former(events, role)
        assert former_states(expanded, role) == reference_former(events, role)


@pytest.mark.parametrize(("day", "member"), [("2020-01-31", True), ("2020-02-01", False)])
def test_gbr_counts_for_the_eu_until_brexit_day(day, member):
    events = [event(0, day, "sanctions", "in_effect", "EU", "RUS")]
    _, parties = load_rows(events)
    counts = _counts(country_counts(expand_blocs(parties), "actor"))
    assert ("GBR" in counts) is member
    assert len(counts) == (28 if member else 27) and "EU" not in counts


@pytest.mark.parametrize(("day", "joined"), [("2023-04-03", False), ("2023-04-04", True)])
def test_a_state_counts_for_nato_from_its_joining_day(day, joined):
    _, parties = load_rows([event(0, day, "statement", "announced", "NATO", "RUS")])
    assert ("FIN" in _counts(country_counts(expand_blocs(parties), "actor"))) is joined


def test_a_state_on_both_sides_directly_and_through_a_bloc_counts_once_either_side():
    events = [event(0, "2021-06-01", "statement", "announced", "EU;DEU;G7", "DEU;FRA"),
              event(1, "2021-06-02", "sanctions", "in_effect", "G20", "SUN;RUS")]  # G20 has no member list
    _, parties = load_rows(events)
    expanded = expand_blocs(parties)
    either = _counts(country_counts(expanded, "either"))
    assert either["DEU"] == 1 and either["FRA"] == 1 and either["USA"] == 1 and either["RUS"] == 1
    assert "G20" in set(expanded["code"].astype(str)) and "G20" not in either
    assert _counts(country_counts(expanded, "target")) == {"DEU": 1, "FRA": 1, "RUS": 1}
    assert former_states(expanded, "target") == ["Soviet Union"] and former_states(expanded, "actor") == []
