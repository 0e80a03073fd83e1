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

import plotly.graph_objects as go

# Set to "1" to validate every figure against plotly's schema (the tests do).
CHECK_ENV = "TRACKER_CHECK_FIGURES"

# Margins and legend shared by the charts.
MARGIN = {"l": 10, "r": 10, "t": 60, "b": 10}


def checking() -> bool:
    """Whether figures are validated against plotly's schema (see the module docstring)."""
    return os.environ.get(CHECK_ENV) == "1"


def build(data: list[dict], layout: dict) -> go.Figure:
    """A Figure of these traces (each a dict with its "type") and this layout."""
    return go.Figure({"data": data, "layout": layout}, _validate=checking())


def layout(title: str, height: int = 420, **extra) -> dict:
    """The layout every chart shares (title, height, margins), with chart-specific properties."""
    return {"title": {"text": title}, "height": height, "margin": dict(MARGIN), **extra}
