"""The real-news evaluation set: article excerpts, hand labels, caption lines, the frozen dev/test split and its hash.

Files in tests/fixtures/news/ (the method and the labelling rules are in docs/news-eval.md):
- `*.txt`: one excerpt each, in the article-file format `read_article` reads (url, published, publisher, title).
- `articles.csv`: file, url, publisher, published, split (dev/test), kind, date_source, added (empty for the 88
  articles of the frozen draw; the day an article joined dev after the freeze: it is always dev, never test).
- `labels.csv`: one row per qualifying event an excerpt states (file, date, date_precision, actors, targets,
  event_type, status, end_date, evidence).
- `captions.csv`: file, line: the lines of an excerpt that are photo or video captions (for the error table).
- `second-labels.csv`: the same columns as labels.csv, written by a second labeller who applied the same rules
  without seeing labels.csv or the extractor's output (the agreement between two people, docs/news-eval.md).
"""

from __future__ import annotations

import csv
import hashlib
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from tracker.extract import Article, read_article

# Where the news set lives.
NEWS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "news"

# Columns of labels.csv, in order; the frozen hash reads them in this order too.
LABEL_COLUMNS = ("file", "date", "date_precision", "actors", "targets", "event_type", "status", "end_date", "evidence")

# The day the test split was frozen and the SHA-256 of its files and labels on that day (docs/news-eval.md).
FROZEN_ON = "2026-12-03"
FROZEN_TEST_SHA256 = "7952ff3c9f78230055edae1dd2a67796e65e201521b248327ab4424bd54158e4"

# NOTE: how the split was drawn (kept so the draw can be checked, never re-run to replace the frozen split):
# per kind, the sorted file names shuffled by one generator seeded with SPLIT_SEED, kinds in sorted order; the
# first round(n * TEST_SHARE) of each kind (at least one) went to test.
SPLIT_SEED = 20261203
TEST_SHARE = 0.4


@dataclass(frozen=True)
class Label:
    """One hand-labelled event of an article."""

    file: str
    date: str
    date_precision: str
    actors: frozenset[str]
    targets: frozenset[str]
    event_type: str
    status: str
    end_date: str
    evidence: str


def codes(cell: str) -> frozenset[str]:
    """The codes of a `;`-separated cell."""
    return frozenset(code.strip() for code in cell.split(";") if code.strip())


def articles(folder: Path = NEWS) -> list[dict[str, str]]:
    """The rows of articles.csv, in file order."""
    with (folder / "articles.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# The reference labels, and the second labeller's.
LABELS = "labels.csv"
SECOND_LABELS = "second-labels.csv"


def label_rows(folder: Path = NEWS, name: str = LABELS) -> list[dict[str, str]]:
    """The rows of labels.csv (or of another file of labels, e.g. SECOND_LABELS) as written."""
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def labels(folder: Path = NEWS, name: str = LABELS) -> dict[str, list[Label]]:
    """Labels by file name."""
    grouped: dict[str, list[Label]] = defaultdict(list)
    for row in label_rows(folder, name):
        grouped[row["file"]].append(Label(row["file"], row["date"], row["date_precision"], codes(row["actors"]),
                                          codes(row["targets"]), row["event_type"], row["status"], row["end_date"],
                                          row["evidence"]))
    return dict(grouped)


def caption_spans(article: Article, lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) offsets in the article text of each caption line found in it."""
    spans = []
    for line in lines:
        start = article.text.find(line)
        while start >= 0:
            spans.append((start, start + len(line)))
            start = article.text.find(line, start + 1)
    return spans


def captions(folder: Path = NEWS) -> dict[str, list[str]]:
    """Caption lines by file name."""
    grouped: dict[str, list[str]] = defaultdict(list)
    with (folder / "captions.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            grouped[row["file"]].append(row["line"])
    return dict(grouped)


def read(name: str, folder: Path = NEWS) -> Article:
    """One excerpt of the set."""
    return read_article(folder / name)


def split_hash(folder: Path = NEWS) -> str:
    """SHA-256 over the test articles (sorted by name): each name, its file's bytes and its label rows."""
    digest = hashlib.sha256()
    rows = label_rows(folder)
    for name in sorted(row["file"] for row in articles(folder) if row["split"] == "test"):
        digest.update(name.encode("utf-8") + b"\n")
        digest.update((folder / name).read_bytes())
        for row in (row for row in rows if row["file"] == name):
            digest.update(("\t".join(row[column] for column in LABEL_COLUMNS) + "\n").encode("utf-8"))
    return digest.hexdigest()


def frozen_split_changed(folder: Path = NEWS) -> bool:
    """True when the test articles or their labels differ from the ones frozen on FROZEN_ON."""
    return split_hash(folder) != FROZEN_TEST_SHA256


def draw_split(kinds: dict[str, str], seed: int = SPLIT_SEED, share: float = TEST_SHARE) -> dict[str, str]:
    """The stratified seeded draw that made the frozen split: file name -> "dev" or "test"."""
    generator = random.Random(seed)
    split = {}
    for kind in sorted(set(kinds.values())):
        names = sorted(name for name, of in kinds.items() if of == kind)
        generator.shuffle(names)
        take = max(1, round(len(names) * share))
        split.update({name: "test" if index < take else "dev" for index, name in enumerate(names)})
    return split
