"""The review page: proposed events with their sentences, duplicates flagged, rows checked, appended or downloaded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from loaders import load
from tests.conftest import FIXTURES, ROOT, require_seed
from tracker.core.schema import COLUMNS
from tracker.extract import extract, read_article
from tracker.review import at_least, by_confidence, highlight, review_mode, rows_csv, threshold_notice
from tracker.store import CsvStore
from tracker.store.csv_file import AppendRefused

ARTICLE = FIXTURES / "articles" / "01-eu-economic-sanctions-rollover.txt"

# An article whose proposals have different confidences, not in text order.
MIXED = FIXTURES / "articles" / "14-japan-australia-sanctions.txt"  # its confidences are not in text order


def _propose(text: str, query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "review.py"), default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.text_area(key="article_text").input(text).run()
    at.button[0].click().run()
    assert not at.exception
    return at


@pytest.fixture
def events_copy(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "events.csv"
    shutil.copy(FIXTURES / "events.csv", path)
    monkeypatch.setenv("EVENTS_PATH", str(path))
    return path


def test_default_mode_downloads_accepted_rows_and_says_so(events_copy, monkeypatch):
    monkeypatch.delenv("TRACKER_REVIEW_MODE", raising=False)
    at = _propose(ARTICLE.read_text())
    assert at.info[0].value.startswith("**Mode: download.**")
    expected = by_confidence(extract(*_article_args(ARTICLE)))
    editor = at.dataframe[0].value
    assert list(editor["event_id"]) == list(expected["event_id"])
    assert editor["accept"].tolist() == (expected["confidence"] >= 0.5).tolist()
    assert at.get("download_button")[0].proto.label == f"Download {len(expected)} rows (CSV, events-file format)"
    assert events_copy.read_bytes() == (FIXTURES / "events.csv").read_bytes()


def test_append_mode_appends_the_accepted_rows_and_keeps_a_backup(events_copy, monkeypatch):
    monkeypatch.setenv("TRACKER_REVIEW_MODE", "append")
    at = _propose(ARTICLE.read_text())
    assert at.success[0].value.startswith("**Mode: append.**")
    before = load(events_copy)
    proposed = extract(*_article_args(ARTICLE))
    at.button[1].click().run()
    assert not at.exception
    after = load(events_copy)
    assert after.loaded == before.loaded + len(proposed)
    assert set(proposed["event_id"]) <= set(after.events["event_id"])
    assert "Appended" in at.success[-1].value
    assert list((events_copy.parent / ".backups").iterdir())


def test_read_only_file_falls_back_to_download_with_the_reason(events_copy, monkeypatch):
    monkeypatch.setenv("TRACKER_REVIEW_MODE", "append")
    monkeypatch.setenv("TRACKER_READ_ONLY", "1")
    mode, why = review_mode(CsvStore(events_copy))
    assert mode == "download" and "TRACKER_READ_ONLY" in why
    at = _propose(ARTICLE.read_text())
    assert "TRACKER_READ_ONLY is set" in at.info[0].value.replace("\\", "")


def test_seed_article_proposals_are_flagged_as_duplicates_of_curated_events(monkeypatch):
    monkeypatch.delenv("EVENTS_PATH", raising=False)
    at = _propose(require_seed().read_text())
    assert "look like events already in the file" in at.warning[0].value
    flagged = at.dataframe[1].value  # the first is the editor of proposed rows
    assert "2019-02-25-ukr-unifier-extension-request" in set(flagged["Existing event"])


def test_proposals_are_listed_highest_confidence_first_numbered_as_marked_in_the_article(fixture_events_path):
    at = _propose(MIXED.read_text())
    expected = extract(*_article_args(MIXED))
    assert expected["confidence"].tolist() != sorted(expected["confidence"], reverse=True)  # text order is not it
    editor = at.dataframe[0].value
    assert editor["confidence"].tolist() == sorted(expected["confidence"], reverse=True)
    for number, row in editor.iterrows():  # number n is the n-th proposal in the text, marked n in the article
        assert row["event_id"] == expected["event_id"].iloc[number - 1]
        assert f"<sup>{number}</sup>" in _marked_article(at)


def test_a_threshold_in_the_link_hides_proposals_under_it_and_says_how_many(fixture_events_path):
    expected = extract(*_article_args(MIXED))
    top = expected["confidence"].max()
    hidden = int((expected["confidence"] < top).sum())
    assert 0 < hidden < len(expected)
    at = _propose(MIXED.read_text(), {"min_confidence": str(top)})
    assert at.slider(key="min_confidence").value == top
    editor = at.dataframe[0].value
    assert len(editor) == len(expected) - hidden and (editor["confidence"] >= top).all()
    assert f"{hidden} of {len(expected)} proposals hidden: confidence under {top:.2f}" in _captions(at)
    assert _marked_article(at).count("<mark") == len(editor)


def test_moving_the_threshold_hides_rows_without_losing_their_edits(fixture_events_path):
    at = _propose(MIXED.read_text())
    lowest = at.dataframe[0].value.index[-1]
    at.session_state["editor"] = {"edited_rows": {len(at.dataframe[0].value) - 1: {"title": "Edited title"}},
                                  "added_rows": [], "deleted_rows": []}
    at.run()
    at.slider(key="min_confidence").set_value(1.0).run()
    assert "Every proposal is under this threshold" in at.info[-1].value
    at.slider(key="min_confidence").set_value(0.0).run()
    assert at.dataframe[0].value.loc[lowest, "title"] == "Edited title"
    assert "hidden" not in _captions(at)


@pytest.mark.parametrize("value", ["abc", "1.5", "-0.2"])
def test_a_bad_threshold_in_the_link_is_ignored_with_a_notice(fixture_events_path, value):
    at = _propose(MIXED.read_text(), {"min_confidence": value})
    assert f"Ignored min_confidence={value} from the link" in at.warning[0].value.replace("\\", "")
    assert len(at.dataframe[0].value) == len(extract(*_article_args(MIXED)))


def test_a_slider_value_a_hair_under_a_score_keeps_that_score():
    found = pd.DataFrame({"confidence": [0.45, 0.44]})
    assert at_least(found, 0.44999999999999996)["confidence"].tolist() == [0.45]
    assert threshold_notice("0.6") is None and threshold_notice(None) is None


def test_check_numbers_problems_from_the_first_accepted_row_and_refuses_known_ids(events_copy):
    first = extract(*_article_args(ARTICLE))[list(COLUMNS)].iloc[:1]
    rows = pd.concat([first, first, first.assign(event_id=first["event_id"] + "-b")], ignore_index=True)
    rows.loc[0, "event_type"] = "sanction"
    store = CsvStore(events_copy)
    rows.loc[1, "event_id"] = store.load().events["event_id"].iloc[0]
    valid, problems = store.check(rows)
    assert [(p.row, p.column) for p in problems] == [(1, "event_type"), (2, "event_id")]
    assert problems[0].value == "sanction"
    assert list(valid["event_id"]) == list(rows["event_id"].iloc[2:])


def test_the_review_check_and_the_append_agree_on_a_rejected_rows_id(tmp_path):
    # A rejected row of the file still holds its event_id: the page must not offer a row the append refuses.
    source = (FIXTURES / "bad_events.csv").read_bytes()
    path = tmp_path / "events.csv"
    path.write_bytes(source)
    store = CsvStore(path)
    loaded = store.load()
    rejected_id = next(i for i in loaded.rejected["event_id"] if i and i not in set(loaded.events["event_id"]))
    rows = extract(*_article_args(ARTICLE))[list(COLUMNS)].iloc[:1].assign(event_id=rejected_id)
    valid, problems = store.check(rows)
    assert valid.empty and problems[0].column == "event_id"
    with pytest.raises(AppendRefused):
        store.append(rows)


def test_highlight_marks_sentences_and_keeps_the_text_inert():
    text = "First <script>alert(1)</script> sentence. Second one."
    html = highlight(text, [(0, 41, "1")])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.count("<mark") == 1 and "Second one." in html


def test_downloaded_rows_keep_values_exactly_and_reload():
    rows = extract(*_article_args(ARTICLE))[list(COLUMNS)]
    frame = pd.read_csv(pd.io.common.BytesIO(rows_csv(rows)), dtype=str, keep_default_na=False)
    assert frame.to_dict("records") == rows.astype(str).to_dict("records")


def _marked_article(at: AppTest) -> str:
    return next(element.proto.body for element in at.get("html") if "<mark" in element.proto.body)


def _captions(at: AppTest) -> str:
    return " ".join(caption.value.replace("\\", "") for caption in at.caption)


def _article_args(path: Path) -> tuple:
    article = read_article(path)
    return article.text, article.published, article.url, article.publisher, article.title
