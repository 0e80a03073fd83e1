"""Connections to the SQL store's database: an engine per URL, the write transactions that take turns, and the
database's name and identity without its password."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

# PostgreSQL advisory lock (per database) that write transactions take in turn: "tracker" in ASCII.
WRITE_LOCK = 0x74_72_61_63_6B_65_72


def engine_for(url: str) -> Engine:
    """An engine for a SQLAlchemy URL (sqlite:///path.db or postgresql+psycopg://...)."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": 30})

        @sa.event.listens_for(engine, "connect")
        def _sqlite_settings(connection, _record):  # WAL: readers never wait for the writer
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.close()

        return engine
    return sa.create_engine(url, pool_pre_ping=True)


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction that holds, from its first statement, SQLite's write lock or (PostgreSQL) the
    database's write lock (WRITE_LOCK): what it reads cannot change before it commits. Another writer waits."""
    if engine.dialect.name == "sqlite":
        # pysqlite would begin only at the first INSERT, after the checks: another writer could save in between,
        # and the second insert would collide on the unique key instead of naming the change. Writers of this
        # process queue on a lock first: SQLite's own lock is polled with growing sleeps, which can leave one of
        # many busy writers waiting past the timeout.
        with _sqlite_writers(engine), engine.begin() as connection:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            yield connection
    else:
        with engine.begin() as connection:
            # One writer at a time, until it commits: revision numbers then follow the order of the commits (with
            # writers in parallel, a revision could appear below the newest number already seen, changing the
            # state at that number after the fact). A statement after the lock sees what the writer before us
            # committed.
            connection.execute(sa.select(sa.func.pg_advisory_xact_lock(WRITE_LOCK)))
            yield connection


# One lock per SQLite file for the writers of this process (see writing).
_SQLITE_WRITERS: dict[str, threading.Lock] = {}
_SQLITE_WRITERS_GUARD = threading.Lock()


def _sqlite_writers(engine: Engine) -> threading.Lock:
    path = engine.url.database or ""
    key = os.path.realpath(path) if path and path != ":memory:" else f"{path}:{id(engine)}"
    with _SQLITE_WRITERS_GUARD:
        return _SQLITE_WRITERS.setdefault(key, threading.Lock())


def database_hash(engine: Engine) -> str:
    """The database's identity in cache entries: its address without the password (a SQLite file by its real
    path, since a relative one depends on the working folder), hashed."""
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        url = url.set(database=os.path.realpath(url.database))
    return hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()


def safe_name(engine: Engine) -> str:
    """The database's name as users may see it: never the password."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        return os.path.basename(url.database or "memory")
    return f"{url.get_backend_name()}:{url.database}"
