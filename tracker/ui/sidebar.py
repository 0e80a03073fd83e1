"""The sidebar: the menu, the URL-bound filter widgets (one per row of tracker.filters.URL_FIELDS), notices about
the link, and the data's status line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st

from tracker.core.actors import codes_by_role, registry
from tracker.core.result import LoadResult
from tracker.filters import URL_FIELDS, Filters, UrlField
from tracker.ui.links import DROPPED_KEY, MAX_LINK_FIELDS
from tracker.ui.markdown import escape_markdown
from tracker.ui.menu import menu_html

# Bounds of the date pickers: wide, so a shared link stays valid when the data changes.
DATE_MIN, DATE_MAX = dt.date(1945, 1, 1), dt.date(2100, 12, 31)

# NOTE: the date picker commits a typed date only when focus moves to another element (a bare blur is not enough);
# this makes Enter in a date field move focus to the widget around it, which commits the date (so the view and the
# address update). Installed once per page load, for every date field.
DATE_ENTER_SCRIPT = """<script>(function () {
  if (window.__trackerDateEnter) return;
  window.__trackerDateEnter = true;
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "Enter" || event.isComposing || !target.closest) return;
    var widget = target.closest('[data-testid="stDateInput"]');
    if (!widget || target.getAttribute("role") !== "spinbutton") return;
    if (!widget.hasAttribute("tabindex")) widget.setAttribute("tabindex", "-1");
    widget.focus({preventScroll: true});
  }, true);
})();</script>"""

# Shown under the party pickers.
CODE_HELP = "Codes: ISO 3166-1 alpha-3 for states (CAN, RUS, UKR), and EU, UN, UNSC, NATO, OSCE, G7 for organisations."


def filter_options(parties: pd.DataFrame) -> dict[str, list[str]]:
    """The values each list filter offers, by URL key: the codes present in the data, the vocabularies."""
    actor_codes, target_codes = codes_by_role(parties)
    by_role = {"actor": actor_codes, "target": target_codes, None: sorted(set(actor_codes) | set(target_codes))}
    return {spec.key: (by_role[spec.role] if spec.kind == "party" else list(spec.options))
            for spec in URL_FIELDS if spec.kind in ("party", "vocabulary")}


def url_notices(options: dict[str, list[str]]) -> list[str]:
    """What the link asked for that is ignored, one sentence each."""
    notices = []
    for spec in URL_FIELDS:
        if spec.key in options:
            bad = [v for v in st.query_params.get_all(spec.key) if v and v not in options[spec.key]]
            if bad:
                notices.append(f"Ignored {spec.key}={', '.join(bad)} from the link: not a known value.")
        elif spec.kind == "date":
            notice = _date_notice(spec.key, st.query_params.get(spec.key))
            if notice:
                notices.append(notice)
    dropped = st.query_params.get(DROPPED_KEY)
    if dropped:
        notices.append(f"The link had {dropped} parameters, more than the {MAX_LINK_FIELDS:,} a link may carry, so "
                       "all of them were ignored. Shorten it (fewer repeated filters).")
    return notices


def _date_notice(key: str, value: str | None) -> str | None:
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return f"Ignored {key}={value} from the link: dates are written YYYY-MM-DD."
    if not DATE_MIN <= day <= DATE_MAX:
        return f"Ignored {key}={value} from the link: dates run from {DATE_MIN} to {DATE_MAX}."
    return None


def _widget(spec: UrlField, options: dict[str, list[str]]):
    side = st.sidebar
    if spec.kind == "date":
        return side.date_input(spec.label, value=None, min_value=DATE_MIN, max_value=DATE_MAX, key=spec.key,
                               bind="query-params", format="YYYY-MM-DD")
    if spec.kind == "text":
        return side.text_input(spec.label, key=spec.key, bind="query-params") or ""
    chosen = side.multiselect(spec.label, options[spec.key], key=spec.key, bind="query-params", placeholder="Any",
                              help=CODE_HELP if spec.kind == "party" else None)
    if chosen and spec.kind == "party":
        side.caption(escape_markdown(", ".join(registry().name(c) for c in chosen)))
    return tuple(chosen)


def sidebar_filters(parties: pd.DataFrame) -> Filters:
    """The filter widgets, bound to the URL, and the Filters they set; notices for what the link got wrong."""
    options = filter_options(parties)
    for notice in url_notices(options):
        st.sidebar.warning(escape_markdown(notice), icon="🔗")
    st.sidebar.header("Filters")
    filters = Filters(**{spec.field: _widget(spec, options) for spec in URL_FIELDS})
    st.sidebar.html(DATE_ENTER_SCRIPT, unsafe_allow_javascript=True)
    return filters


def draw_menu(container, params: dict) -> None:
    """The page menu, each link carrying `params`."""
    container.html(menu_html(params))


def sidebar_status(result: LoadResult) -> None:
    """One line: how many events were loaded from where, and how many rows were rejected or skipped."""
    rejected = result.rejected_count
    line = f"{result.loaded:,} events loaded from {escape_markdown(Path(result.source).name)}"
    if result.skipped_total:
        line += f"; {result.skipped_total:,} rows skipped by rule"
    if rejected:
        st.sidebar.warning(f"{line}; {rejected:,} rows rejected: see Data quality.", icon="⚠️")
    else:
        st.sidebar.caption(line + "; no rows rejected.")
