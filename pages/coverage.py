"""Coverage: the declared scope, events per sender-target pair and year, claimed spans, known gaps and breaks."""

import datetime as dt

import streamlit as st

from tracker.chains import chain_breaks
from tracker.coverage import pair_note, pair_years, scope_pairs, scope_table
from tracker.ui import load_scope, page_view
from tracker.ui.data import derived

view = page_view("Coverage")
everything = view.result.events
scope = load_scope()

st.markdown(
    "What the tracker claims to cover, so that *nothing happened* can be told from *not collected*. Each initiative "
    "below is declared in `data/initiatives.csv`; where a span is **claimed complete**, every renewal inside it is "
    "recorded with the expiry its source states. Outside a claimed span the table is a sample. The same tables are "
    "in `data/COVERAGE.md`."
)
if scope is None:
    st.info("This events file comes without a declared scope (data/initiatives.csv is for the bundled data). The "
            "chain check below still applies to it.")
else:
    st.subheader("Sanctions decisions per sender and target, by year")
    last = max(int(everything["date"].dt.year.max()), 2014) if len(everything) else dt.date.today().year
    pairs = pair_years(everything, scope_pairs(scope), 2014, last)
    st.dataframe(pairs, key="pairs")
    st.caption(pair_note(everything))
    st.subheader("Declared scope")
    st.dataframe(scope_table(scope, everything), hide_index=True, key="scope",
                 column_config={"Known gaps": st.column_config.TextColumn(width="large")})

st.subheader("Breaks in mandate chains")
breaks = derived(everything, ("breaks", dt.date.today()), lambda: chain_breaks(everything, dt.date.today()))
st.caption(f"{len(breaks):,} recorded expiries passed with no renewal or end recorded by then (listed on Data "
           "quality).")
st.dataframe(breaks[["message"]], hide_index=True, key="breaks")
