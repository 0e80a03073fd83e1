"""Links that Streamlit refuses: a query string with too many parameters is dropped whole before any page runs.

Streamlit (runtime.app_session) empties such a query string and only logs it, so the visitor would see the
unfiltered view with no word of why. The sanitiser is wrapped to leave one parameter saying how many were
dropped, which the frame turns into a notice.
"""

from __future__ import annotations

from streamlit.runtime import app_session
from streamlit.runtime.state import query_params

# The parameter that carries the count of dropped parameters.
DROPPED_KEY = "dropped_params"

# Streamlit's limit on the parameters of a link.
MAX_LINK_FIELDS = query_params.CLIENT_STATE_QUERY_STRING_MAX_FIELDS

_streamlit_sanitise = query_params.sanitize_query_string


def sanitise(query_string: str) -> str:
    """Streamlit's sanitiser, except that a dropped query string leaves `dropped_params=<count>` behind."""
    kept = _streamlit_sanitise(query_string)
    if query_string and not kept:
        return f"{DROPPED_KEY}={query_string.count('&') + 1}"
    return kept


def install() -> None:
    """Route the server's sanitising of links through `sanitise` (idempotent)."""
    app_session.sanitize_query_string = sanitise


install()
