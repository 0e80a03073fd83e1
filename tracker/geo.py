"""Countries on a map: event counts per state, with blocs optionally expanded to their members on the date."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import make_colorscale, sequential

from tracker import figures
from tracker.core.actors import registry, repeats

# Bloc membership with dates (joined, left), used to put a bloc's events on its members' map areas.
MEMBERSHIPS_PATH = Path(__file__).resolve().parent.parent / "data" / "memberships.csv"

# The map's colours: plotly's sequential "Reds", spelled out (plotly.js has its own, different "Reds").
COLORSCALE = make_colorscale(sequential.Reds)

# Which parties a map counts: "actor", "target", or "either".
ROLES = {"either": "either side", "actor": "actor", "target": "target"}


@lru_cache(maxsize=1)
def memberships() -> pd.DataFrame:
    """bloc, member, joined, left (NaT while still a member)."""
    table = pd.read_csv(MEMBERSHIPS_PATH, dtype=str, keep_default_na=False)
    for column in ("joined", "left"):
        table[column] = pd.to_datetime(table[column].replace("", None))
    return table


def expand_blocs(parties: pd.DataFrame) -> pd.DataFrame:
    """Replace each bloc row by one row per state that was a member on the event's date."""
    table = memberships()
    codes = pd.Categorical(parties["code"])
    known = codes.categories
    categories = known.append(pd.Index(sorted(set(table["member"]) - set(known)), dtype=known.dtype))
    bloc = known.get_indexer(table["bloc"])  # -1: a bloc that is not in these rows
    table, bloc = table[bloc >= 0], bloc[bloc >= 0]
    is_bloc = np.isin(codes.codes, bloc)
    if not is_bloc.any():
        return parties
    # Every bloc row paired with each membership of its bloc (integer work: rows repeated, memberships indexed).
    order = np.argsort(bloc, kind="stable")
    per_bloc = np.bincount(bloc, minlength=len(known))
    first = np.concatenate([[0], np.cumsum(per_bloc)[:-1]])
    bloc_rows = np.flatnonzero(is_bloc)
    repeat = per_bloc[codes.codes[bloc_rows]]
    rows = np.repeat(bloc_rows, repeat)
    rank = np.arange(len(rows)) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    membership = order[np.repeat(first[codes.codes[bloc_rows]], repeat) + rank]
    # The party table carries each event's date: membership on that date needs no join with the events.
    date = parties["date"].to_numpy()[rows]
    joined = table["joined"].to_numpy()[membership]
    left = table["left"].to_numpy()[membership]
    member = (joined <= date) & (np.isnat(left) | (left >= date))
    member_code = categories.get_indexer(table["member"])[membership[member]]
    # Rows keep their order: the other parties first, then the members in the order of the memberships table.
    taken = np.concatenate([np.flatnonzero(~is_bloc), rows[member]])
    merged = parties.iloc[taken].reset_index(drop=True).assign(code=pd.Categorical.from_codes(
        np.concatenate([codes.codes[~is_bloc], member_code]), categories))
    role = pd.Categorical(merged["role"]).codes.astype(np.int64)
    key = (merged["pos"].to_numpy(dtype=np.int64) * 2 + role) * len(categories) + merged["code"].cat.codes
    merged = merged[~pd.Series(key).duplicated().to_numpy()].reset_index(drop=True)
    return merged.assign(repeat=repeats(merged))


def country_counts(parties: pd.DataFrame, role: str) -> pd.DataFrame:
    """code, name, events: the number of events per state in `role` ("either" counts an event once)."""
    reg = registry()
    rows = parties if role == "either" else parties[(parties["role"] == role).to_numpy()]
    codes = pd.Categorical(rows["code"])
    n_codes = max(len(codes.categories), 1)
    is_state = np.array([reg.kind(str(c)) == "state" for c in codes.categories] + [False])
    keep = is_state[codes.codes]  # code -1 (missing) looks up the trailing False
    if role == "either":
        keep &= ~rows["repeat"].to_numpy()  # a state on both sides of an event counts once
    counts = np.bincount(codes.codes[keep], minlength=n_codes)
    order = np.argsort(-counts, kind="stable")
    order = order[counts[order] > 0]
    names = [str(codes.categories[i]) for i in order]
    return pd.DataFrame({"code": names, "name": [reg.name(c) for c in names], "events": counts[order]})


def former_states(parties: pd.DataFrame, role: str) -> list[str]:
    """Names of the former states (ISO 3166-3) among these parties in `role`: the map cannot draw them."""
    reg = registry()
    rows = parties if role == "either" else parties[(parties["role"] == role).to_numpy()]
    codes = pd.unique(rows["code"].astype(str))
    return sorted(reg.name(c) for c in codes if reg.kind(c) == "former_state")


def choropleth(counts: pd.DataFrame, role: str) -> go.Figure:
    """World map shaded by event count; click a country to filter by it."""
    areas = {"type": "choropleth", "locations": counts["code"].to_numpy(dtype=object),
             "z": counts["events"].to_numpy(), "text": counts["name"].to_numpy(dtype=object),
             "customdata": counts["code"].to_numpy(dtype=object), "locationmode": "ISO-3", "colorscale": COLORSCALE,
             "marker": {"line": {"color": "#999", "width": 0.4}}, "colorbar": _count_bar(counts["events"].to_numpy()),
             "hovertemplate": "%{text} (%{location}): %{z} events<extra></extra>"}
    geo = {"showcountries": True, "countrycolor": "#bbb", "showframe": False,
           "projection": {"type": "natural earth", "rotation": {"lon": 0}}, "lonaxis": {"range": [-180, 180]}}
    return figures.build([areas], figures.layout(f"Events per country, as {ROLES[role]}", height=520, geo=geo,
                                                 margin={"l": 0, "r": 0, "t": 50, "b": 0}))


def _count_bar(counts: np.ndarray) -> dict:
    """The colour bar of counts: whole numbers only."""
    bar: dict = {"title": {"text": "Events"}, "tickformat": ",d"}
    if counts.max(initial=0) < figures.SMALL_COUNT:
        bar.update(tick0=0, dtick=1)
    return bar


def picked_countries(points: list[dict]) -> list[str]:
    """The ISO codes of the countries a user clicked on the map."""
    return [str(p.get("location") or p.get("customdata")) for p in points if p.get("location") or p.get("customdata")]
