"""Slowing down password guessing without locking anyone out.

Nobody is ever locked out for a fixed time: a client that keeps failing waits longer and
longer (exponential backoff), and only that client waits. Three kinds of state:

* per client and account name ("pair"): after ``LOGIN_FREE_FAILURES`` failures, each
  further attempt of this client for this name waits ``LOGIN_DELAY_BASE * 2**k`` seconds
  (at most ``LOGIN_DELAY_MAX``) after its last attempt;
* per client across names: the same after ``LOGIN_FAILURES_PER_CLIENT`` failures, so one
  address cannot try many names quickly either;
* per account name ("user"): failures from everywhere in ``LOGIN_WINDOW``. From
  ``LOGIN_FAILURES_PER_USER`` on the account counts as under attack, and a client's delays
  start after its first own failure for that name. A client that has not failed itself is
  never refused, so the real person with the right password gets in from another device.

A client is its address, or, when the browser has logged in to that account before, its
"known device" cookie (a random id signed with the secret key, set at a successful login):
a known device is judged by its own failures only, so a guesser on the same venue address
cannot slow it down. Nothing ever sleeps in a request: a refused attempt is answered at
once with the seconds to wait.

Names, addresses and device ids are only ever used as keyed hashes (HMAC with the secret
key). Client state lives in Redis when configured, otherwise in this process's memory (an
address, even hashed, never goes into the database); the per-name count is kept by the
rate-limit store (``limits``: Redis or the database's rate counters), so every worker sees
it. A dead Redis falls back to the other store: throttling must never lock everyone out or
let everyone in because of it.
"""

import hashlib
import hmac
import math
import secrets
import threading

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from .. import limits

SCOPE = "login"
USER_SCOPE = f"{SCOPE}-user"  # the rate-limit store's scope of failures per account name
DEVICE_COOKIE = "known_device"
DEVICE_COOKIE_MAX_AGE = 400 * 86400
DEVICE_ACCOUNTS = 8  # account names one browser is remembered for


class LoginThrottled(Exception):
    def __init__(self, retry_after):
        super().__init__(retry_after)
        self.retry_after = retry_after


def _digest(kind, value):
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:40]


def _hashed(kind, value):
    return f"{SCOPE}-{kind}:{_digest(kind, value)}"


def _name(username):
    return " ".join((username or "").split()).casefold()


def _user_digest(username):
    return _digest("user", _name(username))


def _address():
    return request.remote_addr or "unknown"


# --- known devices -------------------------------------------------------------------------


def _serializer():
    return URLSafeTimedSerializer(str(current_app.config["SECRET_KEY"]), salt="known-device")


def _device():
    """(device id, account name digests) of this browser's valid cookie, or (None, [])."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw or len(raw) > 2000:
        return None, []
    try:
        value = _serializer().loads(raw, max_age=DEVICE_COOKIE_MAX_AGE)
    except BadSignature:
        return None, []
    if not isinstance(value, dict) or not isinstance(value.get("d"), str) or not isinstance(value.get("u"), list):
        return None, []
    return value["d"], [name for name in value["u"] if isinstance(name, str)]


def _known_device(username):
    """This browser's device id if it has logged in to ``username`` before, else None."""
    device, names = _device()
    return device if device and _digest("device-user", _name(username)) in names else None


def remember_device(response, username):
    """After a successful login: this browser is a known device for ``username``."""
    device, names = _device()
    name = _digest("device-user", _name(username))
    names = [name, *(other for other in names if other != name)][:DEVICE_ACCOUNTS]
    config = current_app.config
    response.set_cookie(
        DEVICE_COOKIE,
        _serializer().dumps({"d": device or secrets.token_urlsafe(16), "u": names}),
        max_age=DEVICE_COOKIE_MAX_AGE,
        httponly=True,
        secure=bool(config["SESSION_COOKIE_SECURE"]),
        samesite="Lax",
        path="/moderation",
    )
    return response


# --- the decision ---------------------------------------------------------------------------


class Attempt:
    """An admitted login attempt; tell it how it ended."""

    def __init__(self, username, pair_key, client_key):
        self.username = username
        self.pair_key = pair_key
        self.client_key = client_key

    def failed(self):
        limits.add(USER_SCOPE, _user_digest(self.username), current_app.config["LOGIN_WINDOW"])

    def succeeded(self):
        # The attempt was counted when it was admitted (a burst of parallel guesses cannot
        # all slip through before their failures are recorded); a success takes it back.
        _backoff_forget(self.pair_key)
        if self.client_key:
            _backoff_undo(self.client_key)


def _failures_of(username, now):
    """Failures for this account name from everywhere, in ``LOGIN_WINDOW`` and the one before."""
    return limits.recent(USER_SCOPE, _user_digest(username), current_app.config["LOGIN_WINDOW"], now)


def _delay(failures, free):
    """Seconds to wait after the last attempt, for a client that has failed ``failures`` times."""
    if failures < free:
        return 0
    config = current_app.config
    return min(config["LOGIN_DELAY_MAX"], config["LOGIN_DELAY_BASE"] * 2 ** min(failures - free, 30))


def admit(username):
    """Admit a login attempt for ``username`` (returns an ``Attempt``) or raise ``LoginThrottled``.

    Every key is checked before any is counted, so a refused attempt costs nothing more.
    """
    now = limits.clock()
    config = current_app.config
    device = _known_device(username)
    free = config["LOGIN_FREE_FAILURES"]
    if device is None and _failures_of(username, now) >= config["LOGIN_FAILURES_PER_USER"]:
        free = 1  # the account is under attack: delays start after the client's first failure
    client = f"device:{device}" if device else f"address:{_address()}"
    pair_key = _hashed("pair", f"{client}|{_name(username)}")
    client_key = None if device else _hashed("client", _address())
    checks = [(pair_key, free)]
    if client_key:
        checks.append((client_key, config["LOGIN_FAILURES_PER_CLIENT"]))
    ticket = secrets.token_hex(8)  # marks what this attempt counted, to take it back
    wait = max(_backoff_admit(key, free_failures, now, ticket) for key, free_failures in checks)
    if wait > 0:
        for key, _free in checks:
            _backoff_release(key, ticket)
        raise LoginThrottled(max(1, math.ceil(wait)))
    return Attempt(username, pair_key, client_key)


# --- backoff state: Redis, else memory --------------------------------------------------------

# KEYS[1]: the hash {n: failures, t: last attempt, p: ticket of the last admission};
# ARGV: now, free, base, max, ttl, ticket.
# Admits (counts the attempt, returns 0) or returns the seconds still to wait.
ADMIT_SCRIPT = """
local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
local t = tonumber(redis.call('HGET', KEYS[1], 't') or '0')
local now, free, base, max, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
if now - t > ttl then n = 0 end
local delay = 0
if n >= free then delay = math.min(max, base * 2 ^ math.min(n - free, 30)) end
if now < t + delay then return tostring(t + delay - now) end
redis.call('HSET', KEYS[1], 'n', n + 1, 't', ARGV[1], 'p', ARGV[6])
redis.call('EXPIRE', KEYS[1], math.ceil(ttl + max))
return '0'
"""


def _ttl():
    """Quiet time after which a client's failures are forgotten."""
    return current_app.config["LOGIN_WINDOW"]


def _redis():
    return current_app.extensions.get("participation_redis_client")


def _redis_call(action):
    import redis

    try:
        return action()
    except (redis.RedisError, OSError):
        return None


def _redis_name(key):
    return f"participation:{key}"


def _backoff_admit(key, free, now, ticket):
    config = current_app.config
    redis_client = _redis()
    if redis_client is not None:
        script = redis_client.register_script(ADMIT_SCRIPT)
        args = [repr(now), free, config["LOGIN_DELAY_BASE"], config["LOGIN_DELAY_MAX"], _ttl(), ticket]
        answer = _redis_call(lambda: script(keys=[_redis_name(key)], args=args))
        if answer is not None:
            return float(answer)
    return _memory.admit(key, now, lambda failures: _delay(failures, free), _ttl(), ticket)


def _backoff_release(key, ticket):
    """Take back the attempt ``_backoff_admit`` counted with ``ticket`` (another check refused it)."""
    redis_client = _redis()
    if redis_client is not None:
        name = _redis_name(key)

        def undo():
            if redis_client.hget(name, "p") in (ticket, ticket.encode()):
                redis_client.hincrby(name, "n", -1)
                redis_client.hdel(name, "p")
            return True

        if _redis_call(undo) is not None:
            return
    _memory.release(key, ticket)


def _backoff_undo(key):
    redis_client = _redis()
    if redis_client is not None:
        name = _redis_name(key)

        def undo():
            if int(redis_client.hget(name, "n") or 0) > 0:
                redis_client.hincrby(name, "n", -1)
            return True

        if _redis_call(undo) is not None:
            return
    _memory.undo(key)


def _backoff_forget(key):
    redis_client = _redis()
    if redis_client is not None and _redis_call(lambda: redis_client.delete(_redis_name(key))) is not None:
        return
    _memory.forget(key)


class MemoryBackoff:
    """Per-process backoff state: key -> (failures, last attempt, ticket of the last admission)."""

    SWEEP_EVERY = 512

    def __init__(self):
        self._state = {}
        self._lock = threading.Lock()
        self._operations = 0

    def admit(self, key, now, delay_of, ttl, ticket):
        with self._lock:
            self._sweep(now, ttl)
            failures, last, _pending = self._state.get(key, (0, 0.0, None))
            if now - last > ttl:
                failures = 0
            wait = last + delay_of(failures) - now
            if wait > 0:
                return wait
            self._state[key] = (failures + 1, now, ticket)
            return 0

    def release(self, key, ticket):
        with self._lock:
            entry = self._state.get(key)
            if entry and entry[2] == ticket:
                self._state[key] = (max(0, entry[0] - 1), entry[1], None)

    def undo(self, key):
        with self._lock:
            entry = self._state.get(key)
            if entry:
                self._state[key] = (max(0, entry[0] - 1), entry[1], None)

    def forget(self, key):
        with self._lock:
            self._state.pop(key, None)

    def failures(self, key):
        with self._lock:
            return self._state.get(key, (0, 0.0, None))[0]

    def keys(self):
        with self._lock:
            return list(self._state)

    def clear(self):
        with self._lock:
            self._state.clear()

    def _sweep(self, now, ttl):
        self._operations += 1
        if self._operations % self.SWEEP_EVERY:
            return
        horizon = ttl + current_app.config["LOGIN_DELAY_MAX"]
        for key in [key for key, entry in self._state.items() if now - entry[1] > horizon]:
            del self._state[key]


_memory = MemoryBackoff()

