"""Helpers for AppTest: open a page with URL parameters and read back its plotly figures."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from urllib.parse import parse_qs

import numpy as np
import plotly.graph_objects as go
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def open_page(page: str, query: str = "") -> AppTest:
    """Run pages/<page>.py with the given query string, as a shared link would."""
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=60)
    for key, values in parse_qs(query).items():
        at.query_params[key] = values
    return at.run()


def figures(at: AppTest) -> dict[str, go.Figure]:
    """The page's plotly charts by their widget key (the id suffix), decoded."""
    charts = {}
    for element in at.get("plotly_chart"):
        key = element.proto.id.rsplit("-", 1)[-1]
        charts[key] = go.Figure(_decode(json.loads(element.proto.spec)))
    return charts


def _decode(node):
    """Plotly sends numeric arrays as base64 typed arrays ({"dtype", "bdata"}); turn them back into lists."""
    if isinstance(node, dict) and "bdata" in node and "dtype" in node:
        array = np.frombuffer(base64.b64decode(node["bdata"]), dtype=node["dtype"])
        if "shape" in node:
            array = array.reshape([int(n) for n in str(node["shape"]).split(",")])
        return array.tolist()
    if isinstance(node, dict):
        return {key: _decode(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_decode(value) for value in node]
    return node


def html_blocks(at: AppTest) -> list[str]:
    """The bodies of the page's st.html elements (links to events and profiles)."""
    return [element.proto.body for element in at.get("html")]


def capture_downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], bytes | str]]:
    """From now on, the function behind each deferred download button (st.download_button with a callable), by the
    button's `deferred_file_id`: what Streamlit runs when the button is pressed."""
    made: dict[str, Callable[[], bytes | str]] = {}
    real = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, *args, **kwargs):
        file_id = real(self, data_callable, *args, **kwargs)
        made[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return made


def downloaded(at: AppTest, label: str, made: dict[str, Callable[[], bytes | str]]) -> bytes:
    """The file the download button labelled `label` sends when pressed (see capture_downloads)."""
    button = next(b for b in at.get("download_button") if b.proto.label == label)
    data = made[button.proto.deferred_file_id]()
    return data.encode() if isinstance(data, str) else data
