"""Automatic deletion of closed workshops, RETENTION_DAYS after they were closed (the
dates: workshops.retention).

Also drops abuse counters whose window is over (they carry cookie hashes).

`flask retention` runs it from cron; every server process also runs it at most once per
RETENTION_SWEEP_INTERVAL (in a thread of its own, started by a request), so a server
without cron still deletes on time. It also prunes the live event log (``events.prune``). Both go
through the same delete path as the moderator's delete button, and drop the workshop's
rendered charts, whose labels are its texts.
"""

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, request
from sqlalchemy import func, select, text

from ..charts.cache import chart_cache
from ..core.timeutil import utcnow
from ..database import write_transaction
from ..events.prune import prune_events
from ..extensions import db
from ..moderation.services import delete_workshop
from ..workshops.models import Workshop
from ..workshops.retention import closing_time, deletion_date, retention_days, warning_period

log = logging.getLogger(__name__)


@dataclass
class Due:
    id: int
    code: str
    title: str
    closed: datetime
    deletion: datetime


def _closed_workshops(before):
    closing = func.coalesce(Workshop.closed_at, Workshop.updated_at)
    return db.session.scalars(
        select(Workshop).where(Workshop.is_open.is_(False), closing <= before).order_by(closing, Workshop.id)
    ).all()


def due_workshops(now=None):
    """Closed workshops whose deletion date has come."""
    days = retention_days()
    if days <= 0:
        return []
    now = now or utcnow()
    return [_due(workshop) for workshop in _closed_workshops(now - timedelta(days=days))]


def upcoming_workshops(now=None):
    """Closed workshops to be deleted within the warning period (not yet due)."""
    days = retention_days()
    if days <= 0:
        return []
    now = now or utcnow()
    horizon = now - timedelta(days=days) + warning_period()
    return [item for item in map(_due, _closed_workshops(horizon)) if item.deletion > now]


def _due(workshop):
    return Due(workshop.id, workshop.code, workshop.title, closing_time(workshop), deletion_date(workshop))


def delete_due_workshops(now=None, dry_run=False):
    """Delete every workshop whose deletion date has come; returns what was (or would be) deleted."""
    due = due_workshops(now)
    if dry_run:
        return due
    deleted = []
    for item in due:
        workshop = db.session.get(Workshop, item.id)
        if workshop is None or workshop.is_open:  # deleted or reopened meanwhile
            continue
        delete_workshop(workshop)
        _forget_charts([item.id])
        deleted.append(item)
        log.info("workshop deleted by retention", extra={"event": "retention.deleted", "workshop_id": item.id})
    return deleted


# --- rendered charts ----------------------------------------------------------------------


def _forget_charts(workshop_ids):
    for workshop_id in workshop_ids:
        chart_cache.forget(workshop_id)


def _cached_workshop_ids():
    return chart_cache.workshop_ids()


def forget_charts_of_deleted_workshops():
    """Drop this process's charts of workshops deleted elsewhere (another worker, cron)."""
    cached = _cached_workshop_ids()
    if not cached:
        return 0
    existing = set(db.session.scalars(select(Workshop.id).where(Workshop.id.in_(cached))).all())
    gone = cached - existing
    _forget_charts(gone)
    return len(gone)


# --- abuse counters ---------------------------------------------------------------------------


def purge_stale_counters(now=None):
    """Delete the database's abuse counters of windows that are over; returns how many.

    They carry cookie hashes and are useless once their window has passed. Login counters
    (their own, longer window) are cleaned by the login throttle itself.
    """
    now = time.time() if now is None else now
    current = int(now // current_app.config["RATE_LIMIT_WINDOW"])
    with write_transaction() as session:
        result = session.execute(
            text("DELETE FROM rate_counter WHERE name NOT LIKE :login AND bucket < :current"),
            {"login": "login-%", "current": current},
        )
    return result.rowcount or 0


# --- the sweep inside each server process ----------------------------------------------------


SKIPPED_ENDPOINTS = {"static", "ops.healthz"}


def sweep():
    """One retention run in this process: delete due workshops, forget their charts, prune
    the live event log."""
    deleted = delete_due_workshops()
    forget_charts_of_deleted_workshops()
    purge_stale_counters()
    prune_event_log()
    return deleted


def prune_event_log(now=None):
    """Drop old live events (``events.prune``) as configured; returns how many."""
    config = current_app.config
    return prune_events(config["EVENT_LOG_KEEP"], timedelta(hours=config["EVENT_LOG_KEEP_HOURS"]), now=now)


def register_sweep(app):
    """Run ``sweep`` at the start of a request at most every RETENTION_SWEEP_INTERVAL seconds.

    Off in tests (they call ``sweep`` themselves) and when the interval is 0.
    """
    interval = app.config.get("RETENTION_SWEEP_INTERVAL") or 0
    if interval <= 0 or app.testing:
        return
    state = {"next": 0.0, "lock": threading.Lock(), "thread": None}
    app.extensions["participation_retention_sweep"] = state  # tests join the running sweep

    def run():
        try:
            with app.app_context():
                try:
                    sweep()
                except Exception:  # a failed sweep is logged; the next one tries again
                    db.session.rollback()
                    log.exception("retention sweep failed", extra={"event": "retention.failed"})
                finally:
                    db.session.remove()
        finally:
            state["lock"].release()

    @app.before_request
    def _sweep_when_due():
        # The request only starts the sweep: it runs in a thread of its own (pruning the
        # event log of a workshop open for weeks deletes thousands of rows), never in a post.
        if request.endpoint in SKIPPED_ENDPOINTS or time.monotonic() < state["next"]:
            return
        if not state["lock"].acquire(blocking=False):
            return
        state["next"] = time.monotonic() + interval
        try:
            state["thread"] = threading.Thread(target=run, name="retention-sweep", daemon=True)
            state["thread"].start()
        except Exception:
            state["lock"].release()
            log.exception("retention sweep failed", extra={"event": "retention.failed"})
