"""Add from an article: the extractor proposes events with their sentences; a person edits, checks and accepts."""

import datetime as dt

import streamlit as st

from tracker.core.errors import DataError
from tracker.core.schema import COLUMNS, EVENT_TYPES, STATUSES
from tracker.dedupe import likely_duplicates
from tracker.extract import extract, parse_article
from tracker.review import (
    THRESHOLD_KEY,
    at_least,
    by_confidence,
    hidden_note,
    highlight,
    review_mode,
    rows_csv,
    threshold_notice,
)
from tracker.ui import escape_markdown, load_current, page_view, show_data_error, store
from tracker.ui.editing import editor, offer_name_if_needed

# Candidates at or above this confidence start ticked as accepted.
ACCEPT_FROM = 0.5

# Longest article read, in characters (a long feature is ~30,000; the limit keeps one request's work bounded).
MAX_ARTICLE_CHARS = 200_000

page_view("Add from an article")
offer_name_if_needed(store())
writer, author = editor(store())
mode, why = review_mode(store(), author if writer else None, author)
(st.success if mode == "append" else st.info)(f"**Mode: {mode}.** {escape_markdown(why)}", icon="📝")

upload = st.file_uploader(f"Article file (.txt with url:, published:, publisher:, title: lines; at most "
                          f"{MAX_ARTICLE_CHARS:,} characters)", type=["txt"])
if upload is not None:
    if upload.size > 4 * MAX_ARTICLE_CHARS:  # UTF-8 takes at most four bytes a character
        st.error(f"{escape_markdown(upload.name)} is {upload.size:,} bytes; articles are read up to "
                 f"{MAX_ARTICLE_CHARS:,} characters.", icon="⚠️")
        st.stop()
    raw = upload.getvalue().decode("utf-8-sig", errors="replace")
else:
    raw = st.text_area("…or paste the article (the header lines are optional)", height=200, key="article_text",
                       max_chars=MAX_ARTICLE_CHARS)
if len(raw) > MAX_ARTICLE_CHARS:
    st.error(f"This article has {len(raw):,} characters; articles are read up to {MAX_ARTICLE_CHARS:,}. Paste the "
             "part that reports the events.", icon="⚠️")
    st.stop()
article = parse_article(raw)
left, right = st.columns(2)
# No keys: the fields take new defaults when another article's header fills them.
published = left.date_input("Published", value=article.published or dt.date.today(),
                            min_value=dt.date(1990, 1, 1), max_value=dt.date.today(), format="YYYY-MM-DD")
publisher = right.text_input("Publisher", value=article.publisher)
url = left.text_input("URL (http or https)", value=article.url)
title = right.text_input("Headline", value=article.title)
if st.button("Propose events", type="primary", disabled=not article.text.strip()):
    found = by_confidence(extract(article.text, published, url, publisher, title))
    st.session_state["candidates"] = found.assign(accept=found["confidence"] >= ACCEPT_FROM)
    st.session_state["candidates_text"] = article.text

found = st.session_state.get("candidates")
if found is None:
    st.stop()
if found.empty:
    st.warning("No events were found in this text. Events need an actor, an action and a date or a publication "
               "date; you can still add rows to the events file by hand.")
    st.stop()
st.subheader(f"{len(found)} proposed events, highest confidence first")
if notice := threshold_notice(st.query_params.get(THRESHOLD_KEY)):
    st.warning(escape_markdown(notice), icon="🔗")
threshold = st.slider("Hide proposals with confidence under", 0.0, 1.0, 0.0, 0.05, key=THRESHOLD_KEY,
                      bind="query-params", help="Confidence is the extractor's estimate that a proposal is right. "
                      "Hidden proposals are not accepted.")
shown = at_least(found, threshold)
if len(shown) < len(found):
    st.caption(escape_markdown(hidden_note(len(found) - len(shown), len(found), threshold)))
if shown.empty:
    st.info("Every proposal is under this threshold. Lower it to see them.")
    st.stop()
st.html(highlight(st.session_state["candidates_text"],
                  [(s, e, str(n)) for n, s, e in zip(shown.index, shown["sentence_start"], shown["sentence_end"],
                                                     strict=True)]))
edited = st.data_editor(
    shown[["accept", "confidence", *COLUMNS]], key="editor", hide_index=False, num_rows="fixed",
    column_config={"accept": st.column_config.CheckboxColumn("Accept"),
                   "confidence": st.column_config.ProgressColumn("Confidence", min_value=0.0, max_value=1.0),
                   "event_type": st.column_config.SelectboxColumn("Type", options=list(EVENT_TYPES)),
                   "status": st.column_config.SelectboxColumn("Status", options=list(STATUSES)),
                   "evidence": st.column_config.TextColumn("Evidence", width="large")},
    disabled=["confidence"])
found.loc[edited.index, edited.columns] = edited  # the edits outlive a threshold that hides, then shows, their row
accepted = edited[edited["accept"]].drop(columns=["accept", "confidence"])

curated, _ = load_current()
duplicates = likely_duplicates(accepted, curated.events)
if len(duplicates):
    st.warning(f"{duplicates['candidate_index'].nunique()} accepted rows look like events already in the file:",
               icon="👯")
    st.dataframe(duplicates.rename(columns={
        "candidate_index": "Candidate", "event_id": "Existing event", "title": "Its title", "reason": "Why"}),
        hide_index=True)
valid, problems = store().check(accepted, curated)
if problems:
    show_data_error(DataError(f"{len(problems)} problems in the accepted rows (row 1 = first accepted row); fix them "
                              "in the table:", problems), stop=False)
st.caption(f"{len(accepted)} accepted, {len(valid)} ready to add.")
if mode == "append":
    if st.button(f"Append {len(valid)} rows to {store().name}", disabled=valid.empty or bool(problems)):
        try:
            done = store().append(valid, author=author if writer else "", comment=f"from {url or 'an article'}")
        except DataError as error:
            show_data_error(error, stop=False)
        else:
            kept = f" (previous version kept as {done.backup.name})" if done.backup else ""
            st.success(f"Appended {done.appended} rows; {store().name} now holds {done.total:,} events{kept}.")
            del st.session_state["candidates"]
else:
    st.download_button(f"Download {len(valid)} rows (CSV, events-file format)", rows_csv(valid),
                       file_name="new-events.csv", mime="text/csv", disabled=valid.empty, on_click="ignore")
