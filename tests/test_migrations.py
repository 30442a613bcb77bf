"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL.

These tests build their own apps on empty databases and run `flask db upgrade`
(``flask_migrate.upgrade``); they never call ``db.create_all``.
"""

import os
import uuid

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from participation import create_app
from participation.extensions import db

from helpers import BACKENDS, POSTGRES_URL


@pytest.fixture
def postgres_schema_url():
    """An empty schema of this test's own, dropped afterwards."""
    schema = f"migr_{uuid.uuid4().hex[:10]}"
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}", schema
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def empty_app(request, tmp_path, monkeypatch):
    """An app on an empty database: a new SQLite file, or a new PostgreSQL schema."""
    monkeypatch.setenv("PARTICIPATION_INSTANCE", str(tmp_path / "instance"))
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'migrated.sqlite'}"
    else:
        url, _schema = request.getfixturevalue("postgres_schema_url")
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        assert inspect(db.engine).get_table_names() == []
        yield app
        db.session.remove()
        db.engine.dispose()


def _tables():
    with db.engine.connect() as connection:
        return set(inspect(connection).get_table_names())


def _differences():
    """What autogenerate would put into a new migration: the models against the migrated database."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def _heads(app):
    config = app.extensions["migrate"].migrate.get_config()
    return ScriptDirectory.from_config(config).get_heads()


def test_there_is_exactly_one_head(empty_app):
    assert len(_heads(empty_app)) == 1


def test_upgrade_creates_every_table(empty_app):
    flask_migrate.upgrade()
    model_tables = {table.name for table in db.metadata.sorted_tables}
    assert {"moderator", "workshop", "question", "field", "participant", "idea"} <= model_tables
    assert _tables() == model_tables | {"alembic_version"}
    with db.engine.connect() as connection:
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    assert version == _heads(empty_app)[0]


def test_migrations_match_the_models(empty_app):
    flask_migrate.upgrade()
    assert _differences() == []


def test_flask_migrate_check_finds_nothing_to_do(empty_app):
    flask_migrate.upgrade()
    flask_migrate.check()  # exits with status 1 when a new migration would be generated


def test_migrated_database_works(empty_app):
    """Defaults and constraints of the migrated schema carry real data."""
    from participation.auth.services import create_moderator
    from participation.workshops.services import create_workshop

    flask_migrate.upgrade()
    moderator = create_moderator("moderatorin", "richtig-geheim-42")
    workshop = create_workshop(moderator, "dithmarschen")
    client = empty_app.test_client()
    assert client.get(f"/api/workshops/{workshop.code}").status_code == 200
    assert client.get(f"/j/{workshop.code}").status_code == 200


def test_downgrade_to_base_removes_every_table(empty_app):
    flask_migrate.upgrade()
    flask_migrate.downgrade(revision="base")
    assert _tables() <= {"alembic_version"}
    if "alembic_version" in _tables():
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 0
    flask_migrate.upgrade()  # and up again
    assert _differences() == []


def test_each_revision_downgrades_and_upgrades(empty_app):
    """Step down one revision at a time to base and back up: every downgrade() is usable."""
    config = empty_app.extensions["migrate"].migrate.get_config()
    revisions = list(ScriptDirectory.from_config(config).walk_revisions())  # newest first
    flask_migrate.upgrade()
    for _revision in revisions:
        flask_migrate.downgrade(revision="-1")
    assert _tables() <= {"alembic_version"}
    for _revision in revisions:
        flask_migrate.upgrade(revision="+1")
    assert _differences() == []


def test_migrations_import_no_application_code():
    """Migrations use plain SQLAlchemy types so that later model changes cannot break them."""
    versions = os.path.join(os.path.dirname(__file__), os.pardir, "migrations", "versions")
    for name in os.listdir(versions):
        if name.endswith(".py"):
            with open(os.path.join(versions, name), encoding="utf-8") as handle:
                source = handle.read()
            assert "participation" not in source.replace("participation API", ""), name


def test_session_tokens_and_wall_salts_are_filled_and_plain_wall_keys_dropped(empty_app):
    """Accounts from before get a session token; a stored plain wall key gives way to a salt."""
    flask_migrate.upgrade(revision="a3c5e1f2b7d9")
    with db.engine.begin() as connection:
        connection.execute(text("INSERT INTO moderator (id, username, password_hash, role, created_at) "
                                "VALUES (1, 'alt', 'x', 'admin', '2026-01-01 00:00:00')"))
        for number, token in ((1, "klartext-wandschluessel"), (2, None)):
            connection.execute(text(
                "INSERT INTO workshop (id, code, title, place, description, idea_max_length, is_open, "
                "dots_per_participant, show_ideas_to_attendees, premoderation, word_filter, wall_token, "
                "event_seq, results_published, created_at, updated_at) VALUES (:id, :code, 'W', '', '', 500, "
                ":yes, 3, :yes, :no, '[]', :token, 0, :no, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"),
                {"id": number, "code": f"ABC00{number}", "token": token, "yes": True, "no": False})
    flask_migrate.upgrade()
    assert _differences() == []
    with db.engine.connect() as connection:
        token = connection.execute(text("SELECT session_token FROM moderator")).scalar_one()
        salts = connection.execute(text("SELECT id, wall_salt FROM workshop ORDER BY id")).all()
    assert token and len(token) >= 32
    assert salts[0][1] and "klartext" not in salts[0][1] and salts[1][1] is None
    columns = {column["name"] for column in inspect(db.engine).get_columns("workshop")}
    assert "wall_token" not in columns and "wall_salt" in columns
