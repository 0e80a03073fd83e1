"""Countries on a map: event counts per state, with blocs optionally expanded to their members on the date."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from tracker.actors import Registry, registry

# Bloc membership with dates (joined, left), used to put a bloc's events on its members' map areas.
MEMBERSHIPS_PATH = Path(__file__).resolve().parent.parent / "data" / "memberships.csv"

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
    blocs = parties[parties["code"].isin(table["bloc"].unique())]
    if blocs.empty:
        return parties
    # The party table carries each event's date, so membership on that date needs no join with the events.
    dated = blocs.assign(code=blocs["code"].astype(str)).merge(table, left_on="code", right_on="bloc")
    member = (dated["joined"] <= dated["date"]) & (dated["left"].isna() | (dated["left"] >= dated["date"]))
    expanded = dated.loc[member, [*parties.columns.drop("code"), "member"]].rename(columns={"member": "code"})
    merged = pd.concat([parties.drop(blocs.index).astype({"code": str}), expanded], ignore_index=True)
    return merged.drop_duplicates(["pos", "role", "code"], ignore_index=True)


def country_counts(parties: pd.DataFrame, role: str, reg: Registry | None = None) -> pd.DataFrame:
    """code, name, events: the number of events per state in `role` ("either" counts an event once)."""
    reg = reg or registry()
    rows = parties if role == "either" else parties[parties["role"] == role]
    rows = rows[rows["code"].map(reg.kind) == "state"]
    counts = rows.groupby("code", observed=True)["pos"].nunique().sort_values(ascending=False, kind="stable")
    return pd.DataFrame({"code": counts.index, "name": [reg.name(c) for c in counts.index],
                         "events": counts.to_numpy()})


def choropleth(counts: pd.DataFrame, role: str) -> go.Figure:
    """World map shaded by event count; click a country to filter by it."""
    fig = go.Figure(go.Choropleth(
        locations=counts["code"], z=counts["events"], text=counts["name"], customdata=counts["code"],
        locationmode="ISO-3", colorscale="Reds", marker_line_color="#999", marker_line_width=0.4,
        colorbar_title="Events", hovertemplate="%{text} (%{location}): %{z} events<extra></extra>"))
    fig.update_geos(showcountries=True, countrycolor="#bbb", showframe=False, projection_type="natural earth",
                    projection_rotation_lon=0, lonaxis_range=[-180, 180])
    fig.update_layout(title=f"Events per country, as {ROLES[role]}", height=520,
                      margin={"l": 0, "r": 0, "t": 50, "b": 0})
    return fig


def picked_countries(points: list[dict]) -> list[str]:
    """The ISO codes of the countries a user clicked on the map."""
    return [p.get("location") or p.get("customdata") for p in points if p.get("location") or p.get("customdata")]
