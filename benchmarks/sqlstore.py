"""Team store: first load and rerun at 100k synthetic events, the events file (CSV) beside SQLite and PostgreSQL.

    python -m benchmarks.sqlstore                 # SQLite, and PostgreSQL when TRACKER_TEST_POSTGRES_URL is set
    python -m benchmarks.sqlstore --write         # also write docs/sqlstore.md
    python -m benchmarks.sqlstore --events 20000  # another size

First load: what a server does for the first visitor of a version, `load_prepared(store, load_key(store))` (the
version question, `store.load`, `tracker.ui.data.prepare`), in a fresh process each time, imports and the validator
warmed first. Every store is measured cold (no Parquet copy in the cache folder: the file or the database's rows
read and validated, as for a new version or the first visit of the day; the copy is then written) and warm (the
Parquet copy a restarted server reads back when the file, or the database's newest revision, is unchanged).
Rerun: what every rerun of a page does, the version question and the memo hit; for a database both within the
version TTL (answered from memory) and after it (one query). Each first load is measured RUNS times (--runs), the
stores taking turns, so a busy machine slows all of them alike.

Targets (issue #17): a database's first load at most 2x the CSV path's (cold against cold, warm against warm); its
reruns as fast as the CSV path's (here: at most RERUN_SLACK slower, a page rerun itself takes a tenth of a second or
more).
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
from loaders.cache import folder_for

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "sqlstore.md"

# First loads per store (fresh processes), and reruns timed per measurement.
RUNS, RERUNS = 3, 300

# How much slower than the CSV path's a rerun may be and still count as "as fast" (seconds).
RERUN_SLACK = 0.001

# Targets: a database's first load at most this many times the CSV path's.
FIRST_LOAD_FACTOR = 2.0

# How each first load starts: no copy kept, then the copy the cold load kept.
MODES = ("cold", "warm")


def measure(kind: str, target: str, cache: str) -> dict[str, float]:
    """In this (fresh) process: the first load of `target` and its reruns (see the module docstring); a database
    keeps its events in the `cache` folder (a file's are kept beside it, in that same folder)."""
    from loaders.curated import parse_curated
    from tracker.store import CsvStore
    from tracker.store.connection import database_hash
    from tracker.store.sql import SqlStore, engine_for
    from tracker.ui.data import LOADED, load_key, load_prepared

    parse_curated(b"event_id\nx-1\n", "warm-up")  # imports, the actor registry, pandera's first schema
    store = CsvStore(target) if kind == "csv" else SqlStore(engine_for(target), cache=Path(cache))
    name = "events.csv" if isinstance(store, CsvStore) else f"sql-{database_hash(store.engine)[:16]}"
    copies = len(list(Path(cache).glob(f"{name}-*")))  # 1 when warm, if the source is large enough to keep
    start = time.perf_counter()
    prepared = load_prepared(store, load_key(store))
    first = time.perf_counter() - start
    assert prepared.result.loaded > 0, prepared.result.problems[:3]
    out = {"first": first, "events": prepared.result.loaded, "copies": copies,
           "rerun": _rerun(store, LOADED, load_key, load_prepared)}
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


def _measured(kind: str, target: str, cache: Path) -> dict[str, float]:
    command = [sys.executable, "-m", "benchmarks.sqlstore", "--measure", kind, target, str(cache)]
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


def run(n: int, postgres: str | None, runs: int = RUNS) -> dict:
    """Set up the three stores with the same n events, measure them taking turns (each cold, then warm), and return
    the results."""
    source = cached_events(n)
    started = _load_average()
    events = pd.read_csv(source, dtype=str, keep_default_na=False)
    work = Path(tempfile.mkdtemp(prefix="sqlstore-bench."))
    admin = None
    try:
        csv_path = work / "events.csv"
        shutil.copy(source, csv_path)
        targets = {"csv": str(csv_path), "sqlite": f"sqlite:///{work / 'events.db'}"}
        if postgres:
            targets["postgresql"], admin, database = _postgres_database(postgres)
        imports = {kind: _import(url, events) for kind, url in targets.items() if kind != "csv"}
        cache = folder_for(csv_path)  # the folder the app uses: tracker.store.cache_folder()
        results: dict[str, list[dict]] = {f"{kind} {mode}": [] for kind in targets for mode in MODES}
        for _ in range(runs):
            shutil.rmtree(cache, ignore_errors=True)
            for kind, target in targets.items():
                for mode in MODES:  # cold validates and keeps the Parquet copy; warm reads it back
                    measured = _measured(kind, target, cache)
                    assert mode != "cold" or not measured["copies"], f"{kind} cold: a copy was kept already"
                    results[f"{kind} {mode}"].append(measured)
        machine = f"{_machine()}; load average {started:.1f} when it started, {_load_average():.1f} at the end"
        return {"events": n, "runs": runs, "imports": imports, "results": results, "machine": machine}
    finally:
        if admin is not None:
            with admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            admin.dispose()
        shutil.rmtree(work, ignore_errors=True)


def _machine() -> str:
    return (f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
            f"pandas {pd.__version__}, SQLAlchemy {sa.__version__}")


def _load_average() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def report(found: dict) -> tuple[str, list[str]]:
    """The Markdown table and the target lines (PASS/FAIL)."""
    rows = {name: _summary(runs) for name, runs in found["results"].items()}
    lines = ["| store | first load (median) | fastest | runs | rerun, version known | rerun, version asked | import |",
             "|---|---|---|---|---|---|---|"]
    for name, row in rows.items():
        runs = ", ".join(f"{t:.2f}" for t in row["firsts"])
        asked = f"{row['rerun_query'] * 1000:.2f} ms" if "rerun_query" in row else "-"
        kind, mode = name.split()
        imported = f"{found['imports'][kind]:.1f} s" if kind in found["imports"] and mode == MODES[0] else "-"
        kept = "" if mode == "cold" or all(r["copies"] for r in found["results"][name]) else " (nothing kept: small)"
        lines.append(f"| {name}{kept} | {row['first']:.2f} s | {min(row['firsts']):.2f} s | {runs} | "
                     f"{row['rerun'] * 1000:.3f} ms | {asked} | {imported} |")
    targets = []
    csv_rerun = statistics.median(r["rerun"] for mode in MODES for r in found["results"][f"csv {mode}"])
    for kind in dict.fromkeys(name.split()[0] for name in rows if not name.startswith("csv")):
        for mode in MODES:
            first, base = rows[f"{kind} {mode}"]["first"], rows[f"csv {mode}"]["first"]
            verdict = "PASS" if first <= FIRST_LOAD_FACTOR * base else "FAIL"
            targets.append(f"{kind}: first load {mode} {first:.2f} s = {first / base:.1f}x the CSV path's {mode} "
                           f"first load ({base:.2f} s); target at most {FIRST_LOAD_FACTOR:g}x: {verdict}")
        measured = [r for mode in MODES for r in found["results"][f"{kind} {mode}"]]
        for key, label in (("rerun", "version known (within the TTL)"), ("rerun_query", "version asked (one query)")):
            rerun = statistics.median(r[key] for r in measured)
            verdict = "PASS" if rerun <= csv_rerun + RERUN_SLACK else "FAIL"
            targets.append(f"{kind}: rerun, {label}: {rerun * 1000:.3f} ms against the CSV path's "
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
    parser.add_argument("--runs", type=int, default=RUNS, help=f"first loads per store and mode (default {RUNS})")
    parser.add_argument("--postgres", default=os.environ.get("TRACKER_TEST_POSTGRES_URL"),
                        help="a PostgreSQL URL on a cluster where a database may be created (default: "
                             "TRACKER_TEST_POSTGRES_URL)")
    parser.add_argument("--write", action="store_true", help=f"write {REPORT.relative_to(ROOT)}")
    parser.add_argument("--measure", nargs=3, metavar=("KIND", "TARGET", "CACHE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return
    found = run(args.events, args.postgres, args.runs)
    table, targets = report(found)
    print(f"{found['events']:,} synthetic events; {found['machine']}\n\n{table}\n")
    print("\n".join(targets))
    if args.write:
        REPORT.write_text(_document(found, table, targets, _notes()), encoding="utf-8")
        print(f"\nwritten to {REPORT.relative_to(ROOT)}")


# The line after which docs/sqlstore.md holds notes written by hand, kept as they are by --write.
NOTES = "<!-- Notes below this line are written by hand; `--write` keeps them. -->"


def _notes() -> str:
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else ""
    return text[text.index(NOTES):] if NOTES in text else NOTES + "\n"


def _document(found: dict, table: str, targets: list[str], notes: str) -> str:
    return f"""# Team store: loading from a database

Written by `python -m benchmarks.sqlstore --write` on {time.strftime('%Y-%m-%d')}: {found['events']:,} synthetic events
(benchmarks/synthetic.py) in the events file, in SQLite and in PostgreSQL ({found['machine']}).

*First load* is what a server does for the first visitor of a version: the version question, `store.load` and
`tracker.ui.data.prepare`, in a fresh process (imports and the validator warmed first), {found['runs']} runs with the
stores taking turns. Each store is shown *cold* (nothing kept in `.tracker-cache`: the file, or the database's rows,
read and validated, as for a new version or the first visit of a day; the validated events are then kept there as
Parquet) and *warm* (that copy read back, as by a restarted server while the file, or the database's newest
revision, is unchanged).
*Rerun* is what every rerun of a page adds: the version question and the memo hit (median of {RERUNS}); for a
database within the version TTL (answered from memory, the usual case) and after it (one query: the newest
revision's number and time, a lookup on the primary key).
*Import* is `SqlStore.append` of all the events (what `python -m loaders db import` does after reading the file).
*Fastest* is the quickest of the runs: on a busy machine, the one least slowed by other work.

{table}

Targets (issue #17): a database's first load at most {FIRST_LOAD_FACTOR:g}x the CSV path's (cold against cold, warm
against warm), its reruns as fast as the CSV path's (taken as at most {RERUN_SLACK * 1000:g} ms slower: a page rerun
itself takes 100 ms or more).

{chr(10).join(f"- {line}" for line in targets)}

{notes}"""


if __name__ == "__main__":
    main()
