"""Charts are pure functions: figure data follows the events, one colour per type, aggregated when large."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pandas as pd
import pytest

from benchmarks.synthetic import make_events
from loaders import load
from loaders.curated import parse_curated
from tests.conftest import FIXTURES
from tracker import charts, flows, geo, missions, profile
from tracker.core.actors import party_table, registry
from tracker.core.schema import EVENT_TYPE_COLORS
from tracker.ui.data import prepare


def fixture():
    events = load(FIXTURES / "events.csv").events
    return events, party_table(events)


def test_timeline_has_one_mark_per_event_and_party_coloured_by_type():
    events, parties = fixture()
    fig = charts.timeline(events, parties)
    marks = sum(len(trace.x) for trace in fig.data)
    assert marks == parties.drop_duplicates(["pos", "code"]).shape[0]
    for trace in fig.data:
        code = next(t for t in EVENT_TYPE_COLORS if charts.type_title(t) == trace.name)
        assert trace.marker.color == EVENT_TYPE_COLORS[code]


def test_timeline_height_is_known_before_the_timeline_is_drawn():
    events, parties = fixture()
    assert charts.timeline_height(parties) == charts.timeline(events, parties).layout.height == 364  # 8 parties
    many = make_events(3_000, seed=5)  # more parties than the timeline shows
    many_parties = party_table(many)
    assert many_parties["code"].nunique() > charts.TIMELINE_ROWS
    assert charts.timeline_height(many_parties) == charts.timeline(many, many_parties).layout.height


def test_monthly_counts_sum_to_the_number_of_events():
    events, _ = fixture()
    fig = charts.monthly_counts(events)
    assert sum(sum(trace.y) for trace in fig.data) == len(events)
    assert fig.layout.barmode == "stack"


def test_top_targets_counts_each_event_once():
    events, parties = fixture()
    table = charts.top_parties_table(parties, "target")
    assert table.iloc[0].to_dict() == {"code": "RUS", "name": "Russia", "events": 4}


def test_large_timeline_is_aggregated_by_period_and_capped_in_rows():
    rng = np.random.default_rng(1)
    n = 20_000
    codes = np.array(["USA", "RUS", "CAN", "EU", "UKR", "IRN", "PRK", "SYR", "VEN", "BLR", "GBR", "JPN", "AUS",
                      "CHE", "NOR", "MMR", "CHN", "IND", "BRA", "ZAF", "TUR", "ISR", "EGY", "NGA", "MEX", "KOR",
                      "FRA", "DEU"])
    dates = pd.Timestamp("2014-01-01") + pd.to_timedelta(rng.integers(0, 4000, n), unit="D")
    events = pd.DataFrame({"event_id": [f"e{i}" for i in range(n)], "date": dates,
                           "date_label": dates.strftime("%d %b %Y"), "event_type": "sanctions", "title": "t",
                           "source_publisher": "p", "actors": rng.choice(codes, n), "targets": rng.choice(codes, n)})
    fig = charts.timeline(events, party_table(events))
    marks = sum(len(trace.x) for trace in fig.data)
    assert marks <= charts.TIMELINE_MAX_MARKS
    assert len(set(fig.data[0].y)) == charts.TIMELINE_ROWS
    assert "one mark per quarter" in fig.layout.title.text  # monthly would exceed the cap at 25 x 132 months
    parties = party_table(events).drop_duplicates(["pos", "code"])
    shown = parties[parties["code"].map(registry().label).isin(set(fig.data[0].y))]
    assert sum(int(n) for trace in fig.data for n in trace.customdata) == len(shown)
    # Each mark counts its party's events in its quarter.
    quarter = shown["date"].dt.to_period("Q").dt.start_time
    for x, y, n in list(zip(fig.data[0].x, fig.data[0].y, fig.data[0].customdata, strict=True))[:50]:
        party = shown["code"].map(registry().label) == y
        assert ((quarter == pd.Timestamp(x)) & party).sum() == n


@pytest.fixture(scope="module")
def large():
    """100,000 synthetic events as the app holds them (curated loader, then the one prepare step)."""
    prepared = prepare(parse_curated(make_events(100_000).to_csv(index=False).encode(), "events-100k.csv"))
    return prepared.result.events, prepared.parties


def test_the_timeline_of_100k_events_counts_every_event_in_its_period_marks(large):
    events, parties = large
    fig = charts.timeline(events, parties)
    assert sum(len(trace.x) for trace in fig.data) <= charts.TIMELINE_MAX_MARKS
    period = next(p for p, name in charts.PERIOD_NAMES.items() if f"one mark per {name}" in fig.layout.title.text)
    drawn = {(x, y, trace.name): n for trace in fig.data
             for x, y, n in zip(trace.x, trace.y, trace.customdata, strict=True)}
    assert len({y for _, y, _ in drawn}) == charts.TIMELINE_ROWS
    # Every (event, party) of the drawn parties, counted by plain grouping.
    pairs = parties[~parties["repeat"]].assign(party=lambda t: t["code"].astype(str).map(registry().label))
    pairs = pairs[pairs["party"].isin({y for _, y, _ in drawn})]
    start = pairs["date"].dt.to_period(period).dt.start_time.dt.strftime("%Y-%m-%d")
    want = pairs.groupby([start, pairs["party"], pairs["event_type"].astype(str).map(charts.type_title)]).size()
    assert {(pd.Timestamp(x).strftime("%Y-%m-%d"), y, t): int(n) for (x, y, t), n in drawn.items()} == \
        {key: int(n) for key, n in want.items()}


def test_the_monthly_bars_of_100k_events_add_up_per_month_and_type(large):
    events, _ = large
    fig = charts.monthly_counts(events)
    bars = {(pd.Timestamp(x).strftime("%Y-%m"), trace.name): y for trace in fig.data if trace.type == "bar"
            for x, y in zip(trace.x, trace.y, strict=True)}
    want = events.groupby([events["date"].dt.strftime("%Y-%m"), events["event_type"].astype(str).map(
        charts.type_title)], observed=True).size()
    assert bars == {key: int(n) for key, n in want.items()} and sum(bars.values()) == 100_000


def _top(codes: pd.Series, n: int) -> set[str]:
    counts = codes.astype(str).value_counts()
    return set(sorted(counts.index, key=lambda c: (-counts[c], c))[:n])


def test_the_flows_of_100k_events_draw_every_pair_once_per_flow(large):
    _, parties = large
    table = flows.flows(parties)
    # Every actor paired with every target of its event, by a join; the smaller parties as "Other".
    actors = parties.loc[(parties["role"] == "actor").to_numpy(), ["pos", "code", "event_type"]]
    targets = parties.loc[(parties["role"] == "target").to_numpy(), ["pos", "code"]]
    pairs = actors.merge(targets, on="pos", suffixes=("_a", "_t")).astype({"code_a": str, "code_t": str})
    for side in ("code_a", "code_t"):
        kept = _top(pairs.drop_duplicates(["pos", side])[side], flows.TOP_PARTIES)
        pairs[side] = pairs[side].where(pairs[side].isin(kept), flows.OTHER)
    pairs = pairs.astype({"event_type": str}).drop_duplicates(["pos", "code_a", "code_t", "event_type"])
    want = pairs.groupby(["code_a", "code_t", "event_type"]).size()
    got = table.set_index(["actor", "target", "event_type"])["events"]
    assert {k: int(n) for k, n in got.items()} == {k: int(n) for k, n in want.items()}
    sankey = flows.sankey(table).data[0]
    assert len(sankey.node.label) <= 2 * (flows.TOP_PARTIES + 1)
    assert list(sankey.link.value) == list(table["events"])
    bubbles = flows.matrix(table).data[0]
    assert sum(int(n) for n in bubbles.text) == table["events"].sum()


def test_the_map_of_100k_events_counts_each_state_once_per_event(large):
    _, parties = large
    expanded = geo.expand_blocs(parties)
    counts = geo.country_counts(expanded, "either")
    trace = geo.choropleth(counts, "either").data[0]
    states = expanded[expanded["code"].astype(str).map(registry().kind) == "state"]
    want = states.drop_duplicates(["pos", "code"]).groupby("code", observed=True).size()
    assert dict(zip(trace.locations, trace.z, strict=True)) == {str(c): int(n) for c, n in want.items()}


def test_the_gantt_of_100k_events_draws_the_latest_initiatives_a_quarter_at_a_time(large):
    events, _ = large
    life = missions.life_events(events)
    pieces = missions.segments(missions.most_recent(life), dt.date.today())
    assert len(pieces) > missions.GANTT_MAX_PIECES  # the quarterly form
    fig = missions.gantt(pieces)
    bars = [(y, pd.Timestamp(base), w) for trace in fig.data if trace.type == "bar"
            for y, base, w in zip(trace.y, trace.base, trace.x, strict=True)]
    assert len(bars) <= missions.GANTT_MAX_PIECES
    latest = life.groupby("initiative", observed=True)["date"].max().sort_values(ascending=False, kind="stable")
    assert {y for y, _, _ in bars} == set(latest.index[:missions.GANTT_ROWS].astype(str))
    assert all(base.day == 1 and base.month in (1, 4, 7, 10) for _, base, _ in bars)
    # Each initiative's bars cover its pieces from the first start, one quarter after another.
    for name, mine in pieces.groupby("initiative", observed=True):
        starts = sorted(base for y, base, _ in bars if y == name)
        assert starts[0] == mine["start"].min().to_period("Q").start_time
        assert len(starts) == len(set(starts))
    renewals = next(t for t in fig.data if t.name == "renewal")
    marks = list(zip(renewals.y, renewals.x, strict=True))
    assert len(marks) == len(set(marks)) <= missions.GANTT_ROWS * 4 * 13


def test_the_profile_of_a_busy_actor_in_100k_events_counts_its_events(large):
    _, parties = large
    mine = parties[(parties["code"] == "USA").to_numpy()]
    years = profile.per_year_chart(profile.per_year(parties, "USA"), "USA")
    assert {t.name: sum(t.y) for t in years.data} == {
        "as actor": int((mine["role"] == "actor").sum()), "as target": int((mine["role"] == "target").sum())}
    partners = profile.counterparts(parties, "USA")
    assert len(partners) == profile.COUNTERPARTS and list(partners["events"]) == sorted(partners["events"],
                                                                                       reverse=True)
def incidents_in(months: list[str]) -> pd.DataFrame:
    """One incident on the first day of each of these months, plus a sanction a year before the first (so the chart
    spans a year and a half at least)."""
    dates = pd.to_datetime([f"{m}-01" for m in months])
    first = dates.min() - pd.DateOffset(years=1)
    events = pd.DataFrame({"event_id": [f"i{n}" for n in range(len(dates))] + ["s"],
                           "date": list(dates) + [first], "event_type": ["incident"] * len(dates) + ["sanctions"],
                           "title": [f"Incident number {n} with a long title" for n in range(len(dates))] + ["s"]})
    return events.assign(date_label=events["date"].dt.strftime("%d %b %Y"))


def test_incident_labels_that_would_overlap_are_left_to_the_hover():
    months = ["2018-11", "2018-12", "2019-01", "2019-02", "2019-03", "2019-04"]
    fig = charts.monthly_counts(incidents_in(months))
    marks = next(t for t in fig.data if t.name == "Incidents ▼")
    # Every incident keeps its mark, with its whole title on hover...
    assert sorted(row[2] for row in marks.customdata) == [f"i{n}" for n in range(6)]
    assert all(row[0].startswith("Incident number") for row in marks.customdata)
    # ...but only those whose label fits are labelled: on each row of labels, no two closer than a label's width.
    labelled = [(x, y) for x, y, text in zip(marks.x, marks.y, marks.text, strict=True) if text]
    assert 0 < len(labelled) < len(months)
    span = 6 + 12  # months drawn: the sanction a year before, then the incidents
    for (x1, y1), (x2, y2) in itertools.combinations(labelled, 2):
        if y1 == y2:
            apart = abs((pd.Timestamp(x1) - pd.Timestamp(x2)).days) / 30.4
            assert apart >= charts.LABEL_WIDTH * span - 1
    # A dotted line marks each labelled incident only.
    assert len(fig.layout.shapes) == len(labelled)


def test_incidents_far_apart_are_all_labelled():
    fig = charts.monthly_counts(incidents_in(["2015-01", "2019-01", "2023-01"]))
    marks = next(t for t in fig.data if t.name == "Incidents ▼")
    assert all(marks.text)


def test_a_chart_of_one_month_has_one_month_tick_and_a_visible_bar():
    events, _ = fixture()
    november = events[events["date"].dt.to_period("M") == pd.Period("2019-03", "M")]
    fig = charts.monthly_counts(november)
    assert fig.layout.xaxis.dtick == "M1"  # plotly would otherwise tick fractions of a second
    assert {stop.value for stop in fig.layout.xaxis.tickformatstops} == {"%b %Y", "%Y"}
    assert all(trace.width == charts.MONTH_BAR_MS for trace in fig.data if trace.type == "bar")
    timeline = charts.timeline(november, party_table(november))
    first, last = (pd.Timestamp(x) for x in timeline.layout.xaxis.range)
    assert last - first >= pd.Timedelta(days=14)  # a single day is not drawn as hours


def count_axes(fig) -> list:
    """The axes of a figure that carry counts (titled Events or Events per ...)."""
    return [axis for axis in (fig.layout.xaxis, fig.layout.yaxis)
            if axis.title.text and axis.title.text.startswith("Events")]


def test_every_count_axis_shows_whole_numbers():
    from tracker.geo import choropleth, country_counts
    from tracker.profile import per_year, per_year_chart, type_mix, type_mix_chart

    events, parties = fixture()
    figs = [charts.monthly_counts(events), charts.top_bar(charts.top_parties_table(parties, "actor"), "Top"),
            per_year_chart(per_year(parties, "CAN"), "Canada"), type_mix_chart(type_mix(events))]
    for fig in figs:
        axes = count_axes(fig)
        assert axes, fig.layout.title.text
        for axis in axes:
            assert axis.tickformat == ",d" and axis.dtick == 1, fig.layout.title.text  # small counts: every 1
    big = charts.top_bar(pd.DataFrame({"code": ["A"], "name": ["A"], "events": [250]}), "Top")
    assert big.layout.xaxis.tickformat == ",d" and big.layout.xaxis.dtick is None  # plotly's steps are whole
    bar = choropleth(country_counts(parties, "target"), "target").data[0].colorbar
    assert bar.tickformat == ",d" and bar.dtick == 1


def test_the_profile_chart_has_a_legend_for_its_role_colours():
    from tracker.profile import per_year, per_year_chart

    _, parties = fixture()
    fig = per_year_chart(per_year(parties, "CAN"), "Canada")
    assert fig.layout.showlegend and fig.layout.legend.title.text == "Role"
    assert [(t.name, t.marker.color) for t in fig.data] == [("as actor", "#1f77b4"), ("as target", "#d62728")]


def test_the_sankey_has_a_legend_of_its_link_colours_and_its_names_outside_the_links():
    from tracker.core.schema import type_title
    from tracker.flows import flows, sankey

    _, parties = fixture()
    table = flows(parties)
    fig = sankey(table)
    flow, *entries = fig.data
    shown = {type_title(t) for t in table["event_type"]}
    assert {e.name for e in entries} == shown and fig.layout.showlegend
    # Each legend entry has the colour of its links.
    colours = dict(zip(flow.link.customdata, flow.link.color, strict=True))
    assert all(e.marker.color == colours[e.name] for e in entries)
    # Plotly's own node labels (drawn across the links) are hidden; the names are written beside the columns.
    assert flow.textfont.color == "rgba(0,0,0,0)"
    left, right = flow.domain.x
    notes = fig.layout.annotations  # one per node, in the nodes' order
    assert [a.text for a in notes] == list(flow.node.label)
    n_actors = sum(1 for x in flow.node.x if x < 0.5)
    for number, note in enumerate(notes):
        if number < n_actors:
            assert note.x == left and note.xanchor == "right"  # ends left of the actors' nodes
        else:
            assert note.x == right and note.xanchor == "left"  # starts right of the targets' nodes
        assert abs((1 - note.y) - flow.node.y[number]) < 1e-9  # level with its node


def test_sankey_nodes_of_a_column_do_not_overlap():
    from tracker.flows import NODE_PAD, node_centres

    sizes = np.array([10, 5, 1, 1])
    height = 400
    centres = np.array(node_centres(sizes, sizes.sum(), height, 6)) * height
    scale = (height - 5 * NODE_PAD) / sizes.sum()
    tops, bottoms = centres - sizes * scale / 2, centres + sizes * scale / 2
    assert tops[0] >= -1e-9 and bottoms[-1] <= height + 1e-9
    assert all(bottoms[:-1] + NODE_PAD - 1e-9 <= tops[1:])
