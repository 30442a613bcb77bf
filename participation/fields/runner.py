"""Re-run the analysis shortly after ideas change, off the request path.

Posting never waits for the analysis: services send the ``content_changed`` signal after
their commit, and a thread of this worker runs the analysis for that workshop a moment
later (changes within the delay are handled in one run). The workers of a server (and,
with Redis, all servers) share one analysis per workshop and pace it (see
``coordination``): a hall posting 25 ideas a second is analysed about once a second in
all, not after every post in every worker; on a machine kept busy by other work the pause
after a run grows (``pacing``). With ``ANALYSIS_IN_BACKGROUND`` off (tests),
the analysis runs right away in the same request instead (always a full run).

When every change since the last run only added ideas (``kind=ADDED``), the run is
incremental: the new ideas are sorted with the model fitted before (``services.run_analysis``).
Any other change is counted as one needing a full fit in the shared state, so that whichever
process runs next fits the workshop anew.

The process that fitted a workshop last holds its model (``coordination``): the others
count their changes and leave them to it, and it watches the shared counter every
``WATCH_SECONDS`` for changes made elsewhere, giving a sign of life as it does. A holder that
saw no change for ``WATCH_IDLE_SECONDS`` lets the workshop go.
"""

import logging
import threading
import time

from flask import current_app

from ..extensions import db
from ..core.signals import ADDED, FULL, content_changed
from ..workshops.models import Workshop
from .coordination import HOLDER_SECONDS, LocalState, holder_elsewhere, process_token, shared_state
from .pacing import BusyPacing
from .services import run_analysis

log = logging.getLogger(__name__)

WATCH_SECONDS = 1.0
"""How often a holder looks at the shared counter for changes other processes made."""
ALIVE_SECONDS = HOLDER_SECONDS / 4
"""How often a watching holder writes its sign of life."""
WATCH_IDLE_SECONDS = 600.0
"""A holder that saw no change of a workshop for this long stops watching it and lets it go."""


class AnalysisRunner:
    def __init__(self, app, delay, state=None, pacing=3.0):
        self.app = app
        self.delay = delay
        self.busy = BusyPacing(pacing)
        self.state = state or LocalState()
        self._due = {}  # workshop_id -> monotonic time to run
        self._changed = set()  # workshops changed here whose change is not counted yet
        self._full = set()  # ... of those, the ones with a change that needs a full fit
        self._lock = threading.Condition()
        self._thread = None
        self._watched = {}  # workshop_id -> (changes seen, monotonic time they last moved, last sign of life)

    @property
    def token(self):
        """This process as a holder (``coordination.process_token``)."""
        return process_token()

    def request(self, workshop_id, delay=None, changed=False, full=True):
        """Analyse ``workshop_id`` after ``delay``; ``changed``: a commit here changed it
        (``full``: more than adding ideas).

        The shared change counter is bumped once when the run is due, not on every post:
        it is a file lock or a Redis round trip, and one bump made after the commits it
        covers tells the other processes just as much as a bump per commit.
        """
        with self._lock:
            if changed:
                self._changed.add(workshop_id)
                if full:
                    self._full.add(workshop_id)
            due = time.monotonic() + (self.delay if delay is None else delay)
            self._due[workshop_id] = min(due, self._due.get(workshop_id, due))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="analysis-runner", daemon=True)
                self._thread.start()
            self._lock.notify()

    def _run(self):
        while True:
            with self._lock:
                while not self._due:
                    self._lock.wait()
                workshop_id, due = min(self._due.items(), key=lambda item: item[1])
                wait = due - time.monotonic()
                if wait > 0:
                    self._lock.wait(wait)
                    continue
                del self._due[workshop_id]
                changed, full = workshop_id in self._changed, workshop_id in self._full
                self._changed.discard(workshop_id)
                self._full.discard(workshop_id)
            try:
                if changed:
                    self._count_change(workshop_id, full)
                self._lead(workshop_id)
            except Exception:
                log.exception("analysis of workshop %s failed", workshop_id)

    def _count_change(self, workshop_id, full=True):
        try:
            self.state.bump(workshop_id, full)
        except Exception:  # bookkeeping must never stop the analysis
            log.exception("could not count a change of workshop %s", workshop_id)

    def _lead(self, workshop_id):
        """Analyse if no other process does, a change is not covered yet and the pace allows.

        A change is left to the workshop's holder while that one is alive (it sorts new ideas
        with the model it fitted; a fit here would make that model stale); this process looks
        again after ``HOLDER_SECONDS`` and takes over if the change is still not covered."""
        with self.state.lease(workshop_id) as held:
            if not held:
                return  # the holder looks at the counter again once it lets go
            state = self.state.read(workshop_id)
            pending = state["changes"] != state["analysed"]
            if pending and holder_elsewhere(state, self.token, time.time()):
                self._watched.pop(workshop_id, None)
                self.request(workshop_id, delay=HOLDER_SECONDS)
                return
            if pending and state["not_before"] <= time.time():
                started, cpu = time.time(), time.thread_time()
                self._analyse(workshop_id)
                finished = time.time()
                pause = self.busy.pause(finished - started, time.thread_time() - cpu)  # longer on a busy machine
                self.state.finished(workshop_id, state["changes"], finished + pause)
        state = self.state.read(workshop_id)  # changes made while this process held the lease
        wait = max(0.0, state["not_before"] - time.time())
        if state["holder"] == self.token:
            self._watch(workshop_id, state, wait)
        elif state["changes"] != state["analysed"]:
            self.request(workshop_id, delay=wait)

    def _watch(self, workshop_id, state, wait):
        """As the workshop's holder: look at the counter again in ``WATCH_SECONDS`` (or when
        the pace allows, if sooner), giving a sign of life now and then; after
        ``WATCH_IDLE_SECONDS`` without a change, let the workshop go."""
        now = time.monotonic()
        pending = state["changes"] != state["analysed"]
        seen, moved, alive = self._watched.get(workshop_id, (None, now, now))
        if state["changes"] != seen:
            moved = now
        if now - moved >= WATCH_IDLE_SECONDS and not pending:
            self._watched.pop(workshop_id, None)
            self.state.release(workshop_id, self.token)
            return
        if now - alive >= ALIVE_SECONDS:
            self.state.alive(workshop_id, self.token)
            alive = now
        self._watched[workshop_id] = (state["changes"], moved, alive)
        self.request(workshop_id, delay=min(wait, WATCH_SECONDS) if pending else WATCH_SECONDS)

    def _analyse(self, workshop_id):
        with self.app.app_context():
            try:
                workshop = db.session.get(Workshop, workshop_id)
                if workshop is not None:
                    run_analysis(workshop, incremental=True, holder=self.token)
            finally:
                db.session.remove()


def connect(app):
    def on_content_changed(sender, workshop_id, kind=FULL):
        if current_app.config["ANALYSIS_IN_BACKGROUND"]:
            runner = current_app.extensions.get("participation_analysis_runner")
            if runner is None:
                app = current_app._get_current_object()
                runner = current_app.extensions.setdefault(
                    "participation_analysis_runner",
                    AnalysisRunner(app, app.config["ANALYSIS_DELAY"], shared_state(app), app.config["ANALYSIS_PACING"]),
                )
            if kind != ADDED:
                # Counted at once, not when the run is due: from now on no process sorts new
                # ideas with a model that still knows, say, the words of an idea just hidden.
                # (Rare: moderation and edits; posts are counted once per run.)
                runner._count_change(workshop_id, full=True)
            runner.request(workshop_id, changed=True, full=kind != ADDED)
        else:
            workshop = db.session.get(Workshop, workshop_id)
            if workshop is not None:
                run_analysis(workshop)

    content_changed.connect(on_content_changed, sender=app, weak=False)
