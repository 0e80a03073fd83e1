"""The revisions table of the SQL store (`event_revisions`) and its rows: the table, the query for each event's
newest revision, one revision as read back, an event's fields written as JSON and read back (one revision, or the
cells of many at once), and what changed between two."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import orjson
import pandas as pd
import pyarrow as pa
import sqlalchemy as sa
from pyarrow import json as arrow_json

from tracker.core.schema import COLUMNS

# How Arrow reads the revisions' JSON (one object per line): every column as text, other keys ignored.
JSON_ROWS = arrow_json.ParseOptions(explicit_schema=pa.schema([(name, pa.string()) for name in COLUMNS]),
                                    unexpected_field_behavior="ignore")

# The kinds of revision.
ACTIONS = ("add", "edit", "retract")

METADATA = sa.MetaData()
REVISIONS = sa.Table(
    "event_revisions", METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(200), nullable=False, index=True),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("action", sa.String(10), nullable=False),
    sa.Column("author", sa.String(320), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("comment", sa.Text, nullable=False, default=""),
    sa.Column("data", sa.Text, nullable=False),
    sa.UniqueConstraint("event_id", "number", name="one_revision_number_per_event"),
)


@dataclass(frozen=True)
class Revision:
    """One stored revision of one event."""

    id: int
    event_id: str
    number: int
    action: str
    author: str
    at: dt.datetime
    comment: str
    data: dict[str, str]


def newest_revisions(dialect: str, revision: int) -> sa.Select:
    """The query for the `data` and `action` of each event's newest revision up to `revision`, oldest event first
    (`dialect`: the engine's, "postgresql" or "sqlite")."""
    # An event's newest revision is also its highest id (ids only grow).
    if dialect == "postgresql":
        # NOTE: one sorted pass (DISTINCT ON). The aggregate-and-IN form below let PostgreSQL choose a nested
        # loop while its statistics still described an empty table (right after a bulk import, before
        # autovacuum analysed it): minutes at 100k revisions instead of a fraction of a second.
        latest = (sa.select(REVISIONS.c.id, REVISIONS.c.data, REVISIONS.c.action).where(REVISIONS.c.id <= revision)
                  .distinct(REVISIONS.c.event_id).order_by(REVISIONS.c.event_id, REVISIONS.c.id.desc()).subquery())
        return sa.select(latest.c.data, latest.c.action).order_by(latest.c.id)
    newest = sa.select(sa.func.max(REVISIONS.c.id)).where(REVISIONS.c.id <= revision).group_by(REVISIONS.c.event_id)
    return (sa.select(REVISIONS.c.data, REVISIONS.c.action).where(REVISIONS.c.id.in_(newest))
            .order_by(REVISIONS.c.id))


def encode(row: dict) -> str:
    """An event's fields as a revision's `data`: every column as text, in COLUMNS order."""
    return json.dumps({name: str(row.get(name, "") or "") for name in COLUMNS}, ensure_ascii=False)


def read_revision(row) -> Revision:
    """A row of the table (a mapping) as a Revision, its time in UTC."""
    at: dt.datetime = row["at"]
    if at.tzinfo is None:  # SQLite keeps no zone; every stamp is written in UTC
        at = at.replace(tzinfo=dt.UTC)
    return Revision(int(row["id"]), str(row["event_id"]), int(row["number"]), str(row["action"]),
                    str(row["author"]), at, str(row["comment"]), json.loads(row["data"]))


def read_cells(texts: list[str]) -> pd.DataFrame:
    """Revisions' data (JSON objects) as a frame of text cells in COLUMNS order, "" where a column is missing."""
    if texts:
        # Arrow reads them as lines of JSON, in a fraction of the time of a Python loop (0.2 s, not 0.5 s, for
        # 100k events); a row it cannot read as text (one changed by hand in SQL, say) leaves it to the loop.
        block = max(1 << 20, 4 * max(map(len, texts)) + 2)  # a block holds the longest row, in UTF-8
        try:
            table = arrow_json.read_json(pa.BufferReader("\n".join(texts).encode()), parse_options=JSON_ROWS,
                                         read_options=arrow_json.ReadOptions(block_size=block))
        except (pa.ArrowInvalid, UnicodeEncodeError):
            table = None
        if table is not None and table.num_rows == len(texts):
            return table.to_pandas().fillna("")
    names = list(COLUMNS)
    return pd.DataFrame([[cells.get(name, "") for name in names] for cells in map(orjson.loads, texts)],
                        columns=names, dtype=object)


def changed_fields(before: dict[str, str], after: dict[str, str]) -> dict[str, tuple[str, str]]:
    """The fields that differ between two revisions' data: name -> (old, new)."""
    return {name: (before.get(name, ""), after.get(name, "")) for name in COLUMNS
            if before.get(name, "") != after.get(name, "")}


def describe_changes(changes: dict[str, tuple[str, str]]) -> str:
    """The changed fields in one line: `name: 'old' -> 'new'; ...`."""
    return "; ".join(f"{name}: {old!r} -> {new!r}" for name, (old, new) in changes.items())
