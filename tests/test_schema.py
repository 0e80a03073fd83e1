"""The schema is the data dictionary: every column and value is defined, and data/README.md matches it."""

from __future__ import annotations

from tests.conftest import ROOT
from tracker.core.schema import COLUMNS, EVENT_TYPE_COLORS, EVENT_TYPES, VOCABULARIES, data_dictionary_markdown
from tracker.datadict import embedded


def test_every_column_and_vocabulary_value_has_a_title_and_definition():
    terms = list(COLUMNS.values()) + [t for vocabulary in VOCABULARIES.values() for t in vocabulary.values()]
    assert all(t.title and t.definition.endswith(".") for t in terms)


def test_issue_columns_are_all_present():
    required = {"event_id", "date", "date_precision", "end_date", "event_type", "status", "actors", "targets",
                "initiative", "title", "description", "personnel", "tags", "source_url", "source_title",
                "source_publisher", "source_date", "evidence"}
    assert required <= set(COLUMNS)


def test_every_event_type_has_its_own_colour():
    assert set(EVENT_TYPE_COLORS) == set(EVENT_TYPES)
    assert len(set(EVENT_TYPE_COLORS.values())) == len(EVENT_TYPES)


def test_data_readme_embeds_the_current_dictionary():
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert embedded(text) == data_dictionary_markdown(), "data/README.md is out of date: run `make docs`"
