"""Filters: what the user selected, applied to the events, and described in one plain sentence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from tracker.core.actors import registry
from tracker.core.prose import join_words
from tracker.core.schema import EVENT_TYPES, NOT_DECIDED_STATUSES, STATUSES, is_decided

# Event types after which targets read as "against" rather than "directed at".
PUNITIVE_TYPES = frozenset({"sanctions", "sanctions_renewal"})

# Columns searched by the free-text filter.
TEXT_COLUMNS = ("title", "description", "initiative")


@dataclass(frozen=True)
class Filters:
    """The user's selection. Empty tuples and None mean "no restriction"."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    involving: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class UrlField:
    """One filter as the URL, the sidebar, click-to-filter and the link notices know it."""

    key: str  # the URL parameter and the widget's key
    field: str  # the attribute of Filters it sets
    label: str  # the sidebar label
    kind: str  # "date", "party", "vocabulary" or "text"
    role: str | None = None  # party filters: "actor", "target", or None for either side
    options: tuple[str, ...] = ()  # vocabulary filters: the values allowed


# Every filter, in sidebar order: the one table the URL, the widgets, the notices and the menu links follow.
URL_FIELDS = (
    UrlField("from", "date_from", "From", "date"),
    UrlField("to", "date_to", "To", "date"),
    UrlField("actor", "actors", "Actors (who acts)", "party", "actor"),
    UrlField("target", "targets", "Targets (directed at)", "party", "target"),
    UrlField("involving", "involving", "Involving (either side)", "party", None),
    UrlField("type", "types", "Event types", "vocabulary", options=tuple(EVENT_TYPES)),
    UrlField("status", "statuses", "Status", "vocabulary", options=tuple(STATUSES)),
    UrlField("q", "text", "Search title, description, initiative", "text"),
)
FIELDS_BY_KEY = {f.key: f for f in URL_FIELDS}


def party_field(role: str | None) -> UrlField:
    """The party filter of a role ("actor", "target", or None / "either" for either side)."""
    role = None if role == "either" else role
    return next(f for f in URL_FIELDS if f.kind == "party" and f.role == role)


def url_params(filters: Filters) -> dict[str, str | list[str]]:
    """The URL query parameters that reproduce these filters (the same keys the widgets bind)."""
    params: dict[str, str | list[str]] = {}
    for spec in URL_FIELDS:
        value = getattr(filters, spec.field)
        if not value:
            continue
        if spec.kind == "date":
            params[spec.key] = value.isoformat()
        elif spec.kind == "text":
            params[spec.key] = value
        else:
            params[spec.key] = list(value)
    return params


def _with_party(parties: pd.DataFrame, codes: tuple[str, ...], role: str | None, size: int) -> np.ndarray:
    """A boolean mask over event positions: events with one of `codes` in `role` (either role when None)."""
    hit = parties["code"].isin(codes).to_numpy().copy()
    if role:
        hit &= (parties["role"] == role).to_numpy()
    mask = np.zeros(size, dtype=bool)
    mask[parties["pos"].to_numpy()[hit]] = True
    return mask


def apply_filters(events: pd.DataFrame, parties: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Rows matching every filter: OR within one multi-select, AND across filters.

    Dates compare by period: a month-precision event matches a range that overlaps its month.
    """
    return select(events, filter_mask(events, parties, filters))


def select(events: pd.DataFrame, mask: np.ndarray, columns: list[str] | None = None) -> pd.DataFrame:
    """The rows of `events` where `mask` holds (only `columns`, when given: copying fewer columns is cheaper)."""
    chosen = events if columns is None else events[columns]
    if mask.all():
        # Nothing filtered out: a new frame over the same data (copy-on-write keeps the original unchanged).
        return chosen.copy(deep=False)
    return chosen[mask]


def lookup(frame: pd.DataFrame, labels, columns: list[str]) -> pd.DataFrame:
    """These columns of the rows with these index labels (`frame.loc[labels, columns]`, without first taking the
    rows of every column)."""
    return frame[columns].take(frame.index.get_indexer(labels))


def filter_mask(events: pd.DataFrame, parties: pd.DataFrame, filters: Filters) -> np.ndarray:
    """True for the rows of `events` matching every filter (see apply_filters)."""
    keep = pd.Series(True, index=events.index)
    if filters.date_from:
        keep &= events["date_last"] >= pd.Timestamp(filters.date_from)
    if filters.date_to:
        keep &= events["date"] <= pd.Timestamp(filters.date_to)
    # NOTE: parties["pos"] indexes rows of `events` as loaded (a RangeIndex), so masks line up by position.
    for spec in (f for f in URL_FIELDS if f.kind == "party"):
        codes = getattr(filters, spec.field)
        if codes:
            keep &= _with_party(parties, codes, spec.role, len(events))
    if filters.types:
        keep &= events["event_type"].isin(filters.types)
    if filters.statuses:
        keep &= events["status"].isin(filters.statuses)
    if filters.text.strip():
        needle = filters.text.strip()
        hit = pd.Series(False, index=events.index)
        for column in TEXT_COLUMNS:
            hit |= events[column].str.contains(needle, case=False, regex=False)
        keep &= hit
    return keep.to_numpy(dtype=bool)


def counted_mask(events: pd.DataFrame, filters: Filters) -> np.ndarray:
    """True for the rows that counts count (tracker.core.schema's rule): decisions taken, or, when the Status filter
    names statuses, every row (the filter has already kept only those statuses)."""
    if filters.statuses:
        return np.ones(len(events), dtype=bool)
    return is_decided(events["status"])


def read_link_codes(key: str, values: list[str], options: list[str]) -> tuple[list[str], list[str]]:
    """The codes a link's party values stand for, and a notice for each value that was not a code of `options`.

    A name or alias that resolves to one code (`target=Iran`) is read as that code; anything else is ignored, with
    the closest codes suggested ("did you mean IRN?").
    """
    reg = registry()
    known = set(options)
    codes: list[str] = []
    notices: list[str] = []
    for value in values:
        if not value or value in known:
            if value and value not in codes:
                codes.append(value)
            continue
        code = reg.resolve(value)
        if code in known:
            if code not in codes:
                codes.append(code)
            notices.append(f"Read {key}={value} from the link as {code} ({reg.name(code)}).")
            continue
        if code:
            notices.append(f"Ignored {key}={value} from the link: {reg.label(code)} is in no event on this side.")
            continue
        close = [c for c in reg.suggest(value) if c in known]
        hint = f" Did you mean {join_words(close, 'or')}?" if close else ""
        notices.append(f"Ignored {key}={value} from the link: not a known value.{hint}")
    return codes, notices


def parties_where(parties: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """The party rows of the events where `mask` (over all loaded events, by position) holds."""
    return parties[mask[parties["pos"].to_numpy()]]


def _either(words: list[str]) -> str:
    # Several values of one filter are alternatives: "Canada or the EU".
    return join_words(words, "or")


def _subject(types: tuple[str, ...]) -> str:
    if not types:
        return "Events"
    titles = [EVENT_TYPES[t].title.lower() if t in EVENT_TYPES else t for t in types]
    sentence = _either(titles)
    return sentence[0].upper() + sentence[1:]


def _period(date_from: dt.date | None, date_to: dt.date | None) -> str:
    def month(day: dt.date) -> str:
        return day.strftime("%b %Y")

    if date_from and date_to:
        same = month(date_from) == month(date_to)
        return month(date_from) if same else f"{month(date_from)} - {month(date_to)}"
    if date_from:
        return f"from {month(date_from)}"
    if date_to:
        return f"until {month(date_to)}"
    return ""


def describe(filters: Filters, count: int) -> str:
    """A plain-English sentence, e.g. "Sanctions by Canada or the EU against Russia, Jan 2018 - Dec 2019: 7 events";
    with no filter, "All 934 events"."""
    if replace(filters, text=filters.text.strip()) == Filters():
        return {0: "No events", 1: "The only event"}.get(count, f"All {count:,} events")
    reg = registry()
    parts = [_subject(filters.types)]
    if filters.actors:
        parts.append("by " + _either([reg.short_name(c) for c in filters.actors]))
    if filters.targets:
        against = filters.types and set(filters.types) <= PUNITIVE_TYPES
        names = _either([reg.short_name(c) for c in filters.targets])
        parts.append(("against " if against else "directed at ") + names)
    if filters.involving:
        parts.append("involving " + _either([reg.short_name(c) for c in filters.involving]))
    if filters.statuses:
        parts.append("with status " + _either([STATUSES[s].title.lower() for s in filters.statuses if s in STATUSES]))
    if filters.text.strip():
        parts.append(f"mentioning \u201c{filters.text.strip()}\u201d")
    sentence = " ".join(parts)
    period = _period(filters.date_from, filters.date_to)
    if period:
        sentence += f" {period}" if period.startswith(("from", "until")) else f", {period}"
    noun = "event" if count == 1 else "events"
    return f"{sentence}: {count:,} {noun}"


def counting_note(counted: int, apart: int) -> str:
    """The counting rule as it applies to a view: "Counted: 7 decisions taken (...). Not counted: 2 events ..."."""
    statuses = join_words([STATUSES[s].title.lower() for s in NOT_DECIDED_STATUSES], "or")
    decisions = f"{counted:,} decision{'' if counted == 1 else 's'} taken (announced, in effect or expired)"
    others = f"{apart:,} event{'' if apart == 1 else 's'} {statuses}"
    return (f"Counted: {decisions}. Not counted: {others}, listed and marked not decided. To count them, choose "
            "their status in the Status filter.")
