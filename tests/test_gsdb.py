"""Global Sanctions Data Base: one year-precision sanctions event per case, several senders, rejections."""

from __future__ import annotations

from loaders.formats import read_path
from tests.conftest import FIXTURES

CASES = FIXTURES / "formats" / "gsdb_cases.csv"


def events():
    return read_path(CASES).events.set_index("event_id")


def test_a_case_becomes_one_sanctions_event_at_year_precision():
    event = events().loc["gsdb-9001"]
    assert (str(event["date"].date()), event["date_precision"], str(event["end_date"].date())) == (
        "2012-01-01", "year", "2016-12-31")
    assert (event["event_type"], event["status"]) == ("sanctions", "in_effect")
    assert event["title"] == "European Union and United States sanctions on Iran, 2012–2016"
    assert event["tags"].split(";") == ["gsdb", "trade", "financial", "arms", "travel", "trade-exp-part",
                                        "trade-imp-part", "objective-policy-change", "objective-human-rights",
                                        "outcome-success-part"]
    assert "partial export ban" in event["description"] and "partial success" in event["description"]
    assert event["source_publisher"] == "Global Sanctions Data Base (GSDB)"


def test_several_senders_in_one_cell_become_several_actors():
    frame = events()
    assert (frame.loc["gsdb-9001", "actors"], frame.loc["gsdb-9001", "targets"]) == ("EU;USA", "IRN")
    assert frame.loc["gsdb-9006", "actors"] == "UN;JPN;KOR"
    assert frame.loc["gsdb-9006", "title"].startswith("United Nations, Japan and South Korea sanctions on North Korea")


def test_an_ongoing_case_has_no_end_date_because_its_end_is_only_the_release_year():
    event = events().loc["gsdb-9002"]
    assert event["end_date"] is None or str(event["end_date"]) == "NaT"
    assert "last year covered: 2023" in event["description"] and event["title"].endswith("from 2014")


def test_gsdb_name_quirks_resolve_exactly():
    assert events().loc["gsdb-9009", "targets"] == "ETH"


def test_rejections_name_row_column_and_value():
    result = read_path(CASES)
    found = {(p.row, p.column): p for p in result.problems}
    assert set(found) == {(6, "begin"), (8, "trade"), (9, "end_date")}
    assert found[(6, "begin")].value == "19x9"
    assert "must be 0 or 1" in found[(8, "trade")].reason
    assert "before date 2010-01-01" in found[(9, "end_date")].reason
    assert result.rows == result.loaded + len(result.rejected) == 9 and result.skipped == {}


HEADER = "case_id,sanctioned_state,sanctioning_state,begin,end,arms,military,trade,financial,travel,other,success"


def _cases(*rows: str):
    from loaders.formats import parse_any

    return parse_any(("\n".join([HEADER, *rows]) + "\n").encode(), "cases.csv")


def test_names_with_a_comma_stay_whole():
    result = _cases('1,"Korea, North","United States, Korea, South",2016,2019,0,0,1,1,0,0,ongoing',
                    '2,"Gambia, The",EU,2017,2018,0,0,0,1,0,0,failed')
    events = result.events.set_index("event_id")
    assert not result.problems
    assert (events.loc["gsdb-1", "targets"], events.loc["gsdb-1", "actors"]) == ("PRK", "USA;KOR")
    assert events.loc["gsdb-2", "targets"] == "GMB"


def test_former_states_are_parties_with_their_iso_3166_3_codes_and_names():
    result = _cases("3,Yugoslavia,United Nations,1991,2001,1,0,1,1,0,0,success_total",
                    "4,Rhodesia,United Kingdom,1965,1979,1,0,1,1,0,0,success_total",
                    "5,USSR,United States,1980,1981,0,0,1,0,0,0,failed",
                    "6,Zaire,EU,1992,1997,1,0,0,0,0,0,failed")
    events = result.events.set_index("event_id")
    assert not result.problems
    assert [events.loc[f"gsdb-{n}", "targets"] for n in (3, 4, 5, 6)] == ["YUG", "RHO", "SUN", "COD"]
    assert events.loc["gsdb-5", "title"].startswith("United States sanctions on Soviet Union")


def test_a_party_that_is_not_a_state_or_has_no_code_is_rejected_with_the_reason():
    result = _cases('7,South Vietnam,United States,1970,1971,0,0,1,0,0,0,failed',
                    '8,"Iran, Hezbollah",United States,1990,1991,0,0,1,0,0,0,failed')
    reasons = {p.row: p.reason for p in result.problems}
    assert "never had an ISO 3166 code" in reasons[2]
    assert "'Hezbollah' is not a state, a former state" in reasons[3]
    assert result.loaded == 0 and result.rejected_count == 2


def test_the_map_leaves_former_states_out_and_says_how_many():
    import os
    import tempfile
    from pathlib import Path

    from tests.apptest import open_page

    data = "\n".join([HEADER, "3,Yugoslavia,United Nations,1991,2001,1,0,1,1,0,0,success_total",
                       "5,USSR,United States,1980,1981,0,0,1,0,0,0,failed",
                       "9,Iran,United States,1995,2000,0,0,1,0,0,0,failed"]) + "\n"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "gsdb.csv"
        path.write_text(data, encoding="utf-8")
        os.environ["EVENTS_PATH"] = str(path)
        try:
            at = open_page("map", "role=target")
        finally:
            del os.environ["EVENTS_PATH"]
    assert not at.exception
    captions = [c.value.replace("\\", "") for c in at.caption]
    assert any("2 former states (Soviet Union, Yugoslavia) are not drawn" in c for c in captions)
