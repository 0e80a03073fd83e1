"""The events kept in a SQL database (SQLite or PostgreSQL, through SQLAlchemy): every change is a revision.

One table, `event_revisions`, holds every revision ever made; nothing is updated or deleted. Its `id` is the
database's revision number (it only grows); `number` counts one event's revisions (1 = added). An event's current
state is its highest-numbered revision, and a retracted event's highest revision says `retract`. The state at
revision R (a snapshot link) is the same question asked of the rows with `id <= R`. Writers take turns (one write
transaction at a time per database), so revision numbers are given in the order the revisions are committed: once R
is the newest revision anyone has seen, the state at R never changes.

The current events are validated once per (database, newest revision, day) and, given a cache folder, kept there as
Parquet (loaders.cache), so a restarted server whose database has not changed reads them back instead of reading
and validating every row.

Writes are one transaction each. Two curators saving the same event: the second finds a revision it did not
see (or collides on the unique (event_id, number) key) and is refused with the other change; nothing is
overwritten silently.

The table and its rows (JSON in, cells and revisions out) are in tracker.store.revisions; engines, the writers'
turns and the database's name in tracker.store.connection.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from loaders.cache import kept
from loaders.csvfile import events_text
from loaders.curated import parse_rows
from tracker.core.errors import DataError, Problem
from tracker.core.result import LoadResult
from tracker.core.schema import COLUMNS
from tracker.core.validation import compact
from tracker.store.connection import database_hash, engine_for, safe_name, writing
from tracker.store.csv_file import (
    READ_ONLY_ENV,
    AppendRefused,
    AppendResult,
    new_row_problems,
    taken_problems,
    usable_rows,
)
from tracker.store.revisions import (
    METADATA,
    REVISIONS,
    Revision,
    changed_fields,
    describe_changes,
    encode,
    newest_revisions,
    read_cells,
    read_revision,
)

# What the rest of the app and the tests take from here (the table and the engine live in revisions, connection).
__all__ = ["ANALYZE_AFTER", "BATCH_ROWS", "REVISIONS", "EditConflict", "Revision", "SqlStore", "engine_for"]

# Seconds a version answer is reused: a rerun asks the database at most once in this time.
VERSION_TTL = 2.0

# Rows inserted per statement when importing a large file.
BATCH_ROWS = 5_000

# Rows appended at once after which PostgreSQL's statistics are refreshed (ANALYZE).
ANALYZE_AFTER = 1_000


class EditConflict(DataError):
    """The event changed since the editor opened it; `theirs` is the revision that got there first."""

    def __init__(self, message: str, theirs: Revision, changes: dict[str, tuple[str, str]]):
        super().__init__(message)
        self.theirs = theirs
        self.changes = changes


class SqlStore:
    """The events in a database: see tracker.store.EventStore; also edits, retractions, history, snapshots."""

    def __init__(self, engine: Engine, name: str | None = None, cache: Path | None = None):
        """`cache`: the folder where the validated current events are kept between processes (None: not kept)."""
        self.engine = engine
        self.name = name or safe_name(engine)
        self.cache = cache
        # The last answer to the version question: when it was asked, the newest revision and its time.
        self._version: tuple[float, int, str] | None = None
        self._lock = threading.Lock()

    # --- the EventStore interface -------------------------------------------------------------------------

    def init(self) -> None:
        """Create the table (and its indexes) if it is not there."""
        METADATA.create_all(self.engine)

    def latest_revision(self, fresh: bool = False) -> int:
        """The newest revision number (0 for an empty database), asked at most once every VERSION_TTL seconds."""
        return self._newest(fresh)[0]

    def _newest(self, fresh: bool = False) -> tuple[int, str]:
        """The newest revision and its time (which tells a database made again apart, its numbers starting over):
        one lookup on the primary key, at most once every VERSION_TTL seconds."""
        now = time.monotonic()
        with self._lock:
            if not fresh and self._version and now - self._version[0] < VERSION_TTL:
                return self._version[1:]
        query = sa.select(REVISIONS.c.id, REVISIONS.c.at).order_by(REVISIONS.c.id.desc()).limit(1)
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        newest = (int(row.id), row.at.isoformat()) if row else (0, "")
        with self._lock:
            self._version = (now, *newest)
        return newest

    def version(self, revision: int | None = None) -> tuple:
        """("sql", name, where, revision): `where` is the database's address without its password, since two
        databases may share a name (events.db in two folders) and the loaded events are kept per version."""
        where = self.engine.url.render_as_string(hide_password=True)
        return "sql", self.name, where, revision if revision is not None else self.latest_revision()

    def load(self, today: dt.date | None = None, revision: int | None = None) -> LoadResult:
        """The events as they stood at `revision` (by default the newest, as `version()` says: asked at most once
        every VERSION_TTL seconds), validated like a file: each row is checked by the curated loader's rules, and a
        row that fails is listed on Data quality with its event_id. The current events are read back from the cache
        folder when they were kept for this newest revision."""
        if revision is not None:
            # NOTE: a snapshot link's state never changes, but is not kept on disk: entries are kept per database,
            # one at a time, and a cited old revision would push out the current events that every visit needs.
            return self._validated(revision, f"{self.name} at revision {revision}")[0]
        latest, at = self._newest()
        if self.cache is None:
            return self._validated(latest, self.name)[0]
        # NOTE: the day is part of the identity because "dated in the future" depends on it. Rows changed by hand
        # in SQL, without a new revision, are not seen until the next revision or day (nor by a running server).
        database = database_hash(self.engine)
        identity = f"sql|{database}|{latest}|{at}|{today or dt.date.today()}"
        return kept(self.cache, f"sql-{database[:16]}", identity, lambda: self._validated(latest, self.name))

    def read_only(self) -> str | None:
        if os.environ.get(READ_ONLY_ENV, "").strip().lower() in {"1", "true", "yes", "on"}:
            return f"{READ_ONLY_ENV} is set, so this deployment does not change the events"
        return None

    def check(self, rows: pd.DataFrame, current: LoadResult | None = None) -> tuple[pd.DataFrame, list[Problem]]:
        """The new rows that can be added and a problem for each that cannot (row 1 = first new row). Every
        event_id the database ever held is taken, retracted ones too: an ID is never reused."""
        new = events_text(rows).reset_index(drop=True)
        return usable_rows(rows, new_row_problems(new, self._taken(), list(COLUMNS), self.name))

    def append(self, rows: pd.DataFrame, author: str = "", comment: str = "") -> AppendResult:
        """Add the rows as revision 1 of each new event, all or none, in one transaction."""
        self._writable()
        new = events_text(rows).reset_index(drop=True)
        # Checked before the write lock is taken (a large import takes seconds to check), then its IDs again under
        # the lock, against events added meanwhile.
        problems = new_row_problems(new, self._taken(), list(COLUMNS), self.name)
        if problems:
            raise AppendRefused(_refusal(problems, len(new), self.name), problems)
        with self._writing() as connection:
            problems = taken_problems(new, self._taken(connection), self.name)
            if problems:
                raise AppendRefused(_refusal(problems, len(new), self.name), problems)
            stamp = _now()
            records = [{"event_id": row["event_id"].strip(), "number": 1, "action": "add",
                        "author": author or "unknown", "at": stamp, "comment": comment,
                        "data": encode({**row, "event_id": row["event_id"].strip()})}
                       for row in new.to_dict("records")]
            try:
                for start in range(0, len(records), BATCH_ROWS):
                    connection.execute(REVISIONS.insert(), records[start:start + BATCH_ROWS])
            except IntegrityError:
                raise DataError("Another curator added an event with one of these IDs meanwhile; nothing was added. "
                                "Reload the page and try again.") from None
            total = connection.execute(sa.select(sa.func.count(sa.distinct(REVISIONS.c.event_id)))).scalar() or 0
        if self.engine.dialect.name == "postgresql" and len(records) >= ANALYZE_AFTER:
            # Fresh statistics after a bulk import, so the planner does not treat the table as the empty one it was.
            with self.engine.connect() as connection:
                connection.execute(sa.text(f"ANALYZE {REVISIONS.name}"))
                connection.commit()
        return AppendResult(None, len(records), None, int(total))

    # --- revisions ----------------------------------------------------------------------------------------

    def edit(self, event_id: str, seen: int, values: dict[str, str], author: str, comment: str = "") -> Revision:
        """Store a new revision of the event with these field values, if its latest revision is still `seen`
        (the number the editor opened); else EditConflict with the other change. Checked like a new row."""
        self._writable()
        # NOTE: the row is checked while the lock is held (tens of milliseconds): writers queue, and the one that
        # finds a newer revision than it opened is refused at once, without checking its row in vain. A first look
        # without the lock refuses a stale edit without queueing for it.
        with self.engine.connect() as connection:
            self._unchanged(connection, event_id, seen, "edit")
        with self._writing() as connection:
            latest = self._unchanged(connection, event_id, seen, "edit")
            data = {**latest.data, **{k: str(v) for k, v in values.items() if k in COLUMNS}, "event_id": event_id}
            problems = _row_problems(data)
            if problems:
                raise AppendRefused(f"Nothing was saved: the edited event does not pass the loader's checks "
                                    f"({len(problems)} problem{'s' if len(problems) > 1 else ''}, listed below). Fix "
                                    "them in the form and save again.", problems)
            return self._insert(connection, latest, "edit", data, author, comment)

    def retract(self, event_id: str, seen: int, reason: str, author: str) -> Revision:
        """Retract the event (nothing is deleted): its page still shows it, with the reason."""
        self._writable()
        if not reason.strip():
            raise DataError("Say why the event is retracted (for example: the source does not support it).")
        with self._writing() as connection:
            latest = self._unchanged(connection, event_id, seen, "retract")
            return self._insert(connection, latest, "retract", latest.data, author, reason.strip())

    def history(self, event_id: str) -> list[tuple[Revision, dict[str, tuple[str, str]]]]:
        """Every revision of the event, oldest first, each with the fields it changed (old, new)."""
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(REVISIONS).where(REVISIONS.c.event_id == event_id)
                                      .order_by(REVISIONS.c.number)).mappings().all()
        out: list[tuple[Revision, dict[str, tuple[str, str]]]] = []
        before: dict[str, str] = {}
        for row in rows:
            revision = read_revision(row)
            out.append((revision, changed_fields(before, revision.data)))
            before = revision.data
        return out

    def latest(self, event_id: str) -> Revision | None:
        """The event's newest revision (a retraction included), or None."""
        with self.engine.connect() as connection:
            return self._latest(connection, event_id)

    def recent(self, limit: int = 50) -> list[Revision]:
        """The newest revisions of any event, newest first."""
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(REVISIONS).order_by(REVISIONS.c.id.desc()).limit(limit)).mappings()
            return [read_revision(row) for row in rows]

    # --- internals ----------------------------------------------------------------------------------------

    def _writable(self) -> None:
        reason = self.read_only()
        if reason:
            raise DataError(f"Cannot change events: {reason}.")

    def _taken(self, connection=None) -> set[str]:
        query = sa.select(REVISIONS.c.event_id).distinct()
        if connection is not None:
            return set(connection.execute(query).scalars())
        with self.engine.connect() as own:
            return set(own.execute(query).scalars())

    def _validated(self, revision: int, source: str) -> tuple[LoadResult, int]:
        """The events at `revision`, validated as the rows of a file would be (without writing and reading them as
        CSV), with compact columns; and about how many bytes they would take in a file."""
        cells, size = self._current(revision)
        result = parse_rows(cells, source)
        return result.with_events(compact(result.events)), size

    def _current(self, revision: int) -> tuple[pd.DataFrame, int]:
        """The cells (in COLUMNS order) of each event's newest revision up to `revision`, retractions left out;
        and about how many bytes they would take in a file (the measure of loaders.cache.MIN_BYTES)."""
        query = newest_revisions(self.engine.dialect.name, revision)
        with self.engine.connect() as connection:
            texts = [data for data, action in connection.execute(query) if action != "retract"]
        # The size of the values, as in a file: each row's JSON holds every column's name too.
        return read_cells(texts), sum(map(len, texts)) - len(texts) * len(encode({}))

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """One write transaction, taking its turn (connection.writing); the version is asked again after it."""
        with writing(self.engine) as connection:
            yield connection
        self._version = None

    def _latest(self, connection: Connection, event_id: str) -> Revision | None:
        query = (sa.select(REVISIONS).where(REVISIONS.c.event_id == event_id)
                 .order_by(REVISIONS.c.number.desc()).limit(1))
        row = connection.execute(query).mappings().first()
        return read_revision(row) if row else None

    def _unchanged(self, connection: Connection, event_id: str, seen: int, verb: str) -> Revision:
        """The event's newest revision, if it is still `seen` and not a retraction; else DataError or EditConflict."""
        latest = self._latest(connection, event_id)
        if latest is None or latest.action == "retract":
            already = " already" if verb == "retract" else ""
            raise DataError(f"There is no event {event_id!r} to {verb} (it may have been retracted{already}).")
        self._refuse_if_changed(connection, latest, seen)
        return latest

    def _refuse_if_changed(self, connection, latest: Revision, seen: int) -> None:
        if latest.number == seen:
            return
        before = connection.execute(sa.select(REVISIONS.c.data).where(
            (REVISIONS.c.event_id == latest.event_id) & (REVISIONS.c.number == seen))).scalar()
        changes = changed_fields(json.loads(before) if before else {}, latest.data)
        raise EditConflict(f"{latest.author} changed this event ({latest.action}, revision {latest.number}, "
                           f"{latest.at:%Y-%m-%d %H:%M} UTC) after you opened it; nothing was saved. Their change: "
                           + (describe_changes(changes) or "no field changed")
                           + ". Reload the event and edit it again.", latest, changes)

    def _insert(self, connection, latest: Revision, action: str, data: dict[str, str], author: str,
                comment: str) -> Revision:
        revision = Revision(0, latest.event_id, latest.number + 1, action, author or "unknown", _now(), comment, data)
        record = {"event_id": revision.event_id, "number": revision.number, "action": action, "author": revision.author,
                  "at": revision.at, "comment": comment, "data": encode(data)}
        try:
            new_id = connection.execute(REVISIONS.insert().returning(REVISIONS.c.id), record).scalar_one()
        except IntegrityError:
            raise DataError("Another curator saved this event at the same moment; nothing was saved. Reload the event "
                            "to see their change.") from None
        return replace(revision, id=int(new_id))


def _row_problems(data: dict[str, str]) -> list[Problem]:
    frame = pd.DataFrame([{name: data.get(name, "") for name in COLUMNS}], dtype=object)
    return new_row_problems(frame, set(), list(COLUMNS), "the database")


def _refusal(problems: list[Problem], count: int, name: str) -> str:
    rows = len({p.row for p in problems})
    return (f"Nothing was added to {name}: {rows} of the {count} new events cannot be added (row 1 is the first new "
            "event). Fix or drop them and try again.")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
