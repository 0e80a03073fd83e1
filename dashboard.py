"""Entry point: `streamlit run dashboard.py`.

Run by the server for each visit, it declares the pages (each draws the shared frame itself). Imported by
`streamlit run`, it is the server's app (`app`, below): the server then starts warming up, importing the pages'
modules and loading the events file, so the first visitor does not wait for that.
"""

from contextlib import asynccontextmanager

import streamlit as st

from tracker.ui.menu import PAGES

if __name__ == "__main__":  # a visit: Streamlit runs this file as __main__
    st.navigation(
        [st.Page(page.script, title=page.label, icon=page.icon, url_path=page.url_path, default=index == 0)
         for index, page in enumerate(PAGES)],
        position="hidden",
    ).run()
else:  # the server importing its app

    @asynccontextmanager
    async def _warm(_app):
        from tracker.ui.warm import start_warm_up

        start_warm_up()
        yield

    from tracker.ui.signin import signin_routes

    # The route that turns a password sign-in into the browser's HttpOnly cookie (tracker/ui/signin.py).
    app = st.App(__file__, lifespan=_warm, routes=signin_routes())
