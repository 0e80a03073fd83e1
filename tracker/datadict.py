"""Keep the data dictionary in data/README.md equal to the schema: `python -m tracker.datadict --write`."""

from __future__ import annotations

import sys
from pathlib import Path

from tracker.core.schema import data_dictionary_markdown

# The file holding the generated section, and the markers around it.
README = Path(__file__).resolve().parent.parent / "data" / "README.md"
BEGIN, END = "<!-- BEGIN DATA DICTIONARY (generated from tracker/schema.py) -->", "<!-- END DATA DICTIONARY -->"


def embedded(text: str) -> str:
    """The generated section as it stands in a README text."""
    start, stop = text.index(BEGIN) + len(BEGIN), text.index(END)
    return text[start:stop].strip("\n") + "\n"


def rewrite(text: str) -> str:
    """The README text with its generated section replaced by the current schema."""
    start, stop = text.index(BEGIN) + len(BEGIN), text.index(END)
    return text[:start] + "\n" + data_dictionary_markdown() + text[stop:]


if __name__ == "__main__":
    current = README.read_text(encoding="utf-8")
    if "--write" in sys.argv:
        README.write_text(rewrite(current), encoding="utf-8")
    elif embedded(current) != data_dictionary_markdown():
        sys.exit("data/README.md is out of date: run `make docs`.")
