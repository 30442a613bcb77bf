"""GET /healthz: database, migrations, Redis; 200 or 503; no login, no personal data, cheap."""

import flask_migrate
import pytest
from sqlalchemy import event, text

from participation import create_app
from participation.extensions import db

from helpers import redis_test_url

REDIS_TEST_URL = redis_test_url(15)
CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"
CLOSED_PORT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:1/test"


@pytest.fixture
def stamped(app):
    """The test database marked as migrated to the head revision (tests build it with create_all)."""
    flask_migrate.stamp(revision="head")
    yield app
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


def _other_app(tmp_path, monkeypatch, **config):
    monkeypatch.setenv("PARTICIPATION_INSTANCE", str(tmp_path / "other-instance"))
    return create_app({"TESTING": True, "SECRET_KEY": "test-secret", **config})


def test_healthy(stamped, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "migrations": "ok", "redis": "not configured"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers  # no session, no participant cookie


def test_no_login_needed_and_attendee_cookie_changes_nothing(stamped, attendee):
    client, _token = attendee
    assert client.get("/healthz").get_json()["status"] == "ok"


def test_unmigrated_database_is_an_error(app, client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["migrations"] == "missing"
    assert response.get_json()["database"] == "ok"


def test_database_behind_the_code_is_an_error(stamped, client):
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '48df63d028c8'"))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["migrations"] == "behind"


def test_postgres_down_is_503(tmp_path, monkeypatch):
    app = _other_app(tmp_path, monkeypatch, SQLALCHEMY_DATABASE_URI=CLOSED_PORT_POSTGRES)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "error", "migrations": "unknown",
                                   "redis": "not configured"}
    with app.app_context():
        db.engine.dispose()


def test_sqlite_file_that_cannot_be_opened_is_503(tmp_path, monkeypatch):
    app = _other_app(tmp_path, monkeypatch,
                     SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'no-such-dir' / 'x.sqlite'}")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "error"
    with app.app_context():
        db.engine.dispose()


def test_redis_up_and_down(stamped, database_url, tmp_path, monkeypatch):
    for url, state, status in ((REDIS_TEST_URL, "ok", "ok"), (CLOSED_PORT_REDIS, "error", "degraded")):
        other = _other_app(tmp_path, monkeypatch, SQLALCHEMY_DATABASE_URI=database_url, REDIS_URL=url)
        response = other.test_client().get("/healthz")
        body = response.get_json()
        assert (response.status_code, body["redis"], body["status"]) == (200, state, status)
        with other.app_context():
            db.engine.dispose()


def test_cheap_two_statements_and_nothing_personal(stamped, client, workshop):
    statements = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        body = client.get("/healthz").get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    # Every response reads the admin's public address (Secure cookies and HSTS follow it) at
    # most once per few seconds and process (core/site_settings.py): not the health check's own work.
    own = [s for s in statements if s.strip().upper().startswith("SELECT") and "site_setting" not in s]
    assert len(own) == 2, own
    assert sum("site_setting" in s for s in statements) <= 1
    assert workshop.code not in body and workshop.title not in body
