"""Pruning the live event log: it must not grow for the weeks an online phase stays open.

The log (``events.models.Event``) is read for three things: catch-up of a stream or a poll
that was away (from the client's last seq on), the newest ``qr`` event (whether the wall
shows the QR code: ``runsheet.remote_views.qr_on_wall``) and nothing else: the edit
history of an idea lives in its own table (``IdeaRevision``), exports read the ideas.

So each workshop keeps its newest ``keep`` events and every event younger than
``younger_than``, and its newest ``qr`` event whatever its age. What a client missed
before the oldest kept event is gone: ``live.current.catch_up`` sees the hole (a
workshop's seqs are contiguous) and tells the client to reload instead of showing a
list with a silent gap.

Runs in the retention sweep (``ops.retention.sweep``: ``flask retention`` from cron and
once an hour inside each server process, in a thread of its own), a few thousand rows per
short transaction, so a post never waits long for it.
"""

from datetime import timedelta

from sqlalchemy import func, select, text

from ..core.timeutil import utcnow
from ..database import write_transaction
from ..extensions import db
from .models import Event

CHUNK = 5000  # events deleted per transaction at most
_COUNTERS = text("SELECT id, event_seq FROM workshop")  # (the workshops' layer is above this one)


def prune_events(keep, younger_than=timedelta(hours=24), now=None, chunk=CHUNK):
    """Delete each workshop's events older than its newest ``keep`` and than
    ``younger_than`` (its newest ``qr`` event stays); returns how many were deleted."""
    keep = max(1, int(keep))  # the newest event always stays: a client's position stays checkable
    cutoff = (now or utcnow()) - younger_than
    deleted = 0
    for workshop_id, latest in db.session.execute(_COUNTERS).all():
        upto = (latest or 0) - keep  # events at or below this seq may go (if old enough)
        if upto <= 0:
            continue
        oldest = db.session.scalar(select(func.min(Event.seq)).where(Event.workshop_id == workshop_id))
        if oldest is None or oldest > upto:
            continue
        last_qr = db.session.scalar(
            select(func.max(Event.seq)).where(Event.workshop_id == workshop_id, Event.kind == "qr")
        )
        db.session.rollback()  # no read transaction held while deleting
        start = oldest
        while start <= upto:
            end = min(upto, start + chunk - 1)
            condition = [Event.workshop_id == workshop_id, Event.seq >= start, Event.seq <= end,
                         Event.created_at < cutoff]
            if last_qr is not None:
                condition.append(Event.seq != last_qr)
            with write_transaction() as session:
                result = session.execute(Event.__table__.delete().where(*condition))
            deleted += result.rowcount or 0
            start = end + 1
    return deleted
