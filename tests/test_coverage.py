"""The declared scope (data/initiatives.csv) holds for the bundled data: listed, complete where claimed, current."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from loaders import load
from tests.apptest import open_page
from tests.conftest import ROOT
from tracker.chains import breaks_within, chain_breaks, uncovered_claims, unstated_renewals
from tracker.coverage import coverage_markdown, pair_years
from tracker.initiatives import cross_problems, read_scope

DATA = ROOT / "data"


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return load(DATA / "events.csv").events


@pytest.fixture(scope="module")
def scope() -> pd.DataFrame:
    frame, problems = read_scope(DATA / "initiatives.csv")
    assert not problems, [f"initiatives.csv row {p.row}, {p.column}={p.value!r}: {p.reason}" for p in problems[:10]]
    return frame


def test_every_initiative_is_declared_and_every_declared_one_has_events(scope, events):
    problems = cross_problems(scope, events)
    assert not problems, problems[:10]


def test_no_chain_breaks_inside_a_claimed_span(scope, events):
    # Chains are what initiatives with a renewal cadence claim; a sanctions programme's span claims its rounds.
    claimed = scope[scope["covered_from"].notna() & scope["cadence_months"].notna()]
    inside = breaks_within(chain_breaks(events, dt.date.today()), claimed)
    assert inside.empty, ("a chain breaks inside a claimed span; record the missing renewal or narrow covered_from/"
                          "covered_to in data/initiatives.csv and list the gap in known_gaps:\n"
                          + "\n".join(inside["message"].head(10)))


def test_every_claimed_span_is_covered_by_recorded_expiries(scope, events):
    claimed = scope[scope["covered_from"].notna() & scope["cadence_months"].notna()]
    problems = uncovered_claims(events, claimed, dt.date.today())
    assert not problems, problems[:10]


def test_renewals_inside_a_claimed_span_state_their_new_expiry(scope, events):
    claimed = scope[scope["covered_from"].notna() & scope["cadence_months"].notna()]
    missing = unstated_renewals(events, claimed)
    assert missing.empty, ("renewals inside a claimed span without end_date (the chain cannot be checked there): "
                           + ", ".join(missing["event_id"].head(10)))


def test_the_scope_names_the_required_initiatives(scope):
    required = {"UNIFIL", "MONUSCO", "MINUSMA", "MINUSCA", "UNMISS", "UNFICYP", "UN Panel of Experts on North Korea",
                "OSCE Special Monitoring Mission to Ukraine", "NATO enhanced Forward Presence",
                "EU sectoral sanctions on Russia", "EU individual sanctions over Ukraine's territorial integrity",
                "EU restrictive measures on Crimea and Sevastopol", "EU restrictive measures on Belarus",
                "EU Iran human rights sanctions regime", "EU sanctions on Syria", "EU sanctions on Venezuela",
                "EUTM Mali", "EUTM Somalia", "EUMAM Ukraine", "Operation UNIFIER", "Operation REASSURANCE",
                "Operation IMPACT"}
    assert required <= set(scope["initiative"])
    cadenced = scope[scope["initiative"].isin(required - {"NATO enhanced Forward Presence"})]
    assert cadenced["cadence_months"].notna().all()


def test_coverage_md_is_current(scope, events):
    assert (DATA / "COVERAGE.md").read_text(encoding="utf-8") == coverage_markdown(scope, events), (
        "data/COVERAGE.md is stale: run `python -m tracker.coverage --write`")


def test_pair_years_counts_each_sender_of_a_joint_row():
    frame = pd.DataFrame({"event_type": ["sanctions", "sanctions", "statement"], "status": "in_effect",
                          "actors": ["CAN;EU", "EU", "EU"], "targets": ["RUS", "RUS", "RUS"],
                          "date": pd.to_datetime(["2019-03-15", "2019-07-01", "2019-07-01"])})
    table = pair_years(frame, [("CAN", "RUS"), ("EU", "RUS"), ("EU", "BLR")], 2018, 2019)
    assert table.loc["EU → RUS", "2019"] == 2 and table.loc["CAN → RUS", "2019"] == 1
    assert table.loc["EU → BLR"].sum() == 0 and table.loc["EU → RUS", "2018"] == 0


def test_the_coverage_page_shows_the_scope_and_the_pair_table():
    at = open_page("coverage")
    assert not at.exception
    tables = [element.value for element in at.dataframe]
    scope = next(t for t in tables if "Initiative" in t.columns)
    pairs = next(t for t in tables if "EU → RUS" in t.index)
    assert "UNIFIL" in set(scope["Initiative"])
    assert pairs.loc["EU → RUS"].sum() > 0


def test_the_data_quality_page_lists_chain_breaks_of_any_file(tmp_path, monkeypatch):
    header = (ROOT / "tests" / "fixtures" / "events.csv").read_text(encoding="utf-8").splitlines()[0]
    rows = ["u-2014-08-26-unsc-unifil,2014-08-26,day,2015-08-31,mission_renewal,in_effect,UNSC,LBN,UNIFIL,Renewal,,,,"
            ",Headline,UN,2014-08-26,Quote.",
            "u-2016-08-30-unsc-unifil,2016-08-30,day,2017-08-31,mission_renewal,in_effect,UNSC,LBN,UNIFIL,Renewal,,,,"
            ",Headline,UN,2016-08-30,Quote."]
    path = tmp_path / "mine.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    monkeypatch.setenv("EVENTS_PATH", str(path))
    at = open_page("data_quality")
    breaks = next(e.value for e in at.dataframe if "message" in e.value.columns)
    assert list(breaks["message"]) == [
        "UNIFIL: expired 31 Aug 2015; no renewal or end recorded by then (next record 30 Aug 2016, "
        "u-2016-08-30-unsc-unifil).", "UNIFIL: expired 31 Aug 2017; no renewal or end recorded since."]
