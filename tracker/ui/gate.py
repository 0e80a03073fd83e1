"""The access gate for private team dashboards: a shared password, or OIDC sign-in with an allow-list."""

from __future__ import annotations

import logging
import time
import uuid

import streamlit as st
from streamlit import config

from tracker.access import AccessConfigError, Throttle, email_allowed, gate_mode, password_matches
from tracker.ui.markdown import escape_markdown

# Upload limit (MB) while a gate is on: Streamlit's upload endpoint accepts files before sign-in, so a private
# dashboard takes small files unless the operator raises it ([access] max_upload_mb).
GATED_UPLOAD_MB = 5

# Wrong passwords, slowed per session and across the server.
THROTTLE = Throttle()

LOG = logging.getLogger("tracker.access")

# How the form waits (a name of its own, so tests can watch it).
wait_for = time.sleep


def _access_settings() -> dict:
    # The [access] section of the app's secrets; no secrets file means an open dashboard.
    if not st.secrets.load_if_toml_exists():
        return {}
    return dict(st.secrets.get("access", {}))


def gate() -> None:
    """Stop the page unless the viewer may see it: off by default, a shared password, or OIDC with an allow-list.

    A misconfigured [access] section stops every page (fails closed) with what to fix.
    """
    access = _access_settings()
    try:
        mode = gate_mode(access)
    except AccessConfigError as error:
        st.error(f"This dashboard's access settings are not valid, so it shows nothing: {escape_markdown(str(error))} "
                 "Fix the [access] section of .streamlit/secrets.toml (see the README's deployment section).",
                 icon="🔒")
        st.stop()
    if mode:
        _limit_uploads(access)
    if mode == "password" and not st.session_state.get("_signed_in"):
        _password_form(access["password"])
    if mode == "oidc":
        _oidc_check(access)


def _limit_uploads(access: dict) -> None:
    # Server-wide (the upload endpoint reads the option on every request).
    wanted = access.get("max_upload_mb", GATED_UPLOAD_MB)
    if isinstance(wanted, int) and wanted > 0 and config.get_option("server.maxUploadSize") != wanted:
        config.set_option("server.maxUploadSize", wanted)


def _session() -> str:
    if "_gate_session" not in st.session_state:
        st.session_state["_gate_session"] = uuid.uuid4().hex
    return st.session_state["_gate_session"]


def _password_form(expected: str) -> None:
    st.title("Sanctions & Diplomacy Tracker")
    with st.form("sign_in"):
        entered = st.text_input("Team password", type="password")
        submitted = st.form_submit_button("Sign in")
    if submitted:
        session = _session()
        wait = THROTTLE.delay(session)
        if wait:
            wait_for(wait)  # only this visitor's script waits
        if password_matches(entered, expected):
            THROTTLE.succeeded(session)
            st.session_state["_signed_in"] = True
            st.rerun()  # the link's filters are still in the address: the page now draws them
        failures = THROTTLE.failed(session)
        LOG.warning("Wrong dashboard password (session %s…, %d in a row).", session[:8], failures)
        next_wait = THROTTLE.delay(session)
        st.error(f"That password is not right. Repeated wrong passwords are slowed down: the next attempt waits "
                 f"{next_wait:.0f} s.")
    st.stop()


def _oidc_check(access: dict) -> None:
    if "auth" not in st.secrets:
        st.error("This dashboard is set to sign in with an identity provider, but the secrets have no [auth] "
                 "section (client_id, client_secret, server_metadata_url, redirect_uri, cookie_secret). Add it, "
                 "or remove mode = \"oidc\" from [access].")
        st.stop()
    if not st.user.get("is_logged_in", False):
        st.title("Sanctions & Diplomacy Tracker")
        st.info("This dashboard is private. Sign in with your organisation's account.")
        st.button("Sign in", on_click=st.login, args=(access.get("provider"),) if access.get("provider") else ())
        st.stop()
    email = st.user.get("email")
    email = email if isinstance(email, str) else None
    if not email_allowed(email, access.get("allowed_emails", ()), access.get("allowed_domains", ())):
        st.error(f"{escape_markdown(email or 'This account')} is not on this dashboard's allow-list.")
        st.button("Sign out", on_click=st.logout)
        st.stop()


def identity() -> tuple[str | None, str]:
    """Who the gate let in, and why not when nobody: the OIDC e-mail, or under the shared password a name asked
    once per session (see `ask_name`); None with a sentence when the dashboard has no gate."""
    access = _access_settings()
    try:
        mode = gate_mode(access)
    except AccessConfigError:
        return None, "the access settings are not valid"
    if mode == "oidc":
        email = st.user.get("email")
        return (email if isinstance(email, str) and email else None), "sign in to edit"
    if mode == "password":
        name = st.session_state.get("_editor_name")
        return (name or None), "say who you are to edit"
    return None, ("editing needs the access gate (a shared password or sign-in in .streamlit/secrets.toml), so "
                  "changes have an author")


def ask_name() -> None:
    """Under the shared-password gate: one question per session, who is editing (their revisions' author)."""
    with st.form("editor_name_form"):
        name = st.text_input("Your name (shown as the author of your changes)", max_chars=120)
        if st.form_submit_button("Continue") and name.strip():
            st.session_state["_editor_name"] = name.strip()
            st.rerun()
