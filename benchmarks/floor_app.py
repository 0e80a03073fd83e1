"""The floor for the first chart: a one-file Streamlit app that draws one tiny plotly bar chart.

    streamlit run benchmarks/floor_app.py

Whatever a browser needs to show any plotly chart from Streamlit (the app shell, its websocket, plotly.js) it
needs here too; benchmarks/firstpage.py measures this app beside the tracker in the same run.
"""

import plotly.graph_objects as go
import streamlit as st

st.title("Floor")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[1, 3, 2])))
