"""Comparison of actors or targets year by year: counts on one scale, one colour each, a CSV with the role."""

from __future__ import annotations

import pandas as pd
import pytest

from loaders import load
from tests.apptest import figures, open_page
from tests.conftest import FIXTURES
from tracker.compare import PARTY_COLORS, compare_chart, compare_table
from tracker.core.actors import party_table


def fixture_parties() -> pd.DataFrame:
    return party_table(load(FIXTURES / "events.csv").events)


def test_compare_table_counts_each_party_per_year_with_zeros_and_its_role():
    table = compare_table(fixture_parties(), ["CAN", "EU"], "actor", "year")
    assert list(table.columns) == ["period", "code", "name", "role", "events"]
    assert set(table["role"]) == {"actor"}
    counts = {(row.code, row.period): row.events for row in table.itertuples()}
    # Canada acts in 2015 (UNIFIER), 2018 and 2019; the EU in 2016, 2018 and 2019 (the Kerch row is joint).
    assert counts == {("CAN", "2015"): 1, ("CAN", "2016"): 0, ("CAN", "2017"): 0, ("CAN", "2018"): 1,
                      ("CAN", "2019"): 1, ("EU", "2015"): 0, ("EU", "2016"): 1, ("EU", "2017"): 0,
                      ("EU", "2018"): 1, ("EU", "2019"): 1}
    assert table.loc[table["code"] == "EU", "name"].iloc[0] == "European Union"


def test_compare_table_as_target_and_on_either_side():
    parties = fixture_parties()
    targets = compare_table(parties, ["RUS", "UKR"], "target", "year")
    assert targets.groupby("code")["events"].sum().to_dict() == {"RUS": 4, "UKR": 1}
    either = compare_table(parties, ["RUS", "UKR"], "either", "year")
    # Russia also acts (a 2020 statement); Ukraine also asks for UNIFIER's renewal (2019).
    assert either.groupby("code")["events"].sum().to_dict() == {"RUS": 5, "UKR": 2}
    assert set(either["role"]) == {"either"}


def test_compare_table_by_month_spans_every_month_between_the_first_and_last_event():
    table = compare_table(fixture_parties(), ["CAN", "IRN"], "target", "month")
    assert table["period"].iloc[0] == "2019-02" and table["period"].iloc[-1] == "2019-06"
    assert len(table) == 2 * 5  # Feb to Jun 2019 for each party
    assert table.loc[table["code"] == "CAN", "events"].tolist() == [1, 0, 0, 0, 0]  # Ukraine's request to Canada
    assert table.loc[table["code"] == "IRN", "events"].tolist() == [0, 0, 0, 0, 1]


def test_compare_chart_draws_one_colour_per_party_on_one_whole_number_axis():
    table = compare_table(fixture_parties(), ["CAN", "EU", "USA"], "actor", "year")
    fig = compare_chart(table, "actor", "year")
    assert [t.name for t in fig.data] == ["Canada (CAN)", "European Union (EU)", "United States (USA)"]
    assert [t.marker.color for t in fig.data] == list(PARTY_COLORS[:3])
    assert {t.yaxis for t in fig.data} <= {None, "y"}  # one shared scale
    assert fig.layout.yaxis.tickformat == ",d" and fig.layout.yaxis.dtick == 1
    assert fig.layout.showlegend
    monthly = compare_chart(compare_table(fixture_parties(), ["CAN", "EU"], "actor", "month"), "actor", "month")
    assert {t.type for t in monthly.data} == {"scatter"}
    assert monthly.layout.xaxis.type == "date"


def test_compare_page_reproduces_a_link(fixture_events_path):
    at = open_page("compare", "compare=CAN&compare=EU&type=sanctions&role=actor&per=year")
    assert not at.exception
    chart = figures(at)["chart"]
    assert {t.name: sum(t.y) for t in chart.data} == {"Canada (CAN)": 2, "European Union (EU)": 2}
    assert "Canada (CAN) 2 · European Union (EU) 2" in at.caption[0].value.replace("\\", "")


@pytest.mark.parametrize(("query", "notice"), [
    ("compare=CAN", "Choose 2 to 6"),
    ("", "Choose 2 to 6"),
])
def test_compare_page_asks_for_two_parties(fixture_events_path, query, notice):
    at = open_page("compare", query)
    assert notice in at.info[0].value and not figures(at)


def test_compare_page_says_which_link_values_it_ignored(fixture_events_path):
    at = open_page("compare", "compare=CAN&compare=ATLANTIS&compare=EU")
    assert "Ignored compare=ATLANTIS" in at.warning[0].value
    assert len(figures(at)["chart"].data) == 2
