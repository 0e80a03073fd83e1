"""Reviewing extracted candidates: the page's mode, highlighted evidence, and checks before rows are accepted."""

from __future__ import annotations

import csv
import io
import os
from html import escape
from pathlib import Path

import pandas as pd

from loaders.curated import parse_curated
from tracker.schema import COLUMNS
from tracker.store import read_only
from tracker.validation import Problem

# Environment variable choosing what "accept" does: "append" writes to the events file, anything else
# (the default, safe for a hosted link) offers the accepted rows as a CSV file for a pull request.
MODE_ENV = "TRACKER_REVIEW_MODE"


def review_mode(path: Path) -> tuple[str, str]:
    """("append" or "download", a sentence saying why) for the events file at `path`."""
    if os.environ.get(MODE_ENV, "").strip().lower() != "append":
        return "download", (f"Accepted rows are downloaded as CSV for a pull request; set {MODE_ENV}=append "
                            "(for example with make curate) to append them to the events file instead.")
    reason = read_only(path)
    if reason:
        return "download", f"Appending is switched on, but {reason}; accepted rows are downloaded as CSV instead."
    return "append", f"Accepted rows are appended to {path} (the previous version is kept as a backup)."


def highlight(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Safe HTML of the article with each candidate's evidence sentence marked and numbered (text escaped)."""
    parts, at = [], 0
    for start, end, label in sorted(spans):
        if start < at:
            continue  # a sentence already marked for an earlier candidate
        parts.append(escape(text[at:start]))
        parts.append(f'<mark title="{escape(label)}"><sup>{escape(label)}</sup> {escape(text[start:end])}</mark>')
        at = end
    parts.append(escape(text[at:]))
    body = "".join(parts).replace("\n", "<br>")
    return f'<div style="max-height:24rem;overflow:auto;line-height:1.5">{body}</div>'


def rows_csv(rows: pd.DataFrame) -> bytes:
    """The rows in the events-file format: canonical columns, values exactly as entered (for a pull request)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for record in rows.reindex(columns=list(COLUMNS)).fillna("").astype(str).itertuples(index=False):
        writer.writerow(record)
    return out.getvalue().encode("utf-8")


def check(rows: pd.DataFrame, existing_ids: set[str]) -> tuple[pd.DataFrame, list[Problem]]:
    """The rows that pass the loader's rules and are new, and a problem for each that does not.

    Problems count rows from 1 (the first accepted candidate), not file rows.
    """
    result = parse_curated(rows_csv(rows), "accepted rows")
    problems = [Problem(p.row - 1 if p.row else None, p.column, p.value, p.reason) for p in result.problems]
    valid = result.events
    clash = valid["event_id"].isin(existing_ids)
    problems += [Problem(int(row) - 1, "event_id", event_id, "an event with this ID is already in the events file")
                 for row, event_id in valid.loc[clash, ["_row", "event_id"]].itertuples(index=False)]
    good_rows = set(valid.loc[~clash, "_row"] - 2)
    return rows.reset_index(drop=True).iloc[sorted(good_rows)], sorted(problems, key=lambda p: p.row or 0)
