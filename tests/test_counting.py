"""The counting rule (decisions taken are counted; requested, proposed, expected and rejected events are listed and
counted apart), on every page, on a fixture that mixes statuses; and party names in pickers and links."""

from __future__ import annotations

import pandas as pd
import pytest

from loaders import load
from tests.apptest import figures, html_blocks, open_page
from tests.conftest import FIXTURES, ROOT
from tracker.core.actors import party_table, registry
from tracker.core.schema import DECIDED_STATUSES, NOT_DECIDED_STATUSES, STATUSES, is_decided
from tracker.filters import Filters, counted_mask, counting_note, read_link_codes

# Fifteen events: nine decisions taken, six not (a vetoed UN draft on North Korea, requests and a rejection on Iran,
# expected Kerch sanctions, a relief draft, a peacekeeping proposal).
STATUSES_FILE = FIXTURES / "statuses.csv"


@pytest.fixture
def mixed(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("EVENTS_PATH", str(STATUSES_FILE))
    return STATUSES_FILE


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def bars(fig) -> dict[str, int]:
    trace = fig.data[0]
    return dict(zip(trace.customdata, trace.x, strict=True))


# The rule, in one place


def test_every_status_is_either_a_decision_or_counted_apart():
    assert set(DECIDED_STATUSES) | set(NOT_DECIDED_STATUSES) == set(STATUSES)
    assert not set(DECIDED_STATUSES) & set(NOT_DECIDED_STATUSES)
    assert list(is_decided(pd.Series(["announced", "in_effect", "expired", "requested", "proposed", "expected",
                                      "rejected"]))) == [True] * 3 + [False] * 4


def test_choosing_statuses_counts_exactly_those():
    events = pd.DataFrame({"status": ["in_effect", "rejected", "proposed"]})
    assert list(counted_mask(events, Filters())) == [True, False, False]
    assert list(counted_mask(events, Filters(statuses=("rejected",)))) == [True, True, True]


def test_counting_note_says_what_is_counted_and_what_is_left_apart():
    assert counting_note(7, 2) == ("Counted: 7 decisions taken (announced, in effect or expired). Not counted: 2 "
                                   "events requested, proposed, expected or rejected, listed and marked not decided. "
                                   "To count them, choose their status in the Status filter.")


def test_top_parties_table_counts_decisions_and_names_the_rest_apart():
    from tracker.charts import top_parties_table

    events = load(STATUSES_FILE).events
    parties = party_table(events)
    decided = is_decided(events["status"])
    table = top_parties_table(parties[decided[parties["pos"]]], "target", apart=parties[~decided[parties["pos"]]])
    assert {row.code: (row.events, row.not_decided) for row in table.itertuples()} == {
        "RUS": (3, 1), "PRK": (2, 2), "IRN": (2, 2), "CIV": (1, 0), "UKR": (1, 1)}
    assert table["events"].is_monotonic_decreasing and table.loc[0, "name"] == "Russia"


def test_coverage_pairs_count_decisions_only():
    from tracker.coverage import pair_note, pair_years

    events = load(STATUSES_FILE).events
    table = pair_years(events, [("UNSC", "PRK"), ("UNSC", "IRN"), ("USA", "IRN")], 2017, 2025)
    assert table.loc["UNSC → PRK", "2017"] == 1 and table.loc["UNSC → PRK", "2022"] == 0  # the veto is not counted
    assert table.loc["UNSC → IRN"].sum() == 1 and table.loc["USA → IRN"].sum() == 1
    assert "Not counted: 5 sanctions events requested, proposed, expected or rejected" in pair_note(events)


# Every page


def test_overview_headline_numbers_count_decisions_and_say_how_many_are_apart(mixed):
    at = open_page("overview")
    assert metrics(at) | {"Latest event": ""} == {"Decisions taken": "9", "Not decided": "6",
                                                  "Sanctions": "7",
                                                  "Parties": "9", "Latest event": ""}
    assert at.markdown[0].value == "**All 15 events**"  # the sentence counts every event shown
    assert "Not counted\\: 6 events requested, proposed, expected or rejected" in at.caption[0].value
    charts = figures(at)
    assert sum(sum(trace.y) for trace in charts["monthly"].data if trace.type == "bar") == 9
    assert bars(charts["top_targets"]) == {"RUS": 3, "PRK": 2, "IRN": 2, "CIV": 1, "UKR": 1}
    assert "+ 2 not decided" in charts["top_targets"].data[0].text[1]


def test_timeline_draws_events_not_decided_as_open_marks(mixed):
    timeline = figures(open_page("overview"))["timeline"]
    symbols = {row[3]: symbol for trace in timeline.data
               for row, symbol in zip(trace.customdata, trace.marker.symbol, strict=True)}
    assert symbols["m-2022-05-26-unsc-prk-vetoed"] == "circle-open"
    assert symbols["m-2017-09-11-unsc-prk"] == "circle"
    assert {i for i, s in symbols.items() if s == "circle-open"} == {
        "m-2017-11-can-peacekeeping", "m-2019-02-25-kerch-expected", "m-2019-12-16-chn-rus-relief-draft",
        "m-2020-08-14-unsc-irn-embargo-rejected", "m-2020-08-20-usa-snapback-request", "m-2022-05-26-unsc-prk-vetoed"}
    assert "open marks: not decided" in timeline.layout.title.text


def test_who_sanctioned_north_korea_leaves_the_vetoed_draft_apart(mixed):
    at = open_page("overview", "target=PRK&type=sanctions")
    assert metrics(at)["Decisions taken"] == "2" and metrics(at)["Not decided"] == "1"
    actors = figures(at)["top_actors"]
    assert bars(actors) == {"UNSC": 1, "USA": 1}
    assert "+ 1 not decided" in actors.data[0].text[0]


def test_sanctions_against_iran_count_neither_requests_nor_rejections(mixed):
    at = open_page("overview", "target=IRN&type=sanctions")
    assert at.markdown[0].value == "**Sanctions against Iran\\: 4 events**"
    assert metrics(at)["Decisions taken"] == "2" and metrics(at)["Sanctions"] == "2"
    assert metrics(at)["Not decided"] == "2"


def test_choosing_a_status_counts_it(mixed):
    at = open_page("overview", "status=rejected")
    assert metrics(at)["Events counted"] == "2" and metrics(at)["Not decided"] == "0"
    assert bars(figures(at)["top_actors"]) == {"UNSC": 2}
    assert not any("Not counted" in c.value for c in at.caption)


def test_map_counts_decisions(mixed):
    trace = figures(open_page("map", "role=target"))["map"].data[0]
    assert dict(zip(trace.locations, trace.z, strict=True)) == {"RUS": 3, "PRK": 2, "IRN": 2, "CIV": 1, "UKR": 1}


def test_flows_count_decisions(mixed):
    sankey = figures(open_page("flows", "actor=CAN"))["sankey"].data[0]
    labels = sankey.node.label
    links = {(labels[s], labels[t]): v for s, t, v in zip(sankey.link.source, sankey.link.target, sankey.link.value,
                                                          strict=True)}
    # The joint Kerch sanctions; not the expected ones before them, not the peacekeeping proposal.
    assert links == {("Canada", "Russia"): 1, ("European Union", "Russia"): 1, ("United States", "Russia"): 1}


def test_actor_profile_counts_decisions_and_marks_the_rest_in_its_latest_events(mixed):
    at = open_page("actor", "who=UNSC")
    assert at.subheader[0].value == f"{registry().name('UNSC')} (UNSC): 3 decisions taken, 2 not decided"
    years = figures(at)["years"]
    assert {t.name: dict(zip(t.x, t.y, strict=True)) for t in years.data} == {"as actor": {2017: 2, 2025: 1},
                                                                              "as target": {}}
    assert {t: n for t, n in zip(figures(at)["mix"].data[0].customdata, figures(at)["mix"].data[0].x,
                                 strict=True)} == {"sanctions": 2, "mission_end": 1}
    marked = [b for b in html_blocks(at) if "./event?event=" in b and "not decided" in b]
    assert len(marked) == 2 and "(rejected), not counted" in marked[0]


def test_events_page_lists_every_event_and_says_which_are_not_counted(mixed):
    at = open_page("events", "target=PRK")
    assert len(at.dataframe[0].value) == 4
    assert "Counted\\: 2 decisions taken" in at.caption[0].value


def test_coverage_page_leaves_the_vetoed_north_korea_draft_out(monkeypatch):
    monkeypatch.delenv("EVENTS_PATH", raising=False)
    events = load(ROOT / "data" / "events.csv").events
    vetoed = events[(events["event_id"] == "2022-05-26-unsc-dprk-resolution-vetoed").to_numpy()]
    assert list(vetoed["status"]) == ["rejected"]
    at = open_page("coverage")
    pairs = at.dataframe[0].value
    decided = events[is_decided(events["status"]) & events["event_type"].str.startswith("sanctions").to_numpy()
                     & (events["date"].dt.year == 2022).to_numpy()]
    expected = sum("UNSC" in a.split(";") and "PRK" in t.split(";") for a, t in zip(decided["actors"],
                                                                                     decided["targets"], strict=True))
    assert pairs.loc["UNSC → PRK", "2022"] == expected
    assert any("Not counted" in c.value for c in at.caption)


# Names in pickers and links


@pytest.mark.parametrize(("values", "codes", "notice"), [
    (["RUS"], ["RUS"], None),
    (["Iran"], ["IRN"], "Read target=Iran from the link as IRN (Iran)."),
    (["north korea"], ["PRK"], "Read target=north korea from the link as PRK (North Korea)."),
    (["Korea"], [], "Ignored target=Korea from the link: not a known value. Did you mean PRK?"),
    (["Irann"], [], "Ignored target=Irann from the link: not a known value. Did you mean IRN?"),
    (["Japan"], [], "Ignored target=Japan from the link: Japan (JPN) is in no event on this side."),
    (["ATLANTIS"], [], "Ignored target=ATLANTIS from the link: not a known value."),
])
def test_a_link_with_a_name_is_read_as_its_code_or_suggests_one(values, codes, notice):
    found, notices = read_link_codes("target", values, ["IRN", "PRK", "RUS"])
    assert found == codes
    assert notices == ([notice] if notice else [])


def test_party_pickers_show_names_and_keep_codes_in_the_link(mixed):
    at = open_page("events", "target=Iran&actor=USA")
    picker = at.multiselect(key="target")
    assert "Iran (IRN)" in picker.options and "North Korea (PRK)" in picker.options
    assert picker.value == ["IRN"]
    assert at.query_params["target"] == "IRN" and at.query_params["actor"] == "USA"
    assert "Read target=Iran from the link as IRN \\(Iran\\)\\." in [w.value for w in at.sidebar.warning]
    assert at.markdown[0].value == "**Events by the United States directed at Iran\\: 2 events**"


def test_profile_picker_reads_a_name_from_the_link(mixed):
    at = open_page("actor", "who=Canada")
    assert at.selectbox(key="who").value == "CAN"
    assert "Canada (CAN)" in at.selectbox(key="who").options
    assert at.query_params["who"] == "CAN"
    assert "Read who=Canada from the link as CAN \\(Canada\\)\\." in [w.value for w in at.warning]


def test_compare_counts_decisions_and_names_the_rest_apart(mixed):
    at = open_page("compare", "compare=UNSC&compare=USA&role=actor&per=year")
    chart = figures(at)["chart"]
    # UNSC: the 2017 sanctions, the 2017 UNOCI end and the 2025 snapback; not the veto nor the rejected embargo.
    # USA: North Korea 2018, the joint Kerch sanctions and Iran 2019; not the expected Kerch ones nor the request.
    assert {t.name: sum(t.y) for t in chart.data} == {"UN Security Council (UNSC)": 3, "United States (USA)": 3}
    caption = next(c.value for c in at.caption if "Events in all" in c.value).replace("\\", "")
    assert "Events in all: UN Security Council (UNSC) 3 · United States (USA) 3." in caption
    assert "Not counted (not decided: requested, proposed, expected or rejected): UN Security Council (UNSC) 2 · " \
        "United States (USA) 2." in caption


def test_compare_says_when_only_undecided_events_are_on_that_side(fixture_events_path):
    # Canada is a target only of Ukraine's request to extend UNIFIER (requested): nothing counted, and it says why.
    at = open_page("compare", "compare=CAN&compare=EU&role=target")
    assert not figures(at)
    info = at.info[0].value.replace("\\", "")
    assert "None of them has a decision taken on this side" in info
    assert "Canada (CAN) 1" in info and "Choose their status in the Status filter" in info
    counted = open_page("compare", "compare=CAN&compare=EU&role=target&status=requested")
    assert {t.name: sum(t.y) for t in figures(counted)["chart"].data} == {"Canada (CAN)": 1, "European Union (EU)": 0}
