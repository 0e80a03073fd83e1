"""Flows: who acts on whom, as a Sankey and as a clickable actor x target matrix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from tracker import figures, periods
from tracker.chart_text import inert
from tracker.core.actors import Registry, registry
from tracker.core.schema import EVENT_TYPE_COLORS, EVENT_TYPES, type_title

# Most actors (and targets) drawn by name; the rest are summed as "Other".
TOP_PARTIES = 12

# Label of the node that gathers the smaller actors or targets.
OTHER = "Other"

# The Sankey's size in pixels: its height, the margins above (title and legend) and below, the space between
# two nodes of a column and a node's thickness. Nodes are placed here rather than by plotly, so that their names
# can be written outside the flows (plotly writes them across the links).
SANKEY_HEIGHT, SANKEY_TOP, SANKEY_BOTTOM, NODE_PAD, NODE_THICKNESS = 600, 110, 10, 14, 16

# The share of the width left of the actors and right of the targets, for their names.
NAME_SPACE = 0.2

# Longest name written beside a node (the hover has it whole).
NAME_CHARS = 30


def _pairs(parties: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, pd.Categorical]:
    """(pos, actor row, target row) of every actor-target pair of each event, and the codes of all rows.

    Integer work only: each actor row is repeated once per target row of its event.
    """
    actor = (parties["role"] == "actor").to_numpy()
    codes = pd.Categorical(parties["code"])
    pos = parties["pos"].to_numpy(dtype=np.int64)
    actor_rows, target_rows = np.flatnonzero(actor), np.flatnonzero(~actor)
    target_rows = target_rows[np.argsort(pos[target_rows], kind="stable")]
    per_event = np.bincount(pos[target_rows], minlength=int(pos.max(initial=-1)) + 1)
    first = np.concatenate([[0], np.cumsum(per_event)[:-1]])
    repeat = per_event[pos[actor_rows]]
    left = np.repeat(actor_rows, repeat)
    # The rank of each pair within its actor row: 0, 1, ... up to the number of targets of the event.
    rank = np.arange(len(left)) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    right = target_rows[np.repeat(first[pos[actor_rows]], repeat) + rank]
    return pos[left], left, right, codes


def _top_or_other(codes: np.ndarray, n_codes: int, top: int) -> tuple[np.ndarray, np.ndarray]:
    """(index per row into the kept codes + OTHER, kept code numbers): the `top` codes with most rows keep
    their place, the rest become OTHER (the last index)."""
    counts = np.bincount(codes, minlength=n_codes)
    ranked = np.argsort(-counts, kind="stable")[:top]
    kept = np.sort(ranked[counts[ranked] > 0])  # in code order, as the rows of the flow table come
    slot = np.full(n_codes, len(kept), dtype=np.int64)
    slot[kept] = np.arange(len(kept))
    return slot[codes], kept


def flows(parties: pd.DataFrame, top: int = TOP_PARTIES) -> pd.DataFrame:
    """actor, target, event_type, events: the flows, the smaller actors and targets grouped as "Other".

    Counted on integer codes; names are attached to the (few) flows at the end.
    """
    pos, left, right, codes = _pairs(parties)
    numbers = codes.codes
    n_codes = len(codes.categories)
    names = np.array([str(c) for c in codes.categories], dtype=object)
    # Ranks count the events of each actor (target) that have a pair: the party table holds each (event, role,
    # code) once, so the distinct rows in pairs are those events.
    slot_of_row = np.zeros(len(numbers), dtype=np.int64)
    kept = {}
    for side, paired in (("actor", left), ("target", right)):
        rows = np.flatnonzero(np.bincount(paired, minlength=len(numbers)))  # the distinct rows in pairs
        slots, kept[side] = _top_or_other(numbers[rows], n_codes, top)
        slot_of_row[rows] = slots
    actor, target = slot_of_row[left], slot_of_row[right]
    actor_kept, target_kept = kept["actor"], kept["target"]
    kind = pd.Categorical(parties["event_type"])
    kinds = kind.codes.astype(np.int64)[left]
    n_types, n_actor, n_target = max(len(kind.categories), 1), len(actor_kept) + 1, len(target_kept) + 1
    # An event counts once per flow even when several of its pairs fall into "Other".
    flow = (actor * n_target + target) * n_types + kinds
    first = ~pd.Series(pos * (n_actor * n_target * n_types) + flow).duplicated().to_numpy()
    keys, counts = periods.count_keys(flow[first])
    actor_names = np.append(names[actor_kept], OTHER)
    target_names = np.append(names[target_kept], OTHER)
    type_names = np.array([str(c) for c in kind.categories], dtype=object)
    table = pd.DataFrame({"actor": actor_names[keys // n_types // n_target],
                          "target": target_names[keys // n_types % n_target],
                          "event_type": type_names[keys % n_types], "events": counts})
    return table.sort_values("events", ascending=False, kind="stable").reset_index(drop=True)


def _name(code: str, reg: Registry) -> str:
    return OTHER if code == OTHER else reg.name(code)


def sankey(table: pd.DataFrame) -> go.Figure:
    """Actors on the left, targets on the right, links coloured by event type (with a legend); names outside."""
    reg = registry()
    actor_sizes = table.groupby("actor", sort=False)["events"].sum()
    target_sizes = table.groupby("target", sort=False)["events"].sum()
    actors, targets = _column_order(actor_sizes), _column_order(target_sizes)
    names = [_name(c, reg) for c in actors] + [_name(c, reg) for c in targets]
    kinds = pd.Categorical(table["event_type"])
    colors = np.array([_link_color(t) for t in kinds.categories] + [""], dtype=object)
    titles = np.array([type_title(t) for t in kinds.categories] + [""], dtype=object)
    links = {"source": pd.Index(actors).get_indexer(table["actor"]),
             "target": len(actors) + pd.Index(targets).get_indexer(table["target"]),
             "value": table["events"].to_numpy(), "color": colors[kinds.codes].tolist(),
             "customdata": titles[kinds.codes].tolist(),
             "hovertemplate": "%{source.label} → %{target.label}<br>%{customdata}: %{value} events<extra></extra>"}
    plot_height = SANKEY_HEIGHT - SANKEY_TOP - SANKEY_BOTTOM
    left = node_centres(actor_sizes[actors].to_numpy(), target_sizes.sum(), plot_height, len(targets))
    right = node_centres(target_sizes[targets].to_numpy(), target_sizes.sum(), plot_height, len(actors))
    domain = [NAME_SPACE, 1 - NAME_SPACE]
    # Positions must not be 0: plotly ignores a falsy one.
    node = {"label": names, "pad": NODE_PAD, "thickness": NODE_THICKNESS, "color": "#c9d3e0",
            "x": [0.001] * len(actors) + [0.999] * len(targets), "y": [max(y, 0.001) for y in [*left, *right]],
            "hovertemplate": "%{label}: %{value} events<extra></extra>"}
    flow = {"type": "sankey", "arrangement": "fixed", "valueformat": ",d", "domain": {"x": domain, "y": [0, 1]},
            "node": node, "link": links, "textfont": {"color": "rgba(0,0,0,0)", "shadow": "none"}}
    shown = [t for t in EVENT_TYPES if t in set(kinds.categories)] + sorted(set(kinds.categories) - set(EVENT_TYPES))
    layout = figures.layout("Who acts on whom (link colour = event type)", height=SANKEY_HEIGHT,
                            margin={"l": 10, "r": 10, "t": SANKEY_TOP, "b": SANKEY_BOTTOM},
                            annotations=_node_names(names[: len(actors)], left, domain[0], "right")
                            + _node_names(names[len(actors):], right, domain[1], "left"),
                            legend={"orientation": "h", "x": 0, "y": 1.03, "yanchor": "bottom", "itemclick": False,
                                    "itemdoubleclick": False},
                            showlegend=True, hovermode="closest",
                            # The legend's entries need an x and a y axis: both hidden, in a corner.
                            xaxis={"visible": False, "domain": [0, 0.001]},
                            yaxis={"visible": False, "domain": [0, 0.001]})
    return figures.build([flow, *(_legend_entry(t) for t in shown)], layout)


def _column_order(sizes: pd.Series) -> list[str]:
    """A column's codes, largest first, "Other" last."""
    order = sizes.sort_values(ascending=False, kind="stable").index.astype(str).tolist()
    return [c for c in order if c != OTHER] + ([OTHER] if OTHER in order else [])


def node_centres(sizes: np.ndarray, total: float, height: float, others: int) -> list[float]:
    """Where plotly should centre each node of a column (0 = top, 1 = bottom of the plot), stacked in order.

    The nodes' heights are plotly's (d3-sankey's): value times one scale for both columns, chosen so that the
    column with more nodes fills the height with NODE_PAD between them. `others` is the other column's node count.
    """
    scale = (height - (max(len(sizes), others) - 1) * NODE_PAD) / max(total, 1)
    heights = sizes * scale
    spare = height - heights.sum()
    # The extra space of a shorter column goes between its nodes (up to three pads each), the rest around them.
    pad = min(spare / (len(sizes) - 1), 3 * NODE_PAD) if len(sizes) > 1 else 0
    top = (spare - pad * (len(sizes) - 1)) / 2
    centres = top + np.cumsum(heights) - heights / 2 + pad * np.arange(len(sizes))
    return [float(c) / height for c in centres]


def _node_names(names: list[str], centres: list[float], x: float, side: str) -> list[dict]:
    """The names of one column written outside it (`side` "right": left of the actors; "left": right of the
    targets), level with each node."""
    shift = (NODE_THICKNESS / 2 + 4) * (-1 if side == "right" else 1)
    return [{"text": inert(name, NAME_CHARS), "x": x, "y": 1 - y, "xref": "paper", "yref": "paper",
             "xanchor": side, "yanchor": "middle", "xshift": shift, "showarrow": False, "font": {"size": 12}}
            for name, y in zip(names, centres, strict=True)]


def _link_color(event_type: str) -> str:
    """An event type's colour, see-through so crossing links stay visible."""
    return EVENT_TYPE_COLORS.get(event_type, "#999999") + "99"


def _legend_entry(event_type: str) -> dict:
    """A legend entry for the links of one event type (a trace with no points)."""
    return {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": type_title(event_type),
            "marker": {"symbol": "square", "size": 12, "color": _link_color(event_type)}, "hoverinfo": "skip"}


def matrix(table: pd.DataFrame) -> go.Figure:
    """Actor x target bubbles sized by event count; click one to filter to that flow."""
    reg = registry()
    totals = table.groupby(["actor", "target"], as_index=False)["events"].sum()
    events = totals["events"].to_numpy()
    bubbles = {"type": "scatter", "x": [_name(c, reg) for c in totals["target"]],
               "y": [_name(c, reg) for c in totals["actor"]], "mode": "markers",
               "customdata": totals[["actor", "target"]].to_numpy(dtype=object), "text": [str(n) for n in events],
               "marker": {"size": events, "sizemode": "area", "sizeref": max(events.max(initial=0), 1) / 900,
                          "sizemin": 5, "color": "#d62728", "opacity": 0.7},
               "hovertemplate": "%{y} → %{x}: %{text} events<extra></extra>"}
    return figures.build([bubbles], figures.layout("Flows as a matrix (bubble area = events)", height=520,
                                                   margin={"l": 10, "r": 10, "t": 50, "b": 10},
                                                   xaxis={"title": {"text": "Target"}},
                                                   yaxis={"title": {"text": "Actor"}}))


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
