"""The data a view shows: the configured store's events, validated once per version and day, and an upload
chosen through the URL; each prepared once (compact columns, party table) and shared by every session."""

from __future__ import annotations

import datetime as dt
import re
import threading
import weakref
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd
import streamlit as st

from loaders.cache import release_memory
from tracker.core.actors import party_table
from tracker.core.errors import DataError
from tracker.core.result import LoadResult, merge
from tracker.core.validation import compact
from tracker.initiatives import read_scope
from tracker.memo import Memo
from tracker.store import (
    DEFAULT_EVENTS_PATH,
    SECRETS_PATH,
    EventStore,
    cache_folder,
    configured_url,
    events_path,
    open_store,
)
from tracker.ui.errors import show_data_error
from tracker.ui.markdown import escape_markdown
from tracker.ui.uploads import UPLOADS, source_params, stale_link_notice

T = TypeVar("T")

# The project root, where `streamlit run` reads .streamlit/secrets.toml.
ROOT = DEFAULT_EVENTS_PATH.parents[1]

# The declared scope of the bundled data.
SCOPE_PATH = DEFAULT_EVENTS_PATH.parent / "initiatives.csv"
LOADED_SCOPE: Memo = Memo(max_entries=1)


@dataclass(frozen=True)
class Prepared:
    """Events ready to draw from: the (frozen) load result with compact columns, and its party table, whose `pos`
    column is the position of each event in `result.events` (a RangeIndex, checked in `prepare`)."""

    result: LoadResult
    parties: pd.DataFrame


# The prepared events, one entry per (source version, upload, merge, day): validity depends on today (no event
# in the future). Process-wide, not st.cache_resource, which any visitor's `clear_cache` message empties.
LOADED: Memo[Prepared] = Memo(max_entries=4)
PREPARED_UPLOADS: Memo[Prepared] = Memo(max_entries=8)


def prepare(result: LoadResult) -> Prepared:
    """The one preparation every source goes through: compact columns, a RangeIndex, the party table."""
    events = compact(result.events).reset_index(drop=True)
    frozen = result.with_events(events)
    parties = party_table(events)
    assert len(parties) == 0 or int(parties["pos"].max()) < len(events), "party positions must index the events"
    release_memory()
    return Prepared(frozen, parties)


# One store object per configured source, so a database's answers (its latest revision) are shared by sessions.
STORES: Memo[EventStore] = Memo(max_entries=4)


def database_url() -> str | None:
    """The SQLAlchemy URL of the `events` connection in the secrets ([connections.events] url), or None."""
    if not st.secrets.load_if_toml_exists():
        return None
    section = st.secrets.get("connections", {}).get("events", {})
    url = section.get("url") if hasattr(section, "get") else None
    return str(url) if url else None


def store() -> EventStore:
    """The store of this deployment's events: the database when a connection named `events` is configured in
    .streamlit/secrets.toml (Streamlit's st.connection convention), else the events file."""
    url = database_url()
    if url:
        return STORES.get(("sql", url), lambda: _database_store())
    path = events_path()
    return STORES.get(("csv", str(path)), lambda: open_store())


def warm_store() -> EventStore:
    """store() without Streamlit's script context (for the server's warm-up thread): the secrets file is read
    directly and the store is kept where store() will find it."""
    url = configured_url(ROOT / SECRETS_PATH)
    if url:
        return STORES.get(("sql", url), lambda: _started(open_store(url)))
    return STORES.get(("csv", str(events_path())), lambda: open_store())


def _started(source: EventStore) -> EventStore:
    init = getattr(source, "init", None)
    if init is not None:
        init()
    return source


def _database_store() -> EventStore:
    from tracker.store.sql import SqlStore

    connection = st.connection("events", type="sql")  # reads [connections.events] from the secrets
    sql = SqlStore(connection.engine, cache=cache_folder())
    sql.init()
    return sql


def load_key(source: EventStore, today: dt.date | None = None) -> tuple:
    """The identity of the source's current version, and the day it is validated on."""
    return (*source.version(), (today or dt.date.today()).isoformat())


def load_prepared(source: EventStore, key: tuple) -> Prepared:
    """The prepared events of this version (computed once, whoever asks first)."""
    return LOADED.get(key, lambda: prepare(source.load(dt.date.fromisoformat(key[-1]))))


def load_current() -> tuple[LoadResult, pd.DataFrame]:
    """The validated events of the store's current version, and their party table."""
    _key, prepared = _current()
    return prepared.result, prepared.parties


def requested_revision(source: EventStore) -> int | None:
    """The revision a snapshot link asks for (?rev=N), or None; a notice when it cannot be honoured."""
    value = st.query_params.get("rev")
    if not value:
        return None
    latest = getattr(source, "latest_revision", None)
    if latest is None:
        st.sidebar.warning(f"Ignored rev={escape_markdown(value)} from the link: this dashboard keeps its events in "
                           "a file, which has no revisions. Showing the current events.", icon="🔗")
        return None
    revision = valid_revision(value, latest())
    if revision is None:
        st.sidebar.warning(f"Ignored rev={escape_markdown(value)} from the link: revisions run from 1 to "
                           f"{latest()}. Showing the current events.", icon="🔗")
    return revision


def valid_revision(value: str | None, latest: int) -> int | None:
    """The revision a ?rev= value names, or None when it names none of 1..latest."""
    value = (value or "").strip()
    # ASCII digits only, and few: str.isdigit accepts "²", which int() refuses, and int() refuses 4,300+ digits.
    return int(value) if re.fullmatch(r"[0-9]{1,15}", value) and 0 < int(value) <= latest else None


def _current() -> tuple[tuple, Prepared]:
    source = store()
    revision = requested_revision(source)
    if revision is not None:
        key = (*source.version(revision), dt.date.today().isoformat())  # type: ignore[call-arg]
        prepared = LOADED.get(key, lambda: prepare(source.load(revision=revision)))  # type: ignore[call-arg]
        return key, prepared
    try:
        key = load_key(source)
    except OSError:
        show_data_error(DataError(f"The events file {events_path()} does not exist. Set EVENTS_PATH to a CSV file "
                                  "of events, or unset it to use the bundled data/events.csv."))
        raise  # not reached: show_data_error stops the page
    try:
        if key in LOADED:
            prepared = load_prepared(source, key)
        else:
            with st.spinner("Loading and validating events…"):
                prepared = load_prepared(source, key)
    except DataError as error:
        show_data_error(error)
        raise
    return key, prepared


def load_scope() -> pd.DataFrame | None:
    """The declared scope of the bundled data (data/initiatives.csv), or None for another events file."""
    if events_path().resolve() != DEFAULT_EVENTS_PATH.resolve() or not SCOPE_PATH.exists():
        return None
    key = ("scope", SCOPE_PATH.stat().st_mtime_ns)
    scope, _problems = LOADED_SCOPE.get(key, lambda: read_scope(SCOPE_PATH))
    return scope


def load_view_data() -> tuple[LoadResult, pd.DataFrame]:
    """The events this view shows: the curated file, an uploaded one, or both merged (chosen by the URL),
    prepared once per (curated version, upload, merge, day)."""
    curated_key, prepared = _current()
    curated, parties = prepared.result, prepared.parties
    chosen = source_params()
    if "data" not in chosen:
        return curated, parties
    entry = UPLOADS.get(chosen["data"])
    if entry is None:
        st.warning(stale_link_notice(chosen["data"]), icon="📁")
        return curated, parties
    merged = "merge" in chosen
    key = (chosen["data"], merged, curated_key if merged else dt.date.today().isoformat())

    def build() -> Prepared:
        return prepare(merge(curated, entry.result, f"upload: {entry.name}") if merged else entry.result)

    shown = PREPARED_UPLOADS.get(key, build)
    return shown.result, shown.parties


# Tables derived from a loaded frame (e.g. the chain breaks), kept as long as the frame is: by the frame's identity,
# removed when the frame is garbage-collected (a loaded frame is shared and never changed in place).
_DERIVED: dict[int, dict] = {}
_DERIVED_LOCK = threading.Lock()


def derived(frame: pd.DataFrame, name: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` once per loaded frame and name (the name includes the day when the result depends on it)."""
    key = id(frame)
    with _DERIVED_LOCK:
        entry = _DERIVED.get(key)
        if entry is None:
            entry = _DERIVED[key] = {}
            weakref.finalize(frame, _DERIVED.pop, key, None)
        if name in entry:
            return entry[name]
    value = compute()
    with _DERIVED_LOCK:
        entry[name] = value
    return value
