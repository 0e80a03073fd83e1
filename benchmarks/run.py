"""Speed at any size: our pages against a naive hand-written Streamlit script, at 1k to 1M synthetic events.

    python -m benchmarks.run                          # 1k, 10k, 100k and 1M events, every page (about 20 minutes)
    python -m benchmarks.run --quick                  # 1k and 10k events, a few pages (about a minute)
    python -m benchmarks.run --sizes 100000 --pages overview,flows --no-browser

For each size, one fresh process opens each of our pages with AppTest (sharing the data cache, as one server's
sessions do) and one fresh process per page runs the naive baseline (benchmarks/naive_app.py). Prints one Markdown
table, the targets as PASS/FAIL and the first-page time in a real browser, and writes the same to
docs/benchmarks.md (raw numbers in benchmarks/.cache/last-run.json). Every measurement is bounded by --timeout.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict
from pathlib import Path

from benchmarks.measure import MARK
from benchmarks.report import Row, Side, machine, results_table, targets
from benchmarks.synthetic import CACHE_DIR

# The repository root, the report written and the raw results kept.
ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
RAW = CACHE_DIR / "last-run.json"

# Sizes and pages measured by default, and by --quick.
SIZES = [1_000, 10_000, 100_000, 1_000_000]
PAGES = ["overview", "events", "map", "flows", "missions", "actor", "event", "data_quality", "about"]
QUICK_SIZES = [1_000, 10_000]
QUICK_PAGES = ["overview", "events", "flows", "actor"]

# Seconds a worker may stay silent beyond the timeout (AppTest stops a script only at its next Streamlit call),
# and the longest first read and validation of a file.
GRACE = 30.0
LOAD_TIMEOUT = 600.0

# Streamlit's warnings about running without a server, left out of error messages.
NOISE = ("missing ScriptRunContext", "No runtime found")

# From this size on, the naive baseline is timed on one rerun only (each takes tens of seconds).
BIG = 1_000_000


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def events_file(size: int) -> Path:
    """The cached synthetic file of `size` events, generated in a subprocess so its memory is returned."""
    out = subprocess.run([sys.executable, "-m", "benchmarks.synthetic", str(size)], cwd=ROOT, check=True,
                         capture_output=True, text=True)
    return Path(out.stdout.strip().splitlines()[-1])


def _reader(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


class Worker:
    """Runs benchmarks.measure for one side and size over some pages, restarting it after a page that hangs."""

    def __init__(self, side: str, path: Path, size: int, reps: int, timeout: float) -> None:
        self.side, self.path, self.size, self.reps, self.timeout = side, path, size, reps, timeout
        self.load: float | None = None
        self.load_peak_kb: int | None = None
        self.pages: dict[str, Side] = {}

    def load_only(self) -> None:
        """Only the first read, with the on-disk cache of the file removed first: a server's very first start."""
        self._once([], cold=True)

    def run(self, pages: list[str]) -> dict[str, Side]:
        self.pages.update({page: Side() for page in pages})
        remaining = list(pages)
        while remaining:
            self._once(remaining)
        return self.pages

    def _once(self, remaining: list[str], cold: bool = False) -> None:
        command = [sys.executable, "-m", "benchmarks.measure", self.side, str(self.path), str(self.size),
                   ",".join(remaining), "--reps", str(self.reps), "--timeout", str(self.timeout)] + (
                   ["--cold"] if cold else [])
        with tempfile.TemporaryFile(mode="w+") as errors:
            process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=errors, text=True,
                                       start_new_session=True)
            lines: queue.Queue = queue.Queue()
            threading.Thread(target=_reader, args=(process.stdout, lines), daemon=True).start()
            current, runs, timed_out = None, 0, False
            wait = LOAD_TIMEOUT if self.side == "ours" else self.timeout + GRACE
            try:
                while True:
                    try:
                        line = lines.get(timeout=wait)
                    except queue.Empty:
                        timed_out = True
                        break
                    if line is None:
                        break
                    wait = self.timeout + GRACE
                    if line.startswith(MARK):
                        current, runs = self._handle(json.loads(line[len(MARK):]), remaining, current, runs)
            finally:
                _stop(process)
            errors.seek(0)
            tail = " / ".join(line for line in errors.read().splitlines()[-40:]
                              if line.strip() and not any(noise in line for noise in NOISE))[-600:]
        if not remaining:
            if cold and self.load is None:
                log(f"  ours: first read {'timed out' if timed_out else 'failed: ' + tail}")
            return
        if current is None and self.side == "ours" and self.load is None:
            for page in remaining:  # the file could not be loaded: every page fails the same way
                self.pages[page].error = f"cold load > {LOAD_TIMEOUT:.0f} s" if timed_out else f"load failed: {tail}"
            remaining.clear()
            return
        page = current or remaining[0]
        if timed_out:
            self.pages[page].timed_out = "rerun" if runs else "first"
        else:
            self.pages[page].error = f"worker died: {tail or 'no message'}"
        log(f"  {self.side} {page}: {'timed out' if timed_out else 'worker died'}")
        remaining.remove(page)

    def _handle(self, message: dict, remaining: list[str], current: str | None, runs: int) -> tuple[str | None, int]:
        kind = message["kind"]
        if kind == "load":
            if self.load is None:
                self.load, self.load_peak_kb = message["seconds"], message["peak_kb"]
            log(f"  ours: load {message['seconds']:.2f} s, {message['peak_kb'] / 1024:,.0f} MB")
            return current, runs
        if kind == "start":
            return message["page"], 0
        side = self.pages[message["page"]]
        if kind == "run":
            if message["phase"] == "first":
                side.first = message["seconds"]
            else:
                side.reruns.append(message["seconds"])
            for key, size in message["chart_bytes"].items():
                side.chart_bytes[key] = max(size, side.chart_bytes.get(key, 0))
            side.table_bytes = max(side.table_bytes, message["table_bytes"])
            return current, runs + 1
        # kind == "page": the page is done, with or without an error.
        error = message["error"]
        if error and "timed out" in error:
            side.timed_out = "rerun" if runs else "first"
        else:
            side.error = error
        side.peak_kb = message["peak_kb"]
        remaining.remove(message["page"])
        shown = f"rerun {side.rerun or 0:.3f} s"
        if error:
            shown = "timed out" if side.timed_out else f"error: {error[:100]}"
        log(f"  {self.side} {message['page']}: {shown}, peak {side.peak_kb / 1024:,.0f} MB")
        return None, 0


def measure_size(size: int, pages: list[str], reps: int, timeout: float) -> list[Row]:
    """Our pages in one process, then the naive baseline in one process per page."""
    path = events_file(size)
    log(f"{size:,} events ({path.stat().st_size / 1e6:.1f} MB): ours, first read (no cache on disk), then pages")
    cold = Worker("ours", path, size, reps, timeout)
    cold.load_only()
    ours = Worker("ours", path, size, reps, timeout)
    ours.run(pages)
    log(f"{size:,} events: naive baseline")
    naive = {}
    for page in pages:
        naive.update(Worker("naive", path, size, 1 if size >= BIG else reps, timeout).run([page]))
    return [Row(size, page, cold.load, ours.load, ours.pages[page], naive[page], cold.load_peak_kb)
            for page in pages]


def first_page() -> tuple[str, str]:
    """The first page of the bundled data in Chromium beside the floor app, and menu page switches: one cell of the
    targets table, and the section of its own (benchmarks.firstpage)."""
    try:
        from benchmarks.firstpage import measure, section, target_cell

        result = measure()
    except Exception as exc:  # noqa: BLE001 - a missing browser is reported, not fatal
        note = f"not measured ({type(exc).__name__}: {str(exc)[:120]})"
        return note, f"## First page and page switches in a real browser\n\n{note}"
    return target_cell(result), section(result)


def markdown(rows: list[Row], timeout: float, browser: str, command: str, browser_section: str = "") -> str:
    method = (ROOT / "benchmarks" / "method.md").read_text()
    return "\n\n".join([
        "# Benchmarks", method.strip(), "## Last run", f"`{command}`", machine(ROOT), results_table(rows, timeout),
        "## Targets", targets(rows, timeout, browser), *([browser_section] if browser_section else [])]) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", help="comma-separated numbers of events (default 1000,10000,100000,1000000)")
    parser.add_argument("--pages", help=f"comma-separated pages (default all: {','.join(PAGES)})")
    parser.add_argument("--quick", action="store_true", help="1k and 10k events, a few pages")
    parser.add_argument("--reps", type=int, default=3, help="timed reruns per page (median reported)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds one script run may take")
    parser.add_argument("--no-browser", action="store_true", help="skip the real-browser first-page time")
    parser.add_argument("--no-write", action="store_true", help=f"print only; leave {DOC.relative_to(ROOT)} alone")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else QUICK_SIZES if args.quick else SIZES
    pages = args.pages.split(",") if args.pages else QUICK_PAGES if args.quick else PAGES
    unknown = set(pages) - set(PAGES)
    if unknown:
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
    started = time.monotonic()
    rows = [row for size in sizes for row in measure_size(size, pages, args.reps, args.timeout)]
    browser, browser_section = ("not measured (--no-browser)", "") if args.no_browser else first_page()
    command = "python -m benchmarks.run " + " ".join(sys.argv[1:])
    text = markdown(rows, args.timeout, browser, command.strip(), browser_section)
    print(text)
    log(f"finished in {(time.monotonic() - started) / 60:.1f} minutes")
    RAW.write_text(json.dumps([{**asdict(r), "ours": asdict(r.ours), "naive": asdict(r.naive)} for r in rows],
                              indent=1))
    if not args.no_write:
        DOC.write_text(text)


if __name__ == "__main__":
    main()
