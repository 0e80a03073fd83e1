"""Where the events live: one small interface, `EventStore`, with an implementation per backend: the CSV file
(`tracker.store.csv_file.CsvStore`, the default) and a SQL database (`tracker.store.sql.SqlStore`, when a
connection named `events` is configured). The frame asks it for the current version and the events; the review
and edit pages ask it to check and add rows. Nothing above it knows which backend it talks to."""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from pathlib import Path
from typing import Protocol

import pandas as pd

from loaders.cache import folder_for
from tracker.core.errors import Problem
from tracker.core.result import LoadResult
from tracker.store.csv_file import AppendRefused, AppendResult, CsvStore

# The bundled events file, used when EVENTS_PATH is not set.
DEFAULT_EVENTS_PATH = Path(__file__).resolve().parents[2] / "data" / "events.csv"

__all__ = ["DEFAULT_EVENTS_PATH", "AppendRefused", "AppendResult", "CsvStore", "EventStore", "cache_folder",
           "open_store"]


class EventStore(Protocol):
    """The events of one deployment, wherever they are kept."""

    name: str  # what the user sees as the source (a file name, a database name)

    def version(self) -> tuple:
        """The identity of the current version: cheap, and different after every change (OSError if missing)."""
        ...

    def load(self, today: dt.date | None = None) -> LoadResult:
        """The validated events of the current version (validity depends on `today`: nothing in the future)."""
        ...

    def read_only(self) -> str | None:
        """Why new events cannot be added here, or None when they can."""
        ...

    def check(self, rows: pd.DataFrame, current: LoadResult | None = None) -> tuple[pd.DataFrame, list[Problem]]:
        """The new rows that can be added, and one problem per row that cannot (row 1 = first new row)."""
        ...

    def append(self, rows: pd.DataFrame) -> AppendResult:
        """Add the rows, all or none (AppendRefused names each bad row; DataError when it cannot write)."""
        ...


def events_path() -> Path:
    """The events file: EVENTS_PATH, or the bundled data."""
    return Path(os.environ.get("EVENTS_PATH") or DEFAULT_EVENTS_PATH)


def cache_folder() -> Path:
    """Where validated events are kept between processes, whichever the store: the events file's cache folder
    (`.tracker-cache` beside it, or in the temporary folder when its folder is read-only; see loaders.cache)."""
    return folder_for(events_path())


# Where Streamlit (and the command line) read the connection: [connections.events] url = "..."
SECRETS_PATH = Path(".streamlit") / "secrets.toml"


def configured_url(secrets: Path | None = None) -> str | None:
    """The SQLAlchemy URL of the `events` connection in .streamlit/secrets.toml, or None (the CSV file then)."""
    path = secrets or Path.cwd() / SECRETS_PATH
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        url = tomllib.load(handle).get("connections", {}).get("events", {}).get("url")
    return str(url) if url else None


def open_store(url: str | None = None) -> EventStore:
    """The store for this URL (a database), or the events file when there is none (see events_path)."""
    if url:
        from tracker.store.sql import SqlStore, engine_for

        return SqlStore(engine_for(url), cache=cache_folder())
    return CsvStore(events_path())
