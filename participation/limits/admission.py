"""Admission of new participants: limits that hold for browsers without a participant cookie.

A browser that drops its participant cookie is a new participant at its next post or
join, with fresh per-participant limits. So creating a participant is limited itself:

* per browser session (Flask's session cookie, which every form's CSRF token needs):
  ``PARTICIPANTS_PER_SESSION`` within ``PARTICIPANT_SESSION_WINDOW`` seconds, counted
  like every other limit (Redis or the database's rate counters), by a keyed hash of the
  session's CSRF secret. A phone joins a workshop once and never notices.
* per client address, for scripts that drop the session cookie too: a token bucket of
  ``PARTICIPANT_BURST`` joins refilled at ``PARTICIPANT_REFILL_PER_SECOND``. A whole hall
  shares the venue's one address, so it is generous (500 phones joining within a minute
  stay inside it); a loop empties it within a second. The address is only ever used as
  a keyed hash (HMAC with the secret key), kept in Redis under a key that expires within
  seconds, or else in this worker's memory; never in the database or a log.
* participants created while more than ``PARTICIPANT_HOLD_AFTER`` joins of that bucket
  are in use (a burst beyond what a hall's joining produces) are *held*: their ideas wait
  for a moderator's approval and their dots count among a new participant's
  (``voting.services``).

The bucket is a GCRA (generic cell rate algorithm): one number per address, the moment
the bucket would be full again; a join moves it on by one interval and is refused when it
would lie more than the burst ahead of now.
"""

import hashlib
import hmac
import math
import secrets
import threading

from flask import current_app, has_request_context, request, session

from .. import limits

SESSION = "session"
ADDRESS = "address"


class JoinRefused(limits.RateLimited):
    """Too many new participants from this browser session (``SESSION``) or address (``ADDRESS``)."""

    def __init__(self, retry_after, reason):
        super().__init__(retry_after)
        self.reason = reason


def _keyed(kind, value):
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:40]


def session_key():
    """A keyed hash naming this browser session: of its CSRF secret (every form sends the
    token made from it), or of a random id given to a session that has none yet."""
    name = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    secret = session.get(name)
    if not isinstance(secret, str) or not secret:
        secret = session.setdefault("participant_sid", secrets.token_urlsafe(16))
    return _keyed("session", secret)


def address_key():
    return _keyed("address", request.remote_addr or "unknown")


def admit_new_participant(db_session=None):
    """Count the creation of a participant for this request; returns whether it is *held*.

    Raises ``JoinRefused`` over either budget. Given the write transaction that creates
    the participant (``db_session``), a database counter is kept in it. Outside a request
    (command line, demo) nothing is limited.
    """
    if not has_request_context():
        return False
    config = current_app.config
    try:
        limits.hit("join-session", session_key(), config["PARTICIPANTS_PER_SESSION"],
                   config["PARTICIPANT_SESSION_WINDOW"], session=db_session)
    except limits.RateLimited as limited:
        raise JoinRefused(limited.retry_after, SESSION) from None
    rate, burst = config["PARTICIPANT_REFILL_PER_SECOND"], config["PARTICIPANT_BURST"]
    if not rate or not burst:
        return False  # no address budget configured
    interval = max(1, round(1000 / rate))  # milliseconds per join
    tolerance = burst * interval
    allowed, backlog = _take(address_key(), round(limits.clock() * 1000), interval, tolerance)
    if not allowed:
        raise JoinRefused(max(1, math.ceil((backlog - tolerance) / 1000)), ADDRESS)
    return backlog > config["PARTICIPANT_HOLD_AFTER"] * interval


# --- the bucket's stores --------------------------------------------------------------------

_GCRA = """
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local tolerance = tonumber(ARGV[3])
local full_at = tonumber(redis.call('GET', KEYS[1]) or '0')
if full_at < now then full_at = now end
local backlog = full_at + interval - now
if backlog > tolerance then return {0, backlog} end
redis.call('SET', KEYS[1], full_at + interval, 'PX', backlog + 1000)
return {1, backlog}
"""


def _take(key, now_ms, interval, tolerance):
    """Take one join from ``key``'s bucket: ``(allowed, backlog in ms after it)``."""
    client = current_app.extensions.get("participation_redis_client")
    if client is not None:
        import redis

        try:
            script = current_app.extensions.get("participation_join_script")
            if script is None:
                script = current_app.extensions.setdefault("participation_join_script", client.register_script(_GCRA))
            allowed, backlog = script(keys=[f"participation:join-address:{key}"], args=[now_ms, interval, tolerance])
            return bool(allowed), int(backlog)
        except (redis.RedisError, OSError):
            pass  # Redis down: this worker's memory counts
    buckets = current_app.extensions.get("participation_join_buckets")
    if buckets is None:
        buckets = current_app.extensions.setdefault("participation_join_buckets", MemoryBuckets())
    return buckets.take(key, now_ms, interval, tolerance)


class MemoryBuckets:
    """The buckets of one worker process: keyed hash -> when the bucket is full again."""

    def __init__(self):
        self._full_at = {}
        self._lock = threading.Lock()

    def take(self, key, now_ms, interval, tolerance):
        with self._lock:
            if len(self._full_at) > 1000:  # forget buckets that are full again
                self._full_at = {name: at for name, at in self._full_at.items() if at > now_ms}
            full_at = max(self._full_at.get(key, 0), now_ms)
            backlog = full_at + interval - now_ms
            if backlog > tolerance:
                return False, backlog
            self._full_at[key] = full_at + interval
            return True, backlog
