"""The actor profile as units: counterparts, events per year and the type mix against plain loops."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.eventsets import Row, event, load_rows, rows
from tracker.core.actors import registry
from tracker.core.schema import EVENT_TYPES, type_title
from tracker.profile import COUNTERPARTS, counterparts, per_year, type_mix


def reference_counterparts(events: list[Row], code: str) -> list[tuple[str, str, int]]:
    """(code, name, events) of whoever is on the other side of `code` in its events, most events first (ties:
    code order), at most COUNTERPARTS; `code` itself never, and an event counts once per counterpart."""
    counts: Counter = Counter()
    for row in events:
        other = set()
        if code in row.codes("actor"):
            other |= row.codes("target")
        if code in row.codes("target"):
            other |= row.codes("actor")
        other.discard(code)
        counts.update(other)
    ranked = sorted(counts, key=lambda c: (-counts[c], c))[:COUNTERPARTS]
    return [(c, registry().name(c), counts[c]) for c in ranked]


def reference_per_year(events: list[Row], code: str) -> dict[tuple[int, str], int]:
    counts: Counter = Counter()
    for row in events:
        for role in ("actor", "target"):
            if code in row.codes(role):
                counts[(row.date.year, role)] += 1
    return dict(counts)


def reference_type_mix(events: list[Row], code: str) -> list[tuple[str, str, int]]:
    counts = Counter(row.event_type for row in events if code in row.codes("either"))
    return [(t, type_title(t), counts[t]) for t in EVENT_TYPES if counts[t]]


@settings(max_examples=40, deadline=None)
@given(rows(max_size=16, pool=("USA", "RUS", "GBR", "CAN", "EU", "UNSC")), st.data())
def test_profile_tables_match_the_reference(events, data):
    loaded, parties = load_rows(events)
    present = sorted({c for row in events for c in row.codes("either")})
    code = data.draw(st.sampled_from(present + ["JPN"]))  # JPN: a code with no event
    table = counterparts(parties, code)
    assert list(zip(table["code"], table["name"], table["events"], strict=True)) == reference_counterparts(events,
                                                                                                            code)
    years = per_year(parties, code)
    assert dict(zip(zip(years["year"], years["role"], strict=True), years["events"], strict=True)) == \
        reference_per_year(events, code)
    mine = loaded.iloc[[i for i, row in enumerate(events) if code in row.codes("either")]]
    mix = type_mix(mine)
    assert list(zip(mix["event_type"], mix["title"], mix["events"], strict=True)) == reference_type_mix(events, code)


def test_a_code_on_both_sides_of_an_event_has_every_other_party_as_counterpart_once():
    events = [event(0, "2021-01-01", "statement", "announced", "USA;GBR;RUS", "USA;RUS"),
              event(1, "2021-02-01", "sanctions", "in_effect", "CAN", "USA;RUS"),
              event(2, "2022-02-01", "sanctions", "in_effect", "USA", "RUS")]
    _, parties = load_rows(events)
    table = counterparts(parties, "USA")
    assert dict(zip(table["code"], table["events"], strict=True)) == {"RUS": 2, "GBR": 1, "CAN": 1}
    years = per_year(parties, "USA")
    assert sorted(zip(years["year"], years["role"], years["events"], strict=True)) == [
        (2021, "actor", 1), (2021, "target", 2), (2022, "actor", 1)]


def test_counterparts_are_capped_and_ranked_by_events_then_code():
    events = [event(0, "2021-01-01", "sanctions", "in_effect", "USA", "RUS")]
    events += [event(i, "2021-01-02", "statement", "announced", "USA", code)
               for i, code in enumerate(["IRN", "FRA", "DEU", "GBR", "CAN", "UKR", "HRV", "FIN", "MKD", "SWE",
                                         "XKX", "RUS"], start=1)]
    _, parties = load_rows(events)
    table = counterparts(parties, "USA")
    assert len(table) == COUNTERPARTS
    assert list(table["code"]) == ["RUS", "CAN", "DEU", "FIN", "FRA", "GBR", "HRV", "IRN", "MKD", "SWE"]
