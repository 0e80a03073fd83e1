"""CSV as every loader and writer of this project reads and writes it: one separator rule, one cell limit, one
writer of the events-file format."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable

import pandas as pd

from tracker.core.errors import DataError
from tracker.core.schema import COLUMNS

# Longest cell read, in characters (csv's own default is 131,072; a quote-heavy description can be longer).
MAX_CELL = 1_000_000
csv.field_size_limit(MAX_CELL)

# Separators a file may use, in order of preference when two split a header equally well.
DELIMITERS = (",", ";", "\t", "|")

# Date columns written as ISO text.
DATE_COLUMNS = ("date", "end_date", "source_date")


def sniff_delimiter(first_line: str, known: Iterable[str] = ()) -> str:
    """The separator that splits the header line into the most known column names (case-insensitive); without
    any, the one the line uses most; comma when the line has none."""
    names = {name.lower() for name in known}

    def score(delimiter: str) -> tuple[int, int, bool]:
        cells = first_line.split(delimiter)
        hits = sum(cell.strip().strip('"').strip().lower() in names for cell in cells) if names else 0
        return hits, first_line.count(delimiter), delimiter == ","

    best = max(DELIMITERS, key=score)
    return best if first_line.count(best) or best == "," else ","


def events_text(events: pd.DataFrame) -> pd.DataFrame:
    """Event rows as the text cells of the events file: the canonical columns, ISO dates, empty strings for
    missing values (typed or text input alike)."""
    cells = {}
    for name in COLUMNS:
        column = events[name] if name in events.columns else pd.Series("", index=events.index, dtype=object)
        if pd.api.types.is_datetime64_any_dtype(column):
            column = column.dt.strftime("%Y-%m-%d")
        cells[name] = [_cell(value) for value in column]
    return pd.DataFrame(cells, columns=list(COLUMNS), index=events.index, dtype=object)


def _cell(value: object) -> str:
    if isinstance(value, str):
        return value
    if value is None or pd.isna(value):
        return ""
    if isinstance(value, dt.date):  # a Timestamp too: events hold dates, never times
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_events(rows: pd.DataFrame, header: list[str] | None = None, delimiter: str = ",", newline: str = "\n",
                 with_header: bool = True) -> bytes:
    """The events-file bytes (UTF-8) of these text rows (see `events_text`), in `header`'s column order
    (canonical by default), values exactly as given: the one writer of event rows."""
    columns = list(header or COLUMNS)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    if with_header:
        writer.writerow(columns)
    writer.writerows(rows.reindex(columns=columns, fill_value="").itertuples(index=False, name=None))
    try:
        return buffer.getvalue().encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError as error:
        raise DataError(f"An event contains text that cannot be saved as UTF-8 ({error.reason}); "
                        "retype the affected cell.") from None
