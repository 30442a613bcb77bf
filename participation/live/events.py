"""Recording events inside write transactions, and announcing them after commit.

The sequence number comes from ``UPDATE workshop SET event_seq = event_seq + 1 ...
RETURNING``: the row lock it takes is held until commit, so within a workshop events
become visible in sequence order and a reader that has seen seq N has seen all before
it. (A global autoincrement id does not give that guarantee on PostgreSQL.)
"""

from flask import current_app
from sqlalchemy import event as sa_event
from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from ..core.timeutil import utcnow
from ..extensions import db
from .models import Event

_PENDING = "participation_live_pending"
_ADVANCE_SEQ = text("UPDATE workshop SET event_seq = event_seq + :count WHERE id = :id RETURNING event_seq")
_INSERT = insert(Event.__table__)  # a statement, not an object to flush: every post logs one


def record_event(session, workshop_id, kind, payload):
    """Append an event to ``workshop_id``'s log within the caller's write transaction."""
    return record_events(session, workshop_id, kind, [payload])[0]


def record_events(session, workshop_id, kind, payloads):
    """Append one event per payload, numbered in order, with one update of the counter;
    returns their sequence numbers."""
    session.flush()  # the caller's changes first, as any statement through the session would
    connection = session.connection()
    last = connection.execute(_ADVANCE_SEQ, {"id": workshop_id, "count": len(payloads)}).scalar_one()
    seqs = range(last - len(payloads) + 1, last + 1)
    now = utcnow()
    rows = [{"workshop_id": workshop_id, "seq": seq, "kind": kind, "payload": payload, "created_at": now}
            for seq, payload in zip(seqs, payloads)]
    if len(rows) == 1:
        connection.execute(_INSERT, rows[0])
    else:  # one statement for all (a multi-row VALUES): cheaper than the driver's executemany
        connection.execute(_INSERT.values(rows))
    session.info.setdefault(_PENDING, []).extend((workshop_id, seq) for seq in seqs)
    return list(seqs)


def latest_seq(workshop_id):
    return db.session.scalar(text("SELECT event_seq FROM workshop WHERE id = :id"), {"id": workshop_id}) or 0


def events_since(workshop_id, after_seq, limit=500):
    return db.session.scalars(
        select(Event)
        .where(Event.workshop_id == workshop_id, Event.seq > after_seq)
        .order_by(Event.seq)
        .limit(limit)
    ).all()


@sa_event.listens_for(Session, "after_commit")
def _announce(session):
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    publisher = current_app.extensions.get("participation_redis_publisher")
    if publisher is not None:
        publisher.publish(pending)


@sa_event.listens_for(Session, "after_rollback")
def _forget(session):
    session.info.pop(_PENDING, None)
