"""Links: to an event, to a profile, and the ones Streamlit refuses.

A query string with too many parameters is dropped whole by Streamlit before any page runs.
Streamlit (runtime.app_session) empties such a query string and only logs it, so the visitor would see the
unfiltered view with no word of why. The sanitiser is wrapped to leave one parameter saying how many were
dropped, which the frame turns into a notice.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from streamlit.runtime import app_session
from streamlit.runtime.state import query_params

from tracker.core.actors import registry
from tracker.core.schema import status_title

# The parameter that carries the count of dropped parameters.
DROPPED_KEY = "dropped_params"

# Streamlit's limit on the parameters of a link.
MAX_LINK_FIELDS = query_params.CLIENT_STATE_QUERY_STRING_MAX_FIELDS

_streamlit_sanitise = query_params.sanitize_query_string


def sanitise(query_string: str) -> str:
    """Streamlit's sanitiser, except that a dropped query string leaves `dropped_params=<count>` behind."""
    kept = _streamlit_sanitise(query_string)
    if query_string and not kept:
        return f"{DROPPED_KEY}={query_string.count('&') + 1}"
    return kept


def install() -> None:
    """Route the server's sanitising of links through `sanitise` (idempotent)."""
    app_session.sanitize_query_string = sanitise


install()


def event_url(event_id: str) -> str:
    """The detail page of one event."""
    return f"./event?{urlencode({'event': event_id})}"


def event_link(row) -> str:
    """Safe HTML: a link to the event's detail page, its date, and its publisher (data is escaped)."""
    return (f'<a href="{escape(event_url(row.event_id))}" target="_self">{escape(row.date_label)} · '
            f'{escape(row.title)}</a> <span style="color:#666">({escape(row.source_publisher)})</span>')


def not_decided_mark(status: str) -> str:
    """Safe HTML after an event's link when counts do not count it: "not decided (proposed), not counted"."""
    return f' <em style="color:#a05a00">not decided ({escape(status_title(status).lower())}), not counted</em>'


def profile_links(codes: tuple[str, ...], params: dict) -> str:
    """Safe HTML: links to the profiles of these codes, keeping the filters and data choice."""
    query = urlencode({**params, "who": ""}, doseq=True)
    reg = registry()
    links = [f'<a href="./actor?{escape(query)}{escape(code)}" target="_self">Profile of {escape(reg.label(code))}</a>'
             for code in codes]
    return " · ".join(links)


# NOTE: one listener on the document (installed once per page load) rather than one per button: Streamlit may redraw
# the button on a rerun, and a listener tied to the old element would be lost. The address copied is the app's
# (st.context.url, as the visitor's browser shows it) with the query string the page has at the moment of the click,
# so filters changed since the last rerun are in it too.
_COPY_SCRIPT = """<script>(function () {
  if (window.__trackerCopyLink) return;
  window.__trackerCopyLink = true;
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (done, failed) {
      var area = document.createElement("textarea");
      area.value = text; area.setAttribute("readonly", ""); area.style.position = "fixed"; area.style.opacity = "0";
      document.body.appendChild(area); area.select();
      try { document.execCommand("copy") ? done() : failed(); } catch (error) { failed(error); }
      finally { area.remove(); }
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".tracker-copy-link");
    if (!button) return;
    var base = button.getAttribute("data-url");
    var link = base ? base + window.location.search : window.location.href;
    copy(link).then(function () {
      button.textContent = "\\u2713 Copied";
      setTimeout(function () { button.textContent = "Copy link"; }, 2000);
    }, function () { window.prompt("Copy this link:", link); });
  });
})();</script>"""

# Looks like Streamlit's small secondary button.
_BUTTON_STYLE = ("font:inherit;font-size:0.875rem;padding:0.25rem 0.75rem;border:1px solid rgba(49,51,63,0.2);"
                 "border-radius:0.5rem;background:#fff;color:inherit;cursor:pointer;white-space:nowrap")


def copy_link_html(app_url: str | None) -> str:
    """HTML (with a script) of a *Copy link* button that copies the address of the current view, filters included."""
    url = app_url if app_url and app_url.startswith(("http://", "https://")) else ""
    return (f'<button type="button" class="tracker-copy-link" data-url="{escape(url)}" style="{_BUTTON_STYLE}" '
            'title="Copy the address of this view: whoever opens it sees the same filters">'
            "Copy link</button>" + _COPY_SCRIPT)
