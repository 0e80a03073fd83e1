"""Flows: who acts on whom, by event type; click a flow in the matrix to filter to it."""

import streamlit as st

from tracker.flows import flows, matrix, picked_flow, sankey
from tracker.ui import page_view, plot, profile_links, stop_if_empty

view = page_view("Flows", paint_first=True)
stop_if_empty(view)

table = flows(view.counted_parties)  # the counting rule: decisions taken, unless statuses are chosen
if table.empty:
    st.info("These events name no targets among the events counted, so there is no flow to draw. Remove a filter "
            "to see flows.")
    st.stop()

plot(sankey(table), table, key="sankey", name="flows-sankey")
plot(matrix(table), table, key="matrix", name="flows-matrix", pick=picked_flow)
chosen = view.filters.actors + view.filters.targets
if chosen:
    st.html(profile_links(chosen, view.link_params))
