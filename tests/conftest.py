"""Shared fixtures: paths to the hand-written fixture files and an isolated events file for the app."""

from __future__ import annotations

from pathlib import Path

import pytest

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
