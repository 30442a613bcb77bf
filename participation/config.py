"""Configuration layers: defaults here, then instance/config.py, then the environment."""

import os

ENVIRONMENT_KEYS = ("SECRET_KEY", "DATABASE_URL", "PUBLIC_BASE_URL", "REDIS_URL")


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
    # None: Secure exactly when PUBLIC_BASE_URL is https (a venue LAN on http keeps working)
    SESSION_COOKIE_SECURE = None
    REMEMBER_COOKIE_SECURE = None
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # a workshop evening outlasts the default hour
    SQLITE_BUSY_TIMEOUT_MS = 15000
    MAX_CONTENT_LENGTH = 1024 * 1024
    REDIS_URL = None  # e.g. "redis://127.0.0.1:6379/0": fan-out and rate limits across servers
    # Live updates
    LIVE_POLL_INTERVAL = 0.2  # seconds between looks at the event log without Redis
    LIVE_HEARTBEAT = 15  # seconds between keep-alive comments on an idle stream
    LIVE_STREAM_LIFETIME = 300  # a stream ends after this and the browser reconnects at once
    LIVE_RETRY_MS = 1500  # how soon a browser reconnects after a drop
    # Text analysis: runs shortly after ideas change, in a thread of the worker
    ANALYSIS_IN_BACKGROUND = True
    ANALYSIS_DELAY = 0.5  # seconds; changes within this time are analysed in one run
    # Abuse limits per participant (never per IP: the whole room shares one address)
    RATE_LIMIT_WINDOW = 60
    IDEA_RATE_LIMIT = 12  # ideas per participant per window
    VOTE_RATE_LIMIT = 40  # dots given or taken back per participant per window


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
