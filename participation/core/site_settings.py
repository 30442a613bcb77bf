"""Installation-wide settings an admin changes in the app (today: the public address).

Stored in the database so every worker and every app server sees the same value; each
process keeps what it read for a few seconds (``CACHE_SECONDS``), so a change reaches all of
them within that time without a restart, while a page view costs no extra query. The
process that writes a value forgets its cache at once.
"""

import logging
import threading
import time

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..database import write_transaction
from ..extensions import db
from .timeutil import UTCDateTime, utcnow

log = logging.getLogger(__name__)

CACHE_SECONDS = 3.0
PUBLIC_BASE_URL = "public_base_url"


class SiteSetting(db.Model):
    key = db.Column(db.String(64), primary_key=True)
    value = db.Column(db.Text, nullable=False, default="")
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)


class _Cache:
    """The settings one process last read, per app (tests run several apps on several databases).

    One thread at a time reads, and never while holding the lock: the read waits for a
    pooled connection, and with the pool taken by requests that wait for this cache, a
    hall's requests once stood still for the pool's 30 s timeout, again and again. While
    a thread reads, the others use the values read before.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.values = None
        self.read_at = 0.0
        self.reading = False
        self.generation = 0  # moves on with every forget(): a read begun before is not kept

    def get(self, clock):
        with self.lock:
            if self.values is not None and (self.reading or clock() - self.read_at < CACHE_SECONDS):
                return self.values
            self.reading = True
            generation = self.generation
        try:
            values = _read_all()
        finally:
            with self.lock:
                self.reading = False
        with self.lock:
            if generation != self.generation:
                return values or {}
            if values is not None or self.values is None:
                self.values = values or {}
            self.read_at = clock()
            return self.values

    def forget(self):
        with self.lock:
            self.values = None
            self.generation += 1


def _read_all():
    """Every stored setting, or None when they cannot be read.

    A request asks at its very end (Flask's session cookie asks whether it is Secure), while
    its session still holds a pooled connection. Reading on a second one there deadlocked a
    freshly started worker: its first burst of requests (a hall scanning the QR code) each
    held a connection and waited for another, the pool (15) ran dry, and every request
    stood still for the pool's 30 s timeout. So a thread whose session holds a transaction
    reads through that connection, inside a savepoint: a database not yet migrated (no
    table) reads as "nothing set", and the request's own transaction stays untouched. Any
    other thread (none held) reads on a connection of its own.
    """
    session, query = db.session(), select(SiteSetting.key, SiteSetting.value)
    try:
        if session.in_transaction():
            with session.begin_nested():
                rows = session.execute(query).all()
        else:
            with db.engine.connect() as connection:
                rows = connection.execute(query).all()
    except SQLAlchemyError:
        log.warning("site settings could not be read; using the last values read, else the configured defaults",
                    exc_info=True)
        return None
    return {key: value for key, value in rows}


def _cache(app):
    return app.extensions.setdefault("participation_site_settings", _Cache())


def setting(app, key, clock=time.monotonic):
    """The stored value of ``key`` (None when unset), at most ``CACHE_SECONDS`` old."""
    return _cache(app).get(clock).get(key) or None


def store_setting(app, key, value):
    """Store ``value`` (empty: remove the setting) and apply it in this process at once."""
    with write_transaction() as session:
        row = session.get(SiteSetting, key)
        if not value:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(SiteSetting(key=key, value=value))
        else:
            row.value = value
    _cache(app).forget()
