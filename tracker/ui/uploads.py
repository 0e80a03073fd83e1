"""Uploaded events files: validated once (in a worker process), kept on the server by content hash within a
memory budget, chosen through the URL."""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import subprocess
import sys
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from tracker.core.actors import party_table
from tracker.core.errors import DataError
from tracker.core.result import LoadResult, merge

# The project root, where the worker process runs (`python -m loaders.upload`).
ROOT = Path(__file__).resolve().parents[2]

LOG = logging.getLogger("tracker.uploads")

# How many uploaded files the server keeps at most, whatever their size.
MAX_UPLOADS = 16

# Memory the kept uploads may take together (MB), unless TRACKER_UPLOAD_MEMORY_MB says otherwise: fits a 1 GB
# host (e.g. Streamlit Community Cloud) next to the curated data and the server itself.
DEFAULT_UPLOAD_MEMORY_MB = 256

# Evicted link keys remembered, so a stale link can say what happened to its file.
MAX_REMEMBERED_EVICTIONS = 1_000


def max_upload_bytes() -> int:
    """The upload limit configured for the server (server.maxUploadSize, in megabytes)."""
    return int(st.get_option("server.maxUploadSize")) * 2**20


def max_unzipped_bytes() -> int:
    """The largest file a zip may unpack to: the upload limit itself (a zip is no way around it)."""
    return max_upload_bytes()


def upload_memory_bytes() -> int:
    """The memory budget of the kept uploads."""
    return int(os.environ.get("TRACKER_UPLOAD_MEMORY_MB") or DEFAULT_UPLOAD_MEMORY_MB) * 2**20


def result_bytes(result: LoadResult) -> int:
    """Memory an upload takes on the server: its events, its rejected rows and their problems."""
    frames = sum(int(frame.memory_usage(deep=True).sum()) for frame in (result.events, result.rejected,
                                                                          result.skipped_rows))
    return int(frames) + 200 * len(result.problems)


@dataclass(frozen=True)
class Upload:
    """One kept upload: the file's name, what was read from it, and the memory it takes."""

    name: str
    result: LoadResult
    size: int


class UploadStore:
    """Kept uploads by link key, oldest evicted first, bounded by count and by memory (a process-wide object,
    so a visitor's `clear_cache` message cannot empty it)."""

    def __init__(self) -> None:
        self._items: OrderedDict[str, Upload] = OrderedDict()
        self._evicted: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Upload | None:
        with self._lock:
            return self._items.get(key)

    def evicted(self, key: str) -> str | None:
        """The name of the file this key pointed at, if it was evicted to make room."""
        with self._lock:
            return self._evicted.get(key)

    def add(self, key: str, upload: Upload, budget: int) -> None:
        """Keep an upload, evicting the oldest until the count and memory bounds hold; refuse one that alone
        exceeds the memory budget."""
        if upload.size > budget:
            raise DataError(f"{upload.name} takes {upload.size / 2**20:.0f} MB in memory once read; this server keeps "
                            f"at most {budget / 2**20:.0f} MB of uploads (TRACKER_UPLOAD_MEMORY_MB). Upload a "
                            "smaller file, or convert it with `python -m loaders convert` and run the tracker on it.")
        with self._lock:
            self._items[key] = upload
            self._evicted.pop(key, None)
            while len(self._items) > MAX_UPLOADS or sum(u.size for u in self._items.values()) > budget:
                old_key, old = self._items.popitem(last=False)
                self._evicted[old_key] = old.name
                while len(self._evicted) > MAX_REMEMBERED_EVICTIONS:
                    self._evicted.popitem(last=False)

    def total_bytes(self) -> int:
        with self._lock:
            return sum(u.size for u in self._items.values())


# The uploads this server keeps.
UPLOADS = UploadStore()


def _parse_elsewhere(name: str, data: bytes, fmt: str, unzip_limit: int) -> LoadResult:
    # Parsing a large file is CPU-bound Python: in the server process it would hold the interpreter lock and
    # slow every other visitor's page. A worker process (python -m loaders.upload) parses it and exits, giving
    # its memory back; what it sends back is the result, which the server keeps anyway.
    done = subprocess.run([sys.executable, "-m", "loaders.upload"], input=pickle.dumps((name, data, fmt, unzip_limit)),
                          capture_output=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        LOG.error("The upload worker for %s stopped (exit %s): %s", name, done.returncode, done.stderr[-2000:])
        raise DataError(f"{name} could not be read: the reader stopped before it finished (the file may be too large "
                        "for this server's memory). Try a smaller file.")
    status, value = pickle.loads(done.stdout)  # our own worker's output
    if status == "error":
        raise DataError(value)
    return value


def store_upload(name: str, data: bytes, fmt: str = "auto") -> str:
    """Validate an uploaded file of any supported format, keep it on the server, and return its link key."""
    limit = max_upload_bytes()
    if len(data) > limit:
        raise DataError(f"{name} is {len(data) / 2**20:.1f} MB; the limit is {limit / 2**20:.0f} MB "
                        "(server.maxUploadSize in .streamlit/config.toml).")
    key = hashlib.sha256(data + fmt.encode()).hexdigest()[:24]
    if UPLOADS.get(key) is None:
        result = _parse_elsewhere(name, data, fmt, max_unzipped_bytes())
        UPLOADS.add(key, Upload(name, result, result_bytes(result)), upload_memory_bytes())
    return key


def source_params() -> dict[str, str]:
    """The URL parameters that choose the data: an uploaded file (data=<key>) and whether to merge it."""
    params = {}
    if st.query_params.get("data"):
        params["data"] = st.query_params["data"]
        if st.query_params.get("merge") == "true":
            params["merge"] = "true"
    return params


def chosen_upload() -> Upload | None:
    """The uploaded file the address names (data=<key>), if the server still keeps it."""
    key = source_params().get("data")
    return UPLOADS.get(key) if key else None


def uploader_key() -> str:
    """The file uploader's key: a new one after *Stop using this file*, so the uploader starts empty."""
    return f"upload_{st.session_state.get('upload_round', 0)}"


def stop_using_upload() -> None:
    """*Stop using this file*: the address no longer names the file (data=) nor merging (merge=), so every page
    shows the curated events again; the uploader starts empty."""
    for key in ("data", "merge"):
        if key in st.query_params:
            del st.query_params[key]
    st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1


def formats_doc() -> str | None:
    """docs/formats.md (how each format is mapped) without its title, or None where it is not deployed."""
    path = ROOT / "docs" / "formats.md"
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    return text.split("\n", 1)[1] if text.startswith("# ") else text


def set_merge() -> None:
    """The merge toggle writes `merge=true` to the address itself (a plain parameter, not one bound to the widget,
    so the menu's page links carry it to pages that have no such toggle)."""
    if st.session_state.get("merge_toggle"):
        st.query_params["merge"] = "true"
    elif "merge" in st.query_params:
        del st.query_params["merge"]


def stale_link_notice(key: str) -> str:
    """What a link to an upload the server no longer keeps says."""
    name = UPLOADS.evicted(key)
    if name:
        return (f"The uploaded file this link points to ({name}) was removed from the server to make room for newer "
                "uploads. Upload it again on the Your data page; showing the curated events meanwhile.")
    return ("The uploaded file this link points to is not on the server: uploads are kept in memory, so a restart "
            "or a redeploy clears them. Upload it again on the Your data page; showing the curated events meanwhile.")


def load_view_data(curated: LoadResult, parties: pd.DataFrame) -> tuple[LoadResult, pd.DataFrame]:
    """The events this view shows: the curated file, an uploaded one, or both merged (from the URL)."""
    chosen = source_params()
    if "data" not in chosen:
        return curated, parties
    entry = UPLOADS.get(chosen["data"])
    if entry is None:
        st.warning(stale_link_notice(chosen["data"]), icon="📁")
        return curated, parties
    upload = entry.result
    result = merge(curated, upload, f"upload: {entry.name}") if "merge" in chosen else upload
    return result, party_table(result.events)


def conversion_report(result: LoadResult) -> tuple[dict[str, int], pd.DataFrame]:
    """The counts a user checks after an import (read = converted + skipped + rejected), and the skip rules."""
    report = {"Rows read": result.rows, "Converted to events": result.loaded,
              "Skipped by rule": result.skipped_total, "Rejected": result.rejected_count}
    skipped = pd.DataFrame(sorted(result.skipped.items(), key=lambda item: -item[1]), columns=["rule", "rows"])
    return report, skipped
