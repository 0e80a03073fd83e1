"""Uploaded events files: validated once, kept on the server by content hash, chosen through the URL."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections import OrderedDict

import pandas as pd
import streamlit as st

from loaders import LoadResult, merge
from loaders.formats import detect, parse_any
from tracker.actors import party_table
from tracker.validation import DataError

# Largest file inside an uploaded zip, and how many uploaded files the server keeps. The largest upload is
# Streamlit's own setting, server.maxUploadSize in .streamlit/config.toml (in megabytes).
MAX_UNZIPPED_BYTES = 500_000_000
MAX_UPLOADS = 16


@st.cache_resource
def _upload_store() -> OrderedDict[str, tuple[str, LoadResult]]:
    # Uploaded files, validated once, by content hash: a link with ?data=<hash> reopens them (until restart).
    return OrderedDict()


def max_upload_bytes() -> int:
    """The upload limit configured for the server (server.maxUploadSize, in megabytes)."""
    return int(st.get_option("server.maxUploadSize")) * 2**20


def _unzipped(name: str, data: bytes) -> tuple[str, bytes]:
    # GDELT publishes its daily files zipped: a zip holding one file is read as that file.
    if not data.startswith(b"PK\x03\x04"):
        return name, data
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) != 1:
                raise DataError(f"{name} is a zip archive with {len(members)} files; upload one events file, "
                                "or a zip holding exactly one.")
            if members[0].file_size > MAX_UNZIPPED_BYTES:
                raise DataError(f"{members[0].filename} in {name} is {members[0].file_size / 1e6:.0f} MB "
                                f"unzipped; the limit is {MAX_UNZIPPED_BYTES / 1e6:.0f} MB.")
            return members[0].filename, archive.read(members[0])
    except zipfile.BadZipFile:
        raise DataError(f"{name} is not a text file: it looks like a zip archive that cannot be opened. Upload the "
                        "events file itself (CSV, or GDELT's tab-separated file).") from None


def store_upload(name: str, data: bytes, fmt: str = "auto") -> str:
    """Validate an uploaded file of any supported format, keep it on the server, and return its link key."""
    limit = max_upload_bytes()
    if len(data) > limit:
        raise DataError(f"{name} is {len(data) / 2**20:.1f} MB; the limit is {limit / 2**20:.0f} MB "
                        "(server.maxUploadSize in .streamlit/config.toml).")
    key = hashlib.sha256(data + fmt.encode()).hexdigest()[:24]
    store = _upload_store()
    if key not in store:
        inner, content = _unzipped(name, data)
        chosen = detect(content) if fmt == "auto" else fmt
        result = parse_any(content, inner, chosen)
        result.notices.insert(0, f"Read as: {chosen}.")
        store[key] = (name, result)
        while len(store) > MAX_UPLOADS:
            store.popitem(last=False)
    return key


def source_params() -> dict[str, str]:
    """The URL parameters that choose the data: an uploaded file (data=<key>) and whether to merge it."""
    params = {}
    if st.query_params.get("data"):
        params["data"] = st.query_params["data"]
        if st.query_params.get("merge") == "true":
            params["merge"] = "true"
    return params


def load_view_data(curated: LoadResult, parties: pd.DataFrame) -> tuple[LoadResult, pd.DataFrame]:
    """The events this view shows: the curated file, an uploaded one, or both merged (from the URL)."""
    chosen = source_params()
    if "data" not in chosen:
        return curated, parties
    entry = _upload_store().get(chosen["data"])
    if entry is None:
        st.warning("The uploaded file this link points to is no longer on the server (it restarted). Upload it "
                   "again on the Your data page; showing the curated events meanwhile.", icon="📁")
        return curated, parties
    name, upload = entry
    result = merge(curated, upload, f"upload: {name}") if "merge" in chosen else upload
    return result, party_table(result.events)


def conversion_report(result: LoadResult) -> tuple[dict[str, int], pd.DataFrame]:
    """The counts a user checks after an import (read = converted + skipped + rejected), and the skip rules."""
    report = {"Rows read": result.rows, "Converted to events": result.loaded,
              "Skipped by rule": result.skipped_total, "Rejected": len(result.rejected)}
    skipped = pd.DataFrame(sorted(result.skipped.items(), key=lambda item: -item[1]), columns=["rule", "rows"])
    return report, skipped
