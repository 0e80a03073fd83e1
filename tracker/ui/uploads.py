"""Uploaded events files: validated once, kept on the server by content hash, chosen through the URL."""

from __future__ import annotations

import hashlib
from collections import OrderedDict

import pandas as pd
import streamlit as st

from loaders import LoadResult, merge
from loaders.curated import parse_curated
from tracker.actors import party_table
from tracker.validation import DataError

# Largest upload accepted, and how many uploaded files the server keeps.
MAX_UPLOAD_BYTES = 50_000_000
MAX_UPLOADS = 16


@st.cache_resource
def _upload_store() -> OrderedDict[str, tuple[str, LoadResult]]:
    # Uploaded files, validated once, by content hash: a link with ?data=<hash> reopens them (until restart).
    return OrderedDict()


def store_upload(name: str, data: bytes) -> str:
    """Validate an uploaded file, keep it on the server, and return the key that links to it."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise DataError(f"{name} is {len(data) / 1e6:.1f} MB; the limit is {MAX_UPLOAD_BYTES / 1e6:.0f} MB.")
    key = hashlib.sha256(data).hexdigest()[:24]
    store = _upload_store()
    if key not in store:
        store[key] = (name, parse_curated(data, name))
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
