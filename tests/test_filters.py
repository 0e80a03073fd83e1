"""Filters: a table of URL query strings -> the event ids the Events page lists -> the sentence above them."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from loaders import load
from tests.conftest import FIXTURES, ROOT
from tracker.core.actors import party_table
from tracker.filters import Filters, apply_filters, describe

ALL = {"f-2018-01-10-can-rus", "f-2018-03-eu-rus", "f-2019-03-15-joint-kerch", "f-2019-06-01-usa-irn",
       "f-2019-02-25-ukr-request", "f-2020-rus-statement", "f-2017-06-30-unsc-unoci-end", "f-2016-07-01-eu-renewal",
       "f-2015-09-can-unifier"}

CASES = [
    ("", ALL, "All 9 events"),
    ("actor=CAN", {"f-2018-01-10-can-rus", "f-2019-03-15-joint-kerch", "f-2015-09-can-unifier"},
     "Events by Canada: 3 events"),
    ("actor=CAN&actor=EU&type=sanctions&target=RUS&from=2018-01-01&to=2019-12-31",
     {"f-2018-01-10-can-rus", "f-2018-03-eu-rus", "f-2019-03-15-joint-kerch"},
     "Sanctions by Canada or the EU against Russia, Jan 2018 - Dec 2019: 3 events"),
    ("involving=CAN", {"f-2018-01-10-can-rus", "f-2019-03-15-joint-kerch", "f-2015-09-can-unifier",
                       "f-2019-02-25-ukr-request"}, "Events involving Canada: 4 events"),
    ("target=CAN", {"f-2019-02-25-ukr-request"}, "Events directed at Canada: 1 event"),
    ("from=2018-03-15&to=2018-03-20", {"f-2018-03-eu-rus"}, "Events, Mar 2018: 1 event"),
    ("from=2020-06-01", {"f-2020-rus-statement"}, "Events from Jun 2020: 1 event"),
    ("status=requested&status=expired", {"f-2019-02-25-ukr-request", "f-2017-06-30-unsc-unoci-end"},
     "Events with status requested or expired: 2 events"),
    ("type=mission_launch&type=mission_renewal&q=unifier",
     {"f-2019-02-25-ukr-request", "f-2015-09-can-unifier"},
     "Mission launch or mission renewal mentioning “unifier”: 2 events"),
    ("q=côte", {"f-2017-06-30-unsc-unoci-end"}, "Events mentioning “côte”: 1 event"),
    ("actor=USA&target=CAN", set(), "Events by the United States directed at Canada: 0 events"),
]


def run_events_page(query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "events.py"), default_timeout=30)
    for key, values in parse_qs(query).items():
        at.query_params[key] = values
    return at.run()


@pytest.mark.parametrize(("query", "ids", "sentence"), CASES)
def test_query_string_filters_the_events_page(fixture_events_path, query, ids, sentence):
    at = run_events_page(query)
    assert not at.exception
    assert at.markdown[0].value.replace("\\", "") == f"**{sentence}**"
    if ids:
        assert set(at.dataframe[0].value["event_id"]) == ids
    else:
        assert "No events match" in at.info[0].value


def test_unknown_url_values_are_dropped_with_a_notice(fixture_events_path):
    at = run_events_page("actor=CAN&actor=ATLANTIS&type=sanction&from=yesterday")
    notices = " ".join(w.value.replace("\\", "") for w in at.sidebar.warning)
    assert "actor=ATLANTIS" in notices and "type=sanction" in notices and "from=yesterday" in notices
    assert set(at.dataframe[0].value["event_id"]) == {"f-2018-01-10-can-rus", "f-2019-03-15-joint-kerch",
                                                      "f-2015-09-can-unifier"}


def test_multi_actor_event_is_found_under_each_actor():
    result = load(FIXTURES / "events.csv")
    parties = party_table(result.events)
    for code in ("CAN", "EU", "USA"):
        found = apply_filters(result.events, parties, Filters(actors=(code,)))
        assert "f-2019-03-15-joint-kerch" in set(found["event_id"])


def test_year_precision_event_matches_any_range_inside_its_year():
    result = load(FIXTURES / "events.csv")
    parties = party_table(result.events)
    november = Filters(date_from=dt.date(2020, 11, 1), date_to=dt.date(2020, 11, 30))
    found = apply_filters(result.events, parties, november)
    assert list(found["event_id"]) == ["f-2020-rus-statement"]


def test_sentence_names_organisations_and_statuses_in_plain_words():
    text = describe(Filters(actors=("UNSC",), statuses=("in_effect",), date_to=dt.date(2015, 2, 1)), 1)
    assert text == "Events by the UN Security Council with status in effect until Feb 2015: 1 event"
