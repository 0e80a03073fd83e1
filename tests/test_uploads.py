"""Uploads: the configured size limit, zip archives, and format detection before parsing."""

from __future__ import annotations

import io
import zipfile

import pytest
from streamlit import config

from loaders.upload import MAX_ITEMISED_REJECTS, parse_upload, unzipped
from tests.conftest import FIXTURES
from tracker.core.errors import DataError
from tracker.ui import uploads
from tracker.ui.uploads import UPLOADS, Upload, UploadStore, stale_link_notice, store_upload


@pytest.fixture
def one_megabyte_limit():
    before = config.get_option("server.maxUploadSize")
    config.set_option("server.maxUploadSize", 1)
    yield
    config.set_option("server.maxUploadSize", before)


def test_a_file_over_the_configured_limit_is_refused_with_the_setting_named(one_megabyte_limit):
    with pytest.raises(DataError, match=r"limit is 1 MB \(server.maxUploadSize"):
        store_upload("big.csv", b"x" * (2**20 + 1))


def _zipped(*members: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_with_one_gdelt_file_is_read_as_gdelt():
    data = _zipped(("20190225.export.CSV", (FIXTURES / "formats" / "gdelt_v1.tsv").read_bytes()))
    entry = UPLOADS.get(store_upload("20190225.export.CSV.zip", data))
    name, result = entry.name, entry.result
    assert name == "20190225.export.CSV.zip" and result.notices[0] == "Read as: gdelt."
    assert result.rows == result.loaded + result.skipped_total + len(result.rejected) and result.loaded


def test_a_zip_with_several_files_says_to_upload_one():
    with pytest.raises(DataError, match="zip archive with 2 files"):
        store_upload("two.zip", _zipped(("a.csv", b"a"), ("b.csv", b"b")))


def _deflated(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_at_the_upload_limit(one_megabyte_limit):
    bomb = _deflated("events.csv", b"a" * (3 * 2**20))  # 3 MB of one letter zips to a few KB
    assert len(bomb) < 50_000
    with pytest.raises(DataError, match=r"unpacks to more than 1 MB, the upload limit"):
        store_upload("small.zip", bomb)


def test_a_zip_that_lies_about_its_size_is_still_stopped_at_the_limit():
    data = bytearray(_deflated("events.csv", b"b" * 300_000))
    # Patch the declared uncompressed size (central directory and local header) down to 10 bytes.
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = data.find(signature)
        data[at + offset:at + offset + 4] = (10).to_bytes(4, "little")
    with pytest.raises(DataError):
        unzipped("liar.zip", bytes(data), limit=100_000)


def test_rejected_rows_past_the_bound_are_counted_not_listed():
    header = (FIXTURES / "events.csv").read_text(encoding="utf-8").splitlines()[0]
    bad = "\n".join([header] + [f"bad-{i},not a date,day,,sanctions,announced,CAN,RUS,,t,,,,,,p,2019-01-01,"
                                   for i in range(MAX_ITEMISED_REJECTS + 250)])
    result = parse_upload("bad.csv", bad.encode(), "auto", unzip_limit=2**30)
    assert len(result.rejected) == MAX_ITEMISED_REJECTS and result.rejected_more == 250
    assert result.rows == result.loaded + result.rejected_count == MAX_ITEMISED_REJECTS + 250
    assert {p.row for p in result.problems} <= set(result.rejected["_row"])
    assert "the first 5,000 are listed" in result.notices[-1]


def _upload(name: str, size: int) -> Upload:
    return Upload(name, None, size)  # the store only weighs and names what it keeps


def test_kept_uploads_are_bounded_by_memory_oldest_evicted_first():
    store = UploadStore()
    for index in range(4):
        store.add(f"k{index}", _upload(f"file{index}.csv", 40), budget=100)
    assert store.get("k0") is None and store.get("k1") is None and store.get("k3") is not None
    assert store.total_bytes() <= 100 and store.evicted("k0") == "file0.csv"


def test_an_upload_larger_than_the_whole_budget_is_refused_with_the_setting_named():
    with pytest.raises(DataError, match="TRACKER_UPLOAD_MEMORY_MB"):
        UploadStore().add("k", _upload("huge.csv", 101), budget=100)


def test_a_stale_link_says_whether_its_file_was_evicted_or_cleared(monkeypatch):
    store = UploadStore()
    monkeypatch.setattr(uploads, "UPLOADS", store)
    store.add("old", _upload("march.csv", 60), budget=100)
    store.add("new", _upload("april.csv", 60), budget=100)
    assert "march.csv) was removed from the server to make room" in stale_link_notice("old")
    assert "a restart or a redeploy clears them" in stale_link_notice("never-seen")


def test_the_memory_budget_is_a_setting(monkeypatch):
    monkeypatch.setenv("TRACKER_UPLOAD_MEMORY_MB", "7")
    assert uploads.upload_memory_bytes() == 7 * 2**20


GDELT = FIXTURES / "formats" / "gdelt_v1.tsv"  # no header; 11 converted, 5 skipped by 3 rules, 3 rejected


def _open_with_upload(page: str, path=GDELT, merge: bool = False):
    from tests.apptest import open_page

    key = store_upload(path.name, path.read_bytes())
    return open_page(page, f"data={key}" + ("&merge=true" if merge else ""))


def _table(at, column: str, without: str = ""):
    """The page's table that has this column (and not `without`)."""
    return next(d.value for d in at.dataframe if column in d.value and without not in d.value)


def test_the_upload_report_lists_rejected_rows_as_in_the_file_with_why(fixture_events_path):
    at = _open_with_upload("data")
    table = _table(at, "why")
    assert list(table["row"]) == [16, 17, 19]
    assert table.loc[table["row"] == 16, "Actor1CountryCode"].item() == "XYZ"  # the file's own columns
    assert table.loc[table["row"] == 17, "SQLDATE"].item() == "20231345"
    assert "must be a date" in table.loc[table["row"] == 17, "why"].item()
    cells = table.drop(columns=["row", "why"])
    assert (cells != "").sum(axis=1).min() >= 3  # no blank rows: each shows what the file held
    assert not any("header is row 1" in c.value or "header as row 1" in c.value for c in at.caption)
    assert any("no header row" in c.value for c in at.caption)


def test_a_file_with_rejected_rows_is_shown_with_a_warning_not_a_green_box(fixture_events_path):
    at = _open_with_upload("data")
    assert not any("Showing" in s.value for s in at.success)
    assert any("Showing gdelt\\_v1\\.tsv" in w.value and "3 rows rejected" in w.value for w in at.warning)
    clean = _open_with_upload("data", FIXTURES / "upload_semicolon.csv")
    assert any("Showing" in s.value for s in clean.success)


def test_skipped_rows_can_be_listed_per_rule_as_in_the_file(fixture_events_path):
    at = _open_with_upload("data")
    picker = next(s for s in at.selectbox if s.label == "List the rows skipped by")
    rule = "GDELT Actor1 is not a state or a known organisation"
    assert rule in picker.options
    picker.select(rule).run()
    rows = _table(at, "GLOBALEVENTID", without="why")
    assert list(rows["row"]) == [14, 18] and set(rows["GLOBALEVENTID"]) == {"14", "18"}


def test_skipped_rows_are_kept_per_rule_up_to_a_bound(monkeypatch):
    import loaders.mapping
    from loaders.formats import read_path

    monkeypatch.setattr(loaders.mapping, "SKIPPED_EXAMPLES_PER_RULE", 1)
    result = read_path(GDELT)
    assert result.skipped_total == 5 and len(result.skipped_rows) == len(result.skipped) == 3
    assert set(result.skipped_rows["_rule"]) == set(result.skipped)


def test_stop_using_this_file_removes_it_and_merging_from_the_address(fixture_events_path):
    at = _open_with_upload("data", merge=True)
    next(b for b in at.button if b.label == "Stop using this file").click().run()
    assert "data" not in at.query_params and "merge" not in at.query_params
    assert at.markdown[0].value == "**All 9 events**"
    assert "No file uploaded" in at.info[0].value


def test_how_each_format_is_mapped_opens_on_the_your_data_page(fixture_events_path):
    from tests.apptest import open_page

    at = open_page("data")
    (doc,) = [e for e in at.expander if e.label == "How each format is mapped (docs/formats.md)"]
    assert any("rows read = converted + skipped by rule + rejected" in m.value for m in doc.markdown)


def test_data_quality_names_the_file_not_the_server_path(fixture_events_path):
    from tests.apptest import open_page

    caption = next(c.value for c in open_page("data_quality").caption if c.value.startswith("Source"))
    assert "events\\.csv" in caption and str(FIXTURES.parent) not in caption.replace("\\", "")
    merged = next(c.value for c in _open_with_upload("data_quality", merge=True).caption
                  if c.value.startswith("Source")).replace("\\", "")
    assert "events.csv + upload: gdelt_v1.tsv" in merged and str(FIXTURES.parent) not in merged


def test_data_quality_of_a_file_without_a_header_does_not_count_a_header(fixture_events_path):
    at = _open_with_upload("data_quality")
    source = next(c.value for c in at.caption if c.value.startswith("Source"))
    assert "no header row" in source and "header as row 1" not in source
    rejected = _table(at, "GLOBALEVENTID")
    assert rejected.columns[0] == "row" and "GLOBALEVENTID" in rejected and "event_id" not in rejected
