"""The Parquet cache of validated files: same result as a fresh load, rebuilt when the file or a day changes."""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest

from loaders import cache, load
from tests.conftest import FIXTURES
from tracker.core.validation import compact


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


def test_an_edited_file_or_a_new_day_is_validated_again(bad_copy):
    cache.cached_load(bad_copy)
    bad_copy.write_text((FIXTURES / "events.csv").read_text())
    fresh = cache.cached_load(bad_copy)
    assert fresh.loaded == load(bad_copy).loaded and not fresh.problems
    tomorrow = cache.cached_load(bad_copy, today=dt.date.today() + dt.timedelta(days=1))
    assert tomorrow.loaded == fresh.loaded
    assert len(list((bad_copy.parent / cache.FOLDER).iterdir())) == 1  # older versions are removed


def test_a_damaged_entry_is_rebuilt(bad_copy):
    cache.cached_load(bad_copy)
    entry = next((bad_copy.parent / cache.FOLDER).iterdir())
    (entry / "events.parquet").write_bytes(b"not parquet")
    fresh = load(bad_copy)
    fresh = fresh.with_events(compact(fresh.events))
    _same(cache.cached_load(bad_copy), fresh)
