"""Mandate chains: where a mission's or regime's recorded expiry passed with no renewal or end recorded by then."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from tracker.missions import ENDED, NOT_IN_FORCE, life_events, timeline

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


def chain_intervals(events: pd.DataFrame, initiative: str, today: dt.date) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """The stretches over which a recorded expiry was in force without a gap: each decision in force that states
    an expiry extends the stretch when it comes by the current expiry, else starts a new one. A stretch whose
    expiry is still ahead runs to today; an end recorded inside a stretch closes it."""
    mine = events[(events["initiative"].astype(str) == initiative).to_numpy()].sort_values("date", kind="stable")
    in_force = ~mine["status"].isin(NOT_IN_FORCE).to_numpy()
    stated = mine[in_force & mine["end_date"].notna().to_numpy() & (mine["event_type"] != "mission_end").to_numpy()]
    ends = mine.loc[(mine["event_type"] == "mission_end").to_numpy() & in_force, "date"]
    today_ts = pd.Timestamp(today)
    intervals: list[tuple[pd.Timestamp, pd.Timestamp]] = []
    start = expiry = None
    for row in stated.itertuples():
        if start is not None and row.date <= expiry:
            expiry = max(expiry, row.end_date)
            continue
        if start is not None:
            intervals.append((start, expiry))
        start, expiry = row.date, row.end_date
    if start is not None:
        intervals.append((start, min(expiry, today_ts) if expiry < today_ts else today_ts))
    closed = []
    for first, last in intervals:
        inside = ends[(ends >= first) & (ends <= last)]
        closed.append((first, inside.min() if len(inside) else last))
    return closed


def uncovered_claims(events: pd.DataFrame, spans: pd.DataFrame, today: dt.date) -> list[str]:
    """Sentences for each claimed span (initiative, covered_from, covered_to) that no single stretch of recorded
    expiries covers: inside it, some time had no recorded expiry in force (a renewal missing from the data)."""
    out = []
    for row in spans.itertuples():
        stretches = chain_intervals(events, row.initiative, today)
        if not any(first <= row.covered_from and row.covered_to <= last for first, last in stretches):
            shown = "; ".join(f"{a:%Y-%m-%d} to {b:%Y-%m-%d}" for a, b in stretches) or "none"
            out.append(f"{row.initiative}: the claim {row.covered_from:%Y-%m-%d} to {row.covered_to:%Y-%m-%d} is not "
                       f"covered by recorded expiries (stretches: {shown})")
    return out
