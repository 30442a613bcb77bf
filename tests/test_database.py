"""The write path under concurrency: SQLite's write lock taken at BEGIN, no lost or doubled ideas."""

import sqlite3
import threading

import pytest
from sqlalchemy import func, select

from participation.database import write_transaction
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
