"""PostgreSQL's posting write on the driver's connection stores what SQLAlchemy's insert stores."""

import pytest
from sqlalchemy import select
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import IntegrityError

from participation.core.timeutil import utcnow
from participation.database import write_transaction
from participation.extensions import db
from participation.ideas.models import Idea
from participation.ideas.posting import _POSTED_COLUMNS, _insert_on_driver

from helpers import make_participant


@pytest.fixture
def on_postgres(database_url):
    if database_url.startswith("sqlite"):
        pytest.skip("the driver's insert is PostgreSQL's")


def _values(workshop, participant, key, text):
    now = utcnow()
    return {"workshop_id": workshop.id, "question_id": workshop.questions[0].id, "participant_id": participant.id,
            "idempotency_key": key, "text": text, "status": "visible", "step_id": None, "group_id": None,
            "created_at": now, "updated_at": now}


def test_the_drivers_insert_stores_the_row_sqlalchemys_insert_stores(app, workshop, on_postgres):
    """Every column the post leaves to its default (terms, confirmed, source, paper dots,
    ...) comes out as the model's insert gives it, and the times as written (aware UTC)."""
    anna = make_participant(workshop, "anna")
    by_driver = _values(workshop, anna, "key-driver-01", "Bürgerbus für Heide 🚌 – auch sonntags")
    by_sqlalchemy = {**by_driver, "idempotency_key": "key-model-001"}
    assert set(by_driver) == set(_POSTED_COLUMNS)
    with write_transaction() as session:
        stored = _insert_on_driver(session.connection(), [by_driver])
    with write_transaction() as session:
        session.execute(postgresql.insert(Idea.__table__).values(by_sqlalchemy))
    db.session.rollback()
    ideas = {idea.idempotency_key: idea for idea in db.session.scalars(select(Idea))}
    first, second = ideas["key-driver-01"], ideas["key-model-001"]
    assert stored == {(anna.id, "key-driver-01"): first.id}
    columns = [column.key for column in Idea.__table__.columns if column.key not in ("id", "idempotency_key")]
    assert {name: getattr(first, name) for name in columns} == {name: getattr(second, name) for name in columns}
    assert first.created_at == by_driver["created_at"] and first.created_at.tzinfo is not None


def test_the_drivers_insert_skips_repeated_keys_and_raises_sqlalchemys_errors(app, workshop, on_postgres):
    """A key sent before (or twice in one group) inserts nothing; a broken row raises
    SQLAlchemy's IntegrityError, and the transaction rolls back as a whole."""
    bert = make_participant(workshop, "bert")
    rows = [_values(workshop, bert, "key-bert-0001", "Radweg nach Büsum"),
            _values(workshop, bert, "key-bert-0001", "Radweg nach Büsum"),
            _values(workshop, bert, "key-bert-0002", "Sitzbänke am Hafen")]
    with write_transaction() as session:
        stored = _insert_on_driver(session.connection(), rows)
    assert sorted(key for _, key in stored) == ["key-bert-0001", "key-bert-0002"]
    with write_transaction() as session:
        assert _insert_on_driver(session.connection(), rows[:1]) == {}
    broken = {**_values(workshop, bert, "key-bert-0003", "Ohne Frage"), "question_id": 999_999}
    with pytest.raises(IntegrityError):
        with write_transaction() as session:
            _insert_on_driver(session.connection(), [_values(workshop, bert, "key-bert-0004", "Erst gut"), broken])
    db.session.rollback()
    keys = db.session.scalars(select(Idea.idempotency_key).order_by(Idea.id)).all()
    assert keys == ["key-bert-0001", "key-bert-0002"]
