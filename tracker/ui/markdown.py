"""Showing text from data or the URL in Streamlit: Markdown made inert."""

from __future__ import annotations

import re

# Characters that Markdown would interpret, escaped when data or URL text is shown in Markdown.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: str) -> str:
    """Text from data or the URL, made inert for st.markdown."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
