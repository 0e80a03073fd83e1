"""Loading and validation: every bad row is reported with row, column, value and reason; nothing is lost."""

from __future__ import annotations

import subprocess
import sys

import pytest

from loaders import load
from loaders.curated import parse_curated
from tests.conftest import FIXTURES, ROOT
from tracker.core.errors import DataError
from tracker.core.schema import COLUMNS

HEADER = ",".join(c for c in COLUMNS if c != "corroboration_url")  # an optional column files may omit
GOOD = "e-1,2019-03-18,day,,sanctions,announced,CAN,RUS,,A title,,,,,,Press,,"


def problems_by_row(result):
    return {(p.row, p.column): p for p in result.problems}


def test_bad_fixture_reports_each_problem_at_its_row_and_column():
    result = load(FIXTURES / "bad_events.csv")
    found = problems_by_row(result)
    expected = {
        (3, "title"): "required",
        (4, "event_id"): "lower-case letters",
        (5, "event_id"): "duplicate event_id",
        (6, "date"): "not a date",
        (7, "date"): "in the future",
        (8, "end_date"): "before date",
        (9, "event_type"): "not a valid event_type",
        (10, "actors"): "did you mean Russia (RUS)",
        (11, "source_url"): "http:// or https://",
        (12, "personnel"): "whole number",
        (13, "date"): "does not fit precision 'month'",
        (14, "targets"): "unknown actor code 'RUSS'",
        (16, "(row)"): "3 fields but the header has 18",
    }
    for key, words in expected.items():
        assert key in found, f"no problem reported for row/column {key}"
        assert words in found[key].reason
    assert set(found) == set(expected)
    assert found[(10, "actors")].value == "CAN;Russia"


def test_bad_fixture_keeps_valid_rows_and_accounts_for_every_row():
    result = load(FIXTURES / "bad_events.csv")
    assert sorted(result.events["event_id"]) == ["f-2018-01-10-can-rus", "f-2018-03-eu-rus", "f-2019-03-15-joint-kerch"]
    assert result.rows == 16
    assert result.loaded + len(result.rejected) == result.rows
    assert sorted(result.rejected["_row"]) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16]


def test_empty_file_is_one_clear_problem():
    result = parse_curated(b"", "empty.csv")
    assert result.rows == 0 and result.loaded == 0
    assert "empty" in result.problems[0].reason


def test_misspelled_required_column_suggests_the_right_name_and_rejects_all_rows():
    text = HEADER.replace("event_type", "event_typ") + "\n" + GOOD + "\n"
    result = parse_curated(text.encode(), "x.csv")
    assert result.loaded == 0 and len(result.rejected) == 1 == result.rows
    assert any("'event_type' is missing" in p.reason and "'event_typ'" in p.reason for p in result.problems)


def test_unknown_extra_column_is_ignored_with_a_notice():
    text = HEADER + ",colour\n" + GOOD + ",red\n"
    result = parse_curated(text.encode(), "x.csv")
    assert result.loaded == 1
    assert any("colour" in n for n in result.notices)


def test_non_utf8_row_is_rejected_and_the_others_load():
    data = (HEADER + "\n" + GOOD + "\n" + GOOD.replace("e-1", "e-2").replace("A title", "Caf\xe9")).encode("latin-1")
    result = parse_curated(data, "latin.csv")
    assert list(result.events["event_id"]) == ["e-1"]
    (problem,) = result.problems
    assert (problem.row, problem.column) == (3, "title")
    assert "not UTF-8" in problem.reason and problem.value == "Caf\ufffd"


def test_byte_order_mark_and_crlf_line_endings_are_read():
    data = ("\ufeff" + HEADER + "\r\n" + GOOD + "\r\n").encode("utf-8")
    result = parse_curated(data, "bom.csv")
    assert result.loaded == 1 and not result.problems


def test_namibia_code_is_not_read_as_missing():
    result = parse_curated((HEADER + "\n" + GOOD.replace(",RUS,", ",NAM,") + "\n").encode(), "x.csv")
    assert result.events.loc[0, "targets"] == "NAM"


def test_month_precision_event_covers_its_whole_month():
    result = load(FIXTURES / "events.csv")
    row = result.events.set_index("event_id").loc["f-2018-03-eu-rus"]
    assert str(row["date_last"].date()) == "2018-03-31"
    assert row["date_label"] == "Mar 2018"


@pytest.mark.parametrize(("path", "code"), [("tests/fixtures/events.csv", 0), ("tests/fixtures/bad_events.csv", 1)])
def test_validate_cli_exit_code_says_whether_rows_were_rejected(path, code):
    run = subprocess.run([sys.executable, "-m", "loaders", "validate", path], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == code
    assert "rows," in run.stdout
    if code:
        assert "row 10, column actors, value 'CAN;Russia'" in run.stdout


def test_validate_cli_on_missing_file_says_so():
    run = subprocess.run([sys.executable, "-m", "loaders", "validate", "nope.csv"], cwd=ROOT, capture_output=True,
                         text=True)
    assert run.returncode == 2 and "does not exist" in run.stderr


def test_unreadable_csv_is_a_data_error_naming_the_row():
    data = (HEADER + "\n" + GOOD + "\n" + GOOD.replace("A title", "x" * 1_100_000) + "\n").encode()
    with pytest.raises(DataError, match="Row 3 of the file could not be read"):
        parse_curated(data, "huge.csv")


def test_long_cells_below_the_limit_load():
    result = parse_curated((HEADER + "\n" + GOOD.replace("A title", "x" * 200_000) + "\n").encode(), "long.csv")
    assert result.loaded == 1


def test_rows_already_in_columns_are_validated_as_the_file_holding_them_would_be():
    """parse_rows (a database's events) gives what parse_curated gives for the same rows written as a file."""
    import pandas as pd

    from loaders.csvfile import events_text, write_events
    from loaders.curated import parse_rows

    rows = events_text(load(FIXTURES / "bad_events.csv").rejected).copy()
    rows.loc[len(rows)] = [""] * len(COLUMNS)  # a row of empty cells: skipped and not counted
    rows.loc[len(rows)] = ["  e-9  ", "2019-03-18", "day", "", "sanctions", "announced", "CAN", "RUS", "",
                           "  padded title \n", "", "", "", "", "", "Press", "", "", ""]
    direct = parse_rows(rows.copy(), "db")
    via_file = parse_curated(write_events(rows), "db")
    assert (direct.rows, direct.loaded, direct.rejected_count) == (via_file.rows, via_file.loaded,
                                                                    via_file.rejected_count)
    assert direct.rejected_count > 5 and "e-9" in set(direct.events["event_id"])
    assert [(p.row, p.column, p.value) for p in direct.problems] == [(p.row, p.column, p.value)
                                                                      for p in via_file.problems]
    pd.testing.assert_frame_equal(direct.events, via_file.events)
    assert direct.events.set_index("event_id").loc["e-9", "title"] == "padded title"
