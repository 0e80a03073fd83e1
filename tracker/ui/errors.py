"""The one place a user-facing data error is shown: its sentence, then the rows at fault."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tracker.core.errors import DataError
from tracker.ui.markdown import escape_markdown

# Columns of the table of rows at fault.
PROBLEM_COLUMNS = ["row", "column", "value", "reason"]


def problems_table(error: DataError) -> pd.DataFrame:
    """The rows at fault as a table (row, column, value, reason)."""
    return pd.DataFrame([vars(p) for p in error.problems], columns=PROBLEM_COLUMNS)


def show_data_error(error: DataError, stop: bool = True) -> None:
    """The sentence and the table of failing rows; then stop the page, unless the page goes on after it."""
    st.error(escape_markdown(str(error)), icon="⚠️")
    if error.problems:
        st.dataframe(problems_table(error), hide_index=True)
    if stop:
        st.stop()
