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
    """A column of strings, each made inert (as `inert` does, on the whole column at once); missing values
    become empty strings."""
    text = pd.Series(values, dtype=object).astype("str").fillna("")
    long = (text.str.len() > limit).to_numpy()
    if long.any():
        text = text.where(~long, text.str.slice(0, limit - 1) + "…")
    # html.escape(quote=False): & first, so the entities added next are not escaped again.
    return text.str.replace("&", "&amp;", regex=False).str.replace("<", "&lt;", regex=False).str.replace(
        ">", "&gt;", regex=False)
