"""Closed workshops are deleted RETENTION_DAYS after closing: `flask retention`, the in-app
sweep, the closing clock (closed_at), and the moderators' warning before it happens."""

import sqlite3
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from participation import create_app
from participation.charts.cache import chart_cache
from participation.core.timeutil import utcnow
from participation.database import write_transaction
from participation.extensions import db
from participation.ideas.models import Idea, Participant
from participation.limits import hit
from participation.limits.models import RateCounter
from participation.events.models import Event
from participation.ops import retention
from participation.workshops.models import Workshop
from participation.workshops.retention import deletion_date
from participation.workshops.services import create_workshop, set_open, update_workshop

from accounts import log_in, post
from helpers import make_participant, post_idea

SECRET_TEXT = "Geheimer Vorschlag zur Ortsumgehung Wesselburen"


def _closed_days_ago(workshop, days):
    set_open(workshop, False)
    with write_transaction():
        workshop.closed_at = utcnow() - timedelta(days=days)
    return workshop


def _exists(workshop_id):
    db.session.rollback()
    return db.session.get(Workshop, workshop_id) is not None


@pytest.fixture
def old_workshop(app, moderator):
    workshop = create_workshop(moderator, "dithmarschen", "Alter Workshop")
    post_idea(workshop, make_participant(workshop), SECRET_TEXT)
    return _closed_days_ago(workshop, 181)


# --- the closing clock --------------------------------------------------------------------


def test_closing_sets_closed_at_and_reopening_clears_it(app, workshop):
    assert workshop.closed_at is None
    set_open(workshop, False)
    first = workshop.closed_at
    assert first is not None and utcnow() - first < timedelta(seconds=10)
    set_open(workshop, False)  # closing again does not restart the clock
    assert workshop.closed_at == first
    set_open(workshop, True)
    assert workshop.closed_at is None
    update_workshop(workshop, is_open=False)  # the settings form closes this way
    assert workshop.closed_at is not None


def test_settings_form_and_state_button_keep_the_clock(app, logged_in, workshop):
    post(logged_in, f"/moderation/workshops/{workshop.id}/state", open="0")
    db.session.rollback()
    assert db.session.get(Workshop, workshop.id).closed_at is not None
    post(logged_in, f"/moderation/workshops/{workshop.id}/state", open="1")
    db.session.rollback()
    assert db.session.get(Workshop, workshop.id).closed_at is None


def test_a_workshop_created_closed_starts_its_clock(app, moderator):
    imported = create_workshop(moderator, "blank", "Importiert", is_open=False)
    assert imported.closed_at is not None


def test_deletion_date(app, workshop):
    assert deletion_date(workshop) is None  # open
    _closed_days_ago(workshop, 10)
    assert deletion_date(workshop) == workshop.closed_at + timedelta(days=180)
    app.config["RETENTION_DAYS"] = 0
    assert deletion_date(workshop) is None


# --- flask retention ----------------------------------------------------------------------


def test_dry_run_lists_and_deletes_nothing(runner, old_workshop, workshop):
    result = runner.invoke(args=["retention", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"Würde löschen: „Alter Workshop“ ({old_workshop.code})" in result.output
    assert workshop.title not in result.output
    assert _exists(old_workshop.id)


def test_real_run_deletes_due_workshops_with_everything_in_them(app, runner, old_workshop, workshop, moderator):
    recent = _closed_days_ago(create_workshop(moderator, "blank", "Kürzlich geschlossen"), 179)
    chart_cache.get((old_workshop.id, "questions", "svg", "de"), "spec", lambda spec: SECRET_TEXT.encode())
    chart_cache.get((workshop.id, "questions", "svg", "de"), "spec", lambda spec: b"bleibt")
    result = runner.invoke(args=["retention"])
    assert result.exit_code == 0, result.output
    assert f"Gelöscht: „Alter Workshop“ ({old_workshop.code})" in result.output
    assert not _exists(old_workshop.id)
    assert _exists(workshop.id) and _exists(recent.id)
    assert db.session.scalar(select(func.count(Idea.id)).where(Idea.text == SECRET_TEXT)) == 0
    assert db.session.scalar(select(func.count(Participant.id)).where(Participant.workshop_id == old_workshop.id)) == 0
    assert db.session.scalar(select(func.count()).select_from(Event).where(Event.workshop_id == old_workshop.id)) == 0
    keys = {key[0] for key in chart_cache._entries}
    assert old_workshop.id not in keys and workshop.id in keys
    chart_cache.forget(workshop.id)


def test_deleted_texts_are_gone_from_the_sqlite_file(app, runner, old_workshop, tmp_path):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("file contents: SQLite")
    runner.invoke(args=["retention"])
    db.session.remove()
    path = db.engine.url.database
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    with open(path, "rb") as handle:
        assert SECRET_TEXT.encode() not in handle.read()


def test_nothing_due(runner, workshop):
    result = runner.invoke(args=["retention"])
    assert result.exit_code == 0
    assert "Nichts zu löschen" in result.output


def test_retention_off(app, runner, old_workshop):
    app.config["RETENTION_DAYS"] = 0
    result = runner.invoke(args=["retention"])
    assert "ausgeschaltet" in result.output
    assert _exists(old_workshop.id)


def test_upcoming_deletions_are_announced(runner, moderator):
    soon = _closed_days_ago(create_workshop(moderator, "blank", "Bald weg"), 175)
    result = runner.invoke(args=["retention", "--dry-run"])
    assert f"Demnächst: „Bald weg“ ({soon.code})" in result.output


def test_closed_before_closing_times_were_kept_counts_from_the_last_change(app, moderator):
    workshop = create_workshop(moderator, "blank", "Uralt")
    with write_transaction() as session:
        session.execute(text("UPDATE workshop SET is_open = :closed, closed_at = NULL, updated_at = :then"
                             " WHERE id = :id"),
                        {"closed": False, "then": (utcnow() - timedelta(days=400)).replace(tzinfo=None),
                         "id": workshop.id})
    assert [item.id for item in retention.due_workshops()] == [workshop.id]


def test_stale_abuse_counters_are_purged(app):
    hit("idea", "a" * 64, 100, 60, now=1_000_000.0)
    hit("idea", "b" * 64, 100, 60)
    removed = retention.purge_stale_counters()
    assert removed == 1
    db.session.rollback()
    assert [name for name in db.session.scalars(select(RateCounter.name))] == ["idea:" + "b" * 64]


# --- the sweep inside the server ------------------------------------------------------------


def test_sweep_deletes_and_forgets_charts_of_workshops_deleted_elsewhere(app, old_workshop, workshop):
    chart_cache.get((999_999, "fields", "svg", "de"), "spec", lambda spec: b"von einem anderen Prozess")
    deleted = retention.sweep()
    assert [item.id for item in deleted] == [old_workshop.id]
    assert 999_999 not in {key[0] for key in chart_cache._entries}


def test_server_runs_the_sweep_by_itself(database_url, tmp_path, monkeypatch, app, old_workshop):
    monkeypatch.setenv("PARTICIPATION_INSTANCE", str(tmp_path / "server-instance"))
    server = create_app({"TESTING": False, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": database_url,
                         "ANALYSIS_IN_BACKGROUND": False})
    workshop_id = old_workshop.id
    web = server.test_client()
    assert web.get("/").status_code == 200
    sweeping = server.extensions["participation_retention_sweep"]["thread"]
    sweeping.join(timeout=120)  # the request only starts it: the sweep runs in a thread
    assert not sweeping.is_alive()
    assert not _exists(workshop_id)
    with server.app_context():
        db.session.remove()
        db.engine.dispose()


def test_sweep_is_off_in_tests_and_with_interval_zero(app, old_workshop, client):
    client.get("/")
    assert _exists(old_workshop.id)


# --- warnings for moderators ----------------------------------------------------------------


def test_warning_within_fourteen_days_on_workshop_page_and_dashboard(app, logged_in, moderator):
    soon = _closed_days_ago(create_workshop(moderator, "blank", "Bald gelöscht"), 170)
    page = logged_in.get(f"/moderation/workshops/{soon.id}").get_data(as_text=True)
    assert "wird am" in page and "automatisch gelöscht" in page
    assert 'class="warning" id="retention"' in page
    assert "Einreichen wieder" in page and "Auswertung und Export" in page
    dashboard = logged_in.get("/moderation/").get_data(as_text=True)
    assert "Bald automatisch gelöscht" in dashboard and "„Bald gelöscht“ wird am" in dashboard


def test_no_warning_when_far_away_only_a_note(app, logged_in, moderator):
    later = _closed_days_ago(create_workshop(moderator, "blank", "Noch lange da"), 3)
    page = logged_in.get(f"/moderation/workshops/{later.id}").get_data(as_text=True)
    assert 'class="notice" id="retention"' in page
    assert "Bald automatisch gelöscht" not in logged_in.get("/moderation/").get_data(as_text=True)


def test_reopening_cancels_the_deletion(app, logged_in, moderator, runner):
    due = _closed_days_ago(create_workshop(moderator, "blank", "Gerettet"), 200)
    post(logged_in, f"/moderation/workshops/{due.id}/state", open="1")
    runner.invoke(args=["retention"])
    assert _exists(due.id)
    page = logged_in.get(f"/moderation/workshops/{due.id}").get_data(as_text=True)
    assert 'id="retention"' not in page


def test_co_moderator_sees_the_warning_too(app, moderator):
    from participation.workshops.co_moderators import invite_co_moderator

    from accounts import make_account

    make_account("helfer")
    soon = _closed_days_ago(create_workshop(moderator, "blank", "Bald gelöscht"), 175)
    invite_co_moderator(soon, "helfer")
    assert "Bald automatisch gelöscht" in log_in(app, "helfer").get("/moderation/").get_data(as_text=True)
