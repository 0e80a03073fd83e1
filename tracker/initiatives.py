"""The declared scope (data/initiatives.csv): each tracked initiative, its renewal cadence and the span claimed
complete, validated like the events file."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tracker.core.actors import registry, split_codes
from tracker.core.errors import Problem


@dataclass(frozen=True)
class Column:
    """One column of the scope file: its title and one-line definition."""

    title: str
    definition: str
    required: bool = False


# The scope file's columns, in order (the data dictionary of data/initiatives.csv).
SCOPE_COLUMNS: dict[str, Column] = {
    "initiative": Column("Initiative", "The name events use in their `initiative` column (unique).", True),
    "kind": Column("Kind", "What it is (controlled vocabulary below).", True),
    "runner": Column("Runs or mandates it", "`;`-separated codes of who runs, mandates or imposes it.", True),
    "host_or_target": Column("Host or target", "`;`-separated codes of the host state or the target."),
    "first_decision": Column("First decision", "Date of the launch or first adoption (ISO), even before 2014."),
    "cadence_months": Column("Renewal cadence (months)", "Usual months between renewals; empty when it is not "
                             "renewed on a cadence."),
    "end": Column("End", "Date it ended (ISO), if it has ended."),
    "covered_from": Column("Covered from", "Start of the span the data claims complete (ISO); empty: no claim."),
    "covered_to": Column("Covered to", "End of the span the data claims complete (ISO)."),
    "description": Column("Description", "One neutral line saying what it is.", True),
    "known_gaps": Column("Known gaps", "Decisions known to exist that are not recorded, and why."),
}

# Kinds of initiative.
KINDS = {
    "mission": "A military, training, monitoring or peacekeeping mission.",
    "mandate": "A mandate other than a mission, e.g. a UN panel of experts.",
    "sanctions_regime": "A standing sanctions regime renewed on a cadence.",
    "sanctions_programme": "One sender's rounds of sanctions against one target (no cadence).",
    "aid_programme": "One donor's military aid to one recipient.",
    "diplomacy": "A negotiation, agreement, proposal or resolution process.",
    "incident": "A context event or crisis that other events answer.",
}

DATE_COLUMNS = ("first_decision", "end", "covered_from", "covered_to")


def read_scope(path: str | Path) -> tuple[pd.DataFrame, list[Problem]]:
    """The scope file as a frame (dates parsed, cadence as a number), and one Problem per bad cell."""
    text = Path(path).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    header = list(rows[0].keys()) if rows else next(csv.reader(io.StringIO(text)), [])
    problems = [Problem(1, name, "", f"required column '{name}' is missing") for name in SCOPE_COLUMNS
                if name not in header]
    if problems:
        return pd.DataFrame(columns=list(SCOPE_COLUMNS)), problems
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        problems += _row_problems(number, row, seen)
    frame = pd.DataFrame(rows, columns=list(SCOPE_COLUMNS)).fillna("")
    for name in DATE_COLUMNS:
        frame[name] = pd.to_datetime(frame[name], format="%Y-%m-%d", errors="coerce")
    frame["cadence_months"] = pd.to_numeric(frame["cadence_months"], errors="coerce").astype("Int64")
    return frame, problems


def _row_problems(number: int, row: dict, seen: set[str]) -> list[Problem]:
    out = []
    reg = registry()
    for name, column in SCOPE_COLUMNS.items():
        if column.required and not (row.get(name) or "").strip():
            out.append(Problem(number, name, "", "this column is required but the cell is empty"))
    name = row.get("initiative", "")
    if name in seen:
        out.append(Problem(number, "initiative", name, "this initiative is listed twice"))
    seen.add(name)
    if row.get("kind") and row["kind"] not in KINDS:
        out.append(Problem(number, "kind", row["kind"], f"not a kind; use one of: {', '.join(KINDS)}"))
    for name in ("runner", "host_or_target"):
        bad = [c for c in split_codes(row.get(name, "")) if not reg.is_code(c)]
        if bad:
            out.append(Problem(number, name, row[name], f"unknown code {', '.join(bad)}"))
    for name in DATE_COLUMNS:
        value = row.get(name, "")
        if value and pd.isna(pd.to_datetime(value, format="%Y-%m-%d", errors="coerce")):
            out.append(Problem(number, name, value, "not a date: write it as YYYY-MM-DD"))
    cadence = row.get("cadence_months", "")
    if cadence and not cadence.isdigit():
        out.append(Problem(number, "cadence_months", cadence, "a whole number of months, or empty"))
    if bool(row.get("covered_from")) != bool(row.get("covered_to")):
        out.append(Problem(number, "covered_to", row.get("covered_to", ""), "a claimed span needs both ends"))
    elif row.get("covered_from") and row["covered_from"] > row["covered_to"]:
        out.append(Problem(number, "covered_to", row["covered_to"], "the span ends before it starts"))
    return out


def cross_problems(scope: pd.DataFrame, events: pd.DataFrame) -> list[str]:
    """Sentences for each mismatch between the scope and the events: an event's initiative that is not listed,
    and a listed initiative that has no event."""
    listed = set(scope["initiative"])
    used = {str(name) for name in events["initiative"].astype(str).unique() if str(name)}
    out = [f"initiative {name!r} is used by events but not listed in data/initiatives.csv: add a row"
           for name in sorted(used - listed)]
    out += [f"initiative {name!r} is listed in data/initiatives.csv but no event uses it: remove the row or "
            "record its events" for name in sorted(listed - used)]
    return out
