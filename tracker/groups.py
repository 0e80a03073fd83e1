"""Running operations within groups of rows (forward fill, previous and next row) on integer positions, for rows
that come group by group: what `groupby(...).ffill()` and `.shift()` do, without building a groupby each time."""

from __future__ import annotations

import numpy as np


def group_order(codes: np.ndarray) -> np.ndarray | None:
    """Positions that put the rows group by group (`codes`: an integer per row), keeping their order within each
    group; None when they already come that way (`pd.factorize` numbers groups by first appearance, so rows that
    come group by group have codes that never decrease)."""
    if np.all(codes[1:] >= codes[:-1]):
        return None
    return np.argsort(codes, kind="stable")


def restore(values: np.ndarray, order: np.ndarray | None) -> np.ndarray:
    """Per-row values worked out with the rows in `order` (group_order), back in the rows' own order."""
    if order is None:
        return values
    out = np.empty_like(values)
    out[order] = values
    return out


def restore_rows(positions: np.ndarray, order: np.ndarray | None) -> np.ndarray:
    """Row positions (-1: none) worked out with the rows in `order`, back in the rows' own order and numbering."""
    return positions if order is None else restore(take_at(order, positions, -1), order)


def take_at(values: np.ndarray, positions: np.ndarray, fill) -> np.ndarray:
    """values[positions], with `fill` where a position is -1 (none)."""
    return np.where(positions >= 0, values[positions], fill) if len(values) else values


def group_starts(*keys: np.ndarray) -> np.ndarray:
    """True at each row whose key (any of `keys`, rows group by group) differs from the row before it."""
    n = len(keys[0])
    first = np.ones(n, dtype=bool)
    if n:
        first[1:] = np.logical_or.reduce([key[1:] != key[:-1] for key in keys])
    return first


def last_where(valid: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Per row, the position of the latest row of its group, itself included, where `valid` holds; -1 if none.

    `first` marks each group's first row (group_starts). A forward fill is then a take at these positions."""
    positions = np.arange(len(valid))
    latest = np.maximum.accumulate(np.where(valid, positions, -1)) if len(valid) else positions
    start = np.maximum.accumulate(np.where(first, positions, 0)) if len(valid) else positions
    return np.where(latest >= start, latest, -1)


def previous_row(first: np.ndarray) -> np.ndarray:
    """Per row, the position of the row before it in its group; -1 for a group's first row."""
    return np.where(first, -1, np.arange(len(first)) - 1)


def next_row(first: np.ndarray) -> np.ndarray:
    """Per row, the position of the row after it in its group; -1 for a group's last row."""
    last = np.ones(len(first), dtype=bool)
    last[:-1] = first[1:]
    return np.where(last, -1, np.arange(len(first)) + 1)
