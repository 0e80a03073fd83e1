"""Property-based tests: generated CSV files never break the loader's accounting; generated links never break a page."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.curated import parse_curated
from tests.apptest import open_page
from tracker.core.errors import DataError
from tracker.core.schema import COLUMNS, EVENT_TYPES, STATUSES

# Thousands of generated files and links: minutes, so `make fast` leaves them out (CI runs them).
pytestmark = pytest.mark.slow

NAMES = list(COLUMNS)
VALID = {"event_id": ["e-1", "e-2", "x"], "date": ["2019-03-18", "2015-09-01", "2099-01-01", "2019-02-30"],
         "date_precision": ["day", "month", "year", "week"], "event_type": [*EVENT_TYPES, "sanction"],
         "status": [*STATUSES, "done"], "actors": ["CAN", "EU;USA", "Russia", ""], "targets": ["RUS", "", "XX"],
         "source_url": ["https://example.org", "javascript:alert(1)", ""], "personnel": ["200", "-1", "many"]}
NASTY = st.sampled_from(["", " ", '"', '""', ",", ";", "\n", "\r", "\t", "<script>", "=1+1", "é", "\ufeff", "NA"])
CELL = st.one_of(NASTY, st.text(max_size=12), st.text(alphabet=string.printable, max_size=30))


@st.composite
def csv_files(draw) -> bytes:
    header = draw(st.one_of(st.just(NAMES), st.permutations(NAMES), st.lists(st.sampled_from(NAMES + ["extra"]),
                                                                              max_size=20)))
    rows = []
    for _ in range(draw(st.integers(0, 8))):
        width = draw(st.one_of(st.just(len(header)), st.integers(0, len(header) + 2)))
        rows.append([draw(st.one_of(st.sampled_from(VALID.get(header[i] if i < len(header) else "", [""])), CELL))
                     for i in range(width)])
    sep = draw(st.sampled_from([",", ";", "\t"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    quote = draw(st.booleans())

    def cell(value: str) -> str:
        return '"' + value.replace('"', '""') + '"' if quote or any(c in value for c in sep + '"\r\n') else value

    text = newline.join(sep.join(cell(v) for v in row) for row in [header, *rows])
    text += draw(st.sampled_from(["", newline]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1"]))
    return text.encode(encoding, errors="replace")


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(csv_files())
def test_loader_never_raises_and_accounts_for_every_row(data):
    try:
        result = parse_curated(data, "fuzz.csv")
    except DataError:
        return  # a whole-file error the app shows as a message
    assert result.loaded + len(result.rejected) == result.rows
    assert all(p.reason for p in result.problems)
    if len(result.rejected):
        assert result.problems


def _outcome(result) -> tuple:
    events = result.events.drop(columns=["_row"]).astype(str).to_dict("records")
    return (result.rows, events, list(result.events["_row"]), result.problems,
            result.rejected.astype(str).to_dict("records"), result.notices)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(csv_files())
def test_fast_reader_gives_exactly_what_the_exact_reader_gives(data):
    try:
        exact = parse_curated(data, "fuzz.csv", fast=False)
    except DataError:
        exact = None
    try:
        fast = parse_curated(data, "fuzz.csv")
    except DataError:
        fast = None
    assert (exact is None) == (fast is None)
    if exact is not None:
        assert _outcome(fast) == _outcome(exact)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_loader_survives_arbitrary_bytes(data):
    try:
        result = parse_curated(data, "bytes.csv")
    except DataError:
        return
    assert result.loaded + len(result.rejected) == result.rows


KEYS = ["actor", "target", "involving", "type", "status", "from", "to", "q", "role", "expand", "who", "event",
        "asof", "months", "data", "merge", "compare", "per"]
VALUES = st.one_of(st.sampled_from(["CAN", "RUS", "EU", "sanctions", "in_effect", "2019-01-01", "2099-12-31",
                                    "true", "target", "12", "-5", "0", "1e9", "", "f-2015-09-can-unifier",
                                    "month", "either"]),
                   st.text(max_size=20))
PAGES = ["overview", "events", "map", "flows", "missions", "actor", "compare", "event", "data", "data_quality",
         "about"]


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(page=st.sampled_from(PAGES), params=st.lists(st.tuples(st.sampled_from(KEYS), VALUES), max_size=6))
def test_no_link_breaks_a_page(fixture_events_path, page, params):
    query: dict[str, list[str]] = {}
    for key, value in params:
        query.setdefault(key, []).append(value)
    from urllib.parse import urlencode

    at = open_page(page, urlencode(query, doseq=True))
    assert not at.exception, (page, query, at.exception)
