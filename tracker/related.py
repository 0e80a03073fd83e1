"""Related events: the same initiative, or the same parties within 90 days."""

from __future__ import annotations

import pandas as pd

# How close in time two events with shared parties must be to count as related.
WINDOW_DAYS = 90

# Most related events listed.
LIMIT = 15


def related(events: pd.DataFrame, parties: pd.DataFrame, event_id: str) -> pd.DataFrame:
    """Other events sharing the initiative, or sharing a party within WINDOW_DAYS; `why` says which."""
    # Events are matched by position (the events' index, which party rows carry as `pos`), not by ID.
    position = events.index[(events["event_id"] == event_id).to_numpy()][0]
    this = events.loc[position]
    others = events.drop(index=position)
    same_initiative = others[(this["initiative"] != "") & (others["initiative"] == this["initiative"])]
    codes = parties.loc[parties["pos"] == position, "code"].unique()
    sharing = parties.loc[parties["code"].isin(codes), "pos"].unique()
    near = (others["date"] - this["date"]).abs() <= pd.Timedelta(days=WINDOW_DAYS)
    same_parties = others[others.index.isin(sharing) & near]
    table = pd.concat([same_initiative.assign(why="same initiative"),
                       same_parties.assign(why=f"same parties within {WINDOW_DAYS} days")])
    table = table.drop_duplicates("event_id")
    return table.assign(gap=(table["date"] - this["date"]).abs()).sort_values("gap").head(LIMIT)
