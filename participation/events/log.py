"""Recording events inside write transactions, and announcing them after commit.

Events are numbered per workshop by its counter (``workshop.event_seq``): the update of
the counter takes the row's lock, which is held until commit, so within a workshop
events become visible in sequence order and a reader that has seen seq N has seen all
before it. (A global autoincrement id does not give that guarantee on PostgreSQL.)

Every write to a workshop waits for that lock, so it is taken as late as possible:
``record_events`` only queues the events, and they are numbered and inserted when the
transaction commits. On PostgreSQL one statement updates the counter and inserts the
events, and it goes to the server together with the COMMIT (one query text):
the lock is held while PostgreSQL runs those two, never while a Python thread of a busy
worker waits for its turn to send the next statement. With a hall posting into one
workshop from several servers, that wait was what the posts queued behind.
"""

import json

import psycopg
from flask import current_app
from sqlalchemy import event as sa_event
from sqlalchemy import bindparam, insert, select, text
from sqlalchemy.orm import Session

from ..core.timeutil import utcnow
from ..extensions import db
from .models import Event

_QUEUED = "participation_live_queued"  # events recorded in this transaction, not yet written
_PENDING = "participation_live_pending"  # (workshop id, seq) written, announced after commit
_ADVANCE_SEQ = text("UPDATE workshop SET event_seq = event_seq + :count WHERE id = :id RETURNING event_seq")
_INSERT = insert(Event.__table__)
_CREATED_AT = Event.__table__.c.created_at.type  # UTCDateTime: naive UTC as stored
# PostgreSQL: number and insert in one statement (psycopg's own placeholders: it runs on
# the driver's connection, in the pipeline with the COMMIT).
_APPEND_PG = """
WITH counter AS (
    UPDATE workshop SET event_seq = event_seq + %(count)s WHERE id = %(workshop_id)s RETURNING event_seq
)
INSERT INTO event (workshop_id, seq, kind, payload, created_at)
SELECT %(workshop_id)s, counter.event_seq - %(count)s + item.number, %(kind)s, item.payload, %(created_at)s
FROM counter, json_array_elements(%(payloads)s::json) WITH ORDINALITY AS item(payload, number)
RETURNING seq
"""
# The events of newly posted ideas (``record_events(..., posted=True)``) also stamp those
# ideas with their seq: ``Idea.posted_seq``, the order of the API's pages (``api.paging``).
# Under the same lock as the numbering, so the stamps come in commit order. PostgreSQL: in
# the same statement as the numbering, sent with the COMMIT.
_STAMP_IDEAS = text("UPDATE idea SET posted_seq = :seq WHERE id IN :ids").bindparams(
    bindparam("ids", expanding=True))
_APPEND_AND_STAMP_PG = _APPEND_PG.replace("\nINSERT INTO event", """,
stamped AS (
    UPDATE idea SET posted_seq = counter.event_seq FROM counter WHERE idea.id = ANY(%(ideas)s)
)
INSERT INTO event""", 1)


def record_event(session, workshop_id, kind, payload):
    """Append an event to ``workshop_id``'s log within the caller's write transaction."""
    record_events(session, workshop_id, kind, [payload])


def record_events(session, workshop_id, kind, payloads, posted=False):
    """Append one event per payload, numbered in this order when the transaction commits.

    ``posted``: the payloads (``{"idea": state}``) announce ideas inserted in this
    transaction; each idea's ``posted_seq`` becomes the seq of this batch's last event."""
    if payloads:
        session.info.setdefault(_QUEUED, []).append((workshop_id, kind, list(payloads), utcnow(), posted))


def latest_seq(workshop_id):
    return db.session.scalar(text("SELECT event_seq FROM workshop WHERE id = :id"), {"id": workshop_id}) or 0


def events_since(workshop_id, after_seq, limit=500):
    return db.session.scalars(
        select(Event)
        .where(Event.workshop_id == workshop_id, Event.seq > after_seq)
        .order_by(Event.seq)
        .limit(limit)
    ).all()


@sa_event.listens_for(Session, "before_commit")
def _write_queued(session):
    if session.in_nested_transaction():
        return  # a savepoint ends here, not the transaction: the events wait for its commit
    queued = session.info.pop(_QUEUED, None)
    if not queued:
        return
    session.flush()  # what the transaction changed goes first, as it would at commit
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        written = _append_and_commit(connection.connection.driver_connection, connection.dialect, queued)
    else:
        written = _append(connection, queued)
    session.info.setdefault(_PENDING, []).extend(written)


def _append(connection, queued):
    """Number and insert the events with SQLAlchemy statements; returns (workshop id, seq)."""
    written = []
    for workshop_id, kind, payloads, created_at, posted in queued:
        last = connection.execute(_ADVANCE_SEQ, {"id": workshop_id, "count": len(payloads)}).scalar_one()
        seqs = range(last - len(payloads) + 1, last + 1)
        rows = [{"workshop_id": workshop_id, "seq": seq, "kind": kind, "payload": payload, "created_at": created_at}
                for seq, payload in zip(seqs, payloads)]
        # several rows as the driver's executemany: a statement compiled once and cached
        # (one built with .values(rows) is compiled anew every time)
        connection.execute(_INSERT, rows[0] if len(rows) == 1 else rows)
        idea_ids = [payload["idea"]["id"] for payload in payloads] if posted else []
        if idea_ids:
            connection.execute(_STAMP_IDEAS, {"seq": last, "ids": idea_ids})
        written.extend((workshop_id, seq) for seq in seqs)
    return written


def _append_and_commit(driver_connection, dialect, queued):
    """PostgreSQL: number and insert the events and commit, in one round trip.

    The statements and the COMMIT go as one query text, with the values bound by the
    driver on this side (``ClientCursor``, psycopg's own quoting): its pipeline mode did
    the same in one round trip, but cost a busy server more Python per post than the
    statement itself. The transaction is committed here, on the driver's connection; the
    commit that SQLAlchemy sends afterwards finds nothing to commit (psycopg skips it)
    and runs the session's after-commit hooks as always."""
    cursor = psycopg.ClientCursor(driver_connection)
    statements, workshops = [], []
    for workshop_id, kind, payloads, created_at, posted in queued:
        idea_ids = [payload["idea"]["id"] for payload in payloads] if posted else []
        statements.append(cursor.mogrify(_APPEND_AND_STAMP_PG if idea_ids else _APPEND_PG, {
            "workshop_id": workshop_id, "count": len(payloads), "kind": kind,
            # one JSON array as one text: a list of texts is escaped element by element
            "payloads": json.dumps(payloads),
            "created_at": _CREATED_AT.process_bind_param(created_at, dialect),  # the column's own conversion
            "ideas": idea_ids,
        }))
        workshops.append(workshop_id)
    cursor.execute("; ".join(statements) + "; COMMIT")
    written = []
    for workshop_id in workshops:
        written.extend((workshop_id, seq) for (seq,) in cursor.fetchall())
        cursor.nextset()
    return written


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
    session.info.pop(_QUEUED, None)
    session.info.pop(_PENDING, None)
