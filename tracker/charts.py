"""Charts: pure functions from the events frame to plotly Figures, aggregated before plotting."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from tracker import figures, periods
from tracker.chart_text import inert_series
from tracker.core.actors import Registry, registry
from tracker.core.schema import EVENT_TYPE_COLORS, EVENT_TYPES, status_title, type_title
from tracker.filters import lookup

# Most country rows drawn on the timeline; the rest are counted in the chart title.
TIMELINE_ROWS = 25

# Above this many marks the timeline draws one mark per country, type and month (size = count).
TIMELINE_MAX_MARKS = 3000

# Incidents marked on the monthly chart (the latest ones). Those whose label fits are labelled; the others are
# marks with their title on hover.
INCIDENT_MARKS = 40

# Rows of incident labels above the bars.
LABEL_ROWS = 2

# The share of the plot's width one incident label takes, with a margin (LABEL_CHARS characters of 10 px text,
# some 130 px, on a plot some 700 px wide beside its legend): two labels on one row closer than this overlap.
LABEL_WIDTH = 0.22

# Characters of an incident's title shown in its label (the hover has the whole title).
LABEL_CHARS = 26

# Width of a month's bar in milliseconds (26 days): set, so that a chart of one month draws a bar, not a line.
MONTH_BAR_MS = 26 * 86_400_000

# Periods the timeline falls back to when there are too many marks, shortest first.
PERIOD_NAMES = {"M": "month", "Q": "quarter", "Y": "year"}

# Bars on a "top actors" chart.
TOP_N = 10


def _type_order(types: pd.Series) -> list[str]:
    present = set(types.unique())
    return [t for t in EVENT_TYPES if t in present] + sorted(present - set(EVENT_TYPES))


def timeline(events: pd.DataFrame, parties: pd.DataFrame, counted: np.ndarray | None = None) -> go.Figure:
    """One row per country or organisation, one mark per event (or per month when there are many).

    `events` must hold the rows the party table points at (`parties["pos"]` on its index): the filtered events,
    or all events, from which only the drawn rows' details are taken. `counted` (over event positions) says which
    events counts count (tracker.filters.counted_mask); the others are drawn as open marks, marked "not decided",
    and left out of the per-period sizes.
    """
    reg = registry()
    # Count and cap on the party table alone (it carries date and type) with integer codes; take event details
    # only for the marks that are drawn one per event.
    # A code on both sides of an event is one party of it: its second row (`repeat`) is not drawn again.
    marks = parties.loc[~parties["repeat"].to_numpy(), ["pos", "code", "date", "event_type"]]
    marks = marks.assign(counted=True if counted is None else counted[marks["pos"].to_numpy()])
    code = pd.Categorical(marks["code"])
    per_code = np.bincount(code.codes, minlength=len(code.categories))
    order = np.argsort(-per_code, kind="stable")
    order = order[per_code[order] > 0]
    shown_idx = order[:TIMELINE_ROWS]
    shown = [str(code.categories[i]) for i in shown_idx]
    keep = np.isin(code.codes, shown_idx)
    marks = marks[keep]
    labels = np.array([reg.label(c) for c in code.categories], dtype=object)
    months = periods.months(marks["date"])
    period = _timeline_period(months, code.codes[keep], pd.Categorical(marks["event_type"]).codes)
    if period:
        drawn = marks["counted"].to_numpy()
        traces = _period_traces(marks[drawn], months[drawn], code.codes[keep][drawn], labels, period)
    else:
        details = lookup(events, marks["pos"].to_numpy(), ["event_id", "date_label", "title", "source_publisher",
                                                           "status"])
        traces = _event_traces(marks.assign(**{name: details[name].to_numpy() for name in details},
                                            party=labels[code.codes[keep]]))
    hidden = len(order) - len(shown)
    title = "Events by country and date" + (f" (top {len(shown)} of {len(order)} parties)" if hidden > 0 else "")
    if period:
        title += f" - one mark per {PERIOD_NAMES[period]}, size = number of events counted"
    elif not marks["counted"].all():
        title += " - ○ open marks: not decided, not counted"
    return figures.build(traces, figures.layout(
        title, height=_timeline_height(len(shown)), legend={"title": {"text": "Event type"}},
        yaxis={"title": {"text": "Country or organisation"}, "categoryorder": "array",
               "categoryarray": [reg.label(c) for c in shown[::-1]]},
        xaxis=figures.day_axis("Date", marks["date"].to_numpy())))


def timeline_height(parties: pd.DataFrame) -> int:
    """The height in pixels of `timeline` over these party rows, without drawing it: one row per party, at most
    TIMELINE_ROWS."""
    return _timeline_height(min(TIMELINE_ROWS, parties.loc[~parties["repeat"].to_numpy(), "code"].nunique()))


def _timeline_height(rows: int) -> int:
    return max(320, 28 * rows + 140)


def _event_traces(marks: pd.DataFrame) -> list[dict]:
    """One mark per event and party, with its title, date and source in the hover; events not counted (not
    decided) are open marks with their status in the hover."""
    traces = []
    kinds = marks["event_type"].astype(str)
    for event_type in _type_order(kinds):
        part = marks[kinds == event_type]
        counted = part["counted"].to_numpy(dtype=bool)
        statuses = part["status"].astype(str).map(status_title).str.lower().to_numpy(dtype=object)
        note = np.where(counted, "", "<br><i>Not decided (" + statuses + "): not counted</i>")
        traces.append({
            "type": "scatter", "x": part["date"], "y": part["party"], "mode": "markers",
            "name": type_title(event_type),
            "customdata": np.column_stack([inert_series(part["title"]), part["date_label"].astype(str),
                                           inert_series(part["source_publisher"]), part["event_id"].astype(str),
                                           note]),
            "hovertemplate": "<b>%{customdata[0]}</b><br>%{customdata[1]} · %{y}<br>Source: %{customdata[2]}"
                             "%{customdata[4]}<extra>" + type_title(event_type) + "</extra>",
            "marker": {"color": EVENT_TYPE_COLORS.get(event_type), "size": 10, "opacity": 0.8,
                       "symbol": np.where(counted, "circle", "circle-open").tolist(),
                       "line": {"width": np.where(counted, 0, 2).tolist()}}})
    return traces


def _period_keys(months: np.ndarray, groups: np.ndarray, period: str) -> tuple[np.ndarray, int, int]:
    """(group, period) as one integer key per row, with the first period and the number of periods."""
    ordinals = periods.ordinals(months, period)
    low = int(ordinals.min()) if len(ordinals) else 0
    span = int(ordinals.max()) - low + 1 if len(ordinals) else 1
    return groups.astype(np.int64) * span + (ordinals - low), low, span


def _period_traces(marks: pd.DataFrame, months: np.ndarray, codes: np.ndarray, labels: np.ndarray,
                   period: str) -> list[dict]:
    """One mark per party, type and period (size = events), counted with integer keys."""
    kind = pd.Categorical(marks["event_type"])
    n_types = len(kind.categories)
    keys, low, span = _period_keys(months, codes.astype(np.int64) * n_types + kind.codes, period)
    keys, counts = periods.count_keys(keys)
    starts = periods.start(keys % span + low, period)
    type_index, party_index = (keys // span) % n_types, keys // span // n_types
    traces = []
    for event_type in _type_order(pd.Series(kind.categories.astype(str))):
        rows = type_index == kind.categories.get_loc(event_type)
        n = counts[rows]
        traces.append({
            "type": "scatter", "x": starts[rows], "y": labels[party_index[rows]], "mode": "markers",
            "name": type_title(event_type), "customdata": n,
            "hovertemplate": "%{y}<br>%{x|%b %Y}: %{customdata} events<extra>" + type_title(event_type) + "</extra>",
            "marker": {"color": EVENT_TYPE_COLORS.get(event_type), "size": 6 + n ** 0.5, "sizemode": "diameter",
                       "opacity": 0.7}})
    return traces


def _timeline_period(months: np.ndarray, codes: np.ndarray, kinds: np.ndarray) -> str | None:
    """None for one mark per event; else the shortest period ("M", "Q", "Y") that keeps marks under the cap."""
    if len(months) <= TIMELINE_MAX_MARKS:
        return None
    # Count distinct (party, type, period) as integers: far cheaper than comparing rows of a large frame.
    group = codes.astype(np.int64) * (int(kinds.max(initial=0)) + 1) + kinds
    for period in PERIOD_NAMES:
        if len(periods.count_keys(_period_keys(months, group, period)[0])[0]) <= TIMELINE_MAX_MARKS:
            return period
    return "Y"


def monthly_counts(events: pd.DataFrame, table: pd.DataFrame | None = None,
                   details: pd.DataFrame | None = None) -> go.Figure:
    """Number of events per month, stacked by event type, with incidents marked and, where they fit, labelled.

    `table` is monthly_table(events) when the caller already has it. `events` needs only date and event_type
    when `details` holds the incidents' title, date_label and event_id (on the same index, e.g. all events).
    """
    table = monthly_table(events) if table is None else table
    data = []
    kinds, months, counts = (table[name].to_numpy() for name in ("event_type", "month", "events"))
    for event_type in _type_order(table["event_type"]):
        rows = kinds == event_type
        data.append({"type": "bar", "x": months[rows], "y": counts[rows], "name": type_title(event_type),
                     "marker": {"color": EVENT_TYPE_COLORS.get(event_type)}, "width": MONTH_BAR_MS,
                     "hovertemplate": "%{x|%b %Y}: %{y} events<extra>" + type_title(event_type) + "</extra>"})
    top = table.groupby("month")["events"].sum().max() if len(table) else 0
    layout = figures.layout("Events per month by type (▼ incidents)", barmode="stack",
                            legend={"title": {"text": "Event type"}}, xaxis=figures.month_axis("Month", months),
                            yaxis=figures.count_axis("Events per month", top))
    incidents = _incidents(events, events if details is None else details)
    if len(incidents["month"]):
        rows = label_rows(incidents["month"], months)
        data.append(_incident_trace(incidents, rows, top))
        # A dotted line at each labelled incident's month.
        layout["shapes"] = [{"type": "line", "xref": "x", "yref": "paper", "x0": day, "x1": day, "y0": 0, "y1": 1,
                             "line": {"width": 1, "dash": "dot", "color": "#888"}}
                            for day in incidents["month"][rows >= 0]]
        high = top * (1.08 + 0.14 * LABEL_ROWS + 0.1)
        layout["yaxis"] = {**figures.count_axis("Events per month", high), "range": [0, high]}
    return figures.build(data, layout)


def label_rows(incidents: np.ndarray, months: np.ndarray) -> np.ndarray:
    """The label row (0 to LABEL_ROWS - 1) of each incident's month in `incidents`, or -1 where its label would
    overlap another on every row; the newest are placed first. `months` are the chart's months (its width)."""
    ordinal = periods.months(pd.Series(incidents))
    span = periods.months(pd.Series(months)) if len(months) else ordinal
    gap = LABEL_WIDTH * (int(span.max()) - int(span.min()) + 1) if len(span) else 0
    rows = np.full(len(ordinal), -1)
    placed: list[list[int]] = [[] for _ in range(LABEL_ROWS)]
    for i in np.argsort(-ordinal, kind="stable"):
        row = next((r for r in range(LABEL_ROWS) if all(abs(ordinal[i] - p) >= gap for p in placed[r])), -1)
        if row >= 0:
            placed[row].append(ordinal[i])
            rows[i] = row
    return rows


def _incidents(events: pd.DataFrame, details: pd.DataFrame) -> dict[str, np.ndarray]:
    """The latest INCIDENT_MARKS incidents, oldest first: title, date_label, event_id (text) and month."""
    dates = events["date"].to_numpy()
    rows = np.flatnonzero((events["event_type"] == "incident").to_numpy())
    # The latest ones; among equal dates the later rows, as nlargest(keep="last") would.
    latest = rows[np.lexsort((rows, dates[rows]))[-INCIDENT_MARKS:]]
    found = lookup(details, events.index[latest], ["title", "date_label", "event_id"])
    # Plain arrays of text: small, and no frame conversions for a few dozen values.
    return {**{name: found[name].to_numpy(dtype=object).astype(str).astype(object) for name in found},
            "month": periods.start(periods.months(pd.Series(dates[latest])), "M")}


def _incident_trace(incidents: dict[str, np.ndarray], rows: np.ndarray, top: float) -> dict:
    titles = pd.Series(incidents["title"], dtype=object)
    labels = inert_series(titles, limit=LABEL_CHARS).where(rows >= 0, "")
    return {"type": "scatter", "x": incidents["month"], "y": top * (1.08 + 0.14 * np.maximum(rows, 0)),
            "mode": "markers+text", "name": "Incidents ▼", "text": labels, "textposition": "top center",
            "textfont": {"size": 10}, "cliponaxis": False,
            "customdata": np.column_stack([inert_series(titles), incidents["date_label"], incidents["event_id"]]),
            "marker": {"symbol": "triangle-down", "size": 11, "color": EVENT_TYPE_COLORS["incident"]},
            "hovertemplate": "<b>%{customdata[0]}</b><br>%{customdata[1]}<extra>Incident</extra>"}


def picked_month(points: list[dict]) -> dict[str, dt.date]:
    """Clicking a month's bar filters the dates to that month."""
    for point in points:
        month = pd.Timestamp(point.get("x"))
        if pd.notna(month):
            return {"from": month.date(), "to": (month + pd.offsets.MonthEnd(0)).date()}
    return {}


def monthly_table(events: pd.DataFrame) -> pd.DataFrame:
    """The table behind monthly_counts: month, event_type, events (months with events only)."""
    kind = pd.Categorical(events["event_type"])
    n_types = max(len(kind.categories), 1)
    keys, low, _span = _period_keys(periods.months(events["date"]), np.zeros(len(kind), dtype=np.int64), "M")
    keys, counts = periods.count_keys(keys * n_types + kind.codes)
    return pd.DataFrame({"month": periods.start(keys // n_types + low, "M"),
                         "event_type": kind.categories[keys % n_types].astype(str), "events": counts})


def _role_counts(parties: pd.DataFrame, role: str) -> pd.Series:
    # The party table holds each (event, role, code) once, so counting rows counts events.
    counts = parties.loc[parties["role"] == role, "code"].value_counts(sort=False)
    counts = counts[counts > 0]
    counts.index = counts.index.astype(str)
    return counts


def top_parties_table(parties: pd.DataFrame, role: str, reg: Registry | None = None, n: int = TOP_N,
                      apart: pd.DataFrame | None = None) -> pd.DataFrame:
    """The `n` codes with most events in `role` ("actor" or "target"): code, name, events.

    `parties` are the party rows of the events counted (the counting rule); with `apart`, the party rows of the
    events counted apart, a `not_decided` column says how many more each code has there (never added in).
    """
    reg = registry()
    top = _role_counts(parties, role).sort_values(ascending=False, kind="stable").head(n)
    table = pd.DataFrame({"code": top.index, "name": [reg.name(c) for c in top.index], "events": top.to_numpy()})
    if apart is not None:
        others = _role_counts(apart, role)
        table["not_decided"] = others.reindex(table["code"]).fillna(0).astype(int).to_numpy()
    return table


def top_bar(table: pd.DataFrame, title: str) -> go.Figure:
    """Horizontal bars of a (code, name, events[, not_decided]) table, largest first; the code rides along for
    clicks; events not decided are named in the hover, not drawn."""
    extra = table["not_decided"] if "not_decided" in table else pd.Series(0, index=table.index)
    note = np.where(extra.to_numpy() > 0, "<br>+ " + extra.astype(str).to_numpy(dtype=object) + " not decided "
                    "(not counted)", "")
    bars = {"type": "bar", "x": table["events"], "y": table["name"], "orientation": "h",
            "customdata": table["code"], "text": note, "textposition": "none",
            "marker": {"color": "#4c78a8"}, "hovertemplate": "%{y} (%{customdata}): %{x} events%{text}<extra></extra>"}
    top = table["events"].to_numpy().max(initial=0)
    return figures.build([bars], figures.layout(title, height=max(260, 30 * len(table) + 120),
                                                yaxis={"autorange": "reversed"},
                                                xaxis=figures.count_axis("Events", top)))



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


def timeline_table(events: pd.DataFrame, parties: pd.DataFrame, counted: np.ndarray | None = None) -> pd.DataFrame:
    """The table behind the timeline: one row per event and party (date, party, type, status, whether counts count
    it, title, source). `counted` is over event positions, as for `timeline`."""
    reg = registry()
    rows = parties.loc[~parties["repeat"].to_numpy(), ["pos", "code", "date", "event_type"]].merge(
        events[["event_id", "date_precision", "status", "title", "source_publisher", "source_url"]], left_on="pos",
        right_index=True)
    rows = rows.assign(counted=True if counted is None else counted[rows["pos"].to_numpy()])
    rows = rows.drop(columns="pos").astype({"code": str, "event_type": str, "status": str})
    rows = rows.assign(party=rows["code"].map(reg.name))[["event_id", "code", "party", "date", "event_type", "status",
                                                          "counted", "date_precision", "title", "source_publisher",
                                                          "source_url"]]
    return rows.sort_values(["date", "code"]).assign(date=lambda t: t["date"].dt.strftime("%Y-%m-%d"))
