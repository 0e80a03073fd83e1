"""Command line: `validate PATH` prints the load report; `convert INPUT --out OUT.csv` writes canonical CSV.

`validate` exits 1 if any row is rejected. `convert` reads ACLED, GDELT, GSDB or curated files (detected from
their content unless --format says), streams big files in chunks, and exits 1 if any row was rejected.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import BinaryIO, TextIO

from loaders import load
from loaders.csvfile import events_text, write_events
from loaders.curated import parse_curated, read_curated
from loaders.formats import FORMATS, SNIFF_BYTES, detect, stream
from loaders.mapping import Chunk
from tracker.core.errors import DataError, Problem

# Files at least this big show progress on stderr even when it is not a terminal.
BIG_FILE = 50 * 1024 * 1024

# Example rows shown per group of rejections.
EXAMPLES = 3


def report(path: str) -> int:
    """Print the validation report for one file; return the process exit code."""
    try:
        result = load(path)
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    rejected = len(result.rejected)
    skipped = f", {result.skipped_total} skipped by rule" if result.skipped else ""
    print(f"{result.source}: {result.rows} rows, {result.loaded} loaded, {rejected} rejected{skipped}")
    for notice in result.notices:
        print(f"note: {notice}")
    for p in result.problems:
        where = f"row {p.row}" if p.row is not None else "file"
        print(f"{where}, column {p.column}, value {p.value!r}: {p.reason}")
    return 1 if rejected or (result.problems and not result.rows) else 0


@dataclass
class Tally:
    """Running totals of a conversion: counts, rules, and rejections grouped by reason with a few examples."""

    read: int = 0
    converted: int = 0
    rejected: int = 0
    skipped: Counter = field(default_factory=Counter)
    file_problems: list[Problem] = field(default_factory=list)
    groups: dict[tuple[str, str], list] = field(default_factory=dict)

    def add(self, chunk: Chunk) -> None:
        """Count one chunk; keep at most EXAMPLES problems per reason."""
        self.read += chunk.rows
        self.converted += len(chunk.events)
        self.rejected += len(chunk.rejected)
        self.skipped += chunk.skipped
        for problem in chunk.problems:
            if problem.row is None:
                self.file_problems.append(problem)
                continue
            group = self.groups.setdefault((problem.column, _general(problem)), [0, []])
            group[0] += 1
            if len(group[1]) < EXAMPLES:
                group[1].append(problem)


def _general(problem: Problem) -> str:
    """The reason without the row's own value, so rows failing the same way group together."""
    reason = problem.reason.replace(f"'{problem.value}'", "'…'")
    return reason.replace(problem.value, "…") if len(problem.value) >= 6 else reason


def convert(source: str, fmt: str, out: str, err: TextIO = sys.stderr) -> int:
    """Convert one file to canonical CSV at `out`, print the report, and return the exit code."""
    path = Path(source)
    if not path.is_file():
        raise DataError(f"The input file {path} does not exist.")
    if Path(out).resolve() == path.resolve():
        raise DataError("--out names the input file; write the converted events to another file.")
    with path.open("rb") as handle:
        fmt = detect(handle.read(SNIFF_BYTES)) if fmt == "auto" else fmt
        handle.seek(0)
        notices, chunks = _chunks(path, handle, fmt)
        progress = err.isatty() or path.stat().st_size >= BIG_FILE
        tally = _write(chunks, Path(out), partial(_tick, progress, err, handle, path))
    if progress:
        print(file=err)
    if tally.read != tally.converted + tally.rejected + sum(tally.skipped.values()):
        raise RuntimeError(f"conversion lost rows: {tally}")  # a bug, never a data problem
    _print_report(source, fmt, out, tally, notices)
    return 1 if tally.rejected or tally.file_problems else 0


def _chunks(path: Path, handle: BinaryIO, fmt: str):
    if FORMATS[fmt].read is not None:
        return stream(handle, fmt)
    # Curated files are the app's own format and small; the curated loader reads them whole.
    result = read_curated(path)
    chunk = Chunk(result.rows, result.events, result.problems, result.rejected.to_dict("records"), Counter())
    return result.notices, iter([chunk])


def _write(chunks, out: Path, tick) -> Tally:
    tally = Tally()
    with out.open("wb") as sink:
        for number, chunk in enumerate(chunks):
            data = write_events(events_text(chunk.events), with_header=number == 0)
            sink.write(data)
            tally.add(chunk)
            tick(tally.read)
    return tally


def _tick(shown: bool, err: TextIO, handle: BinaryIO, path: Path, rows: int) -> None:
    if shown:
        _progress(err, rows, handle, path)


def _progress(err: TextIO, rows: int, handle: BinaryIO, path: Path) -> None:
    size = path.stat().st_size or 1
    position = handle.tell() if not handle.closed else size
    print(f"\r{rows:,} rows read ({min(position / size, 1):.0%})", end="", file=err, flush=True)


def _print_report(source: str, fmt: str, out: str, tally: Tally, notices: list[str]) -> None:
    print(f"{source} ({FORMATS[fmt].title})")
    print(f"  read: {_rows(tally.read)}")
    print(f"  converted: {tally.converted} events, written to {out}")
    print(f"  skipped by rule: {_rows(sum(tally.skipped.values()))}")
    for rule, count in sorted(tally.skipped.items(), key=lambda item: (-item[1], item[0])):
        print(f"    {count:>6}  {rule}")
    print(f"  rejected: {_rows(tally.rejected)}")
    for problem in tally.file_problems:
        print(f"    file, column {problem.column}: {problem.reason}")
    for (column, reason), (count, examples) in sorted(tally.groups.items(), key=lambda item: -item[1][0]):
        shown = "; ".join(f"row {p.row} {p.value[:60]!r}" for p in examples)
        print(f"    {count:>6}  {column}: {reason} (e.g. {shown})")
    for notice in notices:
        print(f"note: {notice}")


def db(action: str, file: str | None, out: str | None, url: str | None, author: str = "import") -> int:
    """`db init`, `db import FILE` (with the usual report) and `db export --out FILE` (validated round trip)."""
    from tracker.store import configured_url
    from tracker.store.sql import SqlStore, engine_for

    url = url or configured_url()
    if not url:
        print("error: no database: pass --url, or set [connections.events] url in .streamlit/secrets.toml",
              file=sys.stderr)
        return 2
    store = SqlStore(engine_for(url))
    store.init()
    if action == "init":
        print(f"{store.name}: ready ({store.latest_revision(fresh=True):,} revisions)")
        return 0
    if action == "import":
        if not file:
            print("error: db import needs a FILE", file=sys.stderr)
            return 2
        result = load(file)
        valid, problems = store.check(result.events)
        done = store.append(valid, author=author, comment=f"imported from {Path(file).name}") if len(valid) else None
        print(f"{file}: read {_rows(result.rows)} = {result.loaded:,} converted + {result.skipped_total:,} skipped "
              f"by rule + {result.rejected_count:,} rejected")
        refused = len(result.events) - len(valid)
        print(f"  added to {store.name}: {done.appended if done else 0:,} events; refused: {refused:,}")
        for problem in (result.problems + problems)[:50]:
            print(f"    row {problem.row}, {problem.column} {problem.value[:60]!r}: {problem.reason}")
        return 1 if result.rejected_count or problems else 0
    if not out:
        print("error: db export needs --out FILE", file=sys.stderr)
        return 2
    current = store.load()
    data = write_events(events_text(current.events))
    again = parse_curated(data, out)
    if again.rows != current.loaded or again.rejected_count or list(again.events["event_id"]) != list(
            current.events["event_id"]):
        print(f"error: the export would not read back as the same {current.loaded:,} events; nothing written",
              file=sys.stderr)
        return 2
    Path(out).write_bytes(data)
    print(f"{store.name}: {current.loaded:,} events written to {out} (rejected rows in the database: "
          f"{current.rejected_count:,})")
    return 0


def _rows(count: int) -> str:
    return f"{count:,} row" + ("" if count == 1 else "s")


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the sub-command."""
    parser = argparse.ArgumentParser(prog="python -m loaders", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check an events file and print each problem")
    validate.add_argument("path")
    conv = sub.add_parser("convert", help="convert an ACLED, GDELT, GSDB or curated file to canonical CSV")
    conv.add_argument("input")
    conv.add_argument("--format", default="auto", choices=["auto", *FORMATS], help="input format (default: detect)")
    conv.add_argument("--out", required=True, help="the canonical CSV to write")
    database = sub.add_parser("db", help="the events database: init, import FILE, export --out FILE")
    database.add_argument("action", choices=["init", "import", "export"])
    database.add_argument("file", nargs="?", help="import: any file the loaders read")
    database.add_argument("--out", help="export: the events CSV to write")
    database.add_argument("--url", help="SQLAlchemy URL (default: [connections.events] url in .streamlit/secrets.toml)")
    database.add_argument("--author", default="import", help="import: the author of the new revisions")
    args = parser.parse_args(argv)
    if args.command == "validate":
        return report(args.path)
    try:
        if args.command == "db":
            return db(args.action, args.file, args.out, args.url, args.author)
        return convert(args.input, args.format, args.out)
    except (DataError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
