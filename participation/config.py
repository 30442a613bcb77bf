"""Configuration layers: defaults here, then instance/config.py, then the environment."""

import os

ENVIRONMENT_KEYS = ("SECRET_KEY", "DATABASE_URL", "PUBLIC_BASE_URL")


class DefaultConfig:
    SECRET_KEY = None  # filled from instance/secret_key when not configured
    SQLALCHEMY_DATABASE_URI = None  # default: SQLite file in the instance folder
    PUBLIC_BASE_URL = None  # e.g. "http://192.168.1.20:5000", the address phones reach
    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"
    IDEA_MAX_LENGTH_DEFAULT = 500
    PARTICIPANT_COOKIE = "participant"
    PARTICIPANT_COOKIE_MAX_AGE = 60 * 60 * 24 * 90
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # a workshop evening outlasts the default hour
    SQLITE_BUSY_TIMEOUT_MS = 15000
    MAX_CONTENT_LENGTH = 1024 * 1024


def environment_overrides(environ=os.environ):
    """Settings taken from environment variables; DATABASE_URL maps to SQLAlchemy's key."""
    overrides = {}
    for key in ENVIRONMENT_KEYS:
        value = environ.get(key)
        if value:
            overrides["SQLALCHEMY_DATABASE_URI" if key == "DATABASE_URL" else key] = value
    return overrides


def normalise_database_url(url):
    """Accept the common postgres:// spellings and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
