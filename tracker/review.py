"""Reviewing extracted candidates: the page's mode, their order and confidence threshold, highlighted evidence, and
checks before rows are accepted."""

from __future__ import annotations

import os
from html import escape

import pandas as pd

from loaders.csvfile import events_text, write_events
from tracker.store import EventStore

# Environment variable choosing what "accept" does: "append" writes to the events file, anything else
# (the default, safe for a hosted link) offers the accepted rows as a CSV file for a pull request.
MODE_ENV = "TRACKER_REVIEW_MODE"

# URL parameter of the confidence threshold under which proposals are hidden.
THRESHOLD_KEY = "min_confidence"

# A slider's 0.45 may arrive as 0.44999999999999996: scores this close under the threshold are at it.
TOLERANCE = 1e-9


def review_mode(store: EventStore, author: str | None = None, why_not: str = "") -> tuple[str, str]:
    """("append" or "download", a sentence saying why) for this store of events. A database is appended to
    whenever the visitor may edit (`author`, else `why_not`); a file only when TRACKER_REVIEW_MODE=append."""
    if hasattr(store, "recent"):  # a database keeps every change as a revision with its author
        if author:
            return "append", f"Accepted rows are added to {store.name} as revisions by {author}."
        return "download", f"Accepted rows are downloaded as CSV: {why_not}."
    if os.environ.get(MODE_ENV, "").strip().lower() != "append":
        return "download", (f"Accepted rows are downloaded as CSV for a pull request; set {MODE_ENV}=append "
                            "(for example with make curate) to append them to the events file instead.")
    reason = store.read_only()
    if reason:
        return "download", f"Appending is switched on, but {reason}; accepted rows are downloaded as CSV instead."
    return "append", f"Accepted rows are appended to {store.name} (the previous version is kept as a backup)."


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
    return write_events(events_text(rows))


def by_confidence(found: pd.DataFrame) -> pd.DataFrame:
    """The proposals numbered 1, 2, ... in text order (the numbers marked in the article), highest confidence first;
    equal scores stay in text order."""
    numbered = found.set_axis(range(1, len(found) + 1))
    return numbered.sort_values("confidence", ascending=False, kind="stable")


def at_least(found: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """The proposals whose confidence is at or above `threshold`."""
    return found[found["confidence"] >= threshold - TOLERANCE]


def hidden_note(hidden: int, total: int, threshold: float) -> str:
    """The sentence under the threshold: `2 of 5 proposals hidden: confidence under 0.60 (...)`."""
    return (f"{hidden} of {total} proposal{'s' if total != 1 else ''} hidden: confidence under {threshold:.2f} "
            "(hidden proposals are not accepted).")


def threshold_notice(value: str | None) -> str | None:
    """Why a link's confidence threshold is ignored, or None when it is absent or usable."""
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if 0 <= number <= 1:
        return None
    return f"Ignored {THRESHOLD_KEY}={value} from the link: the confidence threshold is a number from 0 to 1."
