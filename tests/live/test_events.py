"""The event log: numbered per workshop when the transaction commits, never before."""

import threading

import pytest
from sqlalchemy import create_engine, func, select, text

from participation.database import write_transaction
from participation.extensions import db
from participation.events.log import latest_seq, record_event, record_events
from participation.events.models import Event
from participation.workshops.services import create_workshop


def _log(workshop_id):
    db.session.rollback()
    return db.session.execute(
        select(Event.seq, Event.kind, Event.payload).where(Event.workshop_id == workshop_id).order_by(Event.seq)
    ).all()


def test_events_of_one_transaction_are_numbered_on_in_the_order_recorded(app, workshop, moderator):
    other = create_workshop(moderator, "dithmarschen")
    before, other_before = latest_seq(workshop.id), latest_seq(other.id)
    with write_transaction() as session:
        record_event(session, workshop.id, "spotlight", {"idea": None})
        record_events(session, other.id, "fields", [{}])
        record_events(session, workshop.id, "idea", [{"text": "Rufbus nach Büsum 🚌"}, {"text": "Glasfaser"}])
        record_events(session, workshop.id, "idea", [])  # nothing to log: no number used
    log = _log(workshop.id)[-3:]
    assert log == [
        (before + 1, "spotlight", {"idea": None}),
        (before + 2, "idea", {"text": "Rufbus nach Büsum 🚌"}),
        (before + 3, "idea", {"text": "Glasfaser"}),
    ]
    assert latest_seq(workshop.id) == before + 3
    assert _log(other.id)[-1] == (other_before + 1, "fields", {})


def test_a_rolled_back_transaction_logs_nothing_and_leaves_no_gap(app, workshop):
    before = latest_seq(workshop.id)
    with pytest.raises(RuntimeError), write_transaction() as session:
        record_event(session, workshop.id, "spotlight", {"idea": None})
        raise RuntimeError("the service changed its mind")
    with write_transaction() as session:  # the queue was forgotten, not carried over
        record_event(session, workshop.id, "fields", {})
    assert [row[:2] for row in _log(workshop.id) if row[0] > before] == [(before + 1, "fields")]


def test_a_savepoint_does_not_commit_the_events_of_the_transaction(app, workshop):
    before = latest_seq(workshop.id)
    session = db.session()
    session.rollback()
    record_event(session, workshop.id, "spotlight", {"idea": None})
    with session.begin_nested():
        record_event(session, workshop.id, "fields", {})
    assert db.session.scalar(select(func.count()).select_from(Event).where(Event.seq > before,
                                                                           Event.workshop_id == workshop.id)) == 0
    session.rollback()  # the whole transaction goes, its events with it
    assert latest_seq(workshop.id) == before


def test_the_counter_is_not_locked_before_the_commit(app, workshop, database_url):
    """Another server's writer waits for a workshop's counter only while PostgreSQL
    commits a transaction, never while Python still works in it."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time anyway")
    other = create_engine(database_url)
    recorded, release = threading.Event(), threading.Event()
    errors = []

    def service():
        with app.app_context():
            try:
                with write_transaction() as session:
                    record_event(session, workshop.id, "spotlight", {"idea": None})
                    recorded.set()
                    release.wait(10)  # the service works on before it commits
            except Exception as error:  # pragma: no cover - reported below
                errors.append(error)
            finally:
                db.session.remove()

    before = latest_seq(workshop.id)
    db.session.rollback()
    worker = threading.Thread(target=service)
    worker.start()
    try:
        assert recorded.wait(10)
        with other.begin() as connection:
            connection.execute(text("SET LOCAL lock_timeout = '2s'"))  # fails if the row were locked
            seq = connection.execute(
                text("UPDATE workshop SET event_seq = event_seq + 1 WHERE id = :id RETURNING event_seq"),
                {"id": workshop.id},
            ).scalar_one()
            connection.execute(text(
                "INSERT INTO event (workshop_id, seq, kind, payload, created_at) "
                "VALUES (:id, :seq, 'fields', '{}', now() at time zone 'utc')"), {"id": workshop.id, "seq": seq})
    finally:
        release.set()
        worker.join(10)
        other.dispose()
    assert not errors
    assert [row[:2] for row in _log(workshop.id) if row[0] > before] == [(before + 1, "fields"),
                                                                           (before + 2, "spotlight")]
