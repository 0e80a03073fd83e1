"""A chart on a page: its image file name, the CSV of its data, and click-to-filter."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

from tracker.export import table_csv
from tracker.filters import FIELDS_BY_KEY
from tracker.ui.firstpaint import placeholder

# Where plotly.js finds map outlines: our own copy (static/), not plotly's CDN.
TOPOJSON_URL = "app/static/"


def chart_config(name: str) -> dict:
    """The plotly config of every chart: the PNG's file name, no logo, our map outlines."""
    return {"toImageButtonOptions": {"filename": name, "format": "png"}, "displaylogo": False,
            "topojsonURL": TOPOJSON_URL}


def _apply_pick(key: str, pick: Callable[[list[dict]], dict]) -> None:
    # Runs before the rerun, so it may still change the filter widgets' values (and through them the URL).
    points = st.session_state[key].selection.points
    for filter_key, value in pick(points).items():
        if filter_key not in FIELDS_BY_KEY:
            raise KeyError(f"click-to-filter names an unknown filter {filter_key!r}")
        if value:
            st.session_state[filter_key] = value


def plot(fig, table: pd.DataFrame | Callable[[], pd.DataFrame], key: str, name: str,
         pick: Callable[[list[dict]], dict] | None = None, container=None, later: bool = False) -> None:
    """A chart with its image file name, the CSV of its data, and (with `pick`) click-to-filter.

    `pick` turns the clicked points into filter values by URL key, e.g. {"involving": ["CAN"]}. `table` may be a
    function that builds the chart's data when its download is pressed (so a large table is not kept meanwhile).
    `later`: an empty box of the chart's height instead, on a browser session's first run (`View.first_paint`).
    """
    box = container or st
    config = chart_config(name)
    if later:  # a session's first run: the next run draws it (tracker.ui.firstpaint)
        placeholder(box, fig.layout.height)
    elif pick:
        box.plotly_chart(fig, key=key, config=config, on_select=partial(_apply_pick, key, pick),
                         selection_mode="points")
        box.caption("Click a mark to filter by it.")
    else:
        box.plotly_chart(fig, key=key, config=config)
    # The file is written when the button is pressed, not on every rerun.
    rows = table if callable(table) else (lambda: table)
    box.download_button("Chart data (CSV)", lambda: table_csv(rows()), file_name=f"{name}.csv",
                        mime="text/csv", key=f"{key}_csv", on_click="ignore")
