"""Warming up a freshly started server: the pages' modules imported and the events loaded before a visit."""

from __future__ import annotations

import importlib
import threading

# What the pages import that costs time the first time (plotly's figure classes, pandera for validation).
MODULES = ("plotly.graph_objects", "tracker.charts", "tracker.flows", "tracker.geo", "tracker.missions",
           "tracker.profile", "tracker.validation")


def warm_up() -> None:
    """Import the pages' modules and load the events file into the shared cache (as the first visit would)."""
    for name in MODULES:
        importlib.import_module(name)
    from tracker.ui import LOADED, _load, events_path, load_key

    try:
        key = load_key(events_path())
        LOADED.get(key, lambda: _load(key[0]))  # the same entry the pages use
    except Exception:  # noqa: BLE001 - a file that cannot be loaded is reported to the visitor by the page
        pass


def start_warm_up() -> threading.Thread:
    """warm_up in a background thread: the server accepts visits at once, and a visit that comes before the
    load has finished waits for it (the cache computes each file version once)."""
    thread = threading.Thread(target=warm_up, name="tracker-warm-up", daemon=True)
    thread.start()
    return thread
