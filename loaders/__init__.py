"""Source formats: each loader reads one format into the canonical event frame plus its problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tracker.validation import DataError, Problem


@dataclass
class LoadResult:
    """What a loader returns: valid events, problems, and the raw rows it rejected."""

    events: pd.DataFrame
    problems: list[Problem]
    rejected: pd.DataFrame
    rows: int
    source: str
    notices: list[str] = field(default_factory=list)

    @property
    def loaded(self) -> int:
        """Number of valid events."""
        return len(self.events)

    def problems_frame(self) -> pd.DataFrame:
        """The problems as a table (row, column, value, reason)."""
        return pd.DataFrame([vars(p) for p in self.problems], columns=["row", "column", "value", "reason"])


def merge(curated: LoadResult, upload: LoadResult, origin: str) -> LoadResult:
    """Curated and uploaded events together, each marked with its origin; an uploaded row whose event_id the
    curated data already uses is rejected (and counted), never silently dropped or overwritten."""
    clash = upload.events["event_id"].isin(curated.events["event_id"])
    problems = [Problem(int(row), "event_id", event_id, "this event_id is already used by a curated event; "
                        "rename it to merge the row") for row, event_id in
                upload.events.loc[clash, ["_row", "event_id"]].itertuples(index=False)]
    events = pd.concat([curated.events.assign(origin="curated"), upload.events[~clash].assign(origin=origin)],
                       ignore_index=True)
    rejected = pd.concat([curated.rejected, upload.rejected, upload.events[clash].drop(
        columns=[c for c in upload.events.columns if c not in curated.rejected.columns])], ignore_index=True)
    return LoadResult(events, curated.problems + upload.problems + problems, rejected, curated.rows + upload.rows,
                      f"{curated.source} + {origin}", curated.notices + upload.notices)


def load(path: str | Path) -> LoadResult:
    """Read an events file of a supported format; DataError when it cannot be read at all."""
    from loaders.curated import parse_curated

    path = Path(path)
    if not path.is_file():
        raise DataError(f"The events file {path} does not exist. Set EVENTS_PATH to a CSV file of events, "
                        "or unset it to use the bundled data/events.csv.")
    return parse_curated(path.read_bytes(), str(path))
