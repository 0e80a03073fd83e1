"""Actor codes: exact resolution of codes, names and aliases; suggestions never applied silently."""

from __future__ import annotations

import pandas as pd
import pytest

from tracker.core.actors import party_table, registry


@pytest.mark.parametrize(
    ("text", "code"),
    [("CAN", "CAN"), ("Canada", "CAN"), ("Russia", "RUS"), ("Russian Federation", "RUS"), ("Iran", "IRN"),
     ("Syria", "SYR"), ("North Korea", "PRK"), ("UK", "GBR"), ("United States", "USA"), ("U.S.", "USA"),
     ("Kosovo", "XKX"), ("Burma", "MMR"), ("Ivory Coast", "CIV"), ("Côte d'Ivoire", "CIV"), ("Palestine", "PSE"),
     ("EU", "EU"), ("European Union", "EU"), ("NATO", "NATO"), ("UN Security Council", "UNSC"), ("OSCE", "OSCE"),
     ("G7", "G7"), ("ukr", "UKR")],
)
def test_resolve_finds_codes_names_and_aliases(text, code):
    assert registry().resolve(text) == code


@pytest.mark.parametrize("text", ["Narnia", "Russiaa", "XXX"])
def test_resolve_does_not_guess(text):
    assert registry().resolve(text) is None


def test_eu_is_never_reunion_and_kosovo_never_serbia():
    reg = registry()
    assert reg.kind("EU") == "bloc" and reg.name("EU") == "European Union"
    assert reg.name("XKX") == "Kosovo"


def test_suggestions_offer_the_closest_codes():
    assert registry().suggest("Rusia")[0] == "RUS"
    assert "RUS" in registry().suggest("RUSS")


def test_short_names_read_well_in_a_sentence():
    reg = registry()
    assert [reg.short_name(c) for c in ("EU", "USA", "RUS", "CAN")] == ["the EU", "the United States", "Russia",
                                                                           "Canada"]


def test_party_table_has_one_row_per_event_role_and_code():
    events = pd.DataFrame({"event_id": ["a", "b"], "actors": ["CAN;EU", "RUS"], "targets": ["RUS", ""]})
    table = party_table(events)
    table = table.assign(event_id=events["event_id"].to_numpy()[table["pos"]])
    assert sorted(map(tuple, table[["event_id", "role", "code"]].to_numpy().tolist())) == [
        ("a", "actor", "CAN"), ("a", "actor", "EU"), ("a", "target", "RUS"), ("b", "actor", "RUS")]
