"""The canonical event: columns, vocabularies and their definitions (the data dictionary in code)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Term:
    """A column or vocabulary value with a human title and a one-line definition."""

    title: str
    definition: str
    required: bool = False
    example: str = ""


# The canonical columns, in file order. `required` means the cell may not be empty.
COLUMNS: dict[str, Term] = {
    "event_id": Term("Event ID", "Stable unique slug: date, main actor, short name.", True,
                     "2019-03-18-can-unifier-renewal"),
    "date": Term("Date", "When the event happened, ISO YYYY-MM-DD (day 01 for month or year precision).", True,
                 "2019-03-18"),
    "date_precision": Term("Date precision", "How much of `date` is known: day, month or year.", True, "day"),
    "end_date": Term("End date", "When the mandate, regime or measure expires or ended (ISO), if known.", False,
                     "2022-03-31"),
    "event_type": Term("Event type", "What kind of event this is (controlled vocabulary below).", True,
                       "mission_renewal"),
    "status": Term("Status", "The stage the action had reached on `date` (controlled vocabulary below).", True,
                   "announced"),
    "actors": Term("Actors", "Who acts: `;`-separated ISO 3166-1 alpha-3 codes or organisation codes.", True,
                   "CAN"),
    "targets": Term("Targets", "Whom or where the event is directed at, same codes as actors; may be empty.", False,
                    "UKR"),
    "initiative": Term("Initiative", "The named mission, regime or package; renewals share their launch's name.",
                       False, "Operation UNIFIER"),
    "title": Term("Title", "A short neutral headline written by the curator.", True,
                  "Canada extends Operation UNIFIER to March 2022"),
    "description": Term("Description", "One or two sentences with the key facts, in the curator's words.", False),
    "personnel": Term("Personnel", "Number of troops or staff involved, when the source gives one.", False, "200"),
    "tags": Term("Tags", "Optional `;`-separated lower-case keywords.", False, "training;kerch"),
    "source_url": Term("Source URL", "Address of the source page (http or https only); empty when not verified.",
                       False),
    "source_title": Term("Source title", "Headline of the source article.", False),
    "source_publisher": Term("Source publisher", "Who published the source (outlet or institution).", True,
                             "Global News (The Canadian Press)"),
    "source_date": Term("Source date", "Publication date of the source, ISO YYYY-MM-DD.", False, "2019-02-25"),
    "evidence": Term("Evidence", "A short quote from the source (a sentence or less) that supports the event.",
                     False),
    "corroboration_url": Term("Corroboration URL", "A second, independent page the curator read that confirms the "
                              "event (http or https), e.g. when the source is an outlet of a party to it.", False),
}

# Columns a file must have in its header; the others may be absent and are then empty.
REQUIRED_HEADER = tuple(name for name, term in COLUMNS.items() if term.required)

EVENT_TYPES: dict[str, Term] = {
    "sanctions": Term("Sanctions", "New or widened restrictive measures: asset freezes, bans, embargoes."),
    "sanctions_renewal": Term("Sanctions renewal", "An existing sanctions regime prolonged, usually to a new expiry."),
    "sanctions_relief": Term("Sanctions relief", "Restrictive measures lifted, suspended or eased."),
    "mission_launch": Term("Mission launch", "A military, training, monitoring or peacekeeping mission begins."),
    "mission_renewal": Term("Mission renewal", "A mission's mandate extended or expanded."),
    "mission_end": Term("Mission end", "A mission's mandate ends or the mission is withdrawn."),
    "peacekeeping_proposal": Term("Peacekeeping proposal", "A call for, or a plan of, a peacekeeping mission."),
    "military_aid": Term("Military aid", "Weapons, equipment, training or funding given to another state's forces."),
    "statement": Term("Statement", "A key declaration, agreement or position taken publicly."),
    "incident": Term("Incident", "Context event such as a seizure, an annexation, a shoot-down or an invasion."),
}

STATUSES: dict[str, Term] = {
    "requested": Term("Requested", "Someone asked for the action; no decision yet."),
    "proposed": Term("Proposed", "The action was formally proposed or tabled."),
    "expected": Term("Expected", "The action was predicted or anticipated by a named source."),
    "announced": Term("Announced", "Publicly declared or reported as done, not known to be legally in force."),
    "in_effect": Term("In effect", "Formally adopted or entered into force."),
    "expired": Term("Expired", "The mandate, regime or measure has ended."),
    "rejected": Term("Rejected", "The proposal was voted down, vetoed or refused."),
}

# NOTE: the counting rule, stated once. Counts (headline numbers, top actors and targets, flows, the map, profiles,
# coverage, chart data) count decisions taken; events still requested, proposed or expected, and rejected ones, are
# listed and marked but counted apart. Choosing statuses in the Status filter counts exactly those statuses.
DECIDED_STATUSES = ("announced", "in_effect", "expired")
NOT_DECIDED_STATUSES = tuple(s for s in STATUSES if s not in DECIDED_STATUSES)

# The rule in words, for the pages and the docs.
COUNTING_RULE = ("Counts count decisions taken: events whose status is announced, in effect or expired. Requested, "
                 "proposed, expected and rejected events are listed and marked, but counted apart. Choosing "
                 "statuses in the Status filter counts exactly the statuses chosen.")


def is_decided(status) -> np.ndarray:
    """True for each status (a column or array of status codes) that is a decision taken."""
    return pd.Series(status, copy=False).isin(DECIDED_STATUSES).to_numpy(dtype=bool)


DATE_PRECISIONS: dict[str, Term] = {
    "day": Term("Day", "The exact day is known."),
    "month": Term("Month", "Only the month is known; `date` holds its first day."),
    "year": Term("Year", "Only the year is known; `date` holds 1 January."),
}

# One colour per event type, used by every chart (colour-blind-safe where possible).
EVENT_TYPE_COLORS: dict[str, str] = {
    "sanctions": "#d62728",
    "sanctions_renewal": "#ff7f0e",
    "sanctions_relief": "#2ca02c",
    "mission_launch": "#1f77b4",
    "mission_renewal": "#17becf",
    "mission_end": "#7f7f7f",
    "peacekeeping_proposal": "#9467bd",
    "military_aid": "#8c564b",
    "statement": "#bcbd22",
    "incident": "#111111",
}

# Vocabularies by column, for validation and for the data dictionary.
VOCABULARIES: dict[str, dict[str, Term]] = {
    "date_precision": DATE_PRECISIONS,
    "event_type": EVENT_TYPES,
    "status": STATUSES,
}


def type_title(code: str) -> str:
    """Human title of an event type code (the code itself when unknown)."""
    term = EVENT_TYPES.get(code)
    return term.title if term else code


def status_title(code: str) -> str:
    """Human title of a status code (the code itself when unknown)."""
    term = STATUSES.get(code)
    return term.title if term else code


def data_dictionary_markdown() -> str:
    """The data dictionary as Markdown; data/README.md embeds exactly this text (a test checks)."""
    lines = ["| Column | Title | Required | Definition | Example |", "|---|---|---|---|---|"]
    for name, term in COLUMNS.items():
        lines.append(f"| `{name}` | {term.title} | {'yes' if term.required else 'no'} | {term.definition} | "
                     f"{('`' + term.example + '`') if term.example else ''} |")
    for column, vocabulary in VOCABULARIES.items():
        lines += ["", f"### `{column}` values", "", "| Value | Title | Definition |", "|---|---|---|"]
        lines += [f"| `{code}` | {term.title} | {term.definition} |" for code, term in vocabulary.items()]
    return "\n".join(lines) + "\n"
