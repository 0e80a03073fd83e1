"""Missions and mandates: each initiative's life over time, and the expiries coming up."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from tracker import figures, periods
from tracker.chart_text import inert, inert_series
from tracker.groups import group_order, group_starts, last_where, next_row, previous_row, restore, restore_rows, take_at

# The states a mission or regime is drawn in. "no record": its last recorded expiry has passed and nothing later
# (a renewal or an end) is recorded by then, so the data cannot say whether it ran on. "winding down": an end was
# decided with a later end date (a final mandate, a withdrawal period): the mission runs on until that date.
ENDED, NO_RECORD, IN_EFFECT, WINDING_DOWN = "ended", "no record", "in effect", "winding down"
STATE_COLORS = {"requested": "#c7c7c7", "announced": "#9ecae1", IN_EFFECT: "#1f77b4", WINDING_DOWN: "#6b6ecf",
                ENDED: "#7f7f7f", NO_RECORD: "#fdd0a2"}

# The states as small integers while a timeline is worked out: STATE_NAMES[code], STATE_CODES[name].
STATE_NAMES = np.array(list(STATE_COLORS), dtype=object)
STATE_CODES = {name: code for code, name in enumerate(STATE_NAMES)}

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
    ends the initiative on its date (state_after). Any other decision not in force (requested, proposed, expected
    or rejected) while it is in effect changes nothing yet: a host asking a mission to leave, a call to lift
    sanctions; it runs until a decision is taken. Otherwise the event decides alone.
    """
    if previous == "in effect" and (status in NOT_IN_FORCE or (event_type in RENEWALS and status in CARRIED)):
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


def decision_rules(life: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per row, what its type and status say: `state` (the code in STATE_NAMES of the state it gives alone,
    state_after), `keeps` (it keeps a running initiative in effect, next_state's rule), `in_force` (a decision in
    force) and `refusal` (a refused renewal)."""
    kind, status = pd.Categorical(life["event_type"]), pd.Categorical(life["status"])
    tables = _rule_tables(tuple(map(str, kind.categories.tolist())), tuple(map(str, status.categories.tolist())))
    # Each row's (type, status) pair as one position in the flattened tables; a missing value (-1) reads the last.
    columns = len(status.categories) + 1
    pair = (kind.codes.astype(np.intp) % (len(kind.categories) + 1)) * columns + status.codes % columns
    return {name: table.ravel().take(pair) for name, table in tables.items()}


@functools.lru_cache(maxsize=8)
def _rule_tables(kinds: tuple[str, ...], statuses: tuple[str, ...]) -> dict[str, np.ndarray]:
    """decision_rules' answers per (type, status) pair of these categories, worked out once (the categories
    rarely change).
    One entry more than the categories: a missing value's code (-1) reads it as no type or status."""
    kinds, statuses = (*kinds, ""), (*statuses, "")

    def table(rule: Callable[[str, str], object], dtype: type) -> np.ndarray:
        return np.array([[rule(k, s) for s in statuses] for k in kinds], dtype=dtype)

    return {"state": table(lambda k, s: STATE_CODES[state_after(k, s)], np.int8),
            "keeps": table(lambda k, s: next_state(IN_EFFECT, k, s) == IN_EFFECT != state_after(k, s), bool),
            "in_force": table(lambda k, s: s not in NOT_IN_FORCE, bool),
            "refusal": table(lambda k, s: k in RENEWALS and s == "rejected", bool)}


def timeline(life: pd.DataFrame) -> pd.DataFrame:
    """Per life event (same index, sorted by initiative and date): `state` after it, `expiry` (the expiry in
    force after it: the latest stated by a decision in force, carried forward), `following` (the initiative's
    next event date) and `vetoed` (a refused renewal: the initiative ends at `expiry`)."""
    state, expiry, following, vetoed = timeline_rows(life)
    return pd.DataFrame({"state": pd.Series(STATE_NAMES[state], index=life.index, dtype=object),
                         "expiry": life["end_date"].array.take(expiry, allow_fill=True),
                         "following": life["date"].array.take(following, allow_fill=True), "vetoed": vetoed},
                        index=life.index)


def timeline_rows(life: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """timeline's columns as arrays in the rows' order: the code of the state (STATE_NAMES), the row whose end_date
    is the expiry and the row of the next event (positions, -1: none), and vetoed."""
    # Worked out on row positions, group by group (as life_events sorts the rows), then put back in place.
    codes = pd.factorize(life["initiative"])[0]
    order = group_order(codes)
    ordered = (lambda values: values) if order is None else (lambda values: values[order])
    rule = {name: ordered(values) for name, values in decision_rules(life).items()}
    state, carry = rule["state"], rule["keeps"]
    first = group_starts(ordered(codes))
    # A carried row takes the state of the latest row before it that is not carried, if that one is in effect.
    decider = take_at(last_where(~carry, first), previous_row(first), -1)
    kept = carry & (take_at(state, decider, -1) == STATE_CODES[IN_EFFECT])
    state = np.where(kept, STATE_CODES[IN_EFFECT], state)
    ended = state == STATE_CODES[ENDED]
    # An end resets the expiry: nothing runs after it until a new launch states one (so the expiry is carried
    # forward only among the rows since the initiative's latest end).
    expiry = last_where(rule["in_force"] & ~ended & ordered(life["end_date"].notna().to_numpy()), first | ended)
    refused = rule["refusal"] & (state == STATE_CODES[IN_EFFECT])
    # A veto holds while only kept rows (renewals that change nothing) follow it; a row that decides the state
    # again (an adopted renewal, an end, a relaunch) lifts it.
    vetoed = take_at(refused, last_where(~kept | refused, first), False).astype(bool)
    return (restore(state, order), restore_rows(expiry, order), restore_rows(next_row(first), order),
            restore(vetoed, order))


def segments(life: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """initiative, start, end, state, event_id: one bar piece per stretch between two decisions.

    `life` is life_events(events), with event_id and title.

    A piece lasts until the initiative's next decision, else until its expiry, else until today (or no time at
    all once the initiative has ended). When the expiry in force passes before the next decision (or before
    today, with none), the piece stops at the expiry and a *no record* piece fills the stretch after it; after a
    vetoed renewal the initiative ends at its expiry instead. An end decided with a later end date is *winding
    down* until that date (or the next decision), and *ended* from that date on (see `_closing`).
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
    base, closed = _closing(life, line, base, today_ts)
    pieces = pd.concat([piece for piece in (base, gaps, closed) if len(piece)]) if len(gaps) or len(closed) else base
    return pieces.sort_values(["initiative", "start"], kind="stable").reset_index(drop=True)


def _closing(life: pd.DataFrame, line: pd.DataFrame, base: pd.DataFrame,
             today: pd.Timestamp) -> tuple[pd.DataFrame, pd.DataFrame]:
    """An end decided (in effect or announced) with a later end date: its piece is *winding down* until that date
    or the initiative's next decision, whichever comes first; when the date comes first and is past, an *ended*
    piece marks it. Returns the base pieces so changed, and those ended pieces."""
    final = pd.Series(life["end_date"]).where(life["end_date"] > life["date"])
    closing = ((line["state"] == ENDED) & (life["event_type"] == "mission_end") & final.notna()
               & life["status"].isin(["in_effect", "announced"])).to_numpy()
    if not closing.any():
        return base, base.iloc[:0]
    following = line["following"]
    stops = following.where(following.notna() & (following <= final), final)
    base = base.copy()
    base.loc[closing, "end"] = stops[closing]
    base.loc[closing, "state"] = WINDING_DOWN
    marked = closing & (following.isna() | (following > final)).to_numpy() & (final <= today).to_numpy()
    closed = base[marked].assign(start=final[marked], end=final[marked], state=ENDED, event_type="",
                                 title="Ended on the end date its last decision set")
    return base, closed


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
