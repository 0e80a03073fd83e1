"""Text from data, made inert for charts: HTML-escaped (plotly reads tags in labels) and kept short."""

from __future__ import annotations

import html

import pandas as pd

# Longest label or hover text drawn in a chart, in characters.
MAX_LABEL = 160


def inert(text: str, limit: int = MAX_LABEL) -> str:
    """One string: cut to `limit` characters, then escaped so plotly shows tags as text."""
    text = str(text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return html.escape(text, quote=False)


def inert_series(values: pd.Series, limit: int = MAX_LABEL) -> pd.Series:
    """A column of strings, each made inert."""
    return values.astype(str).map(lambda v: inert(v, limit))
