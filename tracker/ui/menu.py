"""The pages: one record per page, shared by the navigation (dashboard.py) and the sidebar menu."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import urlencode


@dataclass(frozen=True)
class Page:
    """One page of the app: its script, its menu label and icon."""

    script: str
    label: str
    icon: str

    @property
    def url_path(self) -> str:
        """The page's address: the file's name, so links work the same before and after dashboard.py first runs
        (a freshly started server serves pages/<name>.py at /<name> until then)."""
        return Path(self.script).stem


# The menu's container key: its element has the class `st-key-tracker-menu`.
MENU_KEY = "tracker-menu"

# The pages, in menu order; the first is the app's default page, served at its root. Icons are Material Symbols,
# which Streamlit ships as a font (emoji need a colour-emoji font on the visitor's machine and show as boxes without).
PAGES = (
    Page("pages/overview.py", "Overview", ":material/dashboard:"),
    Page("pages/events.py", "Events", ":material/table_rows:"),
    Page("pages/map.py", "Map", ":material/public:"),
    Page("pages/flows.py", "Flows", ":material/swap_horiz:"),
    Page("pages/missions.py", "Missions", ":material/event:"),
    Page("pages/actor.py", "Actor profile", ":material/person:"),
    Page("pages/compare.py", "Compare", ":material/compare_arrows:"),
    Page("pages/event.py", "Event detail", ":material/search:"),
    Page("pages/data.py", "Your data", ":material/upload_file:"),
    Page("pages/review.py", "Add from an article", ":material/article:"),
    Page("pages/data_quality.py", "Data quality", ":material/fact_check:"),
    Page("pages/coverage.py", "Coverage", ":material/explore:"),
    Page("pages/about.py", "About the data", ":material/menu_book:"),
)


def menu_links(params: dict) -> list[tuple[str, str]]:
    """(label, relative URL) of every page, each carrying the current filters and data choice."""
    query = urlencode(params, doseq=True)
    links = []
    for index, page in enumerate(PAGES):
        path = "./" if index == 0 else f"./{page.url_path}"
        links.append((page.label, path + (f"?{query}" if query else "")))
    return links


def menu_html(params: dict) -> str:
    """Safe HTML of the menu as plain links, each loading its page as a shared link would: for a page run as an app
    of its own (AppTest, `streamlit run pages/<name>.py`), where Streamlit knows no other page to switch to."""
    items = "".join(f'<li style="margin:0.15rem 0"><a href="{escape(url)}" target="_self" '
                    f'style="text-decoration:none">{escape(label)}</a></li>' for label, url in menu_links(params))
    return f'<nav class="tracker-menu"><ul style="list-style:none;padding-left:0;margin:0">{items}</ul></nav>'
