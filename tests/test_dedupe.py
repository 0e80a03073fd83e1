"""Likely duplicates: same event type, a shared actor or target, and dates within a few days."""

from __future__ import annotations

import pandas as pd
import pytest

from loaders import load
from tests.conftest import FIXTURES
from tracker.dedupe import DUPLICATE_COLUMNS, likely_duplicates


@pytest.fixture(scope="module")
def existing() -> pd.DataFrame:
    """The validated fixture events (datetime dates, month- and year-precision rows included)."""
    return load(FIXTURES / "events.csv").events


def candidate(**values: str) -> dict:
    """A candidate resembling f-2018-01-10-can-rus (Canada sanctions Russia on 10 Jan 2018), with changes."""
    return {"event_id": "c-1", "date": "2018-01-11", "date_precision": "day", "event_type": "sanctions",
            "actors": "CAN", "targets": "RUS", "title": "Canada sanctions Russian officials", **values}


def flagged(existing: pd.DataFrame, *rows: dict, index: list | None = None, days: int = 3) -> list[tuple]:
    found = likely_duplicates(pd.DataFrame(list(rows), index=index), existing, days=days)
    assert list(found.columns) == DUPLICATE_COLUMNS
    return list(found[["candidate_index", "event_id"]].itertuples(index=False, name=None))


def test_same_type_shared_party_and_near_date_is_flagged_with_a_reason(existing: pd.DataFrame):
    found = likely_duplicates(pd.DataFrame([candidate()], index=[7]), existing)
    assert found.to_dict("records") == [{
        "candidate_index": 7, "event_id": "f-2018-01-10-can-rus", "title": "Canada sanctions Russian officials",
        "reason": "same event type (Sanctions); shared actors: CAN; shared targets: RUS; 1 day apart"}]


@pytest.mark.parametrize(("change", "expected"), [
    ({}, [(0, "f-2018-01-10-can-rus")]),
    ({"date": "2018-01-13"}, [(0, "f-2018-01-10-can-rus")]),
    ({"date": "2018-01-07"}, [(0, "f-2018-01-10-can-rus")]),
    ({"actors": "USA", "targets": "RUS"}, [(0, "f-2018-01-10-can-rus")]),
    ({"actors": "CAN;GBR", "targets": "BLR"}, [(0, "f-2018-01-10-can-rus")]),
    ({"event_type": "sanctions_renewal"}, []),
    ({"actors": "USA", "targets": "BLR"}, []),
    ({"actors": "RUS", "targets": "CAN"}, []),
    ({"date": "2018-01-14"}, []),
    ({"date": "2018-01-06"}, []),
    ({"date": "not a date"}, []),
])
def test_type_party_and_date_each_decide(existing: pd.DataFrame, change: dict, expected: list):
    assert flagged(existing, candidate(**change)) == expected


def test_days_sets_the_window(existing: pd.DataFrame):
    assert flagged(existing, candidate(date="2018-01-20"), days=10) == [(0, "f-2018-01-10-can-rus")]
    assert flagged(existing, candidate(date="2018-01-10"), days=0) == [(0, "f-2018-01-10-can-rus")]
    assert flagged(existing, candidate(date="2018-01-11"), days=0) == []


def test_a_month_precision_event_covers_its_whole_month(existing: pd.DataFrame):
    row = candidate(actors="EU", date="2018-03-28")
    found = likely_duplicates(pd.DataFrame([row]), existing)
    assert found[["event_id", "reason"]].values.tolist() == [
        ["f-2018-03-eu-rus", "same event type (Sanctions); shared actors: EU; shared targets: RUS; overlapping dates"]]
    assert flagged(existing, candidate(actors="EU", date="2018-04-05")) == []


def test_a_month_precision_candidate_covers_its_whole_month(existing: pd.DataFrame):
    row = candidate(date="2018-01-01", date_precision="month")
    assert flagged(existing, row) == [(0, "f-2018-01-10-can-rus")]


def test_empty_targets_do_not_count_as_shared(existing: pd.DataFrame):
    row = candidate(event_type="statement", date="2020-01-01", date_precision="year", actors="USA", targets="")
    assert flagged(existing, row) == []
    assert flagged(existing, {**row, "actors": "RUS"}) == [(0, "f-2020-rus-statement")]


def test_candidates_keep_their_index_labels_and_order(existing: pd.DataFrame):
    rows = [candidate(actors="EU", date="2018-03-02"), candidate(actors="USA;EU", targets="RUS", date="2019-03-16")]
    assert flagged(existing, *rows, index=["b", "a"]) == [("b", "f-2018-03-eu-rus"), ("a", "f-2019-03-15-joint-kerch")]


def test_existing_events_as_raw_text_work_too(existing: pd.DataFrame):
    raw = pd.read_csv(FIXTURES / "events.csv", dtype=str, keep_default_na=False)
    assert flagged(raw, candidate()) == [(0, "f-2018-01-10-can-rus")]
    assert flagged(raw, candidate(actors="EU", date="2018-03-28")) == [(0, "f-2018-03-eu-rus")]


def test_no_candidates_or_no_existing_events_give_an_empty_table(existing: pd.DataFrame):
    assert likely_duplicates(pd.DataFrame(columns=list(candidate())), existing).empty
    assert likely_duplicates(pd.DataFrame([candidate()]), existing.iloc[:0]).empty


def test_many_existing_events_are_compared_at_once(existing: pd.DataFrame):
    copies = pd.concat([existing] * 1200, ignore_index=True)
    copies["event_id"] = [f"e-{n}" for n in range(len(copies))]
    found = likely_duplicates(pd.DataFrame([candidate()] * 20), copies)
    assert len(found) == 20 * 1200
    assert set(found["title"]) == {"Canada sanctions Russian officials"}
