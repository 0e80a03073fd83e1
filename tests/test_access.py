"""Access gate: off by default; a shared password or OIDC with an allow-list hides every page and all data."""

from __future__ import annotations

import importlib  # noqa: E402
import re

import pytest
from playwright.sync_api import expect, sync_playwright
from streamlit import config

from tests.apptest import ROOT, figures
from tests.browser import CHROMIUM, CHROMIUM_ARGS, require_browser, streamlit_server
from tests.conftest import FIXTURES
from tracker.access import AccessConfigError, Throttle, email_allowed, gate_mode, password_matches

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
                                    {"password": 1234}])
@pytest.mark.parametrize("page", ["overview", "events", "event"])
def test_a_misconfigured_gate_fails_closed_on_every_page(fixture_events_path, access, page):
    at = run(page, access).run()
    assert not at.exception
    assert "access settings are not valid" in at.error[0].value
    assert not at.dataframe and not at.get("plotly_chart") and not at.get("html") and not at.text_input


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
        assert page.locator("nav.tracker-menu").count() == 0
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
