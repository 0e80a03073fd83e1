"""AppTest: every page opens on the bundled data and on a filtered link, and shows the right content."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest

from loaders.curated import parse_curated
from tests.apptest import capture_downloads, downloaded, figures, open_page

PAGES = ["overview", "events", "compare", "data_quality", "about"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_on_the_bundled_data_without_errors(page, monkeypatch):
    monkeypatch.delenv("EVENTS_PATH", raising=False)
    at = open_page(page)
    assert not at.exception
    assert at.title[0].value
    assert "events" in at.markdown[0].value


def test_overview_charts_show_the_filtered_events(fixture_events_path):
    at = open_page("overview", "actor=CAN&actor=EU&type=sanctions")
    charts = figures(at)
    assert set(charts) == {"timeline", "monthly", "top_actors", "top_targets"}
    timeline = charts["timeline"]
    marks = {(row[3], y) for trace in timeline.data for row, y in zip(trace.customdata, trace.y, strict=True)}
    assert ("f-2019-03-15-joint-kerch", "United States (USA)") in marks
    assert {m[0] for m in marks} == {"f-2018-01-10-can-rus", "f-2018-03-eu-rus", "f-2019-03-15-joint-kerch"}
    monthly = charts["monthly"]
    assert [t.name for t in monthly.data] == ["Sanctions"]
    assert sum(monthly.data[0].y) == 3
    actors = charts["top_actors"].data[0]
    assert dict(zip(actors.customdata, actors.x, strict=True)) == {"CAN": 2, "EU": 2, "USA": 1}
    assert list(charts["top_targets"].data[0].customdata) == ["RUS"]
    assert [m.value for m in at.metric][:1] == ["3"]


def test_overview_on_bundled_data_plots_the_source_article_events(monkeypatch):
    monkeypatch.delenv("EVENTS_PATH", raising=False)
    at = open_page("overview", "involving=UKR&from=2019-02-01&to=2019-02-28")
    ids = {row[3] for trace in figures(at)["timeline"].data for row in trace.customdata}
    assert {"2019-02-25-ukr-unifier-extension-request", "2019-02-ukr-poroshenko-un-mission-call"} <= ids


def test_events_page_lists_rows_with_sources_and_downloads_exactly_them(fixture_events_path, monkeypatch):
    made = capture_downloads(monkeypatch)
    at = open_page("events", "target=RUS&status=in_effect")
    # The rows the link selects, read from the fixture file itself: RUS among the targets, status in_effect.
    with fixture_events_path.open(encoding="utf-8", newline="") as handle:
        expected = [row for row in csv.DictReader(handle)
                    if "RUS" in row["targets"].split(";") and row["status"] == "in_effect"]
    ids = [row["event_id"] for row in expected]
    assert len(ids) == 3
    table = at.dataframe[0].value
    assert set(table["event_id"]) == set(ids)
    assert {"source_url", "evidence"} <= set(table.columns)
    # What each button sends when pressed: exactly those rows, every fixture cell as written.
    sent = downloaded(at, "Download these events (CSV)", made)
    rows = list(csv.DictReader(io.StringIO(sent.decode("utf-8"))))
    assert [{name: row[name] for name in expected[0]} for row in rows] == expected
    assert not parse_curated(sent, "download.csv").problems
    sheet = openpyxl.load_workbook(io.BytesIO(downloaded(at, "Download these events (Excel)", made))).active
    header = [cell.value for cell in sheet[1]]
    assert [row[header.index("event_id")].value for row in sheet.iter_rows(min_row=2)] == ids
    records = json.loads(downloaded(at, "Download these events (JSON)", made))
    assert [record["event_id"] for record in records] == ids


def test_data_quality_page_lists_every_problem(bad_events_path):
    at = open_page("data_quality")
    assert [m.value for m in at.metric] == ["16", "3", "13"]
    problems = at.dataframe[0].value
    assert len(problems) == 13
    assert set(problems["row"]) == {3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16}
    assert at.dataframe[1].value.shape[0] == 13
    assert "13 rows rejected" in at.sidebar.warning[0].value


def test_bad_file_still_charts_the_good_rows(bad_events_path):
    charts = figures(open_page("overview"))
    ids = {row[3] for trace in charts["timeline"].data for row in trace.customdata}
    assert ids == {"f-2018-01-10-can-rus", "f-2018-03-eu-rus", "f-2019-03-15-joint-kerch"}


def test_missing_events_file_shows_a_message_not_a_traceback(monkeypatch, tmp_path):
    monkeypatch.setenv("EVENTS_PATH", str(tmp_path / "missing.csv"))
    at = open_page("overview")
    assert not at.exception
    assert "does not exist" in at.error[0].value


def test_about_page_renders_the_schema_dictionary(fixture_events_path):
    at = open_page("about")
    columns = at.dataframe[0].value
    assert "evidence" in set(columns["column"]) and "event_type" in set(columns["column"])
    assert "mission_renewal" in set(at.dataframe[1].value["value"]) | set(at.dataframe[2].value["value"])


def test_empty_result_shows_a_helpful_message(fixture_events_path):
    at = open_page("overview", "actor=USA&target=CAN")
    assert "No events match" in at.info[0].value
    assert not at.get("plotly_chart")
