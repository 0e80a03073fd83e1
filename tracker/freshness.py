"""How current the data is: a notice when its newest event is old."""

from __future__ import annotations

import datetime as dt

import pandas as pd

# Days after which the newest event makes the data worth a notice.
STALE_DAYS = 60


def stale_notice(events: pd.DataFrame, today: dt.date) -> tuple[str, str] | None:
    """("Data up to 12 Mar 2026", what that means) when the newest event's date is more than STALE_DAYS days
    before `today`; None when it is recent or there are no events. (A month-precision event counts by its `date`,
    the month's first day: the data cannot claim the rest of the month.)"""
    newest = events["date"].max() if len(events) else pd.NaT
    if pd.isna(newest):
        return None
    age = (pd.Timestamp(today) - pd.Timestamp(newest)).days
    if age <= STALE_DAYS:
        return None
    return (f"Data up to {newest:%d %b %Y}", f"The newest event is {age:,} days old: anything later is not in "
                                            "this data yet.")
