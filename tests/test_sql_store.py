"""The database store (tracker.store.sql), each test on SQLite and PostgreSQL: revisions with authors and
comments, retractions, snapshots, refused IDs, edit conflicts, writers killed mid-write, concurrent writers,
the current events kept on disk between processes, and hostile text kept exactly and shown inert."""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
import sqlalchemy as sa

from loaders import cache
from loaders.__main__ import main as cli
from tests.apptest import html_blocks
from tests.conftest import ROOT
from tests.db import page_with_database, table_with
from tests.sql_writer import BATCH, EDITED, event
from tracker.core.errors import DataError
from tracker.core.schema import COLUMNS
from tracker.store import AppendRefused, revisions, sql
from tracker.store.sql import REVISIONS, EditConflict, SqlStore, engine_for
from tracker.ui import data
from tracker.ui.markdown import escape_markdown


def frame(*rows: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=list(COLUMNS))


def titles(store: SqlStore, revision: int | None = None) -> dict[str, str]:
    events = store.load(revision=revision).events
    return dict(zip(events["event_id"], events["title"], strict=True))


# --- revisions ---------------------------------------------------------------------------------------------------

def test_adds_edits_and_retractions_are_revisions_with_author_comment_and_what_changed(sql_store):
    sql_store.append(frame(event("a-1"), event("b-2")), author="ana", comment="first batch")
    before = sql_store.version()
    sql_store.edit("a-1", 1, {"title": "Better title", "targets": "RUS;BLR"}, author="bob", comment="fixed title")
    assert sql_store.version() != before  # a write changes the version at once (no waiting for the TTL)
    sql_store.retract("a-1", 2, "the source does not support it", author="cleo")

    history = sql_store.history("a-1")
    assert [(r.number, r.action, r.author, r.comment) for r, _ in history] == [
        (1, "add", "ana", "first batch"), (2, "edit", "bob", "fixed title"),
        (3, "retract", "cleo", "the source does not support it")]
    added, edited, retracted = (changes for _, changes in history)
    assert added["title"] == ("", "Title of a-1") and added["event_id"] == ("", "a-1")
    assert edited == {"title": ("Title of a-1", "Better title"), "targets": ("RUS", "RUS;BLR")}
    assert retracted == {}
    assert history[2][0].data["title"] == "Better title"  # a retraction keeps the last state
    assert [r.id for r, _ in history] == [1, 3, 4] == sorted({r.id for r, _ in history})
    assert sql_store.latest_revision(fresh=True) == 4
    assert [(r.event_id, r.action) for r in sql_store.recent()] == [
        ("a-1", "retract"), ("a-1", "edit"), ("b-2", "add"), ("a-1", "add")]


def test_a_retracted_event_is_hidden_from_load_but_latest_says_who_retracted_it_and_why(sql_store):
    sql_store.append(frame(event("a-1"), event("b-2")), author="ana")
    sql_store.retract("b-2", 1, "  duplicate of a-1 ", author="cleo")
    assert list(sql_store.load().events["event_id"]) == ["a-1"]
    latest = sql_store.latest("b-2")
    assert latest is not None
    assert (latest.action, latest.author, latest.comment) == ("retract", "cleo", "duplicate of a-1")
    assert latest.data["title"] == "Title of b-2"
    with pytest.raises(DataError, match="no event 'b-2' to edit"):
        sql_store.edit("b-2", 2, {"title": "back"}, author="bob")
    with pytest.raises(DataError, match="retracted already"):
        sql_store.retract("b-2", 2, "again", author="bob")
    with pytest.raises(DataError, match="Say why"):
        sql_store.retract("a-1", 1, "  ", author="bob")
    assert sql_store.latest("nope") is None
    assert len(sql_store.history("b-2")) == 2


def test_a_snapshot_is_the_state_at_its_revision_and_later_changes_leave_it_alone(sql_store):
    sql_store.append(frame(event("a-1")), author="ana")  # revision 1
    sql_store.append(frame(event("b-2")), author="ana")  # 2
    sql_store.edit("a-1", 1, {"title": "Second title"}, author="bob")  # 3
    snapshot = sql_store.load(revision=3).events
    sql_store.edit("a-1", 2, {"title": "Third title"}, author="bob")  # 4
    sql_store.retract("b-2", 1, "duplicate", author="cleo")  # 5
    sql_store.append(frame(event("c-3")), author="ana")  # 6

    pd.testing.assert_frame_equal(sql_store.load(revision=3).events, snapshot)
    assert titles(sql_store, 3) == {"a-1": "Second title", "b-2": "Title of b-2"}
    assert titles(sql_store, 1) == {"a-1": "Title of a-1"}
    assert titles(sql_store, 2) == {"a-1": "Title of a-1", "b-2": "Title of b-2"}
    assert titles(sql_store, 5) == {"a-1": "Third title"}
    assert titles(sql_store) == titles(sql_store, 6) == {"a-1": "Third title", "c-3": "Title of c-3"}
    assert sql_store.version(3) != sql_store.version()
    assert sql_store.load(revision=3).source.endswith("at revision 3")


def test_two_databases_with_one_file_name_have_different_versions(tmp_path):
    first, second = (SqlStore(engine_for(f"sqlite:///{tmp_path / folder / 'events.db'}")) for folder in "ab")
    for store, title in ((first, "In a"), (second, "In b")):
        Path(store.engine.url.database).parent.mkdir()
        store.init()
        store.append(frame(event("a-1", title=title)), author="ana")
    assert first.name == second.name == "events.db"
    assert first.version() != second.version()  # the memo of loaded events must not serve one for the other


def test_check_refuses_every_id_ever_used_retracted_ones_too_naming_row_column_and_value(sql_store):
    sql_store.append(frame(event("a-1"), event("b-2")), author="ana")
    sql_store.retract("b-2", 1, "duplicate", author="cleo")
    valid, problems = sql_store.check(frame(event("c-3"), event("a-1"), event("b-2"), event("d-4", date="someday")))
    assert list(valid["event_id"]) == ["c-3"]
    assert [(p.row, p.column, p.value) for p in problems] == [(2, "event_id", "a-1"), (3, "event_id", "b-2"),
                                                               (4, "date", "someday")]
    assert all("already used" in p.reason for p in problems[:2])

    with pytest.raises(AppendRefused) as refused:  # all or none
        sql_store.append(frame(event("c-3"), event("b-2")), author="ana")
    assert [(p.row, p.column, p.value) for p in refused.value.problems] == [(2, "event_id", "b-2")]
    assert "c-3" not in titles(sql_store)
    assert sql_store.latest_revision(fresh=True) == 3


def test_the_second_of_two_editors_who_opened_one_revision_is_refused_with_the_first_ones_change(sql_store):
    sql_store.append(frame(event("a-1")), author="ana")
    seen = sql_store.latest("a-1").number  # both editors open revision 1
    sql_store.edit("a-1", seen, {"title": "Title by Ana"}, author="ana", comment="clearer")
    with pytest.raises(EditConflict) as conflict:
        sql_store.edit("a-1", seen, {"title": "Title by Bob", "status": "in_effect"}, author="bob")
    message = str(conflict.value)
    assert "ana changed this event" in message and "'Title by Ana'" in message and "nothing was saved" in message
    assert conflict.value.theirs.author == "ana" and conflict.value.theirs.number == 2
    assert conflict.value.changes == {"title": ("Title of a-1", "Title by Ana")}
    with pytest.raises(EditConflict, match="ana changed this event"):
        sql_store.retract("a-1", seen, "stale view", author="bob")

    current = sql_store.load().events.iloc[0]
    assert (current["title"], current["status"]) == ("Title by Ana", "announced")
    assert [r.author for r, _ in sql_store.history("a-1")] == ["ana", "ana"]


def test_an_edit_is_checked_like_a_new_row(sql_store):
    sql_store.append(frame(event("a-1")), author="ana")
    with pytest.raises(AppendRefused) as refused:
        sql_store.edit("a-1", 1, {"date": "2020-02-30", "actors": "XXX"}, author="bob")
    assert {(p.column, p.value) for p in refused.value.problems} == {("date", "2020-02-30"), ("actors", "XXX")}
    assert len(sql_store.history("a-1")) == 1


# --- the current events kept on disk between processes ----------------------------------------------------------

# The validation of a database's rows, before any test wraps it.
PARSE_ROWS = sql.parse_rows


class Recorder:
    """A new SqlStore over `url` with its own engine (as a new process would have) that keeps its events in
    `folder`, recording the SQL statements it sends; and how often rows were validated (read from the database)."""

    def __init__(self, url: str, folder: Path, monkeypatch: pytest.MonkeyPatch):
        self.store = SqlStore(engine_for(url), cache=folder)
        with self.store.engine.connect():
            pass  # the first connection's own questions (server version, ...) are not the load's
        self.statements: list[str] = []
        sa.event.listen(self.store.engine, "before_cursor_execute", self._record)
        self.validated: list[str] = []
        monkeypatch.setattr(sql, "parse_rows", lambda cells, source: self.validated.append(source) or
                            PARSE_ROWS(cells, source))

    def _record(self, _conn, _cursor, statement, _params, _context, _many) -> None:
        self.statements.append(" ".join(statement.split()))

    def first_load(self) -> data.Prepared:
        """What the first visit of a freshly started server does (the memo of loaded events is empty)."""
        data.LOADED.clear()
        try:
            return data.load_prepared(self.store, data.load_key(self.store))
        finally:
            data.LOADED.clear()
            self.store.engine.dispose()


@pytest.fixture
def kept_folder(tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr(cache, "MIN_BYTES", 0)  # keep even a few events (a real database: 5 MB of rows and more)
    return tmp_path / "cache"


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.is_dir() else []


def _titles(prepared: data.Prepared) -> dict[str, str]:
    events = prepared.result.events
    return dict(zip(events["event_id"], events["title"], strict=True))


def test_a_new_process_reads_the_kept_events_with_one_question_until_a_new_revision(sql_store, kept_folder,
                                                                                     monkeypatch):
    url = sql_store.engine.url.render_as_string(hide_password=False)
    sql_store.append(frame(event("a-1"), event("b-2")), author="ana")
    with sql_store.engine.begin() as connection:  # a row the loader rejects, changed by hand in the database
        connection.execute(REVISIONS.insert(), {"event_id": "c-3", "number": 1, "action": "add", "author": "sql",
                                                "at": pd.Timestamp.now(tz="UTC").to_pydatetime(), "comment": "",
                                                "data": json.dumps(event("c-3", date="2020-02-30"))})
    first = Recorder(url, kept_folder, monkeypatch).first_load()  # reads every row, validates, keeps them
    [entry] = _entries(kept_folder)
    assert entry.name.startswith("sql-") and first.result.rejected_count == 1

    again = Recorder(url, kept_folder, monkeypatch)
    second = again.first_load()
    assert again.validated == []
    assert len(again.statements) == 1, again.statements  # the version question, and nothing else
    assert "LIMIT" in again.statements[0] and "event_revisions.data" not in again.statements[0]
    pd.testing.assert_frame_equal(second.result.events, first.result.events)
    pd.testing.assert_frame_equal(second.parties, first.parties)
    assert (second.result.problems, second.result.rows, second.result.source) == (
        first.result.problems, first.result.rows, first.result.source)

    sql_store.edit("a-1", 1, {"title": "Edited title"}, author="bob")  # a new revision: a new version
    edited = Recorder(url, kept_folder, monkeypatch)
    assert _titles(edited.first_load()) == {"a-1": "Edited title", "b-2": "Title of b-2"}
    assert edited.validated == [sql_store.name]
    assert any("event_revisions.data" in statement for statement in edited.statements)
    assert [e.name for e in _entries(kept_folder)] != [entry.name] and len(_entries(kept_folder)) == 1

    sql_store.retract("b-2", 1, "duplicate", author="cleo")
    sql_store.append(frame(event("d-4")), author="ana")
    assert _titles(Recorder(url, kept_folder, monkeypatch).first_load()) == {"a-1": "Edited title",
                                                                              "d-4": "Title of d-4"}
    unchanged = Recorder(url, kept_folder, monkeypatch)
    assert set(_titles(unchanged.first_load())) == {"a-1", "d-4"} and unchanged.validated == []


def _flip_a_bit(entry: Path) -> None:
    path = entry / "events.parquet"
    content = bytearray(path.read_bytes())
    # A letter of the first stored title: without page checksums, read back silently as "Ewent number 0".
    content[content.index(b"Event number 0") + 1] ^= 0x01
    path.write_bytes(bytes(content))


def _truncate(entry: Path) -> None:
    (entry / "events.parquet").write_bytes((entry / "events.parquet").read_bytes()[:100])


def _writable_by_others(entry: Path) -> None:
    entry.chmod(0o777)  # as if another user of a shared temporary folder had made it


DAMAGE = {"a flipped bit": _flip_a_bit, "a truncated file": _truncate,
          "an entry others may write": _writable_by_others,
          "a meta file of another layout": lambda entry: (entry / "meta.json").write_text('{"identity": 1}')}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_kept_copy_is_never_shown_and_is_rebuilt(sql_store, kept_folder, monkeypatch, damage):
    url = sql_store.engine.url.render_as_string(hide_password=False)
    sql_store.append(frame(*(event(f"e-{i}", title=f"Event number {i}") for i in range(200))), author="ana")
    expected = sql_store.load().events
    Recorder(url, kept_folder, monkeypatch).first_load()
    [entry] = _entries(kept_folder)
    DAMAGE[damage](entry)

    damaged = Recorder(url, kept_folder, monkeypatch)
    pd.testing.assert_frame_equal(damaged.first_load().result.events, expected)
    assert damaged.validated == [sql_store.name]  # read from the database again
    rebuilt = Recorder(url, kept_folder, monkeypatch)
    pd.testing.assert_frame_equal(rebuilt.first_load().result.events, expected)
    assert rebuilt.validated == []


def test_another_databases_copy_under_this_ones_name_is_not_shown(sql_store, kept_folder, monkeypatch, tmp_path):
    url = sql_store.engine.url.render_as_string(hide_password=False)
    sql_store.append(frame(event("a-1")), author="ana")
    Recorder(url, kept_folder, monkeypatch).first_load()
    [entry] = _entries(kept_folder)
    other_url = f"sqlite:///{tmp_path / 'other.db'}"
    other = SqlStore(engine_for(other_url))
    other.init()
    other.append(frame(event("z-9")), author="zed")
    other_folder = tmp_path / "other-cache"
    Recorder(other_url, other_folder, monkeypatch).first_load()
    [foreign] = _entries(other_folder)
    shutil.rmtree(entry)
    shutil.copytree(foreign, entry)  # the other database's events where this one's are looked for

    reader = Recorder(url, kept_folder, monkeypatch)
    assert _titles(reader.first_load()) == {"a-1": "Title of a-1"} and reader.validated == [sql_store.name]
    other.engine.dispose()


def test_a_database_made_again_whose_numbers_start_over_is_not_served_the_old_copy(sql_store, kept_folder,
                                                                                   monkeypatch):
    url = sql_store.engine.url.render_as_string(hide_password=False)
    sql_store.append(frame(event("a-1", title="Before")), author="ana")
    assert _titles(Recorder(url, kept_folder, monkeypatch).first_load()) == {"a-1": "Before"}
    REVISIONS.drop(sql_store.engine)
    sql_store.init()
    sql_store.append(frame(event("a-1", title="After")), author="ana")  # revision 1 again
    assert sql_store.latest_revision(fresh=True) == 1
    assert _titles(Recorder(url, kept_folder, monkeypatch).first_load()) == {"a-1": "After"}


def test_snapshot_links_and_small_databases_are_not_kept_and_an_unwritable_folder_only_costs_time(
        sql_store, tmp_path, monkeypatch):
    sql_store.append(frame(event("a-1")), author="ana")
    sql_store.edit("a-1", 1, {"title": "Second"}, author="bob")
    folder = tmp_path / "cache"
    store = SqlStore(sql_store.engine, cache=folder)
    assert titles(store) == {"a-1": "Second"} and _entries(folder) == []  # under MIN_BYTES: read again each time
    monkeypatch.setattr(cache, "MIN_BYTES", 0)
    assert titles(store) == {"a-1": "Second"} and len(_entries(folder)) == 1
    kept_entry = _entries(folder)
    assert titles(store, revision=1) == {"a-1": "Title of a-1"}
    assert _entries(folder) == kept_entry  # a snapshot is not kept, and leaves the current events' copy alone
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert titles(SqlStore(sql_store.engine, cache=blocked / "cache")) == {"a-1": "Second"}


def test_a_second_writer_waits_for_the_first_to_commit_so_a_seen_revision_never_changes(database):
    seed = SqlStore(engine_for(database))
    seed.init()
    seed.append(frame(event("a-1")), author="ana")
    first, second = SqlStore(engine_for(database)), SqlStore(engine_for(database))
    inserted, release, second_done = threading.Event(), threading.Event(), threading.Event()

    @sa.event.listens_for(first.engine, "after_cursor_execute")
    def _hold(_conn, _cursor, statement, _params, _context, _many):
        if statement.lstrip().upper().startswith("INSERT INTO EVENT_REVISIONS"):
            inserted.set()
            release.wait(60)  # the first writer's revision is numbered, not committed

    def edit() -> None:
        first.edit("a-1", 1, {"title": "First writer"}, author="ana")

    def add() -> None:
        second.append(frame(event("b-2")), author="bob")
        second_done.set()

    threads = [threading.Thread(target=edit)]
    threads[0].start()
    assert inserted.wait(60)
    threads.append(threading.Thread(target=add))
    threads[1].start()
    try:
        # Were the second writer to commit now, revision 3 would be seen while revision 2 is still to come: the
        # state at revision 3 (a kept copy, a cited link) would change when it comes.
        assert not second_done.wait(1.0)
        assert seed.latest_revision(fresh=True) == 1
    finally:
        release.set()
        for thread in threads:
            thread.join(60)
    assert second_done.is_set()
    assert [(r.event_id, r.action) for r in seed.recent()] == [("b-2", "add"), ("a-1", "edit"), ("a-1", "add")]
    assert seed.latest_revision(fresh=True) == 3
    assert titles(seed, 3) == titles(seed) == {"a-1": "First writer", "b-2": "Title of b-2"}
    for store in (seed, first, second):
        store.engine.dispose()


# --- writers killed mid-write --------------------------------------------------------------------------------------

def _writer(url: str, mode: str, pause: float) -> tuple[subprocess.Popen, list[list[str]], threading.Thread]:
    process = subprocess.Popen([sys.executable, "-m", "tests.sql_writer", url, mode, str(pause)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    lines: list[list[str]] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line.split())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return process, lines, reader


def _kill(url: str, mode: str, pause: float, when=None, after: float = 0.0) -> list[list[str]]:
    """Start a writer, SIGKILL it when `when(lines)` says so (or `after` seconds after it began writing: its
    first line), and return what it printed."""
    process, lines, reader = _writer(url, mode, pause)
    deadline = time.monotonic() + 120
    began: list[float] = []

    def due() -> bool:
        if when is not None:
            return when(lines)
        if lines and not began:
            began.append(time.monotonic())
        return bool(began) and time.monotonic() - began[0] >= after

    while not due():
        if process.poll() is not None:
            raise AssertionError(f"the writer died by itself: {process.stderr.read()[-3000:]}")  # type: ignore[union-attr]
        assert time.monotonic() < deadline, f"the writer never got there: {lines[-5:]}"
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL
    reader.join(timeout=30)
    return lines


def _printed(lines: list[list[str]], what: str) -> list[str]:
    return [line[1] for line in lines if line[0] == what]


def _revisions(url: str) -> list[dict]:
    engine = engine_for(url)
    try:
        with engine.connect() as connection:
            return [dict(row) for row in connection.execute(sa.select(REVISIONS).order_by(REVISIONS.c.id)).mappings()]
    finally:
        engine.dispose()


def _assert_complete(url: str) -> list[dict]:
    """Every revision is whole (its data valid JSON with every column) and each event's numbers run 1, 2, ..."""
    revisions = _revisions(url)
    numbers: dict[str, list[int]] = defaultdict(list)
    for revision in revisions:
        data = json.loads(revision["data"])
        assert list(data) == list(COLUMNS), revision["id"]
        assert data["event_id"] == revision["event_id"] and data["title"] == f"Title of {revision['event_id']}"
        assert revision["action"] in ("add", "edit") and revision["author"] == "writer"
        numbers[revision["event_id"]].append(revision["number"])
    for event_id, seen in numbers.items():
        assert seen == list(range(1, len(seen) + 1)), event_id
    return revisions


def _edit_labels(revisions: list[dict]) -> list[str]:
    labels = [r["comment"] for r in revisions if r["action"] == "edit"]
    for r in revisions:
        if r["action"] == "edit":
            assert json.loads(r["data"])["description"] == f"edit {r['comment']} " + "x" * 2000
    return labels


def test_an_editor_killed_inside_its_transaction_or_at_random_moments_leaves_only_whole_revisions(database):
    inside = _kill(database, "edits", 1.0, lambda lines: len(_printed(lines, "insert")) >= 3)
    caught = _printed(inside, "insert")[-1]  # killed after its INSERT, before the commit
    assert caught not in _printed(inside, "done") and caught not in _edit_labels(_assert_complete(database))
    printed = [inside]
    for _ in range(4):  # and at random moments of a fast loop
        printed.append(_kill(database, "edits", 0.0, after=random.uniform(0.0, 1.5)))
    labels = _edit_labels(_assert_complete(database))
    done = [label for lines in printed for label in _printed(lines, "done")]
    assert set(done) <= set(labels) <= set(done) | {_printed(lines, "start")[-1] for lines in printed}
    assert len(labels) == len(set(labels))

    store = SqlStore(engine_for(database))  # the database still takes edits
    latest = store.latest(EDITED[0])
    store.edit(EDITED[0], latest.number, {"title": "after the kills"}, author="writer")
    assert titles(store)[EDITED[0]] == "after the kills"
    store.engine.dispose()


def test_a_batch_import_killed_mid_write_is_all_or_none(database):
    inside = _kill(database, "batches", 1.0, lambda lines: len(_printed(lines, "insert")) >= 2)
    caught = _printed(inside, "insert")[-1]  # two of its INSERT statements sent, no commit yet
    printed = [inside]
    for _ in range(3):
        printed.append(_kill(database, "batches", 0.0, after=random.uniform(0.0, 3.0)))
    revisions = _assert_complete(database)
    per_batch = Counter(r["event_id"].rsplit("-", 1)[0] for r in revisions)
    assert caught not in per_batch
    assert set(per_batch.values()) <= {BATCH}  # all or none
    done = {label for lines in printed for label in _printed(lines, "done")}
    assert done <= set(per_batch)  # every committed batch is there
    assert len(SqlStore(engine_for(database)).load().events) == BATCH * len(per_batch)


# --- concurrent writers --------------------------------------------------------------------------------------------

WRITERS, EDITS = 10, 50


def test_ten_concurrent_writers_editing_the_same_events_lose_no_update(database):
    seed = SqlStore(engine_for(database))
    seed.init()
    seed.append(frame(*(event(e, description="") for e in EDITED)), author="seed")
    retries = Counter[int]()
    failures: list[str] = []
    others: list[str] = []

    def write(writer: int) -> None:
        store = SqlStore(engine_for(database))  # one engine each, like separate servers
        try:
            for i in range(EDITS):
                event_id, token = EDITED[(writer + i) % len(EDITED)], f"w{writer}.{i}"
                for _attempt in range(5_000):
                    latest = store.latest(event_id)
                    # Read, modify, write: a lost update would drop another writer's token from the description.
                    value = (latest.data["description"] + " " + token).strip()
                    try:
                        store.edit(event_id, latest.number, {"description": value}, f"writer-{writer}", token)
                        break
                    except EditConflict:
                        retries[writer] += 1
                    except DataError as error:  # a collision on the unique key, say: retried, but counted
                        others.append(str(error))
                else:
                    raise AssertionError(f"{token} never got through")
        except BaseException:  # reported by the main thread, with where it happened
            failures.append(traceback.format_exc())
        finally:
            store.engine.dispose()

    threads = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert not failures, failures[0]
    assert sum(retries.values()) > 0  # they did collide
    assert not others, others[:3]  # and each refused writer was told whose change got there first

    histories = {e: seed.history(e) for e in EDITED}
    edits = [r for history in histories.values() for r, _ in history if r.action == "edit"]
    assert len(edits) == WRITERS * EDITS and len(_revisions(database)) == WRITERS * EDITS + len(EDITED)
    for writer in range(WRITERS):
        assert sorted(r.comment for r in edits if r.author == f"writer-{writer}") == sorted(
            f"w{writer}.{i}" for i in range(EDITS))
    for event_id, history in histories.items():  # each revision adds its own token to the one before
        tokens = [r.comment for r, _ in history if r.action == "edit"]
        assert [r.data["description"] for r, _ in history[1:]] == [" ".join(tokens[:n]) for n in
                                                                   range(1, len(tokens) + 1)]
        assert seed.load().events.set_index("event_id").loc[event_id, "description"] == " ".join(tokens)
    seed.engine.dispose()


def test_writers_in_separate_processes_queue_on_the_database_and_lose_no_update(database):
    seed = SqlStore(engine_for(database))
    seed.init()
    seed.append(frame(*(event(e, description="") for e in EDITED)), author="seed")
    command = [sys.executable, "-m", "tests.sql_writer", database, "race"]
    processes = [subprocess.Popen([*command, str(writer), "20"], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                                  stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
                 for writer in range(3)]
    outputs = [process.communicate(timeout=600) for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0], [err[-2000:] for _, err in outputs]
    assert all(out.split()[-2:] == ["others", "0"] for out, _ in outputs), outputs  # every refusal named the change
    edits = [r for e in EDITED for r, _ in seed.history(e) if r.action == "edit"]
    assert sorted(r.comment for r in edits) == sorted(f"w{w}.{i}" for w in range(3) for i in range(20))
    for event_id in EDITED:
        tokens = [r.comment for r, _ in seed.history(event_id) if r.action == "edit"]
        assert seed.latest(event_id).data["description"] == " ".join(tokens)
    seed.engine.dispose()


# --- hostile text --------------------------------------------------------------------------------------------------

# Text a curator (or an imported file) might hold, each kept exactly and shown as text.
HOSTILE = {
    "script": "<script>window.__xss=1</script>",
    "img": '<img src=x onerror="window.__xss=2" id="xss-img">',
    "markdown": "**bold** _em_ [click](javascript:alert(1)) ![px](https://example.org/p.png) # not a heading | a |",
    "formula-eq": '=HYPERLINK("https://evil.example","click")',
    "formula-plus": "+1+cmd|' /C calc'!A0",
    "formula-minus": "-2+3",
    "formula-at": "@SUM(A1:A9)",
    "long": "long " * 40_000,
    "rtl": "\u202etxt.exe\u202c and \u200fשלום\u200f and \u0627\u0644\u0639\u0631\u0628\u064a\u0629",
    "emoji": "🇺🇦 👩‍👩‍👧 🎉 \U0001f9ea",
    "quotes": 'He said "no", \'then\' left;\nsecond line\r\nthird line\ttab \\ backslash, comma',
}

# The columns that hold free text (the others are dates, codes, vocabularies, counts and links).
TEXT_COLUMNS = ["initiative", "title", "description", "tags", "source_title", "source_publisher", "evidence"]


def hostile_rows() -> pd.DataFrame:
    rows = []
    for name, text in HOSTILE.items():
        row = event(f"h-{name}", **{column: text.strip() for column in TEXT_COLUMNS})
        row["source_url"] = f"https://example.org/a?q=%3Cscript%3E&name={name}#javascript:alert(1)"
        rows.append(row)
    return frame(*rows)


def test_hostile_text_in_every_field_round_trips_exactly_through_append_load_and_export(sql_store, tmp_path):
    rows = hostile_rows()
    sql_store.append(rows, author="<b>ana</b>\u202e", comment="=cmd|' /C calc'!A0 <script>x</script>")
    loaded = sql_store.load()
    assert loaded.rejected_count == 0
    events = loaded.events.set_index("event_id")
    for row in rows.to_dict("records"):
        for column in TEXT_COLUMNS + ["source_url"]:
            assert events.loc[row["event_id"], column] == row[column], (row["event_id"], column)

    out = tmp_path / "export.csv"
    assert cli(["db", "export", "--out", str(out), "--url", sql_store.engine.url.render_as_string(False)]) == 0
    with out.open(newline="", encoding="utf-8") as handle:
        exported = {record["event_id"]: record for record in csv.DictReader(handle)}
    assert exported == {row["event_id"]: row for row in rows.to_dict("records")}

    revision = sql_store.history("h-script")[0][0]
    assert (revision.author, revision.comment) == ("<b>ana</b>\u202e", "=cmd|' /C calc'!A0 <script>x</script>")


def _insert_by_hand(store: SqlStore, event_id: str, data: dict) -> None:
    """A revision written in SQL, not through the store (its data as given)."""
    with store.engine.begin() as connection:
        connection.execute(REVISIONS.insert(), {"event_id": event_id, "number": 1, "action": "add", "author": "sql",
                                                "at": pd.Timestamp.now(tz="UTC").to_pydatetime(), "comment": "",
                                                "data": json.dumps(data)})


def test_rows_read_by_arrow_or_one_by_one_load_alike_and_rows_changed_by_hand_still_load(sql_store, monkeypatch):
    sql_store.append(hostile_rows(), author="ana")
    _insert_by_hand(sql_store, "x-1", {k: v for k, v in event("x-1").items() if k != "tags"})  # a column missing
    by_arrow = sql_store.load(revision=sql_store.latest_revision(fresh=True))

    def unreadable(*_args, **_kwargs):
        raise pa.ArrowInvalid("as if a row could not be read as text")

    with monkeypatch.context() as patched:
        patched.setattr(revisions.arrow_json, "read_json", unreadable)
        one_by_one = sql_store.load(revision=sql_store.latest_revision())
    pd.testing.assert_frame_equal(by_arrow.events, one_by_one.events)
    assert by_arrow.loaded == len(HOSTILE) + 1 and by_arrow.problems == one_by_one.problems == []

    _insert_by_hand(sql_store, "x-2", {**event("x-2"), "personnel": 5})  # a number, not text: Arrow refuses the rows
    events = sql_store.load(revision=sql_store.latest_revision(fresh=True)).events.set_index("event_id")
    assert (events.loc["x-1", "tags"], events.loc["x-1", "title"], events.loc["x-2", "personnel"]) == (
        "", "Title of x-1", 5)


@pytest.mark.parametrize("column", TEXT_COLUMNS)
def test_a_nul_character_is_refused_in_any_field_by_append_and_edit(sql_store, column):
    with pytest.raises(AppendRefused) as refused:
        sql_store.append(frame(event("n-1", **{column: "before\x00after"})), author="ana")
    assert [(p.row, p.column, p.value) for p in refused.value.problems] == [(1, column, "before\\x00after")]
    assert "NUL character" in refused.value.problems[0].reason
    assert sql_store.latest_revision(fresh=True) == 0
    sql_store.append(frame(event("n-1")), author="ana")
    with pytest.raises(AppendRefused, match="Nothing was saved") as refused:
        sql_store.edit("n-1", 1, {column: "before\x00after"}, author="ana")
    assert [(p.column, p.value) for p in refused.value.problems] == [(column, "before\\x00after")]
    assert len(sql_store.history("n-1")) == 1


def test_hostile_text_stays_inert_on_the_event_page(sql_store, monkeypatch):
    sql_store.append(hostile_rows(), author="ana")
    for name in ("script", "img", "markdown", "quotes"):
        at = page_with_database("event", sql_store, monkeypatch, f"event=h-{name}").run()
        text = HOSTILE[name].strip()
        assert not at.exception
        assert at.header[0].value == escape_markdown(text)
        shown = [element.value for element in at.markdown] + [element.value for element in at.caption]
        assert any(escape_markdown(text) in value for value in shown)  # the quote (evidence) and the source
        assert all(not element.proto.allow_html for element in at.markdown)
        # The page's own scripts (Copy link, Enter in a date field) are there; no stored text is there unescaped
        # (related events' links show the other hostile rows' titles, escaped).
        blocks = html_blocks(at)
        assert not any(raw in block for raw in ("<script>window.__xss", "<img src=x") for block in blocks)
        fields = table_with(at, "field").set_index("field")
        assert fields.loc["Title", "value"] == text  # in a table cell: plain text


def test_a_bulk_import_loads_at_once_and_leaves_postgresql_with_statistics(sql_store):
    from tracker.store.sql import ANALYZE_AFTER

    sql_store.append(frame(*[event(f"b-{n}") for n in range(ANALYZE_AFTER)]), author="ana")
    if sql_store.engine.dialect.name == "postgresql":
        with sql_store.engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT reltuples FROM pg_class WHERE relname = 'event_revisions'"))
            # The planner knows the table holds the rows (statistics of the empty table made it loop over every row
            # for each row: minutes at 100k revisions).
            assert rows.scalar() >= ANALYZE_AFTER
    loaded = sql_store.load().events
    assert len(loaded) == ANALYZE_AFTER and set(loaded["event_id"]) == {f"b-{n}" for n in range(ANALYZE_AFTER)}
