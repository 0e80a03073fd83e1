"""Shared fixtures: paths to the hand-written fixture files and an isolated events file for the app."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Every figure the tests build (and the app servers they start) is validated against plotly's schema.
os.environ["TRACKER_CHECK_FIGURES"] = "1"

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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
