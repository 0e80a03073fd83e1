"""Entry point: `streamlit run dashboard.py` declares the pages; each page draws the shared frame itself."""

import streamlit as st

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon="📊", url_path="overview", default=True),
    st.Page("pages/events.py", title="Events", icon="📋", url_path="events"),
    st.Page("pages/data_quality.py", title="Data quality", icon="🩺", url_path="data-quality"),
    st.Page("pages/about.py", title="About the data", icon="📖", url_path="about"),
]

st.navigation(PAGES).run()
