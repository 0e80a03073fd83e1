"""Actor profile: one country's or organisation's events as actor and as target, and its counterparts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from tracker.actors import Registry, registry
from tracker.schema import EVENT_TYPE_COLORS, EVENT_TYPES, type_title

# Counterparts listed on a profile.
COUNTERPARTS = 10


def per_year(parties: pd.DataFrame, code: str) -> pd.DataFrame:
    """year, role, events: how often `code` acted and was targeted each year."""
    mine = parties[parties["code"] == code]  # the party table carries each event's date
    mine = mine.assign(year=mine["date"].dt.year, role=mine["role"].astype(str))
    return mine.groupby(["year", "role"], as_index=False).agg(events=("pos", "nunique"))


def per_year_chart(table: pd.DataFrame, name: str) -> go.Figure:
    """Grouped bars: events as actor and as target per year."""
    fig = go.Figure()
    for role, color in (("actor", "#1f77b4"), ("target", "#d62728")):
        part = table[table["role"] == role]
        fig.add_trace(go.Bar(x=part["year"], y=part["events"], name=f"as {role}", marker_color=color))
    fig.update_layout(barmode="group", title=f"{name}: events per year", height=360,
                      margin={"l": 10, "r": 10, "t": 50, "b": 10})
    fig.update_xaxes(title="Year", dtick=1)
    fig.update_yaxes(title="Events")
    return fig


def counterparts(parties: pd.DataFrame, code: str, reg: Registry | None = None) -> pd.DataFrame:
    """code, name, events: who is most often on the other side of `code`'s events."""
    reg = reg or registry()
    mine = parties[parties["code"] == code][["pos", "role"]]
    other = parties[parties["pos"].isin(mine["pos"])][["pos", "role", "code"]].merge(mine, on="pos",
                                                                                      suffixes=("", "_mine"))
    other = other[(other["role"] != other["role_mine"]) & (other["code"] != code)]
    counts = other.groupby(other["code"].astype(str))["pos"].nunique().nlargest(COUNTERPARTS)
    return pd.DataFrame({"code": counts.index, "name": [reg.name(c) for c in counts.index],
                         "events": counts.to_numpy()})


def type_mix(events: pd.DataFrame) -> pd.DataFrame:
    """event_type, title, events: the mix of event types."""
    counts = events["event_type"].value_counts()
    counts = counts[counts > 0]  # a categorical column counts absent types as 0
    order = [t for t in EVENT_TYPES if t in counts.index]
    return pd.DataFrame({"event_type": order, "title": [type_title(t) for t in order],
                         "events": [int(counts[t]) for t in order]})


def type_mix_chart(table: pd.DataFrame) -> go.Figure:
    """Horizontal bars, one colour per event type."""
    fig = go.Figure(go.Bar(x=table["events"], y=table["title"], orientation="h", customdata=table["event_type"],
                           marker_color=[EVENT_TYPE_COLORS[t] for t in table["event_type"]],
                           hovertemplate="%{y}: %{x} events<extra></extra>"))
    fig.update_yaxes(autorange="reversed", title=None)
    fig.update_xaxes(title="Events")
    fig.update_layout(title="Mix of event types", height=340, margin={"l": 10, "r": 10, "t": 50, "b": 10})
    return fig
