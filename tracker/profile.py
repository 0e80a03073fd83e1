"""Actor profile: one country's or organisation's events as actor and as target, and its counterparts.

The counts work on the party table's integer codes (one row per event, role and code), so a profile costs
a few passes over arrays, whatever the size of the file.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from tracker import figures, periods
from tracker.core.actors import registry
from tracker.core.schema import EVENT_TYPE_COLORS, EVENT_TYPES, type_title

# Counterparts listed on a profile.
COUNTERPARTS = 10

# The roles, in the order of the party table's role categories.
ROLES = ("actor", "target")

# Each role's colour and legend entry on the per-year chart.
ROLE_COLORS = {"actor": "#1f77b4", "target": "#d62728"}
ROLE_NAMES = {"actor": "as actor", "target": "as target"}


def _rows_of(parties: pd.DataFrame, code: str) -> np.ndarray:
    """True for the party rows of `code`."""
    return (parties["code"] == code).to_numpy()


def per_year(parties: pd.DataFrame, code: str) -> pd.DataFrame:
    """year, role, events: how often `code` acted and was targeted each year."""
    mine = parties[_rows_of(parties, code)]  # the party table carries each event's date
    # Each (event, role, code) is one row, so counting rows counts events.
    year = periods.months(mine["date"]) // 12 + 1970
    role = pd.Categorical(mine["role"], categories=ROLES).codes.astype(np.int64)
    low = int(year.min()) if len(year) else 0
    keys, counts = periods.count_keys((year - low) * len(ROLES) + role)
    return pd.DataFrame({"year": keys // len(ROLES) + low, "role": np.array(ROLES)[keys % len(ROLES)],
                         "events": counts})


def per_year_chart(table: pd.DataFrame, name: str) -> go.Figure:
    """Grouped bars: events as actor and as target per year, with a legend for the two colours."""
    data = []
    for role, color in ROLE_COLORS.items():
        part = table[(table["role"] == role).to_numpy()]
        data.append({"type": "bar", "x": part["year"].to_numpy(), "y": part["events"].to_numpy(),
                     "name": ROLE_NAMES[role], "marker": {"color": color},
                     "hovertemplate": "%{x}: %{y} events<extra>" + ROLE_NAMES[role] + "</extra>"})
    top = table["events"].to_numpy().max(initial=0)
    return figures.build(data, figures.layout(f"{name}: events per year", height=360, barmode="group",
                                              margin={"l": 10, "r": 10, "t": 50, "b": 10}, showlegend=True,
                                              legend={"title": {"text": "Role"}},
                                              xaxis={"title": {"text": "Year"}, "dtick": 1, "tickformat": "d"},
                                              yaxis=figures.count_axis("Events", top)))


def counterparts(parties: pd.DataFrame, code: str) -> pd.DataFrame:
    """code, name, events: who is most often on the other side of `code`'s events."""
    reg = registry()
    codes = pd.Categorical(parties["code"])
    pos = parties["pos"].to_numpy(dtype=np.int64)
    role = pd.Categorical(parties["role"], categories=ROLES).codes.astype(np.int64)
    me = _rows_of(parties, code)
    # Per event, the roles `code` holds in it (bit 0: actor, bit 1: target).
    held = np.zeros(int(pos.max(initial=-1)) + 1, dtype=np.int64)
    np.bitwise_or.at(held, pos[me], 1 << role[me])
    # Another party is a counterpart when `code` holds a role in its event other than the party's own.
    other = ~me & ((held[pos] & ~(1 << role)) != 0)
    # A counterpart on both sides of one event counts once.
    n_codes = max(len(codes.categories), 1)
    pairs = np.unique(pos[other] * n_codes + codes.codes[other])
    counts = np.bincount(pairs % n_codes, minlength=n_codes)
    top = np.argsort(-counts, kind="stable")[:COUNTERPARTS]
    top = top[counts[top] > 0]
    names = [str(codes.categories[i]) for i in top]
    return pd.DataFrame({"code": names, "name": [reg.name(c) for c in names], "events": counts[top]})


def type_mix(events: pd.DataFrame) -> pd.DataFrame:
    """event_type, title, events: the mix of event types."""
    counts = events["event_type"].value_counts()
    counts = counts[counts > 0]  # a categorical column counts absent types as 0
    order = [t for t in EVENT_TYPES if t in counts.index]
    return pd.DataFrame({"event_type": order, "title": [type_title(t) for t in order],
                         "events": [int(counts[t]) for t in order]})


def type_mix_chart(table: pd.DataFrame) -> go.Figure:
    """Horizontal bars, one colour per event type."""
    bars = {"type": "bar", "x": table["events"].to_numpy(), "y": table["title"].to_numpy(dtype=object),
            "orientation": "h", "customdata": table["event_type"].to_numpy(dtype=object),
            "marker": {"color": [EVENT_TYPE_COLORS[t] for t in table["event_type"]]},
            "hovertemplate": "%{y}: %{x} events<extra></extra>"}
    return figures.build([bars], figures.layout("Mix of event types", height=340,
                                                margin={"l": 10, "r": 10, "t": 50, "b": 10},
                                                yaxis={"autorange": "reversed"},
                                                xaxis=figures.count_axis("Events",
                                                                         table["events"].to_numpy().max(initial=0))))
