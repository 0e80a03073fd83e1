"""What a loader returns (valid events, problems, rejected and skipped rows), and the ways results combine."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import pandas as pd

from tracker.core.errors import Problem
from tracker.core.schema import COLUMNS


@dataclass(frozen=True)
class LoadResult:
    """What a loader returns: valid events, problems, the raw rows it rejected and the rows skipped by rule.

    Always `rows == loaded + rejected_count + skipped_total`; `skipped` counts rows per documented rule
    (e.g. an ACLED battle or a GDELT event code the tracker does not follow), and is empty for curated files;
    `skipped_rows` keeps a few of those rows per rule as the file has them (column `_rule` names the rule).
    A huge file's rejected rows are itemised up to a bound; `rejected_more` counts the rest. Rejected rows are
    kept as the file has them: a curated file's canonical columns, a foreign file's own columns; `_row` is
    their row number in the file, counted as a spreadsheet does (`header_row` is the header's, None without one).
    """

    events: pd.DataFrame
    problems: list[Problem]
    rejected: pd.DataFrame
    rows: int
    source: str
    notices: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    rejected_more: int = 0
    skipped_rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    header_row: int | None = 1

    @property
    def source_name(self) -> str:
        """The source as a visitor may see it: file names without the server's folders."""
        return " + ".join(_file_name(part) for part in self.source.split(" + "))

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


# The folders of a path: "/srv/app/data/" of "/srv/app/data/events.csv".
_FOLDERS = re.compile(r"^.*[/\\]", re.DOTALL)

# How merged sources name the upload: "upload: <file name>".
UPLOAD_PREFIX = "upload: "


def _file_name(source: str) -> str:
    prefix = UPLOAD_PREFIX if source.startswith(UPLOAD_PREFIX) else ""
    return prefix + _FOLDERS.sub("", source[len(prefix):])

# The column of merged rejected rows that says which source they come from.
ORIGIN = "_origin"


def merge(curated: LoadResult, upload: LoadResult, origin: str) -> LoadResult:
    """Curated and uploaded events together, each marked with its origin; an uploaded row whose event_id the
    curated data already uses is rejected (and counted), never silently dropped or overwritten. Rejected rows
    keep each file's own columns, marked with their origin (`_origin`)."""
    clash = upload.events["event_id"].isin(curated.events["event_id"])
    problems = [Problem(int(row), "event_id", event_id, "this event_id is already used by a curated event; "
                        "rename it to merge the row") for row, event_id in
                upload.events.loc[clash, ["_row", "event_id"]].itertuples(index=False)]
    events = pd.concat([curated.events.assign(origin="curated"), upload.events[~clash].assign(origin=origin)],
                       ignore_index=True)
    clashing = upload.events.loc[clash, [c for c in upload.events.columns if c in COLUMNS or c == "_row"]]
    parts = [curated.rejected.assign(**{ORIGIN: "curated"}), upload.rejected.assign(**{ORIGIN: origin}),
             clashing.assign(**{ORIGIN: origin})]
    rejected = pd.concat([part for part in parts if len(part)] or parts[:1], ignore_index=True)
    skipped = {rule: curated.skipped.get(rule, 0) + upload.skipped.get(rule, 0)
               for rule in {**curated.skipped, **upload.skipped}}
    examples = [frame for frame in (curated.skipped_rows, upload.skipped_rows) if len(frame)]
    same_header = curated.header_row == upload.header_row
    notices = curated.notices + upload.notices
    if not same_header:
        notices = [*notices, f"Row numbers are each file's own: {_numbering(curated)} {_numbering(upload)}"]
    return LoadResult(events, curated.problems + upload.problems + problems, rejected, curated.rows + upload.rows,
                      f"{curated.source} + {origin}", notices, skipped, curated.rejected_more + upload.rejected_more,
                      pd.concat(examples, ignore_index=True) if examples else pd.DataFrame(),
                      curated.header_row if same_header else None)


def _numbering(result: LoadResult) -> str:
    name = result.source_name
    if result.header_row is None:
        return f"{name} has no header row, so its row 1 is its first row of data."
    return f"the header of {name} is its row {result.header_row}."


def row_numbering(result: LoadResult, merged: bool = False) -> str:
    """How the row numbers of problems and rejected rows count, in one sentence."""
    if merged and result.header_row is None:
        return "Row numbers count each file's lines as a spreadsheet does (see below)."
    if result.header_row is None:
        return ("Row numbers count the file's lines as a spreadsheet does; the file has no header row, so row 1 is "
                "its first row of data.")
    return f"Row numbers count the file's lines as a spreadsheet does: the header is row {result.header_row}."


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


def _shown(frame: pd.DataFrame) -> pd.DataFrame:
    # Columns no row of this file has (from another file's columns) go; empty cells read as empty, not "None".
    frame = frame.dropna(axis=1, how="all")
    frame = frame.astype(object).where(frame.notna(), "")
    first = [c for c in ("_row",) if c in frame]
    return frame[[*first, *(c for c in frame.columns if c not in first)]].rename(columns={"_row": "row"})


def rejected_tables(result: LoadResult) -> list[tuple[str, pd.DataFrame]]:
    """The rejected rows as each file has them, one table per file (origin "" for a single source), row first."""
    frame = result.rejected
    if ORIGIN not in frame:
        return [("", _shown(frame))]
    return [(str(origin), _shown(rows.drop(columns=ORIGIN))) for origin, rows in frame.groupby(ORIGIN, sort=False)]


def rejected_report(result: LoadResult) -> pd.DataFrame:
    """One file's rejected rows as the file has them, each with why ("column: reason", several joined)."""
    why: dict[int, list[str]] = {}
    for problem in result.problems:
        if problem.row is not None:
            why.setdefault(problem.row, []).append(f"{problem.column}: {problem.reason}")
    table = _shown(result.rejected.drop(columns=[ORIGIN], errors="ignore"))
    if "row" in table:
        table.insert(1, "why", [" · ".join(why.get(int(row), [])) for row in table["row"]])
    return table


def skipped_examples(result: LoadResult, rule: str) -> pd.DataFrame:
    """The kept examples of rows skipped by this rule, as the file has them, row first."""
    frame = result.skipped_rows
    if "_rule" not in frame:
        return pd.DataFrame(columns=["row"])
    return _shown(frame[frame["_rule"] == rule].drop(columns="_rule"))
