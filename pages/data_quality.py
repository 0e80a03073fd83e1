"""Data quality: every row the loader rejected, with the row number, column, value and reason, and every break
in a mission's or regime's chain of renewals."""

import datetime as dt

import streamlit as st

from tracker.chains import chain_breaks
from tracker.core.result import rejected_tables, row_numbering
from tracker.ui import escape_markdown, page_view
from tracker.ui.data import derived

view = page_view("Data quality")
result = view.result

cols = st.columns(3)
cols[0].metric("Data rows in the file", f"{result.rows:,}")
cols[1].metric("Loaded", f"{result.loaded:,}")
cols[2].metric("Rejected", f"{result.rejected_count:,}")
merged = "origin" in result.events
st.caption(f"Source: {escape_markdown(result.source_name)}. {row_numbering(result, merged)}")
for notice in result.notices:
    st.info(escape_markdown(notice))

st.subheader("Mandate chains")
breaks = derived(result.events, ("breaks", dt.date.today()), lambda: chain_breaks(result.events, dt.date.today()))
if breaks.empty:
    st.success("No break: every recorded expiry is followed by a renewal or an end recorded by then.")
else:
    st.warning(f"{len(breaks):,} breaks: a recorded expiry passed with no renewal or end recorded by then. Either "
               "the renewal is missing from the data, or the mission or regime lapsed. The Missions chart draws "
               "the stretch after such an expiry as *no record*.", icon="⚠️")
    st.dataframe(breaks[["message", "expired", "last_event_id", "next_event_id"]], hide_index=True, key="breaks",
                 column_config={"message": st.column_config.TextColumn("Break", width="large"),
                                "expired": st.column_config.DateColumn("Expired", format="YYYY-MM-DD"),
                                "last_event_id": "Last record before it", "next_event_id": "Next record"})

st.subheader("Problems")
if not result.problems:
    st.success("Every row passed validation.")
    st.stop()

st.dataframe(result.problems_frame(), hide_index=True, key="problems",
             column_config={"row": st.column_config.NumberColumn("Row", format="%d"), "reason": st.column_config.
                            TextColumn("Reason", width="large")})
if result.rejected_count:
    st.subheader("Rejected rows, as in the file")
    for number, (origin, rows) in enumerate(rejected_tables(result)):
        if origin:
            st.markdown(f"From **{escape_markdown(origin)}**")
        st.dataframe(rows, hide_index=True, key=f"rejected_{number}")
