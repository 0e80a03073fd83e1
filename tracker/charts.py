"""Charts: pure functions from the events frame to plotly Figures, aggregated before plotting."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from tracker.actors import Registry, registry
from tracker.schema import EVENT_TYPE_COLORS, EVENT_TYPES, type_title
from tracker.text import inert_series

# Most country rows drawn on the timeline; the rest are counted in the chart title.
TIMELINE_ROWS = 25

# Above this many marks the timeline draws one mark per country, type and month (size = count).
TIMELINE_MAX_MARKS = 3000

# Incidents labelled on the monthly chart (the latest ones).
INCIDENT_LABELS = 12

# Periods the timeline falls back to when there are too many marks, shortest first.
PERIOD_NAMES = {"M": "month", "Q": "quarter", "Y": "year"}

# Bars on a "top actors" chart.
TOP_N = 10


def _layout(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    fig.update_layout(title=title, height=height, legend_title_text="Event type",
                      margin={"l": 10, "r": 10, "t": 60, "b": 10})
    return fig


def _type_order(types: pd.Series) -> list[str]:
    present = set(types.unique())
    return [t for t in EVENT_TYPES if t in present] + sorted(present - set(EVENT_TYPES))


def timeline(events: pd.DataFrame, parties: pd.DataFrame, reg: Registry | None = None) -> go.Figure:
    """One row per country or organisation, one mark per event (or per month when there are many)."""
    reg = reg or registry()
    # Count and cap on the party table alone (it carries date and type) with integer codes; join event details
    # only for the marks that are drawn one per event.
    # Only the columns counted are taken (moving event IDs, which are strings, is the costly part at scale).
    marks = parties.loc[~_repeated_party(parties), ["pos", "code", "date", "event_type"]]
    code = pd.Categorical(marks["code"])
    per_code = np.bincount(code.codes, minlength=len(code.categories))
    order = np.argsort(-per_code, kind="stable")
    order = order[per_code[order] > 0]
    shown_idx = order[:TIMELINE_ROWS]
    shown = [str(code.categories[i]) for i in shown_idx]
    keep = np.isin(code.codes, shown_idx)
    marks = marks[keep]
    labels = np.array([reg.label(c) for c in code.categories], dtype=object)
    period = _timeline_period(marks, code.codes[keep])
    if period:
        traces = _period_traces(marks, code.codes[keep], labels, period)
    else:
        details = events[["event_id", "date_label", "title", "source_publisher"]]
        traces = _event_traces(marks.merge(details, left_on="pos", right_index=True)
                               .assign(party=labels[code.codes[keep]]))
    fig = go.Figure(traces)
    hidden = len(order) - len(shown)
    title = "Events by country and date" + (f" (top {len(shown)} of {len(order)} parties)" if hidden > 0 else "")
    if period:
        title += f" - one mark per {PERIOD_NAMES[period]}, size = number of events"
    fig.update_yaxes(title="Country or organisation", categoryorder="array", categoryarray=
                     [reg.label(c) for c in shown[::-1]])
    fig.update_xaxes(title="Date")
    return _layout(fig, title, height=max(320, 28 * len(shown) + 140))


def _event_traces(marks: pd.DataFrame) -> list[go.Scatter]:
    """One mark per event and party, with its title, date and source in the hover."""
    traces = []
    kinds = marks["event_type"].astype(str)
    for event_type in _type_order(kinds):
        part = marks[kinds == event_type]
        traces.append(go.Scatter(
            x=part["date"], y=part["party"], mode="markers", name=type_title(event_type),
            customdata=np.column_stack([inert_series(part["title"]), part["date_label"].astype(str),
                                        inert_series(part["source_publisher"]), part["event_id"]]),
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]} · %{y}<br>Source: %{customdata[2]}"
                          "<extra>" + type_title(event_type) + "</extra>",
            marker={"color": EVENT_TYPE_COLORS.get(event_type), "size": 10, "opacity": 0.8}))
    return traces


def _period_ordinals(dates: pd.Series, period: str) -> np.ndarray:
    year, month = dates.dt.year.to_numpy(np.int64), dates.dt.month.to_numpy(np.int64) - 1
    return {"M": year * 12 + month, "Q": year * 4 + month // 3, "Y": year}[period]


def _period_start(ordinals: np.ndarray, period: str) -> pd.DatetimeIndex:
    year, month = {"M": (ordinals // 12, ordinals % 12 + 1), "Q": (ordinals // 4, ordinals % 4 * 3 + 1),
                   "Y": (ordinals, np.ones_like(ordinals))}[period]
    return pd.to_datetime(pd.DataFrame({"year": year, "month": month, "day": 1}))


def _period_traces(marks: pd.DataFrame, codes: np.ndarray, labels: np.ndarray, period: str) -> list[go.Scatter]:
    """One mark per party, type and period (size = events), counted with integer keys."""
    kind = pd.Categorical(marks["event_type"])
    ordinals = _period_ordinals(marks["date"], period)
    low = ordinals.min() if len(ordinals) else 0
    span, n_types = (ordinals.max() - low + 1) if len(ordinals) else 1, len(kind.categories)
    keys, counts = np.unique((codes.astype(np.int64) * n_types + kind.codes) * span + (ordinals - low),
                             return_counts=True)
    starts = _period_start(keys % span + low, period)
    type_index, party_index = (keys // span) % n_types, keys // span // n_types
    traces = []
    for event_type in _type_order(pd.Series(kind.categories.astype(str))):
        rows = type_index == kind.categories.get_loc(event_type)
        n = counts[rows]
        traces.append(go.Scatter(
            x=starts[rows], y=labels[party_index[rows]], mode="markers", name=type_title(event_type), customdata=n,
            hovertemplate="%{y}<br>%{x|%b %Y}: %{customdata} events<extra>" + type_title(event_type) + "</extra>",
            marker={"color": EVENT_TYPE_COLORS.get(event_type), "size": 6 + n ** 0.5, "sizemode": "diameter",
                    "opacity": 0.7}))
    return traces


def _repeated_party(parties: pd.DataFrame) -> np.ndarray:
    """True for a party row whose event already lists the same code in the other role (counted once)."""
    codes = pd.Categorical(parties["code"]).codes.astype(np.int64)
    key = parties["pos"].to_numpy(dtype=np.int64) * (codes.max(initial=0) + 1) + codes
    return pd.Series(key).duplicated().to_numpy()


def _timeline_period(marks: pd.DataFrame, codes: np.ndarray) -> str | None:
    """None for one mark per event; else the shortest period ("M", "Q", "Y") that keeps marks under the cap."""
    if len(marks) <= TIMELINE_MAX_MARKS:
        return None
    # Count distinct (party, type, period) as integers: far cheaper than comparing rows of a large frame.
    group = codes.astype(np.int64) * 64 + pd.Categorical(marks["event_type"]).codes
    for period in PERIOD_NAMES:
        if len(np.unique(group * 100_000 + _period_ordinals(marks["date"], period))) <= TIMELINE_MAX_MARKS:
            return period
    return "Y"


def monthly_counts(events: pd.DataFrame, table: pd.DataFrame | None = None) -> go.Figure:
    """Number of events per month, stacked by event type, with incidents marked and labelled above.

    `table` is monthly_table(events) when the caller already has it.
    """
    table = monthly_table(events) if table is None else table
    fig = go.Figure()
    for event_type in _type_order(table["event_type"]):
        part = table[table["event_type"] == event_type]
        fig.add_trace(go.Bar(x=part["month"], y=part["events"], name=type_title(event_type),
                             marker_color=EVENT_TYPE_COLORS.get(event_type),
                             hovertemplate="%{x|%b %Y}: %{y} events<extra>" + type_title(event_type) + "</extra>"))
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title="Month")
    fig.update_yaxes(title="Events per month")
    _mark_incidents(fig, events, top=table.groupby("month")["events"].sum().max())
    return _layout(fig, "Events per month by type (▼ incidents)")


def _mark_incidents(fig: go.Figure, events: pd.DataFrame, top: float) -> None:
    incidents = (events[(events["event_type"] == "incident").to_numpy()].nlargest(INCIDENT_LABELS, "date", keep="last")
                 .sort_values("date", kind="stable"))
    if incidents.empty:
        return
    labels = inert_series(incidents["title"], limit=28)
    month = incidents["date"].dt.to_period("M").dt.start_time
    fig.add_trace(go.Scatter(
        x=month, y=[top * 1.08] * len(incidents), mode="markers+text", name="Incidents ▼", text=labels,
        textposition="top center", textfont={"size": 10},
        customdata=incidents[["title", "date_label", "event_id"]].assign(title=inert_series(incidents["title"])),
        marker={"symbol": "triangle-down", "size": 11, "color": EVENT_TYPE_COLORS["incident"]},
        hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra>Incident</extra>"))
    # One layout update with every line (add_vline per line re-validates the whole layout each time).
    fig.update_layout(shapes=[{"type": "line", "xref": "x", "yref": "paper", "x0": day, "x1": day, "y0": 0, "y1": 1,
                               "line": {"width": 1, "dash": "dot", "color": "#888"}} for day in month])
    fig.update_yaxes(range=[0, top * 1.35])


def picked_month(points: list[dict]) -> dict[str, dt.date]:
    """Clicking a month's bar filters the dates to that month."""
    for point in points:
        month = pd.Timestamp(point.get("x"))
        if pd.notna(month):
            return {"from": month.date(), "to": (month + pd.offsets.MonthEnd(0)).date()}
    return {}


def monthly_table(events: pd.DataFrame) -> pd.DataFrame:
    """The table behind monthly_counts: month, event_type, events."""
    months = events["date"].dt.to_period("M").dt.start_time
    return (events.assign(month=months).groupby(["month", "event_type"], as_index=False)
            .agg(events=("event_id", "size")))


def top_parties_table(parties: pd.DataFrame, role: str, reg: Registry | None = None, n: int = TOP_N) -> pd.DataFrame:
    """The `n` codes with most events in `role` ("actor" or "target"): code, name, events."""
    reg = reg or registry()
    # The party table holds each (event, role, code) once, so counting rows counts events.
    counts = parties.loc[parties["role"] == role, "code"].value_counts(sort=False)
    counts = counts[counts > 0]
    counts.index = counts.index.astype(str)
    top = counts.sort_values(ascending=False, kind="stable").head(n)
    return pd.DataFrame({"code": top.index, "name": [reg.name(c) for c in top.index], "events": top.to_numpy()})


def top_bar(table: pd.DataFrame, title: str) -> go.Figure:
    """Horizontal bars of a (code, name, events) table, largest first; the code rides along for clicks."""
    fig = go.Figure(go.Bar(x=table["events"], y=table["name"], orientation="h", customdata=table["code"],
                           marker_color="#4c78a8", hovertemplate="%{y} (%{customdata}): %{x} events<extra></extra>"))
    fig.update_yaxes(autorange="reversed", title=None)
    fig.update_xaxes(title="Events")
    return _layout(fig, title, height=max(260, 30 * len(table) + 120))


def top_parties(parties: pd.DataFrame, role: str, reg: Registry | None = None, n: int = TOP_N) -> go.Figure:
    """Horizontal bars: who acts most (role="actor") or who is targeted most (role="target")."""
    return top_bar(top_parties_table(parties, role, reg, n), "Top actors" if role == "actor" else "Top targets")


def picked_codes(points: list[dict]) -> list[str]:
    """The codes behind clicked bars (carried in customdata)."""
    return [p["customdata"] for p in points if isinstance(p.get("customdata"), str)]


def picked_events(points: list[dict]) -> list[str]:
    """Event ids of clicked timeline marks (the id is the last customdata field; monthly marks carry none)."""
    ids = []
    for point in points:
        data = point.get("customdata")
        if isinstance(data, list) and len(data) >= 4:
            ids.append(data[3])
    return ids


def timeline_table(events: pd.DataFrame, parties: pd.DataFrame, reg: Registry | None = None) -> pd.DataFrame:
    """The table behind the timeline: one row per event and party (date, party, type, title, source)."""
    reg = reg or registry()
    rows = parties.drop_duplicates(["pos", "code"])[["pos", "code", "date", "event_type"]].merge(
        events[["event_id", "date_precision", "title", "source_publisher", "source_url"]], left_on="pos",
        right_index=True)
    rows = rows.drop(columns="pos").astype({"code": str, "event_type": str})
    rows = rows.assign(party=rows["code"].map(reg.name))[["event_id", "code", "party", "date", "event_type",
                                                          "date_precision", "title", "source_publisher", "source_url"]]
    return rows.sort_values(["date", "code"]).assign(date=lambda t: t["date"].dt.strftime("%Y-%m-%d"))
