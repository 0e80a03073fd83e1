"""A password sign-in remembered by the browser: the HttpOnly cookie, the server route that sets and clears it, and
the two small scripts that call that route.

Why a route: Streamlit talks to the page over a WebSocket, which cannot set a cookie, and a cookie written by a
page script could be read by page scripts too. So after a right password the server keeps the signed token
under a one-time ticket (tracker.access.Tickets, 60 s), the page posts the ticket to `_tracker/signin`, and that
answer sets the cookie: HttpOnly, SameSite=Strict, Secure over https, holding only the signed token (never the
password). Every later page load, reload or tab of that browser sends it with its WebSocket, where the gate reads
it (`st.context.cookies`). *Sign out* posts `sign-out`, whose answer deletes it.
"""

from __future__ import annotations

import json

from streamlit import config

from tracker.access import Revoked, Tickets

# The cookie's name.
COOKIE = "tracker_signin"

# The route, relative to the app's address (the page's folder), so a base path or a proxy prefix is kept.
ROUTE = "_tracker/signin"

# What the page posts to clear the cookie.
SIGN_OUT = "sign-out"

# A header a cross-site form cannot send without the server's (never given) permission: no cross-site calls.
HEADER = "X-Tracker-Signin"

# Tickets waiting for the browser, and sign-ins ended early; process-wide, shared by the route and the pages.
TICKETS = Tickets()
REVOKED = Revoked()


def _post(body: str) -> str:
    # The body is a ticket (URL-safe characters) or SIGN_OUT; json.dumps makes it a safe JavaScript string.
    return ("<script>(function () {"
            f"fetch(new URL({json.dumps(ROUTE)}, window.location.href), {{method: 'POST', credentials: "
            f"'same-origin', cache: 'no-store', headers: {{{json.dumps(HEADER)}: '1', 'Content-Type': 'text/plain'}},"
            f" body: {json.dumps(body)}}});"
            "})();</script>")


def remember_script(ticket: str) -> str:
    """HTML whose script hands this ticket to the server, which sets the cookie."""
    return _post(ticket)


def forget_script() -> str:
    """HTML whose script asks the server to delete the cookie."""
    return _post(SIGN_OUT)


def _is_https(request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


async def _endpoint(request):
    from starlette.responses import Response

    if request.headers.get(HEADER) != "1":
        return Response(status_code=403)
    body = (await request.body())[:200].decode("ascii", "replace").strip()
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    secure = _is_https(request)
    if body == SIGN_OUT:
        response.delete_cookie(COOKIE, path="/", secure=secure, httponly=True, samesite="strict")
        return response
    redeemed = TICKETS.redeem(body)
    if redeemed is None:
        return Response(status_code=403)
    token, max_age = redeemed
    response.set_cookie(COOKIE, token, max_age=max_age, path="/", secure=secure, httponly=True, samesite="strict")
    return response


def signin_routes() -> list:
    """The route for the server's st.App (dashboard.py): at the root and under server.baseUrlPath."""
    from starlette.routing import Route

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    paths = sorted({f"/{ROUTE}", f"/{base}/{ROUTE}" if base else f"/{ROUTE}"})
    return [Route(path, _endpoint, methods=["POST"]) for path in paths]
