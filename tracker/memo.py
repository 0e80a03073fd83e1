"""Process-wide memo of loaded data: computed once per key, bounded, and out of reach of client messages.

Streamlit's own caches can be emptied by any visitor (the `clear_cache` message clears them for everyone), which
would force the events file to be validated again and drop every upload. The tracker keeps what it loads here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Memo(Generic[V]):
    """Values computed once per key; concurrent callers of one key wait for the first computation."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._computing: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._values

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The value for `key`, computing it (once, whoever asks first) when it is not kept yet."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            pending = self._computing.setdefault(key, threading.Lock())
        with pending:
            with self._lock:
                if key in self._values:
                    return self._values[key]
            value = compute()
            with self._lock:
                self._values[key] = value
                self._computing.pop(key, None)
                while len(self._values) > self.max_entries:
                    self._values.popitem(last=False)
            return value

    def clear(self) -> None:
        """Forget every value (tests, or an operator's explicit reset)."""
        with self._lock:
            self._values.clear()
