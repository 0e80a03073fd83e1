"""Curating in the app when the events live in a database: who may edit, the edit, retract and add forms, the
history of an event, recently changed events, and citing a view pinned to a revision."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit

import pandas as pd
import streamlit as st

from tracker.core.errors import DataError
from tracker.core.schema import COLUMNS, DATE_PRECISIONS, EVENT_TYPES, STATUSES
from tracker.store import EventStore
from tracker.store.sql import EditConflict, SqlStore
from tracker.ui.errors import show_data_error
from tracker.ui.gate import ask_name, identity
from tracker.ui.markdown import escape_markdown

# Columns edited with a list of allowed values rather than free text.
CHOICES = {"event_type": list(EVENT_TYPES), "status": list(STATUSES), "date_precision": list(DATE_PRECISIONS)}

# Columns shown as a larger text box.
LONG = ("description", "evidence")


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
            out[name] = st.text_area(label, current, key=f"{prefix}_{name}", help=term.definition, max_chars=5000)
        else:
            out[name] = st.text_input(label, current, key=f"{prefix}_{name}", disabled=name in locked,
                                      help=term.definition, max_chars=2000)
    return out


def edit_form(source: SqlStore, author: str, event: dict[str, str], seen: int) -> None:
    """*Edit this event* and *Retract it*: a new revision if nobody else changed it since revision `seen`."""
    with st.expander("Edit this event"), st.form("edit_event"):
        values = _fields("edit", event, locked=("event_id",))
        comment = st.text_input("What you changed and why (kept with the revision)", key="edit_comment")
        if st.form_submit_button("Save a new revision", type="primary"):
            _save(lambda: source.edit(event["event_id"], seen, values, author, comment), "Saved revision")
    with st.expander("Retract this event"), st.form("retract_event"):
        reason = st.text_input("Why it is retracted (shown on its page; nothing is deleted)", key="retract_reason")
        if st.form_submit_button("Retract"):
            _save(lambda: source.retract(event["event_id"], seen, reason, author), "Retracted as revision")


def _save(action, done: str) -> None:
    try:
        revision = action()
    except EditConflict as conflict:
        show_data_error(conflict, stop=False)
        return
    except DataError as error:
        show_data_error(error, stop=False)
        return
    st.success(f"{done} {revision.number} of this event (database revision {revision.id}).")


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
    revision = int(st.query_params.get("rev") or source.latest_revision())
    with st.popover("Cite this view"):
        url = pinned_url(st.context.url or "", revision)
        st.code(url, language=None)
        st.code(citation(title, revision, pd.Timestamp.now(tz="UTC").strftime("%d %b %Y"), url), language=None)
        st.caption(escape_markdown("This address shows the data as it stood at this revision, whatever changes later."))
