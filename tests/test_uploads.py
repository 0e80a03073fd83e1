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
