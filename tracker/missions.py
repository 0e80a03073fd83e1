"""Missions and mandates: each initiative's life over time, and the expiries coming up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from tracker import figures, periods
from tracker.chart_text import inert, inert_series
from tracker.filters import lookup

# The states a mission or regime is drawn in. "no record": its last recorded expiry has passed and nothing later
# (a renewal or an end) is recorded by then, so the data cannot say whether it ran on.
ENDED, NO_RECORD = "ended", "no record"
STATE_COLORS = {"requested": "#c7c7c7", "announced": "#9ecae1", "in effect": "#1f77b4", ENDED: "#7f7f7f",
                NO_RECORD: "#fdd0a2"}

# Most initiatives drawn on the Gantt chart (the ones with the latest activity).
GANTT_ROWS = 30

# Longest description of an initiative in a Gantt bar's hover (one line).
DESCRIPTION_CHARS = 110

# Above this many bar pieces the Gantt chart shows one piece per quarter.
GANTT_MAX_PIECES = 1500

# Statuses of decisions that are not (yet) in force.
NOT_IN_FORCE = ("requested", "proposed", "expected", "rejected")

# Event types that belong to a mission's or regime's life.
LIFE_TYPES = ("mission_launch", "mission_renewal", "mission_end", "sanctions", "sanctions_renewal",
              "sanctions_relief")

# Renewals: while the initiative is in effect, announcing one keeps it in effect, and refusing one (a veto)
# leaves it in effect until its current expiry, when it ends.
RENEWALS = ("mission_renewal", "sanctions_renewal")

# Statuses of a renewal that leave an initiative in effect as it was (see next_state).
CARRIED = ("announced", "rejected", "requested", "proposed", "expected")


def state_after(event_type: str, status: str) -> str:
    """What an event says about its initiative from its date on, whatever came before.

    NOTE: a renewal vetoed or refused means no mandate after it: alone, it ends the initiative (after a mandate in
    force, next_state keeps it running to its expiry first). It is never drawn as a request.
    """
    if event_type == "mission_end" or status in ("expired",):
        return ENDED if status in ("expired", "in_effect", "announced") else "requested"
    if event_type in RENEWALS and status == "rejected":
        return ENDED
    if status in NOT_IN_FORCE:
        return "requested"
    return "in effect" if status == "in_effect" else "announced"


def next_state(previous: str | None, event_type: str, status: str) -> str:
    """The state after an event, given the state before it.

    NOTE: the rule, also in data/README.md. A renewal announced (by the government or body that runs the
    mission) while the mission is in effect keeps it in effect: governments announce extensions of their own
    missions, and the mission does not stop meanwhile. A renewal that is vetoed or refused while in effect leaves
    it in effect until its current expiry (when it ends, see `timeline`); with no mandate known to be in force, it
    ends the initiative on its date (state_after). Otherwise the event decides alone.
    """
    if previous == "in effect" and event_type in RENEWALS and status in CARRIED:
        return "in effect"
    return state_after(event_type, status)


def life_events(events: pd.DataFrame) -> pd.DataFrame:
    """Events of initiatives that have a mandate: a mission event, a renewal, or an expiry date."""
    rows = events[((events["initiative"] != "") & events["event_type"].isin(LIFE_TYPES)).to_numpy()]
    kind = rows["event_type"]
    marks_life = (kind.isin(["mission_launch", "mission_renewal", "mission_end", "sanctions_renewal"])
                  | rows["end_date"].notna()).to_numpy()
    # Per initiative (as integer codes): does any of its events mark a mandate?
    initiative = pd.Categorical(rows["initiative"])
    with_life = np.zeros(len(initiative.categories) + 1, dtype=bool)
    np.logical_or.at(with_life, initiative.codes, marks_life)
    rows = rows[with_life[initiative.codes]]
    return rows.sort_values(["initiative", "date"], kind="stable")


def _latest(initiative: pd.Categorical, dates: np.ndarray, n: int) -> np.ndarray:
    """The codes of the `n` initiatives with the latest dates, latest first."""
    latest = np.full(len(initiative.categories), np.iinfo(np.int64).min)
    np.maximum.at(latest, initiative.codes, dates.astype("datetime64[ns]").astype(np.int64))
    present = np.flatnonzero(np.bincount(initiative.codes, minlength=len(latest)))
    return present[np.argsort(-latest[present], kind="stable")[:n]]


def most_recent(life: pd.DataFrame, n: int = GANTT_ROWS) -> pd.DataFrame:
    """The life events of the `n` initiatives with the latest decisions (the ones the Gantt chart draws)."""
    initiative = pd.Categorical(life["initiative"])
    return life[np.isin(initiative.codes, _latest(initiative, life["date"].to_numpy(), n))]


def states_after(event_types: pd.Series, statuses: pd.Series) -> np.ndarray:
    """state_after for whole columns at once."""
    kind, status = pd.Categorical(event_types), pd.Categorical(statuses)
    # Worked out once per (type, status) pair, then looked up by the integer codes of each row.
    table = np.array([[state_after(str(k), str(s)) for s in status.categories] for k in kind.categories] or [[""]],
                     dtype=object)
    return table[kind.codes, status.codes] if len(kind) else np.array([], dtype=object)


def timeline(life: pd.DataFrame) -> pd.DataFrame:
    """Per life event (same index, sorted by initiative and date): `state` after it, `expiry` (the expiry in
    force after it: the latest stated by a decision in force, carried forward), `following` (the initiative's
    next event date) and `vetoed` (a refused renewal: the initiative ends at `expiry`)."""
    # Grouped by integer codes: factorising the names once instead of in every groupby below.
    initiative = pd.Series(pd.factorize(life["initiative"])[0], index=life.index)
    state = pd.Series(states_after(life["event_type"], life["status"]), index=life.index, dtype=object)
    renewal = life["event_type"].isin(RENEWALS).to_numpy()
    # Rows that keep a running initiative in effect (next_state's rule), found once per (type, status) pair.
    kind, status = pd.Categorical(life["event_type"]), pd.Categorical(life["status"])
    keeps = np.array([[next_state("in effect", str(k), str(s)) == "in effect" != state_after(str(k), str(s))
                       for s in status.categories] for k in kind.categories] or [[False]], dtype=bool)
    carry = keeps[kind.codes, status.codes] if len(kind) else np.zeros(0, dtype=bool)
    # A carried row takes the state of the latest row before it that is not carried, if that one is in effect.
    before = state.where(~carry).groupby(initiative, observed=True).ffill()
    before = before.groupby(initiative, observed=True).shift(1).where(carry)
    kept = carry & (before == "in effect").to_numpy()
    state = state.where(~kept, "in effect")
    in_force = ~life["status"].isin(NOT_IN_FORCE).to_numpy()
    ended = (state == ENDED).to_numpy()
    stated = life["end_date"].where(in_force & ~ended)
    # An end resets the expiry: nothing runs after it until a new launch states one (so the expiry is carried
    # forward only among the rows since the initiative's latest end).
    since_end = pd.Series(np.cumsum(ended), index=life.index)
    expiry = stated.groupby([initiative, since_end], observed=True).ffill()
    following = life.groupby(initiative, observed=True)["date"].shift(-1)
    refused = renewal & (life["status"] == "rejected").to_numpy() & (state == "in effect").to_numpy()
    # A veto holds while only kept rows (renewals that change nothing) follow it; a row that decides the state
    # again (an adopted renewal, an end, a relaunch) lifts it.
    vetoed = pd.Series(np.where(refused, 1.0, np.where(kept, np.nan, 0.0)), index=life.index)
    vetoed = vetoed.groupby(initiative, observed=True).ffill().fillna(0.0).astype(bool)
    return pd.DataFrame({"state": state, "expiry": expiry, "following": following, "vetoed": vetoed})


def segments(life: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """initiative, start, end, state, event_id: one bar piece per stretch between two decisions.

    `life` is life_events(events), with event_id and title.

    A piece lasts until the initiative's next decision, else until its expiry, else until today (or no time at
    all once the initiative has ended). When the expiry in force passes before the next decision (or before
    today, with none), the piece stops at the expiry and a *no record* piece fills the stretch after it; after a
    vetoed renewal the initiative ends at its expiry instead.
    """
    line = timeline(life)
    today_ts = pd.Timestamp(today)
    ended = (line["state"] == ENDED).to_numpy()
    until = line["following"].fillna(today_ts)
    lapsed = (line["expiry"].notna() & (line["expiry"] >= life["date"]) & (line["expiry"] < until)).to_numpy() & ~ended
    future = (line["following"].isna() & line["expiry"].notna() & (line["expiry"] >= today_ts)).to_numpy() & ~ended
    end = until.where(~lapsed, line["expiry"]).where(~future, line["expiry"]).where(~ended, life["date"])
    base = pd.DataFrame({"initiative": life["initiative"], "start": life["date"],
                         "end": end.where(end >= life["date"], life["date"]), "state": line["state"],
                         "event_id": life["event_id"], "event_type": life["event_type"], "title": life["title"]})
    gap = base[lapsed]
    vetoed = line["vetoed"].to_numpy()[lapsed]
    gaps = gap.assign(start=line["expiry"][lapsed], end=until[lapsed].where(~vetoed, line["expiry"][lapsed]),
                      state=np.where(vetoed, ENDED, NO_RECORD), event_type="",
                      title=np.where(vetoed, "Ended at its expiry: the renewal was refused",
                                     "Expired with no renewal or end recorded"))
    pieces = pd.concat([base, gaps]) if len(gaps) else base
    return pieces.sort_values(["initiative", "start"], kind="stable").reset_index(drop=True)


def _by_key_and_start(pieces: pd.DataFrame) -> pd.DataFrame:
    """The pieces sorted by initiative (`key`) and start; segments come that way, so usually as they are."""
    key, start = pieces["key"].to_numpy(), pieces["start"].to_numpy()
    if np.all((key[1:] > key[:-1]) | ((key[1:] == key[:-1]) & (start[1:] >= start[:-1]))):
        return pieces
    return pieces.sort_values(["key", "start"], kind="stable")


def _merge_runs(pieces: pd.DataFrame) -> pd.DataFrame:
    """Join consecutive pieces of one initiative (`key`) that are in the same state (the first piece's details,
    the latest end)."""
    pieces = _by_key_and_start(pieces)
    key, state = pieces["key"].to_numpy(), pieces["state"].to_numpy()
    first = np.ones(len(pieces), dtype=bool)
    first[1:] = (key[1:] != key[:-1]) | (state[1:] != state[:-1])
    starts = np.flatnonzero(first)
    merged = pieces.iloc[starts]
    if len(pieces):
        merged = merged.assign(end=np.maximum.reduceat(pieces["end"].to_numpy(), starts))
    return merged.reset_index(drop=True)


def _coarsen(pieces: pd.DataFrame) -> pd.DataFrame:
    """For very busy initiatives: one piece per quarter (the state of its last decision), runs joined."""
    pieces = _by_key_and_start(pieces)
    key = pieces["key"].to_numpy()
    quarter = periods.ordinals(periods.months(pieces["start"]), "Q")
    # The last piece of each initiative and quarter...
    last = np.ones(len(pieces), dtype=bool)
    last[:-1] = (key[:-1] != key[1:]) | (quarter[:-1] != quarter[1:])
    rows, quarter, key = pieces[last], quarter[last], key[last]
    # ...drawn from the quarter's start to the next such quarter of the same initiative (or its own end).
    begins = periods.start(quarter, "Q")
    end = rows["end"].to_numpy().copy()
    same_next = key[:-1] == key[1:]
    end[:-1][same_next] = begins[1:][same_next]
    return _merge_runs(rows.assign(start=begins, end=end))


def gantt(pieces: pd.DataFrame, descriptions: Mapping[str, str] | None = None) -> go.Figure:
    """One bar per initiative from launch to its current expiry, coloured by state, renewals marked; each bar's
    hover has the initiative's one-line description from `descriptions` (initiative -> text), when given."""
    initiative = pd.Categorical(pieces["initiative"])
    chosen = _latest(initiative, pieces["start"].to_numpy(), GANTT_ROWS)
    keep = np.isin(initiative.codes, chosen)
    # Initiatives are compared as integer codes (`key`); names are made inert once each, for those drawn.
    pieces = pieces.loc[keep, ["start", "end", "state", "event_type", "title"]].assign(key=initiative.codes[keep])
    label = np.empty(len(initiative.categories), dtype=object)
    label[chosen] = inert_series(pd.Series(initiative.categories[chosen], dtype=object), 60).to_numpy(dtype=object)
    about = np.full(len(initiative.categories), "", dtype=object)
    about[chosen] = [_about(str(name), descriptions) for name in initiative.categories[chosen]]
    marks = pieces[pieces["event_type"].isin(["mission_renewal", "sanctions_renewal"]).to_numpy()]
    if len(pieces) > GANTT_MAX_PIECES:
        pieces = _coarsen(pieces)
        marks = _by_key_and_start(marks)
        quarter = periods.start(periods.ordinals(periods.months(marks["start"]), "Q"), "Q")
        key = marks["key"].to_numpy()
        # One mark per initiative and quarter (sorted, so a repeat follows its first).
        repeat = np.zeros(len(marks), dtype=bool)
        repeat[1:] = (key[1:] == key[:-1]) & (quarter[1:] == quarter[:-1])
        marks = marks[~repeat].assign(start=quarter[~repeat])
    state, key = pieces["state"].to_numpy(), pieces["key"].to_numpy()
    start, end = pieces["start"].to_numpy(), pieces["end"].to_numpy()
    hover = inert_series(pieces["title"]).to_numpy(dtype=object) + about[key]
    data = [_state_bars(start[state == name], end[state == name], label[key[state == name]], hover[state == name],
                        name, color) for name, color in STATE_COLORS.items()]
    data.append({"type": "scatter", "x": marks["start"].to_numpy(), "y": _text(label[marks["key"].to_numpy()]),
                 "mode": "markers", "name": "renewal", "customdata": _text(inert_series(marks["title"])),
                 "marker": {"symbol": "diamond", "size": 9, "color": "#ff7f0e", "line": {"width": 1}},
                 "hovertemplate": "%{x|%d %b %Y}: %{customdata}<extra>renewal</extra>"})
    # Bottom to top by latest activity: the most recently active initiative on top.
    order = list(label[chosen[::-1]])
    return figures.build(data, figures.layout(
        "Missions and regimes: state over time, renewals marked", height=max(320, 26 * len(order) + 140),
        barmode="overlay", legend={"title": {"text": "State"}}, xaxis={"type": "date", "title": {"text": "Date"}},
        yaxis={"categoryorder": "array", "categoryarray": order}))


def _about(initiative: str, descriptions: Mapping[str, str] | None) -> str:
    """The hover line describing an initiative (inert, one line), or nothing."""
    text = str((descriptions or {}).get(initiative) or "").strip()
    return f"<br><i>{inert(text, DESCRIPTION_CHARS)}</i>" if text else ""


def _text(values: np.ndarray) -> pd.Series:
    # Text as a string Series rather than an array of Python objects: plotly copies and serialises it far faster.
    return pd.Series(values, dtype="str")


def _state_bars(start: np.ndarray, end: np.ndarray, label: np.ndarray, hover: np.ndarray, state: str,
                color: str) -> dict:
    """The pieces in one state as horizontal bars from start to end (at least a day long)."""
    width = (end - start).astype("timedelta64[ms]").astype(np.int64) + 86_400_000
    return {"type": "bar", "y": _text(label), "base": start, "x": width, "orientation": "h", "name": state,
            "marker": {"color": color}, "customdata": _text(hover),
            "hovertemplate": "%{y}: " + state + " from %{base|%d %b %Y}<br>%{customdata}<extra></extra>"}


def current_expiries(life: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Per initiative still running on `as_of`: its latest decision by then with an expiry date, and that date.

    `life` is life_events(events).
    """
    life = life[(life["date"] <= as_of).to_numpy()]
    initiative = pd.Categorical(life["initiative"])
    codes = initiative.codes
    ended = np.zeros(len(initiative.categories) + 1, dtype=bool)
    ended[codes[(life["event_type"] == "mission_end").to_numpy()]] = True
    in_force = ~life["status"].isin(NOT_IN_FORCE).to_numpy()
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
    line = timeline(life)
    initiative = life["initiative"].astype(str)
    key = pd.Series(pd.factorize(initiative)[0], index=life.index)
    last = ~key.duplicated(keep="last").to_numpy()  # life is sorted by initiative and date
    in_force = ~life["status"].isin(NOT_IN_FORCE).to_numpy()
    last_in_force = life["date"].where(in_force).groupby(key).transform("max")
    gone = (last & (line["state"] != ENDED).to_numpy() & ~line["vetoed"].to_numpy() & line["expiry"].notna().to_numpy()
            & (line["expiry"] < day).to_numpy() & (last_in_force <= line["expiry"]).to_numpy())
    # The decision that set the expiry: the initiative's latest decision in force stating one (see timeline).
    stated = in_force & life["end_date"].notna().to_numpy() & (line["state"] != ENDED).to_numpy()
    setter = life.index[stated].to_series().groupby(initiative[stated].to_numpy()).last()
    expired = line["expiry"][gone]
    table = pd.DataFrame({"initiative": initiative[gone].to_numpy(), "expired": expired.to_numpy(),
                          "days": (day - expired).dt.days.to_numpy()})
    found = lookup(source, setter.reindex(initiative[gone]).to_numpy(), text).reset_index(drop=True)
    table = pd.concat([table, found], axis=1)
    return table.sort_values("expired", ascending=False, kind="stable").reset_index(drop=True)
