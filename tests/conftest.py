"""Fixtures: an app per test on a fresh database, for each backend we support.

Every test that uses ``app`` runs on SQLite and on PostgreSQL (127.0.0.1:5432, database
``test``, a schema of its own per test session). ``TEST_DATABASES=sqlite`` limits the
run to SQLite on a machine without PostgreSQL.
"""

import uuid

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from participation import create_app
from participation.extensions import db

from helpers import BACKENDS, POSTGRES_URL, TEST_PASSWORD, csrf_token, empty_database, known_hashes


def _remember_url_builders():
    """Most tests build an app of their own, and three quarters of ``create_app`` went into
    werkzeug compiling a URL builder (Python code generated through ``ast``) for each of the
    ~135 rules, anew for every app. The generated function depends only on the rule's text,
    its parsed parts and its defaults; the rule itself comes in as ``self``. So within this
    test process each distinct builder is compiled once and shared: the same function werkzeug
    would have compiled. Rules with defaults for their own variables are compiled as usual."""
    from werkzeug.routing.rules import Rule

    compile_builder = getattr(Rule, "_compile_builder", None)
    if compile_builder is None:  # another werkzeug: compile as it does
        return
    builders = {}

    def remembered(self, append_unknown=True):
        defaults = self.defaults or {}
        if any(is_dynamic and data in defaults for is_dynamic, data in self._trace):
            return compile_builder(self, append_unknown)
        key = (self.rule, tuple(self._trace), tuple(defaults), append_unknown)
        if key not in builders:
            builders[key] = compile_builder(self, append_unknown)
        return builders[key]

    Rule._compile_builder = remembered


_remember_url_builders()



@pytest.fixture(scope="session", autouse=True)
def remembered_password_checks():
    """Checking a password is a pure function of (hash, password) and costs a scrypt run
    (0.1 s and more on a busy machine); most tests log in once or more. In this process
    each pair is checked once per session; gunicorn and live servers check for real."""
    import functools
    from unittest.mock import patch

    from werkzeug.security import check_password_hash

    with patch("participation.auth.models.check_password_hash", functools.lru_cache(maxsize=4096)(check_password_hash)):
        yield


@pytest.fixture(scope="session")
def postgres_url():
    """A schema of our own in the test database, dropped at the end of the session."""
    schema = f"test_{uuid.uuid4().hex[:10]}"
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


class FreshContextClient(FlaskClient):
    """Runs every request in an app context of its own, as in production.

    The test itself holds an app context for direct database access; without this,
    requests would share its ``g`` (and Flask-WTF's cached CSRF token) and its session.
    Tests read what requests wrote after ``db.session.rollback()``.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'participation.sqlite'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def app(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("PARTICIPATION_INSTANCE", str(tmp_path / "instance"))
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "ANALYSIS_IN_BACKGROUND": False,  # analyse in the request: deterministic tests
            "RUN_SHEET_TICK_SECONDS": 0,  # automatic steps move on when a test calls advance_due
        }
    )
    app.test_client_class = FreshContextClient
    from participation.auth import throttle

    throttle._memory.clear()  # login delays live in this process: each test starts without any
    with app.app_context():
        db.create_all()
        yield app
        hub = app.extensions.get("participation_hub")
        if hub is not None:
            hub.stop(wait=5)  # its feeder must not hand a connection back after dispose()
        empty_database()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def moderator(app):
    from participation.auth.services import create_moderator

    with known_hashes():
        return create_moderator("moderatorin", TEST_PASSWORD)


@pytest.fixture
def workshop(app, moderator):
    from participation.workshops.services import create_workshop

    return create_workshop(moderator, "dithmarschen")


@pytest.fixture
def logged_in(client, moderator):
    token = csrf_token(client)
    response = client.post(
        "/moderation/login", data={"username": "moderatorin", "password": TEST_PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    return client


@pytest.fixture
def attendee(client, workshop):
    """A client that joined ``workshop`` as "Inge"; returns (client, csrf token)."""
    token = csrf_token(client)
    response = client.post(f"/j/{workshop.code}", data={"nickname": "Inge", "csrf_token": token})
    assert response.status_code == 302
    return client, token
