"""Pages with the events in a database (SQLite and PostgreSQL): an event's history, editing under the access gate,
snapshot links (?rev=), retracted events, recently changed events, and a configured database in a real server."""

from __future__ import annotations

import re
from urllib.parse import quote

import pandas as pd
import pytest
from playwright.sync_api import expect, sync_playwright
from streamlit.testing.v1 import AppTest

from tests.apptest import open_page
from tests.browser import CHROMIUM, CHROMIUM_ARGS, require_browser, streamlit_server
from tests.conftest import FIXTURES
from tests.db import page_with_database, table_with
from tests.sql_writer import event
from tracker.core.schema import COLUMNS
from tracker.store.sql import SqlStore, engine_for
from tracker.ui.markdown import escape_markdown

PASSWORD = "s3cret"
GATE = {"password": PASSWORD}


def frame(*rows: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=list(COLUMNS))


def plain(text: str) -> str:
    """Markdown-escaped page text as the reader sees it."""
    return text.replace("\\", "")


def widget(at: AppTest, kind: str, label: str):
    """The first widget of this kind (text_input, text_area, selectbox, button) with this label."""
    found = [w for w in getattr(at, kind) if w.label == label]
    assert found, f"no {kind} labelled {label!r}: {[w.label for w in getattr(at, kind)]}"
    return found[0]


def sign_in(at: AppTest, name: str = "Ana Curator") -> AppTest:
    """Pass the shared-password gate and say who is editing."""
    at.run()
    widget(at, "text_input", "Team password").input(PASSWORD)
    widget(at, "button", "Sign in").click().run()
    widget(at, "text_input", "Your name (shown as the author of your changes)").input(name)
    widget(at, "button", "Continue").click().run()
    assert not at.exception
    return at


def labels(at: AppTest, kind: str = "button") -> list[str]:
    return [w.label for w in getattr(at, kind)]


@pytest.fixture
def two_events(sql_store: SqlStore) -> SqlStore:
    sql_store.append(frame(event("a-1"), event("b-2")), author="ana", comment="imported")  # revisions 1, 2
    sql_store.edit("a-1", 1, {"title": "Better title"}, author="bob", comment="clearer")  # 3
    return sql_store


def test_event_detail_shows_the_history_of_its_revisions(two_events, monkeypatch):
    at = page_with_database("event", two_events, monkeypatch, "event=a-1").run()
    assert not at.exception
    assert plain(at.header[0].value) == "Better title"
    history = table_with(at, "revision")
    assert history[["revision", "database revision", "action", "author", "comment", "changed"]].to_dict(
        "records") == [
        {"revision": 1, "database revision": 1, "action": "add", "author": "ana", "comment": "imported",
         "changed": "added"},
        {"revision": 2, "database revision": 3, "action": "edit", "author": "bob", "comment": "clearer",
         "changed": "title: 'Title of a-1' -> 'Better title'"}]


def test_a_signed_in_curator_who_gave_a_name_saves_a_revision_under_that_name(two_events, monkeypatch):
    at = sign_in(page_with_database("event", two_events, monkeypatch, "event=a-1", GATE), "Ana Curator")
    assert "Save a new revision" in labels(at)
    widget(at, "text_input", "Title *").input("Title by Ana")
    widget(at, "text_input", "What you changed and why (kept with the revision)").input("shorter")
    widget(at, "button", "Save a new revision").click().run()
    assert not at.exception and not at.error
    assert "Saved revision 3 of this event" in at.success[0].value
    assert plain(at.header[0].value) == "Title by Ana"  # the page shows the saved state at once
    assert table_with(at, "revision")["author"].tolist() == ["ana", "bob", "Ana Curator"]
    revision, changes = two_events.history("a-1")[-1]
    assert (revision.number, revision.author, revision.comment) == (3, "Ana Curator", "shorter")
    assert changes == {"title": ("Better title", "Title by Ana")}  # nothing else changed on the way


def test_the_edit_form_follows_the_event_opened_in_the_same_session(two_events, monkeypatch):
    at = sign_in(page_with_database("event", two_events, monkeypatch, "event=a-1", GATE))
    widget(at, "text_input", "Title *").input("typed for a-1, not saved")
    widget(at, "text_input", "Event ID").input("b-2").run()
    assert widget(at, "text_input", "Title *").value == "Title of b-2"
    widget(at, "text_input", "Tags").input("checked")
    widget(at, "button", "Save a new revision").click().run()
    assert not at.error
    assert two_events.history("b-2")[-1][1] == {"tags": ("", "checked")}
    assert two_events.latest("a-1").data["title"] == "Better title"


def test_an_edit_keeps_long_text_and_the_fields_the_curator_did_not_touch(sql_store, monkeypatch):
    long = {"title": "T" * 2_500, "description": "long " * 3_000 + "end", "evidence": "line one\nline two"}
    sql_store.append(frame(event("a-1", **long)), author="ana")
    at = sign_in(page_with_database("event", sql_store, monkeypatch, "event=a-1", GATE))
    widget(at, "selectbox", "Status *").select("in_effect")
    description = widget(at, "text_area", "Description")
    description.input(description.value + " and more")
    widget(at, "button", "Save a new revision").click().run()
    assert not at.error
    assert sql_store.history("a-1")[-1][1] == {"status": ("announced", "in_effect"),
                                               "description": (long["description"], long["description"] + " and more")}
    assert sql_store.latest("a-1").data["title"] == long["title"]


def test_a_curator_saving_a_form_opened_before_another_change_sees_it_and_nothing_is_overwritten(two_events,
                                                                                                 monkeypatch):
    ana = sign_in(page_with_database("event", two_events, monkeypatch, "event=a-1", GATE), "Ana")
    bob = sign_in(page_with_database("event", two_events, monkeypatch, "event=a-1", GATE), "Bob")
    widget(ana, "text_input", "Title *").input("Title by Ana")
    widget(ana, "button", "Save a new revision").click().run()
    assert ana.success
    widget(bob, "text_input", "Title *").input("Title by Bob")
    widget(bob, "button", "Save a new revision").click().run()
    message = plain(bob.error[0].value)
    assert "Ana changed this event" in message and "Title by Ana" in message and "nothing was saved" in message
    assert two_events.latest("a-1").data["title"] == "Title by Ana"
    assert [r.author for r, _ in two_events.history("a-1")] == ["ana", "bob", "Ana"]


def test_without_an_access_gate_editing_is_off_and_the_page_says_why(two_events, monkeypatch):
    at = page_with_database("event", two_events, monkeypatch, "event=a-1").run()
    assert "Editing is off: editing needs the access gate" in plain(" ".join(c.value for c in at.caption))
    assert "Save a new revision" not in labels(at) and "Retract" not in labels(at)
    events = page_with_database("events", two_events, monkeypatch).run()
    assert "Add the event" not in labels(events)


def test_read_only_turns_editing_off_for_a_signed_in_curator(two_events, monkeypatch):
    monkeypatch.setenv("TRACKER_READ_ONLY", "1")
    at = page_with_database("event", two_events, monkeypatch, "event=a-1", GATE).run()
    widget(at, "text_input", "Team password").input(PASSWORD)
    widget(at, "button", "Sign in").click().run()
    assert "Your name (shown as the author of your changes)" not in labels(at, "text_input")
    assert "Editing is off: TRACKER_READ_ONLY is set" in plain(" ".join(c.value for c in at.caption))
    assert "Save a new revision" not in labels(at)
    assert table_with(at, "revision")["revision"].tolist() == [1, 2]  # the history is still shown


def test_a_snapshot_link_shows_the_events_as_they_stood_at_that_revision(two_events, monkeypatch):
    two_events.retract("b-2", 1, "duplicate", author="cleo")  # revision 4
    at = page_with_database("events", two_events, monkeypatch, "rev=2").run()
    assert sorted(table_with(at, "detail")["event_id"]) == ["a-1", "b-2"]
    assert any("data revision 2 (" in code.value for code in at.code)  # Cite this view names the revision
    current = page_with_database("events", two_events, monkeypatch).run()
    assert sorted(table_with(current, "detail")["event_id"]) == ["a-1"]

    old = sign_in(page_with_database("event", two_events, monkeypatch, "event=a-1&rev=2", GATE))
    assert plain(old.header[0].value) == "Title of a-1"
    assert "Save a new revision" not in labels(old)  # a snapshot is not edited
    now = page_with_database("event", two_events, monkeypatch, "event=a-1&rev=3").run()
    assert plain(now.header[0].value) == "Better title"


@pytest.mark.parametrize("rev", ["99", "0", "abc", "-1", "\u00b2", "9" * 5_000, "![x](https://example.org/p.png)"])
def test_a_snapshot_link_to_a_revision_that_does_not_exist_is_ignored_with_a_notice(two_events, monkeypatch, rev):
    at = page_with_database("events", two_events, monkeypatch, f"rev={quote(rev)}").run()
    assert not at.exception
    notice = at.sidebar.warning[0].value
    assert notice.startswith(f"Ignored rev={escape_markdown(rev)} from the link: revisions run from 1 to 3")
    assert sorted(table_with(at, "detail")["event_id"]) == ["a-1", "b-2"]
    assert any("data revision 3 (" in code.value for code in at.code)  # Cite this view: the revision shown


def test_a_snapshot_link_without_a_database_is_ignored_with_a_notice(fixture_events_path):
    at = open_page("events", "rev=3")
    assert not at.exception
    assert "Ignored rev=3 from the link: this dashboard keeps its events in a file" in plain(
        at.sidebar.warning[0].value)
    assert len(table_with(at, "detail")) == 9  # every fixture event, as without the parameter


def test_a_retracted_events_own_page_says_who_retracted_it_and_why(two_events, monkeypatch):
    two_events.retract("b-2", 1, "duplicate of a-1", author="cleo")
    at = page_with_database("event", two_events, monkeypatch, "event=b-2").run()
    assert plain(at.header[0].value) == "Title of b-2"
    assert re.fullmatch(r"Retracted by cleo on \d\d \w+ \d{4}: duplicate of a-1\. It is hidden everywhere else\.",
                        plain(at.warning[0].value))
    assert table_with(at, "revision")[["action", "author"]].values.tolist() == [["add", "ana"], ["retract", "cleo"]]
    events = page_with_database("events", two_events, monkeypatch).run()
    assert "b-2" not in set(table_with(events, "detail")["event_id"])


def test_the_events_page_lists_recently_changed_events_newest_first(two_events, monkeypatch):
    two_events.retract("b-2", 1, "duplicate", author="cleo")
    at = page_with_database("events", two_events, monkeypatch).run()
    assert "Recently changed events" in [e.label for e in at.expander]
    recent = table_with(at, "action")
    assert recent[["event_id", "action", "revision", "author"]].values.tolist() == [
        ["b-2", "retract", 2, "cleo"], ["a-1", "edit", 2, "bob"], ["b-2", "add", 1, "ana"], ["a-1", "add", 1, "ana"]]


def test_a_signed_in_curator_adds_an_event_with_the_form(two_events, monkeypatch):
    at = sign_in(page_with_database("events", two_events, monkeypatch, access=GATE), "Ana Curator")
    for key, value in {"add_event_id": "c-3", "add_date": "2021-05-04", "add_actors": "CAN", "add_targets": "RUS",
                       "add_title": "A new event", "add_source_publisher": "Wire B",
                       "add_comment": "from the ministry's page"}.items():
        at.text_input(key=key).input(value)
    widget(at, "button", "Add the event").click().run()
    assert not at.error, plain(at.error[0].value)
    assert "the database now holds 3 events" in at.success[0].value
    revision = two_events.latest("c-3")
    assert (revision.action, revision.author, revision.comment) == ("add", "Ana Curator", "from the ministry's page")
    assert (revision.data["title"], revision.data["date"]) == ("A new event", "2021-05-04")


@pytest.mark.browser
def test_a_database_named_in_the_secrets_serves_the_events_and_their_history(tmp_path):
    """The real path: [connections.events] in a secrets file, read by st.connection in a running server."""
    require_browser()
    url = f"sqlite:///{tmp_path / 'events.db'}"
    store = SqlStore(engine_for(url))
    store.init()
    store.append(frame(event("a-1"), event("b-2")), author="ana")
    store.edit("a-1", 1, {"title": "Title from the database"}, author="bob", comment="clearer")
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[connections.events]\nurl = "{url}"\n', encoding="utf-8")
    with sync_playwright() as playwright, streamlit_server(FIXTURES / "events.csv",
                                                           args=("--secrets.files", str(secrets))) as base:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{base}/event?event=a-1")
        expect(page.get_by_role("heading", name="Title from the database")).to_be_visible(timeout=30_000)
        expect(page.get_by_role("heading", name="History")).to_be_visible()
        expect(page.get_by_text("Editing is off: editing needs the access gate")).to_be_visible()
        page.goto(f"{base}/events?rev=1")
        expect(page.locator("[data-testid='stMarkdownContainer'] strong").first).to_contain_text("The only event",
                                                                                                timeout=30_000)
        browser.close()
    store.engine.dispose()
