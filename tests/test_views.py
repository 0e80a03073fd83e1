"""AppTest for the exploration views: what each shows with filters set, and the events table at 100,000 events (the
charts at that size are unit tests in tests/test_charts.py)."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from icalendar import Calendar

from benchmarks.synthetic import make_events
from tests.apptest import figures, html_blocks, open_page
from tests.conftest import ROOT


def test_map_counts_countries_by_role_from_the_link(fixture_events_path):
    charts = figures(open_page("map", "role=target&type=sanctions"))
    trace = charts["map"].data[0]
    assert dict(zip(trace.locations, trace.z, strict=True)) == {"RUS": 3, "IRN": 1}
    charts = figures(open_page("map", "role=actor&type=sanctions"))
    assert dict(zip(charts["map"].data[0].locations, charts["map"].data[0].z, strict=True)) == {"CAN": 2, "USA": 2}


def test_map_expands_the_eu_to_its_members_on_the_date(fixture_events_path):
    trace = figures(open_page("map", "role=actor&expand=true&actor=EU"))["map"].data[0]
    counts = dict(zip(trace.locations, trace.z, strict=True))
    assert counts["DEU"] == 3 and counts["GBR"] == 3  # EU events of 2016-2019: the UK was still a member
    assert "EU" not in counts


def test_the_uk_stops_counting_for_the_eu_after_brexit():
    import pandas as pd

    from tracker.core.actors import party_table
    from tracker.geo import expand_blocs

    events = pd.DataFrame({"event_id": ["before", "after"], "date": pd.to_datetime(["2020-01-31", "2020-02-01"]),
                           "actors": "EU", "targets": "", "event_type": "sanctions"})
    parties = party_table(events)
    expanded = expand_blocs(parties)
    expanded = expanded.assign(event_id=events["event_id"].to_numpy()[expanded["pos"]])
    members = expanded.groupby("event_id")["code"].apply(set)
    assert "GBR" in members["before"] and "GBR" not in members["after"]
    assert len(members["before"]) == 28 and len(members["after"]) == 27


def test_a_member_named_directly_and_through_two_blocs_counts_once():
    import pandas as pd

    from tracker.core.actors import party_table
    from tracker.geo import country_counts, expand_blocs

    events = pd.DataFrame({"event_id": ["e"], "date": pd.to_datetime(["2021-06-01"]), "actors": "EU;DEU;NATO",
                           "targets": "DEU", "event_type": "statement"})
    expanded = expand_blocs(party_table(events))
    assert ((expanded["code"] == "DEU") & (expanded["role"] == "actor")).sum() == 1
    counts = dict(zip(*(country_counts(expanded, "either")[c] for c in ("code", "events")), strict=True))
    assert counts["DEU"] == 1 and counts["USA"] == 1 and counts["FRA"] == 1


def test_flows_link_actors_to_targets_by_type(fixture_events_path):
    charts = figures(open_page("flows", "target=RUS"))
    sankey = charts["sankey"].data[0]
    labels = sankey.node.label
    links: dict[tuple[str, str], int] = {}
    for s, t, v in zip(sankey.link.source, sankey.link.target, sankey.link.value, strict=True):
        links[(labels[s], labels[t])] = links.get((labels[s], labels[t]), 0) + v
    assert links[("European Union", "Russia")] == 3 and links[("Canada", "Russia")] == 2
    bubbles = charts["matrix"].data[0]
    assert ["EU", "RUS"] in [list(c) for c in bubbles.customdata]


def test_missions_gantt_marks_renewals_and_states(fixture_events_path):
    gantt = figures(open_page("missions", "asof=2019-01-01&months=6"))["gantt"]
    renewals = next(t for t in gantt.data if t.name == "renewal")
    assert set(renewals.y) == {"Operation UNIFIER", "EU sectoral sanctions"}
    in_effect = next(t for t in gantt.data if t.name == "in effect")
    assert "Operation UNIFIER" in set(in_effect.y)


def test_upcoming_expiries_use_decisions_known_on_the_chosen_date(fixture_events_path):
    at = open_page("missions", "asof=2016-08-01&months=12")
    assert list(at.dataframe[0].value["initiative"]) == ["EU sectoral sanctions"]
    at = open_page("missions", "asof=2019-01-01&months=6")
    assert "Nothing expires" in at.info[0].value  # the 2019-02-25 UNIFIER request has no force
    assert len(at.dataframe) == 1  # only the table of what expired with no renewal recorded


def test_an_expiry_passed_with_no_renewal_recorded_is_listed_not_dropped(fixture_events_path):
    # The EU's sectoral sanctions expire on 31 Jan 2017 in the fixture, and nothing later is recorded: by 2019 they
    # are not upcoming, so they would vanish from the page; they are listed under their own heading instead.
    at = open_page("missions", "asof=2019-01-01&months=6")
    assert "Expired with no renewal recorded" in [h.value for h in at.subheader]
    gone = at.dataframe[0].value
    assert list(gone["initiative"]) == ["EU sectoral sanctions"]
    assert gone.loc[0, "expired"] == pd.Timestamp("2017-01-31") and gone.loc[0, "days"] == 700
    assert gone.loc[0, "event_id"] == "f-2016-07-01-eu-renewal"
    # Before the expiry it is upcoming, and not listed as expired.
    at = open_page("missions", "asof=2016-08-01&months=12")
    assert [len(table.value) for table in at.dataframe] == [1]


def test_ics_is_a_valid_calendar_with_one_event_per_expiry(monkeypatch):
    import datetime as dt

    from loaders import load
    from tests.conftest import ROOT
    from tracker.expiries import upcoming
    from tracker.ical import to_ics
    from tracker.missions import life_events

    monkeypatch.delenv("EVENTS_PATH", raising=False)
    at = open_page("missions", "asof=2019-01-01&months=6")
    shown = at.dataframe[0].value
    table = upcoming(life_events(load(ROOT / "data" / "events.csv").events), dt.date(2019, 1, 1), 6)
    assert list(table["initiative"]) == list(shown["initiative"]) and len(table) >= 3
    calendar = Calendar.from_ical(to_ics(table))
    assert calendar["VERSION"] == "2.0"
    vevents = calendar.walk("VEVENT")
    assert len(vevents) == len(table)
    unifier = next(e for e in vevents if str(e["SUMMARY"]) == "Operation UNIFIER: mandate expires")
    assert unifier.decoded("DTSTART").isoformat() == "2019-03-31"
    assert len({str(e["UID"]) for e in vevents}) == len(vevents)


def test_actor_profile_shows_years_counterparts_and_latest(fixture_events_path):
    at = open_page("actor", "who=CAN")
    charts = figures(at)
    years = charts["years"]
    # Canada is the target of one event only, Ukraine's request to extend UNIFIER: not a decision, not counted.
    assert {t.name: sum(t.y) for t in years.data} == {"as actor": 3, "as target": 0}
    assert set(charts["partners"].data[0].customdata) == {"RUS", "UKR"}
    links = [b for b in html_blocks(at) if "./event?event=" in b]
    assert links[0].startswith('<a href="./event?event=f-2019-03-15-joint-kerch"')


def test_actor_profile_offers_the_parties_of_the_filters_and_opens_one_in_a_click(fixture_events_path):
    at = open_page("actor", "actor=CAN&target=RUS&target=CAN")
    assert [b.label for b in at.button] == ["Profile of Canada (CAN)", "Profile of Russia (RUS)"]
    next(b for b in at.button if "Russia" in b.label).click().run()
    assert at.query_params["who"] in ("RUS", ["RUS"])
    assert at.subheader[0].value.startswith("Russia (RUS):")
    assert not at.button  # a profile is shown: nothing more to offer
    assert not open_page("actor").button  # no party in the filters: no offer


def test_event_detail_shows_fields_source_and_related(fixture_events_path):
    at = open_page("event", "event=f-2019-02-25-ukr-request")
    assert "Ukraine asks Canada" in at.header[0].value
    fields = at.dataframe[0].value
    assert dict(zip(fields["field"], fields["value"], strict=True))["Initiative"] == "Operation UNIFIER"
    related = [b for b in html_blocks(at) if "same initiative" in b]
    assert any("f-2015-09-can-unifier" in r for r in related)


def test_event_detail_does_not_describe_the_filtered_events(fixture_events_path):
    # One event's page: no "N events" sentence, counting note or "data up to" badge (they are about the filtered
    # events); the other pages keep them.
    def about_filtered(at) -> list[str]:
        shown = [m.value for m in at.markdown] + [c.value for c in at.caption]
        return [v for v in shown if "Data up to" in v or re.match(r"\*\*.*\d+ events\*\*$", v)]

    assert about_filtered(open_page("event", "event=f-2019-02-25-ukr-request&actor=CAN")) == []
    assert len(about_filtered(open_page("events", "actor=CAN"))) == 2


def test_event_detail_with_unknown_id_says_so(fixture_events_path):
    at = open_page("event", "event=nope")
    assert "No event has the ID" in at.warning[0].value


def test_monthly_chart_labels_incidents(monkeypatch):
    monkeypatch.delenv("EVENTS_PATH", raising=False)
    fig = figures(open_page("overview", "from=2018-11-01&to=2018-12-31"))["monthly"]
    markers = next(t for t in fig.data if t.name == "Incidents ▼")
    assert any(label.startswith("Russia seizes three") for label in markers.text)


@pytest.fixture(scope="module")
def large_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("large") / "events-100k.csv"
    make_events(100_000).to_csv(path, index=False)
    return path


def test_events_table_shows_the_newest_rows_and_says_how_many_are_left_out(large_file, monkeypatch):
    monkeypatch.setenv("EVENTS_PATH", str(large_file))
    at = open_page("events")
    table = at.dataframe[0].value
    assert len(table) == 5_000
    assert any("Showing the 5,000 most recent of 100,000 events" in c.value for c in at.caption)
    newest = make_events(100_000)["date"].max()
    assert table["date_label"].iloc[0] == pd.Timestamp(newest).strftime("%d %b %Y")


def test_events_table_shows_names_titles_and_filters_by_title(fixture_events_path):
    at = open_page("events", "target=RUS&status=in_effect&type=sanctions_renewal&type=sanctions")
    table = at.dataframe[0].value.set_index("event_id")
    assert table.loc["f-2019-03-15-joint-kerch", "actors"] == "Canada, European Union, United States"
    assert table.loc["f-2016-07-01-eu-renewal", "targets"] == "Russia"
    assert set(table["event_type"]) == {"Sanctions", "Sanctions renewal"} and set(table["status"]) == {"In effect"}
    types = next(m for m in at.sidebar.multiselect if m.label == "Event types")
    assert "Sanctions renewal" in types.options and "sanctions_renewal" not in types.options
    assert types.value == ["sanctions_renewal", "sanctions"]
    # Picking a type by its title keeps the code in the link.
    types.unselect("sanctions").run()
    assert at.query_params["type"] in ("sanctions_renewal", ["sanctions_renewal"])
    assert set(at.dataframe[0].value["event_type"]) == {"Sanctions renewal"}


def test_event_detail_shows_dates_without_a_time_of_day(fixture_events_path):
    fields = open_page("event", "event=f-2019-02-25-ukr-request").dataframe[0].value
    values = dict(zip(fields["field"], fields["value"], strict=True))
    assert (values["Date"], values["End date"], values["Source date"]) == ("2019-02-25", "2019-03-31", "2020-01-01")
    assert values["Personnel"] == ""
    assert not any("00:00:00" in str(v) for v in values.values())


@pytest.mark.parametrize("page", ["overview", "events", "missions", "about"])
def test_old_data_shows_when_it_ends_on_every_page(fixture_events_path, page):
    # The fixture's newest event is a 2020 statement (year precision, dated 1 January).
    notices = [m.value for m in open_page(page).markdown if "Data up to" in m.value]
    assert len(notices) == 1 and "Data up to 01 Jan 2020" in notices[0]


def test_missions_after_the_2024_veto_never_draw_the_panel_of_experts_as_requested(monkeypatch):
    monkeypatch.delenv("EVENTS_PATH", raising=False)
    panel = "UN Panel of Experts on North Korea"
    # Filtered to North Korea (the unfiltered chart draws the 30 busiest initiatives, which may not include it).
    for query in ("target=PRK", "target=PRK&from=2024-01-01", "status=rejected"):
        gantt = figures(open_page("missions", query))["gantt"]
        requested = next(t for t in gantt.data if t.name == "requested")
        assert panel not in set(requested.y), query
        assert panel in {y for t in gantt.data for y in t.y}, query


def test_missions_gantt_hover_describes_each_initiative(monkeypatch):
    from tracker.chart_text import inert
    from tracker.initiatives import read_scope

    monkeypatch.delenv("EVENTS_PATH", raising=False)
    scope, _ = read_scope(ROOT / "data" / "initiatives.csv")
    # The chart's row labels are the names cut to 60 characters; the hover has the description's first 109.
    about = {inert(name, 60): inert(text, 110) for name, text in zip(scope["initiative"], scope["description"],
                                                                     strict=True)}
    gantt = figures(open_page("missions"))["gantt"]
    bars = [(name, hover) for t in gantt.data if t.type == "bar" for name, hover in zip(t.y, t.customdata,
                                                                                          strict=True)]
    assert len({name for name, _ in bars}) >= 20
    for name, hover in bars:
        assert hover.endswith(f"<br><i>{about[name]}</i>"), name


def test_a_final_mandate_is_drawn_winding_down_and_listed_with_its_end_date():
    # Bundled data: the Security Council gave UNAMI a final mandate on 31 May 2024, to end on 31 December 2025.
    at = open_page("missions", "target=IRQ&asof=2025-06-01&months=12")
    upcoming = at.dataframe[0].value
    row = upcoming.loc[upcoming["initiative"] == "UNAMI"].iloc[0]
    assert row["expires"] == pd.Timestamp("2025-12-31") and row["event_id"] == "2024-05-31-unsc-unami-final-extension"
    gantt = figures(at)["gantt"]
    winding = next(t for t in gantt.data if t.name == "winding down")
    assert "UNAMI" in set(winding.y)
    start = pd.Timestamp(winding.base[list(winding.y).index("UNAMI")])
    assert start == pd.Timestamp("2024-05-31")
    ended = next(t for t in gantt.data if t.name == "ended")
    assert pd.Timestamp(ended.base[list(ended.y).index("UNAMI")]) == pd.Timestamp("2025-12-31")
