"""A freshly started server warms up: `streamlit run dashboard.py` serves dashboard.app, whose start-up imports
the pages' modules and loads the events file, so the first visitor does not wait for validation."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from streamlit.web.server.app_discovery import discover_asgi_app

import tracker.ui
import tracker.ui.data
from tests.conftest import ROOT
from tracker.store import csv_file
from tracker.ui import warm


def test_streamlit_run_finds_the_app_with_its_warm_up():
    found = discover_asgi_app(ROOT / "dashboard.py")
    assert found.is_asgi_app and found.import_string == "dashboard:app"


def test_warm_up_loads_the_events_once_for_every_later_visit(fixture_events_path, monkeypatch):
    calls = []
    real = csv_file.cached_load
    monkeypatch.setattr(csv_file, "cached_load", lambda path, today=None: calls.append(str(path)) or real(path, today))
    tracker.ui.data.LOADED.clear()
    warm.start_warm_up().join(timeout=60)
    assert calls == [str(fixture_events_path)]
    result, parties = tracker.ui.load_current()  # what the first visit asks for: already there
    assert calls == [str(fixture_events_path)] and result.loaded == 9 and len(parties)


def test_a_visit_during_the_warm_up_waits_for_it_instead_of_loading_again(fixture_events_path, monkeypatch):
    calls = []
    real = csv_file.cached_load

    def slow(path, today=None):
        calls.append(str(path))
        time.sleep(1.0)  # a large file: the visit comes while it is still being read
        return real(path, today)

    monkeypatch.setattr(csv_file, "cached_load", slow)
    tracker.ui.data.LOADED.clear()
    thread = warm.start_warm_up()
    while not calls:
        time.sleep(0.01)
    result, _ = tracker.ui.load_current()  # the first visit, while the warm-up reads
    thread.join(timeout=60)
    assert len(calls) == 1 and result.loaded == 9  # one read, one copy in memory


def test_warm_up_survives_a_file_that_cannot_be_loaded(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("EVENTS_PATH", str(tmp_path / "missing.csv"))
    tracker.ui.data.LOADED.clear()
    raised = []
    monkeypatch.setattr(threading, "excepthook", raised.append)
    thread = warm.start_warm_up()
    thread.join(timeout=60)
    assert not thread.is_alive() and raised == []  # the page reports the problem to the visitor
    assert len(tracker.ui.data.LOADED._values) == 0


def test_a_healthy_start_prints_no_warning(tmp_path: Path, fixture_events_path):
    from tests.browser import streamlit_server

    log = tmp_path / "server.log"
    with streamlit_server(fixture_events_path, log_path=log):
        time.sleep(3.0)  # the warm-up thread loads the nine fixture events well within this
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "You can now view your Streamlit app" in text, text[-2000:]
    assert "missing ScriptRunContext" not in text, text[-2000:]
    assert "Traceback" not in text, text[-2000:]
