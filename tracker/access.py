"""Access policy for private team dashboards: who may see the data, and how a sign-in is remembered by the
browser (no Streamlit here; tracker/ui/gate.py asks)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

# The gate's modes; `open` may be written to say on purpose that the dashboard is public.
MODES = ("open", "password", "oidc")

# Growing delay after wrong passwords: seconds for the n-th consecutive failure (capped), per browser session.
FIRST_DELAY, MAX_DELAY = 1.0, 30.0

# Server-wide: more than this many wrong passwords within WINDOW seconds slows every attempt by SERVER_DELAY.
SERVER_FAILURES, WINDOW, SERVER_DELAY = 20, 60.0, 5.0

# How long a sign-in with the shared password holds in that browser, unless [access] session_hours says: a working
# day. The longest allowed is a quarter, so a forgotten laptop does not stay signed in for ever.
DEFAULT_SESSION_HOURS, MAX_SESSION_HOURS = 8.0, 24.0 * 92

# Shortest [access] cookie_secret accepted (characters): it alone, with the password, signs every sign-in.
MIN_COOKIE_SECRET = 32

# One random secret per server process: unless the operator asks otherwise, a restart signs everyone out.
PROCESS_SECRET = secrets.token_bytes(32)

# Seconds a one-time ticket (which hands a sign-in from the server to the browser's cookie) stays valid.
TICKET_SECONDS = 60.0

# Tickets and revoked sign-ins kept at most (the oldest are dropped first).
MAX_TICKETS, MAX_REVOKED = 10_000, 100_000

# Longest editor name kept in a sign-in (characters).
MAX_NAME = 120


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
        session_policy(access)
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


@dataclass(frozen=True)
class SessionPolicy:
    """How a password sign-in is remembered: for how long, and whether a server restart forgets it."""

    hours: float = DEFAULT_SESSION_HOURS
    across_restarts: bool = False
    cookie_secret: str = ""

    @property
    def seconds(self) -> int:
        """The sign-in's lifetime in whole seconds."""
        return max(1, int(self.hours * 3600))


def session_policy(access: Mapping) -> SessionPolicy:
    """The [access] settings of a remembered sign-in; AccessConfigError when they say something invalid.

    `session_hours` (default 8) is a positive number of hours; `remember_across_restarts = true` needs a
    `cookie_secret` of at least MIN_COOKIE_SECRET characters (without one the gate fails closed).
    """
    hours = access.get("session_hours", DEFAULT_SESSION_HOURS)
    if isinstance(hours, bool) or not isinstance(hours, int | float) or not 0 < hours <= MAX_SESSION_HOURS:
        raise AccessConfigError(f"[access] session_hours must be a number of hours above 0 and at most "
                                f"{MAX_SESSION_HOURS:.0f}, e.g. session_hours = 8; it is {hours!r}.")
    across = access.get("remember_across_restarts", False)
    if not isinstance(across, bool):
        raise AccessConfigError(f"[access] remember_across_restarts must be true or false; it is {across!r}.")
    secret = access.get("cookie_secret", "")
    if across and (not isinstance(secret, str) or len(secret.strip()) < MIN_COOKIE_SECRET):
        raise AccessConfigError("[access] remember_across_restarts = true needs cookie_secret, a random text of at "
                                f"least {MIN_COOKIE_SECRET} characters (e.g. from `python -c \"import secrets; "
                                "print(secrets.token_urlsafe(32))\"`), kept out of the repository.")
    return SessionPolicy(float(hours), across, secret if across else "")


def signing_key(password: str, policy: SessionPolicy, process_secret: bytes = PROCESS_SECRET) -> bytes:
    """The key that signs sign-ins: from the password and a server secret, so changing the password signs everyone
    out; the secret is this process's own unless the operator configured one to survive restarts."""
    secret = policy.cookie_secret.encode("utf-8") if policy.across_restarts else process_secret
    return hmac.new(secret, b"tracker sign-in\x00" + password.encode("utf-8"), hashlib.sha256).digest()


@dataclass(frozen=True)
class SignIn:
    """A remembered sign-in: when it was made, its own random id (to revoke it), and the editor's name if given."""

    issued: int
    nonce: str
    name: str = ""

    def until(self, policy: SessionPolicy) -> int:
        """When it stops holding (Unix time)."""
        return self.issued + policy.seconds


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")


def _unb64(text: str) -> str:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("utf-8")


def _signature(key: bytes, body: str) -> str:
    return base64.urlsafe_b64encode(hmac.new(key, body.encode("ascii"), hashlib.sha256).digest()).decode().rstrip("=")


def new_sign_in(now: float, name: str = "") -> SignIn:
    """A fresh sign-in made now."""
    return SignIn(int(now), secrets.token_urlsafe(16), name.strip()[:MAX_NAME])


def issue_token(key: bytes, sign_in: SignIn) -> str:
    """The browser's proof of a sign-in: `v1.<issued>.<nonce>.<name>.<signature>`. It holds no password; without
    the key it cannot be made or changed."""
    body = f"v1.{sign_in.issued}.{sign_in.nonce}.{_b64(sign_in.name)}"
    return f"{body}.{_signature(key, body)}"


def read_token(token: str | None, key: bytes, policy: SessionPolicy, now: float) -> SignIn | None:
    """The sign-in a token proves, or None: unsigned, signed with another key (another password or server secret),
    malformed, or older than the policy's lifetime (a shorter session_hours applies at once)."""
    if not token or len(token) > 1_000:
        return None
    parts = token.split(".")
    if len(parts) != 5 or parts[0] != "v1" or not parts[1].isdigit():
        return None
    body = ".".join(parts[:4])
    if not hmac.compare_digest(parts[4].encode("ascii", "replace"), _signature(key, body).encode("ascii")):
        return None
    try:
        name = _unb64(parts[3])
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    sign_in = SignIn(int(parts[1]), parts[2], name)
    return sign_in if sign_in.issued <= now + 60 and now < sign_in.until(policy) else None


@dataclass
class Tickets:
    """One-time, short-lived tickets that hand a token to the browser: the page posts the ticket to the server,
    whose answer sets the cookie (HttpOnly, so page scripts never read the token)."""

    clock: Callable[[], float] = time.monotonic
    _items: OrderedDict[str, tuple[float, str, int]] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def issue(self, token: str, max_age: int) -> str:
        """A ticket for this token and cookie lifetime (seconds)."""
        ticket = secrets.token_urlsafe(32)
        with self._lock:
            self._items[ticket] = (self.clock() + TICKET_SECONDS, token, max_age)
            while len(self._items) > MAX_TICKETS:
                self._items.popitem(last=False)
        return ticket

    def pending(self, ticket: str) -> bool:
        """True while the ticket can still be redeemed."""
        with self._lock:
            item = self._items.get(ticket)
        return item is not None and item[0] >= self.clock()

    def redeem(self, ticket: str) -> tuple[str, int] | None:
        """The token and lifetime of a ticket, once; None when unknown, used or expired."""
        with self._lock:
            item = self._items.pop(ticket, None)
        if item is None or item[0] < self.clock():
            return None
        return item[1], item[2]


@dataclass
class Revoked:
    """Sign-ins ended by *Sign out* before their time (kept until they would have expired anyway)."""

    _until: OrderedDict[str, float] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, nonce: str, until: float, now: float) -> None:
        with self._lock:
            self._until[nonce] = until
            for old in [n for n, t in self._until.items() if t <= now]:
                del self._until[old]
            while len(self._until) > MAX_REVOKED:
                self._until.popitem(last=False)

    def __contains__(self, nonce: object) -> bool:
        with self._lock:
            return nonce in self._until
