"""Exports: the filtered events as files, in the canonical columns, safe to open in a spreadsheet."""

from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd
from openpyxl.utils import get_column_letter

from tracker.core.actors import registry, split_codes
from tracker.core.schema import COLUMNS, status_title, type_title
from tracker.filters import Filters

# Cells starting with these are run as formulas by spreadsheet programs (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# Date columns written back as ISO text (and as date cells in Excel).
DATE_COLUMNS = ("date", "end_date", "source_date")

# Excel column widths, in characters: at least the header's, at most this.
MAX_XLSX_WIDTH = 60

# Longest download file name (without its extension); a longer one ends with "_etc".
MAX_STEM = 100


def canonical(events: pd.DataFrame) -> pd.DataFrame:
    """The events in the canonical columns with ISO dates, as a file would hold them."""
    out = events[list(COLUMNS)].copy()
    for name in DATE_COLUMNS:
        out[name] = out[name].dt.strftime("%Y-%m-%d").fillna("")
    out["personnel"] = out["personnel"].astype("string").fillna("")
    return out


def neutralise(value: str) -> str:
    """Prefix a quote to a text cell a spreadsheet would treat as a formula; leave numbers alone."""
    if value.startswith(FORMULA_PREFIXES) and not _is_number(value):
        return "'" + value
    return value


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def table_csv(table: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8) of any table, with formula-like text cells neutralised; numbers stay numbers."""
    out = table.copy()
    for name in out.columns:
        column = out[name]
        if isinstance(column.dtype, pd.CategoricalDtype):
            # The served frame keeps repetitive text as categoricals, which refuse new values: write text.
            column = out[name] = column.astype(object).where(column.notna(), None)
        if column.dtype == object:
            risky = column.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_PREFIXES)).astype(bool)
        elif pd.api.types.is_string_dtype(column):
            risky = column.str.startswith(FORMULA_PREFIXES).fillna(False).astype(bool)
        else:
            continue
        # Only cells starting with a formula character can need a quote; those are checked one by one.
        out.loc[risky, name] = column[risky].map(neutralise)
    return out.to_csv(index=False).encode("utf-8")


def to_csv(events: pd.DataFrame) -> bytes:
    """CSV bytes of exactly these events in the canonical columns, spreadsheet-safe."""
    return table_csv(canonical(events))


def to_xlsx(events: pd.DataFrame) -> bytes:
    """An Excel workbook of exactly these events in the canonical columns: dates as date cells, the rest as text
    with formulas neutralised (openpyxl would otherwise store a cell starting with "=" as a live formula), the
    header row frozen and each column as wide as its content (up to MAX_XLSX_WIDTH)."""
    out = canonical(events)
    for name in out.columns:
        out[name] = out[name].astype(str).map(neutralise)
    for name in DATE_COLUMNS:
        out[name] = pd.to_datetime(out[name].replace("", None), format="%Y-%m-%d")
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        out.to_excel(writer, index=False, sheet_name="events")
        sheet = writer.sheets["events"]
        sheet.freeze_panes = "A2"
        for number, name in enumerate(out.columns, start=1):
            letter = get_column_letter(number)
            if name in DATE_COLUMNS:
                longest = 10
                for (cell,) in sheet.iter_rows(min_row=2, min_col=number, max_col=number):
                    cell.number_format = "yyyy-mm-dd"
            else:
                longest = int(out[name].str.len().max()) if len(out) else 0
            sheet.column_dimensions[letter].width = min(max(len(name), longest) + 2, MAX_XLSX_WIDTH)
    return buffer.getvalue()


def to_json(events: pd.DataFrame) -> bytes:
    """JSON records of exactly these events in the canonical columns (ISO dates, empty cells as null)."""
    out = canonical(events).replace("", None)
    return out.to_json(orient="records", force_ascii=False, indent=1).encode("utf-8")


def readable(events: pd.DataFrame) -> pd.DataFrame:
    """The events as people read them, for a table on screen (downloads keep the codes): parties by name
    ("European Union, United States"), event types and statuses by title ("Sanctions renewal", "In effect")."""
    reg = registry()
    out = events.copy()
    for name in ("actors", "targets"):
        if name in out:
            cells = out[name].astype(str)
            names = {cell: ", ".join(reg.name(code) for code in split_codes(cell)) for cell in cells.unique()}
            out[name] = cells.map(names)
    for name, title in (("event_type", type_title), ("status", status_title)):
        if name in out:
            out[name] = out[name].astype(str).map(title)
    return out


def cell_text(value) -> str:
    """One cell as a person reads it: a date as YYYY-MM-DD (never with a time of day), a missing value empty."""
    if value is None or value is pd.NaT or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, dt.date):  # pandas Timestamps and datetimes are dates too
        return f"{value:%Y-%m-%d}"
    return str(value)


def file_stem(filters: Filters) -> str:
    """A download's file name (without extension) that says what was filtered, e.g. "events_CAN_vs_RUS-BLR_sanctions"
    for sanctions by Canada against Russia or Belarus; "events_all" without filters."""
    parts = ["events"]
    if filters.actors:
        parts.append("-".join(filters.actors))
    if filters.targets:
        parts.append("vs_" + "-".join(filters.targets))
    if filters.involving:
        parts.append("with_" + "-".join(filters.involving))
    parts += ["-".join(values) for values in (filters.types, filters.statuses) if values]
    if filters.date_from and filters.date_to:
        parts.append(f"{filters.date_from}_to_{filters.date_to}")
    elif filters.date_from or filters.date_to:
        parts.append(f"from_{filters.date_from}" if filters.date_from else f"until_{filters.date_to}")
    if filters.text.strip():
        parts.append("q-" + filters.text.strip())
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", "_".join(parts) if len(parts) > 1 else "events_all").strip("-")
    return stem if len(stem) <= MAX_STEM else stem[: MAX_STEM - 4].rstrip("_-") + "_etc"
