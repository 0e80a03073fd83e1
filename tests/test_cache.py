"""The Parquet cache of validated files: same result as a fresh load, rebuilt when the file or a day changes."""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest

from loaders import cache, load
from tests.conftest import FIXTURES
from tracker.core.validation import compact
from tracker.store import csv_file
from tracker.ui import data


@pytest.fixture
def bad_copy(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "MIN_BYTES", 0)
    path = tmp_path / "events.csv"
    shutil.copy(FIXTURES / "bad_events.csv", path)
    return path


def _same(a, b) -> None:
    pd.testing.assert_frame_equal(a.events, b.events)
    pd.testing.assert_frame_equal(a.rejected.astype(str), b.rejected.astype(str))
    assert (a.problems, a.rows, a.source, a.notices, a.skipped) == (b.problems, b.rows, b.source, b.notices, b.skipped)


def test_second_load_reads_the_kept_result_and_it_equals_a_fresh_load(bad_copy, monkeypatch):
    first = cache.cached_load(bad_copy)
    entries = list((bad_copy.parent / cache.FOLDER).iterdir())
    assert len(entries) == 1
    monkeypatch.setattr(cache, "load", lambda path: pytest.fail("validated again instead of reading the cache"))
    _same(cache.cached_load(bad_copy), first)
    fresh = load(bad_copy)
    fresh = fresh.with_events(compact(fresh.events))
    _same(first, fresh)


def test_an_edited_file_or_a_new_day_is_validated_again(bad_copy, monkeypatch):
    validated = []
    real = cache.load
    monkeypatch.setattr(cache, "load", lambda path: validated.append(path) or real(path))
    today = dt.date.today()
    cache.cached_load(bad_copy, today=today)
    cache.cached_load(bad_copy, today=today)
    assert len(validated) == 1  # same version, same day: the kept result
    bad_copy.write_text((FIXTURES / "events.csv").read_text())
    fresh = cache.cached_load(bad_copy, today=today)
    assert len(validated) == 2 and fresh.loaded == real(bad_copy).loaded and not fresh.problems
    # "Dated in the future" depends on the day: the next day, the same version is validated again, once.
    tomorrow = cache.cached_load(bad_copy, today=today + dt.timedelta(days=1))
    assert len(validated) == 3 and tomorrow.loaded == fresh.loaded
    cache.cached_load(bad_copy, today=today + dt.timedelta(days=1))
    assert len(validated) == 3
    assert len(list((bad_copy.parent / cache.FOLDER).iterdir())) == 1  # older versions are removed


def test_the_served_events_are_prepared_again_on_a_new_day(fixture_events_path, monkeypatch):
    loads = []
    real = csv_file.cached_load
    monkeypatch.setattr(csv_file, "cached_load", lambda path, today=None: loads.append(today) or real(path, today))
    data.LOADED.clear()
    source = data.store()
    today = dt.date.today()
    first = data.load_prepared(source, data.load_key(source, today))
    assert data.load_prepared(source, data.load_key(source, today)) is first and loads == [today]
    tomorrow = today + dt.timedelta(days=1)
    assert data.load_key(source, tomorrow) != data.load_key(source, today)
    later = data.load_prepared(source, data.load_key(source, tomorrow))
    assert later is not first and loads == [today, tomorrow]
    data.LOADED.clear()


def test_a_damaged_entry_is_rebuilt(bad_copy):
    cache.cached_load(bad_copy)
    entry = next((bad_copy.parent / cache.FOLDER).iterdir())
    (entry / "events.parquet").write_bytes(b"not parquet")
    fresh = load(bad_copy)
    fresh = fresh.with_events(compact(fresh.events))
    _same(cache.cached_load(bad_copy), fresh)
