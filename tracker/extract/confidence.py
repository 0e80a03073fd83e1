"""How likely a proposal is right: a logistic score over a few signals of its sentence, calibrated on the news set.

The weights are fitted by `python -m benchmarks.calibrate` on the dev split of the real-news set only
(tests/fixtures/news/, docs/news-eval.md): a proposal counts as right when it matches a hand label. They are kept here
as data, so nothing is trained at run time. The aim (issue #16): proposals scored 0.8 or more are right at least 85%
of the time; the benchmark prints that share for dev and for the frozen test split.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

# The signals, each true or false for one proposal.
SIGNALS = (
    "dated",  # the date came from the sentence (or a heading, or the event just told), not from the publication
    "status_cue",  # a word gave the status ("vetoed", "came into force", "called for"), not the default
    "subject",  # the actors are the subject of the sentence, not found in an attribution or a passive agent
    "quotation",  # the sentence opens with a quotation (a statement by its speaker)
    "lead",  # the sentence is one of the article's first two: news puts its news first
    "decision",  # the type is a decision (sanctions, missions, aid, peacekeeping), not a statement or incident
    "restated",  # a later sentence repeats the event (news repeats its lead)
    "several_actors",  # the event has more than one actor
)

# NOTE: fitted by benchmarks/calibrate.py on the dev split (L2-regularised logistic regression), last on its 143
# articles (2026-12-03; before, on the first 54); refit and paste its output here when the rules or the split change.
INTERCEPT = -1.43
WEIGHTS = {"dated": 1.24, "status_cue": 0.09, "subject": 0.22, "quotation": -0.90, "lead": 0.94, "decision": 0.88,
           "restated": 0.88, "several_actors": -0.36}

# A recalled event from before the news window (only proposed with `history=True`) keeps this share of its score.
HISTORY_FACTOR = 0.5


def confidence(signals: Mapping[str, bool], news: bool = True) -> float:
    """The probability (0-1, two decimals) that a proposal with these signals matches what a careful labeller would
    record: the logistic function of INTERCEPT plus the WEIGHTS of the signals that are true. `news` false (an
    event recalled from before the news window) scales it by HISTORY_FACTOR."""
    score = INTERCEPT + sum(WEIGHTS[name] for name in SIGNALS if signals.get(name))
    probability = 1 / (1 + math.exp(-score))
    return round(probability * (1 if news else HISTORY_FACTOR), 2)
