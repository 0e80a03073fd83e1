"""Synthetic event files in the canonical columns: realistic skew, every type and status, multi-party rows.

    python -m benchmarks.synthetic N OUT.csv      # write N events to OUT.csv
    python -m benchmarks.synthetic N              # write (or reuse) the cached file and print its path

`cached_events(n)` keeps generated files in benchmarks/.cache/ (git-ignored), keyed by size, seed and a hash of
this module, so reruns of the benchmark do not regenerate them and a change here regenerates them.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pycountry

from tracker.core.schema import COLUMNS, EVENT_TYPES, STATUSES

# Where generated files are kept between runs.
CACHE_DIR = Path(__file__).resolve().parent / ".cache"

# Organisations mixed in among the states.
ORGANISATIONS = ["EU", "UN", "UNSC", "NATO", "OSCE", "G7"]

# NOTE: the most active actors and the most targeted parties come first, as in the curated data; the remaining
# states follow in a fixed shuffled order, so a Zipf-like weight by rank makes a few parties dominate.
ACTOR_HEAD = ["USA", "EU", "RUS", "GBR", "UKR", "CAN", "UNSC", "FRA", "DEU", "NATO", "UN", "CHN", "JPN", "AUS",
              "OSCE", "G7", "POL", "TUR"]
TARGET_HEAD = ["RUS", "UKR", "IRN", "PRK", "SYR", "BLR", "VEN", "MMR", "AFG", "LBY", "MLI", "SDN", "CUB", "IRQ"]

# Number of distinct parties (states and organisations).
PARTIES = 200

# Relative frequency of each event type (statements and sanctions are the most common; a type missing here: 5).
TYPE_WEIGHTS = {"sanctions": 18, "sanctions_renewal": 10, "sanctions_relief": 3, "mission_launch": 5,
                "mission_renewal": 7, "mission_end": 2, "peacekeeping_proposal": 2, "military_aid": 12,
                "statement": 30, "incident": 11}

# Share of rows with a second actor, with a second target, with a month-precision date, with a source URL.
MULTI_ACTOR, MULTI_TARGET, MONTH_PRECISION, WITH_URL = 0.2, 0.15, 0.05, 0.7

# Types whose rows belong to a named mission or regime (the others have no initiative).
LIFE_TYPES = ("sanctions", "sanctions_renewal", "sanctions_relief", "mission_launch", "mission_renewal", "mission_end")


def _parties(head: list[str]) -> np.ndarray:
    states = sorted(c.alpha_3 for c in pycountry.countries)
    rest = [c for c in ORGANISATIONS + states if c not in head]
    order = [rest[i] for i in np.random.default_rng(0).permutation(len(rest))]
    return np.array((head + order)[:PARTIES])


def _zipf(rng: np.random.Generator, codes: np.ndarray, n: int) -> np.ndarray:
    weights = 1 / np.arange(1, len(codes) + 1) ** 1.1
    return rng.choice(codes, n, p=weights / weights.sum())


def _join(first: np.ndarray, second: np.ndarray, share: float, rng: np.random.Generator) -> np.ndarray:
    two = (rng.random(len(first)) < share) & (second != first)
    joined = pd.Series(first, dtype=object)
    joined[two] = joined[two] + ";" + pd.Series(second, dtype=object)[two]
    return joined.to_numpy()


def make_events(n: int, seed: int = 7) -> pd.DataFrame:
    """n valid events over 2014-2025 among 200 parties; a few dominate (Zipf-like); every type and status;
    a fifth of rows have two actors and some have two targets; renewals carry an end date."""
    rng = np.random.default_rng(seed)
    actor_codes, target_codes = _parties(ACTOR_HEAD), _parties(TARGET_HEAD)
    actors = _join(_zipf(rng, actor_codes, n), _zipf(rng, actor_codes, n), MULTI_ACTOR, rng)
    targets = _join(_zipf(rng, target_codes, n), _zipf(rng, target_codes, n), MULTI_TARGET, rng)
    days = pd.Timestamp("2014-01-01") + pd.to_timedelta(rng.integers(0, 12 * 365, n), unit="D")
    month = rng.random(n) < MONTH_PRECISION
    days = days.where(~month, days.to_period("M").to_timestamp())
    names = list(EVENT_TYPES)
    p = np.array([TYPE_WEIGHTS.get(name, 5) for name in names], dtype=float)
    types = rng.choice(names, n, p=p / p.sum())
    statuses = rng.choice(list(STATUSES), n)
    # Every type and status appears at least once when n allows.
    types[: min(n, len(names))] = names[:n]
    statuses[: min(n, len(STATUSES))] = list(STATUSES)[:n]
    ids = pd.Series(np.arange(n)).map("{:07d}".format).to_numpy(dtype=object)
    titles = pd.Series(types, dtype=object).str.replace("_", " ").to_numpy(dtype=object)
    frame = pd.DataFrame({name: "" for name in COLUMNS}, index=range(n))
    frame["event_id"] = "syn-" + ids
    frame["date"] = days.strftime("%Y-%m-%d")
    frame["date_precision"] = np.where(month, "month", "day")
    frame["event_type"] = types
    frame["status"] = statuses
    frame["actors"] = actors
    frame["targets"] = targets
    life = np.isin(types, LIFE_TYPES)
    initiative = "Initiative " + pd.Series(rng.integers(0, 400, n)).astype(str).to_numpy(dtype=object)
    frame["initiative"] = np.where(life, initiative, "")
    frame["title"] = "Synthetic " + titles + " by " + actors + " on " + targets + " #" + ids
    frame["description"] = ("Synthetic " + titles + " event generated for the benchmark; actors " + actors +
                            ", targets " + targets + ".")
    frame["source_publisher"] = rng.choice(["Wire A", "Wire B", "Ministry C", "Council D", "Paper E"], n)
    frame["source_url"] = np.where(rng.random(n) < WITH_URL, "https://example.org/synthetic/" + ids, "")
    renewal = np.isin(types, ["mission_renewal", "sanctions_renewal"])
    frame.loc[renewal, "end_date"] = (days[renewal] + pd.DateOffset(years=1)).strftime("%Y-%m-%d")
    return frame


def _fingerprint() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:10]


def cached_events(n: int, seed: int = 7) -> Path:
    """The path of a CSV of make_events(n, seed), written once into CACHE_DIR and reused afterwards."""
    CACHE_DIR.mkdir(exist_ok=True)
    ignore = CACHE_DIR / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Generated benchmark files.\n*\n")
    path = CACHE_DIR / f"events-{n}-{seed}-{_fingerprint()}.csv"
    if not path.exists():
        for stale in CACHE_DIR.glob(f"events-{n}-{seed}-*.csv"):
            stale.unlink()
        partial = path.with_suffix(".partial")
        make_events(n, seed).to_csv(partial, index=False)
        partial.replace(path)
    return path


if __name__ == "__main__":
    if len(sys.argv) > 2:
        make_events(int(sys.argv[1])).to_csv(sys.argv[2], index=False)
    else:
        print(cached_events(int(sys.argv[1])))
