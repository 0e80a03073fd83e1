"""Event detail (?event=<event_id>): every field, the source with its quote, and related events."""

from html import escape

import streamlit as st

from tracker.core.schema import COLUMNS, status_title, type_title
from tracker.export import cell_text
from tracker.related import related
from tracker.ui import escape_markdown, event_link, page_view, store
from tracker.ui.editing import edit_form, editor, history_table, offer_name_if_needed, show_saved

view = page_view("Event detail", summary=False)  # one event: the filters' sentence says nothing of it
everything = view.result.events
event_id = st.text_input("Event ID", key="event", bind="query-params",
                         placeholder="e.g. 2019-03-18-can-unifier-extension")
if not event_id:
    st.info("Open an event from the Events table, a profile or a related-events list, or type its ID above.")
    st.stop()
events_store = store()
database = hasattr(events_store, "retract")
event = view.event(event_id.strip())
if event is None:
    latest = events_store.latest(event_id.strip()) if database else None  # type: ignore[attr-defined]
    if latest is not None and latest.action == "retract":
        st.header(escape_markdown(latest.data.get("title", event_id)))
        st.warning(f"Retracted by {escape_markdown(latest.author)} on {latest.at:%d %b %Y}: "
                   f"{escape_markdown(latest.comment)}. It is hidden everywhere else.", icon="🗑️")
        show_saved()
        st.dataframe(history_table(events_store, event_id.strip()), hide_index=True, key="history")  # type: ignore[arg-type]
        st.stop()
    st.warning(f"No event has the ID {escape_markdown(event_id)}. It may have been renamed or rejected: see "
               "Data quality.")
    st.stop()

st.header(escape_markdown(event["title"]))
st.markdown(f"**{escape_markdown(event['date_label'])}** · {escape_markdown(type_title(event['event_type']))} · "
            f"{escape_markdown(status_title(event['status']))}")
if event["evidence"]:
    st.markdown("> " + escape_markdown(event["evidence"]))
source = f"{event['source_publisher']}, {event['source_title']}".strip(", ")
if event["source_url"].startswith(("http://", "https://")):
    st.link_button(f"Read the source: {escape_markdown(source)}", event["source_url"])
else:
    st.caption(f"Source (no verified link): {escape_markdown(source)}")
if str(event.get("corroboration_url", "")).startswith(("http://", "https://")):
    st.link_button("Read an independent source that confirms it", event["corroboration_url"])

fields = [{"field": COLUMNS[name].title, "value": cell_text(event[name])} for name in COLUMNS]
st.dataframe(fields, hide_index=True, key="fields")

if database:
    st.subheader("History")
    history = history_table(events_store, event["event_id"])  # type: ignore[arg-type]
    st.dataframe(history, hide_index=True, key="history")
    offer_name_if_needed(events_store)
    writer, author = editor(events_store)
    if writer is None:
        st.caption(f"Editing is off: {escape_markdown(author)}.")
    elif not st.query_params.get("rev"):
        edit_form(writer, author, events_store.latest(event["event_id"]))  # type: ignore[attr-defined]

st.subheader("Related events")
table = related(everything, view.parties, event["event_id"])
if table.empty:
    st.caption("No event shares this initiative or these parties within 90 days.")
for row in table.itertuples():
    st.html(f"{event_link(row)} — {escape(row.why)}")
