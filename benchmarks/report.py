"""The benchmark's Markdown: machine header, one results table, the targets as PASS/FAIL, the method."""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import subprocess
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

# Targets of issue #7.
SPEEDUP_AT_100K = 10.0  # our rerun at least this many times faster than the baseline's, at 100k events
GROWTH_10K_TO_1M = 10.0  # our rerun at 1M events at most this many times our rerun at 10k
CHART_LIMIT_KB = 500.0  # every chart's figure JSON, at any size
MEMORY_LIMIT_MB = 1536.0  # peak resident memory of our process at 1M events


@dataclass
class Side:
    """What was measured for one side (ours or the naive baseline) on one page at one size."""

    first: float | None = None
    reruns: list[float] = field(default_factory=list)
    chart_bytes: dict[str, int] = field(default_factory=dict)
    table_bytes: int = 0
    peak_kb: int | None = None
    error: str | None = None
    timed_out: str | None = None  # the phase that exceeded the timeout ("first" or "rerun")

    @property
    def rerun(self) -> float | None:
        """Median rerun time; None when none finished or one timed out."""
        return statistics.median(self.reruns) if self.reruns and not self.timed_out else None

    @property
    def max_chart_kb(self) -> float | None:
        return max(self.chart_bytes.values()) / 1000 if self.chart_bytes else None


@dataclass
class Row:
    """One page at one size."""

    size: int
    page: str
    load_cold: float | None  # first read of the file, nothing cached on disk
    load_warm: float | None  # read by a restarted server (from the on-disk cache when there is one)
    ours: Side
    naive: Side
    load_peak_kb: int | None = None  # peak memory of the process that did the first read


def _seconds(side: Side, timeout: float) -> str:
    if side.rerun is not None:
        return f"{side.rerun:.3f} s" if side.rerun < 10 else f"{side.rerun:.1f} s"
    if side.timed_out:
        return f"> {timeout:g} s" + (" (first run)" if side.timed_out == "first" else "")
    if side.error:
        return "error: " + side.error.removeprefix("the page raised: ").replace("|", "/").replace("\n", " ")[:60]
    return "-"


def ratio(row: Row, timeout: float) -> tuple[float | None, str]:
    """Baseline time / our time, and how to print it (a lower bound when the baseline timed out)."""
    ours, naive = row.ours.rerun, row.naive.rerun
    if ours is None:
        return None, "-"
    if naive is not None:
        return naive / ours, f"{naive / ours:.1f}×"
    if row.naive.timed_out:
        return timeout / ours, f"> {timeout / ours:.1f}×"
    return None, "-"


def _kb(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if value >= 10 or value == 0 else f"{value:.1f}"


def _mb(kb: int | None) -> str:
    return "-" if kb is None else f"{kb / 1024:,.0f}"


def results_table(rows: list[Row], timeout: float) -> str:
    lines = ["| Events | Page | Our load, cold / warm | Our rerun | Baseline rerun | Ratio (baseline / ours) "
             "| Our max chart KB | Baseline max chart KB | Our peak MB | Baseline peak MB | Our tables KB "
             "| Baseline tables KB |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        load = " / ".join("-" if s is None else f"{s:.2f}" for s in (row.load_cold, row.load_warm)) + " s"
        lines.append(f"| {row.size:,} | {row.page} | {load} | {_seconds(row.ours, timeout)} | "
                     f"{_seconds(row.naive, timeout)} | {ratio(row, timeout)[1]} | {_kb(row.ours.max_chart_kb)} | "
                     f"{_kb(row.naive.max_chart_kb)} | {_mb(row.ours.peak_kb)} | {_mb(row.naive.peak_kb)} | "
                     f"{_kb(row.ours.table_bytes / 1000 if row.ours.reruns else None)} | "
                     f"{_kb(row.naive.table_bytes / 1000 if row.naive.reruns else None)} |")
    return "\n".join(lines)


def _verdict(failures: list[str], measured: bool) -> tuple[str, str]:
    if not measured:
        return "not measured", ""
    return ("PASS", "") if not failures else ("FAIL", "; ".join(failures))


def targets(rows: list[Row], timeout: float, first_page: str) -> str:
    """The targets of issue #7, each PASS, FAIL (with where) or not measured."""
    at = {(r.size, r.page): r for r in rows}
    lines = ["| Target | Result | Where it fails, details |", "|---|---|---|"]
    at_100k = [r for r in rows if r.size == 100_000]
    slow = [f"{r.page} ({ratio(r, timeout)[1]})" for r in at_100k
            if (ratio(r, timeout)[0] or 0) < SPEEDUP_AT_100K]
    lines.append("| Rerun ≥ {:.0f}× faster than the baseline at 100k events, every page | {} | {} |".format(
        SPEEDUP_AT_100K, *_verdict(slow, bool(at_100k))))
    growth, pairs = [], 0
    for r in (r for r in rows if r.size == 1_000_000):
        small = at.get((10_000, r.page))
        if small is None or small.ours.rerun is None:
            continue
        pairs += 1
        if r.ours.rerun is None or r.ours.rerun > GROWTH_10K_TO_1M * small.ours.rerun:
            big = _seconds(r.ours, timeout)
            growth.append(f"{r.page} ({big} vs {small.ours.rerun:.3f} s at 10k)")
    lines.append("| Rerun at 1M events ≤ {:.0f}× our rerun at 10k, every page | {} | {} |".format(
        GROWTH_10K_TO_1M, *_verdict(growth, bool(pairs))))
    heavy = [f"{r.page} at {r.size:,} ({r.ours.max_chart_kb:,.0f} KB)" for r in rows
             if (r.ours.max_chart_kb or 0) > CHART_LIMIT_KB]
    lines.append("| Every chart's figure ≤ {:.0f} KB, any size | {} | {} |".format(
        CHART_LIMIT_KB, *_verdict(heavy, any(r.ours.chart_bytes for r in rows))))
    big = [r for r in rows if r.size == 1_000_000]
    pages_peak = max((r.ours.peak_kb or 0 for r in big), default=0) / 1024
    load_peak = max((r.load_peak_kb or 0 for r in big), default=0) / 1024
    where = f"serving the pages {pages_peak:,.0f} MB; first read {load_peak:,.0f} MB"
    over = max(pages_peak, load_peak) > MEMORY_LIMIT_MB
    result, _ = _verdict(["over"] if over else [], bool(pages_peak or load_peak))
    lines.append(f"| Peak memory at 1M events ≤ {MEMORY_LIMIT_MB / 1024:.1f} GB | {result} | "
                 f"{where if big else ''} |")
    lines.append(f"| First page and menu page switches in a real browser | {first_page} | |")  # firstpage.TARGET_ROW
    return "\n".join(lines)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _memory_gb() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    return "unknown"


def _revision(root: Path) -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True,
                              timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return head + (" with uncommitted changes" if dirty else "")


def machine(root: Path) -> str:
    """One paragraph: where and when the numbers were taken."""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (f"Machine: {os.cpu_count()} cores ({_cpu_model()}), {_memory_gb()} memory; Python "
            f"{platform.python_version()}, Streamlit {version('streamlit')}, pandas {version('pandas')}, plotly "
            f"{version('plotly')}; code at {_revision(root)}; {now}.")
