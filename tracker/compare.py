"""Comparison: the events of a few chosen actors or targets per year or month, one colour each, on one scale."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from tracker import figures, periods
from tracker.chart_text import inert
from tracker.core.actors import registry

# How many countries or organisations a comparison takes.
MIN_PARTIES, MAX_PARTIES = 2, 6

# The periods a comparison counts by: URL value -> period code of tracker.periods.
PERIODS = {"year": "Y", "month": "M"}

# Which side of an event a party is counted on: URL value -> the words after "events" in a chart's title.
ROLES = {"actor": "as actor (who acts)", "target": "as target (directed at)", "either": "on either side"}

# One colour per party, in the order chosen (Okabe and Ito's colour-blind-safe palette).
PARTY_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")

# Columns of the comparison table (and its CSV).
COLUMNS = ["period", "code", "name", "role", "events"]


def compare_table(parties: pd.DataFrame, codes: list[str], role: str, period: str) -> pd.DataFrame:
    """period, code, name, role, events: how many events each of `codes` had in `role` ("actor", "target" or
    "either") per `period` ("year" or "month"), with a row (0 events) for every period between the first and the
    last event of any of them, so that each party has the same periods.

    `parties` is a party table (one row per event, role and code; "either" counts an event once per party).
    """
    rows = parties[parties["code"].isin(codes).to_numpy()]
    if role == "either":
        rows = rows[~rows["repeat"].to_numpy()]  # a party on both sides of an event counts once
    else:
        rows = rows[(rows["role"] == role).to_numpy()]
    if rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    ordinal = periods.ordinals(periods.months(rows["date"]), PERIODS[period])
    party = pd.Index(codes).get_indexer(rows["code"].astype(str))
    low, span = int(ordinal.min()), int(ordinal.max() - ordinal.min()) + 1
    counts = np.bincount(party * span + (ordinal - low), minlength=len(codes) * span)
    starts = pd.DatetimeIndex(periods.start(np.arange(low, low + span), PERIODS[period]))
    labels = starts.strftime("%Y" if period == "year" else "%Y-%m")
    reg = registry()
    return pd.DataFrame({"period": np.tile(labels, len(codes)), "code": np.repeat(codes, span),
                         "name": np.repeat([reg.name(c) for c in codes], span), "role": role, "events": counts})


def compare_chart(table: pd.DataFrame, role: str, period: str) -> go.Figure:
    """One colour per party on one count axis: grouped bars per year, lines per month."""
    data = []
    for number, code in enumerate(dict.fromkeys(table["code"])):
        part = table[(table["code"] == code).to_numpy()]
        name = inert(f"{part['name'].iloc[0]} ({code})")
        color = PARTY_COLORS[number % len(PARTY_COLORS)]
        trace = {"name": name, "y": part["events"].to_numpy(),
                 "hovertemplate": "%{x}: %{y} events<extra>" + name + "</extra>"}
        if period == "year":
            trace.update(type="bar", x=part["period"].to_numpy(dtype=object), marker={"color": color})
        else:
            trace.update(type="scatter", mode="lines+markers", x=pd.to_datetime(part["period"]).to_numpy(),
                         line={"color": color, "width": 2}, marker={"size": 5},
                         hovertemplate="%{x|%b %Y}: %{y} events<extra>" + name + "</extra>")
        data.append(trace)
    top = table["events"].to_numpy().max(initial=0)
    xaxis = ({"title": {"text": "Year"}, "type": "category"} if period == "year"
             else figures.month_axis("Month", pd.to_datetime(table["period"]).to_numpy()))
    layout = figures.layout(f"Events per {period}, {ROLES[role]}", height=440, barmode="group", showlegend=True,
                            legend={"title": {"text": "Country or organisation"}}, xaxis=xaxis,
                            yaxis=figures.count_axis(f"Events per {period}", top))
    if period == "month":
        layout["hovermode"] = "x unified"  # many months: one hover box for all parties
    return figures.build(data, layout)


def totals(table: pd.DataFrame) -> str:
    """One line: each party's events in the comparison, e.g. "European Union (EU) 120 · United States (USA) 98"."""
    sums = table.groupby("code", sort=False)["events"].sum()
    names = table.drop_duplicates("code").set_index("code")["name"]
    return " · ".join(f"{names[code]} ({code}) {int(n):,}" for code, n in sums.items())
