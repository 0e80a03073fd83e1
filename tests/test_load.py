"""The load script's short form: concurrent browser sessions against one server finish every action without error."""

from __future__ import annotations

import pytest

from benchmarks.load import measure, table
from tests.browser import require_browser

pytestmark = pytest.mark.browser

# Seconds per level in CI; `make bench` runs the full form (1, 10 and 30 sessions, 60 s each).
SECONDS = 10


def test_ten_concurrent_sessions_change_filters_and_pages_without_errors():
    require_browser()
    single, ten = measure([1, 10], SECONDS)
    print(table([single, ten]))
    assert single.errors == [] and ten.errors == []
    # Every session got through actions, so the figures describe real updates, not an idle server.
    assert len(single.times) >= 3
    assert len(ten.times) >= 10
