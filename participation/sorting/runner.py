"""Re-run the analysis shortly after ideas change, off the request path.

Posting never waits for the analysis: services send the ``content_changed`` signal after
their commit, and a thread of this worker runs the analysis for that workshop a moment
later (changes within the delay are handled in one run). With ``ANALYSIS_IN_BACKGROUND``
off (tests), the analysis runs right away in the same request instead.
"""

import logging
import threading
import time

from flask import current_app

from ..extensions import db
from ..core.signals import content_changed
from ..workshops.models import Workshop
from .services import run_analysis

log = logging.getLogger(__name__)


class AnalysisRunner:
    def __init__(self, app, delay):
        self.app = app
        self.delay = delay
        self._due = {}  # workshop_id -> monotonic time to run
        self._lock = threading.Condition()
        self._thread = None

    def request(self, workshop_id):
        with self._lock:
            self._due.setdefault(workshop_id, time.monotonic() + self.delay)
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
            self._analyse(workshop_id)

    def _analyse(self, workshop_id):
        with self.app.app_context():
            try:
                workshop = db.session.get(Workshop, workshop_id)
                if workshop is not None:
                    run_analysis(workshop)
            except Exception:
                log.exception("analysis of workshop %s failed", workshop_id)
            finally:
                db.session.remove()


def connect(app):
    def on_content_changed(sender, workshop_id):
        if current_app.config["ANALYSIS_IN_BACKGROUND"]:
            runner = current_app.extensions.get("participation_analysis_runner")
            if runner is None:
                runner = current_app.extensions.setdefault(
                    "participation_analysis_runner",
                    AnalysisRunner(current_app._get_current_object(), current_app.config["ANALYSIS_DELAY"]),
                )
            runner.request(workshop_id)
        else:
            workshop = db.session.get(Workshop, workshop_id)
            if workshop is not None:
                run_analysis(workshop)

    content_changed.connect(on_content_changed, sender=app, weak=False)
