"""Team store: first load and rerun at 100k synthetic events, the events file (CSV) beside SQLite and PostgreSQL.

    python -m benchmarks.sqlstore                 # SQLite, and PostgreSQL when TRACKER_TEST_POSTGRES_URL is set
    python -m benchmarks.sqlstore --write         # also write docs/sqlstore.md
    python -m benchmarks.sqlstore --events 20000  # another size

First load: what a server does for the first visitor of a version, `load_prepared(store, load_key(store))` (the
version question, `store.load`, `tracker.ui.data.prepare`), in a fresh process each time, imports and the validator
warmed first. The CSV path is measured cold (the file validated: a new version, or the first visit of the day) and
warm (the Parquet copy a restarted server reads back). Rerun: what every rerun of a page does, the version question
and the memo hit; for a database both within the version TTL (answered from memory) and after it (one query).
Each first load is measured RUNS times, the stores taking turns, so a busy machine slows all of them alike.

Targets (issue #17): a database's first load at most 2x the CSV path's; its reruns as fast as the CSV path's (here:
at most RERUN_SLACK slower, a page rerun itself takes a tenth of a second or more).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from benchmarks.synthetic import cached_events

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "sqlstore.md"

# First loads per store (fresh processes), and reruns timed per measurement.
RUNS, RERUNS = 3, 300

# How much slower than the CSV path's a rerun may be and still count as "as fast" (seconds).
RERUN_SLACK = 0.001

# Targets: a database's first load at most this many times the CSV path's.
FIRST_LOAD_FACTOR = 2.0


def measure(kind: str, target: str) -> dict[str, float]:
    """In this (fresh) process: the first load of `target` and its reruns (see the module docstring)."""
    from loaders.curated import parse_curated
    from tracker.store import CsvStore
    from tracker.store.sql import SqlStore, engine_for
    from tracker.ui.data import LOADED, load_key, load_prepared

    parse_curated(b"event_id\nx-1\n", "warm-up")  # imports, the actor registry, pandera's first schema
    store = CsvStore(target) if kind == "csv" else SqlStore(engine_for(target))
    start = time.perf_counter()
    prepared = load_prepared(store, load_key(store))
    first = time.perf_counter() - start
    assert prepared.result.loaded > 0, prepared.result.problems[:3]
    out = {"first": first, "events": prepared.result.loaded, "rerun": _rerun(store, LOADED, load_key, load_prepared)}
    if isinstance(store, SqlStore):  # after the TTL: the version question asks the database
        out["rerun_query"] = _rerun(store, LOADED, load_key, load_prepared, forget=True)
    return out


def _rerun(store, memo, load_key, load_prepared, forget: bool = False) -> float:
    times = []
    for _ in range(RERUNS):
        if forget:
            store._version = None
        start = time.perf_counter()
        key = load_key(store)
        assert key in memo
        load_prepared(store, key)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _measured(kind: str, target: str) -> dict[str, float]:
    command = [sys.executable, "-m", "benchmarks.sqlstore", "--measure", kind, target]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=1800,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    if done.returncode:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def _import(url: str, events: pd.DataFrame) -> float:
    from tracker.store.sql import SqlStore, engine_for

    store = SqlStore(engine_for(url))
    store.init()
    start = time.perf_counter()
    store.append(events, author="benchmark")
    took = time.perf_counter() - start
    store.engine.dispose()
    return took


def _postgres_database(cluster: str) -> tuple[str, sa.Engine, str]:
    url = sa.make_url(cluster)
    name = f"bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    return url.set(database=name).render_as_string(hide_password=False), admin, name


def run(n: int, postgres: str | None) -> dict:
    """Set up the three stores with the same n events, measure them taking turns, and return the results."""
    source = cached_events(n)
    events = pd.read_csv(source, dtype=str, keep_default_na=False)
    work = Path(tempfile.mkdtemp(prefix="sqlstore-bench."))
    admin = None
    try:
        csv_path = work / "events.csv"
        shutil.copy(source, csv_path)
        targets = {"sqlite": f"sqlite:///{work / 'events.db'}"}
        if postgres:
            targets["postgresql"], admin, database = _postgres_database(postgres)
        imports = {kind: _import(url, events) for kind, url in targets.items()}
        cache = csv_path.parent / ".tracker-cache"
        results: dict[str, list[dict]] = {"csv cold": [], "csv warm": [], **{kind: [] for kind in targets}}
        for _ in range(RUNS):
            shutil.rmtree(cache, ignore_errors=True)
            results["csv cold"].append(_measured("csv", str(csv_path)))  # validates, and keeps the Parquet copy
            results["csv warm"].append(_measured("csv", str(csv_path)))
            for kind, url in targets.items():
                results[kind].append(_measured(kind, url))
        return {"events": n, "imports": imports, "results": results, "machine": _machine()}
    finally:
        if admin is not None:
            with admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            admin.dispose()
        shutil.rmtree(work, ignore_errors=True)


def _machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
            f"pandas {pd.__version__}, SQLAlchemy {sa.__version__}; load average {load:.1f} when it started")


def report(found: dict) -> tuple[str, list[str]]:
    """The Markdown table and the target lines (PASS/FAIL)."""
    rows = {name: _summary(runs) for name, runs in found["results"].items()}
    cold, warm = rows["csv cold"]["first"], rows["csv warm"]["first"]
    csv_rerun = min(rows["csv cold"]["rerun"], rows["csv warm"]["rerun"])
    lines = ["| store | first load (median) | runs | rerun, version known | rerun, version asked | import |",
             "|---|---|---|---|---|---|"]
    for name, row in rows.items():
        runs = ", ".join(f"{t:.2f}" for t in row["firsts"])
        asked = f"{row['rerun_query'] * 1000:.2f} ms" if "rerun_query" in row else "-"
        imported = f"{found['imports'][name]:.1f} s" if name in found["imports"] else "-"
        lines.append(f"| {name} | {row['first']:.2f} s | {runs} | {row['rerun'] * 1000:.3f} ms | {asked} | "
                     f"{imported} |")
    targets = []
    for name in (n for n in rows if not n.startswith("csv")):
        first = rows[name]["first"]
        for label, base in (("cold", cold), ("warm", warm)):
            verdict = "PASS" if first <= FIRST_LOAD_FACTOR * base else "FAIL"
            targets.append(f"{name}: first load {first:.2f} s = {first / base:.1f}x the CSV path's {label} first load "
                           f"({base:.2f} s); target at most {FIRST_LOAD_FACTOR:g}x: {verdict}")
        for key, label in (("rerun", "version known (within the TTL)"), ("rerun_query", "version asked (one query)")):
            rerun = rows[name][key]
            verdict = "PASS" if rerun <= csv_rerun + RERUN_SLACK else "FAIL"
            targets.append(f"{name}: rerun, {label}: {rerun * 1000:.3f} ms against the CSV path's "
                           f"{csv_rerun * 1000:.3f} ms; target at most {RERUN_SLACK * 1000:g} ms slower: {verdict}")
    return "\n".join(lines), targets


def _summary(runs: list[dict]) -> dict:
    out = {"firsts": [r["first"] for r in runs], "first": statistics.median(r["first"] for r in runs),
           "rerun": statistics.median(r["rerun"] for r in runs)}
    if "rerun_query" in runs[0]:
        out["rerun_query"] = statistics.median(r["rerun_query"] for r in runs)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--postgres", default=os.environ.get("TRACKER_TEST_POSTGRES_URL"),
                        help="a PostgreSQL URL on a cluster where a database may be created (default: "
                             "TRACKER_TEST_POSTGRES_URL)")
    parser.add_argument("--write", action="store_true", help=f"write {REPORT.relative_to(ROOT)}")
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "TARGET"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return
    found = run(args.events, args.postgres)
    table, targets = report(found)
    print(f"{found['events']:,} synthetic events; {found['machine']}\n\n{table}\n")
    print("\n".join(targets))
    if args.write:
        REPORT.write_text(_document(found, table, targets), encoding="utf-8")
        print(f"\nwritten to {REPORT.relative_to(ROOT)}")


def _document(found: dict, table: str, targets: list[str]) -> str:
    return f"""# Team store: loading from a database

Written by `python -m benchmarks.sqlstore --write` on {time.strftime('%Y-%m-%d')}: {found['events']:,} synthetic events
(benchmarks/synthetic.py) in the events file, in SQLite and in PostgreSQL ({found['machine']}).

*First load* is what a server does for the first visitor of a version: the version question, `store.load` and
`tracker.ui.data.prepare`, in a fresh process (imports and the validator warmed first), {RUNS} runs with the stores
taking turns. The CSV path is shown cold (the file validated, as for a new version or the first visit of a day) and
warm (the Parquet copy a restarted server reads back). A database is validated on every first load of a version.
*Rerun* is what every rerun of a page adds: the version question and the memo hit (median of {RERUNS}); for a
database within the version TTL (answered from memory, the usual case) and after it (one `max(id)` query).
*Import* is `SqlStore.append` of all the events (what `python -m loaders db import` does after reading the file).

{table}

Targets (issue #17): a database's first load at most {FIRST_LOAD_FACTOR:g}x the CSV path's, its reruns as fast as the
CSV path's (taken as at most {RERUN_SLACK * 1000:g} ms slower: a page rerun itself takes 100 ms or more).

{chr(10).join(f"- {line}" for line in targets)}
"""


if __name__ == "__main__":
    main()
