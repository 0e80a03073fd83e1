"""Entry point: `streamlit run dashboard.py` declares the pages; each page draws the shared frame itself."""

import streamlit as st

from tracker.ui import PAGES

# url paths equal the file names, so links work the same before and after this script first runs
# (a freshly started server serves pages/<name>.py at /<name> until then).
st.navigation(
    [st.Page(script, title=label, icon=icon, url_path=script.removeprefix("pages/").removesuffix(".py"),
             default=index == 0) for index, (script, label, icon) in enumerate(PAGES)],
    position="hidden",
).run()
