"""Actor profile: a country's or organisation's events over time, counterparts, type mix and latest events."""

import streamlit as st

from tracker import charts
from tracker.core.actors import registry
from tracker.profile import counterparts, per_year, per_year_chart, type_mix, type_mix_chart
from tracker.ui import escape_markdown, event_link, page_view, plot, stop_if_empty

view = page_view("Actor profile")
reg = registry()
# The party table's code categories are the codes in the data (no pass over its rows).
codes = sorted(map(str, view.parties["code"].cat.categories), key=reg.name)
who = st.selectbox("Country or organisation", codes, index=None, key="who", bind="query-params",
                   placeholder="Choose a code, e.g. CAN", help="The profile respects the filters in the sidebar.")
if who is None:
    st.info("Choose a country or organisation above, or click one on the Map.")
    st.stop()
stop_if_empty(view)

name = reg.name(who)
parties = view.filtered_parties
# Only this party's events are taken, and only the columns counted; the text of the latest ten is looked up last.
mine = view.party_rows(who, ["date", "event_type"])
st.subheader(f"{escape_markdown(name)} ({escape_markdown(who)}): {len(mine):,} events")
if mine.empty:
    st.info(f"No event involving {escape_markdown(name)} matches the filters.")
    st.stop()
years = per_year(parties, who)
plot(per_year_chart(years, name), years, key="years", name=f"{who}-events-per-year")
left, right = st.columns(2)
partners = counterparts(parties, who)
plot(charts.top_bar(partners, "Main counterparts"), partners, key="partners", name=f"{who}-counterparts",
     container=left, pick=lambda points: {"who": (charts.picked_codes(points) or [None])[0]})
mix = type_mix(mine)
plot(type_mix_chart(mix), mix, key="mix", name=f"{who}-event-types", container=right)

st.subheader("Latest events")
latest = mine.nlargest(10, "date", keep="first")
for row in view.details(latest.index, ["event_id", "date_label", "title", "source_publisher"]).itertuples():
    st.html(event_link(row))
