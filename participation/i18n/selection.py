"""Which language a request gets.

In this order: the person's own choice (the ``lang`` cookie set by the switch), then the
language a moderator set for the workshop an attendee page belongs to, then the browser's
Accept-Language, then German.
"""

from flask import current_app, g, has_request_context, request
from flask_babel import get_locale
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from ..workshops.codes import normalise_code
from ..workshops.models import Workshop
from . import LANGUAGES

COOKIE = "lang"
COOKIE_MAX_AGE = 60 * 60 * 24 * 365


def select_locale():
    """Flask-Babel's locale selector (called at most once per request)."""
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():
        return default  # CLI, background analysis: exports and charts ask explicitly
    g.language_negotiated = True
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return workshop_language() or request.accept_languages.best_match(list(LANGUAGES)) or default


def current_language():
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def workshop_language():
    """The language set for the workshop this attendee page belongs to, or None.

    Attendee pages carry the workshop in their address: a join code (/j/<code>...,
    /w/<code>..., /api/workshops/<code>...) or a focus group's token (/f/<token>...).
    Moderator pages (/moderation/...) follow the moderator, not the workshop. A view that
    already knows its workshop may set ``g.workshop_language`` itself.
    """
    if "workshop_language" not in g:
        g.workshop_language = _language_from_address()
    return g.workshop_language


def _language_from_address():
    arguments = request.view_args or {}
    try:
        if "code" in arguments:
            code = normalise_code(arguments["code"])
            language = code and db.session.scalar(select(Workshop.language).where(Workshop.code == code))
        elif "token" in arguments and request.blueprint == "focus_groups":
            from ..focus_groups.services import link_for_token  # the focus package imports much

            link = link_for_token(arguments["token"])
            language = link and db.session.scalar(
                select(Workshop.language).where(Workshop.id == link.workshop_id)
            )
        else:
            return None
    except SQLAlchemyError:
        return None  # e.g. an error page after a failed transaction: the browser decides
    return language if language in LANGUAGES else None


def vary_on_language(response):
    """Pages whose words depend on the cookie and the browser's language say so to caches."""
    if g.get("language_negotiated"):
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
    return response
