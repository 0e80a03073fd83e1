"""Where a page spends its rerun: cProfile of one rerun after a filter change, top functions by cumulative time.

    python -m benchmarks.hotspots overview 100000                 # one of our pages on 100k synthetic events
    python -m benchmarks.hotspots flows 100000 --side naive --top 40
    python -m benchmarks.hotspots overview 1000000 --callers astype      # who calls the functions matching "astype"
    python -m benchmarks.hotspots overview 100000 --page-calls --sort tottime   # own time; the page's direct calls

The page runs under AppTest as in benchmarks.run (data loaded and cached first, one first run), inside a small
wrapper script that profiles the page in the script thread, where AppTest runs it.
"""

from __future__ import annotations

import argparse
import io
import os
import pstats
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from benchmarks.measure import NAIVE_APP, ROOT, TYPE_FILTERS, cold_load, page_params
from benchmarks.synthetic import cached_events

# Runs the page under cProfile and writes the statistics of the last run to a file.
WRAPPER = """
import cProfile
import runpy

profiler = cProfile.Profile()
profiler.enable()
try:
    runpy.run_path({script!r}, run_name="__main__")
finally:
    profiler.disable()
    profiler.dump_stats({out!r})
"""


def profile(page: str, size: int, side: str = "ours", top: int = 25, timeout: float = 600.0,
            callers: str | None = None, sort: str = "cumulative", page_calls: bool = False) -> str:
    """The top functions by cumulative time of one rerun, as pstats prints them."""
    os.environ["EVENTS_PATH"] = str(cached_events(size))
    script = NAIVE_APP if side == "naive" else ROOT / "pages" / f"{page}.py"
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "rerun.prof"
        if side == "ours":
            cold_load()
        at = AppTest.from_string(WRAPPER.format(script=str(script), out=str(out)), default_timeout=timeout)
        for key, value in page_params(side, page, size).items():
            at.query_params[key] = value
        at.run()
        at.multiselect(key="type").set_value(TYPE_FILTERS[0])
        start = time.perf_counter()
        at.run()
        seconds = time.perf_counter() - start
        if at.exception:
            raise SystemExit(f"{page} raised: {at.exception[0].message}")
        text = io.StringIO()
        stats = pstats.Stats(str(out), stream=text).strip_dirs().sort_stats(sort)
        stats.print_stats(top)
        if page_calls:
            stats.sort_stats("cumulative").print_callees(r"<module>")
        if callers:
            stats.print_callers(callers)
    return f"{side} {page} at {size:,} events: rerun {seconds:.3f} s (profiled)\n{text.getvalue()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("page")
    parser.add_argument("size", type=int)
    parser.add_argument("--side", choices=["ours", "naive"], default="ours")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--callers", help="also list the callers of functions matching this pattern")
    parser.add_argument("--sort", default="cumulative", help="pstats order: cumulative (default) or tottime")
    parser.add_argument("--page-calls", action="store_true", help="also list what the page script calls directly")
    args = parser.parse_args()
    print(profile(args.page, args.size, args.side, args.top, callers=args.callers, sort=args.sort,
                  page_calls=args.page_calls))


if __name__ == "__main__":
    main()
