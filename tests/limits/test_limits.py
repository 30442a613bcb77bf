"""Rate limits per participant token, in Redis or in the database, and what an attendee sees."""

import types
import uuid

import pytest
import redis
from flask.testing import FlaskClient
from sqlalchemy import func, select

from participation import create_app, limits
from participation.extensions import db
from participation.ideas.models import Idea, Participant
from participation.limits import RateLimited, hit, hit_each, purge_counters
from participation.limits.models import RateCounter

from helpers import csrf_token, empty_database, redis_test_url

REDIS_TEST_URL = redis_test_url(15)
CLOSED_PORT_URL = "redis://127.0.0.1:1/0"
NOW = 1_699_999_990.0  # 10 seconds into a 60-second window (they start at multiples of 60)


class FreshContextClient(FlaskClient):
    """Each request in an app context of its own, as conftest's clients do."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def _make_app(database_url, redis_url=None):
    config = {"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": database_url}
    if redis_url:
        config["REDIS_URL"] = redis_url
    app = create_app(config)
    app.test_client_class = FreshContextClient
    return app


@pytest.fixture
def redis_db():
    client = redis.Redis.from_url(REDIS_TEST_URL)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture(params=["database", "redis"])
def backend_app(request, database_url, tmp_path, monkeypatch):
    """An app whose limits live in the database, or in Redis (database 15, flushed)."""
    monkeypatch.setenv("PARTICIPATION_INSTANCE", str(tmp_path / "instance"))
    redis_url = None
    if request.param == "redis":
        request.getfixturevalue("redis_db")
        redis_url = REDIS_TEST_URL
    app = _make_app(database_url, redis_url)
    app.limit_backend = request.param
    with app.app_context():
        db.create_all()
        yield app
        empty_database()


@pytest.fixture
def fallback_app(database_url, tmp_path, monkeypatch):
    """REDIS_URL points at a closed port: the database has to do the counting."""
    monkeypatch.setenv("PARTICIPATION_INSTANCE", str(tmp_path / "instance"))
    app = _make_app(database_url, CLOSED_PORT_URL)
    with app.app_context():
        db.create_all()
        yield app
        empty_database()


def _subject():
    return uuid.uuid4().hex  # like a participant's token hash; unique, so runs never collide


def _database_counters(scope=None):
    db.session.rollback()
    query = select(func.count()).select_from(RateCounter)
    if scope is not None:
        query = query.where(RateCounter.name.startswith(f"{scope}:"))
    return db.session.scalar(query)


# --- the counter -------------------------------------------------------------------------


def test_counts_per_subject_and_refuses_over_the_limit(backend_app):
    subject = _subject()
    assert [hit("idea", subject, 3, 60, now=NOW + offset) for offset in range(3)] == [1, 2, 3]
    with pytest.raises(RateLimited) as refused:
        hit("idea", subject, 3, 60, now=NOW + 5)
    assert refused.value.retry_after == 45  # until the window ends
    with pytest.raises(RateLimited) as again:
        hit("idea", subject, 3, 60, now=NOW + 49.5)
    assert 0 < again.value.retry_after <= 11


def test_many_actions_at_once_are_counted_in_order(backend_app):
    """Posts written together are counted together (with Redis in one round trip)."""
    anna, bert = _subject(), _subject()
    hit("idea", anna, 3, 60, now=NOW)
    outcomes = hit_each("idea", [anna, bert, anna, anna, bert], 3, 60, now=NOW + 1)
    assert outcomes[:3] == [2, 1, 3]
    assert isinstance(outcomes[3], RateLimited) and outcomes[3].retry_after == 49
    assert outcomes[4] == 2
    with pytest.raises(RateLimited):
        hit("idea", anna, 3, 60, now=NOW + 2)
    assert hit_each("idea", [], 3, 60, now=NOW) == []


def test_retry_after_is_never_zero(backend_app):
    subject = _subject()
    hit("vote", subject, 1, 60, now=NOW)
    with pytest.raises(RateLimited) as refused:
        hit("vote", subject, 1, 60, now=1_700_000_039.9)  # 0.1 s before the window ends
    assert refused.value.retry_after == 1


def test_subjects_and_scopes_are_independent(backend_app):
    anna, bert = _subject(), _subject()
    for _ in range(2):
        hit("idea", anna, 2, 60, now=NOW)
    with pytest.raises(RateLimited):
        hit("idea", anna, 2, 60, now=NOW)
    assert hit("idea", bert, 2, 60, now=NOW) == 1  # another participant
    assert hit("vote", anna, 2, 60, now=NOW) == 1  # another kind of action
    assert hit("vote", anna, 2, 60, now=NOW) == 2


def test_a_new_window_starts_from_zero(backend_app):
    subject = _subject()
    for _ in range(3):
        hit("idea", subject, 3, 60, now=NOW)
    with pytest.raises(RateLimited):
        hit("idea", subject, 3, 60, now=NOW + 49)
    assert hit("idea", subject, 3, 60, now=NOW + 50) == 1  # the next minute
    assert hit("idea", subject, 3, 10, now=NOW) == 1  # another window length is another window


def test_events_without_a_limit_are_added_and_read_over_two_windows(backend_app):
    """The login throttle's failures per account name: never refused, read without counting."""
    subject = _subject()
    for _ in range(4):
        limits.add("login-user", subject, 60, now=NOW)
    assert limits.recent("login-user", subject, 60, now=NOW) == 4
    assert limits.recent("login-user", subject, 60, now=NOW) == 4  # reading counts nothing
    limits.add("login-user", subject, 60, now=NOW + 60)
    assert limits.recent("login-user", subject, 60, now=NOW + 60) == 5  # this window and the one before
    assert limits.recent("login-user", subject, 60, now=NOW + 120) == 1
    assert limits.recent("login-user", subject, 60, now=NOW + 180) == 0
    assert limits.recent("login-user", _subject(), 60, now=NOW) == 0
    assert limits.recent("idea", subject, 60, now=NOW) == 0  # scopes are independent


def test_adding_forgets_the_scopes_windows_before_the_previous_one(app):
    anna, bert = _subject(), _subject()
    limits.add("login-user", anna, 60, now=NOW)
    hit("idea", anna, 3, 60, now=NOW)
    limits.add("login-user", bert, 60, now=NOW + 60)
    assert _database_counters("login-user") == 2  # anna's window is the previous one: it still counts
    limits.add("login-user", bert, 60, now=NOW + 120)
    db.session.rollback()
    assert db.session.scalars(select(RateCounter.name)).all().count(f"login-user:{anna}") == 0
    assert _database_counters("login-user") == 2  # bert's two windows
    assert _database_counters("idea") == 1  # other scopes keep theirs


def test_the_counter_lives_where_configured(backend_app):
    subject = _subject()
    hit("idea", subject, 5, 60, now=NOW)
    hit("idea", subject, 5, 60, now=NOW)
    window = int(NOW // 60)
    if backend_app.limit_backend == "redis":
        client = redis.Redis.from_url(REDIS_TEST_URL)
        name = f"participation:rate:idea:{subject}:{window}"
        assert client.get(name) == b"2"
        assert 0 < client.ttl(name) <= 120  # forgotten soon after its window
        client.close()
        assert _database_counters() == 0
    else:
        db.session.rollback()
        counter = db.session.get(RateCounter, (f"idea:{subject}", window))
        assert counter.hits == 2
        purge_counters()
        assert _database_counters() == 0


def test_the_limit_holds_across_workers(backend_app, database_url, tmp_path):
    """A second app on the same database (and Redis) is another gunicorn worker."""
    subject = _subject()
    redis_url = REDIS_TEST_URL if backend_app.limit_backend == "redis" else None
    other_worker = _make_app(database_url, redis_url)
    hit("idea", subject, 3, 60, now=NOW)
    with other_worker.app_context():
        assert hit("idea", subject, 3, 60, now=NOW) == 2
        db.session.remove()
    hit("idea", subject, 3, 60, now=NOW)
    with other_worker.app_context():
        with pytest.raises(RateLimited):
            hit("idea", subject, 3, 60, now=NOW)
        db.session.remove()
        db.engine.dispose()


def test_unreachable_redis_falls_back_to_the_database(fallback_app):
    assert fallback_app.extensions["participation_redis_client"] is not None
    subject = _subject()
    assert [hit("idea", subject, 2, 60, now=NOW) for _ in range(2)] == [1, 2]
    with pytest.raises(RateLimited) as refused:
        hit("idea", subject, 2, 60, now=NOW)
    assert refused.value.retry_after == 50
    assert hit("idea", _subject(), 2, 60, now=NOW) == 1
    assert _database_counters() == 2
    subject = _subject()
    limits.add("login-user", subject, 60, now=NOW)
    assert limits.recent("login-user", subject, 60, now=NOW) == 1
    assert _database_counters("login-user") == 1


def test_unreachable_redis_does_not_stop_posting(fallback_app):
    from participation.workshops.services import create_workshop

    workshop = create_workshop(None, "dithmarschen")
    client = fallback_app.test_client()
    token = csrf_token(client)
    response = _post(client, token, workshop, "Glasfaser trotz Redis-Ausfall 🛠️", "key-fallback-01")
    assert response.status_code == 302
    db.session.rollback()
    assert db.session.scalar(select(Idea.text)) == "Glasfaser trotz Redis-Ausfall 🛠️"
    # The idea, the new participant (this session's) and the workshop's instant posts
    assert _database_counters("idea") == _database_counters("join-session") == _database_counters("instant") == 1
    assert client.get(f"/api/workshops/{workshop.code}/ideas").get_json()["ideas"][0]["text"].startswith("Glasfaser")


# --- what an attendee meets --------------------------------------------------------------


@pytest.fixture
def frozen_time(monkeypatch):
    """All requests of a test fall into one rate-limit window."""
    monkeypatch.setattr(limits, "time", types.SimpleNamespace(time=lambda: NOW))


def _post(client, token, workshop, text, key, question=0):
    return client.post(
        f"/j/{workshop.code}/ideas",
        data={"question_id": workshop.questions[question].id, "text": text, "idempotency_key": key, "csrf_token": token},
        environ_base={"REMOTE_ADDR": "192.0.2.10"},  # the venue's one public address
    )


def _ideas():
    db.session.rollback()
    return db.session.scalar(select(func.count(Idea.id)))


TEXTS = [
    "Glasfaser für jedes Dorf",
    "Bürgerbus am Wochenende",
    "Telemedizin für Ältere",
    "WLAN im Freibad Büsum",
]


def test_too_many_ideas_get_a_friendly_message_and_the_text_is_kept(app, attendee, workshop, frozen_time):
    app.config.update(IDEA_RATE_LIMIT=3, RATE_LIMIT_WINDOW=60)
    client, token = attendee
    for number, idea_text in enumerate(TEXTS[:3]):
        assert _post(client, token, workshop, idea_text, f"key-inge-{number:04d}", question=number % 3).status_code == 302
    typed = "Ein Makerspace in Meldorf für Jugendliche – mit 3D-Drucker! 🖨️"
    response = _post(client, token, workshop, typed, "key-inge-0099", question=1)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Sie haben in kurzer Zeit sehr viele Ideen geschickt. Bitte warten Sie 50 Sekunden" in html
    assert "Ihr Text bleibt im Feld." in html
    assert typed in html  # still in the textarea
    assert 'aria-invalid="true"' in html and "Ihre Idee wurde nicht gespeichert." in html
    assert _ideas() == 3

    api = client.post(
        f"/api/workshops/{workshop.code}/ideas",
        json={"question_id": workshop.questions[0].id, "text": typed, "idempotency_key": "key-inge-0100"},
        headers={"X-CSRFToken": token},
    )
    assert api.status_code == 422 and "sehr viele Ideen" in api.get_json()["message"]
    assert _ideas() == 3


def test_a_double_tap_does_not_use_up_the_limit(app, attendee, workshop, frozen_time):
    app.config.update(IDEA_RATE_LIMIT=3)
    client, token = attendee
    assert _post(client, token, workshop, TEXTS[0], "key-inge-0000").status_code == 302
    for _ in range(5):  # the same form sent again and again: the stored idea, no new count
        response = _post(client, token, workshop, TEXTS[0], "key-inge-0000")
        assert response.status_code == 302
    assert _ideas() == 1
    assert "nicht doppelt angelegt" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert _post(client, token, workshop, TEXTS[1], "key-inge-0001").status_code == 302
    assert _post(client, token, workshop, TEXTS[2], "key-inge-0002").status_code == 302
    assert _post(client, token, workshop, TEXTS[3], "key-inge-0003").status_code == 422
    # Even after the limit is hit, a repeat of a stored idea still answers kindly.
    assert _post(client, token, workshop, TEXTS[0], "key-inge-0000").status_code == 302
    assert _ideas() == 3


def test_participants_behind_one_address_are_limited_one_by_one(app, workshop, frozen_time):
    app.config.update(IDEA_RATE_LIMIT=2)
    phones = []
    for name in ("Anke", "Björn", "Çelik", "Dörte", "Enno"):
        phone = app.test_client()
        token = csrf_token(phone)
        phone.post(f"/j/{workshop.code}", data={"nickname": name, "csrf_token": token}, environ_base={"REMOTE_ADDR": "192.0.2.10"})
        phones.append((name, phone, token))
    for name, phone, token in phones:
        for number in range(2):
            response = _post(phone, token, workshop, f"{name}s Idee Nr. {number + 1}", f"key-{number:02d}-{name.encode().hex()}")
            assert response.status_code == 302, name
    assert _ideas() == 10
    name, phone, token = phones[0]
    assert _post(phone, token, workshop, "Noch eine von Anke", "key-99-anke-extra").status_code == 422
    assert _ideas() == 10
    db.session.rollback()
    assert db.session.scalar(select(func.count(Participant.id))) == 5


def test_the_limit_lifts_in_the_next_window(app, attendee, workshop, monkeypatch):
    app.config.update(IDEA_RATE_LIMIT=1, RATE_LIMIT_WINDOW=60)
    clock = types.SimpleNamespace(time=lambda: NOW)
    monkeypatch.setattr(limits, "time", clock)
    client, token = attendee
    assert _post(client, token, workshop, TEXTS[0], "key-inge-0000").status_code == 302
    assert _post(client, token, workshop, TEXTS[1], "key-inge-0001").status_code == 422
    clock.time = lambda: NOW + 60
    assert _post(client, token, workshop, TEXTS[1], "key-inge-0001").status_code == 302
    assert _ideas() == 2


def test_too_many_votes_get_a_friendly_message(app, attendee, workshop, frozen_time):
    from participation.database import write_transaction
    from participation.ideas.services import submit_idea

    app.config.update(VOTE_RATE_LIMIT=3)
    with write_transaction() as session:
        anna = Participant(workshop_id=workshop.id, token_hash="a" * 64, nickname="Anna")
        session.add(anna)
    idea, _ = submit_idea(workshop, anna, workshop.questions[0].id, "Mitfahrbank in Lunden", "key-anna-0001")
    client, token = attendee
    url = f"/api/workshops/{workshop.code}/ideas/{idea.id}/vote"
    assert client.post(url, headers={"X-CSRFToken": token}).status_code == 200
    assert client.delete(url, headers={"X-CSRFToken": token}).status_code == 200
    assert client.post(url, headers={"X-CSRFToken": token}).status_code == 200
    refused = client.delete(url, headers={"X-CSRFToken": token})
    assert refused.status_code == 409
    assert refused.get_json()["message"] == "Sie haben sehr schnell hintereinander abgestimmt. Bitte warten Sie 50 Sekunden."
    assert client.get(f"/api/workshops/{workshop.code}/ideas").get_json()["ideas"][0]["votes"] == 1  # still given
