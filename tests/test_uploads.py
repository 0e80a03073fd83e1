"""Uploads: the configured size limit, zip archives, and format detection before parsing."""

from __future__ import annotations

import io
import zipfile

import pytest
from streamlit import config

from tests.conftest import FIXTURES
from tracker.ui.uploads import _upload_store, store_upload
from tracker.validation import DataError


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
    name, result = _upload_store()[store_upload("20190225.export.CSV.zip", data)]
    assert name == "20190225.export.CSV.zip" and result.notices[0] == "Read as: gdelt."
    assert result.rows == result.loaded + result.skipped_total + len(result.rejected) and result.loaded


def test_a_zip_with_several_files_says_to_upload_one():
    with pytest.raises(DataError, match="zip archive with 2 files"):
        store_upload("two.zip", _zipped(("a.csv", b"a"), ("b.csv", b"b")))
