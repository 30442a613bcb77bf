"""The one store of rate counters: per participant token (never per IP: a whole hall
shares one venue address), and the login throttle's failures per account name.

Fixed-window counters that hold across every worker and app server: in Redis when
``REDIS_URL`` is set, otherwise (and while Redis is down) in the database's
``rate_counter`` table. ``hit`` counts an action against a limit; ``add`` counts an event
without one and ``recent`` reads the count of this window and the one before.
"""

import time
from datetime import datetime, timezone

from flask import current_app
from sqlalchemy import delete, text

from ..database import write_transaction
from ..extensions import db
from .models import RateCounter


def clock():
    """Seconds since the epoch: every limit reads the time here (tests put a fake clock in)."""
    return time.time()


def clock_utc():
    """``clock()`` as an aware UTC datetime, for the timestamps the limits compare."""
    return datetime.fromtimestamp(clock(), timezone.utc)


class RateLimited(Exception):
    def __init__(self, retry_after):
        super().__init__(retry_after)
        self.retry_after = retry_after


def hit(scope, subject, limit, per_seconds, now=None, session=None):
    """Count one action of ``subject`` (a participant token hash) in ``scope``.

    Raises ``RateLimited`` when this action would exceed ``limit`` within the current
    window of ``per_seconds`` seconds. Given the ``session`` of the action's own write
    transaction, a database counter is kept in that transaction: one commit (one fsync
    on SQLite) per action instead of two, and a failed action is not counted. A refused
    action is never counted in the database, even when the transaction goes on (posts
    written together, see ``core.group_commit``).
    """
    outcome, = hit_each(scope, [subject], limit, per_seconds, now, session)
    if isinstance(outcome, RateLimited):
        raise outcome
    return outcome


def hit_each(scope, subjects, limit, per_seconds, now=None, session=None):
    """``hit`` for one action of each subject, in order (a subject may come more than once);
    returns each action's count, or a ``RateLimited`` for those refused. With Redis, all
    are counted in one round trip."""
    now = clock() if now is None else now
    window = int(now // per_seconds)
    keys = [f"{scope}:{subject}" for subject in subjects]
    limited = RateLimited(max(1, int((window + 1) * per_seconds - now)))
    redis_client = _redis_client()
    counts = _hit_redis(redis_client, keys, window, per_seconds) if redis_client is not None else None
    if counts is None:
        counts = [_hit_database(key, window, limit, session) for key in keys]
    return [limited if count is None or count > limit else count for count in counts]


def add(scope, subject, per_seconds, now=None):
    """Count one event of ``subject`` in ``scope`` with no limit (a failed login, say).

    In the database, in a short write transaction of its own, which also forgets the
    scope's windows before the previous one: ``recent`` never reads them.
    """
    now = clock() if now is None else now
    window = int(now // per_seconds)
    key = f"{scope}:{subject}"
    redis_client = _redis_client()
    if redis_client is not None and _hit_redis(redis_client, [key], window, per_seconds) is not None:
        return
    with write_transaction() as session:
        _upsert(session, key, window, _NO_LIMIT)
        session.execute(_FORGET_OLD, {"scope": _like_prefix(scope), "bucket": window - 1})


def recent(scope, subject, per_seconds, now=None):
    """How many events of ``subject`` in ``scope`` this window and the previous one hold
    (two windows: no cliff at a window's end); reading counts nothing."""
    import redis

    now = clock() if now is None else now
    window = int(now // per_seconds)
    key = f"{scope}:{subject}"
    redis_client = _redis_client()
    if redis_client is not None:
        try:
            values = redis_client.mget([_redis_name(key, number) for number in (window - 1, window)])
        except (redis.RedisError, OSError):
            pass  # Redis down: the database's count is the one kept meanwhile
        else:
            return sum(int(value or 0) for value in values)
    value = db.session.execute(_RECENT, {"name": key, "bucket": window - 1}).scalar()
    return int(value or 0)


def _redis_client():
    return current_app.extensions.get("participation_redis_client")


def _redis_name(key, window):
    return f"participation:rate:{key}:{window}"


def _hit_redis(client, keys, window, per_seconds):
    import redis

    names = [_redis_name(key, window) for key in keys]
    try:
        # No MULTI/EXEC around them: the commands go in one write and Redis runs them in
        # order; a transaction only added three replies to read per post.
        pipe = client.pipeline(transaction=False)
        for name in names:
            pipe.incr(name)
            pipe.expire(name, per_seconds * 2)
        return pipe.execute()[::2]
    except (redis.RedisError, OSError):
        return None  # Redis down: the database keeps counting


def _hit_database(key, window, limit, session=None):
    """The count including this action, or None when the limit is reached already.

    An atomic upsert, in ``session``'s write transaction or in a short one of its own.
    """
    if session is None:
        with write_transaction() as session:
            return _upsert(session, key, window, limit)
    return _upsert(session, key, window, limit)


_UPSERT = text(
    "INSERT INTO rate_counter (name, bucket, hits) VALUES (:name, :bucket, 1) "
    "ON CONFLICT (name, bucket) DO UPDATE SET hits = rate_counter.hits + 1 WHERE rate_counter.hits < :limit "
    "RETURNING hits"
)
_NO_LIMIT = 2**31 - 1  # the largest count the column holds
_RECENT = text("SELECT SUM(hits) FROM rate_counter WHERE name = :name AND bucket >= :bucket")
_FORGET_OLD = text("DELETE FROM rate_counter WHERE name LIKE :scope ESCAPE '\\' AND bucket < :bucket")


def _like_prefix(scope):
    """A LIKE pattern for the names of ``scope`` (its ``%`` and ``_`` taken literally)."""
    escaped = scope.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}:%"


def _upsert(session, key, window, limit):
    if limit < 1:
        return None
    return session.connection().execute(_UPSERT, {"name": key, "bucket": window, "limit": limit}).scalar()


def purge_counters():
    """Forget all database counters (e.g. after an event); windows are short-lived anyway."""
    with write_transaction() as session:
        session.execute(delete(RateCounter))
