"""Access policy for private team dashboards: who may see the data (no Streamlit here; tracker/ui.py asks)."""

from __future__ import annotations

import hmac
from collections.abc import Mapping, Sequence


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


def gate_mode(access: Mapping) -> str | None:
    """"password", "oidc", or None (open) from the [access] secrets section."""
    if access.get("password"):
        return "password"
    if access.get("mode") == "oidc":
        return "oidc"
    return None
