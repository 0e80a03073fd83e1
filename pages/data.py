"""Your data: upload an events file (curated CSV, ACLED, GDELT or GSDB), see its conversion report, explore it."""

import streamlit as st

from loaders.formats import FORMATS
from tracker.core.errors import DataError
from tracker.core.result import rejected_report, row_numbering, skipped_examples
from tracker.ui import escape_markdown, page_view, show_data_error
from tracker.ui.uploads import (
    chosen_upload,
    conversion_report,
    formats_doc,
    max_upload_bytes,
    set_merge,
    source_params,
    stop_using_upload,
    store_upload,
    uploader_key,
)

view = page_view("Your data")

st.markdown(
    "Upload a file of events and every page shows it. Supported: the curated CSV (the canonical columns, see "
    "*About the data*; comma, semicolon, tab or pipe separated, UTF-8), an **ACLED** export, a **GDELT** 1.0 or "
    "2.0 event file (tab-separated, or its daily `.zip`), or the **Global Sanctions Data Base** case list "
    f"(at most {max_upload_bytes() / 2**20:.0f} MB, set by `server.maxUploadSize`). Foreign formats are mapped "
    "onto the canonical columns; rows "
    "the tracker does not follow are skipped by a stated rule and counted. The address of any page opens the "
    "file again until the server restarts."
)
doc = formats_doc()
if doc:
    with st.expander("How each format is mapped (docs/formats.md)"):
        st.markdown(doc)
choices = ["auto", *FORMATS]
fmt = st.selectbox("Format", choices, format_func=lambda f: "Detect automatically" if f == "auto" else FORMATS[f].title,
                   key="format")
upload = st.file_uploader("Events file", type=["csv", "tsv", "txt", "zip"], key=uploader_key())
if upload is not None:
    try:
        key = store_upload(upload.name, upload.getvalue(), fmt)
    except DataError as error:
        show_data_error(error)
    if st.query_params.get("data") != key:
        st.query_params["data"] = key
        st.rerun()

chosen, entry = source_params(), chosen_upload()
if "data" in chosen and entry is not None:
    st.toggle("Merge with the curated events", value="merge" in chosen, key="merge_toggle", on_change=set_merge,
              help="Imported rows keep their origin in the `origin` column of the Events table.")
    result = view.result
    box = st.warning if result.rejected_count else st.success  # green only when every row could be read
    box(f"Showing {escape_markdown(result.source_name)}: {result.loaded:,} events loaded, "
        f"{result.skipped_total:,} rows skipped by rule, {result.rejected_count:,} rows rejected (see Data quality).")
    st.button("Stop using this file", on_click=stop_using_upload, key="stop_upload",
              help="Back to the curated events: the file leaves the address (data= and merge=) on every page.")
    st.subheader(f"How {escape_markdown(entry.name)} was read")
    mine = entry.result  # the file alone, merged or not
    report, skipped = conversion_report(mine)
    cols = st.columns(len(report))
    for col, (label, value) in zip(cols, report.items(), strict=True):
        col.metric(label, f"{value:,}")
    for notice in mine.notices:
        st.caption(escape_markdown(notice))
    if len(skipped):
        st.markdown("**Skipped by rule** (not errors: rows outside what the tracker follows)")
        st.dataframe(skipped, hide_index=True, key="skipped_rules")
        rule = st.selectbox("List the rows skipped by", skipped["rule"], key="skipped_rule")
        examples = skipped_examples(mine, rule)
        count = int(skipped.loc[skipped["rule"] == rule, "rows"].iloc[0])
        st.caption(f"{'The first ' if len(examples) < count else ''}{len(examples):,} of {count:,} rows skipped by "
                   f"this rule, as in the file. {row_numbering(mine)}")
        st.dataframe(examples, hide_index=True, key="skipped_examples")
    if mine.rejected_count:
        st.markdown(f"**Rejected rows** ({mine.rejected_count:,}), as in the file, with why")
        st.caption(row_numbering(mine))
        st.dataframe(rejected_report(mine), hide_index=True, key="rejected_rows")
elif "data" in chosen:  # a link to a file the server no longer keeps (the frame says so above)
    st.button("Stop using this file", on_click=stop_using_upload, key="stop_upload",
              help="Removes the file from the address (data= and merge=).")
else:
    st.info("No file uploaded: the pages show the curated events.")
