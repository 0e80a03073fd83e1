"""Small event sets for the unit tests: plain rows (what a reference implementation loops over), a hypothesis
strategy that makes them, and the loaded form the app draws from (curated loader, then the one prepare step).

The rows are written as canonical CSV and read by `loaders.curated.parse_curated`, so every frame a test hands
to a function is one the app could have loaded; the references read the plain rows, never the frames.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

import pandas as pd
from hypothesis import strategies as st

from loaders.curated import parse_curated
from tests.conftest import ROOT
from tracker.core.schema import COLUMNS, EVENT_TYPES, STATUSES
from tracker.ui.data import prepare

# Parties drawn from: states (some that joined or left a bloc in the period), blocs with memberships (EU, NATO,
# G7), a bloc without (G20), an organisation, former states (SUN, YUG) and Kosovo (XKX, not in ISO 3166-1).
POOL = ("USA", "RUS", "GBR", "DEU", "FRA", "UKR", "CAN", "IRN", "HRV", "FIN", "MKD", "SWE", "XKX",
        "EU", "NATO", "G7", "G20", "UNSC", "SUN", "YUG")

# Days on which a membership starts or ends (GBR left the EU after 2020-01-31; HRV joined the EU on 2013-07-01,
# MKD NATO on 2020-03-27, FIN NATO on 2023-04-04, SWE NATO on 2024-03-07), and the days either side.
EDGES = [dt.date(2013, 7, 1), dt.date(2020, 1, 31), dt.date(2020, 3, 27), dt.date(2023, 4, 4), dt.date(2024, 3, 7)]
BOUNDARY_DAYS = sorted({day + dt.timedelta(days=d) for day in EDGES for d in (-1, 0, 1)})

FIRST_DAY, LAST_DAY = dt.date(2012, 1, 1), dt.date(2024, 12, 31)

INITIATIVES = ("", "Alpha", "Beta", "Gamma")


@dataclass(frozen=True)
class Row:
    """One event as a reference implementation sees it: plain Python values."""

    event_id: str
    date: dt.date
    end_date: dt.date | None
    event_type: str
    status: str
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    initiative: str
    title: str

    def codes(self, role: str) -> set[str]:
        """The distinct codes in `role` ("actor", "target" or "either")."""
        if role == "either":
            return set(self.actors) | set(self.targets)
        return set(self.actors if role == "actor" else self.targets)


days = st.one_of(st.sampled_from(BOUNDARY_DAYS), st.dates(min_value=FIRST_DAY, max_value=LAST_DAY))


@st.composite
def rows(draw, min_size: int = 1, max_size: int = 12, types=tuple(EVENT_TYPES), initiatives=INITIATIVES,
         pool=POOL, near: bool = False) -> list[Row]:
    """A list of valid events; `near` puts them within a few months of each other (overlapping windows)."""
    n = draw(st.integers(min_value=min_size, max_value=max_size))
    if near:
        start = draw(days)
        dates = draw(st.lists(st.integers(min_value=0, max_value=200), min_size=n, max_size=n))
        dates = [min(start + dt.timedelta(days=d), LAST_DAY) for d in dates]
    else:
        dates = draw(st.lists(days, min_size=n, max_size=n))
    out = []
    for i, day in enumerate(dates):
        lasting = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=900)))
        out.append(Row(
            event_id=f"e-{i}", date=day, end_date=None if lasting is None else day + dt.timedelta(days=lasting),
            event_type=draw(st.sampled_from(types)), status=draw(st.sampled_from(tuple(STATUSES))),
            # Repeated codes in one cell are allowed (the loader keeps the cell; parties are distinct).
            actors=tuple(draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3))),
            targets=tuple(draw(st.lists(st.sampled_from(pool), min_size=0, max_size=3))),
            initiative=draw(st.sampled_from(initiatives)), title=f"Event {i}"))
    return out


def csv_bytes(events: list[Row]) -> bytes:
    """The rows as a canonical CSV file."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in events:
        writer.writerow({"event_id": row.event_id, "date": row.date.isoformat(), "date_precision": "day",
                         "end_date": row.end_date.isoformat() if row.end_date else "", "event_type": row.event_type,
                         "status": row.status, "actors": ";".join(row.actors), "targets": ";".join(row.targets),
                         "initiative": row.initiative, "title": row.title, "source_publisher": "Unit test"})
    return out.getvalue().encode()


def load_rows(events: list[Row]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(events, parties) as the app holds them: loaded by the curated loader, prepared once."""
    result = parse_curated(csv_bytes(events), "units.csv")
    assert not result.problems, result.problems
    prepared = prepare(result)
    loaded = prepared.result.events
    assert list(loaded["event_id"]) == [row.event_id for row in events]  # row i is position i
    return loaded, prepared.parties


def memberships() -> list[dict[str, str]]:
    """data/memberships.csv as plain rows (read with the csv module, not the code under test)."""
    with (ROOT / "data" / "memberships.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def members_on(bloc: str, day: dt.date, table: list[dict[str, str]]) -> set[str] | None:
    """The members of `bloc` on `day` (both the joining and the leaving day count), or None for a code that has
    no memberships (a state, an organisation, a bloc without a list)."""
    rows = [m for m in table if m["bloc"] == bloc]
    if not rows:
        return None
    iso = day.isoformat()
    return {m["member"] for m in rows if m["joined"] <= iso and (m["left"] == "" or iso <= m["left"])}


def event(i: int, date: str, event_type: str, status: str, actors: str, targets: str = "", initiative: str = "",
          end_date: str | None = None) -> Row:
    """A hand-written row: codes as a cell would hold them ("CAN;EU"), dates as ISO text."""
    return Row(f"e-{i}", dt.date.fromisoformat(date), dt.date.fromisoformat(end_date) if end_date else None,
               event_type, status, tuple(c for c in actors.split(";") if c), tuple(c for c in targets.split(";") if c),
               initiative, f"Event {i}")
