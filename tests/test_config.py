"""Configuration layers, the generated secret key, security headers and SQLite tuning."""

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from participation import create_app
from participation.config import ENVIRONMENT_KEYS, DefaultConfig, environment_overrides, normalise_database_url
from participation.extensions import db


@pytest.fixture
def instance(tmp_path, monkeypatch):
    """An empty instance folder and an environment without our variables."""
    folder = tmp_path / "instance"
    monkeypatch.setenv("PARTICIPATION_INSTANCE", str(folder))
    for name in ENVIRONMENT_KEYS:
        monkeypatch.delenv(name, raising=False)
    return folder


def _write_config(folder, **settings):
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"{name} = {value!r}" for name, value in settings.items()]
    (folder / "config.py").write_text("\n".join(lines) + "\n")


def _engine_url(app):
    with app.app_context():
        url = db.engine.url.render_as_string(hide_password=False)
        db.engine.dispose()
    return url


def test_defaults(instance):
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance / 'participation.sqlite'}"
    assert app.config["PUBLIC_BASE_URL"] is None
    assert app.config["BABEL_DEFAULT_LOCALE"] == "de"
    assert app.config["IDEA_MAX_LENGTH_DEFAULT"] == 500
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["WTF_CSRF_TIME_LIMIT"] is None
    assert app.config["SQLITE_BUSY_TIMEOUT_MS"] == 15000
    assert app.config["TESTING"] is False
    assert instance.is_dir()
    assert _engine_url(app).startswith("sqlite:///")


def test_instance_config_overrides_defaults(instance, tmp_path):
    database = f"sqlite:///{tmp_path / 'aus-datei.sqlite'}"
    _write_config(
        instance,
        SECRET_KEY="aus-der-datei",
        SQLALCHEMY_DATABASE_URI=database,
        PUBLIC_BASE_URL="http://192.168.1.20:5000/",
        IDEA_MAX_LENGTH_DEFAULT=280,
    )
    app = create_app()
    assert app.config["SECRET_KEY"] == "aus-der-datei"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == database
    assert app.config["PUBLIC_BASE_URL"] == "http://192.168.1.20:5000"  # trailing slash removed
    assert app.config["IDEA_MAX_LENGTH_DEFAULT"] == 280
    assert not (instance / "secret_key").exists()  # a configured key needs no generated one
    assert _engine_url(app) == database


def test_environment_wins_over_instance_config(instance, tmp_path, monkeypatch):
    _write_config(
        instance,
        SECRET_KEY="aus-der-datei",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'aus-datei.sqlite'}",
        PUBLIC_BASE_URL="http://192.168.1.20:5000",
    )
    database = f"sqlite:///{tmp_path / 'aus-umgebung.sqlite'}"
    monkeypatch.setenv("SECRET_KEY", "aus-der-umgebung")
    monkeypatch.setenv("DATABASE_URL", database)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://beteiligung.example/")
    app = create_app()
    assert app.config["SECRET_KEY"] == "aus-der-umgebung"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == database
    assert app.config["PUBLIC_BASE_URL"] == "https://beteiligung.example"
    assert "DATABASE_URL" not in app.config
    assert _engine_url(app) == database


def test_empty_environment_variables_are_ignored(instance, monkeypatch):
    _write_config(instance, SECRET_KEY="aus-der-datei")
    monkeypatch.setenv("SECRET_KEY", "")
    monkeypatch.setenv("PUBLIC_BASE_URL", "")
    app = create_app()
    assert app.config["SECRET_KEY"] == "aus-der-datei"
    assert app.config["PUBLIC_BASE_URL"] is None


def test_environment_overrides_maps_database_url():
    environ = {"SECRET_KEY": "s", "DATABASE_URL": "sqlite:///x.sqlite", "PUBLIC_BASE_URL": "", "HOME": "/root"}
    assert environment_overrides(environ) == {"SECRET_KEY": "s", "SQLALCHEMY_DATABASE_URI": "sqlite:///x.sqlite"}


def test_test_config_replaces_file_and_environment(instance, monkeypatch, tmp_path):
    _write_config(instance, SECRET_KEY="aus-der-datei", IDEA_MAX_LENGTH_DEFAULT=280)
    monkeypatch.setenv("SECRET_KEY", "aus-der-umgebung")
    app = create_app({"SECRET_KEY": "aus-dem-test", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SECRET_KEY"] == "aus-dem-test"
    assert app.config["IDEA_MAX_LENGTH_DEFAULT"] == 500


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://anna:geheim@db.example:5432/beteiligung", "postgresql+psycopg://anna:geheim@db.example:5432/beteiligung"),
        ("postgresql://anna@db.example/beteiligung", "postgresql+psycopg://anna@db.example/beteiligung"),
        ("postgresql+psycopg://anna@db.example/beteiligung", "postgresql+psycopg://anna@db.example/beteiligung"),
        ("sqlite:////var/lib/participation/participation.sqlite", "sqlite:////var/lib/participation/participation.sqlite"),
    ],
)
def test_normalise_database_url(given, expected):
    assert normalise_database_url(given) == expected


@pytest.mark.parametrize("variable", ["DATABASE_URL", "file"])
def test_postgres_urls_from_outside_use_psycopg(instance, monkeypatch, variable):
    url = "postgres://anna:geheim@db.example:5432/beteiligung"
    if variable == "file":
        _write_config(instance, SQLALCHEMY_DATABASE_URI=url)
    else:
        monkeypatch.setenv("DATABASE_URL", url)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://anna:geheim@db.example:5432/beteiligung"
    with app.app_context():
        assert db.engine.dialect.name == "postgresql" and db.engine.dialect.driver == "psycopg"


def test_secret_key_is_generated_once_and_kept_private(instance):
    first = create_app()
    key = first.config["SECRET_KEY"]
    assert isinstance(key, str) and len(key) >= 32
    path = instance / "secret_key"
    assert path.read_text().strip() == key
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    second = create_app()
    assert second.config["SECRET_KEY"] == key  # sessions survive a restart
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_generated_secret_keys_differ_per_installation(instance, tmp_path, monkeypatch):
    keys = set()
    for name in ("eins", "zwei"):
        monkeypatch.setenv("PARTICIPATION_INSTANCE", str(tmp_path / name))
        keys.add(create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["SECRET_KEY"])
    assert len(keys) == 2


def test_no_secret_key_in_the_default_class():
    assert DefaultConfig.SECRET_KEY is None


# --- SQLite tuning ---------------------------------------------------------------------------


def _pragma(connection, name):
    return connection.execute(text(f"PRAGMA {name}")).scalar()


def test_sqlite_pragmas_on_every_connection(instance, tmp_path):
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'pragmas.sqlite'}"})
    with app.app_context():
        for _attempt in range(2):  # a new pool connection gets them too
            with db.engine.connect() as connection:
                assert _pragma(connection, "journal_mode") == "wal"
                assert _pragma(connection, "foreign_keys") == 1
                assert _pragma(connection, "synchronous") == 2  # FULL
                assert _pragma(connection, "busy_timeout") == 15000
            db.engine.dispose()
        assert Path(tmp_path / "pragmas.sqlite").exists()


def test_sqlite_busy_timeout_is_configurable(instance, tmp_path):
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'busy.sqlite'}",
                      "SQLITE_BUSY_TIMEOUT_MS": 2500})
    with app.app_context():
        with db.engine.connect() as connection:
            assert _pragma(connection, "busy_timeout") == 2500
        db.engine.dispose()


def test_sqlite_enforces_foreign_keys(instance, tmp_path):
    from sqlalchemy.exc import IntegrityError

    from participation.workshops.models import Question

    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fk.sqlite'}"})
    with app.app_context():
        db.create_all()
        db.session.add(Question(workshop_id=4711, position=0, text="Ohne Workshop"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        db.session.remove()
        db.engine.dispose()
