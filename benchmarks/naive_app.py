"""Naive baseline: the dashboard as a user would write it by hand (read on every rerun, plot the raw rows).

    EVENTS_PATH=data/events.csv streamlit run benchmarks/naive_app.py    # then open /?page=flows

One script, one "page" per page of the tracker, chosen by ?page= (and ?who=, ?event= as on ours). It filters with
pandas and plots with plotly express, as a competent user would, but caches nothing and sends every row to the chart.
"""

import datetime as dt
import os

import pandas as pd
import plotly.express as px
import streamlit as st

st.set_page_config(page_title="Events (naive)", layout="wide")
df = pd.read_csv(os.environ.get("EVENTS_PATH", "data/events.csv"), parse_dates=["date", "end_date"])
page = st.query_params.get("page", "overview")

# Sidebar filters, with the same keys as the tracker's.
side = st.sidebar
start = side.date_input("From", value=None, key="from")
end = side.date_input("To", value=None, key="to")
all_actors = sorted(df["actors"].str.split(";").explode().dropna().unique())
actors = side.multiselect("Actors", all_actors, key="actor")
types = side.multiselect("Event types", sorted(df["event_type"].unique()), key="type")
statuses = side.multiselect("Status", sorted(df["status"].unique()), key="status")
q = side.text_input("Search", key="q")
if start:
    df = df[df["date"] >= pd.Timestamp(start)]
if end:
    df = df[df["date"] <= pd.Timestamp(end)]
if actors:
    df = df[df["actors"].str.split(";").apply(lambda codes: bool(set(codes) & set(actors)))]
if types:
    df = df[df["event_type"].isin(types)]
if statuses:
    df = df[df["status"].isin(statuses)]
if q:
    df = df[df["title"].str.contains(q, case=False) | df["description"].str.contains(q, case=False, na=False)]
st.title(f"{page.replace('_', ' ').title()}: {len(df):,} events")

by_actor = df.assign(actor=df["actors"].str.split(";")).explode("actor")
by_target = df.assign(target=df["targets"].str.split(";")).explode("target")
if page == "overview":
    cols = st.columns(3)
    cols[0].metric("Events", len(df))
    cols[1].metric("Actors", by_actor["actor"].nunique())
    cols[2].metric("Latest", str(df["date"].max().date()) if len(df) else "-")
    st.plotly_chart(px.scatter(by_actor, x="date", y="actor", color="event_type", hover_name="title"))
    monthly = df.assign(month=df["date"].dt.to_period("M").dt.to_timestamp())
    st.plotly_chart(px.histogram(monthly, x="month", color="event_type", title="Events per month"))
    left, right = st.columns(2)
    left.plotly_chart(px.bar(by_actor["actor"].value_counts().head(10), orientation="h", title="Top actors"))
    right.plotly_chart(px.bar(by_target["target"].value_counts().head(10), orientation="h", title="Top targets"))
elif page == "events":
    st.dataframe(df.sort_values("date", ascending=False), hide_index=True)
    st.download_button("Download CSV", df.to_csv(index=False), "events.csv")
elif page == "map":
    counts = pd.concat([by_actor["actor"], by_target["target"]]).value_counts().rename_axis("code").reset_index()
    st.plotly_chart(px.choropleth(counts, locations="code", color="count", title="Events per country"))
elif page == "flows":
    pairs = by_actor.assign(target=by_actor["targets"].str.split(";")).explode("target").dropna(subset="target")
    st.plotly_chart(px.parallel_categories(pairs, dimensions=["actor", "event_type", "target"]))
    st.plotly_chart(px.density_heatmap(pairs, x="target", y="actor", title="Who acts on whom"))
elif page == "missions":
    missions = df[df["initiative"].notna() & df["event_type"].str.startswith(("mission", "sanctions"))]
    missions = missions.assign(end=missions["end_date"].fillna(pd.Timestamp.today()))
    st.plotly_chart(px.timeline(missions, x_start="date", x_end="end", y="initiative", color="status"))
    soon = missions[(missions["end_date"] >= pd.Timestamp.today())
                    & (missions["end_date"] <= pd.Timestamp.today() + pd.DateOffset(months=12))]
    st.dataframe(soon[["end_date", "initiative", "title", "source_url"]], hide_index=True)
elif page == "actor":
    who = st.text_input("Country or organisation", st.query_params.get("who", ""))
    mine = df[df["actors"].str.contains(who, na=False) | df["targets"].str.contains(who, na=False)] if who else df
    st.plotly_chart(px.histogram(mine, x="date", color="event_type", title=f"Events of {who} per year"))
    partners = pd.concat([mine["actors"].str.split(";").explode(), mine["targets"].str.split(";").explode()])
    left, right = st.columns(2)
    left.plotly_chart(px.bar(partners[partners != who].value_counts().head(10), title="Main counterparts"))
    right.plotly_chart(px.pie(mine, names="event_type", title="Event types"))
    st.dataframe(mine.sort_values("date", ascending=False).head(10), hide_index=True)
elif page == "event":
    match = df[df["event_id"] == st.query_params.get("event", "")]
    if match.empty:
        st.warning("No such event.")
    else:
        event = match.iloc[0]
        st.header(event["title"])
        st.dataframe(event.astype(str).rename("value"))
        near = df[(df["initiative"] == event["initiative"]) | (df["actors"] == event["actors"])]
        st.dataframe(near[(near["date"] - event["date"]).abs() <= dt.timedelta(days=90)].head(20), hide_index=True)
elif page == "data_quality":
    required = ["event_id", "date", "event_type", "status", "actors", "title", "source_publisher"]
    bad = df[df[required].isna().any(axis=1) | df["event_id"].duplicated()]
    st.metric("Rows with problems", len(bad))
    st.dataframe(bad, hide_index=True)
elif page == "about":
    st.dataframe(pd.DataFrame({"column": df.columns, "type": df.dtypes.astype(str), "empty": df.isna().sum()}))
    st.dataframe(df["source_publisher"].value_counts(), hide_index=False)
