"""The format registry: recognise a file's format from its content and read it with the matching loader."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from loaders.acled import read_acled
from loaders.curated import parse_curated, read_curated
from loaders.gdelt import LAYOUTS, is_gdelt_header, read_gdelt
from loaders.gsdb import read_gsdb
from loaders.mapping import Chunk, Reading, collect, convert
from tracker.core.errors import DataError
from tracker.core.result import LoadResult

# Bytes read from the start of a file to recognise its format.
SNIFF_BYTES = 64 * 1024

# Non-blank lines looked at for a header (ACLED exports may have a line of text above theirs).
SNIFF_LINES = 3


@dataclass(frozen=True)
class Format:
    """One supported source format: its name and, for foreign formats, the reader that maps it."""

    title: str
    read: Callable[[TextIO], Reading] | None  # None: the curated loader, which reads whole files


FORMATS: dict[str, Format] = {
    "curated": Format("Curated CSV (the canonical columns)", None),
    "acled": Format("ACLED export (2020-era or current layout)", read_acled),
    "gdelt": Format("GDELT event export (1.0 or 2.0)", read_gdelt),
    "gsdb": Format("Global Sanctions Data Base case list", read_gsdb),
}


def detect(data: bytes) -> str:
    """The format of a file from its first bytes: header names, or GDELT's tab-separated shape.

    Anything not clearly ACLED, GDELT or GSDB is "curated", whose loader explains what is wrong with it.
    """
    text = data[:SNIFF_BYTES].decode("utf-8-sig", errors="replace")
    lines = [line for line in text.splitlines() if line.strip()][:SNIFF_LINES]
    for line in lines:
        cells = {cell.strip().strip('"').lower() for cell in line.replace(";", ",").replace("\t", ",").split(",")}
        if "event_id_cnty" in cells or {"event_date", "event_type", "sub_event_type", "actor1"} <= cells:
            return "acled"
        if {"sanctioned_state", "sanctioning_state"} <= cells:
            return "gsdb"
        if is_gdelt_header(list(cells)):
            return "gdelt"
    first = lines[0].split("\t") if lines else []
    if len(first) in LAYOUTS and (first[0].isdigit() or first[0].strip().upper() == "GLOBALEVENTID"):
        return "gdelt"
    return "curated"


def parse_any(data: bytes, source: str, fmt: str = "auto") -> LoadResult:
    """Parse bytes of any supported format ("auto" detects it); every row ends up loaded, skipped or rejected."""
    fmt = _checked(fmt, data)
    if FORMATS[fmt].read is None:
        return parse_curated(data, source)
    _refuse_nul(data, source)
    return _collect(io.BytesIO(data), source, fmt)


def read_path(path: str | Path, fmt: str = "auto") -> LoadResult:
    """Read a file of any supported format; foreign formats stream in chunks rather than being read whole."""
    path = _existing(path)
    with path.open("rb") as handle:
        fmt = _checked(fmt, handle.read(SNIFF_BYTES))
        if FORMATS[fmt].read is None:
            return read_curated(path)
        handle.seek(0)
        while piece := handle.read(1 << 24):
            _refuse_nul(piece, str(path))
        handle.seek(0)
        return _collect(handle, str(path), fmt)


def stream(handle: BinaryIO, fmt: str) -> tuple[list[str], Iterator[Chunk]]:
    """Notices and the chunks of a foreign-format file (for `python -m loaders convert`)."""
    reading = _reader(fmt)(_text(handle))
    return reading.notices, convert(reading)


def _collect(handle: BinaryIO, source: str, fmt: str) -> LoadResult:
    reading = _reader(fmt)(_text(handle))
    return collect(convert(reading), source, reading.notices, reading.header_row)


def _reader(fmt: str) -> Callable[[TextIO], Reading]:
    read = FORMATS[fmt].read
    if read is None:
        raise ValueError(f"{fmt} files are read whole by the curated loader, not streamed")
    return read


def _refuse_nul(data: bytes, source: str) -> None:
    # A NUL byte is never in a text export: the file is binary or damaged, wherever the byte is.
    at = data.find(b"\x00")
    if at >= 0:
        raise DataError(f"{source} is not a text file: it has a NUL byte (at byte {at:,} of the part "
                        "read). Export the file again as text (CSV or tab-separated, UTF-8).")


def _text(handle: BinaryIO) -> TextIO:
    # Undecodable bytes survive as surrogates; the readers reject those rows naming the cell.
    return io.TextIOWrapper(handle, encoding="utf-8-sig", errors="surrogateescape", newline="")


def _checked(fmt: str, head: bytes) -> str:
    if fmt == "auto":
        return detect(head)
    if fmt not in FORMATS:
        raise DataError(f"'{fmt}' is not a supported format; use auto or one of: {', '.join(FORMATS)}.")
    return fmt


def _existing(path: str | Path) -> Path:
    path = Path(path)
    if not path.is_file():
        raise DataError(f"The events file {path} does not exist. Set EVENTS_PATH to a CSV file of events, "
                        "or unset it to use the bundled data/events.csv.")
    return path
