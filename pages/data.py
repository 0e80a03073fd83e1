"""Your data: upload an events file, explore it alone or merged with the curated events, share it by link."""

import streamlit as st

from tracker.ui import escape_markdown, frame
from tracker.ui.uploads import MAX_UPLOAD_BYTES, source_params, store_upload
from tracker.validation import DataError

view = frame("Your data")

st.markdown(
    "Upload a CSV file of events in the canonical columns (see *About the data*; comma, semicolon, tab or pipe "
    f"separated, UTF-8, at most {MAX_UPLOAD_BYTES / 1e6:.0f} MB). It is checked like the curated file; every "
    "page then shows it, and the address of any page opens it again until the server restarts."
)
upload = st.file_uploader("Events file", type=["csv", "tsv", "txt"], key="upload")
if upload is not None:
    try:
        key = store_upload(upload.name, upload.getvalue())
    except DataError as error:
        st.error(escape_markdown(str(error)), icon="⚠️")
        st.stop()
    if st.query_params.get("data") != key:
        st.query_params["data"] = key
        st.rerun()

chosen = source_params()
if "data" in chosen:
    st.toggle("Merge with the curated events", key="merge", bind="query-params",
              help="Imported rows keep their origin in the `origin` column of the Events table.")
    result = view.result
    st.success(f"Showing {escape_markdown(result.source)}: {result.loaded:,} events loaded, "
               f"{len(result.rejected):,} rows rejected (see Data quality).")
    st.markdown("To go back to the curated events only, open the [Overview](./) without `data=` in the address.")
else:
    st.info("No file uploaded: the pages show the curated events.")
