"""Data quality: every row the loader rejected, with the row number, column, value and reason."""

import streamlit as st

from tracker.ui import escape_markdown, frame

view = frame("Data quality")
result = view.result

cols = st.columns(3)
cols[0].metric("Data rows in the file", f"{result.rows:,}")
cols[1].metric("Loaded", f"{result.loaded:,}")
cols[2].metric("Rejected", f"{len(result.rejected):,}")
st.caption(f"Source file: {escape_markdown(result.source)}. Row numbers count the header as row 1, as a "
           "spreadsheet does.")
for notice in result.notices:
    st.info(escape_markdown(notice))

if not result.problems:
    st.success("Every row passed validation.")
    st.stop()

st.subheader("Problems")
st.dataframe(result.problems_frame(), hide_index=True, key="problems",
             column_config={"row": st.column_config.NumberColumn("Row", format="%d"), "reason": st.column_config.
                            TextColumn("Reason", width="large")})
if len(result.rejected):
    st.subheader("Rejected rows, as in the file")
    st.dataframe(result.rejected.rename(columns={"_row": "row"}), hide_index=True, key="rejected")
