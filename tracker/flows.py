"""Flows: who acts on whom, as a Sankey and as a clickable actor x target matrix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from tracker.actors import Registry, registry
from tracker.schema import EVENT_TYPE_COLORS, type_title

# Most actors (and targets) drawn by name; the rest are summed as "Other".
TOP_PARTIES = 12

# Label of the node that gathers the smaller actors or targets.
OTHER = "Other"


def flow_table(parties: pd.DataFrame) -> pd.DataFrame:
    """pos, actor, target, event_type: one row per actor-target pair of each event (codes stay categorical)."""
    columns = ["pos", "code"] + (["event_type"] if "event_type" in parties else [])
    actors = parties.loc[parties["role"] == "actor", columns].rename(columns={"code": "actor"})
    targets = parties.loc[parties["role"] == "target", ["pos", "code"]].rename(columns={"code": "target"})
    return actors.merge(targets, on="pos")


def _top_or_other(codes: pd.Series, positions: np.ndarray, top: int) -> tuple[np.ndarray, np.ndarray]:
    """(integer code per row, names): the `top` codes with most events keep their name, the rest become OTHER."""
    categorical = pd.Categorical(codes)
    distinct = pd.DataFrame({"code": categorical.codes, "pos": positions}).drop_duplicates()
    counts = np.bincount(distinct["code"], minlength=len(categorical.categories))
    ranked = np.argsort(-counts, kind="stable")[:top]
    names = np.array([str(c) for c in categorical.categories] + [OTHER], dtype=object)
    return np.where(np.isin(categorical.codes, ranked[counts[ranked] > 0]), categorical.codes, len(names) - 1), names


def flows(parties: pd.DataFrame, top: int = TOP_PARTIES) -> pd.DataFrame:
    """actor, target, event_type, events: the flows, the smaller actors and targets grouped as "Other".

    Counted on integer codes; names are attached to the (few) flows at the end.
    """
    pairs = flow_table(parties)  # the party table carries each event's type
    positions = pairs["pos"].to_numpy()
    actor, actor_names = _top_or_other(pairs["actor"], positions, top)
    target, target_names = _top_or_other(pairs["target"], positions, top)
    kind = pd.Categorical(pairs["event_type"])
    # An event counts once per flow even when several of its pairs fall into "Other".
    table = pd.DataFrame({"pos": positions, "actor": actor, "target": target, "event_type": kind.codes})
    counts = table.drop_duplicates().groupby(["actor", "target", "event_type"]).size()
    actors, targets, types = (counts.index.get_level_values(i).to_numpy() for i in range(3))
    kinds = np.array([str(c) for c in kind.categories], dtype=object)
    return (pd.DataFrame({"actor": actor_names[actors], "target": target_names[targets], "event_type": kinds[types],
                          "events": counts.to_numpy()})
            .sort_values("events", ascending=False, kind="stable").reset_index(drop=True))


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
