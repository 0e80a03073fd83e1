"""Read ACLED exports (the 2020-era and the current column layout) into canonical events."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import re
from typing import TextIO

from loaders.csvfile import sniff_delimiter
from loaders.mapping import (
    Mapped,
    Reading,
    digest,
    names,
    record_problems,
    records,
    rejected,
    resolve_name,
    shortened,
    skipped,
    slug,
    with_raw,
)
from tracker.core.errors import Problem

# Columns a row needs to be mapped at all (names are matched case-insensitively).
REQUIRED = ("event_date", "time_precision", "event_type", "sub_event_type", "actor1", "country")

# Lines read looking for the header; exports from some tools put a line of text above it.
MAX_PREAMBLE = 5


# `event_date` as ACLED has written it: ISO (API, current exports), "9-May-20" (2020-era spreadsheets),
# "01 November 2024" (the export tool).
DATE_FORMATS = ("%Y-%m-%d", "%d-%b-%y", "%d %B %Y", "%d %b %Y", "%d/%m/%Y")

# NOTE: ACLED codebook, time_precision: 1 = the source gives the day; 2 = a week or a similar span (ACLED
# records a day inside it); 3 = only the month (ACLED records the month's middle). The tracker knows day,
# month and year, so 2 and 3 become month precision (the month of ACLED's date, which we set to day 01).
PRECISIONS = {"1": "day", "2": "month", "3": "month"}

# NOTE: the ACLED (event_type, sub_event_type) pairs the tracker follows, lower-case, with the event type
# and status they become. Every other pair is skipped by rule: battles, protests, riots, violence against
# civilians and remote violence are outside a sanctions-and-diplomacy tracker.
EVENT_TYPES = {
    ("strategic developments", "agreement"): ("statement", "announced"),
    ("strategic developments", "non-violent transfer of territory"): ("incident", "announced"),
}

# ACLED names state forces "Military Forces of Russia (2000-)"; the period suffix is dropped first.
STATE_PREFIX = re.compile(r"^(?:Government|Military Forces|Police Forces|Navy|Air Force) of (?:the )?(.+)$")
PERIOD_SUFFIX = re.compile(r"\s*\(\d{4}-(?:\d{4})?\).*$")


def read_acled(stream: TextIO) -> Reading:
    """Find the header (after an optional preamble), check the columns, and map each data row lazily."""
    before, lines = _find_header(stream)
    header_line = next(lines, "")
    delimiter = sniff_delimiter(header_line, REQUIRED)
    reader = csv.reader(itertools.chain([header_line], lines), delimiter=delimiter)
    titles = [cell.strip() for cell in next(reader, [])]
    header = [title.lower() for title in titles]
    notices = [f"Line {n} above the ACLED header was skipped: {line.strip()[:80]!r}"
               for n, line in enumerate(before, start=1) if line.strip()]
    problems = [Problem(None, name, "", f"the ACLED column '{name}' is missing; export the file again with all "
                        "columns") for name in REQUIRED if name not in header]
    rows = (with_raw(map_row(number, header, record), titles, record)
            for number, record in records(reader, first=len(before) + 2))
    return Reading(rows, problems, notices, header_row=len(before) + 1)


def _find_header(stream: TextIO) -> tuple[list[str], itertools.chain]:
    """The lines above the header (a preamble), and the lines from the header on."""
    head = [line for line in itertools.islice(stream, MAX_PREAMBLE)]
    at = next((i for i, line in enumerate(head) if "event_date" in line.lower()), None)
    if at is None:  # no ACLED header: the first non-blank line is reported on as the header
        at = next((i for i, line in enumerate(head) if line.strip()), 0)
    return head[:at], itertools.chain(head[at:], stream)


def map_row(number: int, header: list[str], record: list[str]) -> Mapped:
    """One ACLED row as canonical cells, a skip by rule, or a rejection naming column and value."""
    if problems := record_problems(number, header, record):
        return Mapped(number, problems=problems)
    row = {name: cell.strip() for name, cell in zip(header, record, strict=True)}
    kind = (row.get("event_type", "").lower(), row.get("sub_event_type", "").lower())
    if kind not in EVENT_TYPES:
        return skipped(number, f"ACLED {row.get('event_type')} / {row.get('sub_event_type')}: not a tracked event type")
    actors = _codes(row.get("actor1", ""), row.get("assoc_actor_1", ""))
    if not actors:
        return skipped(number, "ACLED actor1 is not a state or a registered organisation")
    date, precision = _date(row.get("event_date", "")), PRECISIONS.get(_number(row.get("time_precision", "")))
    if date is None:
        return rejected(number, "event_date", row.get("event_date", ""), "not a date ACLED writes: use 2020-05-09, "
                        "9-May-20 or 01 November 2024")
    if precision is None:
        return rejected(number, "time_precision", row.get("time_precision", ""),
                        "time_precision must be 1, 2 or 3 (ACLED codebook)")
    return Mapped(number, _cells(row, kind, actors, date, precision))


def _cells(row: dict[str, str], kind: tuple[str, str], actors: list[str], date: dt.date, precision: str) -> dict:
    event_type, status = EVENT_TYPES[kind]
    targets = [code for code in _codes(row.get("actor2", ""), row.get("assoc_actor_2", "")) if code not in actors]
    country = resolve_name(row.get("country", ""))
    if not targets and country and country not in actors:
        targets = [country]
    if precision == "month":
        date = date.replace(day=1)
    return {
        "event_id": _event_id(row, date),
        "date": date.isoformat(),
        "date_precision": precision,
        "event_type": event_type,
        "status": status,
        "actors": ";".join(actors),
        "targets": ";".join(targets),
        "title": _title(row, actors, targets),
        "description": _description(row),
        "tags": ";".join(["acled", *(slug(row.get(name, "")) for name in ("event_type", "sub_event_type"))]),
        "source_publisher": row.get("source", "") or "ACLED",
    }


def resolve_actor(name: str) -> str | None:
    """The code of an ACLED actor name: a state's forces or government, or a registered organisation."""
    name = PERIOD_SUFFIX.sub("", name.strip())
    if not name:
        return None
    if code := resolve_name(name):
        return code
    if match := STATE_PREFIX.match(name):
        return resolve_name(match.group(1))
    if ": " in name:  # "NATO: North Atlantic Treaty Organization"
        return next((code for part in name.split(": ", 1) if (code := resolve_name(part))), None)
    return None


def _codes(main: str, associated: str) -> list[str]:
    names = [main, *associated.split(";")]
    codes = [resolve_actor(name) for name in names if name.strip()]
    return list(dict.fromkeys(code for code in codes if code))


def _unresolved(row: dict[str, str]) -> list[str]:
    names = [row.get("actor1", ""), row.get("actor2", "")]
    for name in ("assoc_actor_1", "assoc_actor_2"):
        names += row.get(name, "").split(";")
    return [name.strip() for name in names if name.strip() and not resolve_actor(name)]


def _date(text: str) -> dt.date | None:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _number(text: str) -> str:
    """'2' from '2' or '2.0' (spreadsheets write whole numbers as floats)."""
    return text.strip().removesuffix(".0")


def _event_id(row: dict[str, str], date: dt.date) -> str:
    if ident := slug(row.get("event_id_cnty", "")):
        return f"acled-{ident}"
    # NOTE: files without ACLED's id get a content hash, stable as long as the row is unchanged.
    key = digest(*(row.get(name, "") for name in ("event_date", "actor1", "actor2", "location", "notes")))
    return f"acled-{date.isoformat()}-{key}"


def _title(row: dict[str, str], actors: list[str], targets: list[str]) -> str:
    who = names(actors) + (f" with {names(targets)}" if targets else "")
    place = ", ".join(part for part in (row.get("location", ""), row.get("country", "")) if part)
    title = f"{row.get('sub_event_type', '')}: {who}" + (f" ({place})" if place else "")
    return shortened(title)


def _description(row: dict[str, str]) -> str:
    text = row.get("notes", "")
    others = _unresolved(row)
    if others:
        text += (" " if text else "") + "Other parties named by ACLED: " + "; ".join(dict.fromkeys(others)) + "."
    return text
