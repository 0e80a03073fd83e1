"""Words joined as people write them: "Canada, the EU and Japan"."""

from __future__ import annotations


def join_words(words: list[str], conjunction: str = "and") -> str:
    """"A", "A and B", "A, B and C" (or with another conjunction, e.g. "or")."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"
