"""Calendar periods as integers, and counting by integer keys: the arithmetic behind per-period charts."""

from __future__ import annotations

import numpy as np
import pandas as pd

# Widest date range (in days) turned into months through a table of days (see months).
MONTH_TABLE_DAYS = 200_000

# Months in each period the charts group by.
PERIOD_MONTHS = {"M": 1, "Q": 3, "Y": 12}


def months(dates: pd.Series) -> np.ndarray:
    """Months since January 1970 of each date.

    numpy's conversion to months is slow per value (calendar arithmetic), to days it is not; so days are turned
    into months through a table of the days in range.
    """
    days = dates.to_numpy().astype("datetime64[D]").astype(np.int64)
    if not len(days):
        return days
    low, high = int(days.min()), int(days.max())
    if high - low > MONTH_TABLE_DAYS:
        return dates.to_numpy().astype("datetime64[M]").astype(np.int64)
    table = np.arange(low, high + 1).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    return table[days - low]


def ordinals(months: np.ndarray, period: str) -> np.ndarray:
    """Months since 1970 as months, quarters or years since 1970."""
    return months // PERIOD_MONTHS[period]


def start(ordinals: np.ndarray, period: str) -> np.ndarray:
    """The first day of each period, as datetime64."""
    return (ordinals * PERIOD_MONTHS[period]).astype("datetime64[M]").astype("datetime64[ns]")


def count_keys(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct non-negative integer keys, sorted, and how often each occurs.

    A count per possible key (bincount) when the keys span a small range, as grouped codes do; else a sort.
    """
    if len(keys) and keys.max() < max(1 << 22, 8 * len(keys)):
        counts = np.bincount(keys)
        present = np.flatnonzero(counts)
        return present, counts[present]
    return np.unique(keys, return_counts=True)
