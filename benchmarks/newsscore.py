"""Scoring proposals against the hand labels of the news set: matches, per-type recall, field accuracy, error kinds.

A proposal matches a label when the types are the same (no type counts as compatible with another, as in the
synthetic scorer: `sanctions` does not match `sanctions_renewal` or `sanctions_relief`), an actor overlaps and the
date agrees at the label's precision (a month label matches any day of that month). Labels are matched day-precision
first; each label takes at most one proposal and each proposal serves at most one label; among the candidates the
one with the same status, then the same targets, then the earliest wins.

Every missed label and every spurious proposal gets one error kind (docs/news-eval.md):
- missed labels: `wrong type`, `wrong actor`, `wrong date` when an unmatched proposal of the article differs from the
  label in that one respect only (checked in that order), otherwise `missed decision` (nothing near was proposed);
- spurious proposals: `caption proposed` when its sentence overlaps a caption line, then the three near-miss kinds
  against the article's unmatched labels, `duplicate` when it agrees with a label another proposal already matched,
  `background event proposed` when its date (the end of its month or year) is more than BACKGROUND_DAYS before
  publication, otherwise `unlabelled event`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from benchmarks.newsset import Label, codes
from tracker.extract import Article, extract

# Characters of an ISO date compared at each precision.
WIDTH = {"day": 10, "month": 7, "year": 4}

# NOTE: the labelling rule's window: an event more than this many days before publication is background.
BACKGROUND_DAYS = 14

# Error kinds in report order; the first four can explain a missed label, all but `missed decision` a spurious one.
MISSED_KINDS = ("missed decision", "wrong type", "wrong actor", "wrong date")
SPURIOUS_KINDS = ("wrong type", "wrong actor", "wrong date", "caption proposed", "background event proposed",
                  "duplicate", "unlabelled event")
ERROR_KINDS = ("missed decision", "wrong type", "wrong actor", "wrong date", "caption proposed",
               "background event proposed", "duplicate", "unlabelled event")

# The confidence from which a proposal should be right at least 85% of the time (issue #16, item 5).
CONFIDENT = 0.8

# Fields compared on matched pairs.
FIELDS = ("targets", "status", "end date")


@dataclass(frozen=True)
class Proposal:
    """One candidate event the extractor proposed, with where its sentence is."""

    event_type: str
    status: str
    actors: frozenset[str]
    targets: frozenset[str]
    date: str
    date_precision: str
    end_date: str = ""
    start: int = 0
    end: int = 0
    confidence: float = 0.0


@dataclass
class Tally:
    """Counts over a set of articles (a split)."""

    articles: int = 0
    labels: int = 0
    proposals: int = 0
    matched: int = 0
    by_type: Counter = field(default_factory=Counter)
    matched_by_type: Counter = field(default_factory=Counter)
    field_right: Counter = field(default_factory=Counter)
    field_total: Counter = field(default_factory=Counter)
    missed: Counter = field(default_factory=Counter)
    spurious: Counter = field(default_factory=Counter)
    details: list[str] = field(default_factory=list)
    confident: int = 0  # proposals scored at or above CONFIDENT
    confident_right: int = 0  # ... of which matched a label

    @property
    def precision(self) -> float:
        return self.matched / self.proposals if self.proposals else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.labels if self.labels else 0.0


def proposals_of(article: Article) -> list[Proposal]:
    """What the extractor proposes for one article."""
    assert article.published is not None, "news fixtures always carry a publication date"
    rows = extract(article.text, article.published, article.url, article.publisher, article.title)
    return [Proposal(row.event_type, row.status, codes(row.actors), codes(row.targets), row.date, row.date_precision,
                     row.end_date, int(row.sentence_start), int(row.sentence_end), float(row.confidence))
            for row in rows.itertuples()]


def dates_agree(label: Label, proposal: Proposal) -> bool:
    """The proposal's date agrees with the label's at the label's precision."""
    width = WIDTH[label.date_precision]
    return proposal.date[:width] == label.date[:width]


def agrees(label: Label, proposal: Proposal) -> bool:
    """Same type, an actor in common, the date agreeing at the label's precision."""
    return label.event_type == proposal.event_type and bool(label.actors & proposal.actors) and \
        dates_agree(label, proposal)


def near_miss(label: Label, proposal: Proposal) -> str | None:
    """The one respect in which the proposal misses the label, if it is only one."""
    same_type, same_actor = label.event_type == proposal.event_type, bool(label.actors & proposal.actors)
    same_date = dates_agree(label, proposal)
    if same_actor and same_date and not same_type:
        return "wrong type"
    if same_type and same_date and not same_actor:
        return "wrong actor"
    if same_type and same_actor and not same_date:
        return "wrong date"
    return None


def match(labels: list[Label], proposals: list[Proposal]) -> dict[int, int]:
    """Label index -> proposal index of each match."""
    free = list(range(len(proposals)))
    pairs: dict[int, int] = {}
    for index in sorted(range(len(labels)), key=lambda i: -WIDTH[labels[i].date_precision]):
        label = labels[index]
        candidates = [i for i in free if agrees(label, proposals[i])]
        if candidates:
            best = min(candidates, key=lambda i: (proposals[i].status != label.status,
                                                  proposals[i].targets != label.targets, i))
            free.remove(best)
            pairs[index] = best
    return pairs


def period_end(date: str, precision: str) -> dt.date:
    """The last day a date at its precision covers."""
    day = dt.date.fromisoformat(date)
    if precision == "year":
        return day.replace(month=12, day=31)
    if precision == "month":
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day


def missed_kind(label: Label, unmatched: list[Proposal]) -> str:
    """Why a label was missed: the first near-miss kind an unmatched proposal shows, else `missed decision`."""
    kinds = {near_miss(label, proposal) for proposal in unmatched}
    return next((kind for kind in MISSED_KINDS[1:] if kind in kinds), "missed decision")


def spurious_kind(proposal: Proposal, missed: list[Label], matched: list[Label], captions: list[tuple[int, int]],
                  published: dt.date) -> str:
    """Why a proposal matched no label (`missed` and `matched`: the article's labels without and with a match)."""
    if any(proposal.start < end and start < proposal.end for start, end in captions):
        return "caption proposed"
    kinds = {near_miss(label, proposal) for label in missed}
    kind = next((kind for kind in SPURIOUS_KINDS[:3] if kind in kinds), None)
    if kind:
        return kind
    if any(agrees(label, proposal) for label in matched):
        return "duplicate"
    if period_end(proposal.date, proposal.date_precision) < published - dt.timedelta(days=BACKGROUND_DAYS):
        return "background event proposed"
    return "unlabelled event"


def _fields(label: Label, proposal: Proposal, tally: Tally) -> None:
    """Count the field agreement of one matched pair (end date only where either side has one)."""
    tally.field_total.update(["targets", "status"])
    tally.field_right.update(name for name, right in (("targets", label.targets == proposal.targets),
                                                      ("status", label.status == proposal.status)) if right)
    if label.end_date or proposal.end_date:
        tally.field_total["end date"] += 1
        tally.field_right["end date"] += label.end_date == proposal.end_date


def score_article(name: str, labels: list[Label], proposals: list[Proposal], captions: list[tuple[int, int]],
                  published: dt.date, tally: Tally) -> None:
    """Add one article's matches and errors to the tally."""
    pairs = match(labels, proposals)
    unmatched = [proposal for index, proposal in enumerate(proposals) if index not in pairs.values()]
    tally.articles += 1
    tally.labels += len(labels)
    tally.proposals += len(proposals)
    tally.matched += len(pairs)
    confident = [index for index, proposal in enumerate(proposals) if proposal.confidence >= CONFIDENT]
    tally.confident += len(confident)
    tally.confident_right += sum(index in pairs.values() for index in confident)
    tally.by_type.update(label.event_type for label in labels)
    tally.matched_by_type.update(labels[index].event_type for index in pairs)
    for index, label in enumerate(labels):
        if index in pairs:
            _fields(label, proposals[pairs[index]], tally)
        else:
            kind = missed_kind(label, unmatched)
            tally.missed[kind] += 1
            tally.details.append(f"{name}: missed ({kind}) {label.event_type} {label.status} "
                                 f"{';'.join(sorted(label.actors))} {label.date} ({label.date_precision})")
    missed = [label for index, label in enumerate(labels) if index not in pairs]
    matched = [labels[index] for index in pairs]
    for proposal in unmatched:
        kind = spurious_kind(proposal, missed, matched, captions, published)
        tally.spurious[kind] += 1
        tally.details.append(f"{name}: spurious ({kind}) {proposal.event_type} {proposal.status} "
                             f"{';'.join(sorted(proposal.actors))} {proposal.date} ({proposal.date_precision})")
