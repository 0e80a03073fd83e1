"""The user-facing data error and the one-row problem it reports: what is wrong, where, and what to do."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One reason a row (or the whole file, row=None) was rejected."""

    row: int | None
    column: str
    value: str
    reason: str


class DataError(Exception):
    """A user-facing data error: a sentence saying what is wrong and what to do, and the rows at fault (each
    with its row number, column and value), when there are any."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems: list[Problem] = list(problems or [])
