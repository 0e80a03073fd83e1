"""Read the Global Sanctions Data Base case list (one row per sanction case) into canonical events."""

from __future__ import annotations

import csv
import itertools
import re
from typing import TextIO

from loaders.csvfile import sniff_delimiter
from loaders.mapping import (
    NO_CODE_STATES,
    Mapped,
    Reading,
    names,
    record_problems,
    records,
    resolve_name,
    shortened,
    slug,
    with_raw,
)
from tracker.core.errors import Problem

# Columns a row needs (GSDB case list as released, e.g. GSDB_V4.csv; names matched case-insensitively).
REQUIRED = ("case_id", "sanctioned_state", "sanctioning_state", "begin")

# GSDB's sanction-type indicators (0/1), in the order they are described.
FLAGS = ("trade", "financial", "arms", "military", "travel", "other")

# Plain words for the flags, for descriptions.
FLAG_WORDS = {"trade": "trade", "financial": "financial", "arms": "arms", "military": "military assistance",
              "travel": "travel", "other": "other"}

# Plain words for GSDB's trade and outcome codes; unknown codes are shown as written.
CODE_WORDS = {"exp_compl": "complete export ban", "exp_part": "partial export ban", "imp_compl": "complete import ban",
              "imp_part": "partial import ban", "success_total": "total success", "success_part": "partial success",
              "nego_settlement": "negotiated settlement", "failed": "failed", "ongoing": "ongoing"}


# Who published the data, for source_publisher.
PUBLISHER = "Global Sanctions Data Base (GSDB)"

_YEAR = re.compile(r"^(\d{4})(?:\.0)?$")


def read_gsdb(stream: TextIO) -> Reading:
    """Check the header, then map each case row lazily."""
    first = next(stream, "")
    delimiter = sniff_delimiter(first, REQUIRED)
    reader = csv.reader(itertools.chain([first], stream), delimiter=delimiter)
    titles = [cell.strip() for cell in next(reader, [])]
    header = [title.lower() for title in titles]
    problems = [Problem(None, name, "", f"the GSDB column '{name}' is missing; use the case list as released "
                        "(case_id, sanctioned_state, sanctioning_state, begin, end, ...)")
                for name in REQUIRED if name not in header]
    rows = (with_raw(map_row(number, header, record), titles, record) for number, record in records(reader, first=2))
    return Reading(rows, problems, [])


def map_row(number: int, header: list[str], record: list[str]) -> Mapped:
    """One GSDB case as a canonical `sanctions` event at year precision, or a rejection naming column and value."""
    if problems := record_problems(number, header, record):
        return Mapped(number, problems=problems)
    row = {name: cell.strip() for name, cell in zip(header, record, strict=True)}
    problems = []
    senders, targets = (_states(number, row, name, problems) for name in ("sanctioning_state", "sanctioned_state"))
    begin, end = (_year(number, row, name, problems, required) for name, required in (("begin", True), ("end", False)))
    flags = {name: _flag(number, row, name, problems) for name in FLAGS if name in row}
    if not slug(row.get("case_id", "")):
        problems.append(Problem(number, "case_id", row.get("case_id", ""), "case_id is empty"))
    if problems:
        return Mapped(number, problems=problems)
    return Mapped(number, _cells(row, senders, targets, begin, end, [name for name, on in flags.items() if on]))


def _states(number: int, row: dict[str, str], column: str, problems: list[Problem]) -> list[str]:
    """Codes of the states or organisations in a cell; "EU, United States" names two, "Korea, North" one."""
    text = row.get(column, "")
    parts = split_names(text)
    if not parts:
        problems.append(Problem(number, column, text, f"{column} is empty"))
        return []
    if no_code := [NO_CODE_STATES[p.lower()] for p in parts if p.lower() in NO_CODE_STATES]:
        problems.append(Problem(number, column, text, f"{no_code[0]}; the case cannot name it as a party"))
        return []
    unknown = [name for name in parts if not resolve_name(name)]
    if unknown:
        problems.append(Problem(number, column, text, f"{', '.join(repr(n) for n in unknown)} is not a state, a "
                                "former state (ISO 3166-3) or an organisation in data/actors.csv; add it there or "
                                "edit the row"))
        return []
    return list(dict.fromkeys(code for code in map(resolve_name, parts) if code))


def split_names(text: str) -> list[str]:
    """The names in a comma-separated cell, keeping names that contain a comma ("Korea, North") whole."""
    pieces = [piece.strip() for piece in text.split(",") if piece.strip()]
    names, index = [], 0
    while index < len(pieces):
        pair = f"{pieces[index]}, {pieces[index + 1]}" if index + 1 < len(pieces) else ""
        if pair and resolve_name(pair):
            names.append(pair)
            index += 2
        else:
            names.append(pieces[index])
            index += 1
    return names


def _year(number: int, row: dict[str, str], column: str, problems: list[Problem], required: bool) -> str:
    text = row.get(column, "")
    if match := _YEAR.match(text):
        return match.group(1)
    if text or required:
        problems.append(Problem(number, column, text, f"{column} must be a year written YYYY, e.g. 2014"))
    return ""


def _flag(number: int, row: dict[str, str], column: str, problems: list[Problem]) -> bool:
    text = row.get(column, "").removesuffix(".0")
    if text not in ("", "0", "1"):
        problems.append(Problem(number, column, row[column], f"the GSDB indicator '{column}' must be 0 or 1"))
    return text == "1"


def _cells(row: dict[str, str], senders: list[str], targets: list[str], begin: str, end: str,
           measures: list[str]) -> dict[str, str]:
    ongoing = "ongoing" in _words(row.get("success", ""))
    # NOTE: GSDB counts a case as in force through its `end` year, so end_date is that year's 31 December.
    # An ongoing case's `end` is only the last year the release covers, so it gets no end_date.
    return {
        "event_id": f"gsdb-{slug(row['case_id'])}",
        "date": f"{begin}-01-01",
        "date_precision": "year",
        "end_date": f"{end}-12-31" if end and not ongoing else "",
        "event_type": "sanctions",
        "status": "in_effect",
        "actors": ";".join(senders),
        "targets": ";".join(targets),
        "title": _title(senders, targets, begin, "" if ongoing else end),
        "description": _description(row, measures, begin, end, ongoing),
        "tags": ";".join(_tags(row, measures)),
        "source_title": "Global Sanctions Data Base, case list",
        "source_publisher": PUBLISHER,
    }


def _words(cell: str) -> list[str]:
    return [word.strip() for word in re.split(r"[,;]", cell) if word.strip() and word.strip() != "0"]


def _title(senders: list[str], targets: list[str], begin: str, end: str) -> str:
    span = f"{begin}–{end}" if end and end != begin else begin if end else f"from {begin}"
    return shortened(f"{names(senders)} sanctions on {names(targets)}, {span}")


def _description(row: dict[str, str], measures: list[str], begin: str, end: str, ongoing: bool) -> str:
    kinds = ", ".join(FLAG_WORDS[name] for name in measures) or "unspecified"
    trade = ", ".join(CODE_WORDS.get(word, word) for word in _words(row.get("descr_trade", "")))
    parts = [f"Global Sanctions Data Base case {row['case_id']}: {kinds} sanctions"
             + (f" (trade: {trade})" if trade else "") + "."]
    if objective := ", ".join(word.replace("_", " ") for word in _words(row.get("objective", ""))):
        parts.append(f"Objective: {objective}.")
    if success := ", ".join(CODE_WORDS.get(word, word) for word in _words(row.get("success", ""))):
        parts.append(f"Outcome as coded by GSDB: {success}.")
    if ongoing and end:
        parts.append(f"Ongoing when the release was compiled (last year covered: {end}).")
    return " ".join(parts)


def _tags(row: dict[str, str], measures: list[str]) -> list[str]:
    tags = ["gsdb", *measures, *(f"trade-{slug(word)}" for word in _words(row.get("descr_trade", "")))]
    tags += [f"objective-{slug(word)}" for word in _words(row.get("objective", ""))]
    tags += [f"outcome-{slug(word)}" for word in _words(row.get("success", ""))]
    return list(dict.fromkeys(tags))
