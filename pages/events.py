"""Events: the filtered table with sources and quotes, and a CSV download of exactly those rows."""

import streamlit as st

from tracker.export import to_csv
from tracker.ui import frame, stop_if_empty

view = frame("Events")
stop_if_empty(view)

TABLE_COLUMNS = ["date_label", "title", "event_type", "status", "actors", "targets", "initiative", "end_date",
                 "source_url", "source_publisher", "evidence", "event_id"]
table = view.events.sort_values("date", ascending=False)[TABLE_COLUMNS]
st.dataframe(
    table,
    hide_index=True,
    column_config={
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
st.download_button("Download these events (CSV)", to_csv(view.events), file_name="events-filtered.csv",
                   mime="text/csv", key="download_csv")
