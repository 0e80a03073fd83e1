"""Propose events from many article files at once, as one CSV for review.

    python -m loaders.article FILES_OR_FOLDERS... --out proposals.csv [--events PATH] [--published YYYY-MM-DD]

Each row is one proposal: `article_file` (the file it came from), the extractor's columns as `python -m
tracker.extract` prints them (the header's url, publisher and title are in source_url, source_publisher and
source_title), `confidence`, and `likely_duplicate_of`: the event_ids of events already in the events file that the
proposal may repeat (same type, a shared actor or target, dates at most 3 days apart), ";"-separated, those by the
same actor first, then nearest date first.
Folders are walked for .txt files (see loaders/article/__init__.py). A file that cannot be read, is not UTF-8 or has
no publication date is named with the reason and the others go on; the command then exits 1 (2: nothing was done).
Values are written exactly as extracted, like the events file (no spreadsheet-formula quoting).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path
from typing import TextIO

from loaders import load
from loaders.article import article_files
from loaders.csvfile import write_events
from tracker.core.errors import DataError
from tracker.extract.batch import BATCH_COLUMNS, Batch, propose
from tracker.store import events_path

# More article files than this show a progress bar on stderr.
HANDFUL = 5

# Width of the progress bar, in characters; and the least time between two redraws on a terminal, in seconds.
BAR_WIDTH, REDRAW = 30, 0.1


class Progress:
    """A progress bar on stderr: redrawn in place on a terminal; elsewhere (a log file) one line per tenth of the way.

    NOTE: tqdm is not a dependency of this project, and this is all the batch needs.
    """

    def __init__(self, total: int, err: TextIO) -> None:
        self.total, self.err, self.live = total, err, err.isatty()
        self.start = self.drawn = time.perf_counter()
        self.tenths = 0

    def __call__(self, done: int) -> None:
        now = time.perf_counter()
        if self.live and (now - self.drawn >= REDRAW or done == self.total):
            print(f"\r{self.line(done, now)}", end="", file=self.err, flush=True)
            self.drawn = now
        elif not self.live and done * 10 // self.total > self.tenths:
            self.tenths = done * 10 // self.total
            print(self.line(done, now), file=self.err, flush=True)

    def line(self, done: int, now: float) -> str:
        """The bar as text: `[#########.....] 120/200 articles (236/s)`."""
        filled = BAR_WIDTH * done // self.total
        rate = done / max(now - self.start, 1e-9)
        return f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done:,}/{self.total:,} articles ({rate:,.0f}/s)"

    def close(self) -> None:
        """End the bar's line on a terminal."""
        if self.live:
            print(file=self.err)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date written YYYY-MM-DD") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m loaders.article", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", metavar="FILE_OR_FOLDER",
                        help="article files (header lines url:, published:, publisher:, title:, a blank line, the "
                             "text), or folders walked for .txt files")
    parser.add_argument("--out", required=True, help="the CSV of proposals to write")
    parser.add_argument("--events", help="events file to flag likely duplicates against (default: EVENTS_PATH if "
                                         "set, else data/events.csv)")
    parser.add_argument("--published", type=_date, help="publication date YYYY-MM-DD of files without a published: "
                                                        "line (a file's own date always wins)")
    return parser


def main(argv: list[str] | None = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Run the batch; the exit code is 0 when every file gave its proposals, 1 when some failed, 2 when none ran."""
    args = _parser().parse_args(argv)
    files, failures = article_files(args.paths)
    target = Path(args.out)
    if any(target.resolve() == path.resolve() for path in files):
        print(f"error: --out names an article file ({args.out}); write the proposals to another file", file=err)
        return 2
    events = Path(args.events) if args.events else events_path()
    try:
        existing = load(events).events
    except (DataError, OSError) as error:
        print(f"error: cannot read the events file {events} to flag duplicates: {error}", file=err)
        return 2
    progress = Progress(len(files), err) if len(files) > HANDFUL else None
    batch = propose(files, existing, args.published, progress)
    if progress:
        progress.close()
    try:
        target.write_bytes(write_events(batch.proposals, header=BATCH_COLUMNS))
    except (DataError, OSError) as error:
        print(f"error: cannot write {args.out}: {error}", file=err)
        return 2
    failures += batch.failures
    for path, reason in failures:
        print(f"error: {path}: {reason}", file=err)
    print(summary(batch, failures, args.out, events), file=out)
    return 1 if failures else 0


def summary(batch: Batch, failures: list[tuple[str, str]], out: str, events: Path) -> str:
    """What the run did, in one paragraph."""
    rows = batch.proposals
    without = batch.articles - rows["article_file"].nunique()
    text = (f"{out}: {len(rows):,} proposals from {batch.articles:,} articles ({without:,} with none); "
            f"{batch.flagged:,} look like events already in {events} (see likely_duplicate_of).")
    if failures:
        text += f"\n{len(failures):,} failed (named above with the reason); their articles are not in {out}."
    return text


if __name__ == "__main__":
    sys.exit(main())
