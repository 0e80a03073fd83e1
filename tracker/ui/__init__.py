"""The shared frame every page calls first: page config, access gate, cached data, URL-bound filters."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial
from html import escape
from pathlib import Path
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import streamlit as st

from loaders import LoadResult
from loaders.cache import cached_load, release_memory
from tracker.actors import codes_by_role, party_table, registry
from tracker.export import table_csv
from tracker.filters import Filters, describe, filter_mask, parties_where, select
from tracker.initiatives import read_scope
from tracker.memo import Memo
from tracker.schema import EVENT_TYPES, STATUSES
from tracker.ui.gate import gate
from tracker.ui.text import escape_markdown
from tracker.ui.uploads import load_view_data, source_params
from tracker.validation import DataError

# The bundled events file, used when EVENTS_PATH is not set.
DEFAULT_EVENTS_PATH = Path(__file__).resolve().parents[2] / "data" / "events.csv"

# The declared scope of the bundled data.
SCOPE_PATH = DEFAULT_EVENTS_PATH.parent / "initiatives.csv"
LOADED_SCOPE: Memo = Memo(max_entries=1)

# Bounds of the date pickers: wide, so a shared link stays valid when the data changes.
DATE_MIN, DATE_MAX = dt.date(1945, 1, 1), dt.date(2100, 12, 31)

# The pages, in menu order: (script, label, icon). dashboard.py declares the same list to st.navigation.
PAGES = [
    ("pages/overview.py", "Overview", "📊"),
    ("pages/events.py", "Events", "📋"),
    ("pages/map.py", "Map", "🗺️"),
    ("pages/flows.py", "Flows", "🔀"),
    ("pages/missions.py", "Missions", "📅"),
    ("pages/actor.py", "Actor profile", "👤"),
    ("pages/event.py", "Event detail", "🔎"),
    ("pages/data.py", "Your data", "📁"),
    ("pages/review.py", "Add from an article", "📰"),
    ("pages/data_quality.py", "Data quality", "🩺"),
    ("pages/coverage.py", "Coverage", "🧭"),
    ("pages/about.py", "About the data", "📖"),
]

# Where plotly.js finds map outlines: our own copy (static/), not plotly's CDN.
TOPOJSON_URL = "app/static/"

# Set by tracker.ui.links when Streamlit drops a link's whole query string (too many parameters).
from tracker.ui.links import DROPPED_KEY, MAX_LINK_FIELDS  # noqa: E402

# The URL keys of the filter widgets.
FILTER_KEYS = ("from", "to", "actor", "target", "involving", "type", "status", "q")



@dataclass
class View:
    """What a page draws from: all loaded events, the filtered ones and their parties.

    The filtered rows are taken only when a page asks for them, and only the columns it names (`rows`), so a
    page that needs a few columns of a large file does not copy the rest.
    """

    result: LoadResult
    parties: pd.DataFrame
    mask: np.ndarray
    filters: Filters
    sentence: str
    link_params: dict

    @property
    def count(self) -> int:
        """Number of events matching the filters."""
        return int(self.mask.sum())

    def rows(self, columns: list[str]) -> pd.DataFrame:
        """The filtered events, only these columns (index = position among all loaded events)."""
        return select(self.result.events, self.mask, columns)

    @cached_property
    def filtered_parties(self) -> pd.DataFrame:
        """The party rows of the filtered events."""
        return parties_where(self.parties, self.mask)


def events_path() -> Path:
    """The events file: EVENTS_PATH, or the bundled data."""
    return Path(os.environ.get("EVENTS_PATH") or DEFAULT_EVENTS_PATH)


# The loaded events, one entry per file version and day (validity depends on today: no event in the future).
# Kept in a process-wide memo, not st.cache_resource, which any visitor's `clear_cache` message empties.
LOADED: Memo[tuple[LoadResult, pd.DataFrame]] = Memo(max_entries=2)


def _load(path: str) -> tuple[LoadResult, pd.DataFrame]:
    # Read and validate once per version (kept as Parquet for the next server start). One copy is shared
    # between sessions and reruns: pages must not modify it in place (pandas' copy-on-write keeps derived
    # frames separate).
    result = cached_load(path)
    parties = party_table(result.events)
    release_memory()
    return result, parties


def load_key(path: Path) -> tuple:
    """The identity of the file's current version, and the day it is validated on."""
    stat = path.stat()
    return str(path), stat.st_mtime_ns, stat.st_size, dt.date.today().isoformat()


def load_current() -> tuple[LoadResult, pd.DataFrame]:
    """The validated events of the current file version, and their party table."""
    path = events_path()
    try:
        key = load_key(path)
    except OSError:
        show_data_error(DataError(f"The events file {path} does not exist. Set EVENTS_PATH to a CSV file of "
                                  "events, or unset it to use the bundled data/events.csv."))
    try:
        if key in LOADED:
            return LOADED.get(key, lambda: _load(key[0]))
        with st.spinner("Loading and validating events…"):
            return LOADED.get(key, lambda: _load(key[0]))
    except DataError as error:
        show_data_error(error)


def load_scope() -> pd.DataFrame | None:
    """The declared scope of the bundled data (data/initiatives.csv), or None for another events file."""
    if events_path().resolve() != DEFAULT_EVENTS_PATH.resolve() or not SCOPE_PATH.exists():
        return None
    key = ("scope", SCOPE_PATH.stat().st_mtime_ns)
    scope, _problems = LOADED_SCOPE.get(key, lambda: read_scope(SCOPE_PATH))
    return scope


def show_data_error(error: DataError, rows: pd.DataFrame | None = None) -> None:
    """The one place a data error is shown: the sentence, the failing rows, then stop the page."""
    st.error(escape_markdown(str(error)), icon="⚠️")
    if rows is not None and len(rows):
        st.dataframe(rows, hide_index=True)
    st.stop()


def _url_notices(options: dict[str, list[str]]) -> list[str]:
    notices = []
    for key, allowed in options.items():
        bad = [v for v in st.query_params.get_all(key) if v and v not in allowed]
        if bad:
            notices.append(f"Ignored {key}={', '.join(bad)} from the link: not a known value.")
    for key in ("from", "to"):
        value = st.query_params.get(key)
        if value:
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                notices.append(f"Ignored {key}={value} from the link: dates are written YYYY-MM-DD.")
                continue
            if not DATE_MIN <= day <= DATE_MAX:
                notices.append(f"Ignored {key}={value} from the link: dates run from {DATE_MIN} to {DATE_MAX}.")
    dropped = st.query_params.get(DROPPED_KEY)
    if dropped:
        notices.append(f"The link had {dropped} parameters, more than the {MAX_LINK_FIELDS:,} a link may carry, so "
                       "all of them were ignored. Shorten it (fewer repeated filters).")
    return notices


def _sidebar_filters(events: pd.DataFrame, parties: pd.DataFrame) -> Filters:
    reg = registry()
    actor_codes, target_codes = codes_by_role(parties)
    all_codes = sorted(set(actor_codes) | set(target_codes))
    options = {"actor": actor_codes, "target": target_codes, "involving": all_codes,
               "type": list(EVENT_TYPES), "status": list(STATUSES)}
    for notice in _url_notices(options):
        st.sidebar.warning(escape_markdown(notice), icon="🔗")
    side = st.sidebar
    side.header("Filters")
    code_help = ("Codes: ISO 3166-1 alpha-3 for states (CAN, RUS, UKR), and EU, UN, UNSC, NATO, OSCE, G7 for "
                 "organisations.")
    date_from = side.date_input("From", value=None, min_value=DATE_MIN, max_value=DATE_MAX, key="from",
                                bind="query-params", format="YYYY-MM-DD")
    date_to = side.date_input("To", value=None, min_value=DATE_MIN, max_value=DATE_MAX, key="to",
                               bind="query-params", format="YYYY-MM-DD")
    chosen = {}
    for key, label in (("actor", "Actors (who acts)"), ("target", "Targets (directed at)"),
                       ("involving", "Involving (either side)")):
        chosen[key] = side.multiselect(label, options[key], key=key, bind="query-params", help=code_help,
                                       placeholder="Any")
        if chosen[key]:
            side.caption(escape_markdown(", ".join(reg.name(c) for c in chosen[key])))
    types = side.multiselect("Event types", options["type"], key="type", bind="query-params", placeholder="Any")
    statuses = side.multiselect("Status", options["status"], key="status", bind="query-params", placeholder="Any")
    text = side.text_input("Search title, description, initiative", key="q", bind="query-params") or ""
    return Filters(date_from=date_from, date_to=date_to, actors=tuple(chosen["actor"]),
                   targets=tuple(chosen["target"]), involving=tuple(chosen["involving"]), types=tuple(types),
                   statuses=tuple(statuses), text=text)


def filter_params(filters: Filters) -> dict[str, str | list[str]]:
    """The URL query parameters that reproduce these filters (the same keys the widgets bind)."""
    params: dict[str, str | list[str]] = {}
    for key, value in (("from", filters.date_from), ("to", filters.date_to)):
        if value:
            params[key] = value.isoformat()
    for key, values in (("actor", filters.actors), ("target", filters.targets), ("involving", filters.involving),
                        ("type", filters.types), ("status", filters.statuses)):
        if values:
            params[key] = list(values)
    if filters.text:
        params["q"] = filters.text
    return params


def menu_links(params: dict) -> list[tuple[str, str]]:
    """(label, relative URL) of every page, each carrying the current filters and data choice."""
    query = urlencode(params, doseq=True)
    links = []
    for index, (script, label, _icon) in enumerate(PAGES):
        # The first page is st.navigation's default, served at the app's root.
        path = "./" if index == 0 else f"./{Path(script).stem}"
        links.append((label, path + (f"?{query}" if query else "")))
    return links


def profile_links(codes: tuple[str, ...], params: dict) -> str:
    """Safe HTML: links to the profiles of these codes, keeping the filters and data choice."""
    query = urlencode({**params, "who": ""}, doseq=True)
    reg = registry()
    links = [f'<a href="./actor?{escape(query)}{escape(code)}" target="_self">Profile of {escape(reg.label(code))}</a>'
             for code in codes]
    return " · ".join(links)


def _menu(container, params: dict) -> None:
    # Our own menu of plain links: each opens its page as a shared link would (a fresh load of the URL), so
    # the filters always travel with it. Streamlit's in-app page switch drops URL-bound widget values, and a
    # cold server would show a different menu before the entry script first runs.
    items = "".join(f'<li style="margin:0.15rem 0"><a href="{escape(url)}" target="_self" '
                    f'style="text-decoration:none">{escape(label)}</a></li>' for label, url in menu_links(params))
    container.html(f'<nav class="tracker-menu"><ul style="list-style:none;padding-left:0;margin:0">{items}</ul></nav>')


def _sidebar_status(result: LoadResult) -> None:
    rejected = result.rejected_count
    line = f"{result.loaded:,} events loaded from {escape_markdown(Path(result.source).name)}"
    if result.skipped_total:
        line += f"; {result.skipped_total:,} rows skipped by rule"
    if rejected:
        st.sidebar.warning(f"{line}; {rejected:,} rows rejected: see Data quality.", icon="⚠️")
    else:
        st.sidebar.caption(line + "; no rows rejected.")


def frame(title: str) -> View:
    """Call first on every page: config, access gate, data, filters. Returns what the page should draw."""
    st.set_page_config(page_title=f"{title} · Sanctions & Diplomacy Tracker", page_icon="🌐", layout="wide")
    gate()
    result, parties = load_view_data(*load_current())
    menu = st.sidebar.container()
    filters = _sidebar_filters(result.events, parties)
    link_params = {**filter_params(filters), **source_params()}
    _menu(menu, link_params)
    _sidebar_status(result)
    mask = filter_mask(result.events, parties, filters)
    sentence = describe(filters, int(mask.sum()))
    st.title(title)
    st.markdown(f"**{escape_markdown(sentence)}**")
    return View(result, parties, mask, filters, sentence, link_params)


def filtered_rows(view: View) -> Callable[[], tuple[pd.DataFrame, pd.DataFrame]]:
    """A function returning this view's (events, parties) when called, e.g. when a download button is pressed.

    Meanwhile it holds only row positions and the shared loaded data, not a copy of the filtered rows (a
    deferred download keeps its function alive as long as the page is open).
    """
    everything, parties, mask = view.result.events, view.parties, view.mask

    def rows() -> tuple[pd.DataFrame, pd.DataFrame]:
        return select(everything, mask), parties_where(parties, mask)

    return rows


def _apply_pick(key: str, pick: Callable[[list[dict]], dict]) -> None:
    # Runs before the rerun, so it may still change the filter widgets' values (and through them the URL).
    points = st.session_state[key].selection.points
    for filter_key, value in pick(points).items():
        if value:
            st.session_state[filter_key] = value


def plot(fig, table: pd.DataFrame | Callable[[], pd.DataFrame], key: str, name: str,
         pick: Callable[[list[dict]], dict] | None = None, container=None) -> None:
    """A chart with its image file name, the CSV of its data, and (with `pick`) click-to-filter.

    `pick` turns the clicked points into filter values, e.g. {"involving": ["CAN"]}. `table` may be a function
    that builds the chart's data when its download is pressed (so a large table is not kept meanwhile).
    """
    box = container or st
    config = {"toImageButtonOptions": {"filename": name, "format": "png"}, "displaylogo": False,
              "topojsonURL": TOPOJSON_URL}
    if pick:
        box.plotly_chart(fig, key=key, config=config, on_select=partial(_apply_pick, key, pick),
                         selection_mode="points")
        box.caption("Click a mark to filter by it.")
    else:
        box.plotly_chart(fig, key=key, config=config)
    # The file is written when the button is pressed, not on every rerun.
    rows = table if callable(table) else (lambda: table)
    box.download_button("Chart data (CSV)", lambda: table_csv(rows()), file_name=f"{name}.csv",
                        mime="text/csv", key=f"{key}_csv", on_click="ignore")


def event_url(event_id: str) -> str:
    """The detail page of one event."""
    return f"./event?{urlencode({'event': event_id})}"


def event_link(row) -> str:
    """Safe HTML: a link to the event's detail page, its date, and its publisher (data is escaped)."""
    return (f'<a href="{escape(event_url(row.event_id))}" target="_self">{escape(row.date_label)} · '
            f'{escape(row.title)}</a> <span style="color:#666">({escape(row.source_publisher)})</span>')


def stop_if_empty(view: View) -> None:
    """A helpful message instead of empty charts."""
    if view.count == 0:
        if view.result.loaded == 0:
            st.info("No valid events were loaded. The Data quality page lists what was rejected and why.")
        else:
            st.info("No events match these filters. Widen the date range or remove a filter in the sidebar.")
        st.stop()
