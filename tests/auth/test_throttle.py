"""Password guessing is slowed down per client, never by locking the account: growing delays
for the client that fails, the right password works from elsewhere during an attack, and a
browser that logged in before is not slowed down by others. Names and addresses never reach
the database. Every test runs on an injected clock: nothing sleeps."""

import pytest
import redis
from flask.testing import FlaskClient
from sqlalchemy import select

from participation import create_app, limits
from participation.auth import throttle
from participation.extensions import db
from participation.limits.models import RateCounter

from helpers import TEST_PASSWORD, FakeClock, csrf_token, empty_database, redis_test_url

REDIS_TEST_URL = redis_test_url(15)
WAIT = "Bitte warten Sie"
ATTACKER, PERSON = "10.0.0.66", "10.0.0.1"


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    throttle._memory.clear()
    fake = FakeClock()
    monkeypatch.setattr(limits, "clock", fake)
    yield fake
    throttle._memory.clear()


STRICT = {"LOGIN_FREE_FAILURES": 3, "LOGIN_DELAY_BASE": 2, "LOGIN_DELAY_MAX": 60,
          "LOGIN_FAILURES_PER_USER": 5, "LOGIN_FAILURES_PER_CLIENT": 6}


@pytest.fixture
def strict(app):
    app.config.update(STRICT)
    return app


def _attempt(client, username="moderatorin", password="falsch-falsch", address=PERSON):
    return client.post(
        "/moderation/login",
        data={"username": username, "password": password, "csrf_token": csrf_token(client)},
        environ_base={"REMOTE_ADDR": address},
    )


def _logout(client):
    client.post("/moderation/logout", data={"csrf_token": csrf_token(client)})


def _attack(app, clock, attempts=12, address=ATTACKER):
    """A guesser that always waits just long enough; returns its client."""
    attacker = app.test_client()
    for _ in range(attempts):
        clock.advance(STRICT["LOGIN_DELAY_MAX"] + 1)
        assert _attempt(attacker, address=address).status_code == 422
    return attacker


def test_a_client_waits_longer_after_each_failure_and_is_told_how_long(strict, client, moderator, clock):
    for _ in range(3):
        assert _attempt(client).status_code == 422
    refused = _attempt(client, password=TEST_PASSWORD)  # even the right password waits now
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "2"
    html = refused.get_data(as_text=True)
    assert f"{WAIT} 2 Sekunden" in html
    assert 'value="moderatorin"' in html  # the typed name stays in the form
    assert client.get("/moderation/").status_code == 302
    clock.advance(2)
    assert _attempt(client).status_code == 422
    clock.advance(3)
    assert _attempt(client).status_code == 429  # now 4 seconds
    clock.advance(1)
    assert _attempt(client, password=TEST_PASSWORD).status_code == 302  # a delay, never a lock-out


def test_the_right_password_works_from_another_client_while_the_account_is_attacked(strict, moderator, clock):
    attacker = _attack(strict, clock)
    assert _attempt(attacker, address=ATTACKER).status_code == 429  # the attacker is still slowed down
    person = strict.test_client()
    assert _attempt(person, password=TEST_PASSWORD, address=PERSON).status_code == 302
    assert person.get("/moderation/").status_code == 200
    assert _attempt(attacker, password=TEST_PASSWORD, address=ATTACKER).status_code == 429


def test_during_an_attack_delays_start_after_a_clients_first_failure(strict, moderator, clock):
    _attack(strict, clock)
    newcomer = strict.test_client()
    assert _attempt(newcomer, address="10.0.0.2").status_code == 422  # never refused before failing itself
    refused = _attempt(newcomer, address="10.0.0.2", password=TEST_PASSWORD)
    assert refused.status_code == 429 and f"{WAIT} 2 Sekunden" in refused.get_data(as_text=True)
    clock.advance(2)
    assert _attempt(newcomer, address="10.0.0.2", password=TEST_PASSWORD).status_code == 302


def test_a_known_browser_is_not_slowed_down_by_an_attacker_even_on_the_same_address(strict, moderator, clock):
    person = strict.test_client()
    assert _attempt(person, password=TEST_PASSWORD, address=ATTACKER).status_code == 302
    assert person.get_cookie("known_device", path="/moderation") is not None
    _logout(person)
    _attack(strict, clock, attempts=40)  # the venue's shared address: also past the per-address budget
    for _ in range(2):
        assert _attempt(person, address=ATTACKER).status_code == 422  # a typo or two cost nothing
    assert _attempt(person, password=TEST_PASSWORD, address=ATTACKER).status_code == 302
    stranger = strict.test_client()  # the same address without the cookie waits
    assert _attempt(stranger, password=TEST_PASSWORD, address=ATTACKER).status_code == 429


def test_a_forged_or_foreign_device_cookie_counts_for_nothing(strict, moderator, clock):
    from participation.auth.services import create_moderator

    create_moderator("andere", TEST_PASSWORD)
    other = strict.test_client()
    assert _attempt(other, username="andere", password=TEST_PASSWORD, address=ATTACKER).status_code == 302
    _logout(other)
    _attack(strict, clock)
    # known for "andere" only: for "moderatorin" this browser is just an address
    assert _attempt(other, address=ATTACKER).status_code == 429
    forged = strict.test_client()
    forged.set_cookie("known_device", "eyJkIjoieCIsInUiOltdfQ.forged.signature", path="/moderation")
    assert _attempt(forged, address=ATTACKER).status_code == 429


def test_a_client_is_slowed_down_across_names(strict, client, moderator):
    for number in range(6):
        assert _attempt(client, username=f"rate-{number}").status_code == 422
    assert _attempt(client, password=TEST_PASSWORD).status_code == 429
    other_client = strict.test_client()
    assert _attempt(other_client, password=TEST_PASSWORD, address="10.0.0.2").status_code == 302


def test_names_are_compared_as_typed_loosely(strict, client, moderator):
    for name in ("moderatorin", " Moderatorin", "MODERATORIN "):
        _attempt(client, username=name)
    assert _attempt(client, password=TEST_PASSWORD).status_code == 429


def test_success_clears_the_clients_failures_for_the_name(strict, client, moderator):
    for _ in range(2):
        _attempt(client)
    assert _attempt(client, password=TEST_PASSWORD).status_code == 302
    _logout(client)
    for _ in range(3):
        assert _attempt(client).status_code == 422
    assert _attempt(client, password=TEST_PASSWORD).status_code == 429


def test_failures_are_forgotten_after_a_quiet_window(strict, client, moderator, clock):
    for _ in range(5):
        clock.advance(61)
        _attempt(client)
    assert _attempt(client, password=TEST_PASSWORD).status_code == 429
    clock.advance(strict.config["LOGIN_WINDOW"] + 1)
    assert _attempt(client, password=TEST_PASSWORD).status_code == 302


def test_an_attempt_counts_before_its_password_is_checked(strict, moderator):
    """Parallel guesses cannot all slip through before their failures are recorded."""
    with strict.test_request_context(environ_base={"REMOTE_ADDR": ATTACKER}):
        pending = [throttle.admit("moderatorin") for _ in range(3)]
        with pytest.raises(throttle.LoginThrottled):
            throttle.admit("moderatorin")
        pending[0].succeeded()  # a success takes its own count back and clears the pair
        throttle.admit("moderatorin")


def test_nothing_in_the_database_holds_an_address_or_a_name(strict, client, moderator):
    for _ in range(3):
        _attempt(client, address="203.0.113.77")
    db.session.rollback()
    names = db.session.scalars(select(RateCounter.name)).all()
    assert names  # the per-name count is shared through the database
    dump = " ".join(names)
    assert "203.0.113.77" not in dump and "moderatorin" not in dump
    assert all(name.startswith("login-user:") for name in names)  # client state stays in memory
    keys = throttle._memory.keys()
    assert keys and not any("203.0.113.77" in key or "moderatorin" in key for key in keys)


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
                      "REDIS_URL": REDIS_TEST_URL, **STRICT})
    app.test_client_class = FreshContextClient
    with app.app_context():
        db.create_all()
        from participation.auth.services import create_moderator

        create_moderator("moderatorin", TEST_PASSWORD)
        yield app, client
        empty_database()
    client.flushdb()
    client.close()


def test_with_redis_the_state_lives_there_and_holds_across_servers(redis_app, clock):
    app, redis_client = redis_app
    web = app.test_client()
    for _ in range(3):
        _attempt(web, address="198.51.100.4")
    refused = _attempt(web, password=TEST_PASSWORD, address="198.51.100.4")
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "2"
    keys = [key.decode() for key in redis_client.keys("*")]
    assert any(":login-user:" in key for key in keys) and any(":login-pair:" in key for key in keys)
    assert any(":login-client:" in key for key in keys)
    assert not any("198.51.100.4" in key or "moderatorin" in key for key in keys)
    db.session.rollback()
    assert db.session.scalars(select(RateCounter.name)).all() == []
    assert throttle._memory.keys() == []
    # another server process: only Redis knows
    assert _attempt(app.test_client(), password=TEST_PASSWORD, address="198.51.100.4").status_code == 429
    clock.advance(2)
    assert _attempt(app.test_client(), password=TEST_PASSWORD, address="198.51.100.4").status_code == 302
    # and the attack state is shared too: the right password from elsewhere works at once
    _attack(app, clock, attempts=6)
    assert _attempt(app.test_client(), password=TEST_PASSWORD, address="198.51.100.9").status_code == 302


def test_a_dead_redis_falls_back_to_memory_and_the_database(redis_app, clock):
    app, _redis_client = redis_app
    app.extensions["participation_redis_client"] = redis.Redis.from_url(
        "redis://127.0.0.1:1/0", socket_connect_timeout=0.2, socket_timeout=0.2)
    web = app.test_client()
    for _ in range(3):
        assert _attempt(web).status_code == 422
    assert _attempt(web, password=TEST_PASSWORD).status_code == 429
    assert _attempt(app.test_client(), password=TEST_PASSWORD, address="10.0.0.9").status_code == 302


def test_logins_are_logged_without_name_or_address(strict, client, moderator, caplog):
    caplog.set_level("INFO")
    _attempt(client, address="192.0.2.55")
    post_login = _attempt(client, password=TEST_PASSWORD, address="192.0.2.55")
    assert post_login.status_code == 302
    logged = caplog.text
    assert "login.failed" in " ".join(str(getattr(r, "event", "")) for r in caplog.records)
    assert "192.0.2.55" not in logged and "moderatorin" not in logged
