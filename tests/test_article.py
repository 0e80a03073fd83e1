"""Article extractor: dates, statuses, types and actors read from sentences; captions ignored; CLI; seed article."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys

import pandas as pd
import pytest

from tests.conftest import FIXTURES, ROOT, SEED, require_seed
from tracker.core.actors import registry
from tracker.core.schema import COLUMNS, DATE_PRECISIONS, EVENT_TYPES, STATUSES
from tracker.core.validation import EVENT_ID_PATTERN, ROW, validate
from tracker.extract import HELPER_COLUMNS, extract, read_article
from tracker.extract.actors import GAZETTEER, gazetteer

ARTICLES = FIXTURES / "articles"

# A Monday: "on Monday" in a story published that day is that day.
MONDAY = dt.date(2019, 2, 25)


def only(text: str, published: dt.date = MONDAY, history: bool = False) -> pd.Series:
    """The single event extracted from `text` (with `history`, recalled events before the news window too)."""
    events = extract(text, published, history=history)
    assert len(events) == 1, f"expected one event, got {events[['event_type', 'actors', 'date']].values.tolist()}"
    return events.iloc[0]


# --- dates --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("phrase", "date", "precision"), [
    ("on Monday", "2019-02-25", "day"),  # the publication's own weekday is the publication day
    ("on Thursday", "2019-02-21", "day"),  # any other weekday is the most recent past one
    ("late on Wednesday", "2019-02-20", "day"),
    ("yesterday", "2019-02-24", "day"),
    ("last week", "2019-02-01", "month"),  # the day is unknown, as curators record it
    ("two weeks ago", "2019-02-01", "month"),
    ("last month", "2019-01-01", "month"),
    ("earlier this month", "2019-02-01", "month"),
    ("in November", "2018-11-01", "month"),  # a month without a year is the most recent past one
    ("last July", "2018-07-01", "month"),
    ("in November 2017", "2017-11-01", "month"),
    ("since September 2015", "2015-09-01", "month"),
    ("on Aug. 24, 2018", "2018-08-24", "day"),
    ("on 24 August 2018", "2018-08-24", "day"),
    ("on Feb. 12", "2019-02-12", "day"),
    ("in 2014", "2014-01-01", "year"),
    ("earlier this year", "2019-01-01", "year"),
    ("nearly five years ago", "2014-01-01", "year"),
])
def test_each_date_phrase_resolves_against_the_publication_date(phrase, date, precision):
    event = only(f"Canada imposed new sanctions on Russia {phrase}.", history=True)
    assert (event["date"], event["date_precision"]) == (date, precision)


def test_a_sentence_without_a_date_is_dated_by_the_report_with_lower_confidence():
    undated = only("Canada imposed new sanctions on Russia.")
    dated = only("Canada imposed new sanctions on Russia on Thursday.")
    assert undated["date"] == MONDAY.isoformat() and undated["date_precision"] == "day"
    assert undated["confidence"] < dated["confidence"]


@pytest.mark.parametrize(("sentence", "published", "end_date"), [
    ("The EU extended its sanctions on Russia until the end of March 2019.", dt.date(2019, 1, 10), "2019-03-31"),
    ("Canada extended its training mission in Ukraine until the end of March.", MONDAY, "2019-03-31"),
    ("Canada extended its training mission in Ukraine to March 2022.", MONDAY, "2022-03-31"),
    ("The EU prolonged its sanctions against Russia until July 31, 2019.", MONDAY, "2019-07-31"),
])
def test_an_expiry_phrase_fills_the_end_date_not_the_date(sentence, published, end_date):
    event = only(sentence, published)
    assert event["end_date"] == end_date
    assert event["date"] == published.isoformat()


def test_a_date_the_event_is_still_waiting_for_is_not_its_date():
    event = only("The EU is expected to impose new sanctions on Russia next week, diplomats said on Thursday.")
    assert (event["status"], event["date"]) == ("expected", "2019-02-21")


def test_a_date_in_a_background_clause_is_not_the_events_date():
    event = only("Canada will impose new sanctions on Russia, after Russian forces seized Ukrainian ships in November.")
    assert (event["event_type"], event["actors"], event["date"]) == ("sanctions", "CAN", "2019-02-25")


def test_an_event_mentioned_only_in_a_background_clause_is_skipped():
    assert extract("The sanctions were imposed after Russia annexed Crimea in 2014.", MONDAY).empty


def test_a_background_event_in_a_main_clause_is_not_news_unless_history_is_asked_for():
    # NOTE: this used to be proposed by default; the news set's labels count recalled history as background.
    assert extract("In 2014, Russia annexed Crimea.", MONDAY).empty
    old = only("In 2014, Russia annexed Crimea.", history=True)
    new = only("Russia annexed Crimea on Thursday.")
    assert (old["event_type"], old["actors"], old["date"], old["date_precision"]) == ("incident", "RUS",
                                                                                     "2014-01-01", "year")
    assert old["confidence"] < new["confidence"]


# --- statuses -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "status"), [
    ("Ukraine asks Canada to extend its training mission.", "requested"),
    ("Poland calls for new sanctions on Belarus.", "requested"),
    ("Lithuania urged the EU to impose sanctions on Belarus.", "requested"),
    ("France proposed new sanctions on Iran.", "proposed"),
    ("Germany suggests new sanctions against Russia.", "proposed"),
    ("Canada will announce new sanctions against Russia.", "expected"),
    ("The EU is expected to impose sanctions on Russia.", "expected"),
    ("Kyiv predicted Canada would impose new sanctions on Russia.", "expected"),
    ("Japan plans to impose sanctions on Russia.", "expected"),
    ("Canada announced new sanctions against Russia.", "announced"),
    ("Britain said it would impose new sanctions on Russia.", "announced"),
    ("The EU extends its sanctions against Russia.", "announced"),
    ("New U.S. sanctions against Russia will take effect on Friday.", "in_effect"),
    ("New U.S. sanctions against Russia came into force on Monday.", "in_effect"),
    ("The EU's sanctions on Belarus entered into force on Thursday.", "in_effect"),
    ("Russia vetoed a UN Security Council resolution on Syria.", "rejected"),
])
def test_each_status_cue_sets_the_status(sentence, status):
    assert only(sentence)["status"] == status


def test_statuses_and_types_come_from_the_schema_vocabularies():
    articles = [read_article(path) for path in ARTICLES.glob("*.txt")]
    events = pd.concat([extract(article.text, article.published) for article in articles])
    assert set(events["status"]) <= set(STATUSES) and set(events["event_type"]) <= set(EVENT_TYPES)
    assert set(events["date_precision"]) <= set(DATE_PRECISIONS)


# --- event types --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "event_type"), [
    ("Canada imposed sanctions on Russian officials.", "sanctions"),
    ("The U.S. froze the assets of seven Russian businessmen.", "sanctions"),
    ("Australia announced travel bans on eight Russian officials.", "sanctions"),
    ("The EU prolonged its economic sanctions on Russia.", "sanctions_renewal"),
    ("The EU rolled over its sanctions against Russia for six months.", "sanctions_renewal"),
    ("The United States lifted sanctions on Sudan.", "sanctions_relief"),
    ("Washington eased sanctions on Venezuela's oil sector.", "sanctions_relief"),
    ("Canada launched a military training mission in Ukraine.", "mission_launch"),
    ("Canada extended its training mission in Ukraine.", "mission_renewal"),
    ("The UN Security Council renewed the mandate of its mission in Mali.", "mission_renewal"),
    ("France withdrew its troops from Mali.", "mission_end"),
    ("Ukraine called for a UN peacekeeping mission in the Donbas.", "peacekeeping_proposal"),
    ("Germany will send anti-aircraft guns to Ukraine.", "military_aid"),
    ("Britain pledged new military aid to Ukraine.", "military_aid"),
    ("The U.S. is helping train Ukrainian troops.", "military_aid"),
    ("Canada condemned Russia's actions in the Kerch Strait.", "statement"),
    ("Russian forces seized three Ukrainian navy ships.", "incident"),
])
def test_each_type_cue_sets_the_event_type(sentence, event_type):
    assert only(sentence)["event_type"] == event_type


def test_a_sentence_without_an_event_cue_yields_nothing():
    assert extract("Canada and Ukraine have close ties, the ambassador said on Monday.", MONDAY).empty


def test_a_negated_action_is_not_an_event():
    assert extract("Berlin said it would not send heavy weapons to Ukraine.", MONDAY).empty


# --- actors -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("subject", "year", "code"), [
    ("Canada", 2019, "CAN"), ("Russia", 2019, "RUS"), ("The U.S.", 2019, "USA"), ("The United States", 2019, "USA"),
    ("Britain", 2019, "GBR"), ("The UK", 2019, "GBR"), ("Japan", 2019, "JPN"),
    # demonyms
    ("The Canadian government", 2019, "CAN"), ("Ukrainian officials", 2019, "UKR"), ("Russian forces", 2019, "RUS"),
    ("The American administration", 2019, "USA"), ("The British government", 2019, "GBR"),
    # capitals standing for governments
    ("Ottawa", 2019, "CAN"), ("Moscow", 2019, "RUS"), ("Kyiv", 2019, "UKR"), ("Kiev", 2019, "UKR"),
    ("Washington", 2019, "USA"), ("Brussels", 2019, "EU"), ("London", 2019, "GBR"), ("Paris", 2019, "FRA"),
    ("Berlin", 2019, "DEU"), ("Beijing", 2019, "CHN"), ("Tokyo", 2019, "JPN"), ("The Kremlin", 2019, "RUS"),
    # organisations
    ("The European Union", 2019, "EU"), ("The EU", 2019, "EU"), ("The UN Security Council", 2019, "UNSC"),
    ("The UN security council", 2019, "UNSC"), ("The United Nations", 2019, "UN"), ("NATO", 2019, "NATO"),
    ("The OSCE", 2019, "OSCE"), ("The G7", 2019, "G7"),
    # office-holders, in office in the article's year
    ("Poroshenko", 2018, "UKR"), ("Ukrainian President Petro Poroshenko", 2018, "UKR"), ("Freeland", 2018, "CAN"),
    ("Trudeau", 2016, "CAN"), ("Putin", 2019, "RUS"), ("Obama", 2014, "USA"), ("Trump", 2018, "USA"),
    ("Biden", 2022, "USA"), ("Zelensky", 2022, "UKR"), ("Sajjan", 2019, "CAN"), ("Merkel", 2015, "DEU"),
    ("Macron", 2019, "FRA"), ("Theresa May", 2017, "GBR"), ("Prime Minister May", 2018, "GBR"),
    ("Boris Johnson", 2020, "GBR"), ("Borrell", 2021, "EU"), ("Stoltenberg", 2019, "NATO"),
])
def test_each_actor_form_resolves_to_its_code(subject, year, code):
    event = only(f"{subject} condemned the attack on Thursday.", dt.date(year, 6, 6))
    assert event["actors"] == code


@pytest.mark.parametrize(("subject", "year"), [
    ("Poroshenko", 2021), ("Obama", 2019), ("Freeland", 2012), ("Trump", 2023), ("Merkel", 2023),
    ("Theresa May", 2020), ("Sajjan", 2014),
])
def test_an_office_holder_out_of_office_in_the_articles_year_is_no_actor(subject, year):
    assert extract(f"{subject} condemned the attack on Thursday.", dt.date(year, 6, 6)).empty


def test_a_former_office_holder_and_his_country_are_no_actor():
    assert extract("Former U.S. president Barack Obama condemned the attack on Thursday.", MONDAY).empty


def test_several_governments_in_one_announcement_are_all_actors():
    event = only("Shevchenko predicted Canada, the U.S. and the European Union will announce fresh sanctions "
                 "against Russia very soon.")
    assert event["actors"].split(";") == ["CAN", "USA", "EU"]
    assert event["targets"] == "RUS"


def test_the_requester_is_the_actor_and_the_one_asked_a_target():
    event = only("Ukraine is asking Canada to extend its training mission.")
    assert (event["actors"], event["targets"], event["status"]) == ("UKR", "CAN", "requested")


@pytest.mark.parametrize("sentence", [
    "In Moscow, Canada condemned the attack on Thursday.",
    "The Canadian Press reported that Canada condemned the attack on Thursday.",
    "OTTAWA – Canada condemned the attack on Thursday.",
    "The Washington Post reported that Canada condemned the attack on Thursday.",
])
def test_places_datelines_and_newspapers_are_not_actors(sentence):
    assert only(sentence)["actors"] == "CAN"


def test_the_bloc_and_the_alliance_refer_to_the_last_bloc_or_alliance_named():
    text = "EU ministers met in Luxembourg on Monday. The bloc imposed new sanctions on Belarus on Monday."
    assert only(text)["actors"] == "EU"
    assert extract("The bloc imposed new sanctions on Belarus on Monday.", MONDAY).empty


def test_two_reports_in_one_sentence_are_two_events():
    events = extract("The Netherlands said it would provide howitzers to Ukraine, while Britain pledged "
                     "additional anti-tank missiles.", MONDAY)
    assert events[["actors", "event_type"]].values.tolist() == [["NLD", "military_aid"], ["GBR", "military_aid"]]


def test_an_unnamed_group_takes_its_members_from_the_next_sentence():
    events = extract("Nine European countries pledged new military aid to Ukraine on Thursday. Britain, Estonia "
                     "and Poland signed the joint statement.", MONDAY)
    assert events[["actors", "event_type", "date"]].values.tolist() == [["GBR;EST;POL", "military_aid",
                                                                         "2019-02-21"]]


def test_the_mission_refers_back_to_the_articles_earlier_mission():
    events = extract("Canada extended its training mission in Ukraine on Monday. The mission was launched in "
                     "September 2015. The mission trains Ukrainian troops.", MONDAY, history=True)
    assert events[["actors", "event_type", "date"]].values.tolist() == [
        ["CAN", "mission_renewal", "2019-02-25"], ["CAN", "mission_launch", "2015-09-01"]]


def test_hours_later_is_the_day_of_the_event_before():
    events = extract("Japan imposed new sanctions on Russia on Friday. Australia imposed travel bans on Russian "
                     "officials hours later.", dt.date(2022, 2, 26))
    assert events["date"].tolist() == ["2022-02-25", "2022-02-25"]


def test_a_un_mission_asked_for_is_not_an_actor():
    event = only("Ukraine called for a UN peacekeeping mission in the Donbas.")
    assert event["actors"] == "UKR" and "UN" not in event["actors"]


def test_every_code_the_extractor_can_produce_is_a_known_actor_code():
    codes = {entry.code for entries in gazetteer().values() for entry in entries}
    assert codes <= registry().codes


def test_each_gazetteer_file_has_a_header_and_is_described_column_by_column_in_its_readme():
    readme = (GAZETTEER / "README.md").read_text(encoding="utf-8")
    files = sorted(GAZETTEER.glob("*.csv"))
    assert {path.name for path in files} >= {"demonyms.csv", "capitals.csv", "office_holders.csv"}
    for path in files:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        header, entries = rows[0], rows[1:]
        assert entries and all(len(row) == len(header) for row in entries), path.name
        # Only an office-holder's last year may be empty (still in office).
        assert all(value or column == "last_year" for row in entries for column, value in zip(header, row, strict=True))
        section = readme.split(f"## {path.name}\n", 1)[1].split("\n## ", 1)[0]
        assert all(f"| `{column}` |" in section for column in header), path.name


# --- text around the story ----------------------------------------------------------------------------------------

def test_photo_captions_and_their_dates_are_ignored():
    text = ("Canadian troops begin a training mission in Ukraine, Aug. 24, 2018. AP Photo/Staff\n\n"
            "FILE - In this March 3, 2017 photo, Canada imposed sanctions on Russia. (AP Photo)\n\n"
            "Photo: Canada sent troops to Latvia on June 19, 2017.\n\n"
            "Canada extended its training mission in Ukraine on Monday.\n")
    events = extract(text, MONDAY)
    assert events[["event_type", "date"]].values.tolist() == [["mission_renewal", "2019-02-25"]]


def test_link_lines_and_a_repeated_headline_are_ignored():
    title = "Canada imposes sanctions on Russia"
    text = (f"{title}\n\nREAD MORE: Canada imposed sanctions on Russia in 2014.\n\n"
            "WATCH: Russia seized Ukrainian ships\n\nCanada condemned the attack on Thursday.\n")
    assert extract(text, MONDAY, title=title)[["event_type"]].values.tolist() == [["statement"]]


def test_a_dated_video_line_is_an_event_on_its_own_date():
    event = only("Russia fences off annexed Crimea from Ukraine – Dec 28, 2018\n", history=True)
    assert (event["event_type"], event["actors"], event["date"]) == ("incident", "RUS", "2018-12-28")


def test_a_quotation_is_kept_whole_as_one_sentence():
    text = ("“Canada’s support for Ukraine is unwavering. We are reviewing our mission,” said Canada’s minister. "
            "“We stand with Ukraine.”")
    event = extract(text, MONDAY, min_confidence=0).iloc[0]  # NOTE: a quotation scores low; kept for this test
    assert text[event["sentence_start"]:event["sentence_end"]].endswith("said Canada’s minister.")


# --- the frame ----------------------------------------------------------------------------------------------------

def test_candidates_have_the_canonical_columns_then_the_helper_columns():
    article = read_article(ARTICLES / "03-belarus-coordinated-sanctions.txt")
    events = extract(article.text, article.published, article.url, article.publisher, article.title)
    assert list(events.columns) == [*COLUMNS, *HELPER_COLUMNS]
    assert all(pd.api.types.is_string_dtype(events[c]) for c in COLUMNS)
    assert events["confidence"].between(0, 1).all()
    assert (events["source_url"] == article.url).all() and (events["source_date"] == "2021-06-22").all()
    assert (events["source_publisher"] == "Example News").all() and (events["source_title"] == article.title).all()


def test_empty_text_gives_an_empty_frame_with_the_columns():
    events = extract("", MONDAY)
    assert events.empty and list(events.columns) == [*COLUMNS, *HELPER_COLUMNS]


def test_event_ids_are_slugs_of_date_actor_type_and_number():
    events = extract("Canada and Britain imposed sanctions on Russia on Thursday. Canada imposed sanctions on Russia "
                     "on Thursday.", MONDAY)
    assert events["event_id"].tolist() == ["2019-02-21-can-sanctions-1"]  # the second restates the first
    events = extract("Canada imposed sanctions on Russia on Thursday. Britain imposed sanctions on Russia on Thursday. "
                     "Canada and Britain imposed sanctions on Belarus on Thursday.", MONDAY)
    assert events["event_id"].tolist() == ["2019-02-21-can-sanctions-1", "2019-02-21-gbr-sanctions-1",
                                           "2019-02-21-can-sanctions-2"]
    assert events["event_id"].str.fullmatch(EVENT_ID_PATTERN).all()


def test_a_statement_by_several_parties_is_one_per_party_unless_joint():
    events = extract("The European Union and NATO called for restraint on Thursday.", MONDAY)
    assert events["actors"].tolist() == ["EU", "NATO"] and set(events["event_type"]) == {"statement"}
    joint = extract("In a joint statement on Thursday, Canada and Britain condemned the attack.", MONDAY)
    assert joint["actors"].tolist() == ["CAN;GBR"]


def test_evidence_is_the_sentence_at_the_offsets_cut_to_300_characters():
    long = "Canada imposed new sanctions on Russia on Thursday, " + "targeting officials, " * 30 + "officials said."
    text = "Nothing happened here. " + long
    event = only(text)
    assert len(event["evidence"]) <= 300 and event["evidence"].startswith("Canada imposed new sanctions")
    assert text[event["sentence_start"]:event["sentence_end"]] == long


def test_every_fixture_candidate_passes_schema_validation():
    for path in ARTICLES.glob("*.txt"):
        article = read_article(path)
        events = extract(article.text, article.published, article.url, article.publisher, article.title)
        raw = events[list(COLUMNS)].assign(**{ROW: range(2, len(events) + 2)})
        valid, problems = validate(raw)
        assert problems == [], f"{path.name}: {problems[:3]}"


def test_read_article_splits_the_header_from_the_body():
    article = read_article(ARTICLES / "01-eu-economic-sanctions-rollover.txt")
    assert article.published == dt.date(2023, 7, 20) and article.publisher == "Example Wire"
    assert article.url.startswith("https://") and article.title.startswith("EU rolls over")
    assert article.text.startswith("EU rolls over economic sanctions")


def test_read_article_without_a_header_keeps_all_text(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("Canada condemned the attack.\n", encoding="utf-8")
    article = read_article(path)
    assert (article.text, article.published, article.url) == ("Canada condemned the attack.\n", None, "")


# --- command line -------------------------------------------------------------------------------------------------

def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tracker.extract", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_cli_prints_canonical_header_then_confidence_and_one_row_per_event():
    result = run_cli(str(ARTICLES / "12-baltic-poland-urge-belarus-sanctions.txt"))
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(result.stdout.splitlines()))
    assert rows[0] == [*COLUMNS, "confidence"]
    assert [row[6] for row in rows[1:]] == ["POL;LTU;LVA;EST"]


def test_cli_published_option_overrides_the_header(tmp_path):
    path = tmp_path / "undated.txt"
    path.write_text("title: Test\n\nCanada condemned the attack on Thursday.\n", encoding="utf-8")
    assert run_cli(str(path)).returncode == 2
    result = run_cli(str(path), "--published", "2019-02-25")
    assert result.returncode == 0 and "2019-02-21-can-statement-1" in result.stdout


# --- fixtures and the seed article --------------------------------------------------------------------------------

def test_labels_name_existing_files_known_codes_and_dates_that_fit_their_precision():
    with (ARTICLES / "labels.csv").open(encoding="utf-8", newline="") as handle:
        labels = list(csv.DictReader(handle))
    assert len({row["file"] for row in labels}) >= 13
    for row in labels:
        assert (ARTICLES / row["file"]).exists() or row["file"] == SEED.name
        assert registry().is_code(row["actor"]) and row["event_type"] in EVENT_TYPES
        day = dt.date.fromisoformat(row["date"])
        assert row["date_precision"] == "day" or day.day == 1
        assert row["date_precision"] != "year" or day.month == 1


def curated_seed_events() -> pd.DataFrame:
    events = pd.read_csv(ROOT / "data" / "events.csv", dtype=str, keep_default_na=False)
    return events[events["source_url"].str.contains("globalnews.ca/news/4998729")]


@pytest.mark.parametrize("event_id", curated_seed_events()["event_id"].tolist())
def test_seed_article_yields_each_curated_event_with_its_parties_type_status_and_date(event_id):
    curated = curated_seed_events().set_index("event_id").loc[event_id]
    article = read_article(require_seed())  # NOTE: its curated rows include recalled history, hence `history`
    events = extract(article.text, article.published, article.url, article.publisher, article.title, history=True,
                     min_confidence=0)  # the curated quotation scores under the floor
    same = events[(events["event_type"] == curated["event_type"]) & (events["date"] == curated["date"])
                  & (events["actors"].str.split(";").map(set) == set(curated["actors"].split(";")))]
    assert len(same) == 1, f"no {curated['event_type']} by {curated['actors']} on {curated['date']}"
    found = same.iloc[0]
    assert (found["date_precision"], found["status"]) == (curated["date_precision"], curated["status"])
    if event_id != "2019-02-25-rus-un-mission-position":  # NOTE: its target (the border) is never named
        assert set(curated["targets"].split(";")) <= set(found["targets"].split(";"))
    assert found["evidence"][:60] == " ".join(curated["evidence"].split())[:60]


# --- confidence ---------------------------------------------------------------------------------------------------

def test_confidence_rises_with_a_date_from_the_text_and_falls_for_recalled_history():
    from tracker.extract.confidence import confidence
    undated = {"subject": True, "lead": True, "decision": True}
    assert confidence({**undated, "dated": True}) > confidence(undated)
    assert confidence({**undated, "dated": True}, news=False) < confidence({**undated, "dated": True})
    assert 0 < confidence({}) < confidence({**undated, "dated": True, "status_cue": True}) < 1


def test_a_quotation_proposes_only_its_speakers_statement():
    events = extract("“Canada condemns Russia’s attack and will impose new sanctions,” said Canada’s foreign minister "
                     "on Monday.", MONDAY, min_confidence=0)
    assert events[["event_type", "actors"]].values.tolist() == [["statement", "CAN"]]
