"""Missions and mandates: each initiative's life over time, and the expiries coming up."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from tracker.text import inert_series

# The state an initiative is in after an event, by event type and status.
ENDED = "ended"
STATE_COLORS = {"requested": "#c7c7c7", "announced": "#9ecae1", "in effect": "#1f77b4", ENDED: "#7f7f7f"}

# Most initiatives drawn on the Gantt chart (the ones with the latest activity).
GANTT_ROWS = 30

# Above this many bar pieces the Gantt chart shows one piece per quarter.
GANTT_MAX_PIECES = 1500

# Event types that belong to a mission's or regime's life.
LIFE_TYPES = ("mission_launch", "mission_renewal", "mission_end", "sanctions", "sanctions_renewal",
              "sanctions_relief")


def state_after(event_type: str, status: str) -> str:
    """What an event says about its initiative from its date on."""
    if event_type == "mission_end" or status in ("expired",):
        return ENDED if status in ("expired", "in_effect", "announced") else "requested"
    if status in ("requested", "proposed", "expected", "rejected"):
        return "requested"
    return "in effect" if status == "in_effect" else "announced"


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


def states_after(event_types: pd.Series, statuses: pd.Series) -> np.ndarray:
    """state_after for whole columns at once."""
    kind, status = pd.Categorical(event_types), pd.Categorical(statuses)
    # Worked out once per (type, status) pair, then looked up by the integer codes of each row.
    table = np.array([[state_after(str(k), str(s)) for s in status.categories] for k in kind.categories] or [[""]],
                     dtype=object)
    return table[kind.codes, status.codes] if len(kind) else np.array([], dtype=object)


def segments(events: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """initiative, start, end, state, event_id: one bar piece per stretch between two decisions.

    A piece lasts until the initiative's next decision, else until the decision's own expiry, else until
    today (or no time at all once the initiative has ended).
    """
    life = life_events(events)
    state = states_after(life["event_type"], life["status"])
    following = life.groupby(life["initiative"], observed=True)["date"].shift(-1)
    open_end = life["date"].where(state == ENDED, pd.Timestamp(today))
    end = following.fillna(life["end_date"]).fillna(open_end)
    return pd.DataFrame({"initiative": life["initiative"], "start": life["date"],
                         "end": end.where(end >= life["date"], life["date"]), "state": state,
                         "event_id": life["event_id"], "event_type": life["event_type"],
                         "title": life["title"]}).reset_index(drop=True)


def _merge_runs(pieces: pd.DataFrame) -> pd.DataFrame:
    """Join consecutive pieces of one initiative that are in the same state."""
    pieces = pieces.sort_values(["initiative", "start"])
    new_run = (pieces["state"] != pieces["state"].shift()) | (pieces["initiative"] != pieces["initiative"].shift())
    run = new_run.cumsum()
    return pieces.groupby(run).agg(initiative=("initiative", "first"), start=("start", "first"), end=("end", "max"),
                                   state=("state", "first"), event_id=("event_id", "first"),
                                   event_type=("event_type", "first"), title=("title", "first"))


def _coarsen(pieces: pd.DataFrame) -> pd.DataFrame:
    """For very busy initiatives: one piece per quarter (the state of its last decision), runs joined."""
    quarter = pieces["start"].dt.to_period("Q")
    last = pieces.assign(quarter=quarter).groupby(["initiative", "quarter"], as_index=False).tail(1)
    last = last.assign(start=last["quarter"].dt.start_time,
                       end=last.groupby("initiative")["quarter"].shift(-1).dt.start_time.fillna(last["end"]))
    return _merge_runs(last.drop(columns="quarter"))


def gantt(pieces: pd.DataFrame) -> go.Figure:
    """One bar per initiative from launch to its current expiry, coloured by state, renewals marked."""
    latest = pieces.groupby("initiative", observed=True)["start"].max().nlargest(GANTT_ROWS)
    pieces = pieces[pieces["initiative"].isin(latest.index)].astype({"initiative": str, "event_type": str})
    marks = pieces[pieces["event_type"].isin(["mission_renewal", "sanctions_renewal"])]
    if len(pieces) > GANTT_MAX_PIECES:
        pieces = _coarsen(pieces)
        marks = marks.assign(start=marks["start"].dt.to_period("Q").dt.start_time).drop_duplicates(
            ["initiative", "start"])
    # Text is made inert only for the rows drawn.
    latest.index = inert_series(latest.index.to_series().astype(str), 60).to_numpy()
    pieces = pieces.assign(initiative=inert_series(pieces["initiative"], 60), title=inert_series(pieces["title"]))
    marks = marks.assign(initiative=inert_series(marks["initiative"], 60), title=inert_series(marks["title"]))
    order = list(latest.sort_values().index)
    fig = go.Figure()
    for state, color in STATE_COLORS.items():
        part = pieces[pieces["state"] == state]
        width = (part["end"] - part["start"]).dt.total_seconds() * 1000 + 86_400_000
        fig.add_trace(go.Bar(y=part["initiative"], base=part["start"], x=width, orientation="h", name=state,
                             marker_color=color, customdata=part[["title", "event_id"]].to_numpy(),
                             hovertemplate="%{y}: " + state + " from %{base|%d %b %Y}<br>%{customdata[0]}"
                                           "<extra></extra>"))
    fig.add_trace(go.Scatter(x=marks["start"], y=marks["initiative"], mode="markers", name="renewal",
                             marker={"symbol": "diamond", "size": 9, "color": "#ff7f0e", "line_width": 1},
                             customdata=marks[["title", "event_id"]].to_numpy(),
                             hovertemplate="%{x|%d %b %Y}: %{customdata[0]}<extra>renewal</extra>"))
    fig.update_layout(barmode="overlay", title="Missions and regimes: state over time, renewals marked",
                      height=max(320, 26 * len(order) + 140), legend_title_text="State",
                      margin={"l": 10, "r": 10, "t": 60, "b": 10})
    fig.update_yaxes(categoryorder="array", categoryarray=order, title=None)
    fig.update_xaxes(type="date", title="Date")
    return fig


def current_expiries(events: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Per initiative still running on `as_of`: its latest decision by then with an expiry date, and that date."""
    life = life_events(events)
    life = life[life["date"] <= as_of]
    ended = life[life["event_type"] == "mission_end"]["initiative"].unique()
    with_expiry = life[life["end_date"].notna() & ~life["initiative"].isin(ended)
                       & ~life["status"].isin(["requested", "proposed", "expected", "rejected"])]
    latest = with_expiry.sort_values(["date", "end_date"]).groupby("initiative").tail(1)
    return latest.assign(expires=latest["end_date"]).sort_values("expires")


def upcoming(events: pd.DataFrame, start: dt.date, months: int) -> pd.DataFrame:
    """Initiatives whose current expiry falls within `months` months from `start`."""
    first = pd.Timestamp(start)
    last = first + pd.DateOffset(months=months)
    table = current_expiries(events, first)
    table = table[(table["expires"] >= first) & (table["expires"] <= last)]
    return table[["initiative", "expires", "actors", "targets", "event_id", "title", "source_url",
                  "source_publisher"]].reset_index(drop=True)
