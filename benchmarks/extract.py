"""Article extractor: precision and recall against hand labels on two sets, and articles/second of the extractor
and of the batch command.

    python -m benchmarks.extract              # both sets: the synthetic table, then the news set's dev and test
    python -m benchmarks.extract --verbose    # also each missed and each spurious triple or event

The synthetic set: tests/fixtures/articles/ (texts written for this project), labels.csv (file, actor, event_type,
date, date_precision): one row per expected triple; a date is compared at the labelled precision (a month label
matches any day of that month). Each label matches at most one extracted triple. Files are looked up in the fixtures
folder, then in the shared articles folder (the seed article).

The news set: tests/fixtures/news/ (excerpts of published articles; benchmarks/newsset.py), scored per event by
benchmarks/newsscore.py, dev and test side by side; a warning is printed when the frozen test split changed.
Method, rules and the baseline figures: docs/news-eval.md. Speed is measured after one warm-up pass, in this single
process.

The batch command `python -m loaders.article` is timed too (run in-process, process start excluded) on a
folder of about 200 copies of the labelled articles, from walking the folder to the written CSV, reading each file,
flagging duplicates against data/events.csv and drawing its progress lines included.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from benchmarks import newsset
from benchmarks.newsscore import CONFIDENT, ERROR_KINDS, FIELDS, Proposal, Tally, proposals_of, score_article
from loaders.article.__main__ import main as batch_main
from tracker.core.schema import EVENT_TYPES
from tracker.extract import Article, extract, read_article
from tracker.store import DEFAULT_EVENTS_PATH

# Hand-labelled articles of our own composition, and where the seed article lives.
FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "articles"
# The seed article lives beside the repository (../shared/articles); a run without it says so and fails.
SHARED = Path(__file__).resolve().parents[2] / "shared" / "articles"

# Timed passes over the whole set after the warm-up.
PASSES = 5

# Article files in the batch measurement: the labelled articles copied over and over to at least this many.
BATCH_FILES = 200

# The batch command's floor in articles per second on the 2-core reference machine (issue #16).
BATCH_FLOOR = 50

# Characters of a date kept when compared at each precision.
WIDTH = {"day": 10, "month": 7, "year": 4}


def labels(path: Path = FIXTURES / "labels.csv") -> dict[str, list[dict[str, str]]]:
    """Expected triples by file name."""
    grouped: dict[str, list[dict[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            grouped[row["file"]].append(row)
    return dict(grouped)


def article_path(name: str) -> Path:
    """Where a labelled file is: the fixtures folder first, then the shared folder."""
    local = FIXTURES / name
    return local if local.exists() else SHARED / name


def triples(article: Article) -> list[tuple[str, str, str]]:
    """(actor, event type, ISO date) of each extracted event, one per actor, without repeats.

    NOTE: the synthetic labels count every dated event a text tells, recalled history included ("In 2014, Russia
    annexed Crimea"), so this set is scored with `history=True`; the news set's labels count only the news.
    """
    events = extract(article.text, article.published, article.url, article.publisher, article.title, history=True)
    found = [(actor, row.event_type, row.date) for row in events.itertuples() for actor in row.actors.split(";")]
    return list(dict.fromkeys(found))


def score(expected: list[dict[str, str]], found: list[tuple[str, str, str]]):
    """(matched labels, missed labels, spurious triples); labels with a day are matched first."""
    free = list(found)
    matched, missed = [], []
    for label in sorted(expected, key=lambda row: -WIDTH[row["date_precision"]]):
        width = WIDTH[label["date_precision"]]
        hit = next((t for t in free if t[:2] == (label["actor"], label["event_type"])
                    and t[2][:width] == label["date"][:width]), None)
        if hit:
            free.remove(hit)
            matched.append(label)
        else:
            missed.append(label)
    return matched, missed, free


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.2f}" if whole else "-"


def evaluate(verbose: bool = False) -> tuple[str, float, float]:
    """The Markdown table of results, overall precision and recall."""
    lines = ["| Article | Labels | Extracted | Matched | Precision | Recall |", "|---|---|---|---|---|---|"]
    totals = [0, 0, 0]
    details = []
    for name, expected in labels().items():
        found = triples(read_article(article_path(name)))
        matched, missed, spurious = score(expected, found)
        totals = [totals[0] + len(expected), totals[1] + len(found), totals[2] + len(matched)]
        lines.append(f"| {name[:48]} | {len(expected)} | {len(found)} | {len(matched)} | "
                     f"{_ratio(len(matched), len(found))} | {_ratio(len(matched), len(expected))} |")
        details += [f"{name}: missed {m['actor']} {m['event_type']} {m['date']} ({m['date_precision']})"
                    for m in missed]
        details += [f"{name}: spurious {a} {t} {d}" for a, t, d in spurious]
    precision, recall = totals[2] / max(totals[1], 1), totals[2] / max(totals[0], 1)
    lines.append(f"| **all** | {totals[0]} | {totals[1]} | {totals[2]} | {precision:.2f} | {recall:.2f} |")
    return "\n".join(lines + ([""] + details if verbose else [])), precision, recall


def speed(articles: list[Article], passes: int = PASSES) -> float:
    """Articles per second, single process, after one warm-up pass (files read once, beforehand)."""
    for article in articles:  # warm-up: dateparser's language data, compiled patterns, the actor tables
        extract(article.text, article.published, article.url, article.publisher, article.title)
    start = time.perf_counter()
    for _ in range(passes):
        for article in articles:
            extract(article.text, article.published, article.url, article.publisher, article.title)
    return passes * len(articles) / (time.perf_counter() - start)


def batch_speed(count: int = BATCH_FILES) -> tuple[int, float]:
    """(files, articles per second) of the batch command over a folder of at least `count` article files, after a
    warm-up run on one file (which pays for the first use of dateparser and the actor tables, as process start)."""
    names = list(labels())
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "articles"
        folder.mkdir()
        files = [folder / f"{copy:03d}-{name}" for copy in range(-(-count // len(names))) for name in names]
        for path in files:
            shutil.copyfile(article_path(path.name[4:]), path)
        events = ["--events", str(DEFAULT_EVENTS_PATH)]
        quiet = {"out": io.StringIO(), "err": io.StringIO()}
        batch_main([str(files[0]), "--out", f"{scratch}/warm-up.csv", *events], **quiet)
        start = time.perf_counter()
        code = batch_main([str(folder), "--out", f"{scratch}/proposals.csv", *events], **quiet)
        elapsed = time.perf_counter() - start
        if code != 0:
            raise SystemExit(f"the batch command failed (exit {code}): {quiet['err'].getvalue()}")
    return len(files), len(files) / elapsed


SPLITS = ("dev", "test")


def score_news(folder: Path = newsset.NEWS) -> dict[str, Tally]:
    """A tally per split of the news set."""
    return _tally(folder, lambda name, article: proposals_of(article))


def score_second_labeller(folder: Path = newsset.NEWS) -> dict[str, Tally]:
    """A tally per split of the second labeller's rows scored as proposals against the reference labels, with the
    same matching: how far two people applying the same rules agree (the ceiling a reader can expect)."""
    second = newsset.labels(folder, newsset.SECOND_LABELS)

    def rows_of(name: str, article: Article) -> list[Proposal]:
        return [Proposal(label.event_type, label.status, label.actors, label.targets, label.date,
                         label.date_precision, label.end_date, *_where(label.evidence, article.text), 1.0)
                for label in second.get(name, [])]

    # NOTE: the second labeller read the 88 articles of the frozen draw, not those added later.
    return _tally(folder, rows_of, drawn_only=True)


def _tally(folder: Path, propose: Callable[[str, Article], list[Proposal]],
           drawn_only: bool = False) -> dict[str, Tally]:
    """Each article's proposals (`propose(file name, article)`) scored against its labels, tallied per split."""
    tallies = {split: Tally() for split in SPLITS}
    labelled, captions = newsset.labels(folder), newsset.captions(folder)
    for row in newsset.articles(folder):
        if drawn_only and row.get("added"):
            continue
        article = newsset.read(row["file"], folder)
        assert article.published is not None, f"{row['file']}: no publication date"
        spans = newsset.caption_spans(article, captions.get(row["file"], []))
        score_article(row["file"], labelled.get(row["file"], []), propose(row["file"], article), spans,
                      article.published, tallies[row["split"]])
    return tallies


def _where(evidence: str, text: str) -> tuple[int, int]:
    """Offsets of an evidence sentence in its article (whitespace aside), or (0, 0)."""
    found = re.search(r"\s+".join(re.escape(word) for word in evidence.split()), text)
    return (found.start(), found.end()) if found else (0, 0)


def agreement_line(tallies: dict[str, Tally]) -> str:
    """One line: the second labeller's precision and recall against the reference labels, per split."""
    parts = [f"{split} precision {tally.precision:.2f}, recall {tally.recall:.2f} ({tally.matched} of "
             f"{tally.labels} labels, {tally.proposals} rows)" for split, tally in tallies.items()]
    return "A second labeller (same rules, blind to labels.csv), scored the same way: " + "; ".join(parts)


def _cell(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.2f})" if whole else "-"


def news_tables(tallies: dict[str, Tally]) -> str:
    """The news set's results as Markdown tables, dev and test side by side."""
    dev, test = tallies["dev"], tallies["test"]
    lines = ["| News set | dev | test |", "|---|---|---|"]
    for name, get in (("articles", lambda t: t.articles), ("labels", lambda t: t.labels),
                      ("proposals", lambda t: t.proposals), ("matched", lambda t: t.matched)):
        lines.append(f"| {name} | {get(dev)} | {get(test)} |")
    lines += [f"| **precision** | {dev.precision:.2f} | {test.precision:.2f} |",
              f"| **recall** | {dev.recall:.2f} | {test.recall:.2f} |", "",
              "| Recall by type | dev | test |", "|---|---|---|"]
    lines += [f"| {kind} | {_cell(dev.matched_by_type[kind], dev.by_type[kind])} | "
              f"{_cell(test.matched_by_type[kind], test.by_type[kind])} |" for kind in EVENT_TYPES]
    lines += ["", "| Field accuracy of matched proposals | dev | test |", "|---|---|---|"]
    lines += [f"| {name} | {_cell(dev.field_right[name], dev.field_total[name])} | "
              f"{_cell(test.field_right[name], test.field_total[name])} |" for name in FIELDS]
    lines += [f"| reliability: proposals scored >= {CONFIDENT} that match a label (target >= 0.85) | "
              f"{_cell(dev.confident_right, dev.confident)} | {_cell(test.confident_right, test.confident)} |"]
    lines += ["", "| Error kind | dev missed | dev spurious | test missed | test spurious |", "|---|---|---|---|---|"]
    lines += [f"| {kind} | {dev.missed[kind]} | {dev.spurious[kind]} | {test.missed[kind]} | {test.spurious[kind]} |"
              for kind in ERROR_KINDS]
    return "\n".join(lines)


def frozen_warning(folder: Path = newsset.NEWS) -> str:
    """A warning when the frozen test split's files or labels changed, else an empty string."""
    if not newsset.frozen_split_changed(folder):
        return ""
    return (f"WARNING: the frozen test split changed since {newsset.FROZEN_ON} (SHA-256 "
            f"{newsset.split_hash(folder)[:12]}..., frozen {newsset.FROZEN_TEST_SHA256[:12]}...): its figures are "
            "not comparable with earlier runs; say why in docs/news-eval.md.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verbose", action="store_true", help="list each missed and each spurious label or event")
    args = parser.parse_args()
    table, precision, recall = evaluate(args.verbose)
    print("Synthetic set (texts written for this project)\n")
    print(table)
    rate = speed([read_article(article_path(name)) for name in labels()])
    print(f"\nSpeed: {rate:.1f} articles/second (single process, after warm-up; target >= 20)")
    files, batch_rate = batch_speed()
    print(f"Batch: {batch_rate:.1f} articles/second (python -m loaders.article on {files} files, duplicates flagged "
          f"against data/events.csv, process start excluded; floor >= {BATCH_FLOOR}: "
          f"{'met' if batch_rate >= BATCH_FLOOR else 'NOT MET'})")
    print(f"Targets: recall {recall:.2f} (>= 0.80), precision {precision:.2f} (>= 0.70)")
    warning = frozen_warning()
    print("\nNews set (excerpts of published articles; test split frozen on " + newsset.FROZEN_ON + ")\n")
    if warning:
        print(warning + "\n")
    tallies = score_news()
    print(news_tables(tallies))
    print("\n" + agreement_line(score_second_labeller()))
    if args.verbose:
        for split in SPLITS:
            print(f"\n{split}:\n" + "\n".join(tallies[split].details))
    news = [newsset.read(row["file"]) for row in newsset.articles()]
    print(f"\nSpeed on the news set: {speed(news):.1f} articles/second ({len(news)} articles, single process, "
          "after warm-up)")


if __name__ == "__main__":
    main()
