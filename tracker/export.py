"""Exports: the filtered events as files, in the canonical columns, safe to open in a spreadsheet."""

from __future__ import annotations

import io

import pandas as pd

from tracker.core.schema import COLUMNS

# Cells starting with these are run as formulas by spreadsheet programs (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# Date columns written back as ISO text.
DATE_COLUMNS = ("date", "end_date", "source_date")


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
    """An Excel workbook of exactly these events in the canonical columns, every cell text, formulas neutralised.

    openpyxl would otherwise store a cell starting with "=" as a live formula.
    """
    out = canonical(events)
    for name in out.columns:
        out[name] = out[name].astype(str).map(neutralise)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        out.to_excel(writer, index=False, sheet_name="events")
    return buffer.getvalue()


def to_json(events: pd.DataFrame) -> bytes:
    """JSON records of exactly these events in the canonical columns (ISO dates, empty cells as null)."""
    out = canonical(events).replace("", None)
    return out.to_json(orient="records", force_ascii=False, indent=1).encode("utf-8")
