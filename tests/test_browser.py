"""Browser tests (Playwright + Chromium against `streamlit run`): deep links, URL updates, page switches, downloads."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import openpyxl
import pandas as pd
import pytest
from playwright.sync_api import Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from benchmarks.synthetic import make_events
from loaders.formats import read_path
from tests.browser import CHROMIUM, CHROMIUM_ARGS, SAME_DOCUMENT, menu_link, require_browser, streamlit_server
from tests.conftest import FIXTURES

pytestmark = pytest.mark.browser

EVENTS = FIXTURES / "events.csv"


@pytest.fixture(scope="module")
def browser():
    require_browser()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server():
    with streamlit_server(EVENTS) as base:
        yield base


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    yield context.new_page()
    context.close()


def choose(page: Page, widget: str, option: str) -> None:
    """Pick one option, by its exact text, in the sidebar multiselect labelled `widget`, as a user would: if the pick
    does not show in the box (a click that lands while the page is still rerunning may not open the list, or may
    land on a list that is being redrawn), pick it again."""
    select = page.get_by_test_id("stMultiSelect").filter(has_text=widget)
    for attempt in range(3):
        select.locator("input").click()
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=10_000)
            page.keyboard.press("Escape")
            expect(select).to_contain_text(option, timeout=5_000)
            return
        except (PlaywrightTimeout, AssertionError):
            page.keyboard.press("Escape")
            if option in select.inner_text():  # picked, only slow to show
                return
            if attempt == 2:
                raise


def sentence(page: Page):
    return page.locator("[data-testid='stMarkdownContainer'] strong").first


def test_cold_server_deep_link_shows_and_applies_the_filters(browser, page):
    with streamlit_server(EVENTS) as fresh:
        page.goto(f"{fresh}/events?actor=CAN&type=sanctions&from=2018-01-01")
        expect(sentence(page)).to_have_text("Sanctions by Canada from Jan 2018: 2 events", timeout=30_000)
        actors = page.get_by_test_id("stMultiSelect").filter(has_text="Actors")
        expect(actors).to_contain_text("CAN")
        expect(page.get_by_test_id("stDateInput").first.locator("input")).to_have_value("2018-01-01")
        assert "actor=CAN" in page.url and "type=sanctions" in page.url
        # Before the entry script has run, the server serves the pages folder: the menu still switches in the app.
        page.evaluate(f"{SAME_DOCUMENT} = true")
        menu(page, "Map").click()
        expect(page.locator("h1").first).to_have_text("Map", timeout=30_000)
        expect(sentence(page)).to_have_text("Sanctions by Canada from Jan 2018: 2 events", timeout=15_000)
        expect(page).to_have_url(re.compile(r"/map\?.*from=2018-01-01"))
        assert "actor=CAN" in page.url and "type=sanctions" in page.url
        assert page.evaluate(SAME_DOCUMENT), "the menu loaded the app again"


def test_changing_a_filter_updates_the_url_and_the_view(server, page):
    page.goto(f"{server}/overview")
    expect(sentence(page)).to_have_text("All 9 events", timeout=30_000)
    choose(page, "Targets", "Russia (RUS)")
    expect(sentence(page)).to_have_text("Events directed at Russia: 4 events", timeout=15_000)
    expect(page).to_have_url(re.compile(r"[?&]target=RUS"))


def test_typing_a_name_in_a_party_picker_finds_it_and_the_link_keeps_the_code(server, page):
    page.goto(f"{server}/")
    expect(sentence(page)).to_have_text("All 9 events", timeout=30_000)
    page.get_by_test_id("stMultiSelect").filter(has_text="Targets").locator("input").click()
    page.keyboard.type("Russia")
    expect(page.get_by_role("option")).to_have_text(["Russia (RUS)"], timeout=10_000)
    page.get_by_role("option", name="Russia (RUS)", exact=True).click()
    page.keyboard.press("Escape")
    expect(sentence(page)).to_have_text("Events directed at Russia: 4 events", timeout=15_000)
    expect(page).to_have_url(re.compile(r"/\?target=RUS$"))
    page.get_by_test_id("stMultiSelect").filter(has_text="Actors").locator("input").click()
    page.keyboard.type("European")
    page.get_by_role("option", name="European Union (EU)", exact=True).click()
    page.keyboard.press("Escape")
    expect(sentence(page)).to_have_text("Events by the EU directed at Russia: 3 events", timeout=15_000)
    expect(page).to_have_url(re.compile(r"target=RUS&actor=EU$"))
    page.reload()
    expect(sentence(page)).to_have_text("Events by the EU directed at Russia: 3 events", timeout=30_000)
    expect(page.get_by_test_id("stMultiSelect").filter(has_text="Actors")).to_contain_text("European Union (EU)")
    page.go_back()  # the browser's history follows the picks
    expect(sentence(page)).to_have_text("Events directed at Russia: 4 events", timeout=15_000)


def test_a_link_with_a_name_is_read_as_its_code_or_suggests_one(server, page):
    page.goto(f"{server}/events?target=Iran&actor=Canada")
    expect(sentence(page)).to_have_text("Events by Canada directed at Iran: 0 events", timeout=30_000)
    expect(page.get_by_text("Read target=Iran from the link as IRN (Iran).")).to_be_visible()
    expect(page.get_by_text("Read actor=Canada from the link as CAN (Canada).")).to_be_visible()
    expect(page).to_have_url(re.compile(r"target=IRN"), timeout=15_000)
    expect(page).to_have_url(re.compile(r"actor=CAN"))
    page.goto(f"{server}/events?target=Irann")
    expect(page.get_by_text("Ignored target=Irann from the link: not a known value. Did you mean IRN?")).to_be_visible(
        timeout=30_000)
    expect(sentence(page)).to_have_text("All 9 events")
    page.goto(f"{server}/actor?who=Canada")
    expect(page.get_by_role("heading", name=re.compile(r"^Canada \(CAN\)"))).to_be_visible(timeout=30_000)
    expect(page).to_have_url(re.compile(r"who=CAN"), timeout=15_000)


def menu(page: Page, label: str):
    return menu_link(page, label)


def test_the_menu_switches_pages_in_the_loaded_app_and_carries_every_filter(server, page):
    """From the link (actor, date, text) or chosen since (type): every filter reaches the next page's view and
    address, the app is not loaded again (plotly.js and the connection stay), and Back returns to the last page."""
    page.goto(f"{server}/?actor=CAN&from=2018-01-01&q=sanctions")
    expect(sentence(page)).to_contain_text("by Canada", timeout=30_000)
    choose(page, "Event types", "Sanctions")
    expect(page).to_have_url(re.compile(r"[?&]type=sanctions(&|$)"), timeout=15_000)
    expect(sentence(page)).to_contain_text("Sanctions by Canada", timeout=15_000)
    shown = sentence(page).inner_text()
    page.evaluate(f"{SAME_DOCUMENT} = true")
    for label, title, path in (("Events", "Events", "/events"), ("Map", "Map", "/map")):
        menu(page, label).click()
        expect(page.locator("h1").first).to_have_text(title, timeout=15_000)
        expect(sentence(page)).to_have_text(shown, timeout=15_000)
        expect(page).to_have_url(re.compile(rf"{path}\?"))
        for param in ("actor=CAN", "from=2018-01-01", "q=sanctions", "type=sanctions"):
            assert param in page.url, f"{param} was dropped on the way to {label}: {page.url}"
        assert page.evaluate(SAME_DOCUMENT), f"the menu loaded the app again to show {label}"
    expect(page.get_by_test_id("stDateInput").first.locator("input")).to_have_value("2018-01-01")
    expect(page.get_by_test_id("stTextInput").first.locator("input")).to_have_value("sanctions")
    page.go_back()
    expect(page.locator("h1").first).to_have_text("Events", timeout=15_000)
    expect(sentence(page)).to_have_text(shown, timeout=15_000)


def test_a_menu_link_opened_in_a_new_tab_keeps_the_filters_and_this_tab_stays(server, page):
    page.goto(f"{server}/?actor=CAN&type=sanctions")
    expect(sentence(page)).to_have_text("Sanctions by Canada: 2 events", timeout=30_000)
    with page.context.expect_page(timeout=15_000) as opened:
        menu(page, "Events").click(modifiers=["Control"])
    tab = opened.value
    expect(tab.locator("h1").first).to_have_text("Events", timeout=30_000)
    expect(tab.locator("[data-testid='stMarkdownContainer'] strong").first).to_have_text(
        "Sanctions by Canada: 2 events", timeout=15_000)
    assert "actor=CAN" in tab.url and "type=sanctions" in tab.url
    expect(page.locator("h1").first).to_have_text("Overview")


def test_switching_pages_keeps_the_filters(server, page):
    page.goto(f"{server}/?actor=CAN")
    expect(sentence(page)).to_have_text("Events by Canada: 3 events", timeout=30_000)
    choose(page, "Event types", "Sanctions")  # shown by its title; the link keeps the code
    expect(sentence(page)).to_have_text("Sanctions by Canada: 2 events", timeout=15_000)
    expect(page).to_have_url(re.compile(r"[?&]type=sanctions(&|$)"))
    menu(page, "Events").click()
    expect(page.locator("h1").first).to_have_text("Events", timeout=15_000)
    expect(sentence(page)).to_have_text("Sanctions by Canada: 2 events", timeout=15_000)
    expect(page).to_have_url(re.compile(r"/events\?.*actor=CAN"))
    menu(page, "Overview").click()
    expect(page.locator("h1").first).to_have_text("Overview", timeout=15_000)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(sentence(page)).to_have_text("Sanctions by Canada: 2 events", timeout=15_000)
    expect(page).to_have_url(re.compile(r"type=sanctions"))


def test_downloaded_csv_holds_exactly_the_filtered_events(server, page):
    page.goto(f"{server}/events?target=RUS&status=in_effect")
    expect(sentence(page)).to_have_text("Events directed at Russia with status in effect: 3 events", timeout=30_000)
    with page.expect_download() as info:
        page.get_by_text("Download these events (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(info.value.path().read_text(encoding="utf-8"))))
    assert {r["event_id"] for r in rows} == {"f-2018-03-eu-rus", "f-2019-03-15-joint-kerch", "f-2016-07-01-eu-renewal"}
    assert info.value.suggested_filename == "events_vs_RUS_in_effect.csv"


def test_downloaded_excel_holds_exactly_the_filtered_events(server, page):
    page.goto(f"{server}/events?target=RUS&status=in_effect")
    expect(sentence(page)).to_have_text("Events directed at Russia with status in effect: 3 events", timeout=30_000)
    with page.expect_download() as info:
        page.get_by_text("Download these events (Excel)").click()
    sheet = pd.read_excel(info.value.path(), dtype=str, keep_default_na=False)
    assert set(sheet["event_id"]) == {"f-2018-03-eu-rus", "f-2019-03-15-joint-kerch", "f-2016-07-01-eu-renewal"}
    assert info.value.suggested_filename == "events_vs_RUS_in_effect.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(info.value.path().read_bytes())).active
    assert book.freeze_panes == "A2" and book["B2"].is_date and book["B2"].number_format == "yyyy-mm-dd"


def test_bad_link_values_show_a_notice(server, page):
    page.goto(f"{server}/events?actor=ATLANTIS&actor=CAN")
    expect(page.get_by_text("Ignored actor=ATLANTIS from the link")).to_be_visible(timeout=30_000)
    expect(sentence(page)).to_have_text("Events by Canada: 3 events")


def test_clicking_a_bar_filters_by_it_and_updates_the_url(server, page):
    page.goto(f"{server}/")
    expect(sentence(page)).to_have_text("All 9 events", timeout=30_000)
    top_actors = page.get_by_test_id("stPlotlyChart").nth(2)
    top_actors.scroll_into_view_if_needed()
    expect(top_actors.locator(".js-plotly-plot .bars .point path").first).to_be_visible(timeout=15_000)
    box = top_actors.locator(".js-plotly-plot .bars .point path").first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # plotly's drag layer takes clicks
    expect(sentence(page)).to_have_text("Events by Canada: 3 events", timeout=15_000)
    expect(page).to_have_url(re.compile(r"[?&]actor=CAN"))


# Notes what the first frame with a drawn chart shows: how many charts are drawn and whether the filters are there.
FIRST_CHART_WATCHER = """(() => {
  function frame() {
    const drawn = document.querySelectorAll("[data-testid='stPlotlyChart'] .main-svg").length;
    if (drawn && !window.__firstChart) {
      const count = (selector) => document.querySelectorAll(selector).length;
      window.__firstChart = {charts: count("[data-testid='stPlotlyChart']"),
                             filters: count("[data-testid='stSidebar'] [data-testid='stMultiSelect']")};
      return;
    }
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
})();"""


def test_a_new_visit_paints_one_chart_first_then_the_filters_and_the_other_charts(server, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(FIRST_CHART_WATCHER)
    try:
        page = context.new_page()
        page.goto(f"{server}/?actor=CAN")
        expect(page.get_by_test_id("stPlotlyChart")).to_have_count(4, timeout=30_000)
        assert page.evaluate("window.__firstChart") == {"charts": 1, "filters": 0}
        expect(sentence(page)).to_have_text("Events by Canada: 3 events")
        expect(page.get_by_test_id("stMultiSelect").filter(has_text="Actors")).to_contain_text("CAN")
        expect(page.locator("[data-testid='stPlotlyChart'] .main-svg")).not_to_have_count(0)
        assert re.search(r"[?&]actor=CAN", page.url)
        # A reload is a new session: the same again.
        page.reload()
        expect(page.get_by_test_id("stPlotlyChart")).to_have_count(4, timeout=30_000)
        assert page.evaluate("window.__firstChart") == {"charts": 1, "filters": 0}
    finally:
        context.close()


def test_profile_links_to_event_detail_and_its_source(server, page):
    page.goto(f"{server}/actor?who=CAN")
    link = page.locator("a", has_text="Canada sanctions Russian officials")
    expect(link).to_be_visible(timeout=30_000)
    link.click()
    expect(page).to_have_url(re.compile(r"/event\?event=f-2018-01-10-can-rus"), timeout=15_000)
    expect(page.get_by_role("heading", name="Canada sanctions Russian officials")).to_be_visible(timeout=15_000)
    source = page.get_by_test_id("stLinkButton").locator("a")
    expect(source).to_have_attribute("href", "https://example.org/a")


def test_map_draws_countries_from_the_bundled_outline(server, page):
    page.goto(f"{server}/map?role=target")
    countries = page.locator(".js-plotly-plot .choroplethlocation")
    expect(countries.first).to_be_attached(timeout=30_000)
    # RUS, IRN, UKR, CIV (Canada is the target of a request only, not counted): none is drawn when the outline fails
    # to load.
    expect(countries).to_have_count(4)


def test_map_to_country_to_profile_to_event_to_source_in_clicks(server, page):
    page.goto(f"{server}/map?role=target")
    # Areas are drawn in the order of the counts: RUS (4), then CIV, IRN, UKR (1 each). Iran is compact,
    # so the centre of its bounding box lies inside it (Russia's wraps around the antimeridian).
    iran = page.locator(".js-plotly-plot .choroplethlocation").nth(2)
    expect(iran).to_be_attached(timeout=30_000)
    iran.scroll_into_view_if_needed()
    box = iran.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(sentence(page)).to_have_text("Events directed at Iran: 1 event", timeout=15_000)
    expect(page).to_have_url(re.compile(r"[?&]target=IRN"))
    page.get_by_text("Profile of Iran (IRN)").click()
    expect(page).to_have_url(re.compile(r"/actor\?.*who=IRN"), timeout=15_000)
    page.locator("a", has_text="US sanctions Iranian petrochemicals").click()
    expect(page).to_have_url(re.compile(r"/event\?event=f-2019-06-01-usa-irn"), timeout=15_000)
    expect(page.get_by_test_id("stLinkButton").locator("a")).to_have_attribute("href", "https://example.org/b")


def test_upload_explore_merge_and_share_by_link(server, page, browser):
    page.goto(f"{server}/data")
    expect(sentence(page)).to_have_text("All 9 events", timeout=30_000)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(FIXTURES / "upload_semicolon.csv"))
    expect(sentence(page)).to_have_text("All 4 events", timeout=20_000)
    expect(page).to_have_url(re.compile(r"[?&]data=[0-9a-f]{24}"))
    page.get_by_text("Merge with the curated events").click()
    # three uploaded ids are already curated: they are rejected and counted, the fourth is merged
    expect(sentence(page)).to_have_text("All 10 events", timeout=15_000)
    expect(page.get_by_text("3 rows rejected", exact=False).first).to_be_visible()
    menu(page, "Events").click()
    expect(page.locator("h1").first).to_have_text("Events", timeout=15_000)
    expect(sentence(page)).to_have_text("All 10 events", timeout=15_000)
    shared = page.url
    other = browser.new_context().new_page()  # a colleague opening the copied link
    other.goto(shared)
    expect(other.locator("[data-testid='stMarkdownContainer'] strong").first).to_have_text("All 10 events",
                                                                                          timeout=30_000)
    other.context.close()


def test_uploading_a_zipped_gdelt_file_reports_its_conversion_and_shows_its_events(server, page, tmp_path):
    archive = tmp_path / "20190225.export.CSV.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(FIXTURES / "formats" / "gdelt_v2.tsv", "20190225.export.CSV")
    expected = read_path(FIXTURES / "formats" / "gdelt_v2.tsv")
    page.goto(f"{server}/data")
    expect(sentence(page)).to_have_text("All 9 events", timeout=30_000)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(archive))
    expect(sentence(page)).to_have_text(f"All {expected.loaded} events", timeout=20_000)
    expect(page.get_by_test_id("stMetricLabel")).to_have_count(4, timeout=15_000)
    metrics = dict(zip(page.get_by_test_id("stMetricLabel").all_inner_texts(),
                       page.get_by_test_id("stMetricValue").all_inner_texts(), strict=True))
    assert metrics == {"Rows read": str(expected.rows), "Converted to events": str(expected.loaded),
                       "Skipped by rule": str(expected.skipped_total), "Rejected": str(len(expected.rejected))}
    assert expected.skipped_total > 0 and expected.rows == (expected.loaded + expected.skipped_total
                                                            + len(expected.rejected))
    expect(page.get_by_text("Read as: gdelt.")).to_be_visible()
    menu(page, "Map").click()
    expect(sentence(page)).to_have_text(f"All {expected.loaded} events", timeout=20_000)


def test_review_page_highlights_proposals_and_downloads_the_accepted_rows(server, page):
    article = FIXTURES / "articles" / "01-eu-economic-sanctions-rollover.txt"
    page.goto(f"{server}/review")
    expect(page.get_by_text("Mode: download.")).to_be_visible(timeout=30_000)
    page.get_by_label("…or paste the article (the header lines are optional)").fill(article.read_text())
    page.keyboard.press("Control+Enter")
    page.get_by_role("button", name="Propose events").click()
    expect(page.locator("mark").first).to_be_visible(timeout=20_000)
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile(r"Download \d+ rows")).click()
    rows = list(csv.DictReader(io.StringIO(info.value.path().read_text(encoding="utf-8"))))
    assert rows and all(r["source_url"] == "https://example.org/wire/2023/07/20/eu-economic-sanctions-rollover"
                        for r in rows)
    assert "EU" in {r["actors"] for r in rows}


def test_review_threshold_from_the_link_hides_proposals_and_the_slider_writes_the_link(server, page):
    article = FIXTURES / "articles" / "10-unifier-extension.txt"
    page.goto(f"{server}/review?min_confidence=0.85")
    expect(page.get_by_text("Mode: download.")).to_be_visible(timeout=30_000)
    page.get_by_label("…or paste the article (the header lines are optional)").fill(article.read_text())
    page.keyboard.press("Control+Enter")
    page.get_by_role("button", name="Propose events").click()
    expect(page.get_by_text(re.compile(r"\d+ of \d+ proposals hidden: confidence under 0\.85"))).to_be_visible(
        timeout=20_000)
    page.get_by_role("slider").focus()
    page.keyboard.press("Home")
    expect(page).not_to_have_url(re.compile(r"min_confidence"), timeout=15_000)
    expect(page.get_by_text(re.compile(r"proposals hidden"))).to_have_count(0)
    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"[?&]min_confidence=0\.05"), timeout=15_000)


def test_uploading_a_binary_file_says_what_is_wrong(server, page, tmp_path):
    fake = tmp_path / "events.csv"
    fake.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 10)
    page.goto(f"{server}/data")
    expect(sentence(page)).to_have_text("All 9 events", timeout=30_000)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(fake))
    expect(page.get_by_text("is not a text file")).to_be_visible(timeout=15_000)


def test_compare_link_reproduces_the_view_and_its_switches_write_the_link(server, page, browser):
    page.goto(f"{server}/compare?compare=CAN&compare=EU")
    chart = page.get_by_test_id("stPlotlyChart").first
    expect(chart.locator(".legend .traces")).to_have_count(2, timeout=30_000)
    expect(chart.locator(".legend")).to_contain_text("Canada (CAN)")
    expect(chart.locator(".legend")).to_contain_text("European Union (EU)")
    expect(chart.locator(".gtitle")).to_have_text("Events per year, as actor (who acts)")
    page.get_by_test_id("stRadio").filter(has_text="Count their events").get_by_text("either", exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]role=either"), timeout=15_000)
    expect(chart.locator(".gtitle")).to_have_text("Events per year, on either side", timeout=15_000)
    shared = page.url
    other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()  # a colleague opens the link
    other.goto(shared)
    again = other.get_by_test_id("stPlotlyChart").first
    expect(again.locator(".gtitle")).to_have_text("Events per year, on either side", timeout=30_000)
    expect(again.locator(".legend .traces")).to_have_count(2)
    other.context.close()


def test_sankey_names_sit_outside_the_links_and_a_legend_names_the_link_colours(server, page):
    page.goto(f"{server}/flows")
    sankey = page.get_by_test_id("stPlotlyChart").first
    expect(sankey.locator(".sankey-node")).to_have_count(8, timeout=30_000)  # decisions taken: 4 actors, 4 targets
    expect(sankey.locator(".legend .traces")).to_have_count(4)  # their 4 event types (not the requested renewal)
    nodes = [n.bounding_box() for n in sankey.locator(".sankey-node .node-rect").all()]
    left_edge = min(n["x"] for n in nodes)
    right_edge = max(n["x"] + n["width"] for n in nodes)
    names = sankey.locator(".annotation").all()
    assert len(names) == len(nodes)
    for name in names:
        box = name.bounding_box()
        # Every name ends before the actors' column or starts after the targets' one: none lies on a link.
        assert box["x"] + box["width"] <= left_edge + 1 or box["x"] >= right_edge - 1, name.text_content()


def test_a_month_long_view_ticks_months_and_days_never_hours(server, page):
    page.goto(f"{server}/?from=2019-03-01&to=2019-03-31")
    expect(sentence(page)).to_have_text("Events, Mar 2019: 1 event", timeout=30_000)
    charts = page.get_by_test_id("stPlotlyChart")
    expect(charts.nth(0).locator(".xtick text")).to_have_text(["Mar 2019"], timeout=15_000)  # the monthly counts
    expect(charts).to_have_count(4, timeout=15_000)  # the timeline and the top bars come with the second run
    for number in range(4):
        expect(charts.nth(number).locator(".xtick text").first).to_be_attached(timeout=15_000)
        ticks = charts.nth(number).locator(".xtick text").all_text_contents()
        assert ticks and not any(":" in tick or "." in tick for tick in ticks), (number, ticks)


def test_the_events_table_fills_the_page(page, tmp_path):
    path = tmp_path / "events-300.csv"
    make_events(300).to_csv(path, index=False)
    with streamlit_server(path) as base:
        page.goto(f"{base}/events")
        expect(sentence(page)).to_have_text("All 300 events", timeout=30_000)
        table = page.get_by_test_id("stDataFrame").first
        expect(table).to_be_visible()
        assert table.bounding_box()["height"] >= 700  # Streamlit's default shows about ten rows
def test_copy_link_copies_the_address_of_the_view_with_its_filters(server, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{server}/events?actor=CAN")
    expect(sentence(page)).to_have_text("Events by Canada: 3 events", timeout=30_000)
    choose(page, "Event types", "Sanctions")  # a filter changed after the page was opened
    expect(sentence(page)).to_have_text("Sanctions by Canada: 2 events", timeout=15_000)
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible(timeout=5_000)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.url and copied.startswith(f"{server}/events?")
    assert "actor=CAN" in copied and "type=sanctions" in copied
    other = context.new_page()  # whoever opens it sees the same view
    other.goto(copied)
    expect(sentence(other)).to_have_text("Sanctions by Canada: 2 events", timeout=30_000)
    context.close()


def test_typing_a_date_and_pressing_enter_applies_it_and_writes_the_url(server, page):
    page.goto(f"{server}/")
    expect(sentence(page)).to_have_text("All 9 events", timeout=30_000)
    page.get_by_role("spinbutton", name="year, From").click()
    page.keyboard.type("20180101")
    page.keyboard.press("Enter")  # no click elsewhere: Enter alone must apply it
    expect(sentence(page)).to_have_text("Events from Jan 2018: 6 events", timeout=15_000)
    expect(page).to_have_url(re.compile(r"[?&]from=2018-01-01"))


def test_stop_using_this_file_goes_back_to_the_curated_events_everywhere(server, page):
    page.goto(f"{server}/data")
    expect(sentence(page)).to_have_text("All 9 events", timeout=30_000)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(FIXTURES / "upload_semicolon.csv"))
    expect(sentence(page)).to_have_text("All 4 events", timeout=20_000)
    page.get_by_text("Merge with the curated events").click()
    expect(page).to_have_url(re.compile(r"merge=true"), timeout=15_000)
    chosen_file = page.get_by_test_id("stFileUploader").get_by_text("upload_semicolon.csv")
    expect(chosen_file).to_have_count(1)
    page.get_by_role("button", name="Stop using this file").click()
    expect(sentence(page)).to_have_text("All 9 events", timeout=15_000)
    expect(page.get_by_text("No file uploaded")).to_be_visible()
    assert "data=" not in page.url and "merge=" not in page.url
    expect(chosen_file).to_have_count(0)  # the uploader starts empty
    menu(page, "Events").click()
    expect(page.locator("h1").first).to_have_text("Events", timeout=15_000)
    expect(sentence(page)).to_have_text("All 9 events", timeout=15_000)
