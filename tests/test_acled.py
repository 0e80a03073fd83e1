"""ACLED exports: both layouts, three date forms, precision, exact actor look-ups, rules and rejections."""

from __future__ import annotations

import pytest

from loaders.acled import resolve_actor
from loaders.formats import parse_any, read_path
from tests.conftest import FIXTURES

OLD = FIXTURES / "formats" / "acled_2020.csv"
NEW = FIXTURES / "formats" / "acled_2024.csv"


def events(path):
    return read_path(path).events.set_index("event_id")


def test_2020_layout_agreement_becomes_a_statement_between_the_two_governments():
    event = events(OLD).loc["acled-blr90001"]
    assert (event["event_type"], event["status"], event["actors"], event["targets"]) == (
        "statement", "announced", "RUS", "UKR")
    assert str(event["date"].date()) == "2020-05-09" and event["date_precision"] == "day"
    assert event["title"] == "Agreement: Russia with Ukraine (Minsk, Belarus)"
    assert event["tags"] == "acled;strategic-developments;agreement"
    assert event["source_publisher"] == "Invented Wire"
    assert event["description"].startswith("Invented test row: the two governments")


@pytest.mark.parametrize(("event_id", "date", "precision"), [
    ("acled-mda90101", "2024-03-12", "day"),     # 2024-03-12
    ("acled-mda90102", "2024-11-01", "month"),   # 01 November 2024, time_precision 2
    ("acled-ukr90103", "2020-05-09", "day"),     # 9-May-20
])
def test_current_layout_reads_all_three_written_date_forms(event_id, date, precision):
    event = events(NEW).loc[event_id]
    assert (str(event["date"].date()), event["date_precision"]) == (date, precision)


def test_time_precision_three_is_month_precision_on_day_one():
    event = events(OLD).loc["acled-ukr90004"]
    assert (str(event["date"].date()), event["date_precision"], event["date_label"]) == ("2020-06-01", "month",
                                                                                           "Jun 2020")
    assert (event["event_type"], event["targets"]) == ("incident", "UKR")  # the event's country as target


def test_organisations_kosovo_and_the_eu_resolve_by_exact_look_up():
    old, new = events(OLD), events(NEW)
    assert (old.loc["acled-srb90008", "actors"], old.loc["acled-srb90008", "targets"]) == ("NATO;UN", "XKX")
    assert (new.loc["acled-mda90101", "actors"], new.loc["acled-mda90101", "targets"]) == ("EU", "MDA")


@pytest.mark.parametrize(("name", "code"), [
    ("EU: European Union", "EU"),
    ("Government of Kosovo (2008-)", "XKX"),
    ("Military Forces of the United States (2021-)", "USA"),
    ("Police Forces of Democratic Republic of Congo (2019-)", "COD"),
    ("Government of Russia (2000-2012)", "RUS"),
    ("Protesters (Russia)", None),
    ("Houthi Movement", None),
    ("Government of Atlantis (2020-)", None),
    ("", None),
])
def test_actor_names_resolve_exactly_or_not_at_all(name, code):
    assert resolve_actor(name) == code


def test_rows_outside_the_tracked_types_are_skipped_and_counted_per_rule():
    assert read_path(OLD).skipped == {
        "ACLED Battles / Armed clash: not a tracked event type": 1,
        "ACLED Protests / Peaceful protest: not a tracked event type": 1,
        "ACLED actor1 is not a state or a registered organisation": 1,
    }
    assert read_path(NEW).skipped == {
        "ACLED Explosions/Remote violence / Air/drone strike: not a tracked event type": 1,
        "ACLED Violence against civilians / Attack: not a tracked event type": 1,
        "ACLED actor1 is not a state or a registered organisation": 1,
    }


def test_a_preamble_line_is_skipped_with_a_notice_and_row_numbers_match_the_file():
    result = read_path(NEW)
    assert result.rows == 9
    assert any("Line 1 above the ACLED header was skipped" in notice for notice in result.notices)
    found = {(p.row, p.column): p for p in result.problems}
    assert set(found) == {(6, "event_id"), (10, "date")}
    assert "duplicate event_id 'acled-mda90101'" in found[(6, "event_id")].reason
    assert "in the future" in found[(10, "date")].reason


def test_rejections_name_row_column_and_value():
    found = {(p.row, p.column): p for p in read_path(OLD).problems}
    assert set(found) == {(7, "event_date"), (8, "time_precision"), (10, "(row)")}
    assert found[(7, "event_date")].value == "31-Feb-20" and "9-May-20" in found[(7, "event_date")].reason
    assert found[(8, "time_precision")].value == "4"
    assert "10 fields but the header has 31" in found[(10, "(row)")].reason


def test_a_rejected_row_is_kept_as_the_file_has_it_under_its_own_columns():
    rejected = read_path(OLD).rejected.set_index("_row")
    assert rejected.loc[7, "event_date"] == "31-Feb-20" and rejected.loc[7, "event_id_cnty"] == "UKR90006"
    assert "description" not in rejected  # the file's columns, not the canonical ones left empty
    assert rejected.loc[10].dropna().astype(bool).any()  # a row with too few fields still shows what it has


def test_a_row_without_an_acled_id_gets_a_stable_hash_id_and_acled_as_publisher():
    first, again = events(NEW), events(NEW)
    (event_id,) = [i for i in first.index if i.startswith("acled-2024-04-02-")]
    assert event_id in again.index
    assert first.loc[event_id, "source_publisher"] == "ACLED"
    assert first.loc[event_id, "targets"] == ""  # actor and country are the same state


def test_unresolved_parties_are_named_in_the_description_not_dropped():
    text = ("event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,actor2,country,"
            "notes\nX1,2021-02-03,1,Strategic developments,Agreement,Government of Sudan (2019-),Wagner Group,"
            "Rapid Support Forces,Sudan,Invented.\n")
    event = parse_any(text.encode(), "x.csv").events.iloc[0]
    assert (event["actors"], event["targets"]) == ("SDN", "")
    assert event["description"] == "Invented. Other parties named by ACLED: Rapid Support Forces; Wagner Group."


def test_upper_case_headers_of_old_exports_are_read():
    text = OLD.read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    result = parse_any((header.upper() + "\n" + rest).encode(), "upper.csv")
    assert result.loaded == 3


def test_a_missing_required_column_rejects_every_row_with_one_file_problem():
    text = "event_id_cnty,event_date,event_type,sub_event_type,actor1,country\n" \
           "X1,2021-02-03,Strategic developments,Agreement,Government of Chad (2021-),Chad\n" \
           "X2,2021-02-04,Battles,Armed clash,Government of Chad (2021-),Chad\n"
    result = parse_any(text.encode(), "x.csv")
    assert result.loaded == 0 and len(result.rejected) == result.rows == 2 and result.skipped == {}
    (problem,) = result.problems
    assert (problem.row, problem.column) == (None, "time_precision") and "is missing" in problem.reason


def test_a_cell_that_is_not_utf8_rejects_only_its_row():
    head = "event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,country,notes\n"
    good = "X1,2021-02-03,1,Strategic developments,Agreement,Government of Chad (2021-),Chad,fine\n"
    bad = "X2,2021-02-04,1,Strategic developments,Agreement,Government of Chad (2021-),Chad,Caf\xe9\n"
    result = parse_any(head.encode() + good.encode() + bad.encode("latin-1"), "x.csv")
    assert list(result.events["event_id"]) == ["acled-x1"]
    (problem,) = result.problems
    assert (problem.row, problem.column, problem.value) == (3, "notes", "Caf\ufffd")
