"""Overview: headline numbers, the country timeline, monthly counts, top actors and targets."""

import streamlit as st

from tracker import charts
from tracker.ui import frame, stop_if_empty

view = frame("Overview")
stop_if_empty(view)

events, parties = view.events, view.filtered_parties
cols = st.columns(4)
cols[0].metric("Events", f"{len(events):,}")
cols[1].metric("Countries and organisations", f"{parties['code'].nunique():,}")
cols[2].metric("Sanctions, renewals and relief", f"{events['event_type'].str.startswith('sanctions').sum():,}")
cols[3].metric("Latest event", events.sort_values("date").iloc[-1]["date_label"])

st.plotly_chart(charts.timeline(events, parties), key="timeline")
st.plotly_chart(charts.monthly_counts(events), key="monthly")
left, right = st.columns(2)
left.plotly_chart(charts.top_parties(parties, "actor"), key="top_actors")
right.plotly_chart(charts.top_parties(parties, "target"), key="top_targets")
