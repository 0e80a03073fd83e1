"""Hostile input and misuse, without a browser: exports of the served frame, cache wipes, quadratic text, huge
headers, NUL bytes, links the server drops, and labels built from data."""

from __future__ import annotations

import datetime as dt
import io
import signal
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest
from streamlit.runtime.app_session import AppSession

import tracker.ui
import tracker.ui.data
from loaders.curated import parse_curated
from loaders.formats import parse_any
from tests.apptest import open_page
from tests.conftest import FIXTURES
from tracker.core.errors import DataError
from tracker.expiries import upcoming
from tracker.export import to_csv, to_json, to_xlsx
from tracker.extract import extract
from tracker.filters import select
from tracker.missions import life_events
from tracker.store import csv_file
from tracker.ui import links
from tracker.ui.uploads import UPLOADS, store_upload

HEADER = (FIXTURES / "events.csv").read_text(encoding="utf-8").splitlines()[0]


@pytest.fixture
def formula_events(tmp_path: Path, monkeypatch) -> Path:
    """A real outlet whose name starts with "+", and initiatives starting with "=", "-" and "@"."""
    rows = [
        "x-2024-08-28-unsc-unifil,2024-08-28,day,2099-08-31,mission_renewal,in_effect,UNSC,LBN,=UNIFIL,"
        "Council renews UNIFIL,,,,https://example.org/u,Renewal,+972 Magazine,2024-08-28,A quote.",
        "x-2024-02-01-eu-rus,2024-02-01,day,2099-02-28,sanctions_renewal,in_effect,EU,RUS,-EU regime,"
        "EU prolongs,,,,,Prolonged,@Council,2024-02-01,Another quote.",
        "x-2024-03-01-can-rus,2024-03-01,day,,sanctions,in_effect,CAN,RUS,+Canada programme,"
        "Canada lists,,,,,Listed,+972 Magazine,2024-03-01,+A quote starting with plus.",
    ]
    path = tmp_path / "formula.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    monkeypatch.setenv("EVENTS_PATH", str(path))
    tracker.ui.data.LOADED.clear()
    return path


def test_downloads_of_the_served_frame_work_with_formula_like_values(formula_events):
    result, _ = tracker.ui.load_current()  # exactly what the server serves: categorical columns
    assert isinstance(result.events["source_publisher"].dtype, pd.CategoricalDtype)
    served = select(result.events, pd.Series(True, index=result.events.index).to_numpy())
    text = to_csv(served).decode()
    assert "'+972 Magazine" in text and "'=UNIFIL" in text and "'-EU regime" in text
    again = pd.read_csv(io.BytesIO(to_csv(served)), dtype=str, keep_default_na=False)
    assert list(again["event_id"]) == list(served["event_id"])
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(served))).active
    assert "'+972 Magazine" in [cell.value for cell in sheet[2]]
    assert b"+972 Magazine" in to_json(served)


def test_the_expiries_download_of_the_served_frame_works(formula_events):
    from tracker.export import table_csv

    result, _ = tracker.ui.load_current()
    table = upcoming(life_events(result.events), dt.date(2099, 1, 1), 12, details=result.events)
    assert len(table) == 2
    text = table_csv(table).decode()
    assert "'=UNIFIL" in text and "'-EU regime" in text


def test_a_clear_cache_message_keeps_the_loaded_events_and_the_uploads(fixture_events_path, monkeypatch):
    calls = []
    real = csv_file.cached_load
    monkeypatch.setattr(csv_file, "cached_load", lambda path, today=None: calls.append(str(path)) or real(path, today))
    tracker.ui.data.LOADED.clear()
    before, _ = tracker.ui.load_current()
    key = store_upload("mine.csv", (FIXTURES / "events.csv").read_bytes())
    # What Streamlit runs when any client sends {"clear_cache": true}.
    AppSession._handle_clear_cache_request(SimpleNamespace(_session_state={}))
    after, _ = tracker.ui.load_current()
    assert after is before and len(calls) == 1
    assert UPLOADS.get(key) is not None


def _budget(seconds: int):
    def expired(*_):
        raise TimeoutError(f"took more than {seconds} s")

    signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)


@pytest.mark.parametrize("tail", ["." * 40_000, ". A" * 15_000, "“a. B" * 8_000])
def test_extraction_is_not_quadratic_in_runs_of_punctuation(tail):
    # Before the fix, 40,000 dots cost 31 s; linear extraction takes well under a second. The alarm is a
    # generous guard against a return of the quadratic pattern, not a speed target.
    _budget(10)
    try:
        extract("Canada sanctions Russia" + tail, dt.date(2019, 1, 1))
    finally:
        signal.alarm(0)


def test_the_article_box_is_capped_at_the_stated_size(fixture_events_path):
    at = open_page("review")
    assert at.text_area[0].max_chars == 200_000  # the browser stops typing there
    at.session_state["article_text"] = "Canada sanctions Russia. " * 9_000  # a forged, longer value
    at.run()
    assert len(at.text_area[0].value) == 200_000  # Streamlit cuts a forged value at the limit on the server


def test_many_unknown_columns_make_one_notice():
    header = HEADER + "," + ",".join(f"extra{i}" for i in range(5_000))
    row = (FIXTURES / "events.csv").read_text(encoding="utf-8").splitlines()[1] + "," * 5_000
    result = parse_curated(f"{header}\n{row}\n".encode(), "wide.csv")
    assert result.loaded == 1
    assert result.notices == ["5,000 columns not in the schema were ignored: 'extra0', 'extra1', 'extra2', "
                              "'extra3', 'extra4', 'extra5', 'extra6', 'extra7', 'extra8', 'extra9' and 4,990 more."]


def test_a_header_repeating_a_column_is_rejected_naming_the_column():
    header = HEADER + ",title"
    row = (FIXTURES / "events.csv").read_text(encoding="utf-8").splitlines()[1] + ",Another title"
    result = parse_curated(f"{header}\n{row}\n".encode(), "twice.csv")
    assert result.loaded == 0 and result.rows == result.rejected_count == 1
    assert any("column 'title' appears 2 times in the header (columns 10, 19)" in p.reason for p in result.problems)


def test_a_nul_byte_anywhere_is_refused():
    text = (FIXTURES / "events.csv").read_bytes()
    late = text + b"x" * 20_000 + b"\x00\n"
    with pytest.raises(DataError, match="NUL byte on line 11"):
        parse_curated(late, "late.csv")
    gdelt = (FIXTURES / "formats" / "gdelt_v1.tsv").read_bytes()
    with pytest.raises(DataError, match="NUL byte"):
        parse_any(gdelt + b"\t" * 10_000 + b"\x00", "late.tsv", "gdelt")


@pytest.mark.parametrize(("query", "notice"), [
    ("from=1900-01-01", "Ignored from=1900-01-01 from the link: dates run from 1945-01-01"),
    ("to=2200-01-01", "Ignored to=2200-01-01 from the link"),
    ("dropped_params=1500", "The link had 1500 parameters, more than the 1,000"),
])
def test_links_the_app_cannot_follow_say_so(fixture_events_path, query, notice):
    at = open_page("events", query)
    assert any(notice in w.value.replace("\\", "") for w in at.sidebar.warning)


def test_a_query_string_streamlit_drops_leaves_its_count_behind():
    assert links.sanitise("&".join(f"actor=A{i}" for i in range(1_500))) == "dropped_params=1500"
    assert links.sanitise("actor=CAN&type=sanctions") == "actor=CAN&type=sanctions"
    from streamlit.runtime import app_session

    assert app_session.sanitize_query_string is links.sanitise


def test_the_source_button_label_is_escaped(tmp_path, monkeypatch):
    path = tmp_path / "image.csv"
    row = ("i-2019-01-01-can-rus,2019-01-01,day,,sanctions,announced,CAN,RUS,,A title,,,,https://example.org/a,"
           "Headline,![tracker](https://example.org/pixel.png),2019-01-01,A quote.")
    path.write_text(f"{HEADER}\n{row}\n", encoding="utf-8")
    monkeypatch.setenv("EVENTS_PATH", str(path))
    at = open_page("event", "event=i-2019-01-01-can-rus")
    label = at.get("link_button")[0].proto.label
    assert label.startswith("Read the source: \\!\\[tracker\\]\\(https")
