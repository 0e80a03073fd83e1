"""Access gate: off by default; a shared password or OIDC with an allow-list hides every page and all data."""

from __future__ import annotations

import importlib  # noqa: E402
import re

import pytest
from playwright.sync_api import expect, sync_playwright
from streamlit import config

from tests.apptest import ROOT, figures, html_blocks
from tests.browser import CHROMIUM, CHROMIUM_ARGS, menu_link, require_browser, streamlit_server
from tests.conftest import FIXTURES
from tracker.access import (
    AccessConfigError,
    Revoked,
    SessionPolicy,
    SignIn,
    Throttle,
    Tickets,
    email_allowed,
    gate_mode,
    issue_token,
    new_sign_in,
    password_matches,
    read_token,
    session_policy,
    signing_key,
)

gate_module = importlib.import_module("tracker.ui.gate")  # tracker.ui re-exports the function under this name


def test_password_comparison():
    assert password_matches("s3cret", "s3cret")
    assert not password_matches("s3cret ", "s3cret")
    assert not password_matches("", "")


@pytest.mark.parametrize(("email", "allowed"), [("ana@team.org", True), ("ANA@Team.org", True),
                                                 ("bob@partner.net", True), ("eve@evil.org", False),
                                                 ("team.org", False), (None, False)])
def test_allow_list_by_email_or_domain(email, allowed):
    assert email_allowed(email, ["bob@partner.net"], ["team.org"]) is allowed


def test_gate_is_off_unless_configured():
    assert gate_mode({}) is None
    assert gate_mode({"password": "x"}) == "password"
    assert gate_mode({"mode": "oidc"}) == "oidc"
    assert gate_mode({"mode": "open"}) is None


@pytest.mark.parametrize(("access", "mode"), [({"mode": "OIDC"}, "oidc"), ({"mode": " Password ", "password": "x"},
                                                                         "password"), ({"mode": "Open"}, None)])
def test_modes_are_case_insensitive(access, mode):
    assert gate_mode(access) == mode


@pytest.mark.parametrize(("access", "message"), [
    ({"password": ""}, "password is empty"),
    ({"password": "   "}, "password is empty"),
    ({"mode": "password"}, "password must be text"),
    ({"mode": "password", "password": 1234}, "it is int"),
    ({"password": 1234}, "it is int"),
    ({"mode": "sso"}, "'sso' is not a mode"),
    ({"mode": 1}, "is not a mode"),
    ({"allowed_domains": ["team.org"]}, "sets no mode"),
    ({"password": "x", "session_hours": 0}, "session_hours must be a number"),
    ({"password": "x", "session_hours": "8"}, "session_hours must be a number"),
    ({"password": "x", "session_hours": True}, "session_hours must be a number"),
    ({"password": "x", "remember_across_restarts": "yes"}, "must be true or false"),
    ({"password": "x", "remember_across_restarts": True}, "needs cookie_secret"),
    ({"password": "x", "remember_across_restarts": True, "cookie_secret": "short"}, "needs cookie_secret"),
])
def test_a_misconfigured_access_section_is_an_error_not_an_open_dashboard(access, message):
    with pytest.raises(AccessConfigError, match=message):
        gate_mode(access)


@pytest.fixture(autouse=True)
def _restore_upload_limit():
    before = config.get_option("server.maxUploadSize")
    yield
    config.set_option("server.maxUploadSize", before)


@pytest.mark.parametrize("access", [{"mode": "OIDC-typo"}, {"password": ""}, {"mode": "password"},
                                    {"password": 1234}, {"password": "x", "remember_across_restarts": True}])
@pytest.mark.parametrize("page", ["overview", "events", "event"])
def test_a_misconfigured_gate_fails_closed_on_every_page(fixture_events_path, access, page):
    at = run(page, access).run()
    assert not at.exception
    assert "access settings are not valid" in at.error[0].value
    assert not at.dataframe and not at.get("plotly_chart") and not at.get("html") and not at.text_input


SECRET = "a-cookie-secret-of-more-than-32-characters"


def test_a_sign_in_token_holds_for_the_session_hours_and_not_after():
    policy = session_policy({"password": "s3cret", "session_hours": 2})
    key = signing_key("s3cret", policy)
    sign_in = new_sign_in(1_000_000, "Ana Díaz")
    token = issue_token(key, sign_in)
    assert read_token(token, key, policy, 1_000_000 + 2 * 3600 - 1) == sign_in
    assert read_token(token, key, policy, 1_000_000 + 2 * 3600) is None
    shorter = SessionPolicy(hours=1)  # the operator shortens the sessions: older sign-ins end at once
    assert read_token(token, signing_key("s3cret", shorter), shorter, 1_000_000 + 3600) is None
    assert session_policy({"password": "x"}).hours == 8  # a working day by default


def test_a_sign_in_token_holds_no_password_and_cannot_be_forged_or_changed():
    policy = SessionPolicy()
    key = signing_key("s3cret", policy)
    token = issue_token(key, SignIn(1_000_000, "abc", "Ana"))
    assert "s3cret" not in token and token.startswith("v1.1000000.abc.")
    assert read_token(token.replace("v1.1000000", "v1.1999999"), key, policy, 1_000_001) is None
    assert read_token(issue_token(b"another key", SignIn(1_000_000, "abc")), key, policy, 1_000_001) is None
    for junk in (None, "", "v1.x.y.z.w", "v2.1.a..b", token + "x", "." * 2000):
        assert read_token(junk, key, policy, 1_000_001) is None


def test_changing_the_password_or_restarting_the_server_signs_everyone_out():
    policy = SessionPolicy()
    token = issue_token(signing_key("s3cret", policy, b"process one"), SignIn(1_000_000, "abc"))
    assert read_token(token, signing_key("s3cret", policy, b"process one"), policy, 1_000_001)
    assert read_token(token, signing_key("n3w", policy, b"process one"), policy, 1_000_001) is None
    assert read_token(token, signing_key("s3cret", policy, b"process two"), policy, 1_000_001) is None


def test_with_remember_across_restarts_a_sign_in_survives_a_new_process_but_not_a_new_password():
    policy = session_policy({"password": "s3cret", "remember_across_restarts": True, "cookie_secret": SECRET})
    token = issue_token(signing_key("s3cret", policy, b"process one"), SignIn(1_000_000, "abc"))
    assert read_token(token, signing_key("s3cret", policy, b"process two"), policy, 1_000_001)
    assert read_token(token, signing_key("n3w", policy, b"process two"), policy, 1_000_001) is None


def test_tickets_hand_over_a_token_once_and_only_for_a_minute():
    now = [0.0]
    tickets = Tickets(clock=lambda: now[0])
    ticket = tickets.issue("token", 3600)
    assert tickets.pending(ticket) and tickets.redeem(ticket) == ("token", 3600)
    assert tickets.redeem(ticket) is None and not tickets.pending(ticket)
    late = tickets.issue("token", 3600)
    now[0] += 61
    assert tickets.redeem(late) is None and tickets.redeem("guessed") is None


def test_a_signed_out_sign_in_stays_revoked_until_it_would_have_expired():
    revoked = Revoked()
    revoked.add("abc", until=100, now=0)
    assert "abc" in revoked and "other" not in revoked
    revoked.add("def", until=300, now=200)  # pruning: "abc" has expired anyway
    assert "abc" not in revoked and "def" in revoked


def test_wrong_passwords_wait_longer_each_time_and_across_the_server():
    now = [0.0]
    throttle = Throttle(clock=lambda: now[0])
    assert throttle.delay("a") == 0
    delays = []
    for _ in range(4):
        throttle.failed("a")
        delays.append(throttle.delay("a"))
    assert delays == sorted(delays) and delays[0] > 0 and delays[-1] > delays[0]
    throttle.succeeded("a")
    assert throttle.delay("a") == 0
    for index in range(25):  # a flood from many sessions slows everyone, also a fresh session
        throttle.failed(f"s{index}")
    assert throttle.delay("fresh") > 0
    now[0] += 120  # the flood is over
    assert throttle.delay("fresh") == 0


def test_the_sign_in_form_slows_repeated_wrong_passwords_and_logs_them(fixture_events_path, monkeypatch, caplog):
    slept = []
    monkeypatch.setattr(gate_module, "THROTTLE", Throttle())
    monkeypatch.setattr(gate_module, "wait_for", slept.append)
    at = run("overview", {"password": "s3cret"}).run()
    for _ in range(3):
        at.text_input[0].input("guess")
        at.button[0].click().run()
    assert slept == [1.0, 2.0]  # no wait for the first attempt, then a growing one
    assert "the next attempt waits 4 s" in at.error[0].value
    assert sum("Wrong dashboard password" in r.message for r in caplog.records) == 3
    at.text_input[0].input("s3cret")
    at.button[0].click().run()
    assert set(figures(at)) >= {"timeline", "monthly"}


def test_a_gate_lowers_the_upload_limit_unless_the_operator_raises_it(fixture_events_path):
    config.set_option("server.maxUploadSize", 50)
    run("overview", {"password": "s3cret"}).run()
    assert config.get_option("server.maxUploadSize") == gate_module.GATED_UPLOAD_MB
    run("overview", {"password": "s3cret", "max_upload_mb": 40}).run()
    assert config.get_option("server.maxUploadSize") == 40


def run(page: str, secrets: dict, query: str = ""):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=60)
    at.secrets["access"] = secrets
    if query:
        key, value = query.split("=")
        at.query_params[key] = value
    return at


@pytest.mark.parametrize("page", ["overview", "events", "event", "data_quality", "about"])
def test_password_gate_shows_nothing_before_sign_in(fixture_events_path, page):
    at = run(page, {"password": "s3cret"}).run()
    assert not at.dataframe and not at.get("plotly_chart") and not at.get("html")
    assert at.text_input[0].label == "Team password"


def test_wrong_password_is_refused_and_the_right_one_opens_the_page(fixture_events_path):
    at = run("overview", {"password": "s3cret"}).run()
    at.text_input[0].input("guess")
    at.button[0].click().run()
    assert "not right" in at.error[0].value and not figures(at)
    at.text_input[0].input("s3cret")
    at.button[0].click().run()
    assert set(figures(at)) >= {"timeline", "monthly"}


def test_a_browser_with_a_valid_sign_in_cookie_sees_the_page_and_its_editor_name(fixture_events_path, monkeypatch):
    policy = SessionPolicy()
    token = issue_token(signing_key("s3cret", policy), new_sign_in(gate_module.now(), "Ana"))
    monkeypatch.setattr(gate_module, "browser_token", lambda: token)
    at = run("overview", {"password": "s3cret"}).run()
    assert set(figures(at)) >= {"timeline", "monthly"}
    assert "Team password" not in [t.label for t in at.text_input]
    assert at.session_state["_editor_name"] == "Ana"  # gate.identity() names her as the author
    monkeypatch.setattr(gate_module, "browser_token", lambda: token + "x")  # tampered: asked again
    again = run("overview", {"password": "s3cret"}).run()
    assert again.text_input[0].label == "Team password" and not figures(again)


def test_sign_out_ends_the_sign_in_of_the_session_and_of_its_cookie(fixture_events_path, monkeypatch):
    at = run("overview", {"password": "s3cret"}).run()
    at.text_input[0].input("s3cret")
    at.button[0].click().run()
    token = at.session_state["_signin_token"]
    monkeypatch.setattr(gate_module, "browser_token", lambda: token)  # the browser now holds the cookie
    sign_out = next(b for b in at.sidebar.button if b.label == "Sign out")
    sign_out.click().run()
    assert at.text_input[0].label == "Team password" and not figures(at)
    assert any("sign-out" in block for block in html_blocks(at))  # the page asks the server to delete the cookie
    other_tab = run("overview", {"password": "s3cret"}).run()
    assert other_tab.text_input[0].label == "Team password"


def test_oidc_gate_asks_to_sign_in_and_shows_no_data(fixture_events_path):
    at = run("events", {"mode": "oidc", "allowed_domains": ["team.org"]})
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x",
                          "client_id": "id", "client_secret": "secret",
                          "server_metadata_url": "https://idp.example.org/.well-known/openid-configuration"}
    at.run()
    assert not at.exception
    assert not at.dataframe and not at.get("plotly_chart")
    assert at.button[0].label == "Sign in"


def test_oidc_without_auth_settings_explains_what_is_missing(fixture_events_path):
    at = run("events", {"mode": "oidc"}).run()
    assert "no [auth] section" in at.error[0].value.replace("\\", "")
    assert not at.dataframe


@pytest.mark.browser
def test_cold_deep_link_behind_the_password_keeps_its_view_after_sign_in(tmp_path):
    require_browser()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[access]\npassword = "s3cret"\n', encoding="utf-8")
    with sync_playwright() as playwright, streamlit_server(FIXTURES / "events.csv",
                                                           args=("--secrets.files", str(secrets))) as base:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{base}/events?actor=CAN&type=sanctions")
        expect(page.get_by_label("Team password")).to_be_visible(timeout=30_000)
        assert page.get_by_text("Sanctions by Canada").count() == 0
        assert page.get_by_test_id("stSidebar").get_by_role("link").count() == 0
        assert page.get_by_test_id("stDataFrame").count() == 0
        page.get_by_label("Team password").fill("wrong")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_text("That password is not right.")).to_be_visible(timeout=15_000)
        page.get_by_label("Team password").fill("s3cret")
        page.get_by_role("button", name="Sign in").click()
        expect(page.locator("[data-testid='stMarkdownContainer'] strong").first).to_have_text(
            "Sanctions by Canada: 2 events", timeout=30_000)
        expect(page).to_have_url(re.compile(r"/events\?.*actor=CAN"))
        browser.close()


def _secrets(folder, text: str):
    path = folder / f"secrets-{abs(hash(text))}.toml"
    path.write_text(text, encoding="utf-8")
    return ("--secrets.files", str(path))


def _sign_in(page, url: str, password: str = "s3cret") -> None:
    page.goto(url)
    page.get_by_label("Team password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible(timeout=30_000)


def _sign_in_cookie(context, wait: float = 15.0) -> dict | None:
    """The sign-in cookie once the browser holds it (the page hands it over just after signing in)."""
    import time

    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        found = [c for c in context.cookies() if c["name"] == "tracker_signin"]
        if found:
            return found[0]
        time.sleep(0.2)
    return None


def _asks_for_the_password(page) -> bool:
    """Wait for the page to settle on either the sign-in form or a signed-in page, and say which."""
    settled = page.get_by_label("Team password").or_(page.get_by_role("button", name="Sign out"))
    expect(settled.first).to_be_visible(timeout=30_000)
    return page.get_by_label("Team password").count() > 0


@pytest.mark.browser
def test_one_sign_in_holds_across_pages_reloads_and_tabs_until_sign_out(tmp_path):
    require_browser()
    with sync_playwright() as playwright, streamlit_server(
            FIXTURES / "events.csv", args=_secrets(tmp_path, '[access]\npassword = "s3cret"\n')) as base:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        page = context.new_page()
        _sign_in(page, f"{base}/events?actor=CAN&type=sanctions")
        expect(page.locator("[data-testid='stMarkdownContainer'] strong").first).to_have_text(
            "Sanctions by Canada: 2 events", timeout=30_000)
        cookie = _sign_in_cookie(context)
        assert cookie is not None, "the browser was not given the sign-in"
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and "s3cret" not in cookie["value"]
        assert cookie["expires"] > 0  # a lasting cookie, not one that ends with the tab
        menu_link(page, "Overview").click()
        expect(page.locator("h1").first).to_have_text("Overview", timeout=30_000)
        assert not _asks_for_the_password(page)
        page.reload()
        assert not _asks_for_the_password(page)
        other_tab = context.new_page()
        other_tab.goto(f"{base}/map")
        assert not _asks_for_the_password(other_tab)
        assert all("s3cret" not in p.url for p in context.pages)
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_label("Team password")).to_be_visible(timeout=15_000)
        other_tab.reload()
        assert _asks_for_the_password(other_tab)
        assert _sign_in_cookie(context, wait=0) is None
        browser.close()


@pytest.mark.browser
def test_a_restart_signs_everyone_out_unless_the_operator_keeps_sign_ins(tmp_path):
    require_browser()
    default = _secrets(tmp_path, '[access]\npassword = "s3cret"\n')
    kept = _secrets(tmp_path, f'[access]\npassword = "s3cret"\nremember_across_restarts = true\n'
                              f'cookie_secret = "{SECRET}"\n')
    changed = _secrets(tmp_path, f'[access]\npassword = "n3w"\nremember_across_restarts = true\n'
                                 f'cookie_secret = "{SECRET}"\n')
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for first, second, asked in ((default, default, True), (kept, kept, False), (kept, changed, True)):
            context = browser.new_context()  # cookies are per host, not per port: the next server gets them
            page = context.new_page()
            with streamlit_server(FIXTURES / "events.csv", args=first) as base:
                _sign_in(page, f"{base}/")
                assert _sign_in_cookie(context) is not None
            with streamlit_server(FIXTURES / "events.csv", args=second) as restarted:
                page.goto(f"{restarted}/events")
                assert _asks_for_the_password(page) is asked
            context.close()
        browser.close()
