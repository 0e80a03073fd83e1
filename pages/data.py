"""Your data: upload an events file (curated CSV, ACLED, GDELT or GSDB), see its conversion report, explore it."""

import streamlit as st

from loaders.formats import FORMATS
from tracker.core.errors import DataError
from tracker.ui import escape_markdown, page_view, show_data_error
from tracker.ui.uploads import conversion_report, max_upload_bytes, set_merge, source_params, store_upload

view = page_view("Your data")

st.markdown(
    "Upload a file of events and every page shows it. Supported: the curated CSV (the canonical columns, see "
    "*About the data*; comma, semicolon, tab or pipe separated, UTF-8), an **ACLED** export, a **GDELT** 1.0 or "
    "2.0 event file (tab-separated, or its daily `.zip`), or the **Global Sanctions Data Base** case list "
    f"(at most {max_upload_bytes() / 2**20:.0f} MB, set by `server.maxUploadSize`). Foreign formats are mapped "
    "onto the canonical columns; rows "
    "the tracker does not follow are skipped by a stated rule and counted. The address of any page opens the "
    "file again until the server restarts. How each format is mapped: `docs/formats.md`."
)
choices = ["auto", *FORMATS]
fmt = st.selectbox("Format", choices, format_func=lambda f: "Detect automatically" if f == "auto" else FORMATS[f].title,
                   key="format")
upload = st.file_uploader("Events file", type=["csv", "tsv", "txt", "zip"], key="upload")
if upload is not None:
    try:
        key = store_upload(upload.name, upload.getvalue(), fmt)
    except DataError as error:
        show_data_error(error)
    if st.query_params.get("data") != key:
        st.query_params["data"] = key
        st.rerun()

chosen = source_params()
if "data" in chosen:
    st.toggle("Merge with the curated events", value="merge" in chosen, key="merge_toggle", on_change=set_merge,
              help="Imported rows keep their origin in the `origin` column of the Events table.")
    result = view.result
    st.success(f"Showing {escape_markdown(result.source)}: {result.loaded:,} events loaded, "
               f"{result.skipped_total:,} rows skipped by rule, {result.rejected_count:,} rows rejected "
               "(see Data quality).")
    report, skipped = conversion_report(result)
    cols = st.columns(len(report))
    for col, (label, value) in zip(cols, report.items(), strict=True):
        col.metric(label, f"{value:,}")
    if len(skipped):
        st.markdown("**Skipped by rule** (not errors: rows outside what the tracker follows)")
        st.dataframe(skipped, hide_index=True)
    for notice in result.notices:
        st.caption(escape_markdown(notice))
    st.markdown("To go back to the curated events only, open the [Overview](./) without `data=` in the address.")
else:
    st.info("No file uploaded: the pages show the curated events.")
