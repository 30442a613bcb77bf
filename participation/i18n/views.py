"""The language switch: plain links that set the ``lang`` cookie and go back (no JavaScript)."""

from urllib.parse import urlsplit

from flask import abort, current_app, redirect, request, url_for
from werkzeug.exceptions import HTTPException

from ..core.urls import safe_local_target
from . import LANGUAGES, bp, formatting
from .selection import COOKIE, COOKIE_MAX_AGE, current_language, vary_on_language


def register(app):
    """Pages say they vary with the language; templates get the language links and the
    locale-aware date and number filters."""
    app.after_request(vary_on_language)
    env = app.jinja_env
    env.globals["current_locale_code"] = current_language
    env.globals["language_links"] = language_links
    env.filters["local_datetime"] = formatting.local_datetime
    env.filters["local_date"] = formatting.local_date
    env.filters["local_time"] = formatting.local_time
    env.filters["decimal"] = formatting.decimal


@bp.get("/language/<code>")
def switch(code):
    if code not in LANGUAGES:
        abort(404)
    response = redirect(safe_local_target(request.args.get("next"), url_for("pages.index")), code=303)
    response.set_cookie(
        COOKIE,
        code,
        max_age=COOKIE_MAX_AGE,
        path="/",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        httponly=True,
        samesite="Lax",
    )
    return response


def language_links():
    """For the switch in the header: each language with its link back to this page."""
    here = _this_page()
    current = current_language()
    return [
        {"code": code, "label": label, "current": code == current,
         "url": url_for("i18n.switch", code=code, next=here)}
        for code, label in LANGUAGES.items()
    ]


def _this_page():
    """Where the switch leads back to: this address, if it can be opened with GET.

    A rejected form is shown under the address it was posted to; when that address
    takes no GET (e.g. .../settings), the page the form was on (the Referer) is used.
    """
    if request.method in ("GET", "HEAD"):
        return request.full_path.rstrip("?")
    try:
        current_app.url_map.bind_to_environ(request.environ).match(method="GET")
    except HTTPException:
        referrer = urlsplit(request.referrer or "")
        if referrer.netloc == request.host and referrer.path:
            return referrer.path + (f"?{referrer.query}" if referrer.query else "")
        return url_for("pages.index")
    return request.path
