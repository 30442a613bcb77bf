"""Automatic steps move on when their time is up, in every server process.

A daemon thread per process (started with the first request, so after gunicorn forks)
asks ``phases.services.tick`` every ``RUN_SHEET_TICK_SECONDS`` for automatic steps started
or changed anywhere, and wakes at the end of the next one it found (a query a second in
every process of every server cost a busy server's posts a few percent of its CPU).
Several processes and servers may ask at the same moment: a step ends once (a conditional
update). Between ticks the rule already treats the step as ended (``phases.phase``), so
posting and voting never depend on the tick's timing; the tick moves walls and phones on to
the next step.
"""

import logging
import os
import threading
import time
import weakref

from flask import request

from ..extensions import db
from ..phases.services import tick

log = logging.getLogger(__name__)
_STARTED = "participation_run_sheet_ticker"  # app.extensions key: the pid that runs a ticker
_LOCK = threading.Lock()


def register(app):
    interval = float(app.config.get("RUN_SHEET_TICK_SECONDS") or 0)
    if interval <= 0 or app.testing:  # tests call advance_due themselves
        return

    @app.before_request
    def _start_ticker():
        if app.extensions.get(_STARTED) == os.getpid():
            return
        # Only in a server (gunicorn, `flask run`): an app that only a test client or a
        # script calls has nobody waiting for a step to move on, and a thread of its own
        # would hold database connections after the script is done with them.
        if not request.environ.get("SERVER_SOFTWARE"):
            return
        with _LOCK:
            if app.extensions.get(_STARTED) == os.getpid():
                return
            app.extensions[_STARTED] = os.getpid()
        threading.Thread(target=_tick, args=(weakref.ref(app), interval), name="run-sheet-ticker",
                         daemon=True).start()


SOONEST = 0.05
"""The shortest sleep before a step's end (the end itself is exact: it is stored)."""


def next_pause(moved, upcoming, interval):
    """Seconds until the next tick: at the end of the next automatic step (``upcoming``
    seconds away) if that comes before the next look around in ``interval``; soon after
    moving a workshop on (its next step may be automatic too)."""
    if moved:
        return min(interval, 1.0)
    if upcoming is None:
        return interval
    return min(interval, max(SOONEST, upcoming))


def _tick(app_ref, interval):
    """Tick until the app is gone; after a failure wait longer each time (up to a minute)."""
    pause = interval
    while True:
        time.sleep(pause)
        app = app_ref()
        if app is None:
            return
        try:
            with app.app_context():
                try:
                    moved, upcoming = tick()
                finally:
                    db.session.remove()
            pause = next_pause(moved, upcoming, interval)
        except Exception:  # the next tick tries again; a dead ticker would stop every evening
            log.exception("run sheet tick failed")
            pause = min(60.0, pause * 2)
        del app
