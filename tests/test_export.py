"""Exports: the downloaded CSV holds exactly the filtered events, reloads cleanly, and is spreadsheet-safe."""

from __future__ import annotations

import io

import pandas as pd

from loaders import load
from loaders.curated import parse_curated
from tests.conftest import FIXTURES
from tracker.core.actors import party_table
from tracker.export import neutralise, to_csv, to_xlsx
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


def test_excel_export_holds_exactly_the_filtered_rows_as_text_with_formulas_neutralised():
    import openpyxl

    result = load(FIXTURES / "hostile_events.csv")
    data = to_xlsx(result.events)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, (cell.value for cell in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert [r["event_id"] for r in rows] == list(result.events["event_id"])
    # No cell is stored as a live formula: openpyxl reports formulas with data_type "f".
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    formula_like = [r["title"] for r in rows if str(r["title"]).lstrip("'").startswith(("=", "+", "@"))]
    assert formula_like and all(title.startswith("'") for title in formula_like)
