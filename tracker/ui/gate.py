"""The access gate for private team dashboards: a shared password, or OIDC sign-in with an allow-list.

A password sign-in holds for [access] session_hours (default 8) in that browser, across pages, reloads and tabs:
the session keeps its signed token, and the browser keeps it in a cookie (tracker/ui/signin.py) that later
sessions read. *Sign out* ends it everywhere in that browser. The editor's name, once given, travels in the same
signed token, so it is asked once per sign-in, not once per page.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import replace

import streamlit as st
from streamlit import config

from tracker.access import (
    MAX_NAME,
    AccessConfigError,
    SessionPolicy,
    Throttle,
    email_allowed,
    gate_mode,
    issue_token,
    new_sign_in,
    password_matches,
    read_token,
    session_policy,
    signing_key,
)
from tracker.ui.markdown import escape_markdown
from tracker.ui.signin import COOKIE, REVOKED, TICKETS, forget_script, remember_script

# Upload limit (MB) while a gate is on: Streamlit's upload endpoint accepts files before sign-in, so a private
# dashboard takes small files unless the operator raises it ([access] max_upload_mb).
GATED_UPLOAD_MB = 5

# Wrong passwords, slowed per session and across the server.
THROTTLE = Throttle()

LOG = logging.getLogger("tracker.access")

# How the form waits (a name of its own, so tests can watch it).
wait_for = time.sleep

# The wall clock sign-ins are dated by (a name of its own, so tests can move it).
now = time.time

# Session-state keys: the signed token of this session's sign-in, a ticket the browser has not collected yet,
# a cookie to delete, and the editor's name.
TOKEN, TICKET, FORGET, NAME = "_signin_token", "_signin_ticket", "_signin_forget", "_editor_name"


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
    if mode == "password" and not _signed_in(access):
        _password_form(access)
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


def _key(access: dict) -> tuple[bytes, SessionPolicy]:
    policy = session_policy(access)
    return signing_key(access["password"], policy), policy


def _signed_in(access: dict) -> bool:
    """True when this session's sign-in, or else the browser's cookie, is a valid sign-in not signed out."""
    key, policy = _key(access)
    state = st.session_state
    for token in (state.get(TOKEN), browser_token()):
        sign_in = read_token(token, key, policy, now())
        if sign_in and sign_in.nonce not in REVOKED:
            state[TOKEN] = token
            if sign_in.name and not state.get(NAME):
                state[NAME] = sign_in.name
            return True
    for stale in (TOKEN, TICKET, NAME):
        state.pop(stale, None)
    return False


def browser_token() -> str | None:
    """The sign-in token this browser sent with its connection (the cookie), if any."""
    return st.context.cookies.get(COOKIE)


def _remember(access: dict, name: str = "") -> None:
    """Sign this session in (or add the editor's name to its sign-in) and hand the token to the browser."""
    key, policy = _key(access)
    current = read_token(st.session_state.get(TOKEN), key, policy, now())
    sign_in = new_sign_in(now(), name) if current is None else replace(current, name=name.strip()[:MAX_NAME])
    token = issue_token(key, sign_in)
    st.session_state[TOKEN] = token
    st.session_state[TICKET] = TICKETS.issue(token, max(1, sign_in.until(policy) - int(now())))


def _password_form(access: dict) -> None:
    if st.session_state.pop(FORGET, False):
        st.html(forget_script(), unsafe_allow_javascript=True)
    st.title("Sanctions & Diplomacy Tracker")
    with st.form("sign_in"):
        entered = st.text_input("Team password", type="password")
        submitted = st.form_submit_button("Sign in")
    if submitted:
        session = _session()
        wait = THROTTLE.delay(session)
        if wait:
            wait_for(wait)  # only this visitor's script waits
        if password_matches(entered, access["password"]):
            THROTTLE.succeeded(session)
            _remember(access)
            st.rerun()  # the link's filters are still in the address: the page now draws them
        failures = THROTTLE.failed(session)
        LOG.warning("Wrong dashboard password (session %s…, %d in a row).", session[:8], failures)
        next_wait = THROTTLE.delay(session)
        st.error(f"That password is not right. Repeated wrong passwords are slowed down: the next attempt waits "
                 f"{next_wait:.0f} s.")
    st.stop()


def _sign_out() -> None:
    access = _access_settings()
    key, policy = _key(access)
    state = st.session_state
    sign_in = read_token(state.get(TOKEN), key, policy, now())
    if sign_in:
        REVOKED.add(sign_in.nonce, sign_in.until(policy), now())
    for gone in (TOKEN, TICKET, NAME):
        state.pop(gone, None)
    state[FORGET] = True


def account_controls() -> None:
    """At the foot of the sidebar of a signed-in page: *Sign out*, and (once after a sign-in) the script that hands
    the sign-in to the browser's cookie."""
    access = _access_settings()
    try:
        mode = gate_mode(access)
    except AccessConfigError:
        return
    if mode == "oidc":
        st.sidebar.button("Sign out", on_click=st.logout, key="sign_out")
    if mode != "password" or TOKEN not in st.session_state:
        return
    st.sidebar.button("Sign out", on_click=_sign_out, key="sign_out",
                      help="Ends the sign-in in this browser: every tab and page asks for the password again.")
    ticket = st.session_state.get(TICKET)
    if ticket and TICKETS.pending(ticket):
        st.sidebar.html(remember_script(ticket), unsafe_allow_javascript=True)
    else:
        st.session_state.pop(TICKET, None)


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
    once per sign-in (see `ask_name`); None with a sentence when the dashboard has no gate."""
    access = _access_settings()
    try:
        mode = gate_mode(access)
    except AccessConfigError:
        return None, "the access settings are not valid"
    if mode == "oidc":
        email = st.user.get("email")
        return (email if isinstance(email, str) and email else None), "sign in to edit"
    if mode == "password":
        name = st.session_state.get(NAME)
        return (name or None), "say who you are to edit"
    return None, ("editing needs the access gate (a shared password or sign-in in .streamlit/secrets.toml), so "
                  "changes have an author")


def ask_name() -> None:
    """Under the shared-password gate: one question per sign-in, who is editing (their revisions' author). The name
    joins the signed sign-in, so other pages and tabs of that browser know it until it ends."""
    with st.form("editor_name_form"):
        name = st.text_input("Your name (shown as the author of your changes)", max_chars=120)
        if st.form_submit_button("Continue") and name.strip():
            st.session_state[NAME] = name.strip()
            if TOKEN in st.session_state:
                _remember(_access_settings(), name.strip())
            st.rerun()
