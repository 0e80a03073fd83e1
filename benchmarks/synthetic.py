"""Synthetic event files in the canonical columns: realistic skew, every type and status, multi-actor rows.

`python -m benchmarks.synthetic N OUT.csv` writes N events.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pycountry

from tracker.schema import COLUMNS, EVENT_TYPES, STATUSES

# Organisations mixed in among the states.
ORGANISATIONS = ["EU", "UN", "UNSC", "NATO", "OSCE", "G7"]


def make_events(n: int, seed: int = 7) -> pd.DataFrame:
    """n valid events over 2014-2025; a few actors dominate (Zipf-like), a fifth of rows have two actors."""
    rng = np.random.default_rng(seed)
    codes = np.array(ORGANISATIONS + sorted(c.alpha_3 for c in pycountry.countries)[:194])
    weights = 1 / np.arange(1, len(codes) + 1) ** 1.1
    weights /= weights.sum()
    actors = rng.choice(codes, n, p=weights)
    second = rng.choice(codes, n, p=weights)
    multi = rng.random(n) < 0.2
    actor_cells = np.where(multi & (second != actors), np.char.add(np.char.add(actors, ";"), second), actors)
    targets = rng.choice(codes[::-1], n, p=weights)
    days = pd.Timestamp("2014-01-01") + pd.to_timedelta(rng.integers(0, 12 * 365, n), unit="D")
    types = rng.choice(list(EVENT_TYPES), n)
    frame = pd.DataFrame({name: "" for name in COLUMNS}, index=range(n))
    frame["event_id"] = [f"syn-{i:07d}" for i in range(n)]
    frame["date"] = days.strftime("%Y-%m-%d")
    frame["date_precision"] = "day"
    frame["event_type"] = types
    frame["status"] = rng.choice(list(STATUSES), n)
    frame["actors"] = actor_cells
    frame["targets"] = targets
    frame["initiative"] = np.char.add("Initiative ", (rng.integers(0, 400, n)).astype(str))
    frame["title"] = np.char.add("Synthetic event ", np.arange(n).astype(str))
    frame["source_publisher"] = rng.choice(["Wire A", "Wire B", "Ministry C"], n)
    renewal = np.isin(types, ["mission_renewal", "sanctions_renewal"])
    frame.loc[renewal, "end_date"] = (days[renewal] + pd.DateOffset(years=1)).strftime("%Y-%m-%d")
    return frame


if __name__ == "__main__":
    make_events(int(sys.argv[1])).to_csv(sys.argv[2], index=False)
