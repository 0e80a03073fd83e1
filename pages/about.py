"""About the data: the data dictionary (rendered from the schema) and provenance of the loaded events."""

import pandas as pd
import streamlit as st

from tracker.core.schema import COLUMNS, VOCABULARIES
from tracker.ui import page_view

view = page_view("About the data")
everything = view.result.events

st.markdown(
    "Each row is one event taken from a news article or an official release: sanctions and their renewals or "
    "relief, missions launched, renewed or ended, peacekeeping proposals, military aid, key statements and "
    "incidents. Every event names its source and quotes it. The curation rules are in `data/README.md`. What is "
    "tracked, and which spans are claimed complete, is on the *Coverage* page: outside a claimed span, a missing "
    "event means *not collected*, not *did not happen*."
)
st.subheader("Columns")
st.dataframe(pd.DataFrame([{"column": n, "title": t.title, "required": t.required, "definition": t.definition,
                            "example": t.example} for n, t in COLUMNS.items()]), hide_index=True, key="columns")
for column, vocabulary in VOCABULARIES.items():
    st.subheader(f"Values of {column}")
    st.dataframe(pd.DataFrame([{"value": c, "title": t.title, "definition": t.definition}
                               for c, t in vocabulary.items()]), hide_index=True, key=f"vocab_{column}")

st.subheader("Provenance")
with_url = int((everything["source_url"] != "").sum())
st.write(f"{len(everything):,} events from {everything['source_publisher'].nunique():,} publishers; "
         f"{with_url:,} link to the page they were verified against.")
publishers = everything.groupby("source_publisher").size().sort_values(ascending=False).rename("events")
st.dataframe(publishers.reset_index(), hide_index=True, key="publishers")
