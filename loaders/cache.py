"""Validated events kept as Parquet between processes: a restarted server reads them back instead of validating.

Two sources use it: an events file (`cached_load`, kept per file version and day) and a database's current events
(`tracker.store.sql`, kept per database, newest revision and day), both in one folder, `.tracker-cache` beside the
events file. An entry is read back only when it is whole and this one's: written by this user (nobody else can
write into it), for this exact source version, day and code, and its Parquet pages pass their checksums. Anything
else is ignored and rebuilt, never shown.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from loaders import load
from tracker.core.errors import Problem
from tracker.core.result import LoadResult
from tracker.core.validation import compact

# Sources smaller than this (bytes of the file, or of a database's rows) are simply read again: validation takes
# well under a second.
MIN_BYTES = 5_000_000

# The code and reference data a validated result depends on: a change to any of them invalidates the cache.
ROOT = Path(__file__).resolve().parent.parent
DEPENDENCIES = (*sorted((ROOT / "loaders").glob("*.py")), *sorted((ROOT / "tracker" / "core").glob("*.py")),
                ROOT / "data" / "actors.csv")

# Name of the cache folder made next to the source file (or in the temporary folder when that is read-only).
FOLDER = ".tracker-cache"

# The tables of an entry, each a Parquet file written with page checksums.
TABLES = ("events", "rejected", "skipped")


def folder_for(path: Path) -> Path:
    """The cache folder of a source file: `.tracker-cache` beside it, or in the temporary folder when the file's
    folder is read-only."""
    beside = path.parent / FOLDER
    if os.access(path.parent, os.W_OK) or beside.is_dir():
        return beside
    return Path(tempfile.gettempdir()) / FOLDER


def _key(identity: str) -> str:
    digest = hashlib.sha256(identity.encode())
    for dependency in DEPENDENCIES:
        if dependency.is_file():
            digest.update(dependency.read_bytes())
    return digest.hexdigest()[:20]


def _write(entry: Path, identity: str, result: LoadResult) -> None:
    work = Path(tempfile.mkdtemp(prefix=entry.name + ".", dir=entry.parent))  # mode 0700: only this user
    # NOTE: page checksums, verified on reading: a flipped byte otherwise decodes silently as other values in
    # about 4 of 10 cases (measured on a 100k-event entry).
    for name, frame in zip(TABLES, (result.events, result.rejected, result.skipped_rows), strict=True):
        frame.to_parquet(work / f"{name}.parquet", write_page_checksum=True)
    meta = {"identity": identity, "events": len(result.events), "rows": result.rows, "source": result.source,
            "notices": result.notices, "skipped": result.skipped, "problems": [vars(p) for p in result.problems],
            "header_row": result.header_row, "rejected_more": result.rejected_more}
    (work / "meta.json").write_text(json.dumps(meta))
    try:
        work.rename(entry)  # atomic: readers see a whole entry or none
    except OSError:
        shutil.rmtree(work, ignore_errors=True)  # another process wrote it first


def _read_frame(path: Path) -> pd.DataFrame:
    # Arrow's buffers are released column by column as pandas takes them over, which keeps the peak lower.
    table = pq.read_table(path, page_checksum_verification=True)
    return table.to_pandas(self_destruct=True, split_blocks=True)


def _ours(entry: Path) -> bool:
    """Whether the entry was made by this user and nobody else can write into it (a shared temporary folder)."""
    stat = entry.stat()
    return stat.st_uid == os.getuid() and not stat.st_mode & 0o022


def _read(entry: Path, identity: str) -> LoadResult | None:
    meta = json.loads((entry / "meta.json").read_text())
    if meta["identity"] != identity:
        return None  # another source's entry under this name
    events, rejected, skipped = (_read_frame(entry / f"{name}.parquet") for name in TABLES)
    if len(events) != meta["events"]:
        return None
    return LoadResult(events, [Problem(**p) for p in meta["problems"]], rejected, meta["rows"], meta["source"],
                      meta["notices"], meta["skipped"], rejected_more=meta["rejected_more"], skipped_rows=skipped,
                      header_row=meta["header_row"])


def read_kept(folder: Path, name: str, identity: str) -> LoadResult | None:
    """The result kept for this source version (`identity`, stored in the entry and compared), or None; a damaged,
    foreign or another user's entry is never read back (and removed when this user may)."""
    entry = folder / f"{name}-{_key(identity)}"
    if not (entry / "meta.json").is_file():
        return None
    try:
        if _ours(entry):
            found = _read(entry, identity)
            if found is not None:
                return found
    # NOTE: whatever goes wrong reading an entry (a truncated file, a failed checksum, a meta file of another
    # layout, an entry removed meanwhile) only means it is rebuilt: the caller validates the source again.
    except Exception:
        pass
    shutil.rmtree(entry, ignore_errors=True)
    return None


def keep(folder: Path, name: str, identity: str, result: LoadResult, size: int) -> None:
    """Keep the result of this source version (`size`: the bytes it was read from) for the next process, in place
    of the source's older versions; nothing when the source is small or the folder cannot be written."""
    if size < MIN_BYTES:
        return
    try:
        folder.mkdir(exist_ok=True)
        for old in folder.glob(f"{name}-*"):
            shutil.rmtree(old, ignore_errors=True)  # older versions of this source
        _write(folder / f"{name}-{_key(identity)}", identity, result)
    except OSError:
        pass  # a cache that cannot be written only costs time


def kept(folder: Path, name: str, identity: str, build: Callable[[], tuple[LoadResult, int]]) -> LoadResult:
    """The result kept for this source version, or `build()` (the result and the bytes it was read from), kept."""
    found = read_kept(folder, name, identity)
    if found is not None:
        return found
    result, size = build()
    keep(folder, name, identity, result, size)
    return result


def _compacted(result: LoadResult) -> LoadResult:
    return result.with_events(compact(result.events))


def release_memory() -> None:
    """Give memory freed by a large read back to the system (Arrow's pool and glibc's heap keep it otherwise:
    300 MB after reading a million events)."""
    pa.default_memory_pool().release_unused()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc (macOS, musl): the memory is reused by the process instead


def cached_load(path: str | Path, today: dt.date | None = None) -> LoadResult:
    """`loaders.load(path)` with compact columns (see tracker.core.validation.compact), reusing the validated result of
    this exact file version when one was kept."""
    try:
        return _cached_load(Path(path), today)
    finally:
        release_memory()


def _cached_load(path: Path, today: dt.date | None) -> LoadResult:
    if not path.is_file() or path.stat().st_size < MIN_BYTES:
        return _compacted(load(path))
    stat = path.stat()
    # NOTE: today's date is part of the identity because "dated in the future" depends on it.
    identity = f"file|{path.resolve()}|{stat.st_mtime_ns}|{stat.st_size}|{today or dt.date.today()}"
    return kept(folder_for(path), path.name, identity, lambda: (_compacted(load(path)), stat.st_size))
