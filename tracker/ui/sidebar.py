"""The sidebar: the menu, the URL-bound filter widgets (one per row of tracker.filters.URL_FIELDS), notices about
the link, and the data's status line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from tracker.core.actors import codes_by_role, registry
from tracker.core.result import LoadResult
from tracker.core.schema import status_title, type_title
from tracker.filters import URL_FIELDS, Filters, UrlField, read_link_codes
from tracker.ui.links import DROPPED_KEY, MAX_LINK_FIELDS
from tracker.ui.markdown import escape_markdown
from tracker.ui.menu import MENU_KEY, PAGES, menu_html
from tracker.ui.pickers import read_without_widgets, url_date_input, url_multiselect, url_text_input

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

# NOTE: Streamlit's page links switch page in the app on every click, even with Ctrl, Cmd or Shift held; this lets such
# a click reach the browser, which opens the link (its address carries the filters) in a new tab or window, as with
# any link. Installed once per page load.
MENU_SCRIPT = """<script>(function () {
  if (window.__trackerMenuTabs) return;
  window.__trackerMenuTabs = true;
  document.addEventListener("click", function (event) {
    if (!(event.ctrlKey || event.metaKey || event.shiftKey) || !event.target.closest) return;
    if (event.target.closest('[data-testid="stPageLink"] a')) event.stopPropagation();
  }, true);
})();</script>"""

# Shown under the party pickers.
CODE_HELP = ("Type a name or a code: \"Russia\" or RUS. Links carry the codes: ISO 3166-1 alpha-3 for states (CAN, "
             "RUS, UKR), and EU, UN, UNSC, NATO, OSCE, G7 for organisations.")


def filter_options(parties: pd.DataFrame) -> dict[str, list[str]]:
    """The values each list filter offers, by URL key: the codes present in the data (by name), the vocabularies."""
    actor_codes, target_codes = codes_by_role(parties)
    by_name = registry().label  # listed as they are shown: by name
    by_role = {"actor": sorted(actor_codes, key=by_name), "target": sorted(target_codes, key=by_name),
               None: sorted(set(actor_codes) | set(target_codes), key=by_name)}
    return {spec.key: (by_role[spec.role] if spec.kind == "party" else list(spec.options))
            for spec in URL_FIELDS if spec.kind in ("party", "vocabulary")}


def url_notices(options: dict[str, list[str]]) -> list[str]:
    """What the link asked for that is ignored, or read as a code (a name), one sentence each."""
    notices = []
    for spec in URL_FIELDS:
        if spec.kind == "party":
            notices += read_link_codes(spec.key, st.query_params.get_all(spec.key), options[spec.key])[1]
        elif spec.key in options:
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


def _link_date(key: str) -> dt.date | None:
    """The link's date for this key, or None when absent or not a date in range (the notice says why)."""
    value = st.query_params.get(key)
    return dt.date.fromisoformat(value) if value and _date_notice(key, value) is None else None


def _link_value(spec: UrlField, options: dict[str, list[str]]):
    """The filter's value as the link sets it (what its widget starts from on a page new to the session)."""
    if spec.kind == "date":
        return _link_date(spec.key)
    if spec.kind == "text":
        return st.query_params.get(spec.key) or ""
    if spec.kind == "party":
        return tuple(read_link_codes(spec.key, st.query_params.get_all(spec.key), options[spec.key])[0])
    return tuple(v for v in st.query_params.get_all(spec.key) if v in options[spec.key])


def _widget(spec: UrlField, options: dict[str, list[str]]):
    side, value = st.sidebar, _link_value(spec, options)
    if spec.kind == "date":
        return url_date_input(side, spec.label, spec.key, value, min_value=DATE_MIN, max_value=DATE_MAX,
                              format="YYYY-MM-DD")
    if spec.kind == "text":
        return url_text_input(side, spec.label, spec.key, value)
    if spec.kind == "party":
        # Names shown and searched ("Russia (RUS)"), codes in the link (see tracker.ui.pickers).
        return tuple(url_multiselect(side, spec.label, options[spec.key], spec.key, list(value), registry().label,
                                     placeholder="Any", help=CODE_HELP))
    # A vocabulary: titles shown ("Sanctions renewal"), codes in the link (see tracker.ui.pickers).
    return tuple(url_multiselect(side, spec.label, options[spec.key], spec.key, list(value),
                                 vocabulary_title(spec.field), placeholder="Any"))


def vocabulary_title(field: str) -> Callable[[str], str]:
    """The function giving the human title of a vocabulary filter's codes ("sanctions_renewal" -> "Sanctions
    renewal")."""
    return {"types": type_title, "statuses": status_title}[field]


def sidebar_filters(parties: pd.DataFrame, widgets: bool = True) -> Filters:
    """The filter widgets, bound to the URL, and the Filters they set; notices for what the link got wrong.

    Without `widgets` (a session's first run, see tracker.ui.firstpaint), the Filters the link sets, read as the
    widgets would start from it, and only the heading: the widgets and notices come with the next run."""
    options = filter_options(parties)
    if not widgets:
        st.sidebar.header("Filters")
        read_without_widgets([spec.key for spec in URL_FIELDS])
        return Filters(**{spec.field: _link_value(spec, options) for spec in URL_FIELDS})
    for notice in url_notices(options):
        st.sidebar.warning(escape_markdown(notice), icon="🔗")
    st.sidebar.header("Filters")
    filters = Filters(**{spec.field: _widget(spec, options) for spec in URL_FIELDS})
    st.sidebar.html(DATE_ENTER_SCRIPT, unsafe_allow_javascript=True)
    return filters


def draw_menu(container, params: dict) -> None:
    """The page menu, each link carrying `params` (the filters and the data choice) into an in-app page switch: the
    browser keeps the app, its connection and plotly.js, and the new page reads the filters from its address."""
    with container.container(key=MENU_KEY, gap=None):
        try:
            for page in PAGES:
                st.page_link(page.script, label=page.label, icon=page.icon, query_params=params)
        except StreamlitPageNotFoundError:  # raised by the first link, before anything is drawn
            st.html(menu_html(params))
            return
        st.html(MENU_SCRIPT, unsafe_allow_javascript=True)


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
