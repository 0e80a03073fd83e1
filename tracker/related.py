"""Related events: the same initiative, or the same parties within 90 days."""

from __future__ import annotations

import numpy as np
import pandas as pd

# How close in time two events with shared parties must be to count as related.
WINDOW_DAYS = 90

# Most related events listed.
LIMIT = 15


def related(events: pd.DataFrame, parties: pd.DataFrame, event_id: str) -> pd.DataFrame:
    """Other events sharing the initiative, or sharing a party within WINDOW_DAYS; `why` says which.

    `events` are all loaded events (their index is the position `parties["pos"]` refers to). The nearest
    LIMIT in time are returned; only those rows are copied.
    """
    here = np.flatnonzero((events["event_id"] == event_id).to_numpy())[0]
    this = events.iloc[here]
    others = np.ones(len(events), dtype=bool)
    others[here] = False
    same_initiative = others & (this["initiative"] != "") & (events["initiative"] == this["initiative"]).to_numpy()
    codes = parties.loc[parties["pos"] == events.index[here], "code"].unique()
    sharing = events.index.isin(parties.loc[parties["code"].isin(codes), "pos"].unique())
    gap = (events["date"] - this["date"]).abs()
    near = (gap <= pd.Timedelta(days=WINDOW_DAYS)).to_numpy()
    chosen = np.flatnonzero(same_initiative | (others & sharing & near))
    nearest = chosen[np.argsort(gap.to_numpy()[chosen], kind="stable")[:LIMIT]]
    why = np.where(same_initiative[nearest], "same initiative", f"same parties within {WINDOW_DAYS} days")
    return events.iloc[nearest].assign(why=why, gap=gap.iloc[nearest])
