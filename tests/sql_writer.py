"""A database writer for tests to kill: `python -m tests.sql_writer URL edits|batches [PAUSE]` writes until killed.

`edits` edits the events `k-0`..`k-2` in turn (adding them first if missing), each edit commented with its label
`<pid>-<n>`; `batches` appends batches of BATCH events labelled `b<pid>-<n>` (IDs `<label>-<i>`), each several INSERT
statements in one transaction. It prints `start LABEL`, `insert LABEL` (after each INSERT of revisions, then waits
PAUSE seconds, so a test can kill it inside an open transaction) and `done LABEL` (after the commit), flushed, so
the test knows where the kill landed.
"""

from __future__ import annotations

import itertools
import os
import sys
import time

import pandas as pd
import sqlalchemy as sa

from tracker.core.errors import DataError
from tracker.core.schema import COLUMNS
from tracker.store.sql import BATCH_ROWS, EditConflict, SqlStore, engine_for

# Events edited in turn.
EDITED = ["k-0", "k-1", "k-2"]

# Events per appended batch: three INSERT statements of BATCH_ROWS rows, the last one shorter.
BATCH = 2 * BATCH_ROWS + 1_000


def event(event_id: str, **values: str) -> dict[str, str]:
    """A valid event row (every column as text) with these values."""
    row = dict.fromkeys(COLUMNS, "")
    row.update(event_id=event_id, date="2020-03-01", date_precision="day", event_type="sanctions",
               status="announced", actors="CAN", targets="RUS", title=f"Title of {event_id}",
               source_publisher="Wire A")
    row.update(values)
    return row


def batch(label: str) -> pd.DataFrame:
    """BATCH events <label>-0 ... <label>-<BATCH - 1>."""
    return pd.DataFrame([event(f"{label}-{i}") for i in range(BATCH)], columns=list(COLUMNS))


def say(line: str) -> None:
    print(line, flush=True)


def race(url: str, writer: int, edits: int) -> None:
    """Make `edits` edits of the EDITED events in turn, each adding the token `w<writer>.<i>` to the description
    as read (read, modify, write), retrying when another writer got there first; print how often it was refused
    with the other change named (EditConflict) and otherwise (another DataError)."""
    store = SqlStore(engine_for(url))
    conflicts, others = 0, 0
    for i in range(edits):
        event_id, token = EDITED[(writer + i) % len(EDITED)], f"w{writer}.{i}"
        while True:
            latest = store.latest(event_id)
            assert latest is not None
            try:
                store.edit(event_id, latest.number, {"description": f"{latest.data['description']} {token}".strip()},
                           f"writer-{writer}", token)
                break
            except EditConflict:
                conflicts += 1
            except DataError as error:
                others += 1
                print(error, file=sys.stderr)
    say(f"conflicts {conflicts} others {others}")


def main(url: str, mode: str, pause: float) -> None:
    store = SqlStore(engine_for(url))
    store.init()
    label = ["setup"]

    @sa.event.listens_for(store.engine, "after_cursor_execute")
    def _inserted(_conn, _cursor, statement, _params, _context, _many):
        if statement.lstrip().upper().startswith("INSERT INTO EVENT_REVISIONS"):
            say(f"insert {label[0]}")
            time.sleep(pause)

    if mode == "edits":
        missing = [e for e in EDITED if store.latest(e) is None]
        if missing:
            store.append(pd.DataFrame([event(e) for e in missing], columns=list(COLUMNS)), author="writer")
    for step in itertools.count(1):
        if mode == "edits":
            event_id, label[0] = EDITED[step % len(EDITED)], f"{os.getpid()}-{step}"
            latest = store.latest(event_id)
            assert latest is not None
            say(f"start {label[0]}")
            store.edit(event_id, latest.number, {"description": f"edit {label[0]} " + "x" * 2000}, "writer", label[0])
        else:
            label[0] = f"b{os.getpid()}-{step}"
            rows = batch(label[0])
            say(f"start {label[0]}")
            store.append(rows, author="writer", comment=label[0])
        say(f"done {label[0]}")


if __name__ == "__main__":
    if sys.argv[2] == "race":
        race(sys.argv[1], int(sys.argv[3]), int(sys.argv[4]))
    else:
        main(sys.argv[1], sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 0.0)
