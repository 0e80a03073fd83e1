"""Command line: `python -m loaders validate PATH` prints the load report; exit 1 if any row is rejected."""

from __future__ import annotations

import argparse
import sys

from loaders import load
from tracker.validation import DataError


def report(path: str) -> int:
    """Print the validation report for one file; return the process exit code."""
    try:
        result = load(path)
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    rejected = len(result.rejected)
    print(f"{result.source}: {result.rows} rows, {result.loaded} loaded, {rejected} rejected")
    for notice in result.notices:
        print(f"note: {notice}")
    for p in result.problems:
        where = f"row {p.row}" if p.row is not None else "file"
        print(f"{where}, column {p.column}, value {p.value!r}: {p.reason}")
    return 1 if rejected or (result.problems and not result.rows) else 0


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the sub-command."""
    parser = argparse.ArgumentParser(prog="python -m loaders", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check an events file and print each problem")
    validate.add_argument("path")
    args = parser.parse_args(argv)
    return report(args.path)


if __name__ == "__main__":
    sys.exit(main())
