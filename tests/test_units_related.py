"""Related events as a unit: the same initiative, or a shared party within WINDOW_DAYS, nearest first."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.eventsets import POOL, Row, event, load_rows, rows
from tracker.related import LIMIT, WINDOW_DAYS, related


def reference_related(events: list[Row], chosen: int) -> list[tuple[str, str, int]]:
    """(event_id, why, gap in days) of the related events, nearest first (ties: file order), at most LIMIT."""
    this = events[chosen]
    found = []
    for i, row in enumerate(events):
        if i == chosen:
            continue
        gap = abs((row.date - this.date).days)
        if this.initiative and row.initiative == this.initiative:
            found.append((gap, i, "same initiative"))
        elif row.codes("either") & this.codes("either") and gap <= WINDOW_DAYS:
            found.append((gap, i, f"same parties within {WINDOW_DAYS} days"))
    return [(events[i].event_id, why, gap) for gap, i, why in sorted(found)[:LIMIT]]


def _table(table) -> list[tuple[str, str, int]]:
    return list(zip(table["event_id"], table["why"], (g.days for g in table["gap"]), strict=True))


@settings(max_examples=40, deadline=None)
@given(rows(max_size=20, near=True, pool=POOL[:6] + ("EU",)), st.data())
def test_related_events_match_the_reference(events, data):
    loaded, parties = load_rows(events)
    chosen = data.draw(st.integers(min_value=0, max_value=len(events) - 1))
    assert _table(related(loaded, parties, events[chosen].event_id)) == reference_related(events, chosen)


def test_the_window_is_inclusive_and_the_limit_keeps_the_nearest():
    events = [event(0, "2020-01-01", "statement", "announced", "USA", "RUS", initiative="Alpha"),
              event(1, "2020-03-31", "statement", "announced", "RUS"),  # 90 days later
              event(2, "2020-04-01", "statement", "announced", "RUS"),  # 91 days later
              event(3, "2018-01-01", "sanctions", "in_effect", "CAN", "IRN", initiative="Alpha"),
              event(4, "2020-01-02", "statement", "announced", "CAN", "IRN")]  # shares no party with e-0
    loaded, parties = load_rows(events)
    assert _table(related(loaded, parties, "e-0")) == [("e-1", "same parties within 90 days", 90),
                                                       ("e-3", "same initiative", 730)]
    many = [event(i, f"2020-01-{i + 1:02d}", "statement", "announced", "USA") for i in range(LIMIT + 5)]
    loaded, parties = load_rows(many)
    assert [e for e, _, _ in _table(related(loaded, parties, "e-10"))] == [
        "e-9", "e-11", "e-8", "e-12", "e-7", "e-13", "e-6", "e-14", "e-5", "e-15", "e-4", "e-16", "e-3", "e-17",
        "e-2"]
