"""Compare: two to six countries or organisations, as actors or as targets, per year or month on one scale."""

import streamlit as st

from tracker.compare import MAX_PARTIES, MIN_PARTIES, PERIODS, ROLES, compare_chart, compare_table, totals
from tracker.core.actors import registry
from tracker.filters import parties_where
from tracker.ui import escape_markdown, page_view, plot, stop_if_empty
from tracker.ui.pickers import url_multiselect

view = page_view("Compare")
reg = registry()
# The party table's code categories are the codes in the data (no pass over its rows).
codes = sorted(map(str, view.parties["code"].cat.categories), key=reg.name)
asked = st.query_params.get_all("compare")
unknown = [v for v in asked if v and v not in codes]
known = list(dict.fromkeys(v for v in asked if v in codes))
if unknown:
    st.warning(escape_markdown(f"Ignored compare={', '.join(unknown)} from the link: not a code in these events."),
               icon="🔗")
if len(known) > MAX_PARTIES:
    st.warning(escape_markdown(f"The link names {len(known)} parties; the first {MAX_PARTIES} are compared."),
               icon="🔗")
left, middle, right = st.columns([3, 2, 1])
chosen = url_multiselect(left, f"Countries or organisations ({MIN_PARTIES} to {MAX_PARTIES})", codes, "compare",
                         known[:MAX_PARTIES], reg.label,
                         max_selections=MAX_PARTIES, placeholder="e.g. European Union (EU) and United States (USA)",
                         help="Type a name or a code. The filters in the sidebar apply, e.g. Event types: Sanctions.")
role = middle.radio("Count their events", list(ROLES), key="role", bind="query-params", horizontal=True,
                    help="actor: who acts; target: whom it is directed at; either: an event counts once for each "
                         "party it names on either side.")
period = right.radio("Per", list(PERIODS), key="per", bind="query-params", horizontal=True)
if len(chosen) < MIN_PARTIES:
    st.info(f"Choose {MIN_PARTIES} to {MAX_PARTIES} countries or organisations above to compare their events "
            "year by year on one scale.")
    st.stop()
stop_if_empty(view)

# The counting rule: decisions taken (requested, proposed, expected, rejected apart), unless statuses are chosen.
table = compare_table(view.counted_parties, chosen, role, period)
apart = (compare_table(parties_where(view.parties, view.mask & ~view.counted), chosen, role, period)
         if view.apart_count else table.iloc[:0])
note = (f"Not counted (not decided: requested, proposed, expected or rejected): {totals(apart)}."
        if not apart.empty and apart["events"].sum() else "")
if table.empty:
    st.info(escape_markdown(" ".join(filter(None, [
        "None of them has a decision taken on this side among the filtered events.", note,
        "Choose their status in the Status filter to count them." if note else
        "Try another side or widen the filters."]))))
    st.stop()
st.caption(escape_markdown(f"Events in all: {totals(table)}. {note}".strip()))
plot(compare_chart(table, role, period), table, key="chart", name=f"compare-{'-'.join(chosen)}-{role}-per-{period}")
