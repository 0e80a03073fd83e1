"""About the data: the data dictionary (rendered from the schema) and provenance of the loaded events."""

import pandas as pd
import streamlit as st

from tracker.core.schema import COLUMNS, COUNTING_RULE, VOCABULARIES
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
st.subheader("How counts are made")
st.markdown(COUNTING_RULE)
st.markdown(
    "- A **decision taken** is an event whose status is *announced*, *in effect* or *expired*. Statements and "
    "incidents are recorded as announced, so they count.\n"
    "- **Not decided**: a request, a proposal, an expectation and a proposal voted down, vetoed or refused "
    "(*requested*, *proposed*, *expected*, *rejected*). These are listed on *Events*, drawn as open marks on the "
    "timeline and named on a profile's latest events, and every page says how many it left out of its counts.\n"
    "- The rule holds for every count: the headline numbers, the monthly chart, top actors and targets, flows, the "
    "map, actor profiles, the sanctions pairs on *Coverage* and the chart data downloads (the top actors' and "
    "targets' data has a `not_decided` column, the timeline's a `counted` column).\n"
    "- An event counts once per party: a joint announcement by Canada, the EU and the US counts once for each of "
    "them, and once in a total.\n"
    "- Choosing statuses in the *Status* filter counts exactly those statuses: `status=rejected` counts the vetoed "
    "drafts.\n"
    "- Targets are the states whose conduct a measure answers (see the curation rules in `data/README.md`): Western "
    "sanctions over Russia's war against Ukraine count for Russia, not for Ukraine."
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
