"""Candidate events from a news article: who did what to whom, when, at which stage, with the sentence as evidence.

    python -m tracker.extract FILE [--published YYYY-MM-DD]

prints the candidates as CSV: the canonical columns in schema order, then `confidence` (the sentence offsets are
left out of the CLI output; they are for the review page). Nothing here uses the network.

The extractor returns review candidates, not a LoadResult: rows a person checks on *Add from an article* before
any of them reaches the events file (the store's checks run then, not here).

The pipeline, text -> sentences -> dates -> actors -> cues -> candidates, one module a step:
- text: lines that are captions ("AP Photo/", "Photo:", "FILE - In this ... photo"), links ("READ MORE",
  "WATCH"), headlines and the repeated title are skipped; a leading dateline ("OTTAWA –") is cut off; the rest is
  split into sentences (with their offsets in the article).
- dates: the date phrase nearest the event's verb, resolved with dateparser against the publication date.
- actors: names, demonyms, capitals, organisations and office-holders (only in the article's year of office)
  become codes; names before the event's verb are actors, places and objects after it are targets. The names are
  data files in tracker/extract/gazetteer/ (its README.md says what each holds), read once.
- cues: the highest-priority event-type cue outside background clauses ("after Russia seized ...",
  ", which ...") gives the type; the strongest status cue near it gives the status (default "announced").
- events: each clause's cue, status, parties and date make a Candidate; repeats of the lead are merged.
- article: the article file format, and candidates as rows (id, generated title, evidence quote, confidence).
- batch: many article files as one table, each row naming its file, likely duplicates of recorded events flagged
  (the command is `python -m loaders.article`).

NOTE, choices a reviewer should know:
- "on Monday" in a story published on a Monday is that day (wire usage); other weekdays are the most recent past.
- A sentence with no usable date is dated by the publication (curators do the same), with lower confidence.
- "last week" and "N weeks ago" get month precision: the day is not known.
- An event only mentioned in a background clause is skipped; one told in a main clause with a date more than 14
  days before publication ("In 2014, Russia annexed Crimea") is recalled history, proposed only with
  `extract(..., history=True)`.
- confidence: `confidence.confidence(signals)` is a logistic score fitted on the news set's dev split
  (`python -m benchmarks.calibrate`); news proposals under 0.15 are left out (`min_confidence`).
"""

from __future__ import annotations

from tracker.extract.article import HELPER_COLUMNS, Article, extract, parse_article, read_article

__all__ = ["HELPER_COLUMNS", "Article", "extract", "parse_article", "read_article"]
