"""The one error path: every user-facing data error shows its sentence and the rows at fault."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _page():
    from tracker.core.errors import DataError, Problem
    from tracker.ui import show_data_error

    show_data_error(DataError("Nothing was added to events.csv: 1 of the 2 new events cannot be added.",
                              [Problem(2, "event_id", "x-1", "this event_id is already used in events.csv")]))
    import streamlit as st

    st.write("not reached")


def test_a_data_error_shows_its_sentence_then_its_rows_and_stops_the_page():
    at = AppTest.from_function(_page, default_timeout=60).run()
    assert "Nothing was added to events\\.csv" in at.error[0].value
    table = at.dataframe[0].value
    assert table.to_dict("records") == [{"row": 2, "column": "event_id", "value": "x-1",
                                         "reason": "this event_id is already used in events.csv"}]
    assert not any("not reached" in m.value for m in at.markdown)


def test_a_refused_append_is_a_data_error_with_its_rows(tmp_path):
    import shutil

    import pytest

    from tests.conftest import FIXTURES
    from tracker.core.errors import DataError
    from tracker.store import CsvStore

    path = tmp_path / "events.csv"
    shutil.copy(FIXTURES / "events.csv", path)
    store = CsvStore(path)
    taken = store.load().events.iloc[:1]
    with pytest.raises(DataError) as refused:
        store.append(taken)
    assert [(p.row, p.column) for p in refused.value.problems] == [(1, "event_id")]


def test_a_derived_table_is_computed_once_per_loaded_frame_and_forgotten_with_it():
    import gc

    import pandas as pd

    from tracker.ui import data

    frame = pd.DataFrame({"a": [1, 2]})
    calls = []
    size = len(frame)
    first = data.derived(frame, ("breaks", "2026-12-02"), lambda: calls.append(1) or size)
    again = data.derived(frame, ("breaks", "2026-12-02"), lambda: calls.append(1) or -1)
    other_day = data.derived(frame, ("breaks", "2026-12-03"), lambda: calls.append(1) or 7)
    assert (first, again, other_day, len(calls)) == (2, 2, 7, 2)
    key = id(frame)
    del frame
    gc.collect()
    assert key not in data._DERIVED
