"""Plotly figures built in one step from plain dicts of traces and layout.

Building a figure with `add_trace` and `update_layout`/`update_xaxes` calls plotly's property validation and
change callbacks once per call; on a page with four charts that was most of a rerun, whatever the data size
(90 ms for 1,000 events). Here each chart is one dict, turned into a Figure once.

Plotly's validation checks property names and values against its schema: it finds a developer's mistakes, not
the user's, so it runs where those mistakes are caught, in the tests (TRACKER_CHECK_FIGURES=1, set by
tests/conftest.py), and is skipped when serving. tests/test_figures.py checks that both give the same JSON.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import plotly.graph_objects as go

# Set to "1" to validate every figure against plotly's schema (the tests do).
CHECK_ENV = "TRACKER_CHECK_FIGURES"

# Margins and legend shared by the charts.
MARGIN = {"l": 10, "r": 10, "t": 60, "b": 10}

# Below this top value a count axis gets a tick at every whole number: plotly's own steps would go under 1 there
# (0.5, 0.2), and a count of half an event means nothing.
SMALL_COUNT = 10

# Month axes: "Jan 2019" for ticks a month or more apart, "2019" once they are a year or more apart.
MONTH_TICKS = [{"dtickrange": [None, "M12"], "value": "%b %Y"}, {"dtickrange": ["M12", None], "value": "%Y"}]

# A day axis spans at least this many days, so that plotly never ticks the hours of a single day.
MIN_DAYS = 14


def checking() -> bool:
    """Whether figures are validated against plotly's schema (see the module docstring)."""
    return os.environ.get(CHECK_ENV) == "1"


def build(data: list[dict], layout: dict) -> go.Figure:
    """A Figure of these traces (each a dict with its "type") and this layout."""
    return go.Figure({"data": data, "layout": layout}, _validate=checking())


def layout(title: str, height: int = 420, **extra) -> dict:
    """The layout every chart shares (title, height, margins), with chart-specific properties."""
    return {"title": {"text": title}, "height": height, "margin": dict(MARGIN), **extra}


def count_axis(title: str, top: float) -> dict:
    """An axis of counts up to `top`: whole numbers only, from zero."""
    axis: dict = {"title": {"text": title}, "tickformat": ",d", "rangemode": "tozero"}
    if top < SMALL_COUNT:
        axis.update(tick0=0, dtick=1)
    return axis


def month_axis(title: str, months: np.ndarray) -> dict:
    """A date axis for values on month starts: month and year labels, one tick per month over a short span (a
    single month would otherwise get ticks at fractions of a second)."""
    axis: dict = {"title": {"text": title}, "type": "date", "tickformatstops": MONTH_TICKS}
    if len(months):
        first, last = pd.Timestamp(np.min(months)), pd.Timestamp(np.max(months))
        if (last.year - first.year) * 12 + last.month - first.month < 12:
            axis["dtick"] = "M1"
    return axis


def day_axis(title: str, days: np.ndarray) -> dict:
    """A date axis for values on days, at least MIN_DAYS wide (plotly's own labels: days, months or years)."""
    axis: dict = {"title": {"text": title}, "type": "date"}
    if len(days):
        first, last = pd.Timestamp(np.min(days)), pd.Timestamp(np.max(days))
        if last - first < pd.Timedelta(days=MIN_DAYS):
            middle = first + (last - first) / 2
            half = pd.Timedelta(days=MIN_DAYS / 2)
            axis["range"] = [(middle - half).isoformat(), (middle + half).isoformat()]
    return axis
