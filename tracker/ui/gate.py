"""The access gate for private team dashboards: a shared password, or OIDC sign-in with an allow-list."""

from __future__ import annotations

import streamlit as st

from tracker.access import email_allowed, gate_mode, password_matches
from tracker.ui.text import escape_markdown


def _access_settings() -> dict:
    # The [access] section of the app's secrets; no secrets file means an open dashboard.
    if not st.secrets.load_if_toml_exists():
        return {}
    return dict(st.secrets.get("access", {}))


def gate() -> None:
    """Stop the page unless the viewer may see it: off by default, a shared password, or OIDC with an allow-list."""
    access = _access_settings()
    mode = gate_mode(access)
    if mode == "password" and not st.session_state.get("_signed_in"):
        _password_form(access["password"])
    if mode == "oidc":
        _oidc_check(access)


def _password_form(expected: str) -> None:
    st.title("Sanctions & Diplomacy Tracker")
    with st.form("sign_in"):
        entered = st.text_input("Team password", type="password")
        submitted = st.form_submit_button("Sign in")
    if submitted and password_matches(entered, expected):
        st.session_state["_signed_in"] = True
        st.rerun()  # the link's filters are still in the address: the page now draws them
    if submitted:
        st.error("That password is not right.")
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
    if not email_allowed(st.user.get("email"), access.get("allowed_emails", ()), access.get("allowed_domains", ())):
        st.error(f"{escape_markdown(st.user.get('email') or 'This account')} is not on this dashboard's allow-list.")
        st.button("Sign out", on_click=st.logout)
        st.stop()
