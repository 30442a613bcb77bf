"""The write path under concurrency: SQLite's write lock taken at BEGIN, no lost or doubled ideas."""

import sqlite3
import threading

import pytest
from sqlalchemy import event, func, select, text

from participation.database import read_row, write_transaction
from participation.extensions import db
from participation.ideas.models import Idea

from helpers import csrf_token


def test_write_transaction_holds_the_sqlite_write_lock_from_the_start(app, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite locking only")
    path = database_url.removeprefix("sqlite:///")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        with write_transaction():
            # Nothing written yet: a deferred BEGIN would hold no lock at this point.
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # released at commit
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_reads_do_not_take_the_write_lock(app, database_url, workshop):
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite locking only")
    path = database_url.removeprefix("sqlite:///")
    db.session.rollback()
    assert db.session.scalar(select(func.count(Idea.id))) == 0  # opens a read transaction
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


def _statements(engine):
    sent = []

    def record(_connection, _cursor, statement, *_args):
        sent.append(statement.split()[0].upper())

    event.listen(engine, "before_cursor_execute", record)
    return sent, lambda: event.remove(engine, "before_cursor_execute", record)


def test_read_row_reads_outside_a_transaction_and_leaves_the_session_without_one(app, database_url, workshop):
    """A posting's read (``read_row``) needs no transaction around its one SELECT: on SQLite
    no BEGIN is sent (the statement is its own snapshot); on PostgreSQL the driver sends it
    in autocommit mode, past SQLAlchemy. The session, holding none before, holds none
    after, so the write that follows has nothing to end first."""
    workshop_id, code = workshop.id, workshop.code
    db.session.rollback()
    sent, stop = _statements(db.engine)
    try:
        row = read_row(text("SELECT code FROM workshop WHERE id = :id"), {"id": workshop_id})
    finally:
        stop()
    assert not db.session().in_transaction()
    assert row[0] == code
    if database_url.startswith("sqlite"):
        assert "BEGIN" not in sent and sent.count("SELECT") == 1, sent
    else:
        assert sent == []  # the driver's own round trip


def test_the_drivers_read_gives_the_row_sqlalchemy_gives(app, database_url, workshop, client):
    """On PostgreSQL ``read_row`` runs the posting's read on the driver: its row has the
    values SQLAlchemy's own execution gives, converted alike (aware datetimes, JSON lists,
    booleans, NULLs of the outer joins), with a run-sheet step, a participant and a question."""
    if database_url.startswith("sqlite"):
        pytest.skip("the driver's path is PostgreSQL's")
    from participation.ideas.participants import hash_token
    from participation.ideas.posting import _LOAD
    from participation.ideas.models import Participant
    from participation.phases.services import start_step
    from participation.workshops.models import RunStep

    token = csrf_token(client)
    question = workshop.questions[0]
    posted = client.post(f"/api/workshops/{workshop.code}/ideas", headers={"X-CSRFToken": token},
                         json={"question_id": question.id, "text": "Mehr Bänke am Deich 🌊"})
    assert posted.status_code == 201, posted.get_json()
    participant = db.session.scalars(select(Participant)).one()
    cases = [{"code": workshop.code, "question_id": question.id, "token_hash": participant.token_hash},
             {"code": workshop.code, "question_id": 0, "token_hash": hash_token("nobody")},
             {"code": "NOPE99", "question_id": question.id, "token_hash": ""}]
    step = db.session.scalars(select(RunStep).where(RunStep.workshop_id == workshop.id)).first()
    if step is not None:
        start_step(workshop, step)
    db.session.commit()
    for params in cases:
        db.session.rollback()
        expected = db.session.execute(_LOAD, params).first()
        db.session.rollback()
        row = read_row(_LOAD, params)
        assert (row is None) == (expected is None)
        if row is not None:
            assert row == tuple(expected)
            assert [type(value) for value in row] == [type(value) for value in expected]
    assert expected is None and row is None  # the unknown code
    first = read_row(_LOAD, cases[0])
    assert first[10].tzinfo is not None  # the participant's created_at, aware as UTCDateTime reads it


def test_a_failing_driver_read_raises_sqlalchemys_error_and_leaves_the_pool_usable(app, database_url, workshop):
    """An error of the driver's read comes out as SQLAlchemy's (what the app's error handling
    knows), and the connection it used never goes back to the pool in autocommit mode: a
    write transaction afterwards still rolls back."""
    from sqlalchemy.exc import DBAPIError

    workshop_id = workshop.id
    db.session.rollback()
    with pytest.raises(DBAPIError):
        read_row(text("SELECT no_such_column FROM workshop WHERE id = :id"), {"id": workshop_id})
    for _ in range(8):  # more than the pool holds: every connection it may hand out
        assert read_row(text("SELECT id FROM workshop WHERE id = :id"), {"id": workshop_id}) == (workshop_id,)

    class Undo(Exception):
        pass

    with pytest.raises(Undo):
        with write_transaction() as session:
            session.execute(text("UPDATE workshop SET title = 'Nie gespeichert' WHERE id = :id"), {"id": workshop_id})
            raise Undo
    assert read_row(text("SELECT title FROM workshop WHERE id = :id"), {"id": workshop_id})[0] != "Nie gespeichert"


def test_read_row_inside_a_transaction_reads_through_its_connection(app, workshop):
    """Inside a write transaction the read goes through the transaction's own connection
    (sees what it wrote; a second connection per thread could exhaust the pool)."""
    class Undo(Exception):
        pass

    with pytest.raises(Undo):
        with write_transaction() as session:
            session.execute(text("UPDATE workshop SET title = 'Neu im Gange' WHERE id = :id"), {"id": workshop.id})
            seen = read_row(text("SELECT title FROM workshop WHERE id = :id"), {"id": workshop.id})[0]
            raise Undo
    assert seen == "Neu im Gange"
    assert db.session.scalar(text("SELECT title FROM workshop WHERE id = :id"), {"id": workshop.id}) != "Neu im Gange"


def test_write_transaction_rolls_back_on_error(app, workshop):
    from participation.ideas.models import Participant

    with pytest.raises(RuntimeError):
        with write_transaction() as session:
            session.add(Participant(workshop_id=workshop.id, token_hash="x" * 64))
            session.flush()
            raise RuntimeError("boom")
    assert db.session.scalar(select(func.count(Participant.id))) == 0


def test_many_phones_posting_at_once_lose_nothing_and_double_nothing(app, workshop):
    """8 phones post 15 ideas each at the same time, every one sent twice (a double tap)."""
    phones, per_phone = 8, 15
    app.config["IDEA_RATE_LIMIT"] = 1000  # this test is about concurrency, not abuse limits
    question_ids = [question.id for question in workshop.questions]
    errors = []
    start = threading.Barrier(phones)

    def phone(number):
        client = app.test_client()
        token = csrf_token(client)
        start.wait()
        for index in range(per_phone):
            data = {
                "question_id": question_ids[index % len(question_ids)],
                "text": f"Idee {index} von Handy {number}: Glasfaser für Wöhrden 📶",
                "idempotency_key": f"phone{number:02d}-idea{index:03d}",
                "csrf_token": token,
            }
            for _attempt in range(2):
                response = client.post(f"/j/{workshop.code}/ideas", data=data)
                if response.status_code != 302:
                    errors.append((number, index, response.status_code))

    threads = [threading.Thread(target=phone, args=(number,)) for number in range(phones)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    db.session.rollback()
    texts = db.session.scalars(select(Idea.text)).all()
    assert len(texts) == phones * per_phone
    assert len(set(texts)) == phones * per_phone
