"""The shared frame every page calls first (`page_view`): page config, access gate, prepared data, URL-bound filters;
and `View`, what a page draws from. The pieces live in data, sidebar, menu, links, plot and errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
import streamlit as st

from tracker.core.result import LoadResult
from tracker.filters import (
    Filters,
    counted_mask,
    counting_note,
    describe,
    filter_mask,
    lookup,
    parties_where,
    select,
    url_params,
)
from tracker.freshness import stale_notice
from tracker.ui.data import load_current, load_scope, load_view_data, store
from tracker.ui.editing import cite_button
from tracker.ui.errors import show_data_error
from tracker.ui.firstpaint import after_paint, first_paint, placeholder
from tracker.ui.gate import account_controls, gate
from tracker.ui.links import copy_link_html, event_link, event_url, not_decided_mark, profile_links
from tracker.ui.markdown import escape_markdown
from tracker.ui.menu import PAGES
from tracker.ui.pickers import start_page
from tracker.ui.plot import chart_config, plot
from tracker.ui.sidebar import DATE_MAX, DATE_MIN, draw_menu, sidebar_filters, sidebar_status
from tracker.ui.uploads import source_params

__all__ = ["DATE_MAX", "DATE_MIN", "PAGES", "View", "chart_config", "escape_markdown", "event_link", "event_url",
           "filtered_rows", "page_view", "placeholder", "load_current", "load_scope", "not_decided_mark", "plot",
           "profile_links", "show_data_error", "stop_if_empty", "store"]


@dataclass
class View:
    """What a page draws from: all loaded events, the filtered ones and their parties.

    Rows are reached through these methods only: the party table points at events by position, and the positions
    are the frame's business, not the pages'. The filtered rows are taken only when a page asks for them, and only
    the columns it names, so a page that needs a few columns of a large file does not copy the rest.
    """

    result: LoadResult
    parties: pd.DataFrame
    mask: np.ndarray
    filters: Filters
    link_params: dict
    # True on a browser session's first run (see tracker.ui.firstpaint): the page leaves its charts marked `later`
    # to the next run, which starts as soon as this one is painted.
    first_paint: bool = False

    @property
    def count(self) -> int:
        """Number of events matching the filters."""
        return int(self.mask.sum())

    def rows(self, columns: list[str]) -> pd.DataFrame:
        """The filtered events, only these columns (their index identifies each event for `details`)."""
        return select(self.result.events, self.mask, columns)

    def details(self, index, columns: list[str]) -> pd.DataFrame:
        """These columns of the events with these index labels (from `rows`, `party_rows` or `newest`)."""
        return lookup(self.result.events, index, columns)

    def party_rows(self, code: str, columns: list[str]) -> pd.DataFrame:
        """The filtered events that name `code` on either side, only these columns."""
        parties = self.filtered_parties
        positions = np.unique(parties.loc[(parties["code"] == code).to_numpy(), "pos"])
        return self.details(positions, columns)

    def counted_at(self, index) -> np.ndarray:
        """True for each of these events (index labels from `rows`, `party_rows` or `newest`) that counts count."""
        return self.counted[self.result.events.index.get_indexer(index)]

    def newest(self, n: int, columns: list[str]) -> pd.DataFrame:
        """The `n` most recent filtered events, newest first (ties in file order), only these columns."""
        dates = self.rows(["date"]).nlargest(n, "date", keep="first").sort_values("date", ascending=False,
                                                                                  kind="stable")
        return self.details(dates.index, columns)

    def event(self, event_id: str) -> pd.Series | None:
        """The event with this ID among all loaded events (filters do not apply), or None."""
        events = self.result.events
        match = events[(events["event_id"] == event_id).to_numpy()]
        return None if match.empty else match.iloc[0]

    @cached_property
    def filtered_parties(self) -> pd.DataFrame:
        """The party rows of the filtered events."""
        return parties_where(self.parties, self.mask)

    @cached_property
    def counted(self) -> np.ndarray:
        """True for the filtered events that counts count (decisions taken, unless statuses are chosen)."""
        return self.mask & counted_mask(self.result.events, self.filters)

    @property
    def counted_count(self) -> int:
        """Number of filtered events that counts count."""
        return int(self.counted.sum())

    @property
    def apart_count(self) -> int:
        """Number of filtered events listed but counted apart (requested, proposed, expected, rejected)."""
        return self.count - self.counted_count

    def counted_rows(self, columns: list[str]) -> pd.DataFrame:
        """The filtered events that counts count, only these columns."""
        return select(self.result.events, self.counted, columns)

    @cached_property
    def counted_parties(self) -> pd.DataFrame:
        """The party rows of the events that counts count."""
        return parties_where(self.parties, self.counted)

    @cached_property
    def apart_parties(self) -> pd.DataFrame:
        """The party rows (pos, role and code only) of the filtered events counted apart."""
        return parties_where(self.parties[["pos", "role", "code"]], self.mask & ~self.counted)


def page_view(title: str, summary: bool = True, paint_first: bool = False) -> View:
    """Call first on every page: config, access gate, data, filters. Returns what the page should draw.

    `summary`: under the title, the sentence saying what the filters select, the counting note and the "data up to"
    badge. A page about one event (not about the filtered events) passes False and keeps only the Copy link.
    `paint_first`: a page that opens on a chart paints it first when a browser session starts on it: that first run
    leaves out the filter widgets and the charts the page marks `later` (`View.first_paint`), and the next run, which
    the browser starts once the first is painted, draws them (tracker.ui.firstpaint).
    """
    st.set_page_config(page_title=f"{title} · Sanctions & Diplomacy Tracker", page_icon="🌐", layout="wide")
    gate()
    start_page(title)
    first = first_paint(paint_first)
    result, parties = load_view_data()
    menu = st.sidebar.container()
    filters = sidebar_filters(parties, widgets=not first)
    if first:
        after_paint(st.sidebar)
    link_params = {**url_params(filters), **source_params()}
    draw_menu(menu, link_params)
    sidebar_status(result)
    account_controls()
    mask = filter_mask(result.events, parties, filters)
    st.title(title)
    sentence = st.container(horizontal=True, vertical_alignment="center", gap="medium")
    if summary:
        sentence.markdown(f"**{escape_markdown(describe(filters, int(mask.sum())))}**", width="content")
    sentence.html(copy_link_html(st.context.url), width="content", unsafe_allow_javascript=True)
    view = View(result, parties, mask, filters, link_params, first_paint=first)
    if summary and view.apart_count:
        st.caption(escape_markdown(counting_note(view.counted_count, view.apart_count)))
    if summary:
        stale_badge(result)
    cite_button(store(), title)
    return view


def stale_badge(result: LoadResult) -> None:
    """Under the sentence, on every page: "Data up to 12 Mar 2026" when the newest event is old."""
    notice = stale_notice(result.events, dt.date.today())
    if notice:
        st.markdown(f":orange-badge[:material/history: {notice[0]}] {escape_markdown(notice[1])}")


def filtered_rows(view: View) -> Callable[[], tuple[pd.DataFrame, pd.DataFrame]]:
    """A function returning this view's (events, parties) when called, e.g. when a download button is pressed.

    Meanwhile it holds only the mask and the shared loaded data, not a copy of the filtered rows (a deferred
    download keeps its function alive as long as the page is open).
    """
    everything, parties, mask = view.result.events, view.parties, view.mask

    def rows() -> tuple[pd.DataFrame, pd.DataFrame]:
        return select(everything, mask), parties_where(parties, mask)

    return rows


def stop_if_empty(view: View) -> None:
    """A helpful message instead of empty charts."""
    if view.count == 0:
        if view.result.loaded == 0:
            st.info("No valid events were loaded. The Data quality page lists what was rejected and why.")
        else:
            st.info("No events match these filters. Widen the date range or remove a filter in the sidebar.")
        st.stop()
