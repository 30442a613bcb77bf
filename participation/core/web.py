"""Response headers and template helpers every page needs."""

from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import get_locale

BERLIN = ZoneInfo("Europe/Berlin")

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def register(app):
    app.after_request(_security_headers)
    app.jinja_env.filters["berlin"] = format_berlin
    app.jinja_env.filters["germandate"] = format_german_date
    app.jinja_env.globals["current_locale_code"] = lambda: str(get_locale() or "de")


def _security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    if (current_app.config.get("PUBLIC_BASE_URL") or "").startswith("https://"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def format_berlin(value, pattern="%d.%m.%Y, %H:%M"):
    """Show a stored UTC timestamp in German local time."""
    if value is None:
        return ""
    return value.astimezone(BERLIN).strftime(pattern)


def format_german_date(value):
    return value.strftime("%d.%m.%Y") if value else ""
