"""Related events: the same initiative, or the same parties within 90 days."""

from __future__ import annotations

import pandas as pd

# How close in time two events with shared parties must be to count as related.
WINDOW_DAYS = 90

# Most related events listed.
LIMIT = 15


def related(events: pd.DataFrame, parties: pd.DataFrame, event_id: str) -> pd.DataFrame:
    """Other events sharing the initiative, or sharing a party within WINDOW_DAYS; `why` says which."""
    this = events.set_index("event_id").loc[event_id]
    others = events[events["event_id"] != event_id]
    same_initiative = others[(this["initiative"] != "") & (others["initiative"] == this["initiative"])]
    codes = set(parties.loc[parties["event_id"] == event_id, "code"])
    sharing = parties[parties["code"].isin(codes)]["event_id"].unique()
    near = (others["date"] - this["date"]).abs() <= pd.Timedelta(days=WINDOW_DAYS)
    same_parties = others[others["event_id"].isin(sharing) & near]
    table = pd.concat([same_initiative.assign(why="same initiative"),
                       same_parties.assign(why=f"same parties within {WINDOW_DAYS} days")])
    table = table.drop_duplicates("event_id")
    return table.assign(gap=(table["date"] - this["date"]).abs()).sort_values("gap").head(LIMIT)
