"""Actor codes: states (ISO 3166-1 alpha-3 via pycountry) and organisations (data/actors.csv)."""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pycountry

# The organisations and blocs table shipped with the app.
ACTORS_PATH = Path(__file__).resolve().parents[2] / "data" / "actors.csv"

# Separator between several codes in one `actors` or `targets` cell.
SEPARATOR = ";"

# NOTE: states pycountry lacks or names awkwardly. Kosovo has no ISO code; XKX is the
# user-assigned code used by the EU and the IMF.
EXTRA_STATES = {"XKX": "Kosovo"}

# NOTE: former states (ISO 3166-3, from pycountry.historic_countries) are parties too, for historical data such
# as GSDB's (back to 1950), with kind `former_state`: the map cannot draw them and says how many it left out.
# States that were only renamed (Zaire, Burma, Dahomey, Upper Volta, East Timor) resolve by name to their
# current code instead (FORMER_NAMES below maps dissolved ones; the aliases map renamed ones).
FORMER_NAMES = {"SUN": "Soviet Union", "YUG": "Yugoslavia", "DDR": "East Germany", "CSK": "Czechoslovakia",
                "YMD": "South Yemen", "SCG": "Serbia and Montenegro", "VDR": "North Vietnam",
                "ANT": "Netherlands Antilles", "BYS": "Byelorussian SSR"}

# Short display names where pycountry's name reads like a registry entry.
STATE_NAMES = {
    "RUS": "Russia",
    "USA": "the United States",
    "GBR": "the United Kingdom",
    "COD": "DR Congo",
    "COG": "Republic of the Congo",
    "CIV": "Ivory Coast",
    "PSE": "Palestine",
    "CZE": "Czechia",
    "TUR": "Turkey",
    "NLD": "the Netherlands",
    "CAF": "the Central African Republic",
    "PHL": "the Philippines",
    "ARE": "the United Arab Emirates",
}

# NOTE: names people and external files write that neither pycountry nor data/actors.csv match exactly (lower-case
# keys): the one alias table. Exact look-ups only: pycountry's search_fuzzy maps "EU" and "Kosovo" to the wrong
# countries.
NAME_ALIASES = {
    "russia": "RUS",
    "iran": "IRN",
    "syria": "SYR",
    "north korea": "PRK",
    "dprk": "PRK",
    "south korea": "KOR",
    "uk": "GBR",
    "u.k.": "GBR",
    "britain": "GBR",
    "great britain": "GBR",
    "us": "USA",
    "u.s.": "USA",
    "united states of america": "USA",
    "america": "USA",
    "kosovo": "XKX",
    "burma": "MMR",
    "ivory coast": "CIV",
    "palestine": "PSE",
    "dr congo": "COD",
    "drc": "COD",
    "democratic republic of the congo": "COD",
    "turkey": "TUR",
    "vietnam": "VNM",
    "laos": "LAO",
    "moldova": "MDA",
    "venezuela": "VEN",
    "bolivia": "BOL",
    "tanzania": "TZA",
    "czech republic": "CZE",
    "macedonia": "MKD",
    "taiwan": "TWN",
    "central african republic": "CAF",
    "cape verde": "CPV",
    "swaziland": "SWZ",
    # Names external files (GSDB, ACLED, GDELT) use.
    "democratic republic of congo": "COD",
    "republic of congo": "COG",
    "bosnia-herzegovina": "BIH",
    "ethiopia (excludes eritrea)": "ETH",
    "brunei": "BRN",
    "micronesia": "FSM",
    "east timor": "TLS",
    "vatican city": "VAT",
    "cote d'ivoire": "CIV",
    "curacao": "CUW",
    "turkiye": "TUR",
    "the gambia": "GMB",
    "the bahamas": "BHS",
    "the netherlands": "NLD",
    # Names with a comma, as GSDB and other country lists write them ("Korea, North").
    "korea, north": "PRK",
    "korea, south": "KOR",
    "korea, dem. rep.": "PRK",
    "korea, rep.": "KOR",
    "gambia, the": "GMB",
    "bahamas, the": "BHS",
    "congo, dem. rep.": "COD",
    "congo, rep.": "COG",
    "iran, islamic rep.": "IRN",
    "yemen, rep.": "YEM",
    "egypt, arab rep.": "EGY",
    "venezuela, rb": "VEN",
    "micronesia, fed. sts.": "FSM",
    # Former states (ISO 3166-3 codes, see tracker/actors.py) and renamed ones (their current code).
    "ussr": "SUN",
    "soviet union": "SUN",
    "east germany": "DDR",
    "german democratic republic": "DDR",
    "gdr": "DDR",
    "west germany": "DEU",
    "german federal republic": "DEU",
    "czechoslovakia": "CSK",
    "yugoslavia": "YUG",
    "serbia and montenegro": "SCG",
    "south yemen": "YMD",
    "yemen, south": "YMD",
    "yemen people's republic": "YMD",
    "north yemen": "YEM",
    "yemen, north": "YEM",
    "yemen arab republic": "YEM",
    "north vietnam": "VDR",
    "vietnam, north": "VDR",
    "rhodesia": "RHO",
    "southern rhodesia": "RHO",
    "zaire": "COD",
    "upper volta": "BFA",
    "dahomey": "BEN",
    "netherlands antilles": "ANT",
}


@dataclass(frozen=True)
class Actor:
    """One known actor: a state or an organisation."""

    code: str
    name: str
    short_name: str
    kind: str
    aliases: tuple[str, ...] = field(default_factory=tuple)


def _state_actors() -> dict[str, Actor]:
    actors = {}
    for country in pycountry.countries:
        common = getattr(country, "common_name", None)
        short = STATE_NAMES.get(country.alpha_3, common or country.name)
        name = short.removeprefix("the ") if country.alpha_3 in STATE_NAMES else common or country.name
        actors[country.alpha_3] = Actor(country.alpha_3, name, short, "state")
    for code, name in EXTRA_STATES.items():
        actors[code] = Actor(code, name, name, "state")
    for country in pycountry.historic_countries:
        if country.alpha_3 not in actors:
            name = FORMER_NAMES.get(country.alpha_3, country.name)
            actors[country.alpha_3] = Actor(country.alpha_3, name, name, "former_state")
    return actors


def _organisations(path: Path) -> dict[str, Actor]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["code"]: Actor(
            row["code"],
            row["name"],
            row["short_name"] or row["name"],
            row["kind"],
            tuple(a.strip() for a in row["aliases"].split(SEPARATOR) if a.strip()),
        )
        for row in rows
    }


class Registry:
    """Every code the data may use, with names, aliases and look-ups."""

    def __init__(self, organisations_path: Path = ACTORS_PATH) -> None:
        self.actors: dict[str, Actor] = {**_state_actors(), **_organisations(organisations_path)}
        self._by_name: dict[str, str] = {}
        for country in pycountry.countries:
            for attr in ("name", "common_name", "official_name", "alpha_2"):
                value = getattr(country, attr, None)
                if value:
                    self._by_name.setdefault(value.lower(), country.alpha_3)
        self._by_name.update(NAME_ALIASES)
        for actor in self.actors.values():
            for label in (actor.name, *actor.aliases):
                self._by_name.setdefault(label.lower(), actor.code)

    @property
    def codes(self) -> frozenset[str]:
        """All valid codes."""
        return frozenset(self.actors)

    def is_code(self, code: str) -> bool:
        """True when `code` is a canonical code (exact, case-sensitive)."""
        return code in self.actors

    def name(self, code: str) -> str:
        """The display name of a code, or the code itself when unknown."""
        actor = self.actors.get(code)
        return actor.name if actor else code

    def short_name(self, code: str) -> str:
        """The name as used inside a sentence ("the EU", "Russia")."""
        actor = self.actors.get(code)
        return actor.short_name if actor else code

    def kind(self, code: str) -> str:
        """`state`, `former_state`, `bloc`, `organisation`, `alliance`, or `unknown`."""
        actor = self.actors.get(code)
        return actor.kind if actor else "unknown"

    def resolve(self, text: str) -> str | None:
        """Exact look-up of a code, a name or an alias; None when nothing matches exactly."""
        text = text.strip()
        if text in self.actors:
            return text
        if text.upper() in self.actors and len(text) == 3:
            return text.upper()
        return self._by_name.get(text.lower())

    def suggest(self, text: str, limit: int = 3) -> list[str]:
        """Closest known codes for an unknown token, for error messages (never applied silently)."""
        exact = self.resolve(text)
        if exact:
            return [exact]
        lowered = text.strip().lower()
        candidates = {code.lower(): code for code in self.actors} | self._by_name
        matches = difflib.get_close_matches(lowered, list(candidates), n=limit * 3, cutoff=0.6)
        found: list[str] = []
        for match in matches:
            code = candidates[match]
            if code not in found:
                found.append(code)
        return found[:limit]

    def label(self, code: str) -> str:
        """`Name (CODE)` for tables and messages."""
        return f"{self.name(code)} ({code})"


@lru_cache(maxsize=1)
def registry() -> Registry:
    """The shared registry (built once per process)."""
    return Registry()


def split_codes(cell: str) -> list[str]:
    """Split a `;`-separated cell into stripped, non-empty tokens."""
    return [token.strip() for token in str(cell).split(SEPARATOR) if token.strip()]


def _cell_tokens(cells: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(row positions, codes) for every token of `;`-separated cells; each distinct cell is split once."""
    categorical = pd.Categorical(cells)
    tokens = [split_codes(c) for c in categorical.categories]
    per_category = np.array([len(t) for t in tokens], dtype=np.int64)
    flat = np.array([code for t in tokens for code in t], dtype=object)
    starts = np.concatenate([[0], np.cumsum(per_category)[:-1]])
    valid = categorical.codes >= 0
    rows = np.flatnonzero(valid)
    cats = categorical.codes[valid]
    counts = per_category[cats]
    positions = np.repeat(rows, counts)
    # Index of each token in `flat`: the category's start plus the token's rank within its cell.
    rank = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return positions, flat[np.repeat(starts[cats], counts) + rank] if len(flat) else flat


def repeats(parties: pd.DataFrame) -> np.ndarray:
    """True for a party row whose (event, code) came in an earlier row (the code's other role in that event)."""
    codes = pd.Categorical(parties["code"]).codes.astype(np.int64)
    key = parties["pos"].to_numpy(dtype=np.int64) * (int(codes.max(initial=0)) + 1) + codes
    return pd.Series(key).duplicated().to_numpy()


def party_table(events: pd.DataFrame) -> pd.DataFrame:
    """One row per (event, role, code): the long form used for actor filters and counts.

    `pos` is the event's row position in `events` (use `events.iloc[pos]`, or `.loc` on a RangeIndex, to reach
    the event); the event's date and type ride along so counts need no join. `repeat` is True for the target
    row of a code that is also an actor of the same event. Codes, roles and types are
    categorical (few distinct values).
    """
    frames = []
    for role, column in (("actor", "actors"), ("target", "targets")):
        positions, codes = _cell_tokens(events[column])
        frames.append(pd.DataFrame({"pos": positions.astype(np.int64), "role": role, "code": codes}))
    parts = pd.concat(frames, ignore_index=True)
    parts = parts.drop_duplicates(["pos", "role", "code"], ignore_index=True)
    pos = parts["pos"].to_numpy()
    # NOTE: no event_id column: rows point at events by position, which is all filters and counts need, and
    # two million copies of the ID strings would cost more memory and time than the rest of the table.
    table = pd.DataFrame({
        "pos": pos,
        "role": pd.Categorical(parts["role"], categories=["actor", "target"]),
        "code": pd.Categorical(parts["code"].astype(str)),
    })
    # NOTE: the same code as actor and as target of one event is one party of it; counts "per party" skip the
    # second row (filters keep or drop whole events, so this holds for any filtered table too).
    table["repeat"] = repeats(table)
    if "date" in events:
        table["date"] = events["date"].to_numpy()[pos]
    if "event_type" in events:
        table["event_type"] = pd.Categorical(events["event_type"].to_numpy()[pos])
    return table


def codes_by_role(parties: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Sorted codes that appear as actors, and as targets (on integer category codes: fast on large tables)."""
    code = pd.Categorical(parties["code"])
    numbers = code.codes
    actor = (parties["role"] == "actor").to_numpy()
    numbers, actor = numbers[numbers >= 0], actor[numbers >= 0]
    # Which codes occur in each role: a count per code (no sort or hash of the rows).
    n_codes = len(code.categories)
    return ([str(c) for c in sorted(code.categories[np.flatnonzero(np.bincount(numbers[actor], minlength=n_codes))])],
            [str(c) for c in sorted(code.categories[np.flatnonzero(np.bincount(numbers[~actor], minlength=n_codes))])])
