"""Mandate chains: where a mission's or regime's recorded expiry passed with no renewal or end recorded by then."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from tracker.missions import ENDED, life_events, timeline

# Columns of the table of breaks.
BREAK_COLUMNS = ["initiative", "expired", "last_event_id", "next_event_id", "next_date", "message"]


def chain_breaks(events: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """One row per break: the initiative, the expiry that passed, the decision that set it, and the next record
    (if any) that came after the expiry. A renewal adopted on the expiry day continues the chain.

    Works on any events file: an initiative is followed as soon as one of its decisions states an expiry.
    """
    life = life_events(events)
    if life.empty:
        return pd.DataFrame(columns=BREAK_COLUMNS)
    line = timeline(life)
    today_ts = pd.Timestamp(today)
    # A record dated after the expiry it carries is already inside a lapse reported at the record before it.
    live = ((line["state"] != ENDED).to_numpy() & line["expiry"].notna().to_numpy() & ~line["vetoed"].to_numpy()
            & (life["date"] <= line["expiry"]).to_numpy())
    after = line["following"].notna().to_numpy() & (line["following"] > line["expiry"]).to_numpy()
    open_end = line["following"].isna().to_numpy() & (line["expiry"] < today_ts).to_numpy()
    broken = live & (after | open_end)
    rows = life[broken]
    nxt = life.groupby(life["initiative"], observed=True)["event_id"].shift(-1)[broken]
    table = pd.DataFrame({"initiative": rows["initiative"].astype(str), "expired": line["expiry"][broken],
                          "last_event_id": rows["event_id"].astype(str), "next_event_id": nxt.astype(object),
                          "next_date": line["following"][broken]})
    table["message"] = [_message(r) for r in table.itertuples()]
    return table.sort_values(["initiative", "expired"]).reset_index(drop=True)[BREAK_COLUMNS]


def _message(row) -> str:
    when = f"{row.expired:%d %b %Y}"
    if pd.isna(row.next_date):
        return f"{row.initiative}: expired {when}; no renewal or end recorded since."
    return (f"{row.initiative}: expired {when}; no renewal or end recorded by then (next record "
            f"{row.next_date:%d %b %Y}, {row.next_event_id}).")


def breaks_within(breaks: pd.DataFrame, spans: pd.DataFrame) -> pd.DataFrame:
    """The breaks whose expiry falls inside an initiative's claimed span (`spans`: initiative, covered_from,
    covered_to), i.e. the ones the data claims cannot exist."""
    joined = breaks.merge(spans[["initiative", "covered_from", "covered_to"]], on="initiative")
    inside = (joined["expired"] >= joined["covered_from"]) & (joined["expired"] < joined["covered_to"])
    return joined[inside.to_numpy(dtype=bool)].reset_index(drop=True)


def unstated_renewals(events: pd.DataFrame, spans: pd.DataFrame) -> pd.DataFrame:
    """Renewals in force inside a claimed span whose new expiry is not recorded (a chain cannot be checked there).

    An expansion that leaves the expiry as it was (tag `expansion`) states none and is not counted."""
    expansion = events["tags"].astype(str).str.contains(r"(?:^|;)expansion(?:;|$)", regex=True).to_numpy()
    renewals = events[~expansion & events["event_type"].isin(["mission_renewal", "sanctions_renewal"]).to_numpy()
                      & ~events["status"].isin(["requested", "proposed", "expected", "rejected"]).to_numpy()
                      & events["end_date"].isna().to_numpy()]
    joined = renewals[["event_id", "initiative", "date"]].astype({"initiative": str}).merge(
        spans[["initiative", "covered_from", "covered_to"]], on="initiative")
    inside = (joined["date"] >= joined["covered_from"]) & (joined["date"] <= joined["covered_to"])
    return joined[np.asarray(inside, dtype=bool)].reset_index(drop=True)
