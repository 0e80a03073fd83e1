"""Expiry calendar: upcoming mandate and regime expiries as an iCalendar file any calendar app imports."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from icalendar import Calendar, Event

# Identifies this program in the calendar file (PRODID) and the events' UIDs.
PRODID = "-//Sanctions & Diplomacy Tracker//Expiry calendar//EN"
UID_DOMAIN = "sanctions-diplomacy-tracker"


def to_ics(expiries: pd.DataFrame, stamp: dt.datetime | None = None) -> bytes:
    """One all-day VEVENT per expiry, with the deciding event and its source in the description."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Mandate and sanctions expiries")
    stamp = stamp or dt.datetime.now(dt.UTC)
    for row in expiries.itertuples(index=False):
        day = row.expires.date()
        event = Event()
        event.add("uid", f"{row.event_id}-expiry@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", f"{row.initiative}: mandate expires")
        lines = [f"Expiry set by: {row.title} ({row.event_id})", f"Actors: {row.actors}; targets: {row.targets}",
                 f"Source: {row.source_publisher} {row.source_url}".strip()]
        event.add("description", "\n".join(lines))
        if str(row.source_url).startswith(("http://", "https://")):
            event.add("url", row.source_url)
        calendar.add_component(event)
    return calendar.to_ical()
