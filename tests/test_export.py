"""Exports: the downloaded CSV holds exactly the filtered events, reloads cleanly, and is spreadsheet-safe."""

from __future__ import annotations

import io

import pandas as pd

from loaders import load
from loaders.curated import parse_curated
from tests.conftest import FIXTURES
from tracker.actors import party_table
from tracker.export import neutralise, to_csv
from tracker.filters import Filters, apply_filters


def test_download_round_trips_exactly_the_filtered_rows():
    result = load(FIXTURES / "events.csv")
    chosen = apply_filters(result.events, party_table(result.events), Filters(actors=("EU",)))
    data = to_csv(chosen)
    again = parse_curated(data, "download.csv")
    assert not again.problems
    assert list(again.events["event_id"]) == list(chosen["event_id"])
    frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    assert frame.loc[frame["event_id"] == "f-2016-07-01-eu-renewal", "end_date"].item() == "2017-01-31"


def test_formula_cells_are_neutralised_but_numbers_are_not():
    assert neutralise("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("-12") == "-12"
    assert neutralise("Canada") == "Canada"
