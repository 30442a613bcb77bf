"""What phones report of their offline queue: ideas and dots given while the network was
gone, waiting on the phone to be sent.

A phone reports how many items wait when it reconnects, and again when they are sent; the
console counts the phones whose latest report still has waiting items. Nothing beyond the
participant row is kept: a number and when it was reported.
"""

from datetime import timedelta

from sqlalchemy import func, select

from .. import limits
from ..database import write_transaction
from ..extensions import db
from .models import Participant

QUEUE_REPORT_MAX = 1000  # more than any phone would hold: a larger number is cut to this
QUEUE_REPORT_FRESH = timedelta(minutes=30)  # older reports are not counted (the phone left)


def report_queue(participant, waiting):
    """Keep what ``participant``'s phone reports: ``waiting`` items in its queue (int >= 0)."""
    waiting = max(0, min(int(waiting), QUEUE_REPORT_MAX))
    with write_transaction():
        participant.queue_waiting = waiting
        participant.queue_reported_at = limits.clock_utc()


def waiting_phones(workshop):
    """``(phones, items)``: how many phones of ``workshop`` last reported waiting items
    (within ``QUEUE_REPORT_FRESH``), and how many items they hold together."""
    since = limits.clock_utc() - QUEUE_REPORT_FRESH
    phones, items = db.session.execute(
        select(func.count(Participant.id), func.coalesce(func.sum(Participant.queue_waiting), 0)).where(
            Participant.workshop_id == workshop.id,
            Participant.queue_waiting > 0,
            Participant.queue_reported_at >= since,
        )
    ).one()
    return int(phones or 0), int(items or 0)
