"""Appending events: all or nothing, backed up, safe under concurrent writers and writers killed mid-write."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

from loaders.curated import parse_curated
from tests.conftest import FIXTURES
from tracker.core.errors import DataError
from tracker.core.schema import COLUMNS
from tracker.store import csv_file as store
from tracker.store.csv_file import AppendRefused, append_events, backups, read_only

# Fork, so child processes start quickly with pandas and the actor registry already imported.
FORK = multiprocessing.get_context("fork")


@pytest.fixture(autouse=True)
def _writable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(store.READ_ONLY_ENV, raising=False)


@pytest.fixture
def events_file(tmp_path: Path) -> Path:
    """A private copy of tests/fixtures/events.csv (nine valid events, CRLF line endings)."""
    path = tmp_path / "events.csv"
    shutil.copyfile(FIXTURES / "events.csv", path)
    return path


def new_rows(*event_ids: str, **values: str) -> pd.DataFrame:
    """Valid new events with the given ids (only some optional columns present, as a review form would give)."""
    base = {"date": "2020-05-04", "date_precision": "day", "event_type": "sanctions", "status": "announced",
            "actors": "CAN", "targets": "RUS", "title": "Canada lists more Russian officials",
            "source_publisher": "Test Press"}
    return pd.DataFrame([{"event_id": event_id, **base, **values} for event_id in event_ids])


def reload(path: Path):
    return parse_curated(path.read_bytes(), str(path))


def test_appended_rows_reload_after_every_old_row(events_file: Path):
    old_ids = list(reload(events_file).events["event_id"])
    result = append_events(events_file, new_rows("n-2020-05-04-can-rus", "n-2020-05-05-can-rus"))
    again = reload(events_file)
    assert not again.problems
    assert list(again.events["event_id"]) == [*old_ids, "n-2020-05-04-can-rus", "n-2020-05-05-can-rus"]
    assert (result.appended, result.total, result.path) == (2, len(old_ids) + 2, events_file)


def test_existing_bytes_are_kept_and_new_rows_are_written_in_canonical_order(events_file: Path):
    old = events_file.read_bytes()
    append_events(events_file, new_rows("n-1"))
    data = events_file.read_bytes()
    assert data.startswith(old)
    assert data[len(old):] == b"n-1,2020-05-04,day,,sanctions,announced,CAN,RUS,,Canada lists more Russian " \
                              b"officials,,,,,,Test Press,,\r\n"


def test_values_are_written_exactly_as_given_with_no_formula_neutralisation(events_file: Path):
    title = '=HYPERLINK("http://x") and "quotes", commas'
    description = "Two lines;\nthe second in Zürich, @SUM(A1)"
    append_events(events_file, new_rows("n-1", title=title, description=description))
    event = reload(events_file).events.set_index("event_id").loc["n-1"]
    assert (event["title"], event["description"]) == (title, description)


def test_typed_events_from_the_loader_are_written_back_as_iso_text(events_file: Path, tmp_path: Path):
    other = tmp_path / "other.csv"
    other.write_text(",".join(COLUMNS) + "\n", encoding="utf-8")
    events = reload(events_file).events
    append_events(other, events)
    again = reload(other).events
    assert list(again["event_id"]) == list(events["event_id"])
    assert again.loc[again["event_id"] == "f-2015-09-can-unifier", "personnel"].item() == 200
    assert "2016-07-01,day,2017-01-31" in other.read_text(encoding="utf-8")


def test_backup_holds_the_previous_version_byte_for_byte(events_file: Path):
    old = events_file.read_bytes()
    result = append_events(events_file, new_rows("n-1"))
    assert result.backup == backups(events_file)[-1]
    assert result.backup.parent == events_file.parent / store.BACKUP_DIR
    assert result.backup.read_bytes() == old


def test_only_the_newest_backups_are_kept(events_file: Path):
    for number in range(store.BACKUPS_KEPT + 2):
        previous = events_file.read_bytes()
        append_events(events_file, new_rows(f"n-{number}"))
    kept = backups(events_file)
    assert len(kept) == store.BACKUPS_KEPT
    assert kept[-1].read_bytes() == previous
    assert b"n-1," in kept[0].read_bytes() and b"n-2," not in kept[0].read_bytes()


@pytest.mark.parametrize("newline", [b"\n", b"\r\n"])
def test_rows_get_the_file_line_ending_and_a_missing_final_line_ending_is_added(tmp_path: Path, newline: bytes):
    path = tmp_path / "events.csv"
    lines = (FIXTURES / "events.csv").read_bytes().splitlines()
    path.write_bytes(newline.join(lines))
    append_events(path, new_rows("n-1", "n-2"))
    data = path.read_bytes()
    assert data.startswith(newline.join(lines) + newline + b"n-1,")
    assert data.endswith(b",Test Press,," + newline)
    assert data.count(b"\n") == data.count(newline) == len(lines) + 2
    assert len(reload(path).events) == len(lines) - 1 + 2


def test_rows_follow_the_file_own_separator_and_column_order(tmp_path: Path):
    path = tmp_path / "events.csv"
    names = ["title", *[name for name in COLUMNS if name != "title"]]
    path.write_text(";".join(names) + "\n", encoding="utf-8")
    append_events(path, new_rows("n-1", actors="CAN;USA"))
    assert path.read_text(encoding="utf-8").splitlines()[1].startswith(
        "Canada lists more Russian officials;n-1;2020-05-04;day;;sanctions;announced;\"CAN;USA\";RUS;")
    assert reload(path).events["actors"].tolist() == ["CAN;USA"]


def test_invalid_row_is_refused_naming_row_column_and_value_and_the_file_is_unchanged(events_file: Path):
    old = events_file.read_bytes()
    with pytest.raises(AppendRefused) as caught:
        append_events(events_file, pd.concat([new_rows("n-1"), new_rows("n-2", event_type="sanction")]))
    assert "row 2, event_type 'sanction': 'sanction' is not a valid event_type" in str(caught.value)
    assert [(p.row, p.column, p.value) for p in caught.value.problems] == [(2, "event_type", "sanction")]
    assert isinstance(caught.value, DataError)
    assert events_file.read_bytes() == old
    assert backups(events_file) == []


def test_an_event_id_already_in_the_file_is_refused(events_file: Path):
    old = events_file.read_bytes()
    with pytest.raises(AppendRefused, match="row 1, event_id 'f-2018-01-10-can-rus': this event_id is already used"):
        append_events(events_file, new_rows("f-2018-01-10-can-rus"))
    assert events_file.read_bytes() == old


def test_an_event_id_repeated_among_the_new_rows_is_refused(events_file: Path):
    with pytest.raises(AppendRefused, match="row 2, event_id 'n-1': duplicate event_id"):
        append_events(events_file, new_rows("n-1", "n-1"))


def test_an_empty_row_is_refused_rather_than_written_as_a_blank_line(events_file: Path):
    blank = pd.DataFrame([dict.fromkeys(COLUMNS, "")])
    with pytest.raises(AppendRefused, match=r"row 2, \(row\) '': the row is empty"):
        append_events(events_file, pd.concat([new_rows("n-1"), blank]))


def test_a_value_for_a_column_the_file_lacks_is_refused(tmp_path: Path):
    path = tmp_path / "events.csv"
    path.write_text(",".join(name for name in COLUMNS if name != "evidence") + "\n", encoding="utf-8")
    with pytest.raises(AppendRefused, match="row 1, evidence 'A quote.': events.csv has no 'evidence' column"):
        append_events(path, new_rows("n-1", evidence="A quote."))
    append_events(path, new_rows("n-1"))
    assert reload(path).events["event_id"].tolist() == ["n-1"]


def test_no_rows_changes_nothing(events_file: Path):
    old = events_file.read_bytes()
    result = append_events(events_file, new_rows())
    assert (result.appended, result.backup, result.total) == (0, None, 9)
    assert events_file.read_bytes() == old


def test_the_file_keeps_its_permissions(events_file: Path):
    events_file.chmod(0o640)
    append_events(events_file, new_rows("n-1"))
    assert events_file.stat().st_mode & 0o777 == 0o640


def _append_when_started(path: Path, worker: int, start) -> None:
    start.wait()
    append_events(path, new_rows(f"p-{worker}-a", f"p-{worker}-b"))


def test_concurrent_appends_all_land(events_file: Path):
    workers = 6
    start = FORK.Barrier(workers)
    processes = [FORK.Process(target=_append_when_started, args=(events_file, n, start)) for n in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [process.exitcode for process in processes] == [0] * workers
    again = reload(events_file)
    assert not again.problems
    added = set(again.events["event_id"]) - set(reload(FIXTURES / "events.csv").events["event_id"])
    assert added == {f"p-{n}-{part}" for n in range(workers) for part in "ab"}
    # Each writer backed up the version before its own: every one saw the file left by the one before.
    sizes = sorted(len(reload(backup).events) for backup in backups(events_file))
    assert sizes == [9 + 2 * n for n in range(workers)]


def test_concurrent_appends_from_threads_of_one_server_all_land(events_file: Path):
    # Streamlit serves sessions from threads of one process; the lock is per open file, so they queue too.
    start = threading.Barrier(4)

    def append(worker: int) -> None:
        start.wait()
        append_events(events_file, new_rows(f"t-{worker}"))

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(append, range(4)))
    assert set(reload(events_file).events["event_id"]) >= {f"t-{n}" for n in range(4)}
    assert len(reload(events_file).events) == 9 + 4


def _append_and_hang_mid_write(path: Path, halfway) -> None:
    def hang(target: Path, temporary: Path) -> None:
        if target == path:
            halfway.set()
            time.sleep(120)

    store._mid_write = hang
    append_events(path, new_rows("killed-1", "killed-2", description="x" * 5000))


def test_a_writer_killed_mid_write_leaves_the_file_intact_and_later_appends_work(events_file: Path):
    old = events_file.read_bytes()
    halfway = FORK.Event()
    writer = FORK.Process(target=_append_and_hang_mid_write, args=(events_file, halfway))
    writer.start()
    try:
        assert halfway.wait(timeout=60), "the writer never reached the middle of its write"
        stale = list(events_file.parent.glob(".events.csv.*.tmp"))
        assert len(stale) == 1 and 0 < stale[0].stat().st_size < len(old) + 5000
        with pytest.raises(DataError, match="in progress"):
            append_events(events_file, new_rows("n-1"), timeout=0.2)
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.join(timeout=30)
    assert writer.exitcode == -signal.SIGKILL
    assert events_file.read_bytes() == old
    assert len(reload(events_file).events) == 9
    append_events(events_file, new_rows("n-1"), timeout=10)
    assert reload(events_file).events["event_id"].tolist()[-1] == "n-1"
    assert list(events_file.parent.glob(".events.csv.*.tmp")) == []


def test_file_is_writable_when_nothing_stops_it(events_file: Path):
    assert read_only(events_file) is None


def test_read_only_environment_variable_switches_appends_off(events_file: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(store.READ_ONLY_ENV, "1")
    assert "TRACKER_READ_ONLY is set" in read_only(events_file)
    old = events_file.read_bytes()
    with pytest.raises(DataError, match="Cannot add events: TRACKER_READ_ONLY is set"):
        append_events(events_file, new_rows("n-1"))
    assert events_file.read_bytes() == old


def test_a_read_only_file_is_reported(events_file: Path):
    events_file.chmod(0o444)
    assert read_only(events_file) == f"the events file {events_file} is not writable"
    with pytest.raises(DataError, match="is not writable"):
        append_events(events_file, new_rows("n-1"))


def test_a_read_only_folder_is_reported(events_file: Path):
    events_file.parent.chmod(0o555)
    try:
        assert read_only(events_file).startswith(f"the folder {events_file.parent} is not writable")
    finally:
        events_file.parent.chmod(0o755)


def test_a_missing_file_is_reported(tmp_path: Path):
    assert read_only(tmp_path / "nowhere.csv") == f"the events file {tmp_path / 'nowhere.csv'} does not exist"
