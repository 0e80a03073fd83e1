"""Validate raw event rows against the schema: (valid events, problems), nothing dropped silently."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pandera.pandas as pa

from tracker.core.actors import Registry, registry, split_codes
from tracker.core.errors import Problem
from tracker.core.schema import COLUMNS, VOCABULARIES

# Column holding each row's number in its source file (the header is row 1).
ROW = "_row"

# Slugs: lower-case ascii letters, digits and hyphens.
EVENT_ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"


def _dates(series: pd.Series) -> pd.Series:
    # Each distinct text is parsed once (a large file repeats a few thousand dates).
    categorical = pd.Categorical(series)
    parsed = pd.to_datetime(pd.Series(categorical.categories, dtype=object), format="%Y-%m-%d", errors="coerce")
    values = parsed.to_numpy(dtype="datetime64[us]")
    taken = values[categorical.codes] if len(values) else np.full(len(series), np.datetime64("NaT"), "datetime64[us]")
    taken[categorical.codes < 0] = np.datetime64("NaT")
    return pd.Series(taken, index=series.index, dtype="datetime64[us]")


def _blank(series: pd.Series) -> pd.Series:
    return series.str.strip() == ""


def _codes_known(codes: frozenset[str]):
    def check(series: pd.Series) -> pd.Series:
        # Each distinct cell is split once; a large file repeats a few thousand combinations of codes.
        distinct = pd.Series(series.unique())
        bad = [cell for cell in distinct if any(code not in codes for code in split_codes(cell))]
        return ~series.isin(bad)

    return check


def _check(fn, key: str) -> pa.Check:
    # `error` carries a stable key that _reason() turns into a sentence.
    return pa.Check(fn, error=key)


def build_schema(codes: frozenset[str], today: dt.date) -> pa.DataFrameSchema:
    """The pandera schema for a frame of raw text cells (one column per canonical column)."""
    today_ts = pd.Timestamp(today)
    columns: dict[str, pa.Column] = {}
    for name, term in COLUMNS.items():
        checks = [_check(lambda s: ~_blank(s), "required")] if term.required else []
        columns[name] = pa.Column(str, checks=checks)
    columns["event_id"].checks.append(_check(lambda s: _blank(s) | s.str.fullmatch(EVENT_ID_PATTERN), "slug"))
    columns["event_id"].checks.append(_check(lambda s: _blank(s) | ~s.duplicated(keep="first"), "duplicate"))
    for name in ("date", "end_date", "source_date"):
        columns[name].checks.append(_check(lambda s: _blank(s) | _dates(s).notna(), "date_format"))
    columns["date"].checks.append(_check(lambda s: ~(_dates(s) > today_ts), "future"))
    columns["source_date"].checks.append(_check(lambda s: ~(_dates(s) > today_ts), "future"))
    for name, vocabulary in VOCABULARIES.items():
        columns[name].checks.append(_check(lambda s, v=tuple(vocabulary): _blank(s) | s.isin(v), "vocabulary"))
    for name in ("actors", "targets"):
        columns[name].checks.append(_check(_codes_known(codes), "unknown_code"))
    columns["personnel"].checks.append(_check(lambda s: _blank(s) | s.str.fullmatch(r"\d{1,7}"), "count"))
    for name in ("source_url", "corroboration_url"):
        columns[name].checks.append(
            _check(lambda s: _blank(s) | s.str.fullmatch(r"https?://[^\s<>\"']+", case=False), "url"))
    return pa.DataFrameSchema(
        columns,
        checks=[
            pa.Check(lambda df: ~(_dates(df["end_date"]) < _dates(df["date"])), error="end_before_start"),
            pa.Check(_precision_consistent, error="precision"),
        ],
    )


def _precision_consistent(df: pd.DataFrame) -> pd.Series:
    dates = _dates(df["date"])
    month_bad = (df["date_precision"] == "month") & (dates.dt.day != 1)
    year_bad = (df["date_precision"] == "year") & ((dates.dt.day != 1) | (dates.dt.month != 1))
    return ~(month_bad | year_bad)


def _reason(key: str, column: str, value: str, row: pd.Series, reg: Registry) -> str:
    if key == "unknown_code":
        bad = [token for token in split_codes(value) if not reg.is_code(token)]
        parts = []
        for token in bad:
            hints = reg.suggest(token)
            hint = f" (did you mean {' or '.join(reg.label(h) for h in hints)}?)" if hints else ""
            parts.append(f"'{token}'{hint}")
        return f"unknown actor code {', '.join(parts)}; use ISO 3166-1 alpha-3 or a code from data/actors.csv"
    if key == "vocabulary":
        allowed = ", ".join(VOCABULARIES[column])
        return f"'{value}' is not a valid {column}; use one of: {allowed}"
    if key == "duplicate":
        return f"duplicate event_id '{value}': the id is already used by an earlier row"
    if key == "end_before_start":
        return f"end_date {row['end_date']} is before date {row['date']}"
    if key == "precision":
        return f"date {row['date']} does not fit precision '{row['date_precision']}': use day 01 (and January for year)"
    return REASONS[key]


# Plain-English reasons for checks whose message does not depend on the value.
REASONS = {
    "required": "this column is required but the cell is empty",
    "slug": "event_id must be lower-case letters, digits and hyphens, e.g. 2019-03-18-can-unifier-renewal",
    "date_format": "not a date: write it as YYYY-MM-DD, e.g. 2019-03-18",
    "future": "the date is in the future; events are recorded once they happen",
    "count": "personnel must be a whole number, e.g. 200",
    "url": "a URL must be an http:// or https:// address",
}


def validate(raw: pd.DataFrame, today: dt.date | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Check every raw row; return the typed valid events and one Problem per failed check."""
    reg = registry()
    schema = build_schema(reg.codes, today or dt.date.today())
    failures = pd.DataFrame(columns=["column", "check", "index"])
    try:
        schema.validate(raw[list(COLUMNS)], lazy=True)
    except pa.errors.SchemaErrors as errors:
        failures = errors.failure_cases
    # Dataframe-wide checks report every column; keep the one the reason is about.
    wide = failures["check"].isin(["end_before_start", "precision"])
    about = failures["check"].map({"end_before_start": "end_date", "precision": "date"})
    failures = failures[~wide | (failures["column"] == about)]
    problems = []
    for failure in failures.itertuples(index=False):
        row = raw.loc[failure.index]
        value = str(row[failure.column])
        problems.append(Problem(int(row[ROW]), failure.column, value,
                                _reason(failure.check, failure.column, value, row, reg)))
    problems.sort(key=lambda p: (p.row or 0, list(COLUMNS).index(p.column)))
    bad_index = failures["index"].unique()
    return to_events(raw.drop(index=bad_index)), problems


def to_events(valid: pd.DataFrame) -> pd.DataFrame:
    """Type the checked text cells: dates, integers, and the derived end of each date's period."""
    events = valid.reset_index(drop=True)  # a new frame; copy-on-write keeps `valid` unchanged
    for name in ("date", "end_date", "source_date"):
        events[name] = _dates(events[name])
    events["personnel"] = pd.to_numeric(events["personnel"].replace("", None)).astype("Int64")
    events["date_last"] = period_end(events["date"], events["date_precision"])
    events["date_label"] = date_labels(events["date"], events["date_precision"])
    return events


# strftime formats for showing a date at its precision.
DATE_FORMATS = {"day": "%d %b %Y", "month": "%b %Y", "year": "%Y"}


def date_labels(dates: pd.Series, precision: pd.Series) -> pd.Series:
    """Dates as people read them, no more precise than known: "25 Feb 2019", "Sep 2015", "2014"."""
    labels = pd.Series("", index=dates.index, dtype=str)
    for name, fmt in DATE_FORMATS.items():
        mask = precision == name
        distinct = pd.Series(dates[mask].unique())
        # Format each distinct date once, then look the labels up.
        table = pd.Series(distinct.dt.strftime(fmt).to_numpy(), index=distinct.to_numpy())
        labels.loc[mask] = dates[mask].map(table)
    return labels


def period_end(dates: pd.Series, precision: pd.Series) -> pd.Series:
    """Last day covered by each date at its precision (a month-precision date covers the month)."""
    month_end = dates + pd.offsets.MonthEnd(0)
    year_end = dates + pd.offsets.YearEnd(0)
    return dates.where(precision == "day", month_end.where(precision == "month", year_end))


# Columns with few distinct values (codes, vocabularies, names of initiatives and outlets): kept as categoricals,
# so filtering a large file moves small integers instead of strings, and memory holds each value once.
CATEGORICAL_COLUMNS = ("date_precision", "event_type", "status", "actors", "targets", "initiative", "tags",
                       "source_publisher", "source_title", "date_label")


def compact(events: pd.DataFrame) -> pd.DataFrame:
    """The events with repetitive text columns as categoricals (same values, a fraction of the memory)."""
    return events.astype({name: "category" for name in CATEGORICAL_COLUMNS if name in events})
