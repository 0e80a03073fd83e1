"""A validated file, kept as Parquet beside its source: a restarted server reads it back instead of validating."""

from __future__ import annotations

import ctypes
import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from loaders import load
from tracker.core.errors import Problem
from tracker.core.result import LoadResult
from tracker.core.validation import compact

# Files smaller than this are simply read again (validation takes well under a second).
MIN_BYTES = 5_000_000

# The code and reference data a validated result depends on: a change to any of them invalidates the cache.
ROOT = Path(__file__).resolve().parent.parent
DEPENDENCIES = (*sorted((ROOT / "loaders").glob("*.py")), *sorted((ROOT / "tracker" / "core").glob("*.py")),
                ROOT / "data" / "actors.csv")

# Name of the cache folder made next to the source file (or in the temporary folder when that is read-only).
FOLDER = ".tracker-cache"


def _fingerprint(path: Path, today: dt.date) -> str:
    # NOTE: today's date is part of the key because "dated in the future" depends on it.
    stat = path.stat()
    digest = hashlib.sha256(f"{path.resolve()}|{stat.st_mtime_ns}|{stat.st_size}|{today}".encode())
    for dependency in DEPENDENCIES:
        if dependency.is_file():
            digest.update(dependency.read_bytes())
    return digest.hexdigest()[:20]


def _folder(path: Path) -> Path:
    beside = path.parent / FOLDER
    if os.access(path.parent, os.W_OK) or beside.is_dir():
        return beside
    return Path(tempfile.gettempdir()) / FOLDER


def _write(entry: Path, result: LoadResult) -> None:
    work = Path(tempfile.mkdtemp(prefix=entry.name + ".", dir=entry.parent))
    result.events.to_parquet(work / "events.parquet")
    result.rejected.to_parquet(work / "rejected.parquet")
    result.skipped_rows.to_parquet(work / "skipped.parquet")
    meta = {"rows": result.rows, "source": result.source, "notices": result.notices, "skipped": result.skipped,
            "problems": [vars(p) for p in result.problems], "header_row": result.header_row}
    (work / "meta.json").write_text(json.dumps(meta))
    try:
        work.rename(entry)  # atomic: readers see a whole entry or none
    except OSError:
        shutil.rmtree(work, ignore_errors=True)  # another process wrote it first


def _read_frame(path: Path) -> pd.DataFrame:
    # Arrow's buffers are released column by column as pandas takes them over, which keeps the peak lower.
    return pq.read_table(path).to_pandas(self_destruct=True, split_blocks=True)


def _read(entry: Path) -> LoadResult:
    meta = json.loads((entry / "meta.json").read_text())
    return LoadResult(_read_frame(entry / "events.parquet"), [Problem(**p) for p in meta["problems"]],
                      pd.read_parquet(entry / "rejected.parquet"), meta["rows"], meta["source"], meta["notices"],
                      meta["skipped"], skipped_rows=pd.read_parquet(entry / "skipped.parquet"),
                      header_row=meta["header_row"])


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
    folder = _folder(path)
    entry = folder / f"{path.name}-{_fingerprint(path, today or dt.date.today())}"
    if (entry / "meta.json").is_file():
        try:
            return _read(entry)
        except (OSError, ValueError, KeyError):
            shutil.rmtree(entry, ignore_errors=True)  # a damaged entry is rebuilt
    result = _compacted(load(path))
    try:
        folder.mkdir(exist_ok=True)
        for old in folder.glob(f"{path.name}-*"):
            shutil.rmtree(old, ignore_errors=True)  # older versions of this file
        _write(entry, result)
    except OSError:
        pass  # a cache that cannot be written only costs time
    return result
