"""Real-browser helpers: start `streamlit run` on a free port, drive Debian's Chromium with Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Debian's Chromium; Playwright cannot download its own browser here.
CHROMIUM = "/usr/bin/chromium"

# Flags that keep headless Chromium off the (closed) network and quiet as root.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def require_browser() -> None:
    """Skip locally when Chromium is missing; fail in CI (REQUIRE_BROWSER=1), where a skip is a failure."""
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("REQUIRE_BROWSER"):
        pytest.fail(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium")
    pytest.skip(f"{CHROMIUM} is not installed")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def streamlit_server(events_path: Path, extra_env: dict[str, str] | None = None,
                     args: tuple[str, ...] = (), log_path: Path | None = None,
                     script: str = "dashboard.py") -> Iterator[str]:
    """Start the dashboard on a free port; yield its base URL; stop it (and its children) afterwards.

    With `log_path`, the server's output is written there (for tests that read it)."""
    port = free_port()
    env = {**os.environ, "EVENTS_PATH": str(events_path), **(extra_env or {})}
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none", *args]
    # A file, not a pipe: a chatty server must never block on a full pipe.
    log = log_path.open("w+b") if log_path else tempfile.TemporaryFile()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"streamlit did not start: {log.read().decode()[-2000:]}") from None
                time.sleep(0.3)
        yield base
    finally:
        os.killpg(process.pid, 15)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()
        log.close()


def menu_link(page, label: str):
    """The sidebar menu's link to the page labelled `label`."""
    return page.get_by_test_id("stSidebar").get_by_role("link").filter(has_text=label)


# Set on the window of the loaded app: it survives an in-app page switch and is gone after a new document load.
SAME_DOCUMENT = "window.__trackerSameDocument"
