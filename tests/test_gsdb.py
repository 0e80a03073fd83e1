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
    assert set(found) == {(5, "sanctioned_state"), (6, "begin"), (8, "trade"), (9, "end_date")}
    assert found[(5, "sanctioned_state")].value == "Yugoslavia"
    assert found[(6, "begin")].value == "19x9"
    assert "must be 0 or 1" in found[(8, "trade")].reason
    assert "before date 2010-01-01" in found[(9, "end_date")].reason
    assert result.rows == result.loaded + len(result.rejected) == 9 and result.skipped == {}
