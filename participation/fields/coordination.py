"""Which process analyses a workshop, so that a busy hall is analysed once, not once per worker.

Every process that commits a change to a workshop bumps the workshop's change counter.
When its analysis is due, a process takes the workshop's lease without waiting; if
another process holds it, that one analyses and covers the change: it compares the
counter with what it analysed after every run, once it has let the lease go. Runs of one
workshop are also paced across processes: after a run that took d seconds the next
starts no sooner than ``pacing`` x d later, so the analysis of a growing hall never
takes the cores the posts need.

Shared state lives in Redis when configured (several servers), else in files beside the
SQLite database (one server, several workers). With neither, each process coordinates
only its own runs. A failing Redis never stops the analysis: the process then runs it
on its own.

Incremental analysis (see ``services.run_analysis``): besides the change counter, the
state counts the changes that need a full fit (``full``: anything but plain new ideas) and
the full fits made by any process (``fits``). A process keeps a fitted model only as long
as both are what they were when it fitted: once another process fitted again (say, after a
moderator's decision) or a change needs a full fit, its model is stale and it fits anew.

The process that fitted last is the workshop's *holder* (``holder``, with ``holder_seen``, its
last sign of life). The others leave their changes to it: it watches the counter (see
``runner``) and sorts the new ideas with its model, so posts arriving at three workers are
sorted incrementally by one of them instead of each fitting anew in turn (every fit made the
others' models stale). A holder silent for ``HOLDER_SECONDS`` has gone (a worker restarted):
the next process with a change fits and holds the workshop from then on.
"""

import fcntl
import json
import logging
import os
import secrets
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)


_EMPTY = {"changes": 0, "analysed": 0, "not_before": 0.0, "full": 0, "fits": 0, "holder": "", "holder_seen": 0.0}

HOLDER_SECONDS = 10.0
"""How long a holder counts as alive without a sign of life (it gives one every few seconds
while it watches, and holds the lease while it analyses)."""

_TOKENS = {}


def process_token():
    """This process as the shared state names a holder: host, process id and a random part
    (a restarted worker may get the same id)."""
    pid = os.getpid()
    token = _TOKENS.get(pid)
    if token is None:
        token = _TOKENS.setdefault(pid, f"{socket.gethostname()}:{pid}:{secrets.token_hex(4)}")
    return token


def holder_elsewhere(state, token, now):
    """Whether another process than ``token``'s holds the workshop and showed life lately."""
    return bool(state["holder"]) and state["holder"] != token and now - state["holder_seen"] < HOLDER_SECONDS


def _complete(state):
    return {**_EMPTY, **state}


class LocalState:
    """Counters of this process only."""

    def __init__(self):
        self._lock = threading.Lock()
        self._leases = set()
        self._state = {}

    def bump(self, workshop_id, full=True):
        with self._lock:
            state = self._state.setdefault(workshop_id, dict(_EMPTY))
            state["changes"] += 1
            state["full"] += bool(full)

    def fitted(self, workshop_id, holder=""):
        """Count a full fit made by ``holder`` (a ``process_token``); returns the new count."""
        with self._lock:
            state = self._state.setdefault(workshop_id, dict(_EMPTY))
            state["fits"] += 1
            state["holder"], state["holder_seen"] = holder, time.time()
            return state["fits"]

    def alive(self, workshop_id, holder):
        """The holder's sign of life (nothing if ``holder`` no longer holds the workshop)."""
        with self._lock:
            state = self._state.get(workshop_id)
            if state is not None and state["holder"] == holder:
                state["holder_seen"] = time.time()

    def release(self, workshop_id, holder):
        """``holder`` lets the workshop go: the next process with a change fits it at once."""
        with self._lock:
            state = self._state.get(workshop_id)
            if state is not None and state["holder"] == holder:
                state["holder"] = ""

    @contextmanager
    def lease(self, workshop_id):
        with self._lock:
            held = workshop_id in self._leases
            self._leases.add(workshop_id)
        try:
            yield not held
        finally:
            if not held:
                with self._lock:
                    self._leases.discard(workshop_id)

    def read(self, workshop_id):
        with self._lock:
            return dict(self._state.get(workshop_id) or _EMPTY)

    def finished(self, workshop_id, analysed, not_before):
        with self._lock:
            state = self._state.setdefault(workshop_id, dict(_EMPTY))
            state["analysed"], state["not_before"] = analysed, not_before


class FileState:
    """Counters in small files that every worker of one server shares (flock)."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    @contextmanager
    def _locked(self, workshop_id):
        fd = os.open(self.folder / f"{int(workshop_id)}.json", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            raw = os.pread(fd, 4096, 0)
            try:
                state = _complete(json.loads(raw)) if raw else dict(_EMPTY)
            except ValueError:  # a worker killed mid-write: analyse once more (and fit anew) to be sure
                state = {**_EMPTY, "changes": 1, "full": int(time.time()), "fits": int(time.time())}
            yield state
            data = json.dumps(state).encode()
            os.pwrite(fd, data, 0)
            os.ftruncate(fd, len(data))
        finally:
            os.close(fd)  # also lets the flock go

    def bump(self, workshop_id, full=True):
        with self._locked(workshop_id) as state:
            state["changes"] += 1
            state["full"] += bool(full)

    def fitted(self, workshop_id, holder=""):
        with self._locked(workshop_id) as state:
            state["fits"] += 1
            state["holder"], state["holder_seen"] = holder, time.time()
            return state["fits"]

    def alive(self, workshop_id, holder):
        with self._locked(workshop_id) as state:
            if state["holder"] == holder:
                state["holder_seen"] = time.time()

    def release(self, workshop_id, holder):
        with self._locked(workshop_id) as state:
            if state["holder"] == holder:
                state["holder"] = ""

    @contextmanager
    def lease(self, workshop_id):
        fd = os.open(self.folder / f"{int(workshop_id)}.lease", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                held = True
            except BlockingIOError:
                held = False
            yield held
        finally:
            os.close(fd)

    def read(self, workshop_id):
        with self._locked(workshop_id) as state:
            return dict(state)

    def finished(self, workshop_id, analysed, not_before):
        with self._locked(workshop_id) as state:
            state["analysed"], state["not_before"] = analysed, not_before


class RedisState:
    """Counters in Redis, for several servers; a lease expires if its holder dies."""

    LEASE_SECONDS = 120

    def __init__(self, client, prefix="participation:analysis"):
        self.client, self.prefix = client, prefix
        self.local = LocalState()

    def _key(self, workshop_id, name):
        return f"{self.prefix}:{int(workshop_id)}:{name}"

    def bump(self, workshop_id, full=True):
        self.local.bump(workshop_id, full)
        try:
            self.client.incr(self._key(workshop_id, "changes"))
            if full:
                self.client.incr(self._key(workshop_id, "full"))
        except Exception:  # Redis down: this process analyses on its own
            log.warning("Redis unreachable; analysing without coordination")

    def fitted(self, workshop_id, holder=""):
        local = self.local.fitted(workshop_id, holder)
        try:
            pipe = self.client.pipeline()
            pipe.incr(self._key(workshop_id, "fits"))
            pipe.mset({self._key(workshop_id, "holder"): holder, self._key(workshop_id, "holder_seen"): time.time()})
            return int(pipe.execute()[0])
        except Exception:  # a model fitted without Redis is used as long as Redis stays away
            return -local

    def alive(self, workshop_id, holder):
        self.local.alive(workshop_id, holder)
        try:
            if (self.client.get(self._key(workshop_id, "holder")) or b"").decode() == holder:
                self.client.set(self._key(workshop_id, "holder_seen"), time.time())
        except Exception:
            pass  # without Redis this process coordinates its own runs only

    def release(self, workshop_id, holder):
        self.local.release(workshop_id, holder)
        try:
            key = self._key(workshop_id, "holder")
            if (self.client.get(key) or b"").decode() == holder:
                self.client.set(key, "")
        except Exception:
            pass

    @contextmanager
    def lease(self, workshop_id):
        token = f"{os.getpid()}-{threading.get_ident()}-{time.monotonic()}"
        key = self._key(workshop_id, "lease")
        try:
            held = bool(self.client.set(key, token, nx=True, ex=self.LEASE_SECONDS))
        except Exception:
            with self.local.lease(workshop_id) as held:
                yield held
            return
        try:
            yield held
        finally:
            if held:
                try:
                    if self.client.get(key) == token.encode():
                        self.client.delete(key)
                except Exception:
                    pass  # it expires

    def read(self, workshop_id):
        try:
            changes, analysed, not_before, full, fits, holder, seen = self.client.mget(
                [self._key(workshop_id, name)
                 for name in ("changes", "analysed", "not_before", "full", "fits", "holder", "holder_seen")]
            )
            return {"changes": int(changes or 0), "analysed": int(analysed or 0),
                    "not_before": float(not_before or 0.0), "full": int(full or 0), "fits": int(fits or 0),
                    "holder": (holder or b"").decode(), "holder_seen": float(seen or 0.0)}
        except Exception:
            state = self.local.read(workshop_id)
            return {**state, "fits": -state["fits"]}

    def finished(self, workshop_id, analysed, not_before):
        self.local.finished(workshop_id, self.local.read(workshop_id)["changes"], not_before)
        try:
            self.client.mset({self._key(workshop_id, "analysed"): analysed,
                              self._key(workshop_id, "not_before"): not_before})
        except Exception:
            pass


def shared_state(app):
    """Where the workers (and servers) keep their analysis counters: one object per app."""
    state = app.extensions.get("participation_analysis_state")
    if state is None:
        state = app.extensions.setdefault("participation_analysis_state", _new_state(app))
    return state


def _new_state(app):
    if app.config.get("REDIS_URL"):
        client = app.extensions.get("participation_redis_client")
        if client is not None:
            return RedisState(client)
    uri = app.config.get("SQLALCHEMY_DATABASE_URI") or ""
    if uri.startswith("sqlite:///") and ":memory:" not in uri:
        return FileState(Path(app.instance_path) / "analysis")
    return LocalState()
