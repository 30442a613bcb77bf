"""`flask backup OUT` while the server writes, and `flask restore IN` back.

SQLite: a consistent single-file copy (owner-only), checked before a restore, written
back through SQLite itself. PostgreSQL: pg_dump/pg_restore guidance and a non-zero exit.
"""

import os
import sqlite3
import stat
import threading
import time

import flask_migrate
import pytest
from sqlalchemy import func, select, text

from participation.extensions import db
from participation.ideas.models import Idea
from participation.workshops.models import Workshop

from helpers import make_participant, post_idea


@pytest.fixture
def sqlite_app(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite backup and restore")
    flask_migrate.stamp(revision="head")  # a real installation is migrated
    return app


@pytest.fixture
def postgres_app(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL guidance")
    return app


def _query(path, sql):
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def _ideas():
    db.session.rollback()
    return db.session.scalar(select(func.count(Idea.id)))


def test_backup_while_ideas_are_posted(sqlite_app, runner, workshop, tmp_path):
    people = [make_participant(workshop, f"person-{number:03d}") for number in range(4)]
    stop = threading.Event()
    written = []

    def keep_posting():
        with sqlite_app.app_context():
            number = 0
            while not stop.is_set():
                post_idea(workshop, people[number % 4], f"Idee Nummer {number} während der Sicherung")
                written.append(number)
                number += 1
            db.session.remove()

    writer = threading.Thread(target=keep_posting)
    writer.start()
    try:
        while len(written) < 5:
            time.sleep(0.01)
        before = len(written)
        out = tmp_path / "backups" / "participation.sqlite"
        out.parent.mkdir()
        result = runner.invoke(args=["backup", str(out)])
        after_backup = len(written)
        while len(written) < after_backup + 5:  # writes go on after the backup
            time.sleep(0.01)
    finally:
        stop.set()
        writer.join(30)
    assert result.exit_code == 0, result.output
    assert "Sicherung geschrieben" in result.output
    assert _query(out, "PRAGMA integrity_check") == [("ok",)]
    saved = _query(out, "SELECT COUNT(*) FROM idea")[0][0]
    assert before <= saved <= after_backup + 1
    assert saved < _ideas()
    # one consistent snapshot: every idea's event is in it, and the event counter matches
    events = _query(out, "SELECT COUNT(*) FROM event WHERE kind = 'idea'")[0][0]
    seq = _query(out, f"SELECT event_seq FROM workshop WHERE id = {workshop.id}")[0][0]
    assert events == saved and seq == _query(out, "SELECT COUNT(*) FROM event")[0][0]
    assert _query(out, "PRAGMA journal_mode") == [("delete",)]
    assert not os.path.exists(f"{out}-wal")
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert sorted(os.listdir(out.parent)) == ["participation.sqlite"]  # no temporary file left


def test_backup_does_not_overwrite_unless_forced(sqlite_app, runner, tmp_path):
    out = tmp_path / "copy.sqlite"
    out.write_text("wichtig")
    result = runner.invoke(args=["backup", str(out)])
    assert result.exit_code == 1 and "gibt es schon" in result.output
    assert out.read_text() == "wichtig"
    assert runner.invoke(args=["backup", str(out), "--force"]).exit_code == 0
    assert _query(out, "PRAGMA integrity_check") == [("ok",)]


def test_restore_round_trip(sqlite_app, runner, workshop, tmp_path):
    post_idea(workshop, make_participant(workshop), "Diese Idee steht in der Sicherung")
    out = tmp_path / "backup.sqlite"
    assert runner.invoke(args=["backup", str(out)]).exit_code == 0
    post_idea(workshop, make_participant(workshop, "spaet"), "Diese Idee kam nach der Sicherung")
    from participation.moderation.services import delete_workshop

    other = db.session.get(Workshop, workshop.id)
    delete_workshop(other)
    assert _ideas() == 0
    result = runner.invoke(args=["restore", str(out), "--yes"])
    assert result.exit_code == 0, result.output
    assert "Stoppen Sie vorher den Server" in result.output
    assert "Zurückgespielt: Workshops: 1, Ideen: 1" in result.output
    db.session.rollback()
    assert db.session.scalars(select(Idea.text)).all() == ["Diese Idee steht in der Sicherung"]
    assert db.session.get(Workshop, workshop.id) is not None
    kept = [name for name in os.listdir(tmp_path) if ".before-restore-" in name and not name.endswith(("-wal", "-shm"))]
    assert len(kept) == 1  # the state before the restore is kept next to the database
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"


def test_restore_asks_first(sqlite_app, runner, workshop, tmp_path):
    out = tmp_path / "backup.sqlite"
    runner.invoke(args=["backup", str(out)])
    post_idea(workshop, make_participant(workshop), "Bleibt, weil niemand bestätigt")
    result = runner.invoke(args=["restore", str(out)], input="n\n")
    assert result.exit_code == 1
    assert "Datenbank jetzt ersetzen?" in result.output and "nichts wurde geändert" in result.output
    assert _ideas() == 1


def test_restore_refuses_what_is_not_a_backup_of_this_app(sqlite_app, runner, tmp_path):
    text_file = tmp_path / "notes.txt"
    text_file.write_text("keine Datenbank")
    foreign = tmp_path / "foreign.sqlite"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE kunden (id INTEGER PRIMARY KEY)")
    connection.commit()
    connection.close()
    cases = {
        text_file: "keine SQLite-Datenbank",
        foreign: "es fehlen die Tabellen",
        tmp_path / "missing.sqlite": "gibt es nicht",
    }
    for path, message in cases.items():
        result = runner.invoke(args=["restore", str(path), "--yes"])
        assert result.exit_code == 1, path
        assert message in result.output, result.output
    assert db.session.scalar(select(func.count(Workshop.id))) == 0


def test_restore_refuses_a_damaged_file(sqlite_app, runner, workshop, tmp_path):
    for number in range(60):
        post_idea(workshop, make_participant(workshop, f"person-{number:03d}"), f"Idee {number} " + "x" * 300)
    out = tmp_path / "backup.sqlite"
    runner.invoke(args=["backup", str(out)])
    data = bytearray(out.read_bytes())
    page = 4096
    for offset in range(3 * page, min(len(data), 12 * page), page):  # scribble over b-tree pages
        data[offset:offset + 64] = b"\xff" * 64
    out.write_bytes(bytes(data))
    result = runner.invoke(args=["restore", str(out), "--yes"])
    assert result.exit_code == 1
    assert "beschädigt" in result.output or "lässt sich nicht" in result.output
    assert _ideas() == 60


def test_restore_refuses_a_backup_from_a_newer_version(sqlite_app, runner, tmp_path):
    out = tmp_path / "backup.sqlite"
    runner.invoke(args=["backup", str(out)])
    connection = sqlite3.connect(out)
    connection.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    connection.commit()
    connection.close()
    result = runner.invoke(args=["restore", str(out), "--yes"])
    assert result.exit_code == 1 and "neueren oder fremden Version" in result.output


def test_restore_of_an_older_schema_says_to_upgrade(sqlite_app, runner, tmp_path):
    out = tmp_path / "backup.sqlite"
    runner.invoke(args=["backup", str(out)])
    connection = sqlite3.connect(out)
    connection.execute("UPDATE alembic_version SET version_num = '48df63d028c8'")
    connection.commit()
    connection.close()
    result = runner.invoke(args=["restore", str(out), "--yes"])
    assert result.exit_code == 0, result.output
    assert "db upgrade" in result.output


def test_postgres_gets_pg_dump_guidance(postgres_app, runner, tmp_path):
    for command, tool in (("backup", "pg_dump"), ("restore", "pg_restore")):
        result = runner.invoke(args=[command, str(tmp_path / "dump.pgc")])
        assert result.exit_code == 1
        assert tool in result.output and "postgresql://" in result.output
        assert "+psycopg" not in result.output


def test_guidance_never_prints_the_password(app, tmp_path):
    from participation.ops.cli import _libpq_url

    app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://kreis:streng-geheim@db.example:5432/beteiligung"
    url = _libpq_url()
    assert "streng-geheim" not in url and "***" not in url
    assert url == "postgresql://kreis@db.example:5432/beteiligung"
