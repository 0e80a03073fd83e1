"""Source formats: each loader reads one format into the canonical event frame plus its problems
(a `tracker.core.result.LoadResult`)."""

from __future__ import annotations

from pathlib import Path

from loaders.formats import read_path
from tracker.core.result import LoadResult


def load(path: str | Path) -> LoadResult:
    """Read an events file of any supported format (detected from its content, see loaders.formats);
    DataError when it cannot be read at all."""
    return read_path(path)
