"""Overview: headline numbers, monthly counts with incidents, the country timeline, top actors and targets."""

import streamlit as st

from tracker import charts
from tracker.core.schema import COUNTING_RULE
from tracker.export import table_csv
from tracker.ui import chart_config, event_link, filtered_rows, page_view, placeholder, plot, stop_if_empty

view = page_view("Overview", paint_first=True)
stop_if_empty(view)

# Counts follow the counting rule (view.counted: decisions taken unless statuses are chosen); only the columns
# counted here are taken; titles and dates as written are looked up in all events for the few rows drawn one by one.
shown = view.counted_rows(["date", "event_type"])
everything = view.result.events
parties, counted = view.filtered_parties, view.counted_parties
cols = st.columns([1, 1, 1.1, 1, 1.6])  # short labels; the date needs the most room (whole at 1280 px)
cols[0].metric("Decisions taken" if not view.filters.statuses else "Events counted", f"{len(shown):,}",
               help=COUNTING_RULE)
cols[1].metric("Not decided", f"{view.apart_count:,}", help="Requested, proposed, expected or rejected: listed (and "
               "marked on the timeline), counted apart from decisions.")
cols[2].metric("Sanctions", f"{shown['event_type'].str.startswith('sanctions').sum():,}",
               help="Sanctions decisions taken: new measures, renewals and relief.")
cols[3].metric("Parties", f"{counted['code'].nunique():,}",
               help="Countries and organisations named as actor or target in the decisions counted.")
cols[4].metric("Latest event", view.newest(1, ["date_label"]).iloc[0, 0])

# The monthly counts come first: the lightest chart, drawn by a new visit's first run (tracker.ui.firstpaint).
monthly = charts.monthly_table(shown)
plot(charts.monthly_counts(shown, monthly, details=everything), monthly, key="monthly", name="events-per-month",
     pick=charts.picked_month)
if view.first_paint:  # the next run draws it (tracker.ui.firstpaint)
    placeholder(st, charts.timeline_height(parties))
    timeline = None
else:
    timeline = st.plotly_chart(charts.timeline(everything, parties, view.counted), key="timeline", on_select="rerun",
                               selection_mode="points", config=chart_config("events-timeline"))
rows, is_counted = filtered_rows(view), view.counted
st.download_button("Chart data (CSV)", lambda: table_csv(charts.timeline_table(*rows(), is_counted)),
                   file_name="events-timeline.csv", mime="text/csv", key="timeline_csv", on_click="ignore")
picked = charts.picked_events(timeline.selection.points) if timeline else []
if picked:
    for row in everything[everything["event_id"].isin(picked)].itertuples():
        st.html("Selected: " + event_link(row))
st.caption("Click a mark to open its event.")
left, right = st.columns(2)
actors, targets = (charts.top_parties_table(counted, role, apart=view.apart_parties) for role in ("actor", "target"))
plot(charts.top_bar(actors, "Top actors"), actors, key="top_actors", name="top-actors", container=left,
     pick=lambda points: {"actor": charts.picked_codes(points)}, later=view.first_paint)
plot(charts.top_bar(targets, "Top targets"), targets, key="top_targets", name="top-targets", container=right,
     pick=lambda points: {"target": charts.picked_codes(points)}, later=view.first_paint)
