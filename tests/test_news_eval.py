"""The real-news evaluation set (tests/fixtures/news/) is complete and consistent, and its scorer counts right."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from benchmarks import newsset
from benchmarks.extract import agreement_line, frozen_warning, news_tables, score_news, score_second_labeller
from benchmarks.newsscore import Proposal, Tally, match, score_article
from tracker.core.actors import registry
from tracker.core.schema import DATE_PRECISIONS, EVENT_TYPES, STATUSES

ARTICLES = newsset.articles()
LABELS = newsset.label_rows()
SECOND = newsset.label_rows(name=newsset.SECOND_LABELS)
KINDS = {"wire", "official", "second-language", "long", "caption", "liveblog", "none"}


def _words(name: str) -> int:
    return len(newsset.read(name).text.split())


def test_the_set_is_large_and_varied_enough():
    assert len(ARTICLES) >= 80
    assert len({row["publisher"] for row in ARTICLES}) >= 30
    assert sum(row["split"] == "test" for row in ARTICLES) >= 32
    assert {row["published"][:4] for row in ARTICLES} <= {str(year) for year in range(2014, 2026)}
    assert {row["kind"] for row in ARTICLES} == KINDS


def test_every_excerpt_is_listed_once_and_every_listed_file_exists():
    names = [row["file"] for row in ARTICLES]
    assert len(names) == len(set(names))
    assert set(names) == {path.name for path in newsset.NEWS.glob("*.txt")}


@pytest.mark.parametrize("row", ARTICLES, ids=lambda row: row["file"])
def test_each_excerpt_keeps_its_header_and_stays_an_excerpt(row):
    article = newsset.read(row["file"])
    assert (article.url, article.publisher) == (row["url"], row["publisher"])
    assert article.published == dt.date.fromisoformat(row["published"])
    assert article.url.startswith(("http://", "https://"))
    assert row["split"] in ("dev", "test") and row["kind"] in KINDS
    assert row["date_source"] in ("page", "url", "text")
    assert _words(row["file"]) <= 420, "an excerpt is at most about 400 words, never a whole long article"


def test_every_event_type_and_status_appears_in_the_labels():
    assert {row["event_type"] for row in LABELS} == set(EVENT_TYPES)
    assert {row["status"] for row in LABELS} == set(STATUSES)


def test_labels_reference_listed_articles_and_only_articles_of_kind_none_have_none():
    kinds = {row["file"]: row["kind"] for row in ARTICLES}
    labelled = {row["file"] for row in LABELS}
    assert labelled <= set(kinds)
    assert {name for name, kind in kinds.items() if kind == "none"} == set(kinds) - labelled


@pytest.mark.parametrize("row", LABELS + SECOND, ids=lambda row: f"{row['file']}:{row['event_type']}:{row['date']}")
def test_each_label_is_well_formed_and_quotes_its_article(row):
    assert row["event_type"] in EVENT_TYPES and row["status"] in STATUSES
    assert row["date_precision"] in DATE_PRECISIONS
    day = dt.date.fromisoformat(row["date"])
    assert row["date_precision"] == "day" or day.day == 1
    assert row["date_precision"] != "year" or day.month == 1
    if row["end_date"]:
        dt.date.fromisoformat(row["end_date"])
    parties = newsset.codes(row["actors"]) | newsset.codes(row["targets"])
    assert newsset.codes(row["actors"]) and all(registry().is_code(code) for code in parties)
    text = " ".join(newsset.read(row["file"]).text.split())
    assert " ".join(row["evidence"].split()) in text, "evidence is a verbatim sentence of the excerpt"


def test_caption_lines_are_lines_of_their_articles():
    for name, lines in newsset.captions().items():
        article = newsset.read(name)
        assert len(newsset.caption_spans(article, lines)) >= len(lines), name


def test_every_kind_has_articles_in_the_test_split():
    assert {row["kind"] for row in ARTICLES if row["split"] == "test"} == KINDS


def test_the_split_is_the_recorded_seeded_draw_stratified_by_kind():
    drawn = [row for row in ARTICLES if not row["added"]]  # the 88 articles the frozen split was drawn from
    assert len(drawn) == 88
    split = {row["file"]: row["split"] for row in drawn}
    assert newsset.draw_split({row["file"]: row["kind"] for row in drawn}) == split


def test_articles_added_after_the_freeze_are_dev_and_labelled_like_the_rest():
    added = [row for row in ARTICLES if row["added"]]
    assert added and all(row["split"] == "dev" for row in added)
    assert all(dt.date.fromisoformat(row["added"]) >= dt.date.fromisoformat(newsset.FROZEN_ON) for row in added)
    assert {row["kind"] for row in added} == KINDS


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    shutil.copytree(newsset.NEWS, folder)
    return folder


def _edit_first_label(folder: Path, split: str) -> None:
    """Change the status of the first label of an article in `split`."""
    names = {row["file"] for row in newsset.articles(folder) if row["split"] == split}
    rows = newsset.label_rows(folder)
    row = next(row for row in rows if row["file"] in names)
    row["status"] = "expected" if row["status"] != "expected" else "announced"
    with (folder / "labels.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=newsset.LABEL_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_changing_a_test_label_changes_the_hash_and_the_benchmark_warns(tmp_path):
    folder = _copy(tmp_path)
    before = newsset.split_hash(folder)
    _edit_first_label(folder, "test")
    assert newsset.split_hash(folder) != before
    assert "the frozen test split changed since 2026-12-03" in frozen_warning(folder)


def test_changing_a_dev_label_leaves_the_test_hash_alone(tmp_path):
    folder = _copy(tmp_path)
    before = newsset.split_hash(folder)
    _edit_first_label(folder, "dev")
    assert newsset.split_hash(folder) == before


def _label(event_type: str, actors: str, date: str, precision: str = "day", status: str = "announced",
           targets: str = "RUS", end_date: str = "") -> newsset.Label:
    return newsset.Label("case.txt", date, precision, newsset.codes(actors), newsset.codes(targets), event_type,
                         status, end_date, "")


def _proposal(event_type: str, actors: str, date: str, precision: str = "day", status: str = "announced",
              targets: str = "RUS", start: int = 0, end: int = 10) -> Proposal:
    return Proposal(event_type, status, newsset.codes(actors), newsset.codes(targets), date, precision, "", start, end)


def test_the_scorer_counts_a_match_a_miss_a_wrong_date_and_spurious_proposals():
    labels = [_label("sanctions", "EU", "2022-06-03", targets="RUS"),
              _label("statement", "RUS", "2022-06-01", "month"),
              _label("mission_renewal", "UNSC", "2022-05-31", status="in_effect", targets="SSD", end_date="2023-04-30")]
    proposals = [_proposal("sanctions", "EU;USA", "2022-06-03", targets="RUS;BLR"),
                 _proposal("incident", "NATO", "2022-06-04"),
                 _proposal("mission_renewal", "UNSC", "2022-06-01", targets="SSD"),
                 _proposal("sanctions", "EU", "2014-01-01", "year"),
                 _proposal("military_aid", "USA", "2022-06-05", start=100, end=140)]
    tally = Tally()
    score_article("case.txt", labels, proposals, [(95, 120)], dt.date(2022, 6, 5), tally)
    assert (tally.labels, tally.proposals, tally.matched) == (3, 5, 1)
    assert (tally.precision, round(tally.recall, 2)) == (0.2, 0.33)
    assert dict(tally.missed) == {"missed decision": 1, "wrong date": 1}
    assert dict(tally.spurious) == {"unlabelled event": 1, "wrong date": 1, "background event proposed": 1,
                                    "caption proposed": 1}
    assert (tally.field_right["targets"], tally.field_right["status"], tally.field_total["end date"]) == (0, 1, 0)
    assert dict(tally.matched_by_type) == {"sanctions": 1}


def test_each_label_takes_one_proposal_and_a_month_label_takes_any_day_of_its_month():
    labels = [_label("statement", "RUS", "2022-06-01", "month")]
    proposals = [_proposal("statement", "RUS", "2022-06-17"), _proposal("statement", "RUS", "2022-06-18")]
    assert match(labels, proposals) == {0: 0}
    tally = Tally()
    score_article("case.txt", labels, proposals, [], dt.date(2022, 6, 20), tally)
    assert dict(tally.spurious) == {"duplicate": 1}


def test_a_renewal_or_relief_proposal_does_not_match_a_sanctions_label():
    labels = [_label("sanctions", "EU", "2022-06-03")]
    tally = Tally()
    score_article("case.txt", labels, [_proposal("sanctions_renewal", "EU", "2022-06-03"),
                                       _proposal("sanctions_relief", "EU", "2022-06-03")], [], dt.date(2022, 6, 3),
                  tally)
    assert tally.matched == 0
    assert dict(tally.missed) == {"wrong type": 1} and tally.spurious["wrong type"] == 2


def test_the_news_report_scores_dev_and_test_apart(tmp_path):
    folder = _copy(tmp_path)
    keep = {"2024-01-29-council-eu-renews-economic-sanctions.txt", "2022-05-16-bbc-mcdonalds-leaves-russia.txt"}
    for name in {row["file"] for row in newsset.articles(folder)} - keep:
        (folder / name).unlink()
    for csv_name in ("articles.csv", "labels.csv", "captions.csv"):
        path = folder / csv_name
        header, *lines = path.read_text(encoding="utf-8").splitlines()
        kept = [line for line in lines if line.split(",")[0] in keep]
        path.write_text("\n".join([header, *kept]) + "\n", encoding="utf-8")
    splits = {row["file"]: row["split"] for row in newsset.articles(folder)}
    tallies = score_news(folder)
    assert sum(tally.articles for tally in tallies.values()) == 2
    assert tallies[splits["2024-01-29-council-eu-renews-economic-sanctions.txt"]].labels == 1
    table = news_tables(tallies)
    assert "| **precision** |" in table and "| missed decision |" in table and "| sanctions_renewal |" in table


def _write_labels(folder: Path, name: str, rows: list[dict[str, str]]) -> None:
    with (folder / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=newsset.LABEL_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_the_second_labeller_covers_every_article_and_labels_each_split():
    assert {row["file"] for row in SECOND} <= {row["file"] for row in ARTICLES if not row["added"]}
    splits = {row["file"]: row["split"] for row in ARTICLES}
    assert {splits[row["file"]] for row in SECOND} == {"dev", "test"}


def test_a_second_labeller_who_wrote_the_reference_labels_agrees_fully(tmp_path):
    folder = _copy(tmp_path)
    _write_labels(folder, newsset.SECOND_LABELS, newsset.label_rows(folder))
    tallies = score_second_labeller(folder)
    for split in ("dev", "test"):
        assert tallies[split].matched == tallies[split].labels == tallies[split].proposals > 0
    assert "dev precision 1.00, recall 1.00" in agreement_line(tallies)


def test_a_second_labeller_who_dates_one_event_a_month_off_loses_that_match(tmp_path):
    folder = _copy(tmp_path)
    rows = newsset.label_rows(folder)
    dev = {row["file"] for row in newsset.articles(folder) if row["split"] == "dev"}
    row = next(row for row in rows if row["file"] in dev and row["date_precision"] == "day")
    day = dt.date.fromisoformat(row["date"])
    row["date"] = (day.replace(day=1) - dt.timedelta(days=1)).isoformat()
    _write_labels(folder, newsset.SECOND_LABELS, rows)
    tallies = score_second_labeller(folder)
    assert tallies["dev"].matched == tallies["dev"].labels - 1
    assert tallies["dev"].missed["wrong date"] == 1 and tallies["dev"].spurious["wrong date"] == 1
    assert tallies["test"].matched == tallies["test"].labels


def test_the_benchmark_prints_the_second_labellers_agreement_per_split(capsys, monkeypatch):
    import benchmarks.extract as bench
    monkeypatch.setattr(bench, "speed", lambda articles: 1.0)
    monkeypatch.setattr(bench, "batch_speed", lambda: (1, 1.0))
    monkeypatch.setattr("sys.argv", ["extract"])
    bench.main()
    printed = capsys.readouterr().out
    splits = {row["file"]: row["split"] for row in ARTICLES}
    for split, tally in score_second_labeller().items():
        assert tally.proposals == sum(splits[row["file"]] == split for row in SECOND)
        assert tally.articles == sum(row["split"] == split and not row["added"] for row in ARTICLES)
        assert f"{split} precision {tally.precision:.2f}, recall {tally.recall:.2f}" in printed
