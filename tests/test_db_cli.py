"""`python -m loaders db init|import|export` on SQLite and PostgreSQL, run as a curator would run it."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT
from tracker.store.sql import SqlStore, engine_for

# The import's count line: read = converted + skipped by rule + rejected.
COUNTS = re.compile(r": read ([\d,]+) rows? = ([\d,]+) converted \+ ([\d,]+) skipped by rule \+ ([\d,]+) rejected$",
                    re.MULTILINE)
ADDED = re.compile(r"^  added to .+: ([\d,]+) events; refused: ([\d,]+)$", re.MULTILINE)


def db(*args: str, cwd: Path, url: str | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "loaders", "db", *args, *(["--url", url] if url else [])]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def counts(output: str) -> tuple[int, int, int, int]:
    found = COUNTS.search(output)
    assert found, output
    read, converted, skipped, rejected = (int(n.replace(",", "")) for n in found.groups())
    assert read == converted + skipped + rejected
    return read, converted, skipped, rejected


def added(output: str) -> tuple[int, int]:
    found = ADDED.search(output)
    assert found, output
    return int(found[1].replace(",", "")), int(found[2].replace(",", ""))


def records(path: Path) -> list[tuple[tuple[str, str], ...]]:
    """The file's rows as sorted (column, value) records: the same events whatever the row and column order."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return sorted(tuple(sorted(row.items())) for row in csv.DictReader(handle))


def stored_ids(url: str) -> list[str]:
    store = SqlStore(engine_for(url))
    try:
        return sorted(store.load().events["event_id"])
    finally:
        store.engine.dispose()


def test_init_creates_the_table_once_and_says_how_many_revisions_it_holds(database, tmp_path):
    first = db("init", cwd=tmp_path, url=database)
    assert first.returncode == 0, first.stderr
    assert re.fullmatch(r".+: ready \(0 revisions\)\n", first.stdout)
    assert db("init", cwd=tmp_path, url=database).returncode == 0  # again: nothing to do


def test_the_bundled_events_import_with_their_counts_and_export_as_the_same_rows(database, tmp_path):
    events = ROOT / "data" / "events.csv"
    imported = db("import", str(events), cwd=tmp_path, url=database)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    read, converted, skipped, rejected = counts(imported.stdout)
    assert read == converted == len(records(events)) > 1_000 and skipped == rejected == 0
    assert added(imported.stdout) == (converted, 0)

    out = tmp_path / "export.csv"
    exported = db("export", "--out", str(out), cwd=tmp_path, url=database)
    assert exported.returncode == 0, exported.stderr
    assert f"{converted:,} events written to {out}" in exported.stdout
    assert records(out) == records(events)


def test_an_import_with_bad_rows_lists_them_exits_1_and_adds_the_good_ones(database, tmp_path):
    bad = FIXTURES / "bad_events.csv"
    first = db("import", str(bad), cwd=tmp_path, url=database)
    assert first.returncode == 1
    read, converted, _skipped, rejected = counts(first.stdout)
    assert (read, converted, rejected) == (16, 3, 13)
    assert added(first.stdout) == (3, 0)
    listed = re.findall(r"^    row (\d+), (\S+) ", first.stdout, re.MULTILINE)
    assert len({row for row, _ in listed}) == 13 and ("4", "event_id") in listed  # each bad row, with its column
    assert len(stored_ids(database)) == 3

    again = db("import", str(bad), cwd=tmp_path, url=database)  # the good rows are in already: refused, by ID
    assert again.returncode == 1
    assert added(again.stdout) == (0, 3)
    assert again.stdout.count("this event_id is already used") == 3
    assert len(stored_ids(database)) == 3


@pytest.mark.parametrize(("name", "prefix"), [("acled_2020.csv", "acled-"), ("acled_2024.csv", "acled-"),
                                              ("gdelt_v1.tsv", "gdelt-"), ("gdelt_v2.tsv", "gdelt-")])
def test_acled_and_gdelt_exports_import_through_their_loaders(database, tmp_path, name, prefix):
    result = db("import", str(FIXTURES / "formats" / name), cwd=tmp_path, url=database)
    _read, converted, skipped, rejected = counts(result.stdout)
    assert converted > 0 and skipped > 0 and rejected > 0  # each fixture has rows of every kind
    assert result.returncode == 1  # rejected rows: reported, and the exit code says so
    assert added(result.stdout) == (converted, 0)
    ids = stored_ids(database)
    assert len(ids) == converted and all(event_id.startswith(prefix) for event_id in ids)


def test_the_database_comes_from_the_secrets_file_when_no_url_is_given(tmp_path):
    nothing = db("init", cwd=tmp_path)
    assert nothing.returncode == 2 and "no database" in nothing.stderr
    (tmp_path / ".streamlit").mkdir()
    url = f"sqlite:///{tmp_path / 'team.db'}"
    (tmp_path / ".streamlit" / "secrets.toml").write_text(f'[connections.events]\nurl = "{url}"\n', encoding="utf-8")
    imported = db("import", str(FIXTURES / "events.csv"), cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert "added to team.db: 9 events" in imported.stdout
    assert len(stored_ids(url)) == 9
