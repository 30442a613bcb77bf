"""Throttling failed moderator logins, per account name and per client.

Failures are counted in fixed windows (``LOGIN_WINDOW`` seconds). Names and client
addresses are only ever used as keyed hashes (HMAC with the app's secret key):

* per account name: in Redis when configured, otherwise in the database's rate counters,
  so every worker and server sees the same count;
* per client address: in Redis when configured, otherwise in this process's memory. An
  address, even hashed, never goes into the database.

A dead Redis falls back to the other store; throttling must never lock everyone out or
let everyone in because of it.
"""

import hashlib
import hmac
import threading
import time

from flask import current_app, request
from sqlalchemy import text

SCOPE = "login"


class LoginThrottled(Exception):
    def __init__(self, retry_after):
        super().__init__(retry_after)
        self.retry_after = retry_after


def _hashed(kind, value):
    key = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:40]
    return f"{SCOPE}-{kind}:{digest}"


def _user_key(username):
    return _hashed("user", " ".join((username or "").split()).casefold())


def _client_key():
    return _hashed("client", request.remote_addr or "unknown")


def _window(now):
    per = current_app.config["LOGIN_WINDOW"]
    return int(now // per), max(1, int((int(now // per) + 1) * per - now))


def check(username, now=None):
    """Raise ``LoginThrottled`` when this name or this client has failed too often lately."""
    now = time.time() if now is None else now
    window, retry_after = _window(now)
    config = current_app.config
    if _count(_user_key(username), window, shared=True) >= config["LOGIN_FAILURES_PER_USER"]:
        raise LoginThrottled(retry_after)
    if _count(_client_key(), window, shared=False) >= config["LOGIN_FAILURES_PER_CLIENT"]:
        raise LoginThrottled(retry_after)


def record_failure(username, now=None):
    now = time.time() if now is None else now
    window, _retry = _window(now)
    _increment(_user_key(username), window, shared=True)
    _increment(_client_key(), window, shared=False)


def forget_user(username):
    """After a successful login the account's failures no longer count."""
    key = _user_key(username)
    redis_client = _redis()
    if redis_client is not None and _redis_call(lambda: redis_client.delete(*_redis_names(key))) is not None:
        return
    _database_forget(key)


# --- stores -------------------------------------------------------------------------------


def _redis():
    return current_app.extensions.get("participation_redis_client")


def _redis_call(action):
    import redis

    try:
        return action()
    except (redis.RedisError, OSError):
        return None


def _redis_names(key):
    window, _retry = _window(time.time())
    return [f"participation:{key}:{number}" for number in (window - 1, window)]


def _count(key, window, shared):
    redis_client = _redis()
    if redis_client is not None:
        value = _redis_call(lambda: redis_client.get(f"participation:{key}:{window}") or 0)
        if value is not None:
            return int(value)
    return _database_count(key, window) if shared else _memory.count(key, window)


def _increment(key, window, shared):
    redis_client = _redis()
    if redis_client is not None:
        def incr():
            name = f"participation:{key}:{window}"
            pipe = redis_client.pipeline()
            pipe.incr(name)
            pipe.expire(name, current_app.config["LOGIN_WINDOW"] * 2)
            return pipe.execute()

        if _redis_call(incr) is not None:
            return
    if shared:
        _database_increment(key, window)
    else:
        _memory.increment(key, window)


def _database_count(key, window):
    from ..extensions import db

    value = db.session.execute(
        text("SELECT hits FROM rate_counter WHERE name = :name AND bucket = :bucket"),
        {"name": key, "bucket": window},
    ).scalar()
    return value or 0


def _database_increment(key, window):
    from ..database import write_transaction

    with write_transaction() as session:
        session.execute(
            text(
                "INSERT INTO rate_counter (name, bucket, hits) VALUES (:name, :bucket, 1) "
                "ON CONFLICT (name, bucket) DO UPDATE SET hits = rate_counter.hits + 1"
            ),
            {"name": key, "bucket": window},
        )
        # Old windows of login counters are of no use any more.
        session.execute(
            text("DELETE FROM rate_counter WHERE name LIKE :scope AND bucket < :bucket"),
            {"scope": f"{SCOPE}-%", "bucket": window},
        )


def _database_forget(key):
    from ..database import write_transaction

    with write_transaction() as session:
        session.execute(text("DELETE FROM rate_counter WHERE name = :name"), {"name": key})


class MemoryCounters:
    """Per-process failure counts per window; old windows are dropped as time goes on."""

    def __init__(self):
        self._counts = {}
        self._lock = threading.Lock()

    def count(self, key, window):
        with self._lock:
            return self._counts.get((key, window), 0)

    def increment(self, key, window):
        with self._lock:
            for stale in [entry for entry in self._counts if entry[1] < window]:
                del self._counts[stale]
            self._counts[(key, window)] = self._counts.get((key, window), 0) + 1

    def clear(self):
        with self._lock:
            self._counts.clear()


_memory = MemoryCounters()
