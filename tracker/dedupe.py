"""Likely duplicates: candidate events that resemble events already recorded (same type, shared party, near date)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tracker.core.actors import split_codes
from tracker.core.schema import type_title
from tracker.core.validation import period_end

# Columns of the likely-duplicates table, one row per (candidate, existing event) pair.
DUPLICATE_COLUMNS = ["candidate_index", "event_id", "title", "reason"]

# Party columns compared role by role: a shared actor, or a shared target, makes two events overlap.
PARTY_COLUMNS = ("actors", "targets")


def likely_duplicates(candidates: pd.DataFrame, existing: pd.DataFrame, days: int = 3) -> pd.DataFrame:
    """Existing events that a candidate may duplicate: same event_type, a shared actor or a shared target,
    and dates at most `days` days apart.

    `existing` is the validated events frame (datetime `date`) or raw text; `candidates` may hold ISO date
    strings. A month- or year-precision date counts as its whole period, so "2019-03 (month)" is 0 days from
    2019-03-18. Candidates with a missing or unreadable date are never flagged. `candidate_index` is the
    candidate's index label; rows come in candidate order, nearest date first.
    """
    left = _periods(candidates).assign(_position=range(len(candidates)), candidate_index=candidates.index)
    right = _periods(existing).assign(event_id=existing["event_id"].to_numpy(), title=existing["title"].to_numpy())
    pairs = left.merge(right, on="event_type", suffixes=("", "_existing"))
    gap = pd.concat([(pairs["start"] - pairs["end_existing"]).dt.days,
                     (pairs["start_existing"] - pairs["end"]).dt.days, pd.Series(0, index=pairs.index)], axis=1)
    pairs = pairs.assign(gap=gap.max(axis=1, skipna=False))
    pairs = pairs[pairs["gap"] <= days]
    records = pairs.to_dict("records")
    shared = [{column: sorted(set(row[column]) & set(row[f"{column}_existing"])) for column in PARTY_COLUMNS}
              for row in records]
    pairs = pairs.assign(reason=[_reason(row, codes) for row, codes in zip(records, shared, strict=True)])
    pairs = pairs.loc[np.array([any(codes.values()) for codes in shared], dtype=bool)]
    pairs = pairs.sort_values(["_position", "gap", "event_id"], kind="stable")
    return pairs[DUPLICATE_COLUMNS].reset_index(drop=True)


def _periods(events: pd.DataFrame) -> pd.DataFrame:
    """Event type, party code lists, and the first and last day each event's date covers."""
    start = _dates(events["date"])
    if "date_last" in events.columns and pd.api.types.is_datetime64_any_dtype(events["date_last"]):
        end = events["date_last"].fillna(start)
    else:
        end = period_end(start, _text(events, "date_precision"))
    out = pd.DataFrame({"event_type": _text(events, "event_type").to_numpy(), "start": start.to_numpy(),
                        "end": end.to_numpy()})
    for column in PARTY_COLUMNS:
        out[column] = [split_codes(cell) for cell in _text(events, column)]
    return out


def _dates(values: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    text = values.astype("string").str.strip()
    return pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")


def _text(events: pd.DataFrame, column: str) -> pd.Series:
    """A text column with missing cells (or a missing column) as empty strings, stripped."""
    if column not in events.columns:
        return pd.Series("", index=events.index, dtype=object)
    return events[column].astype("string").fillna("").str.strip().astype(object)


def _reason(pair: dict, shared: dict[str, list[str]]) -> str:
    parts = [f"same event type ({type_title(pair['event_type'])})"]
    parts += [f"shared {column}: {', '.join(codes)}" for column, codes in shared.items() if codes]
    gap = int(pair["gap"])
    if gap == 0:
        parts.append("same date" if pair["start"] == pair["start_existing"] else "overlapping dates")
    else:
        parts.append(f"{gap} day{'s' if gap != 1 else ''} apart")
    return "; ".join(parts)
