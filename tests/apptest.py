"""Helpers for AppTest: open a page with URL parameters and read back its plotly figures."""

from __future__ import annotations

import base64
import json
from urllib.parse import parse_qs

import numpy as np
import plotly.graph_objects as go
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
