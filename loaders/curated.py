"""Read the curated CSV format (the canonical columns) into events and problems."""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from loaders.csvfile import MAX_CELL, sniff_delimiter
from loaders.mapping import as_in_file, record_problems, shown, source_cells
from tracker.core.errors import DataError, Problem
from tracker.core.result import LoadResult
from tracker.core.schema import COLUMNS, REQUIRED_HEADER
from tracker.core.validation import ROW, to_events, validate

# The characters str.splitlines() ends a line at.
_LINE_BREAK_RE = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")

# A byte-order mark at the start of a UTF-8 file.
BOM = b"\xef\xbb\xbf"

# Bytes decoded at a time when checking that a file is UTF-8 (so no second copy of the whole file is made).
DECODE_CHUNK = 1 << 24



# Unknown column names listed by name in the notice about them (the rest are counted).
MAX_NAMED_COLUMNS = 10


def _header_problems(header: list[str]) -> tuple[list[Problem], list[str]]:
    problems, notices = [], []
    for name in REQUIRED_HEADER:
        if name not in header:
            close = difflib.get_close_matches(name, header[:1000], n=1, cutoff=0.6)
            hint = f"; the header has '{close[0]}': rename it to '{name}'" if close else ""
            problems.append(Problem(1, name, "", f"required column '{name}' is missing{hint}"))
    positions: dict[str, list[int]] = {}
    for number, name in enumerate(header, start=1):
        positions.setdefault(name, []).append(number)
    for name, where in positions.items():
        if len(where) > 1 and name in COLUMNS:
            problems.append(Problem(1, name, name, f"column '{name}' appears {len(where)} times in the header "
                                    f"(columns {', '.join(map(str, where))}): keep one, so no value is dropped"))
    missing = {p.value for p in problems}
    unknown = [name for name in positions if name not in COLUMNS and name not in missing]
    if unknown:
        notices.append(_unknown_columns_notice(unknown))
    return problems, notices


def _unknown_columns_notice(unknown: list[str]) -> str:
    # One notice for all of them: a file with 100,000 extra columns makes one line, not 100,000.
    if len(unknown) == 1:
        close = difflib.get_close_matches(unknown[0], list(COLUMNS), n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"Column '{unknown[0]}' is not part of the schema and was ignored{hint}."
    named = [f"'{name}'" for name in unknown[:MAX_NAMED_COLUMNS]]
    more = f" and {len(unknown) - MAX_NAMED_COLUMNS:,} more" if len(unknown) > MAX_NAMED_COLUMNS else ""
    return f"{len(unknown):,} columns not in the schema were ignored: {', '.join(named)}{more}."


def _first_line(text: str) -> str:
    """text.splitlines()[0], without splitting the rest of the text."""
    found = _LINE_BREAK_RE.search(text)
    return text[: found.start()] if found else text


def _delimiter(text: str) -> str:
    """The separator of the header line (see loaders.csvfile.sniff_delimiter)."""
    return sniff_delimiter(_first_line(text), COLUMNS)


def _binary(data: bytes) -> bool:
    """True for files that are clearly not text: a NUL byte anywhere, or many control characters near the start."""
    head = data[:8192]
    if b"\x00" in data:
        return True
    controls = sum(b < 32 and b not in (9, 10, 13) for b in head)
    return bool(head) and controls / len(head) > 0.05


def _nul_where(data: bytes) -> str:
    at = data.find(b"\x00")
    if at < 0:
        return ""
    line = data.count(b"\n", 0, at) + 1
    return f": it has a NUL byte on line {line}"


def _records(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            if not header:
                header = [cell.strip() for cell in record]
                continue
            if record and any(cell.strip() for cell in record):
                rows.append((number, record))
    except csv.Error as error:
        raise DataError(f"Row {number + 1} of the file could not be read as CSV ({error}); check its quotes and "
                        f"keep each cell under {MAX_CELL:,} characters.") from None
    return header, rows


def parse_curated(data: bytes, source: str, fast: bool = True) -> LoadResult:
    """Parse CSV bytes in the canonical columns; every data row ends up loaded or rejected.

    Accepts a byte-order mark, any mix of line endings, and comma, semicolon, tab or pipe separators.
    """
    if _binary(data):
        raise DataError(f"{source} is not a text file{_nul_where(data)} (it looks like a spreadsheet, archive or other "
                        "binary file). Save it as CSV (UTF-8) with the canonical columns and try again.")
    read = _fast_frame(data) if fast and data.strip() else None
    if read is not None:
        return _validated(read, source)
    text = data.decode("utf-8-sig", errors="surrogateescape")
    if not text.strip():
        problem = Problem(None, "(file)", "", "the file is empty: it needs a header row and at least one event")
        return _result([], [problem], [], [], source, [])
    header, rows = _records(text)
    problems, notices = _header_problems(header)
    if problems:  # every row is rejected: shown under the file's own columns, which are not the canonical ones
        as_file = as_in_file([{ROW: number, **source_cells(header, record)} for number, record in rows])
        return _result([], problems, as_file, rows, source, notices)
    good: list[dict] = []
    rejected: list[dict] = []
    for number, record in rows:
        row_problems = record_problems(number, header, record)
        (rejected if row_problems else good).append(_raw_row(number, header, record))
        problems += row_problems
    raw = pd.DataFrame(good, columns=[*COLUMNS, ROW]) if good else pd.DataFrame(columns=[*COLUMNS, ROW], dtype=str)
    raw[ROW] = raw[ROW].astype(int)
    events, checked = validate(raw)
    bad_rows = {p.row for p in checked}
    rejected += raw[raw[ROW].isin(bad_rows)].to_dict("records")
    return _result(events, problems + checked, rejected, rows, source, notices)


def read_curated(path: Path) -> LoadResult:
    """parse_curated of a file, letting go of the file's bytes once Arrow has read them (before validation)."""
    data = path.read_bytes()
    read = _fast_frame(data) if not _binary(data) and data.strip() else None
    if read is None:
        return parse_curated(data, str(path), fast=False)
    del data  # the only reference: validation runs without the file's text in memory
    return _validated(read, str(path))


def _validated(read: tuple[pd.DataFrame, int, list[str]], source: str) -> LoadResult:
    raw, count, notices = read
    events, checked = validate(raw)
    bad_rows = {p.row for p in checked}
    return _result(events, checked, raw[raw[ROW].isin(bad_rows)].to_dict("records"), range(count), source, notices)


def _valid_utf8(data: bytes) -> bool:
    """True when the bytes decode as UTF-8 (checked a chunk at a time: no copy of the whole file as text)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), DECODE_CHUNK):
            decoder.decode(view[start:start + DECODE_CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _has_blank_line(data: bytes, start: int) -> bool:
    """A blank line before the trailing line breaks (Arrow drops those without counting them).

    Searched in the bytes (line breaks, spaces and tabs are single bytes in UTF-8, never inside a character);
    only a file with lines starting with spaces or tabs is decoded, to test those lines as str.splitlines does.
    """
    end = len(data)
    while end > start and data[end - 1] in b"\r\n":
        end -= 1
    if any(data.find(pair, start, end) >= 0 for pair in (b"\n\n", b"\r\r", b"\n\r\n")):
        return True
    if data.startswith((b"\n", b"\r"), start, end):
        return True
    if any(data.find(pair, start, end) >= 0 for pair in (b"\n ", b"\n\t", b"\r ", b"\r\t")):
        text = data[start:end].decode("utf-8")
        return any(not line.strip(" \t") for line in text.splitlines())
    return False


def _fast_frame(data: bytes) -> tuple[pd.DataFrame, int, list[str]] | None:
    """The raw frame read by Arrow's CSV reader (about 20 times faster), or None to take the exact path.

    NOTE: both readers count records (a quoted line break stays inside its record), but Arrow drops blank lines
    without counting them, so a blank line, a wrong field count, a byte that is not UTF-8 or a header problem
    sends the file to the exact path, which reports such rows one by one. Row numbers (header = row 1) and
    results are the same either way; tests/test_fuzz.py checks that on generated files. The checks work on the
    bytes: the file is never held as a Python string here.
    """
    start = len(BOM) if data.startswith(BOM) else 0
    if not _valid_utf8(data) or _has_blank_line(data, start):
        return None
    newline = data.find(b"\n", start)
    head = data[start:newline if newline >= 0 else len(data)].decode("utf-8")
    header, _ = _records(head)
    problems, notices = _header_problems(header)
    if problems or len(set(header)) != len(header):
        return None
    try:
        table = pa_csv.read_csv(
            pa.BufferReader(pa.py_buffer(data)[start:]),
            parse_options=pa_csv.ParseOptions(delimiter=_delimiter(head), newlines_in_values=True),
            convert_options=pa_csv.ConvertOptions(column_types=dict.fromkeys(header, pa.string()),
                                                  strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, ValueError):
        return None
    if len(data) > MAX_CELL and any((pc.max(pc.utf8_length(column)).as_py() or 0) > MAX_CELL
                                    for column in table.columns):
        return None  # the exact path refuses the file, naming the row
    # Arrow's buffers are released as pandas takes each column over; each column is stripped and the frame
    # rebuilt column by column, so the file's text is held about twice at most, not three times.
    frame = table.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow", na_value=float("nan"))}.get,
                            self_destruct=True, split_blocks=True)
    del table
    return (*_raw_frame(frame), notices)


def _raw_frame(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The canonical columns of `frame` (text cells; its own columns are taken over), stripped and numbered as
    rows of a file (the header is row 1), without rows of empty cells; and how many rows were kept."""
    raw = pd.DataFrame(index=frame.index)
    for name in COLUMNS:
        raw[name] = frame.pop(name).astype(str).str.strip() if name in frame else ""
    raw[ROW] = raw.index + 2
    # Rows of empty cells are skipped and not counted, as on the exact path.
    empty = (raw[list(COLUMNS)] == "").all(axis=1)
    return raw[~empty].reset_index(drop=True), int((~empty).sum())


def parse_rows(cells: pd.DataFrame, source: str) -> LoadResult:
    """Validate rows of text cells in the canonical columns (a database's events, say) as `parse_curated`
    validates a file holding them, without writing and reading CSV: row n of the report is the frame's row n - 2,
    as if under a header. The frame's columns are taken over (emptied)."""
    raw, count = _raw_frame(cells.reset_index(drop=True))
    return _validated((raw, count, []), source)


def _raw_row(number: int, header: list[str], record: list[str]) -> dict:
    cells = dict(zip(header, (shown(c).strip() for c in record), strict=False))
    row: dict[str, object] = {name: cells.get(name, "") for name in COLUMNS}
    row[ROW] = number
    return row


def _result(events, problems, rejected, rows, source, notices) -> LoadResult:
    if isinstance(events, list):
        events = to_events(pd.DataFrame(columns=[*COLUMNS, ROW], dtype=str))
    problems = sorted(problems, key=lambda p: (p.row or 0))
    if not isinstance(rejected, pd.DataFrame):
        rejected = pd.DataFrame(rejected, columns=[*COLUMNS, ROW])
    frame = rejected.sort_values(ROW, kind="stable").reset_index(drop=True)
    return LoadResult(events, problems, frame, len(rows), source, notices)
