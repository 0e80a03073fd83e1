"""In-process measurements of one side (ours or the naive baseline) at one size; run in a fresh subprocess.

    python -m benchmarks.measure ours|naive EVENTS.csv SIZE PAGE[,PAGE...] [--reps 3] [--timeout 120]
    python -m benchmarks.measure ours EVENTS.csv SIZE "" --cold     # only the first read, on-disk cache removed

Prints one JSON message per line, prefixed with MARK, so the parent (benchmarks.run) can follow progress, bound
each measurement in time and keep what was measured if it has to kill this process:

- {"kind": "load", "seconds": s, "peak_kb": k}       ours only: the first read and validation of the file
- {"kind": "start", "page": p}                        before each page
- {"kind": "run", "page": p, "phase": "first"|"rerun", "seconds": s, "chart_bytes": {...}, "table_bytes": n}
- {"kind": "page", "page": p, "error": str|None, "peak_kb": k}   after each page
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

from streamlit.testing.v1 import AppTest

from benchmarks.synthetic import ACTOR_HEAD

# The repository root, our pages and the naive baseline script.
ROOT = Path(__file__).resolve().parent.parent
NAIVE_APP = ROOT / "benchmarks" / "naive_app.py"

# Prefix of the lines meant for the parent process (anything else on stdout is ignored).
MARK = "@@bench "

# The filter changes timed, in turn: each keeps a large share of the events and differs from the one before.
TYPE_FILTERS = [
    ["sanctions", "sanctions_renewal", "sanctions_relief", "mission_launch", "mission_renewal", "mission_end",
     "peacekeeping_proposal", "military_aid", "incident"],
    ["sanctions", "sanctions_renewal", "sanctions_relief", "military_aid", "statement"],
    ["mission_launch", "mission_renewal", "mission_end", "peacekeeping_proposal", "statement", "incident"],
]

# Seconds of timed reruns after which no further repetition is started (the median uses those done).
RERUN_BUDGET = 45.0

# NOTE: make_events ranks parties by a Zipf-like weight, so the first of ACTOR_HEAD is the most active actor.
TOP_ACTOR = ACTOR_HEAD[0]


def event_id(size: int) -> str:
    """An event in the middle of a synthetic file of `size` events."""
    return f"syn-{size // 2:07d}"


def page_params(side: str, page: str, size: int) -> dict[str, str]:
    """The URL query parameters that open `page` as a shared link would (the naive app picks pages by ?page=)."""
    params = {"actor": {"who": TOP_ACTOR}, "event": {"event": event_id(size)}}.get(page, {})
    return {**params, "page": page} if side == "naive" else params


def peak_kb() -> int:
    """Peak resident memory of this process so far, in KB (Linux reports ru_maxrss in KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def emit(kind: str, **fields) -> None:
    print(MARK + json.dumps({"kind": kind, **fields}), flush=True)


def open_app(side: str, page: str, size: int, timeout: float) -> AppTest:
    """An AppTest of one of our pages, or of the naive app showing that page."""
    script = NAIVE_APP if side == "naive" else ROOT / "pages" / f"{page}.py"
    at = AppTest.from_file(str(script), default_timeout=timeout)
    for key, value in page_params(side, page, size).items():
        at.query_params[key] = value
    return at


def payload(at: AppTest) -> tuple[dict[str, int], int]:
    """Bytes of each plotly chart's figure JSON (by element id suffix) and of all dataframe elements."""
    charts = {}
    for index, element in enumerate(at.get("plotly_chart")):
        key = element.proto.id.rsplit("-", 1)[-1] or str(index)
        charts[f"{index}:{key}"] = len(element.proto.spec.encode("utf-8"))
    tables = sum(element.proto.ByteSize() for element in at.dataframe)
    return charts, tables


def timed_run(at: AppTest, page: str, phase: str) -> None:
    """Run the script once, time it, report the time and the payload; a page exception becomes RuntimeError."""
    start = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"the page raised: {at.exception[0].message}"[:300])
    charts, tables = payload(at)
    emit("run", page=page, phase=phase, seconds=seconds, chart_bytes=charts, table_bytes=tables)


def measure_page(side: str, page: str, size: int, reps: int, timeout: float) -> None:
    """Open the page (first run, not used for the rerun figure), then time `reps` reruns after filter changes."""
    at = open_app(side, page, size, timeout)
    timed_run(at, page, "first")
    spent = 0.0
    for rep in range(reps):
        at.multiselect(key="type").set_value(TYPE_FILTERS[rep % len(TYPE_FILTERS)])
        start = time.perf_counter()
        timed_run(at, page, "rerun")
        spent += time.perf_counter() - start
        if spent > RERUN_BUDGET:
            break


def clear_disk_cache(path: Path) -> None:
    """Remove what loaders.cache kept of this file on disk (a validated copy beside it), if that cache exists."""
    try:
        from loaders import cache
    except ImportError:
        return
    for folder in {path.parent / cache.FOLDER, Path(tempfile.gettempdir()) / cache.FOLDER}:
        for entry in folder.glob(f"{path.name}-*"):
            shutil.rmtree(entry, ignore_errors=True)


def cold_load() -> float:
    """Seconds of the app's own read of EVENTS_PATH (tracker.ui.load_current: validation, or its on-disk cache);
    the result stays in Streamlit's cache, which the AppTest runs of this process share, as a server's sessions
    do."""
    import tracker.ui

    start = time.perf_counter()
    tracker.ui.load_current()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("side", choices=["ours", "naive"])
    parser.add_argument("events")
    parser.add_argument("size", type=int)
    parser.add_argument("pages")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--cold", action="store_true", help="remove the on-disk cache of the file first")
    args = parser.parse_args()
    os.environ["EVENTS_PATH"] = args.events
    if args.cold:
        clear_disk_cache(Path(args.events))
    if args.side == "ours":
        emit("load", seconds=cold_load(), peak_kb=peak_kb())
    for page in filter(None, args.pages.split(",")):
        emit("start", page=page)
        error = None
        try:
            measure_page(args.side, page, args.size, args.reps, args.timeout)
        except Exception as exc:  # noqa: BLE001 - a failing page is reported in the table, the run goes on
            error = str(exc) or type(exc).__name__
            if "timed out" not in error:
                traceback.print_exc(file=sys.stderr)
        emit("page", page=page, error=error, peak_kb=peak_kb())
    sys.stdout.flush()
    # A script thread still running after a timeout must not keep this process alive.
    os._exit(0)


if __name__ == "__main__":
    main()
