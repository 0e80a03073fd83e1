"""What a loader returns (valid events, problems, rejected and skipped rows), and the ways results combine."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from tracker.core.errors import Problem


@dataclass(frozen=True)
class LoadResult:
    """What a loader returns: valid events, problems, the raw rows it rejected and the rows skipped by rule.

    Always `rows == loaded + rejected_count + skipped_total`; `skipped` counts rows per documented rule
    (e.g. an ACLED battle or a GDELT event code the tracker does not follow), and is empty for curated files.
    A huge file's rejected rows are itemised up to a bound; `rejected_more` counts the rest.
    """

    events: pd.DataFrame
    problems: list[Problem]
    rejected: pd.DataFrame
    rows: int
    source: str
    notices: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    rejected_more: int = 0

    @property
    def rejected_count(self) -> int:
        """Number of rejected rows, itemised or not."""
        return len(self.rejected) + self.rejected_more

    @property
    def loaded(self) -> int:
        """Number of valid events."""
        return len(self.events)

    @property
    def skipped_total(self) -> int:
        """Number of rows left out by a documented rule (not errors)."""
        return sum(self.skipped.values())

    def with_events(self, events: pd.DataFrame) -> LoadResult:
        """The same result with these events (e.g. compacted): results are frozen, never changed in place."""
        return replace(self, events=events)

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
    skipped = {rule: curated.skipped.get(rule, 0) + upload.skipped.get(rule, 0)
               for rule in {**curated.skipped, **upload.skipped}}
    return LoadResult(events, curated.problems + upload.problems + problems, rejected, curated.rows + upload.rows,
                      f"{curated.source} + {origin}", curated.notices + upload.notices, skipped,
                      curated.rejected_more + upload.rejected_more)


def bounded(result: LoadResult, max_rows: int) -> LoadResult:
    """The result with at most `max_rows` rejected rows itemised (with their problems); the rest are counted."""
    if len(result.rejected) <= max_rows:
        return result
    kept = result.rejected.iloc[:max_rows]
    rows = set(kept["_row"]) if "_row" in kept else set()
    problems = [p for p in result.problems if p.row is None or p.row in rows]
    more = len(result.rejected) - max_rows
    notice = (f"{result.rejected_count:,} rows were rejected; the first {max_rows:,} are listed with their reasons "
              f"and the other {more + result.rejected_more:,} are counted.")
    return replace(result, rejected=kept.reset_index(drop=True), problems=problems,
                   rejected_more=more + result.rejected_more, notices=[*result.notices, notice])
