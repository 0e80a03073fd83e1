"""The batch command `python -m loaders.article`: many articles to one CSV, duplicates flagged, failures named."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from loaders.article import article_files
from loaders.article.__main__ import HANDFUL, main
from loaders.csvfile import events_text, write_events
from tests.conftest import FIXTURES, ROOT
from tracker.core.schema import COLUMNS
from tracker.extract import extract, read_article
from tracker.extract.batch import BATCH_COLUMNS, ArticleError, article_proposals, duplicate_ids

ARTICLES = FIXTURES / "articles"
CALL = ARTICLES / "12-baltic-poland-urge-belarus-sanctions.txt"
ROLLOVER = ARTICLES / "01-eu-economic-sanctions-rollover.txt"

# An article written here, in a subfolder: one statement, dated by its header.
STATEMENT = "url: https://example.org/s\npublished: 2019-02-25\ntitle: Canada condemns\n\n" \
            "Canada condemned Russia's seizure of Ukrainian ships on Thursday.\n"


def proposals(path: Path) -> pd.DataFrame:
    article = read_article(path)
    return extract(article.text, article.published, article.url, article.publisher, article.title)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three articles (one in a subfolder), a file that is not UTF-8 text, and notes that are not walked."""
    root = tmp_path / "articles"
    (root / "more").mkdir(parents=True)
    shutil.copyfile(CALL, root / CALL.name)
    shutil.copyfile(ROLLOVER, root / ROLLOVER.name)
    (root / "more" / "statement.txt").write_text(STATEMENT, encoding="utf-8")
    (root / "broken.txt").write_bytes(b"published: 2020-01-01\n\n\xff\xfe not text \x81")
    (root / "README.md").write_text("Notes about these articles, not an article.\n", encoding="utf-8")
    return root


@pytest.fixture
def events(tmp_path: Path) -> Path:
    """A small events file: one event repeating the call for sanctions of CALL (under another id), one unrelated."""
    call = proposals(CALL)[list(COLUMNS)].iloc[:1].assign(event_id="t-baltic-call", title="Recorded earlier")
    other = call.assign(event_id="t-unrelated", date="2001-01-01", actors="JPN", targets="PRK", title="Other")
    path = tmp_path / "events.csv"
    path.write_bytes(write_events(events_text(pd.concat([call, other], ignore_index=True))))
    return path


def test_one_csv_names_each_article_flags_the_duplicate_and_names_the_unreadable_file(folder, events, tmp_path):
    out = tmp_path / "proposals.csv"
    result = subprocess.run([sys.executable, "-m", "loaders.article", str(folder), "--out", str(out), "--events",
                             str(events)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert f"error: {folder / 'broken.txt'}: not UTF-8 text" in result.stderr
    assert "README.md" not in result.stderr + out.read_text(encoding="utf-8")
    rows = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(rows.columns) == BATCH_COLUMNS
    expected = {folder / CALL.name: proposals(CALL), folder / ROLLOVER.name: proposals(ROLLOVER),
                folder / "more" / "statement.txt": proposals(folder / "more" / "statement.txt")}
    assert rows["article_file"].value_counts().to_dict() == {str(path): len(found) for path, found in expected.items()}
    mine = rows[rows["article_file"] == str(folder / CALL.name)]
    assert mine["event_id"].tolist() == expected[folder / CALL.name]["event_id"].tolist()
    assert mine["source_url"].iloc[0] == read_article(CALL).url
    flagged = rows[rows["likely_duplicate_of"] != ""]
    assert flagged[["article_file", "event_id", "likely_duplicate_of"]].values.tolist() == [
        [str(folder / CALL.name), expected[folder / CALL.name]["event_id"].iloc[0], "t-baltic-call"]]
    assert "from 3 articles" in result.stdout and "1 failed" in result.stdout


def test_every_file_read_exits_0(folder, events, tmp_path):
    (folder / "broken.txt").unlink()
    assert main([str(folder), "--out", str(tmp_path / "p.csv"), "--events", str(events)], out=io.StringIO(),
                err=io.StringIO()) == 0


def test_a_file_without_a_date_fails_unless_published_gives_a_default(tmp_path, events):
    undated, dated = tmp_path / "undated.txt", tmp_path / "dated.txt"
    undated.write_text("Canada condemned Russia's seizure of Ukrainian ships on Thursday.\n", encoding="utf-8")
    dated.write_text(STATEMENT, encoding="utf-8")
    err = io.StringIO()
    args = [str(undated), str(dated), "--out", str(tmp_path / "p.csv"), "--events", str(events)]
    assert main(args, out=io.StringIO(), err=err) == 1
    assert f"error: {undated}: no publication date" in err.getvalue()
    assert main([*args, "--published", "2019-03-01"], out=io.StringIO(), err=io.StringIO()) == 0
    rows = pd.read_csv(tmp_path / "p.csv", dtype=str, keep_default_na=False)
    assert dict(zip(rows["article_file"], rows["source_date"], strict=True)) == {
        str(undated): "2019-03-01", str(dated): "2019-02-25"}  # the file's own date wins over the default


def test_a_published_line_that_is_not_a_date_is_an_error_even_with_a_default(tmp_path):
    path = tmp_path / "typo.txt"
    path.write_text(STATEMENT.replace("2019-02-25", "25/02/2019"), encoding="utf-8")
    with pytest.raises(ArticleError, match="published: line says '25/02/2019'"):
        article_proposals(path, default_published=dt.date(2019, 2, 25))


def test_folders_are_walked_for_txt_files_and_named_files_are_read_whatever_their_suffix(tmp_path):
    (tmp_path / "a" / "sub").mkdir(parents=True)
    (tmp_path / "a" / ".git").mkdir()
    (tmp_path / "empty").mkdir()
    for name in ["a/2.txt", "a/1.TXT", "a/sub/3.txt", "a/page.html", "a/notes.md", "a/.hidden.txt", "a/.git/x.txt",
                 "named.md"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    files, failures = article_files([tmp_path / "a", tmp_path / "named.md", tmp_path / "a" / "2.txt",
                                     tmp_path / "empty", tmp_path / "missing.txt"])
    assert [str(path.relative_to(tmp_path)) for path in files] == ["a/1.TXT", "a/2.txt", "a/sub/3.txt", "named.md"]
    assert failures == [(str(tmp_path / "empty"), "a folder with no .txt file in it"),
                        (str(tmp_path / "missing.txt"), "no such file or folder")]


@pytest.mark.parametrize(("count", "bar"), [(HANDFUL, False), (HANDFUL + 1, True)])
def test_more_than_a_handful_of_files_draw_a_progress_bar_on_stderr(tmp_path, events, count, bar):
    for number in range(count):
        (tmp_path / f"{number}.txt").write_text(STATEMENT, encoding="utf-8")
    err, out = io.StringIO(), io.StringIO()
    assert main([str(tmp_path), "--out", str(tmp_path / "p.csv"), "--events", str(events)], out=out, err=err) == 0
    assert (f"] {count}/{count} articles" in err.getvalue()) is bar
    assert f"from {count} articles" in out.getvalue()


def test_an_events_file_that_cannot_be_read_stops_before_any_work(tmp_path, folder):
    err = io.StringIO()
    out = tmp_path / "p.csv"
    assert main([str(folder), "--out", str(out), "--events", str(tmp_path / "none.csv")], err=err) == 2
    assert "cannot read the events file" in err.getvalue() and not out.exists()


def test_out_naming_an_article_is_refused(tmp_path, folder, events):
    target = folder / CALL.name
    before = target.read_bytes()
    assert main([str(folder), "--out", str(target), "--events", str(events)], err=io.StringIO()) == 2
    assert target.read_bytes() == before


def test_events_sharing_an_actor_lead_the_duplicates_then_the_nearest_date():
    proposal = pd.DataFrame([{"event_id": "p", "date": "2022-02-25", "date_precision": "day",
                              "event_type": "sanctions", "actors": "JPN", "targets": "RUS"}])
    existing = pd.DataFrame([
        {"event_id": "eu-same-day", "date": "2022-02-25", "actors": "EU", "targets": "RUS"},
        {"event_id": "jpn-two-days", "date": "2022-02-23", "actors": "JPN", "targets": "RUS"},
        {"event_id": "usa-next-day", "date": "2022-02-26", "actors": "USA", "targets": "RUS"},
        {"event_id": "jpn-other-type", "date": "2022-02-25", "actors": "JPN", "targets": "RUS",
         "event_type": "statement"},
    ]).fillna({"event_type": "sanctions"}).assign(date_precision="day", title="t")
    assert duplicate_ids(proposal, existing).tolist() == ["jpn-two-days;eu-same-day;usa-next-day"]
    assert duplicate_ids(proposal, None).tolist() == [""]
