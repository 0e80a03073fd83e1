"""Warming up a freshly started server: the pages' modules imported and the events loaded before a visit."""

from __future__ import annotations

import importlib
import logging
import threading

LOG = logging.getLogger("tracker.warm")

# What the pages import that costs time the first time (plotly's figure classes, pandera for validation).
MODULES = ("plotly.graph_objects", "tracker.charts", "tracker.flows", "tracker.geo", "tracker.missions",
           "tracker.profile", "tracker.core.validation")


def warm_up() -> None:
    """Import the pages' modules and load the events into the shared memo (the same entry the first visit uses).
    A store that cannot be loaded is left for the page to report to the visitor."""
    for name in MODULES:
        importlib.import_module(name)
    from tracker.core.errors import DataError
    from tracker.ui.data import load_key, load_prepared, warm_store

    source = warm_store()
    try:
        load_prepared(source, load_key(source))
    except (OSError, DataError) as error:
        LOG.info("Warm-up did not load the events (%s); the first visit reports it.", error)


def start_warm_up() -> threading.Thread:
    """warm_up in a background thread: the server accepts visits at once, and a visit that comes before the
    load has finished waits for it (the memo computes each version once)."""
    thread = threading.Thread(target=warm_up, name="tracker-warm-up", daemon=True)
    thread.start()
    return thread
