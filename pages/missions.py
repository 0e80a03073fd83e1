"""Missions and mandates: a Gantt of each initiative, the expiry calendar (iCalendar and CSV), and the mandates whose
expiry passed with no renewal recorded."""

import datetime as dt

import streamlit as st

from tracker.expiries import lapsed, upcoming
from tracker.export import table_csv
from tracker.ical import to_ics
from tracker.missions import gantt, life_events, most_recent, segments
from tracker.ui import DATE_MAX, DATE_MIN, filtered_rows, load_scope, page_view, plot, stop_if_empty

view = page_view("Missions and mandates", paint_first=True)
stop_if_empty(view)

# Both the chart and the table start from the mandate events: found on a few short columns of the filtered
# rows, then only those events' text is taken.
life = life_events(view.rows(["date", "end_date", "event_type", "status", "initiative"]))
drawn = most_recent(life)  # the initiatives the Gantt chart draws
pieces = segments(drawn.assign(**view.details(drawn.index, ["event_id", "title"])), dt.date.today())
if pieces.empty:
    st.info("No mission or regime with a mandate among these events. Remove the type or status filter.")
else:
    rows = filtered_rows(view)
    scope = load_scope()  # the declared scope describes each initiative in one line (bundled data only)
    about = None if scope is None else dict(zip(scope["initiative"], scope["description"], strict=True))
    plot(gantt(pieces, about), lambda: segments(life_events(rows()[0]), dt.date.today()), key="gantt",
         name="missions-gantt")

st.subheader("Upcoming expiries")
left, right = st.columns(2)
start = left.date_input("From", value="today", min_value=DATE_MIN, max_value=DATE_MAX, key="asof",
                        bind="query-params", format="YYYY-MM-DD")
months = right.number_input("Months ahead", min_value=1, max_value=120, value=12, key="months", bind="query-params")
table = upcoming(life, start, int(months), details=view.result.events)
st.caption(f"Mandates and regimes whose current expiry falls between {start:%d %b %Y} and "
           f"{months} months later: {len(table)}.")
if table.empty:
    st.info("Nothing expires in this window. Move the start date or look further ahead.")
else:
    st.dataframe(table, hide_index=True, key="expiries", column_config={
        "expires": st.column_config.DateColumn("Expires", format="YYYY-MM-DD"),
        "source_url": st.column_config.LinkColumn("Source", display_text="open", validate=r"^https?://")})
cols = st.columns(2)
# The files are written when a button is pressed.
cols[0].download_button("Add to calendar (.ics)", lambda: to_ics(table), file_name="expiries.ics",
                        mime="text/calendar", key="ics", disabled=table.empty, on_click="ignore")
cols[1].download_button("Expiries (CSV)", lambda: table_csv(table), file_name="expiries.csv",
                        mime="text/csv", key="expiries_csv", disabled=table.empty, on_click="ignore")

st.subheader("Expired with no renewal recorded")
gone = lapsed(life, start, details=view.result.events)
st.caption(f"Mandates and regimes whose last recorded expiry passed before {start:%d %b %Y} with no renewal or end "
           f"recorded since: {len(gone)}. The data cannot say whether they ran on; a missing renewal may not have "
           "been collected yet.")
if not gone.empty:
    st.dataframe(gone, hide_index=True, key="lapsed", column_config={
        "initiative": "Initiative", "expired": st.column_config.DateColumn("Expired", format="YYYY-MM-DD"),
        "days": st.column_config.NumberColumn("Days since", format="%d"), "event_id": "Last decision (event ID)",
        "title": "Its title", "source_url": st.column_config.LinkColumn("Source", display_text="open",
                                                                        validate=r"^https?://"),
        "source_publisher": "Publisher"})
