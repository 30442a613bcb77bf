"""Failed logins are throttled per account name and per client; addresses never reach the database."""

import pytest
import redis
from flask.testing import FlaskClient
from sqlalchemy import select, text

from participation import create_app
from participation.auth import throttle
from participation.extensions import db
from participation.limits.models import RateCounter

from helpers import TEST_PASSWORD, csrf_token

REDIS_TEST_URL = "redis://127.0.0.1:6379/15"
TOO_MANY = "Zu viele fehlgeschlagene Anmeldungen"


@pytest.fixture(autouse=True)
def fresh_memory():
    throttle._memory.clear()
    yield
    throttle._memory.clear()


@pytest.fixture
def strict(app):
    app.config.update(LOGIN_FAILURES_PER_USER=3, LOGIN_FAILURES_PER_CLIENT=5)
    return app


def _attempt(client, username="moderatorin", password="falsch-falsch", address="10.0.0.1"):
    return client.post(
        "/moderation/login",
        data={"username": username, "password": password, "csrf_token": csrf_token(client)},
        environ_base={"REMOTE_ADDR": address},
    )


def test_an_account_is_throttled_after_repeated_failures(strict, client, moderator):
    for _ in range(3):
        assert _attempt(client).status_code == 422
    refused = _attempt(client, password=TEST_PASSWORD)  # even the right password waits now
    assert refused.status_code == 429
    html = refused.get_data(as_text=True)
    assert TOO_MANY in html and "Minuten" in html
    assert 'value="moderatorin"' in html  # the typed name stays in the form
    assert client.get("/moderation/").status_code == 302


def test_throttling_per_name_holds_from_another_address(strict, client, moderator):
    for number in range(3):
        _attempt(client, address=f"10.0.0.{number + 1}")
    assert _attempt(client, password=TEST_PASSWORD, address="10.9.9.9").status_code == 429


def test_names_are_compared_as_typed_loosely(strict, client, moderator):
    for name in ("moderatorin", " Moderatorin", "MODERATORIN "):
        _attempt(client, username=name)
    assert _attempt(client, password=TEST_PASSWORD).status_code == 429


def test_a_client_is_throttled_across_names(strict, client, moderator):
    for number in range(5):
        _attempt(client, username=f"rate-{number}")
    assert _attempt(client, password=TEST_PASSWORD).status_code == 429
    other_client = strict.test_client()
    assert _attempt(other_client, password=TEST_PASSWORD, address="10.0.0.2").status_code == 302


def test_success_clears_the_failures_of_the_name(strict, client, moderator):
    for _ in range(2):
        _attempt(client)
    assert _attempt(client, password=TEST_PASSWORD).status_code == 302
    client.post("/moderation/logout", data={"csrf_token": csrf_token(client)})
    for _ in range(2):
        assert _attempt(client).status_code == 422
    assert _attempt(client, password=TEST_PASSWORD).status_code == 302


def test_the_window_ends(strict, client, moderator, monkeypatch):
    clock = [1_700_000_000.0]
    monkeypatch.setattr(throttle.time, "time", lambda: clock[0])
    for _ in range(3):
        _attempt(client)
    assert _attempt(client, password=TEST_PASSWORD).status_code == 429
    clock[0] += strict.config["LOGIN_WINDOW"]
    assert _attempt(client, password=TEST_PASSWORD).status_code == 302


def test_nothing_in_the_database_holds_an_address_or_a_name(strict, client, moderator):
    for _ in range(3):
        _attempt(client, address="203.0.113.77")
    db.session.rollback()
    names = db.session.scalars(select(RateCounter.name)).all()
    assert names  # the per-name counter is shared through the database
    dump = " ".join(names)
    assert "203.0.113.77" not in dump and "moderatorin" not in dump
    assert all(name.startswith("login-user:") for name in names)  # client counters stay in memory
    assert throttle._memory._counts
    assert not any("203.0.113.77" in key for key, _window in throttle._memory._counts)


class FreshContextClient(FlaskClient):
    """Each request in an app context of its own, as conftest's clients do."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def redis_app(database_url, tmp_path, monkeypatch):
    client = redis.Redis.from_url(REDIS_TEST_URL)
    client.flushdb()
    monkeypatch.setenv("PARTICIPATION_INSTANCE", str(tmp_path / "instance"))
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": database_url,
                      "REDIS_URL": REDIS_TEST_URL, "LOGIN_FAILURES_PER_USER": 3,
                      "LOGIN_FAILURES_PER_CLIENT": 5})
    app.test_client_class = FreshContextClient
    with app.app_context():
        db.create_all()
        from participation.auth.services import create_moderator

        create_moderator("moderatorin", TEST_PASSWORD)
        yield app, client
        db.session.remove()
        if db.engine.dialect.name == "postgresql":
            tables = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
            with db.engine.begin() as connection:
                connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.engine.dispose()
    client.flushdb()
    client.close()


def test_with_redis_counters_live_there_and_hold_across_servers(redis_app):
    app, redis_client = redis_app
    web = app.test_client()
    for _ in range(3):
        _attempt(web, address="198.51.100.4")
    assert _attempt(web, password=TEST_PASSWORD).status_code == 429
    keys = [key.decode() for key in redis_client.keys("*")]
    assert any(":login-user:" in key for key in keys) and any(":login-client:" in key for key in keys)
    assert not any("198.51.100.4" in key or "moderatorin" in key for key in keys)
    db.session.rollback()
    assert db.session.scalars(select(RateCounter.name)).all() == []
    throttle._memory.clear()  # another server process: only Redis knows
    assert _attempt(app.test_client(), password=TEST_PASSWORD, address="198.51.100.5").status_code == 429


def test_logins_are_logged_without_name_or_address(strict, client, moderator, caplog):
    caplog.set_level("INFO")
    _attempt(client, address="192.0.2.55")
    post_login = _attempt(client, password=TEST_PASSWORD, address="192.0.2.55")
    assert post_login.status_code == 302
    logged = caplog.text
    assert "login.failed" in " ".join(str(getattr(r, "event", "")) for r in caplog.records)
    assert "192.0.2.55" not in logged and "moderatorin" not in logged
