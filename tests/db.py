"""Test databases: a fresh SQLite file, or a fresh PostgreSQL database on the cluster that `.ci/postgres` starts.

`fresh_database(kind, tmp_path)` yields a SQLAlchemy URL of an empty database and removes it afterwards. PostgreSQL
needs TRACKER_TEST_POSTGRES_URL (any database on the cluster; a new one is created beside it per test): without it
the test is skipped locally, and fails where REQUIRE_DATABASE is set (CI), where a skip would hide a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs

import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from tracker.store.sql import SqlStore

# The database kinds every store test runs on.
KINDS = ["sqlite", "postgresql"]

# Where .ci/postgres puts the URL of its throwaway cluster.
POSTGRES_ENV = "TRACKER_TEST_POSTGRES_URL"


def require_postgres() -> str:
    """The cluster's URL; skip locally when it is not set, fail in CI (REQUIRE_DATABASE=1)."""
    url = os.environ.get(POSTGRES_ENV)
    if url:
        return url
    if os.environ.get("REQUIRE_DATABASE"):
        pytest.fail(f"{POSTGRES_ENV} is not set: .ci/run must `source .ci/postgres start` before the tests")
    pytest.skip(f"{POSTGRES_ENV} is not set (run `source .ci/postgres start` to test PostgreSQL too)")


@contextmanager
def fresh_database(kind: str, folder: Path) -> Iterator[str]:
    """The URL of a new, empty database of this kind; dropped (PostgreSQL) or left in `folder` (SQLite) after."""
    if kind == "sqlite":
        # A unique file name: the store's name is the file's name, and tests share one process.
        yield f"sqlite:///{folder / f'events-{uuid.uuid4().hex[:8]}.db'}"
        return
    cluster = sa.make_url(require_postgres())
    name = f"tracker_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(cluster, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        yield cluster.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:  # FORCE ends connections a test (or a killed writer) left open
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    """The first table (st.dataframe) on an AppTest page that has this column."""
    for element in at.dataframe:
        if column in element.value.columns:
            return element.value
    raise AssertionError(f"no table on the page has a {column!r} column")


def page_with_database(page: str, store: SqlStore, monkeypatch: pytest.MonkeyPatch, query: str = "",
                       access: dict | None = None) -> AppTest:
    """pages/<page>.py (not run yet) with `store` as the configured database, as [connections.events] in the
    secrets would make it (AppTest's secrets do not reach st.connection, so the store is handed over directly),
    the query string of a link, and an [access] section when given."""
    from tracker.ui import data

    url = store.engine.url.render_as_string(hide_password=False)
    monkeypatch.setattr(data, "database_url", lambda: url)
    monkeypatch.setitem(data.STORES._values, ("sql", url), store)
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "pages" / f"{page}.py"), default_timeout=60)
    for key, values in parse_qs(query).items():
        at.query_params[key] = values
    if access:
        at.secrets["access"] = access
    return at
