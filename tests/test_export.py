"""Exports: the downloaded CSV holds exactly the filtered events, reloads cleanly, and is spreadsheet-safe."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest

from loaders import load
from loaders.curated import parse_curated
from tests.conftest import FIXTURES
from tracker.core.actors import party_table
from tracker.export import cell_text, file_stem, neutralise, readable, to_csv, to_xlsx
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


def test_excel_export_has_date_cells_column_widths_and_a_frozen_header():
    import datetime as dt

    import openpyxl

    result = load(FIXTURES / "events.csv")
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(result.events))).active
    header = [cell.value for cell in sheet[1]]
    assert sheet.freeze_panes == "A2"
    rows = {row[0].value: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)}
    renewal = rows["f-2016-07-01-eu-renewal"]
    for name, day in (("date", dt.datetime(2016, 7, 1)), ("end_date", dt.datetime(2017, 1, 31))):
        assert renewal[name].value == day and renewal[name].is_date
        assert renewal[name].number_format == "yyyy-mm-dd"
    assert rows["f-2018-01-10-can-rus"]["end_date"].value is None  # no date: an empty cell
    widths = {sheet.cell(1, n).value: sheet.column_dimensions[sheet.cell(1, n).column_letter].width
              for n in range(1, len(header) + 1)}
    assert widths["date"] == 12
    assert widths["event_id"] == max(len(i) for i in result.events["event_id"]) + 2
    hostile = openpyxl.load_workbook(io.BytesIO(to_xlsx(load(FIXTURES / "hostile_events.csv").events))).active
    assert hostile.column_dimensions["J"].width == 60 and hostile.cell(1, 10).value == "title"  # long text: capped


@pytest.mark.parametrize(("filters", "stem"), [
    (Filters(), "events_all"),
    (Filters(actors=("CAN",), targets=("RUS", "BLR"), types=("sanctions",)), "events_CAN_vs_RUS-BLR_sanctions"),
    (Filters(targets=("RUS",), statuses=("in_effect",)), "events_vs_RUS_in_effect"),
    (Filters(involving=("UKR",), date_from=dt.date(2018, 1, 1), date_to=dt.date(2019, 12, 31)),
     "events_with_UKR_2018-01-01_to_2019-12-31"),
    (Filters(date_from=dt.date(2022, 2, 24)), "events_from_2022-02-24"),
    (Filters(text="Kerch / Azov"), "events_q-Kerch-Azov"),
])
def test_download_names_say_what_was_filtered(filters, stem):
    assert file_stem(filters) == stem


def test_a_long_download_name_is_cut():
    stem = file_stem(Filters(actors=tuple(f"A{n:02d}" for n in range(40))))
    assert stem.startswith("events_A00-A01-") and stem.endswith("_etc") and len(stem) <= 100


def test_the_table_on_screen_shows_names_and_titles_not_codes():
    result = load(FIXTURES / "events.csv")
    shown = readable(result.events.set_index("event_id"))
    joint = shown.loc["f-2019-03-15-joint-kerch"]
    assert joint["actors"] == "Canada, European Union, United States" and joint["targets"] == "Russia"
    assert shown.loc["f-2016-07-01-eu-renewal", "event_type"] == "Sanctions renewal"
    assert shown.loc["f-2016-07-01-eu-renewal", "status"] == "In effect"
    assert shown.loc["f-2020-rus-statement", "targets"] == ""


def test_cells_read_as_dates_without_a_time_of_day():
    assert cell_text(pd.Timestamp("2019-03-31")) == "2019-03-31"
    assert cell_text(pd.NaT) == "" and cell_text(pd.NA) == "" and cell_text(None) == ""
    assert cell_text("CAN") == "CAN" and cell_text(200) == "200"
