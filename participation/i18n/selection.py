"""Which language a request gets.

In this order: the person's own choice (the ``lang`` cookie set by the switch), then the
language a moderator set for the workshop an attendee page belongs to, then the browser's
Accept-Language, then German.
"""

from flask import current_app, g, has_request_context, request
from flask_babel import get_locale
from sqlalchemy.exc import SQLAlchemyError

from . import LANGUAGES

COOKIE = "lang"
COOKIE_MAX_AGE = 60 * 60 * 24 * 365
_SOURCES = "participation_language_sources"  # app.extensions key: [(argument, blueprint, lookup)]


def workshop_language_from(app, argument, language_of, blueprint=None):
    """Attendee pages whose address carries ``argument`` (a join code, a focus group's
    token) speak the language ``language_of(value)`` returns for their workshop (or None).

    The features that own those addresses register here when the app is built; with
    ``blueprint``, only that blueprint's pages. The first matching registration decides.
    """
    app.extensions.setdefault(_SOURCES, []).append((argument, blueprint, language_of))


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
    for argument, blueprint, language_of in current_app.extensions.get(_SOURCES, ()):
        if argument in arguments and blueprint in (None, request.blueprint):
            try:
                language = language_of(arguments[argument])
            except SQLAlchemyError:
                return None  # e.g. an error page after a failed transaction: the browser decides
            return language if language in LANGUAGES else None
    return None


def vary_on_language(response):
    """Pages whose words depend on the cookie and the browser's language say so to caches."""
    if g.get("language_negotiated"):
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
    return response
