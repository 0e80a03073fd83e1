"""The events kept in a CSV file: reading (with the Parquet cache), the one check of new rows, and safe appends
(validate, lock, back up, then replace the file atomically).

How an append stays safe (POSIX only: it relies on `fcntl.flock` and on `os.replace` being atomic):

- One writer at a time. An exclusive `flock` on a sidecar file (`events.csv.lock`, never deleted) is held across
  read, validate and write, so a second writer waits and then re-reads the file the first one wrote. The lock
  is per open file, so threads of one Streamlit server exclude each other too, and the kernel releases it when
  a writer dies.
- Never half a file. The new content goes to a temporary file in the same folder, is fsynced, and only then
  renamed over the original. A writer killed before the rename leaves the original untouched; its leftover
  temporary file is deleted by the next append.
- Nothing lost. The previous version is kept byte-for-byte in `.backups/` next to the file
  (`events.csv.<UTC time>.bak`); the newest BACKUPS_KEPT are kept.
- Nothing invalid. New rows pass the loader's own checks (`parse_curated`) and may not reuse an event_id of the
  file, or the append is refused as a whole; the combined file is parsed again before it replaces the old one.
- The file's bytes are kept as they are; new rows follow in the file's own column order, separator and line
  ending (the canonical order for data/events.csv), with values written exactly as given. Formula
  neutralisation is for downloads (tracker/export.py), never for the data file.
"""

from __future__ import annotations

import csv
import datetime as dt
import fcntl
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from loaders.cache import cached_load
from loaders.csvfile import events_text, sniff_delimiter, write_events
from loaders.curated import parse_curated
from tracker.core.errors import DataError, Problem
from tracker.core.result import LoadResult
from tracker.core.schema import COLUMNS

# Environment variable that, set to 1 (or true/yes/on), switches appends off for this deployment.
READ_ONLY_ENV = "TRACKER_READ_ONLY"

# Folder next to the events file that holds its previous versions.
BACKUP_DIR = ".backups"

# How many previous versions to keep; older backups are deleted after each append.
BACKUPS_KEPT = 10

# Seconds an append waits for another one to finish before giving up.
LOCK_TIMEOUT = 30.0

# Suffix of temporary files; `.<name>.<random>.tmp` files left by a killed writer are removed under the lock.
TEMP_SUFFIX = ".tmp"

# Problems listed in an error message; the `problems` attribute holds all of them.
SHOWN_PROBLEMS = 20

# Why a cell holding a NUL character is refused (no text file, and no PostgreSQL text column, can hold one).
NUL_REASON = "the text holds a NUL character (shown as \\x00), which cannot be stored; remove it"

# Tests only: called as hook(target, temporary_path) once half of the new bytes are written, so a test can
# kill a writer mid-write. None in normal use.
_mid_write: Callable[[Path, Path], None] | None = None


@dataclass(frozen=True)
class AppendResult:
    """What an append did: rows added, where the previous version is kept (a file's backup), and events now held."""

    path: Path | None
    appended: int
    backup: Path | None
    total: int


class AppendRefused(DataError):
    """New rows that cannot be appended; `problems` names each one's row (1 = first new row), column and value."""


@dataclass(frozen=True)
class _Layout:
    """How the existing file is written, so new rows match it."""

    header: list[str]
    delimiter: str
    newline: str
    write_header: bool


def read_only(path: Path) -> str | None:
    """Why rows cannot be appended to the events file at `path`, or None when they can."""
    if os.environ.get(READ_ONLY_ENV, "").strip().lower() in {"1", "true", "yes", "on"}:
        return f"{READ_ONLY_ENV} is set, so this deployment does not change the events file"
    path = Path(path).resolve()
    if not path.is_file():
        return f"the events file {path} does not exist"
    if not _writable(path):
        return f"the events file {path} is not writable"
    if not _writable(path.parent):
        return f"the folder {path.parent} is not writable (a new version is written next to the file, then renamed)"
    backups = path.parent / BACKUP_DIR
    if backups.exists() and not _writable(backups):
        return f"the backup folder {backups} is not writable"
    return None


def _writable(path: Path) -> bool:
    # NOTE: the mode bits are checked as well as access(), so a file or folder marked read-only counts as
    # read-only even for root (for whom access() always says yes).
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)


def append_events(path: Path, rows: pd.DataFrame, timeout: float = LOCK_TIMEOUT) -> AppendResult:
    """Append event rows (canonical columns, text or typed values) to the events file, all or none.

    Raises AppendRefused (a DataError) naming row, column and value when a row is invalid or reuses an
    event_id, and DataError when the file is read-only, unreadable, or locked for longer than `timeout` seconds.
    """
    path = Path(path).resolve()
    reason = read_only(path)
    if reason:
        raise DataError(f"Cannot add events: {reason}. Download the accepted events and add them by hand instead.")
    new = events_text(rows).reset_index(drop=True)
    with _locked(path, timeout):
        _remove_stale_temps(path)
        old = path.read_bytes()
        before = parse_curated(old, str(path))
        layout = _layout(old)
        _refuse(_problems(new, before, layout, path), len(new), path)
        if new.empty:
            return AppendResult(path, 0, None, before.rows)
        base = old if old.strip() else b""
        content = base + _separator(base, layout) + _encode(new, layout)
        after = parse_curated(content, str(path))
        _verify(before, after, new, path)
        backup = _write_backup(path, old)
        _write_atomic(path, content, stat.S_IMODE(path.stat().st_mode))
        _prune_backups(path)
    return AppendResult(path, len(new), backup, after.rows)


@contextmanager
def _locked(path: Path, timeout: float) -> Iterator[None]:
    """Hold the exclusive lock on the file's sidecar lock file; closing the descriptor releases it."""
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o666)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise DataError(f"Another change to {path.name} has been in progress for over {timeout:g} "
                                    "seconds; nothing was added. Try again in a moment.") from None
                time.sleep(0.02)
        yield
    finally:
        os.close(fd)


def _remove_stale_temps(path: Path) -> None:
    # Only a lock holder creates temporary files, so any found while holding the lock are left by a dead writer.
    for folder, name in ((path.parent, path.name), (path.parent / BACKUP_DIR, path.name)):
        for stale in folder.glob(f".{name}.*{TEMP_SUFFIX}"):
            stale.unlink(missing_ok=True)


def _layout(old: bytes) -> _Layout:
    """The existing file's header, separator and line ending; the canonical ones for an empty file."""
    text = old.decode("utf-8-sig", errors="surrogateescape")
    if not text.strip():
        return _Layout(list(COLUMNS), ",", "\n", True)
    first = text.splitlines()[0]
    delimiter = sniff_delimiter(first, COLUMNS)  # the loader's own rule
    header = [cell.strip() for cell in next(csv.reader([first], delimiter=delimiter))]
    end = old.find(b"\n")
    newline = "\r\n" if end > 0 and old[end - 1:end] == b"\r" else ("\r" if end < 0 and b"\r" in old else "\n")
    return _Layout(header, delimiter, newline, False)


def _separator(base: bytes, layout: _Layout) -> bytes:
    """A line ending when the existing content does not end with one, so the first new row starts a line."""
    return layout.newline.encode() if base and not base.endswith((b"\n", b"\r")) else b""


def _encode(rows: pd.DataFrame, layout: _Layout) -> bytes:
    return write_events(rows, layout.header, layout.delimiter, layout.newline, layout.write_header)


def _problems(new: pd.DataFrame, before: LoadResult, layout: _Layout, path: Path) -> list[Problem]:
    taken = set(before.events["event_id"]) | set(before.rejected.get("event_id", ()))
    return new_row_problems(new, taken, layout.header, path.name)


def new_row_problems(new: pd.DataFrame, taken: set[str], header: list[str], name: str) -> list[Problem]:
    """Every reason the new rows (text cells, see loaders.csvfile.events_text) cannot be added, numbered from 1
    (the first new row): the loader's own checks, an empty row, an event_id already used (`taken`: valid or
    rejected rows alike), a value for a column the store does not have (`header`). The one check of new rows,
    for every store."""
    # A NUL character (pasted into a form, say) is named with its cell; the rest of the row is still checked.
    problems: list[Problem] = []
    readable = new.copy()
    for column in new.columns:
        nul = new[column].str.contains("\x00", regex=False)
        problems += [Problem(int(i) + 1, column, value.replace("\x00", "\\x00"), NUL_REASON)
                     for i, value in new.loc[nul, column].items()]
        readable[column] = new[column].str.replace("\x00", "", regex=False)
    checked = parse_curated(write_events(readable), "new events")
    # The header is record 1, so record n holds new row n - 1.
    problems += [Problem((p.row or 1) - 1, p.column, p.value, p.reason) for p in checked.problems]
    blank = (new.apply(lambda column: column.str.strip()) == "").all(axis=1)
    problems += [Problem(int(i) + 1, "(row)", "", "the row is empty") for i in new.index[blank]]
    problems += taken_problems(new, taken, name)
    for column in (c for c in COLUMNS if c not in header):
        for i, value in new.loc[new[column].str.strip() != "", column].items():
            problems.append(Problem(int(i) + 1, column, value, f"{name} has no '{column}' column, so the value "
                                    "would be lost; add the column to the file's header first"))
    order = {column: i for i, column in enumerate(COLUMNS)}
    return sorted(problems, key=lambda p: (p.row or 0, order.get(p.column, -1)))


def taken_problems(new: pd.DataFrame, taken: set[str], name: str) -> list[Problem]:
    """A problem for each new row (numbered from 1) whose event_id is in `taken`."""
    return [Problem(int(i) + 1, "event_id", event_id, f"this event_id is already used in {name}; give the new "
                    "event another id, or drop it if it is a duplicate")
            for i, event_id in new["event_id"].str.strip().items() if event_id in taken]


def _refuse(problems: list[Problem], count: int, path: Path) -> None:
    if not problems:
        return
    rows = len({p.row for p in problems})
    lines = [f"- row {p.row}, {p.column} '{_short(p.value)}': {p.reason}" for p in problems[:SHOWN_PROBLEMS]]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(f"- and {len(problems) - SHOWN_PROBLEMS} more")
    raise AppendRefused(f"Nothing was added to {path.name}: {rows} of the {count} new events cannot be added "
                        "(row 1 is the first new event). Fix or drop them and try again.\n" + "\n".join(lines),
                        problems)


def _short(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[:limit - 1] + "…"


def _verify(before: LoadResult, after: LoadResult, new: pd.DataFrame, path: Path) -> None:
    """Refuse unless the combined file reloads with every old row as before plus every new event."""
    old_problems = [p for p in before.problems if p.row is not None]
    added = set(new["event_id"].str.strip())
    if (after.rows != before.rows + len(new) or len(after.problems) != len(old_problems)
            or not added <= set(after.events["event_id"])):
        raise DataError(f"{path.name} would not reload cleanly with the new events (does its last row end inside "
                        "an open quote?); nothing was added. Check the file's end, then try again.")


def _write_atomic(target: Path, data: bytes, mode: int) -> None:
    """Write `data` to a temporary file next to `target`, fsync it, then rename it over `target`."""
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX)
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            half = len(data) // 2
            handle.write(data[:half])
            if _mid_write is not None:
                handle.flush()
                _mid_write(target, temporary)
            handle.write(data[half:])
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_folder(target.parent)


def _fsync_folder(folder: Path) -> None:
    # The rename itself is only durable once the folder's entry is on disk.
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_backup(path: Path, old: bytes) -> Path:
    """Keep the version that is about to be replaced (the bytes read under the lock) in BACKUP_DIR."""
    folder = path.parent / BACKUP_DIR
    folder.mkdir(exist_ok=True)
    while True:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        backup = folder / f"{path.name}.{stamp}.bak"
        if not backup.exists():
            break
        time.sleep(0.001)
    _write_atomic(backup, old, stat.S_IMODE(path.stat().st_mode))
    return backup


def backups(path: Path) -> list[Path]:
    """The kept previous versions of the events file at `path`, oldest first."""
    path = Path(path).resolve()
    return sorted((path.parent / BACKUP_DIR).glob(f"{path.name}.*.bak"))


def _prune_backups(path: Path) -> None:
    for old in backups(path)[:-BACKUPS_KEPT]:
        old.unlink(missing_ok=True)


def taken_and_layout(path: Path) -> tuple[LoadResult, _Layout]:
    """The file as it is now (parsed) and how it is written."""
    old = path.read_bytes()
    return parse_curated(old, str(path)), _layout(old)


class CsvStore:
    """The events in one CSV file (data/events.csv by default): see tracker.store.EventStore."""

    def __init__(self, path: str | Path):
        self.path = Path(path).resolve()
        self.name = self.path.name

    def version(self) -> tuple:
        """The file's identity and its current version (raises OSError when it does not exist)."""
        stat_ = self.path.stat()
        return "csv", str(self.path), stat_.st_mtime_ns, stat_.st_size

    def load(self, today: dt.date | None = None) -> LoadResult:
        """The validated events of the file's current version (reusing a kept Parquet copy of a large file)."""
        return cached_load(self.path, today)

    def read_only(self) -> str | None:
        return read_only(self.path)

    def check(self, rows: pd.DataFrame, current: LoadResult | None = None) -> tuple[pd.DataFrame, list[Problem]]:
        """The new rows that can be appended (as given, renumbered from 0) and a problem for each that cannot,
        numbered from 1 (the first new row). `current` is the loaded file, to save reading it again."""
        new = events_text(rows).reset_index(drop=True)
        before, layout = taken_and_layout(self.path)
        if current is not None:
            before = current
        return usable_rows(rows, _problems(new, before, layout, self.path))

    def append(self, rows: pd.DataFrame, author: str = "", comment: str = "") -> AppendResult:
        """Append the rows (a file keeps no author or comment: its history is its backups and version control)."""
        return append_events(self.path, rows)

    def history(self) -> list[Path]:
        """The kept previous versions, oldest first."""
        return backups(self.path)


def usable_rows(rows: pd.DataFrame, problems: list[Problem]) -> tuple[pd.DataFrame, list[Problem]]:
    """The rows no problem names (renumbered from 0), and the problems."""
    bad = {p.row for p in problems}
    good = [i for i in range(len(rows)) if i + 1 not in bad]
    return rows.reset_index(drop=True).iloc[good], problems
