"""Events: the filtered table with sources and quotes, and CSV, Excel and JSON downloads of exactly those rows."""

import streamlit as st

from tracker.export import file_stem, readable, to_csv, to_json, to_xlsx
from tracker.ui import event_url, filtered_rows, page_view, stop_if_empty, store
from tracker.ui.editing import add_form, editor, offer_name_if_needed, recent_table

# Most rows sent to the browser's table.
MAX_ROWS = 5_000

# The table's height in pixels at most: about twenty rows, most of a screen.
TABLE_HEIGHT = 740

view = page_view("Events")
events_store = store()
if hasattr(events_store, "recent"):  # a database: curating in the app
    offer_name_if_needed(events_store)
    writer, author = editor(events_store)
    if writer is not None and not st.query_params.get("rev"):
        add_form(writer, author)
    with st.expander("Recently changed events"):
        st.dataframe(recent_table(events_store), hide_index=True, key="recent")  # type: ignore[arg-type]
stop_if_empty(view)

TABLE_COLUMNS = ["detail", "date_label", "title", "event_type", "status", "actors", "targets", "initiative", "end_date",
                 "source_url", "source_publisher", "evidence", "event_id"]
# The newest rows are shown (a browser table of a million rows would take minutes to send); the downloads hold all.
latest = view.newest(MAX_ROWS, [c for c in TABLE_COLUMNS if c != "detail"] + (
    ["origin"] if "origin" in view.result.events else []))  # only the rows shown are copied
# Names, titles and dates as people read them; the downloads keep the codes.
table = readable(latest).assign(detail=latest["event_id"].map(event_url))
table = table[TABLE_COLUMNS + (["origin"] if "origin" in table else [])]
if view.count > MAX_ROWS:
    st.caption(f"Showing the {MAX_ROWS:,} most recent of {view.count:,} events; narrow the filters to see "
               "others, or download them all below.")
st.dataframe(
    table,
    hide_index=True,
    height=min(TABLE_HEIGHT, 38 + 35 * len(table)),
    column_config={
        "detail": st.column_config.LinkColumn("Detail", display_text="open"),
        "date_label": st.column_config.TextColumn("Date"),
        "title": st.column_config.TextColumn("Title", width="large"),
        "event_type": "Type",
        "status": "Status",
        "actors": "Actors",
        "targets": "Targets",
        "initiative": "Initiative",
        "end_date": st.column_config.DateColumn("Ends", format="YYYY-MM-DD"),
        "source_url": st.column_config.LinkColumn("Source", display_text="open", validate=r"^https?://"),
        "source_publisher": "Publisher",
        "evidence": st.column_config.TextColumn("Evidence (quote)", width="large"),
        "event_id": "Event ID",
    },
)
# The files are built when a button is pressed (deferred), not on every rerun; their names say what was filtered.
rows = filtered_rows(view)
stem = file_stem(view.filters)
left, middle, right = st.columns(3)
left.download_button("Download these events (CSV)", lambda: to_csv(rows()[0]), file_name=f"{stem}.csv",
                     mime="text/csv", key="download_csv", on_click="ignore")
middle.download_button("Download these events (Excel)", lambda: to_xlsx(rows()[0]), file_name=f"{stem}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="download_xlsx",
                       on_click="ignore")
right.download_button("Download these events (JSON)", lambda: to_json(rows()[0]), file_name=f"{stem}.json",
                      mime="application/json", key="download_json", on_click="ignore")
