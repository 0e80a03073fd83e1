"""Map: events per country as actor, as target or either; blocs can count for their member states."""

import streamlit as st

from tracker.filters import party_field
from tracker.geo import ROLES, choropleth, country_counts, expand_blocs, former_states, picked_countries
from tracker.ui import escape_markdown, page_view, plot, profile_links, stop_if_empty

view = page_view("Map", paint_first=True)
stop_if_empty(view)

left, right = st.columns([2, 1])
role = left.radio("Count countries as", list(ROLES), horizontal=True, key="role", bind="query-params",
                  help="either: an event counts for every country it names; actor: who acts; target: whom it is "
                       "directed at.")
expand = right.toggle("Count EU, NATO and G7 events for their member states", key="expand", bind="query-params",
                      help="Membership on the event's date: the UK counts for the EU until 31 January 2020.")

# The counting rule: decisions taken, unless statuses are chosen.
parties = expand_blocs(view.counted_parties) if expand else view.counted_parties
counts = country_counts(parties, role)
former = former_states(parties, role)
if former:
    st.caption(escape_markdown(f"{len(former)} former state{'s' if len(former) > 1 else ''} ({', '.join(former)}) "
                               f"{'are' if len(former) > 1 else 'is'} not drawn: the map shows today's borders. "
                               "Their events are in the other views."))
if counts.empty:
    st.info("None of the events counted names a country on this side. Try another setting above.")
    st.stop()

field = party_field(role)
plot(choropleth(counts, role), counts, key="map", name=f"events-per-country-{role}",
     pick=lambda points: {field.key: picked_countries(points)})
chosen = getattr(view.filters, field.field)
if chosen:
    st.html(profile_links(chosen, view.link_params))
