"""Flows as units: the flow table, the Sankey and the matrix against a plain loop over the events."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.eventsets import Row, event, load_rows, rows
from tracker.core.actors import registry
from tracker.core.schema import type_title
from tracker.flows import OTHER, flows, matrix, sankey


def reference_flows(events: list[Row], top: int) -> dict[tuple[str, str, str], int]:
    """(actor, target, event_type) -> events: every actor of an event acts on every target of it; the `top`
    actors (and targets) with most events that have a target keep their code (ties: code order), the rest are
    OTHER; an event counts once per flow."""
    actors, targets = Counter(), Counter()
    for row in events:
        if row.codes("target"):
            actors.update(row.codes("actor"))
            targets.update(row.codes("target"))
    kept_actors = set(sorted(actors, key=lambda c: (-actors[c], c))[:top])
    kept_targets = set(sorted(targets, key=lambda c: (-targets[c], c))[:top])
    table: Counter = Counter()
    for row in events:
        table.update({(a if a in kept_actors else OTHER, t if t in kept_targets else OTHER, row.event_type)
                      for a in row.codes("actor") for t in row.codes("target")})
    return dict(table)


def _as_dict(table) -> dict[tuple[str, str, str], int]:
    keys = list(zip(table["actor"], table["target"], table["event_type"], strict=True))
    assert len(set(keys)) == len(keys), "a flow appears twice"
    return dict(zip(keys, (int(n) for n in table["events"]), strict=True))


@settings(max_examples=40, deadline=None)
@given(rows(max_size=14), st.integers(min_value=1, max_value=5))
def test_flows_match_the_reference(events, top):
    _, parties = load_rows(events)
    table = flows(parties, top=top)
    assert _as_dict(table) == reference_flows(events, top)
    assert list(table["events"]) == sorted(table["events"], reverse=True)


@settings(max_examples=20, deadline=None)
@given(rows(max_size=10))
def test_sankey_and_matrix_draw_the_flow_table(events):
    _, parties = load_rows(events)
    table = flows(parties, top=3)
    expected = reference_flows(events, 3)
    if table.empty:
        assert expected == {}
        return
    reg = registry()
    name = {code: (OTHER if code == OTHER else reg.name(code)) for code in {*table["actor"], *table["target"]}}
    link = sankey(table).data[0]
    labels = link.node.label
    drawn: Counter = Counter()
    for source, target, value, title in zip(link.link.source, link.link.target, link.link.value,
                                            link.link.customdata, strict=True):
        drawn[(labels[source], labels[target], title)] += value
    want: Counter = Counter()
    for (actor, target, kind), n in expected.items():
        want[(name[actor], name[target], type_title(kind))] += n
    assert dict(drawn) == dict(want)
    bubbles = matrix(table).data[0]
    per_pair: Counter = Counter()
    for (actor, target, _kind), n in expected.items():
        per_pair[(actor, target)] += n
    assert {tuple(c): int(n) for c, n in zip(bubbles.customdata, bubbles.text, strict=True)} == dict(per_pair)
    assert list(bubbles.y) == [name[c[0]] for c in bubbles.customdata]


def test_an_event_with_two_other_actors_counts_once_in_their_other_flow():
    events = [event(0, "2020-05-01", "sanctions", "in_effect", "USA;CAN;GBR", "RUS"),
              event(1, "2020-05-02", "sanctions", "in_effect", "USA", "RUS;IRN"),
              event(2, "2020-05-03", "statement", "announced", "RUS")]
    _, parties = load_rows(events)
    table = _as_dict(flows(parties, top=1))
    assert table == {("USA", "RUS", "sanctions"): 2, (OTHER, "RUS", "sanctions"): 1, ("USA", OTHER, "sanctions"): 1}

