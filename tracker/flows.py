"""Flows: who acts on whom, as a Sankey and as a clickable actor x target matrix."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from tracker.actors import Registry, registry
from tracker.schema import EVENT_TYPE_COLORS, type_title

# Most actors (and targets) drawn by name; the rest are summed as "Other".
TOP_PARTIES = 12

# Label of the node that gathers the smaller actors or targets.
OTHER = "Other"


def flow_table(parties: pd.DataFrame) -> pd.DataFrame:
    """event_id, actor, target: one row per actor-target pair of each event."""
    columns = ["pos", "event_id", "code"] + (["event_type"] if "event_type" in parties else [])
    actors = parties[parties["role"] == "actor"][columns].rename(columns={"code": "actor"})
    targets = parties[parties["role"] == "target"][["pos", "code"]].rename(columns={"code": "target"})
    pairs = actors.merge(targets, on="pos")
    return pairs.astype({"actor": str, "target": str})


def flows(parties: pd.DataFrame, top: int = TOP_PARTIES) -> pd.DataFrame:
    """The flow table with the smaller actors and targets grouped as "Other"."""
    pairs = flow_table(parties)  # the party table carries each event's type
    for side in ("actor", "target"):
        keep = pairs.groupby(side)["event_id"].nunique().nlargest(top).index
        pairs[side] = pairs[side].where(pairs[side].isin(keep), OTHER)
    return (pairs.groupby(["actor", "target", "event_type"], as_index=False)
            .agg(events=("event_id", "nunique")).sort_values("events", ascending=False, kind="stable"))


def _name(code: str, reg: Registry) -> str:
    return OTHER if code == OTHER else reg.name(code)


def sankey(table: pd.DataFrame, reg: Registry | None = None) -> go.Figure:
    """Actors on the left, targets on the right, links coloured by event type."""
    reg = reg or registry()
    actors = list(dict.fromkeys(table["actor"]))
    targets = list(dict.fromkeys(table["target"]))
    labels = [_name(c, reg) for c in actors] + [_name(c, reg) for c in targets]
    fig = go.Figure(go.Sankey(
        node={"label": labels, "pad": 12, "color": "#c9d3e0"},
        link={"source": [actors.index(a) for a in table["actor"]],
              "target": [len(actors) + targets.index(t) for t in table["target"]],
              "value": table["events"], "color": [EVENT_TYPE_COLORS.get(t, "#999") + "99" for t in table["event_type"]],
              "customdata": [type_title(t) for t in table["event_type"]],
              "hovertemplate": "%{source.label} → %{target.label}<br>%{customdata}: %{value} events<extra></extra>"},
    ))
    fig.update_layout(title="Who acts on whom (link colour = event type)", height=560,
                      margin={"l": 10, "r": 10, "t": 50, "b": 10})
    return fig


def matrix(table: pd.DataFrame, reg: Registry | None = None) -> go.Figure:
    """Actor x target bubbles sized by event count; click one to filter to that flow."""
    reg = reg or registry()
    totals = table.groupby(["actor", "target"], as_index=False)["events"].sum()
    fig = go.Figure(go.Scatter(
        x=[_name(c, reg) for c in totals["target"]], y=[_name(c, reg) for c in totals["actor"]], mode="markers",
        customdata=totals[["actor", "target"]].to_numpy(), text=totals["events"],
        marker={"size": totals["events"], "sizemode": "area", "sizeref": max(totals["events"].max(), 1) / 900,
                "sizemin": 5, "color": "#d62728", "opacity": 0.7},
        hovertemplate="%{y} → %{x}: %{text} events<extra></extra>"))
    fig.update_xaxes(title="Target")
    fig.update_yaxes(title="Actor")
    fig.update_layout(title="Flows as a matrix (bubble area = events)", height=520,
                      margin={"l": 10, "r": 10, "t": 50, "b": 10})
    return fig


def picked_flow(points: list[dict]) -> dict[str, list[str]]:
    """Filter values for a clicked bubble: its actor and its target ("Other" is not a filter)."""
    picks: dict[str, list[str]] = {"actor": [], "target": []}
    for point in points:
        actor, target = point.get("customdata", [None, None])[:2]
        if actor and actor != OTHER:
            picks["actor"].append(actor)
        if target and target != OTHER:
            picks["target"].append(target)
    return picks
