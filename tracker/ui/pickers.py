"""Pickers that show names while the link keeps codes: a multiselect or selectbox with a `format_func`, kept in sync
with the URL by hand.

NOTE: Streamlit's `bind="query-params"` writes a widget's *formatted* options into the URL, so a picker showing
"Russia (RUS)" would write `target=Russia (RUS)` and ignore the `target=RUS` of every link already shared. Here the
URL holds the option values themselves: the link seeds the widget when it is new to the session or changed behind
the widget's back (a new visit, back and forward, an edited address); otherwise the widget's value is written to it.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

# Session key of the values each picker last read from or wrote to the URL, by URL key.
SYNCED = "_tracker_url_synced"


def _seed(key: str, values: list[str], multiple: bool) -> None:
    """Before the widget: take the link's values when the link changed since this session last synced it."""
    synced = st.session_state.setdefault(SYNCED, {})
    if key not in st.session_state or synced.get(key) != st.query_params.get_all(key):
        st.session_state[key] = list(values) if multiple else (values[0] if values else None)


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
    _seed(key, values, multiple=True)
    chosen = [str(c) for c in container.multiselect(label, options, key=key, format_func=format_func, **kwargs)]
    _write(key, chosen)
    return chosen


def url_selectbox(container, label: str, options: list[str], key: str, values: list[str],
                  format_func: Callable[[str], str], **kwargs) -> str | None:
    """A selectbox (no choice until one is made) showing `format_func(option)`, whose URL parameter `key` holds the
    chosen option."""
    _seed(key, values, multiple=False)
    chosen = container.selectbox(label, options, key=key, index=None, format_func=format_func, **kwargs)
    _write(key, [str(chosen)] if chosen is not None else [])
    return None if chosen is None else str(chosen)
