"""Automatic steps move on when their time is up, in every server process.

A daemon thread per process (started with the first request, so after gunicorn forks)
asks ``phases.services.advance_due`` every ``RUN_SHEET_TICK_SECONDS``. Several processes
and servers may ask at the same moment: a step ends once (a conditional update). Between
ticks the rule already treats the step as ended (``phases.phase``), so posting and voting
never depend on the tick's timing; the tick moves walls and phones on to the next step.
"""

import logging
import os
import threading
import time

from ..extensions import db
from ..phases.services import advance_due

log = logging.getLogger(__name__)
_STARTED = "participation_run_sheet_ticker"  # app.extensions key: the pid that runs a ticker
_LOCK = threading.Lock()


def register(app):
    interval = float(app.config.get("RUN_SHEET_TICK_SECONDS") or 0)
    if interval <= 0:
        return

    @app.before_request
    def _start_ticker():
        if app.extensions.get(_STARTED) == os.getpid():
            return
        with _LOCK:
            if app.extensions.get(_STARTED) == os.getpid():
                return
            app.extensions[_STARTED] = os.getpid()
        threading.Thread(target=_tick, args=(app, interval), name="run-sheet-ticker", daemon=True).start()


def _tick(app, interval):
    while True:
        time.sleep(interval)
        try:
            with app.app_context():
                try:
                    advance_due()
                finally:
                    db.session.remove()
        except Exception:  # the next tick tries again; a dead ticker would stop every evening
            log.exception("run sheet tick failed")
