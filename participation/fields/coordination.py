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
"""

import fcntl
import json
import logging
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)


_EMPTY = {"changes": 0, "analysed": 0, "not_before": 0.0, "full": 0, "fits": 0}


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

    def fitted(self, workshop_id):
        """Count a full fit; returns the new count."""
        with self._lock:
            state = self._state.setdefault(workshop_id, dict(_EMPTY))
            state["fits"] += 1
            return state["fits"]

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

    def fitted(self, workshop_id):
        with self._locked(workshop_id) as state:
            state["fits"] += 1
            return state["fits"]

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

    def fitted(self, workshop_id):
        local = self.local.fitted(workshop_id)
        try:
            return int(self.client.incr(self._key(workshop_id, "fits")))
        except Exception:  # a model fitted without Redis is used as long as Redis stays away
            return -local

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
            changes, analysed, not_before, full, fits = self.client.mget(
                [self._key(workshop_id, name) for name in ("changes", "analysed", "not_before", "full", "fits")]
            )
            return {"changes": int(changes or 0), "analysed": int(analysed or 0),
                    "not_before": float(not_before or 0.0), "full": int(full or 0), "fits": int(fits or 0)}
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
