"""Overview: headline numbers, the country timeline, monthly counts with incidents, top actors and targets."""

import streamlit as st

from tracker import charts
from tracker.export import table_csv
from tracker.ui import chart_config, event_link, filtered_rows, page_view, plot, stop_if_empty

view = page_view("Overview")
stop_if_empty(view)

# Only the columns counted here are taken from the filtered rows; titles and dates as written are looked up
# in all events for the few rows drawn one by one.
shown = view.rows(["date", "event_type"])
everything = view.result.events
parties = view.filtered_parties
cols = st.columns(4)
cols[0].metric("Events", f"{len(shown):,}")
cols[1].metric("Countries and organisations", f"{parties['code'].nunique():,}")
cols[2].metric("Sanctions, renewals and relief", f"{shown['event_type'].str.startswith('sanctions').sum():,}")
cols[3].metric("Latest event", view.newest(1, ["date_label"]).iloc[0, 0])

timeline = st.plotly_chart(charts.timeline(everything, parties), key="timeline", on_select="rerun",
                           selection_mode="points", config=chart_config("events-timeline"))
rows = filtered_rows(view)
st.download_button("Chart data (CSV)", lambda: table_csv(charts.timeline_table(*rows())),
                   file_name="events-timeline.csv", mime="text/csv", key="timeline_csv", on_click="ignore")
picked = charts.picked_events(timeline.selection.points) if timeline else []
if picked:
    for row in everything[everything["event_id"].isin(picked)].itertuples():
        st.html("Selected: " + event_link(row))
st.caption("Click a mark to open its event; click a bar below to filter to that month or actor.")
monthly = charts.monthly_table(shown)
plot(charts.monthly_counts(shown, monthly, details=everything), monthly, key="monthly", name="events-per-month",
     pick=charts.picked_month)
left, right = st.columns(2)
actors, targets = charts.top_parties_table(parties, "actor"), charts.top_parties_table(parties, "target")
plot(charts.top_bar(actors, "Top actors"), actors, key="top_actors", name="top-actors", container=left,
     pick=lambda points: {"actor": charts.picked_codes(points)})
plot(charts.top_bar(targets, "Top targets"), targets, key="top_targets", name="top-targets", container=right,
     pick=lambda points: {"target": charts.picked_codes(points)})
