"""Access policy for private team dashboards: who may see the data (no Streamlit here; tracker/ui/gate.py asks)."""

from __future__ import annotations

import hmac
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

# The gate's modes; `open` may be written to say on purpose that the dashboard is public.
MODES = ("open", "password", "oidc")

# Growing delay after wrong passwords: seconds for the n-th consecutive failure (capped), per browser session.
FIRST_DELAY, MAX_DELAY = 1.0, 30.0

# Server-wide: more than this many wrong passwords within WINDOW seconds slows every attempt by SERVER_DELAY.
SERVER_FAILURES, WINDOW, SERVER_DELAY = 20, 60.0, 5.0


class AccessConfigError(Exception):
    """The [access] settings do not resolve to a valid mode: every page stops (the gate fails closed)."""


def password_matches(entered: str, expected: str) -> bool:
    """Compare a typed password with the configured one in constant time."""
    return bool(expected) and hmac.compare_digest(entered.encode("utf-8"), expected.encode("utf-8"))


def email_allowed(email: str | None, emails: Sequence[str] = (), domains: Sequence[str] = ()) -> bool:
    """True when the signed-in email is on the allow-list, or its domain is; an empty allow-list allows nobody."""
    if not email or "@" not in email:
        return False
    email = email.strip().lower()
    domain = email.rsplit("@", 1)[1]
    return email in {e.strip().lower() for e in emails} or domain in {d.strip().lower().lstrip("@") for d in domains}


def gate_mode(access: Mapping | None) -> str | None:
    """"password", "oidc", or None (open) from the [access] secrets section; AccessConfigError when misconfigured.

    No [access] section (or an empty one) is an open dashboard. Any section that says something must resolve:
    `mode` is case-insensitive; "password" needs a non-empty text password; a password alone means "password".
    """
    if not access:
        return None
    mode = access.get("mode")
    if mode is not None and (not isinstance(mode, str) or mode.strip().lower() not in MODES):
        raise AccessConfigError(f"[access] mode = {mode!r} is not a mode; use one of: {', '.join(MODES)}.")
    mode = mode.strip().lower() if mode is not None else ("password" if "password" in access else None)
    if mode is None:
        raise AccessConfigError("The [access] section sets no mode: add mode = \"password\" (with a password), "
                                "mode = \"oidc\" or mode = \"open\".")
    if mode == "password":
        password = access.get("password")
        if not isinstance(password, str):
            raise AccessConfigError("[access] password must be text in quotes, e.g. password = \"…\"; "
                                    f"it is {type(password).__name__ if password is not None else 'missing'}.")
        if not password.strip():
            raise AccessConfigError("[access] password is empty: set a password, or choose another mode.")
    return None if mode == "open" else mode


@dataclass
class Throttle:
    """Slows repeated wrong passwords: a growing delay per session, and a server-wide one under a flood."""

    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, int] = field(default_factory=dict)
    _recent: list[float] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def delay(self, session: str) -> float:
        """Seconds the next attempt from this session must wait before it is checked."""
        with self._lock:
            now = self.clock()
            self._recent = [t for t in self._recent if now - t < WINDOW]
            failures = self._failures.get(session, 0)
            own = 0.0 if failures == 0 else min(FIRST_DELAY * 2 ** (failures - 1), MAX_DELAY)
            return own + (SERVER_DELAY if len(self._recent) > SERVER_FAILURES else 0.0)

    def failed(self, session: str) -> int:
        """Record a wrong password; returns this session's count of consecutive failures."""
        with self._lock:
            self._failures[session] = self._failures.get(session, 0) + 1
            self._recent.append(self.clock())
            return self._failures[session]

    def succeeded(self, session: str) -> None:
        """A right password clears this session's count."""
        with self._lock:
            self._failures.pop(session, None)
