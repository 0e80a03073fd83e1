"""Hosting: the container recipe (no Docker engine runs here, so its parts are checked one by one) and config."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import tomllib

from tests.browser import free_port, streamlit_server
from tests.conftest import FIXTURES, ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text()


def _instruction(name: str) -> str:
    """The text of one Dockerfile instruction, continuation lines joined."""
    joined = DOCKERFILE.replace("\\\n", " ")
    match = re.search(rf"^{name}\s+(.*)$", joined, flags=re.MULTILINE)
    assert match, f"the Dockerfile has no {name}"
    return match.group(1)


def _healthcheck(port: int) -> subprocess.CompletedProcess:
    command = _instruction("HEALTHCHECK").split(" CMD ", 1)[1].replace("8501", str(port))
    argv = shlex.split(command)
    assert argv[0] == "python"
    return subprocess.run([sys.executable, *argv[1:]], capture_output=True, timeout=30)


def test_image_is_python_311_slim_and_runs_as_an_unprivileged_user():
    assert _instruction("FROM") == "python:3.11-slim"
    user = _instruction("USER")
    assert user not in ("root", "0")
    assert f"useradd --create-home --uid 10001 {user}" in DOCKERFILE


def test_image_installs_the_pinned_requirements_and_starts_the_dashboard_on_all_interfaces():
    assert "pip install -r requirements.txt" in DOCKERFILE
    command = json.loads(_instruction("CMD"))
    assert command[:3] == ["streamlit", "run", "dashboard.py"]
    assert "--server.address=0.0.0.0" in command and "--server.port=8501" in command
    assert _instruction("EXPOSE") == "8501"


def test_healthcheck_command_passes_against_a_running_server_and_fails_without_one():
    with streamlit_server(FIXTURES / "events.csv") as base:
        port = int(base.rsplit(":", 1)[1])
        assert _healthcheck(port).returncode == 0
    assert _healthcheck(free_port()).returncode != 0


def test_secrets_never_enter_the_image_or_the_repository():
    assert ".streamlit/secrets.toml" in (ROOT / ".dockerignore").read_text().splitlines()
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text().splitlines()


def test_config_sets_theme_upload_limit_and_viewer_toolbar():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["theme"]["primaryColor"]
    assert config["server"]["maxUploadSize"] == 50
    assert config["client"]["toolbarMode"] == "viewer"


def test_visitors_never_see_tracebacks():
    from streamlit.config import ShowErrorDetailsConfigOptions

    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    value = settings["client"]["showErrorDetails"]
    assert value == ShowErrorDetailsConfigOptions.NONE.value  # tracebacks name server paths; the log keeps them
