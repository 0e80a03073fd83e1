"""Actor profile: a country's or organisation's events over time, counterparts, type mix and latest events."""

import streamlit as st

from tracker import charts
from tracker.core.actors import registry
from tracker.filters import read_link_codes
from tracker.profile import counterparts, per_year, per_year_chart, type_mix, type_mix_chart
from tracker.ui import escape_markdown, event_link, not_decided_mark, page_view, plot, stop_if_empty
from tracker.ui.pickers import url_selectbox

# Most parties from the sidebar's filters offered as profiles when none is chosen.
MAX_SUGGESTED = 6


def choose_profile(code: str) -> None:
    st.session_state["who"] = code  # before the rerun: the picker shows it and writes ?who= to the link


view = page_view("Actor profile")
reg = registry()
# The party table's code categories are the codes in the data (no pass over its rows).
codes = sorted(map(str, view.parties["code"].cat.categories), key=reg.label)
# Names shown and searched, the code in the link (?who=CAN; a name such as ?who=Canada is read as its code).
linked, notices = read_link_codes("who", st.query_params.get_all("who")[-1:], codes)
for notice in notices:
    st.warning(escape_markdown(notice), icon="🔗")
who = url_selectbox(st, "Country or organisation", codes, "who", linked, reg.label,
                    placeholder="Type a name or a code, e.g. Canada or CAN",
                    help="The profile respects the filters in the sidebar.")
if who is None:
    st.info("Choose a country or organisation above, or click one on the Map.")
    # The parties named in the sidebar's filters, one click away (a link such as ?actor=RUS names one).
    named = [c for c in dict.fromkeys(view.filters.actors + view.filters.targets + view.filters.involving)
             if c in codes][:MAX_SUGGESTED]
    if named:
        row = st.container(horizontal=True)
        for code in named:
            row.button(f"Profile of {reg.label(code)}", key=f"profile_{code}", on_click=choose_profile, args=(code,))
    st.stop()
stop_if_empty(view)

name = reg.name(who)
# Counts follow the counting rule (decisions taken, unless statuses are chosen); the latest events list all, with
# those not counted marked. Only the columns counted are taken; the text of the latest ten is looked up last.
everyone = view.party_rows(who, ["date", "event_type", "status"])
counted = view.counted_at(everyone.index)
mine = everyone[counted]
apart = len(everyone) - len(mine)
noun = "decisions taken" if not view.filters.statuses else "events"
st.subheader(f"{escape_markdown(name)} ({escape_markdown(who)}): {len(mine):,} {noun}"
             + (f", {apart:,} not decided" if apart else ""))
if everyone.empty:
    st.info(f"No event involving {escape_markdown(name)} matches the filters.")
    st.stop()
parties = view.counted_parties
years = per_year(parties, who)
plot(per_year_chart(years, name), years, key="years", name=f"{who}-events-per-year")
left, right = st.columns(2)
partners = counterparts(parties, who)
plot(charts.top_bar(partners, "Main counterparts"), partners, key="partners", name=f"{who}-counterparts",
     container=left, pick=lambda points: {"who": (charts.picked_codes(points) or [None])[0]})
mix = type_mix(mine)
plot(type_mix_chart(mix), mix, key="mix", name=f"{who}-event-types", container=right)

st.subheader("Latest events")
latest = everyone.nlargest(10, "date", keep="first")
marks = dict(zip(latest.index, view.counted_at(latest.index), strict=True))
for row in view.details(latest.index, ["event_id", "date_label", "title", "source_publisher", "status"]).itertuples():
    st.html(event_link(row) + ("" if marks[row.Index] else not_decided_mark(row.status)))
