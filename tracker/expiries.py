"""Expiries: the expiry each running mission or regime has on a day, those coming up, and those that lapsed."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from tracker.filters import lookup
from tracker.groups import take_at
from tracker.missions import ENDED, NOT_IN_FORCE, STATE_CODES, decision_rules, timeline_rows


def current_expiries(life: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Per initiative still running on `as_of`: its latest decision by then with an expiry date, and that date.

    `life` is life_events(events). An end decided with a later end date (a final mandate) is such a decision until
    that date: the mission is winding down and its end date is listed like an expiry. An end only asked for or
    proposed does not stop a running mission's expiry from being listed.
    """
    life = life[(life["date"] <= as_of).to_numpy()]
    initiative = pd.Categorical(life["initiative"])
    codes = initiative.codes
    in_force = ~life["status"].isin(NOT_IN_FORCE).to_numpy()
    ended = np.zeros(len(initiative.categories) + 1, dtype=bool)
    ends_later = (life["end_date"] > as_of).fillna(False).to_numpy(dtype=bool)
    ended[codes[(life["event_type"] == "mission_end").to_numpy() & in_force & ~ends_later]] = True
    candidates = np.flatnonzero(life["end_date"].notna().to_numpy() & ~ended[codes] & in_force)
    # The latest decision (by date, then expiry) of each initiative: the last of its group once sorted.
    order = candidates[np.lexsort((life["end_date"].to_numpy()[candidates], life["date"].to_numpy()[candidates],
                                   codes[candidates]))]
    last = np.ones(len(order), dtype=bool)
    last[:-1] = codes[order][:-1] != codes[order][1:]
    latest = life.iloc[order[last]]
    return latest.assign(expires=latest["end_date"]).sort_values(["expires", "date"], kind="stable")


def upcoming(life: pd.DataFrame, start: dt.date, months: int, details: pd.DataFrame | None = None) -> pd.DataFrame:
    """Initiatives whose current expiry falls within `months` months from `start`.

    `life` is life_events(events). The text columns (event_id, title, actors, targets, source) come from
    `details` (same index, e.g. all events) when given, so `life` may hold only dates, types, statuses and
    initiatives.
    """
    first = pd.Timestamp(start)
    last = first + pd.DateOffset(months=months)
    table = current_expiries(life, first)
    table = table[((table["expires"] >= first) & (table["expires"] <= last)).to_numpy()]
    text = ["actors", "targets", "event_id", "title", "source_url", "source_publisher"]
    if details is not None:
        table = table.drop(columns=[c for c in text if c in table]).join(lookup(details, table.index, text))
    return table[["initiative", "expires", *text]].reset_index(drop=True)


def lapsed(life: pd.DataFrame, as_of: dt.date, details: pd.DataFrame | None = None) -> pd.DataFrame:
    """Initiatives whose last recorded expiry passed before `as_of` with no renewal or end recorded by then (nor a
    decision in force after it): they would otherwise drop out of the upcoming expiries unnoticed.

    initiative, expired (that expiry), days (since it, on `as_of`), and the decision that set it: event_id, title,
    source_url, source_publisher (from `details` when given, as in `upcoming`). Latest lapse first. An initiative
    ended by a refused renewal (a veto) is not listed: it ended.
    """
    day = pd.Timestamp(as_of)
    life = life[(life["date"] <= day).to_numpy()]
    source = life if details is None else details
    text = [c for c in ("event_id", "title", "source_url", "source_publisher") if c in source]
    if life.empty:
        return pd.DataFrame(columns=["initiative", "expired", "days", *text])
    codes, names = pd.factorize(life["initiative"])
    gone, expiry, setter = _lapses(life, codes, len(names), day)
    expired = pd.Series(expiry[gone], dtype=life["end_date"].dtype)
    table = pd.DataFrame({"initiative": np.asarray(names, dtype=object)[codes[gone]], "expired": expired,
                          "days": (day - expired).dt.days.to_numpy()})
    found = lookup(source, life.index[setter[codes[gone]]], text).reset_index(drop=True)
    table = pd.concat([table, found], axis=1)
    return table.sort_values("expired", ascending=False, kind="stable").reset_index(drop=True)


def _lapses(life: pd.DataFrame, codes: np.ndarray, count: int, day: pd.Timestamp) -> tuple[np.ndarray, ...]:
    """For lapsed, on `life` up to `day` (`codes`: its initiatives numbered 0..count-1): per row, whether it is an
    initiative's last and its expiry lapsed (lapsed's rule), and the expiry in force after it; per initiative, the
    row of the decision that set the expiry (its latest decision in force stating one, see timeline)."""
    state, expiry_row, _following, vetoed = timeline_rows(life)
    rows, dates, in_force = np.arange(len(life)), life["date"].to_numpy(), decision_rules(life)["in_force"]
    running = state != STATE_CODES[ENDED]
    stated = in_force & life["end_date"].notna().to_numpy() & running
    # Per initiative: its last row, the row that set its expiry, and the date of its latest decision in force.
    last, setter = np.full(count, -1), np.full(count, -1)
    np.maximum.at(last, codes, rows)
    np.maximum.at(setter, codes[stated], rows[stated])
    latest_in_force = np.full(count, np.datetime64("NaT"), dtype=dates.dtype).view(np.int64)  # NaT: none
    np.maximum.at(latest_in_force, codes[in_force], dates[in_force].view(np.int64))
    expiry = take_at(life["end_date"].to_numpy(), expiry_row, np.datetime64("NaT"))
    gone = ((last[codes] == rows) & running & ~vetoed & (expiry < day.to_datetime64())
            & (latest_in_force.view(dates.dtype)[codes] <= expiry))
    return gone, expiry, setter
