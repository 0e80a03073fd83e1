"""Widgets kept in sync with the URL by hand: the filters (dates, parties, vocabularies, text) and the pickers that
show names while the link keeps codes.

NOTE: none of them uses Streamlit's `bind="query-params"`, for two reasons. It writes a widget's *formatted* options
into the URL, so a picker showing "Russia (RUS)" would write `target=Russia (RUS)` and ignore the `target=RUS` of
every link already shared. And a bound parameter belongs to the page that drew its widget: on an in-app page switch
(the menu's `st.page_link`) Streamlit 1.67 drops it from the new page's address, even when the link passes it in
`query_params`. A plain parameter travels with the link. So here the URL holds the values themselves: the link seeds
the widget when the page is new to the session (a visit, a switch from the menu) or the address changed behind the
widget's back (back and forward, an edited address); otherwise the widget's value is written to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import streamlit as st

# Session key of the values each widget last read from or wrote to the URL, by URL key, and of the page they were
# synced on.
SYNCED = "_tracker_url_synced"
SYNCED_PAGE = "_tracker_url_synced_page"


def start_page(page: str) -> None:
    """Call before the page's synced widgets: on another page than the last run's (a switch from the menu), the link
    decides every widget's value. Each page draws its own widgets, which start empty on a switch; the link brought
    the values along."""
    if st.session_state.get(SYNCED_PAGE) != page:
        st.session_state[SYNCED] = {}
        st.session_state[SYNCED_PAGE] = page


def read_without_widgets(keys: list[str]) -> None:
    """A run that read these filters from the link without drawing their widgets: the link's values count as synced,
    so the widgets of the next run start from the link, or from a value a click set meanwhile (a chart's pick)."""
    synced = st.session_state.setdefault(SYNCED, {})
    for key in keys:
        synced[key] = st.query_params.get_all(key)


def _seed(key: str, value: Any) -> None:
    """Before the widget: take the link's value when the link changed since this page last synced it."""
    synced = st.session_state.setdefault(SYNCED, {})
    if key not in st.session_state or synced.get(key) != st.query_params.get_all(key):
        st.session_state[key] = value


def _write(key: str, chosen: list[str]) -> None:
    """After the widget: the URL holds exactly the chosen values (none: no parameter)."""
    if st.query_params.get_all(key) != chosen:
        if chosen:
            st.query_params[key] = chosen
        elif key in st.query_params:
            del st.query_params[key]
    st.session_state[SYNCED][key] = chosen


def url_multiselect(container, label: str, options: list[str], key: str, values: list[str],
                    format_func: Callable[[str], str], **kwargs) -> list[str]:
    """A multiselect showing `format_func(option)`, whose URL parameter `key` repeats the chosen options.

    `values` are the link's values already read as options (unknown ones dropped, with a notice, by the caller).
    """
    _seed(key, list(values))
    chosen = [str(c) for c in container.multiselect(label, options, key=key, format_func=format_func, **kwargs)]
    _write(key, chosen)
    return chosen


def url_selectbox(container, label: str, options: list[str], key: str, values: list[str],
                  format_func: Callable[[str], str], **kwargs) -> str | None:
    """A selectbox (no choice until one is made) showing `format_func(option)`, whose URL parameter `key` holds the
    chosen option."""
    _seed(key, values[0] if values else None)
    chosen = container.selectbox(label, options, key=key, index=None, format_func=format_func, **kwargs)
    _write(key, [str(chosen)] if chosen is not None else [])
    return None if chosen is None else str(chosen)


def url_date_input(container, label: str, key: str, value: dt.date | None, **kwargs) -> dt.date | None:
    """A date field (empty until a date is chosen) whose URL parameter `key` holds the date as YYYY-MM-DD.

    `value` is the link's date already read (None when absent or not a valid date, with a notice by the caller).
    """
    _seed(key, value)
    chosen = container.date_input(label, value=None, key=key, **kwargs)
    chosen = chosen if isinstance(chosen, dt.date) else None
    _write(key, [chosen.isoformat()] if chosen else [])
    return chosen


def url_text_input(container, label: str, key: str, value: str, **kwargs) -> str:
    """A text field whose URL parameter `key` holds its text (none when empty)."""
    _seed(key, value)
    chosen = container.text_input(label, key=key, **kwargs) or ""
    _write(key, [chosen] if chosen else [])
    return chosen
