"""Shared machinery for loaders that map a foreign format onto the canonical columns, in bounded chunks."""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import pandas as pd

from loaders.csvfile import MAX_CELL
from tracker.core.actors import registry
from tracker.core.errors import DataError, Problem
from tracker.core.prose import join_words
from tracker.core.result import LoadResult
from tracker.core.schema import COLUMNS
from tracker.core.validation import ROW, to_events, validate

# Source rows mapped and validated together; memory stays bounded by this, not by the file size.
CHUNK_ROWS = 10_000


# Longest generated title, in characters.
MAX_TITLE = 140

# Characters of each cell of a rejected or skipped source row kept for display.
RAW_CHARS = 500

# Skipped rows kept as examples, per rule and in all (the rest are only counted): enough to see what a rule left out.
SKIPPED_EXAMPLES_PER_RULE, SKIPPED_EXAMPLES = 20, 1_000

# The column of a skipped-row example that names its rule.
RULE = "_rule"

# Bytes that could not be decoded are kept as lone surrogates by "surrogateescape".
_SURROGATES = re.compile("[\udc80-\udcff]")


# NOTE: former states with no ISO 3166 code at all: a case naming one is rejected with this reason.
NO_CODE_STATES = {"south vietnam": "South Vietnam (Republic of Vietnam) never had an ISO 3166 code",
                  "vietnam, south": "South Vietnam (Republic of Vietnam) never had an ISO 3166 code",
                  "republic of vietnam": "South Vietnam (Republic of Vietnam) never had an ISO 3166 code"}


@dataclass
class Mapped:
    """One source row after mapping: canonical cells, or the problems that stop it, or the rule that skips it."""

    row: int
    cells: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    skip: str = ""
    # The row as the file has it: the column names and the cells (turned into a table only when shown).
    source: tuple[Sequence[str], list[str]] = ((), [])


@dataclass
class Reading:
    """A source opened by a format reader: file-level problems and notices, then the mapped rows."""

    rows: Iterator[Mapped]
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    header_row: int | None = 1  # the row number of the header, None for a file without one


@dataclass
class Chunk:
    """The outcome of one chunk of source rows: valid events, problems, rejected rows and rule skips."""

    rows: int
    events: pd.DataFrame
    problems: list[Problem]
    rejected: list[dict]
    skipped: Counter
    skipped_rows: list[dict] = field(default_factory=list)  # examples, bounded per rule


def skipped(row: int, rule: str) -> Mapped:
    """A row left out by a documented rule (counted per rule, never rejected)."""
    return Mapped(row, skip=rule)


def rejected(row: int, column: str, value: str, reason: str, cells: dict[str, str] | None = None) -> Mapped:
    """A row that cannot be mapped, with the reason naming its column and value."""
    return Mapped(row, cells or {}, [Problem(row, column, shown(value), reason)])


def with_raw(item: Mapped, names: Sequence[str], record: list[str]) -> Mapped:
    """Keep the source row with the mapped one, so a rejected or skipped row is shown as the file has it."""
    item.source = (names, record)
    return item


def source_cells(names: Sequence[str], record: list[str]) -> dict[str, str]:
    """A source row as the file has it: each cell under its column's name (cells past the header as "field N"),
    undecodable bytes replaced and long cells shortened."""
    cells: dict[str, str] = {}
    for index, cell in enumerate(record):
        name = shown(names[index]) if index < len(names) and names[index] else f"field {index + 1}"
        cells.setdefault(name, shown(cell)[:RAW_CHARS])
    return cells


def shown(cell: str) -> str:
    """A cell with undecodable bytes replaced, so it can be displayed and stored."""
    return _SURROGATES.sub("\ufffd", cell)


def undecodable(row: int, header: list[str], record: list[str]) -> list[Problem]:
    """One problem per cell holding bytes that are not UTF-8."""
    return [Problem(row, name, shown(cell), "the cell contains bytes that are not UTF-8; save the file as UTF-8")
            for name, cell in zip(header, record, strict=False) if _SURROGATES.search(cell)]


def record_problems(row: int, header: list[str], record: list[str]) -> list[Problem]:
    """Why a raw record cannot be read as a row: a field count unlike the header's, or bytes that are not UTF-8."""
    if len(record) != len(header):
        return [Problem(row, "(row)", shown(",".join(record))[:80],
                        f"the row has {len(record)} fields but the header has {len(header)}; check commas and quotes")]
    return undecodable(row, header, record)


def slug(text: str) -> str:
    """Lower-case ascii letters, digits and hyphens (the event_id alphabet)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def digest(*parts: str) -> str:
    """A short stable hash of some cells, for ids of rows that carry none."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:10]


def resolve_name(name: str) -> str | None:
    """The actor code for a state or organisation name: exact registry look-up, then the alias table."""
    reg = registry()
    name = " ".join(name.split())
    return reg.resolve(name)


def shortened(title: str) -> str:
    """A generated title cut to MAX_TITLE characters, marked with an ellipsis when cut."""
    return title if len(title) <= MAX_TITLE else title[:MAX_TITLE - 1] + "…"


def names(codes: list[str]) -> str:
    """Display names joined as people write them: "European Union, Japan and South Korea"."""
    reg = registry()
    return join_words([reg.name(code) for code in codes])


def records(reader: Iterable[list[str]], first: int = 1) -> Iterator[tuple[int, list[str]]]:
    """Numbered, non-blank CSV records; a CSV syntax error is a DataError naming the row."""
    number = first - 1
    try:
        for number, record in enumerate(reader, start=first):
            if any(cell.strip() for cell in record):
                yield number, record
    except csv.Error as error:
        raise DataError(f"Row {number + 1} of the file could not be read as CSV ({error}); check its quotes and "
                        f"keep each cell under {MAX_CELL:,} characters.") from None


def convert(reading: Reading) -> Iterator[Chunk]:
    """Validate mapped rows chunk by chunk; every row read ends up converted, skipped or rejected."""
    seen: set[str] = set()
    pending: list[Mapped] = []
    rules: Counter = Counter()
    examples: list[dict] = []
    sampled: Counter = Counter()  # examples kept per rule over the whole file
    count = 0
    problems = list(reading.problems)
    blocked = bool(reading.problems)
    for item in reading.rows:
        count += 1
        if item.skip and not blocked:
            rules[item.skip] += 1
            if sampled[item.skip] < SKIPPED_EXAMPLES_PER_RULE and sampled.total() < SKIPPED_EXAMPLES:
                sampled[item.skip] += 1
                examples.append({RULE: item.skip, **_record(item)})
        else:
            pending.append(item)
        if count >= CHUNK_ROWS:
            yield _check(pending, count, rules, seen, problems, blocked, examples)
            pending, rules, count, problems, examples = [], Counter(), 0, [], []
    yield _check(pending, count, rules, seen, problems, blocked, examples)


def _check(pending: list[Mapped], count: int, rules: Counter, seen: set[str], problems: list[Problem],
           blocked: bool, examples: list[dict]) -> Chunk:
    bad: list[Mapped] = []
    good: list[Mapped] = []
    for item in pending:
        event_id = item.cells.get("event_id", "")
        if event_id and not item.problems and event_id in seen:
            item.problems.append(Problem(item.row, "event_id", event_id, f"duplicate event_id '{event_id}': the id "
                                         "is already used by an earlier row"))
        seen.add(event_id)
        (bad if item.problems or blocked else good).append(item)
        if not blocked:  # when the file lacks a column, its one file-level problem explains every row
            problems += item.problems
    raw = _frame(good)
    events, checked = validate(raw)
    failed = {p.row for p in checked}
    rejected_rows = [_record(item) for item in bad] + [_record(item) for item in good if item.row in failed]
    return Chunk(count, events, problems + checked, rejected_rows, rules, examples)


def _record(item: Mapped) -> dict:
    # NOTE: a rejected or skipped row is shown as the file has it (its own columns), not as mapped: a mapped row
    # that failed is mostly empty canonical cells, which reads as a blank row. Rows without a kept source (none of
    # the readers here) fall back to the mapped cells.
    names, record = item.source
    cells = source_cells(names, record) if record else {name: item.cells.get(name, "") for name in COLUMNS}
    return {ROW: item.row, **cells}


def _canonical(item: Mapped) -> dict:
    record: dict[str, object] = {name: item.cells.get(name, "") for name in COLUMNS}
    record[ROW] = item.row
    return record


def _frame(items: list[Mapped]) -> pd.DataFrame:
    if not items:
        frame = pd.DataFrame(columns=[*COLUMNS, ROW], dtype=str)
    else:
        frame = pd.DataFrame([_canonical(item) for item in items], columns=[*COLUMNS, ROW])
    frame[ROW] = frame[ROW].astype(int)
    return frame


def as_in_file(rows: list[dict], first: tuple[str, ...] = (ROW,)) -> pd.DataFrame:
    """Source rows as one table: `first` columns, then the file's columns in the order they appear."""
    frame = pd.DataFrame(rows)
    for name in reversed(first):
        if name not in frame:
            frame.insert(0, name, pd.Series(dtype=int if name == ROW else str))
    return frame[[*first, *(c for c in frame.columns if c not in first)]]


def collect(chunks: Iterable[Chunk], source: str, notices: list[str], header_row: int | None = 1) -> LoadResult:
    """All chunks as one LoadResult (for the app and tests; the CLI streams chunks instead)."""
    events: list[pd.DataFrame] = []
    problems: list[Problem] = []
    rejected_rows: list[dict] = []
    examples: list[dict] = []
    rules: Counter[str] = Counter()
    rows = 0
    for chunk in chunks:
        rows += chunk.rows
        events.append(chunk.events)
        problems += chunk.problems
        rejected_rows += chunk.rejected
        examples += chunk.skipped_rows
        rules += chunk.skipped
    filled = [frame for frame in events if len(frame)]
    frame = pd.concat(filled, ignore_index=True) if filled else to_events(_frame([]))
    problems.sort(key=lambda p: p.row or 0)
    rejected_frame = as_in_file(rejected_rows).sort_values(ROW, kind="stable").reset_index(drop=True)
    return LoadResult(frame, problems, rejected_frame, rows, source, notices, dict(rules),
                      skipped_rows=as_in_file(examples, (RULE, ROW)), header_row=header_row)
