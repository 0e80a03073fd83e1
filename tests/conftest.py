"""Shared fixtures: paths to the hand-written fixture files, an isolated events file for the app, and a fresh
database (SQLite and PostgreSQL, see tests/db.py) with a store over it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.db import KINDS, fresh_database

# Every figure the tests build (and the app servers they start) is validated against plotly's schema.
os.environ["TRACKER_CHECK_FIGURES"] = "1"

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# The seed article lives beside the repository (../shared/articles), not in it: articles are not copied here.
SHARED_ARTICLES = ROOT.parent / "shared" / "articles"
SEED = SHARED_ARTICLES / "2019-02-25-globalnews-canada-ukraine-mission.txt"


def require_seed() -> Path:
    """The seed article's path; skip locally when it is missing, fail in CI (CI=true), where a skip is a failure."""
    import os

    import pytest

    if not SEED.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the seed article is missing: {SEED} (CI lays ../shared beside the clone)")
        pytest.skip(f"the seed article is not at {SEED}")
    return SEED


@pytest.fixture
def fixture_events_path(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app at tests/fixtures/events.csv (nine valid, hand-picked events)."""
    path = FIXTURES / "events.csv"
    monkeypatch.setenv("EVENTS_PATH", str(path))
    return path


@pytest.fixture
def bad_events_path(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app at tests/fixtures/bad_events.csv (one invalid row of each kind, three valid rows)."""
    path = FIXTURES / "bad_events.csv"
    monkeypatch.setenv("EVENTS_PATH", str(path))
    return path


@pytest.fixture(params=KINDS)
def database(request: pytest.FixtureRequest, tmp_path: Path):
    """The URL of a fresh, empty database: a SQLite file, or a PostgreSQL database of its own (see tests/db.py)."""
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def sql_store(database: str):
    """A SqlStore over a fresh database, its table created; its connections closed afterwards."""
    from tracker.store.sql import SqlStore, engine_for

    store = SqlStore(engine_for(database))
    store.init()
    yield store
    store.engine.dispose()
