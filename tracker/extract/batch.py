"""Many article files as one table of proposals: each row names its file, likely duplicates of recorded events are
flagged, and a file that cannot be read or dated is named with the reason while the others go on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tracker.core.actors import SEPARATOR, split_codes
from tracker.core.schema import COLUMNS
from tracker.dedupe import likely_duplicates
from tracker.extract.article import HEADER, extract, parse_article

# Columns of the batch table: the article file, the extractor's columns as `python -m tracker.extract` prints them
# (sentence offsets left out), then the recorded events each proposal may duplicate.
BATCH_COLUMNS = ["article_file", *COLUMNS, "confidence", "likely_duplicate_of"]


class ArticleError(Exception):
    """An article file that gives no proposals to review: unreadable, not UTF-8 text, or without a publication date."""


@dataclass
class Batch:
    """The proposals of many articles, how many articles were read, and the files that failed with the reason."""

    proposals: pd.DataFrame
    articles: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def flagged(self) -> int:
        """Proposals that look like an event already recorded."""
        return int((self.proposals["likely_duplicate_of"] != "").sum())


def article_proposals(path: str | Path, default_published: dt.date | None = None) -> pd.DataFrame:
    """The proposals of one article file (BATCH_COLUMNS but the duplicates); ArticleError says why there are none.

    The file's `published:` header dates it; `default_published` dates a file without one. A `published:` line that
    is not a YYYY-MM-DD date is an error even with a default: the file claims a date, and the default may be wrong.
    """
    try:
        raw = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ArticleError("not UTF-8 text (save the article as UTF-8 plain text)") from None
    except OSError as error:
        raise ArticleError(f"cannot be read: {error.strerror or error}") from None
    article = parse_article(raw)
    stated = _published_line(raw)
    if article.published is None and stated:
        raise ArticleError(f"its published: line says {stated!r}, not a date written YYYY-MM-DD")
    published = article.published or default_published
    if published is None:
        raise ArticleError("no publication date: add a 'published: YYYY-MM-DD' header line, or give a default date "
                           "(--published)")
    found = extract(article.text, published, article.url, article.publisher, article.title)
    return found.drop(columns=["sentence_start", "sentence_end"]).assign(article_file=str(path))


def _published_line(raw: str) -> str:
    """The value of the header's `published:` line, as written ("" without one)."""
    for line in raw.lstrip("\ufeff").splitlines():
        match = HEADER.match(line.strip())
        if match is None:
            break
        if match[1] == "published":
            return match[2].strip()
    return ""


def propose(files: Iterable[str | Path], existing: pd.DataFrame | None, default_published: dt.date | None = None,
            tick: Callable[[int], None] | None = None) -> Batch:
    """The proposals of every file, in file order then text order, flagged against the `existing` events (none: no
    flags); `tick(n)` is called after the n-th file."""
    frames, failures, read = [], [], 0
    for done, path in enumerate(files, 1):
        try:
            frames.append(article_proposals(path, default_published))
            read += 1
        except ArticleError as error:
            failures.append((str(path), str(error)))
        except Exception as error:
            # NOTE: an extractor bug on one article must not lose the rest of a long batch; it is named like any
            # failure (and the command exits 1), with the exception so that it can be reported.
            failures.append((str(path), f"the extractor failed: {type(error).__name__}: {error}"))
        if tick:
            tick(done)
    proposals = pd.concat(frames, ignore_index=True) if frames else _empty()
    proposals["likely_duplicate_of"] = duplicate_ids(proposals, existing)
    return Batch(proposals[BATCH_COLUMNS], read, failures)


def duplicate_ids(proposals: pd.DataFrame, existing: pd.DataFrame | None) -> pd.Series:
    """For each proposal, the event_ids of the existing events it may duplicate (tracker.dedupe's rule: same type, a
    shared actor or target, dates at most 3 days apart), joined by ";"; "" for none.

    Events sharing an actor with the proposal come first, then those sharing only a target; each group nearest date
    first. NOTE: a day of coordinated sanctions on one target gives a proposal many matches by target alone; the
    one by the same actor is the likely duplicate, so it leads the list.
    """
    if existing is None or proposals.empty or existing.empty:
        return pd.Series("", index=proposals.index, dtype="str")
    pairs = likely_duplicates(proposals, existing)
    their_actors = dict(zip(existing["event_id"], existing["actors"], strict=True))
    same_actor = [bool(set(split_codes(their_actors[event])) & set(split_codes(proposals.at[index, "actors"])))
                  for index, event in zip(pairs["candidate_index"], pairs["event_id"], strict=True)]
    pairs = pairs.assign(other_actor=[not same for same in same_actor])
    pairs = pairs.sort_values(["candidate_index", "other_actor"], kind="stable")
    joined = pairs.groupby("candidate_index", sort=False)["event_id"].agg(SEPARATOR.join)
    return joined.reindex(proposals.index, fill_value="").astype("str")


def _empty() -> pd.DataFrame:
    """The batch table with no rows, with the extractor's column types."""
    return extract("", dt.date(2000, 1, 1)).drop(columns=["sentence_start", "sentence_end"]).assign(article_file="")
