"""How current the data is: a notice when the newest event is more than 60 days old."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tracker.freshness import STALE_DAYS, stale_notice


def frame(*days: str) -> pd.DataFrame:
    return pd.DataFrame({"date": pd.to_datetime(list(days))})


def test_data_older_than_sixty_days_says_where_it_ends():
    events = frame("2025-12-19", "2024-01-01")
    assert stale_notice(events, dt.date(2026, 3, 12)) == (
        "Data up to 19 Dec 2025", "The newest event is 83 days old: anything later is not in this data yet.")


def test_recent_or_empty_data_has_no_notice():
    newest = dt.date(2026, 3, 12)
    assert stale_notice(frame("2026-03-12"), newest + dt.timedelta(days=STALE_DAYS)) is None
    assert stale_notice(frame("2026-03-12"), newest + dt.timedelta(days=STALE_DAYS + 1)) is not None
    assert stale_notice(frame(), newest) is None
