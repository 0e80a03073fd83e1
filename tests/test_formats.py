"""Format registry and convert command: detection, accounting (read = converted + skipped + rejected), CLI."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import pandas as pd
import pytest

import loaders.mapping
from loaders import load
from loaders.__main__ import main
from loaders.formats import FORMATS, detect, parse_any, read_path
from tests.conftest import FIXTURES, ROOT
from tracker.core.errors import DataError
from tracker.core.result import merge, row_numbering
from tracker.core.schema import COLUMNS
from tracker.core.validation import ROW

FORMAT_FIXTURES = FIXTURES / "formats"

# Every fixture and the format it is written in.
DETECTED = [
    ("formats/acled_2020.csv", "acled"),
    ("formats/acled_2024.csv", "acled"),
    ("formats/gdelt_v1.tsv", "gdelt"),
    ("formats/gdelt_v2.tsv", "gdelt"),
    ("formats/gsdb_cases.csv", "gsdb"),
    ("events.csv", "curated"),
    ("bad_events.csv", "curated"),
    ("upload_semicolon.csv", "curated"),
]

FOREIGN = [name for name, fmt in DETECTED if fmt != "curated"]


@pytest.mark.parametrize(("name", "fmt"), DETECTED)
def test_each_fixture_is_detected_as_the_format_it_is_written_in(name, fmt):
    assert detect((FIXTURES / name).read_bytes()) == fmt


@pytest.mark.parametrize("data", [b"", b"hello,world\n1,2\n", b"\x00\x01\x02binary", b"a\tb\tc\n"])
def test_content_that_matches_no_external_format_is_left_to_the_curated_loader(data):
    assert detect(data) == "curated"


def test_gdelt_backfile_rows_of_57_fields_are_detected_and_read():
    rows = (FORMAT_FIXTURES / "gdelt_v1.tsv").read_text().splitlines()[:3]
    data = "\n".join(line.rsplit("\t", 1)[0] for line in rows).encode()
    assert all(len(line.split("\t")) == 57 for line in data.decode().splitlines())
    assert detect(data) == "gdelt"
    result = parse_any(data, "backfile.tsv")
    assert list(result.events["event_id"]) == ["gdelt-1", "gdelt-2", "gdelt-3"]
    assert set(result.events["source_url"]) == {""} and set(result.events["source_publisher"]) == {"GDELT Project"}


@pytest.mark.parametrize("name", [name for name, _ in DETECTED])
def test_every_row_read_is_converted_skipped_or_rejected(name):
    result = read_path(FIXTURES / name)
    assert result.rows == result.loaded + len(result.rejected) + result.skipped_total
    rejected_rows = set(result.rejected[ROW])
    problem_rows = {p.row for p in result.problems if p.row is not None}
    assert problem_rows == rejected_rows or any(p.row is None for p in result.problems)
    assert not rejected_rows & set(result.events[ROW])


@pytest.mark.parametrize("name", FOREIGN)
def test_parse_any_on_bytes_reads_the_same_as_read_path(name):
    path = FIXTURES / name
    from_bytes, from_path = parse_any(path.read_bytes(), str(path)), read_path(path)
    assert list(from_bytes.events["event_id"]) == list(from_path.events["event_id"])
    assert from_bytes.skipped == from_path.skipped and len(from_bytes.rejected) == len(from_path.rejected)


def test_load_dispatches_on_content_so_external_files_load_like_curated_ones():
    result = load(FORMAT_FIXTURES / "gsdb_cases.csv")
    assert result.loaded == 6 and "gsdb-9001" in set(result.events["event_id"])  # Yugoslavia is a former state
    assert load(FIXTURES / "events.csv").skipped == {}


def test_forcing_a_format_reads_the_file_as_that_format():
    result = parse_any((FORMAT_FIXTURES / "gsdb_cases.csv").read_bytes(), "x.csv", fmt="acled")
    assert result.loaded == 0 and result.rows == len(result.rejected) == 9
    assert {p.column for p in result.problems if p.row is None} >= {"event_date", "actor1"}


def test_unknown_format_name_is_a_data_error():
    with pytest.raises(DataError, match="not a supported format"):
        parse_any(b"x", "x.csv", fmt="xml")


def test_missing_file_is_a_data_error_saying_so():
    with pytest.raises(DataError, match="does not exist"):
        read_path(FIXTURES / "nope.csv")


def test_duplicate_ids_in_different_chunks_are_rejected(monkeypatch):
    line = (FORMAT_FIXTURES / "gdelt_v2.tsv").read_text().splitlines()[0]
    monkeypatch.setattr(loaders.mapping, "CHUNK_ROWS", 2)
    result = parse_any(("\n".join([line] * 5) + "\n").encode(), "dupes.tsv")
    assert result.loaded == 1 and list(result.rejected[ROW]) == [2, 3, 4, 5]
    assert all("duplicate event_id 'gdelt-1000001'" in p.reason for p in result.problems)


def test_merge_keeps_the_skipped_counts_so_totals_still_add_up():
    merged = merge(load(FIXTURES / "events.csv"), load(FORMAT_FIXTURES / "acled_2024.csv"), "upload")
    assert merged.rows == merged.loaded + len(merged.rejected) + merged.skipped_total
    assert merged.skipped_total == 3


@pytest.mark.parametrize(("name", "header_row"), [("gdelt_v1.tsv", None), ("gdelt_v2.tsv", None),
                                                  ("acled_2024.csv", 2), ("acled_2020.csv", 1), ("gsdb_cases.csv", 1)])
def test_each_format_says_which_row_is_its_header(name, header_row):
    result = read_path(FORMAT_FIXTURES / name)
    assert result.header_row == header_row
    assert ("no header row" in row_numbering(result)) is (header_row is None)


def test_rejected_rows_of_every_format_show_what_the_file_held():
    for name in ("gdelt_v1.tsv", "gdelt_v2.tsv", "acled_2020.csv", "acled_2024.csv", "gsdb_cases.csv"):
        rejected = read_path(FORMAT_FIXTURES / name).rejected
        cells = rejected.drop(columns=[ROW]).fillna("").astype(str)
        assert len(rejected) and (cells != "").sum(axis=1).min() >= 3, name


def test_merging_files_numbered_differently_says_so_and_keeps_each_files_rejected_rows_apart():
    merged = merge(load(FIXTURES / "bad_events.csv"), load(FORMAT_FIXTURES / "gdelt_v1.tsv"), "upload: gdelt_v1.tsv")
    assert merged.header_row is None and "Row numbers are each file's own" in merged.notices[-1]
    assert set(merged.rejected["_origin"]) == {"curated", "upload: gdelt_v1.tsv"}
    assert merged.source_name == "bad_events.csv + upload: gdelt_v1.tsv"


def _report_counts(text: str) -> dict[str, int]:
    found = {key: re.search(rf"^  {key}: ([\d,]+)", text, re.M) for key in ("read", "converted", "skipped by rule",
                                                                              "rejected")}
    return {key: int(match.group(1).replace(",", "")) for key, match in found.items()}


def test_convert_cli_reports_counts_that_add_up_and_writes_a_file_that_loads_cleanly(tmp_path):
    out = tmp_path / "gdelt.csv"
    run = subprocess.run([sys.executable, "-m", "loaders", "convert", "tests/fixtures/formats/gdelt_v1.tsv",
                          "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    counts = _report_counts(run.stdout)
    assert counts == {"read": 19, "converted": 11, "skipped by rule": 5, "rejected": 3}
    assert counts["read"] == counts["converted"] + counts["skipped by rule"] + counts["rejected"]
    assert "GDELT CAMEO event code 043: not in the mapping table" in run.stdout
    assert "row 16 'XYZ'" in run.stdout
    reloaded = load(out)
    assert reloaded.loaded == 11 and not reloaded.problems
    assert list(pd.read_csv(out, dtype=str, keep_default_na=False).columns) == list(COLUMNS)


@pytest.mark.parametrize("name", [name for name, _ in DETECTED])
def test_convert_of_every_fixture_adds_up_and_its_output_reloads(name, tmp_path, capsys):
    out = tmp_path / "out.csv"
    code = main(["convert", str(FIXTURES / name), "--out", str(out)])
    counts = _report_counts(capsys.readouterr().out)
    assert counts["read"] == counts["converted"] + counts["skipped by rule"] + counts["rejected"]
    assert code == (1 if counts["rejected"] else 0)
    reloaded = load(out)
    assert reloaded.loaded == counts["converted"] and not reloaded.problems


def test_convert_in_small_chunks_appends_the_same_events(monkeypatch, tmp_path, capsys):
    whole, chunked = tmp_path / "whole.csv", tmp_path / "chunked.csv"
    main(["convert", str(FORMAT_FIXTURES / "gdelt_v1.tsv"), "--out", str(whole)])
    monkeypatch.setattr(loaders.mapping, "CHUNK_ROWS", 4)
    main(["convert", str(FORMAT_FIXTURES / "gdelt_v1.tsv"), "--out", str(chunked)])
    assert chunked.read_bytes() == whole.read_bytes()
    assert chunked.read_bytes().count(b"event_id,date,") == 1


def test_convert_shows_progress_on_a_terminal(tmp_path, capsys):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    from loaders.__main__ import convert

    err = Terminal()
    convert(str(FORMAT_FIXTURES / "gsdb_cases.csv"), "auto", str(tmp_path / "o.csv"), err=err)
    assert "9 rows read" in err.getvalue()


def test_convert_with_a_forced_format_and_a_curated_input(tmp_path, capsys):
    code = main(["convert", str(FIXTURES / "events.csv"), "--format", "curated", "--out", str(tmp_path / "o.csv")])
    out = capsys.readouterr().out
    assert code == 0 and "Curated CSV" in out
    assert load(tmp_path / "o.csv").loaded == load(FIXTURES / "events.csv").loaded


def test_convert_of_a_missing_input_exits_2_with_a_message(tmp_path, capsys):
    assert main(["convert", "nope.tsv", "--out", str(tmp_path / "o.csv")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_convert_refuses_to_overwrite_its_input_and_reports_unwritable_output(tmp_path, capsys):
    source = tmp_path / "in.csv"
    source.write_bytes((FORMAT_FIXTURES / "gsdb_cases.csv").read_bytes())
    assert main(["convert", str(source), "--out", str(source)]) == 2
    assert "names the input file" in capsys.readouterr().err
    assert source.read_bytes() == (FORMAT_FIXTURES / "gsdb_cases.csv").read_bytes()
    assert main(["convert", str(source), "--out", str(tmp_path / "no" / "such" / "dir.csv")]) == 2
    assert "error:" in capsys.readouterr().err


def test_validate_cli_counts_skipped_rows_of_external_formats():
    run = subprocess.run([sys.executable, "-m", "loaders", "validate", "tests/fixtures/formats/acled_2024.csv"],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 1
    assert "9 rows, 4 loaded, 2 rejected, 3 skipped by rule" in run.stdout


def test_the_docs_page_shows_the_convert_command_with_every_format():
    page = (ROOT / "docs" / "formats.md").read_text()
    assert f"python -m loaders convert INPUT [--format auto|{'|'.join(FORMATS)}] --out OUT.csv" in page
    assert "terms of use do not allow redistributing" in page
