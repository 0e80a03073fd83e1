"""Actor profile: a country's or organisation's events over time, counterparts, type mix and latest events."""

import streamlit as st

from tracker import charts
from tracker.actors import registry
from tracker.profile import counterparts, per_year, per_year_chart, type_mix, type_mix_chart
from tracker.ui import event_link, frame, plot, stop_if_empty

view = frame("Actor profile")
reg = registry()
codes = sorted(view.parties["code"].unique(), key=reg.name)
who = st.selectbox("Country or organisation", codes, index=None, key="who", bind="query-params",
                   placeholder="Choose a code, e.g. CAN", help="The profile respects the filters in the sidebar.")
if who is None:
    st.info("Choose a country or organisation above, or click one on the Map.")
    st.stop()
stop_if_empty(view)

name = reg.name(who)
# Party rows point at events by position (the events' index), which is cheaper than matching IDs.
events = view.rows(["event_id", "date", "date_label", "event_type", "title", "source_publisher"])
mine = events[events.index.isin(view.filtered_parties.loc[view.filtered_parties["code"] == who, "pos"])]
st.subheader(f"{name} ({who}): {len(mine):,} events")
if mine.empty:
    st.info(f"No event involving {name} matches the filters.")
    st.stop()
years = per_year(view.filtered_parties, who)
plot(per_year_chart(years, name), years, key="years", name=f"{who}-events-per-year")
left, right = st.columns(2)
partners = counterparts(view.filtered_parties, who)
plot(charts.top_bar(partners, "Main counterparts"), partners, key="partners", name=f"{who}-counterparts",
     container=left, pick=lambda points: {"who": (charts.picked_codes(points) or [None])[0]})
mix = type_mix(mine)
plot(type_mix_chart(mix), mix, key="mix", name=f"{who}-event-types", container=right)

st.subheader("Latest events")
latest = mine.nlargest(10, "date", keep="first")
for row in latest.itertuples():
    st.html(event_link(row))
