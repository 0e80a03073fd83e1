"""Curating in the app when the events live in a database: who may edit, the edit, retract and add forms, the
history of an event, recently changed events, and citing a view pinned to a revision."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode, urlsplit, urlunsplit

import pandas as pd
import streamlit as st

from tracker.core.errors import DataError
from tracker.core.schema import COLUMNS, DATE_PRECISIONS, EVENT_TYPES, STATUSES
from tracker.store import EventStore
from tracker.store.sql import Revision, SqlStore
from tracker.ui.data import valid_revision
from tracker.ui.errors import show_data_error
from tracker.ui.gate import ask_name, identity
from tracker.ui.markdown import escape_markdown

# Columns edited with a list of allowed values rather than free text.
CHOICES = {"event_type": list(EVENT_TYPES), "status": list(STATUSES), "date_precision": list(DATE_PRECISIONS)}

# Columns shown as a larger text box.
LONG = ("description", "evidence")

# Session-state keys: the (revision number, data) an event's edit form was opened at, and the message of the last save.
OPENED = "_edit_opened_{}"
SAVED = "_edit_saved"

# Characters a curator may type into a box and a larger box, beyond the stored value's own length (a widget cuts
# its starting value to its limit, which would shorten a long stored text silently on save).
SHORT_CHARS, LONG_CHARS = 2_000, 5_000


def editor(source: EventStore) -> tuple[SqlStore | None, str]:
    """The database store and the author's name when this visitor may change events; else None and why not."""
    if not isinstance(source, SqlStore):
        return None, "the events live in a file here: add rows through a pull request, or configure a database"
    reason = source.read_only()
    if reason:
        return None, reason
    author, why = identity()
    if author is None:
        return None, why
    return source, author


def offer_name_if_needed(source: EventStore) -> None:
    """Under the shared-password gate, ask once who is editing (only where editing is possible)."""
    if isinstance(source, SqlStore) and not source.read_only():
        author, why = identity()
        if author is None and why == "say who you are to edit":
            ask_name()


def _fields(prefix: str, values: dict[str, str], locked: tuple[str, ...] = ()) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, term in COLUMNS.items():
        label = term.title + (" *" if term.required else "")
        current = str(values.get(name, "") or "")
        if name in CHOICES:
            options: list[str] = CHOICES[name] if current in CHOICES[name] or not current else [current, *CHOICES[name]]
            picked = st.selectbox(label, options, index=options.index(current) if current in options else 0,
                                  key=f"{prefix}_{name}", disabled=name in locked, help=term.definition)
            out[name] = picked or ""
        elif name in LONG:
            out[name] = st.text_area(label, current, key=f"{prefix}_{name}", help=term.definition,
                                     max_chars=LONG_CHARS + len(current))
        else:
            out[name] = st.text_input(label, current, key=f"{prefix}_{name}", disabled=name in locked,
                                      help=term.definition, max_chars=SHORT_CHARS + len(current))
    return out


def edit_form(source: SqlStore, author: str, newest: Revision) -> None:
    """*Edit this event* and *Retract it*: a new revision if nobody else changed the event since this visitor
    opened the form (else the other change is shown and nothing is saved)."""
    # NOTE: the revision the form was opened at is kept in the session. Saving reruns the page first, so the
    # newest revision at that moment would always look "seen", and another curator's change made meanwhile would
    # be overwritten unseen. The widget keys name the event and that revision: keyed widgets keep their values
    # across reruns, so another event opened in this session (or the revision after a save) gets its own form
    # instead of the values shown for the last one.
    opened = OPENED.format(newest.event_id)
    seen, event = st.session_state.setdefault(opened, (newest.number, newest.data))
    prefix = f"edit_{newest.event_id}_{seen}"
    show_saved()
    with st.expander("Edit this event"), st.form("edit_event"):
        values = _fields(prefix, event, locked=("event_id",))
        comment = st.text_input("What you changed and why (kept with the revision)", key=f"{prefix}_comment")
        if st.form_submit_button("Save a new revision", type="primary"):
            # Only the fields the curator changed: a field nobody touched stays exactly as stored, whatever a
            # widget makes of its starting value.
            changed = {name: value for name, value in values.items() if value != str(event.get(name, "") or "")}
            _save(lambda: source.edit(newest.event_id, seen, changed, author, comment), "Saved revision", opened)
    with st.expander("Retract this event"), st.form("retract_event"):
        reason = st.text_input("Why it is retracted (shown on its page; nothing is deleted)", key=f"{prefix}_retract")
        if st.form_submit_button("Retract"):
            _save(lambda: source.retract(newest.event_id, seen, reason, author), "Retracted as revision", opened)


def show_saved() -> None:
    """The message of the save that just reran the page, once."""
    if SAVED in st.session_state:
        st.success(st.session_state.pop(SAVED))


def _save(action: Callable[[], Revision], done: str, opened: str) -> None:
    """Run the write; on success, show the saved state at once (the form then starts from the new revision)."""
    try:
        revision = action()
    except DataError as error:  # EditConflict included: its sentence names the other change
        show_data_error(error, stop=False)
        return
    st.session_state[opened] = (revision.number, revision.data)
    st.session_state[SAVED] = f"{done} {revision.number} of this event (database revision {revision.id})."
    st.rerun()


def add_form(source: SqlStore, author: str) -> None:
    """*Add an event* by hand, with the loader's checks."""
    with st.expander("Add an event"), st.form("add_event"):
        values = _fields("add", {"date_precision": "day"})
        comment = st.text_input("Where it comes from, or why it is added (kept with the revision)", key="add_comment")
        if st.form_submit_button("Add the event", type="primary"):
            try:
                done = source.append(pd.DataFrame([values]), author=author, comment=comment)
            except DataError as error:
                show_data_error(error, stop=False)
            else:
                st.success(f"Added; the database now holds {done.total:,} events. Reload to see it in the views.")


def history_table(source: SqlStore, event_id: str) -> pd.DataFrame:
    """One row per revision of the event: number, what happened, who, when, comment, the fields changed."""
    rows = [{"revision": r.number, "database revision": r.id, "action": r.action, "author": r.author,
             "at (UTC)": f"{r.at:%Y-%m-%d %H:%M}", "comment": r.comment,
             "changed": "; ".join(f"{name}: {old!r} -> {new!r}" for name, (old, new) in changes.items())
             if r.action == "edit" else ("added" if r.action == "add" else "retracted")}
            for r, changes in source.history(event_id)]
    return pd.DataFrame(rows)


def recent_table(source: SqlStore, limit: int = 50) -> pd.DataFrame:
    """The newest revisions of any event."""
    return pd.DataFrame([{"event_id": r.event_id, "action": r.action, "revision": r.number, "author": r.author,
                          "at (UTC)": f"{r.at:%Y-%m-%d %H:%M}", "comment": r.comment} for r in source.recent(limit)])


def pinned_url(url: str, revision: int) -> str:
    """The address with ?rev= set to this revision (other parameters kept)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in _pairs(parts.query) if k != "rev"] + [("rev", str(revision))]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def _pairs(query: str) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl

    return parse_qsl(query, keep_blank_values=True)


def citation(title: str, revision: int, when: str, url: str) -> str:
    """A one-line citation of a pinned view."""
    return f"Sanctions & Diplomacy Tracker, “{title}”, data revision {revision} ({when}). {url}"


def cite_button(source: EventStore, title: str) -> None:
    """*Cite this view*: the current address pinned to the current revision, and a one-line citation."""
    if not isinstance(source, SqlStore):
        return
    latest = source.latest_revision()
    revision = valid_revision(st.query_params.get("rev"), latest) or latest  # the revision the view shows
    with st.popover("Cite this view"):
        url = pinned_url(st.context.url or "", revision)
        st.code(url, language=None)
        st.code(citation(title, revision, pd.Timestamp.now(tz="UTC").strftime("%d %b %Y"), url), language=None)
        st.caption(escape_markdown("This address shows the data as it stood at this revision, whatever changes later."))
