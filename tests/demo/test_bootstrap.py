"""`flask bootstrap` on first start and `flask demo` to fill a workshop with ideas."""

import os
import re
import stat
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from participation.auth.models import Moderator
from participation.extensions import db
from participation.ideas.models import VISIBLE, Idea
from participation.workshops.models import Workshop
from participation.workshops.services import create_workshop

from helpers import csrf_token

DEMO_TITLE = "Dithmarschen Digital – Auftakt"


def _printed(output, label):
    match = re.search(rf"^\s*{label}:\s+(\S.*?)\s*$", output, re.MULTILINE)
    return match.group(1) if match else None


def _count(model):
    db.session.rollback()  # see what the command wrote
    return db.session.scalar(select(func.count(model.id)))


def _bootstrap(runner, *args):
    result = runner.invoke(args=["bootstrap", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _log_in(app, username, password):
    client = app.test_client()
    response = client.post(
        "/moderation/login", data={"username": username, "password": password, "csrf_token": csrf_token(client)}
    )
    return response.status_code == 302 and client.get("/moderation/").status_code == 200


def test_bootstrap_on_empty_database(app, runner):
    output = _bootstrap(runner)
    assert "Neue Datenbank: Demo-Zugang und Demo-Workshop angelegt." in output
    assert _printed(output, "Benutzer") == "moderation"
    password = _printed(output, "Passwort")
    assert password and len(password) >= 10
    assert _printed(output, "Moderation") == "http://127.0.0.1:5000/moderation/login"

    db.session.rollback()
    workshop = db.session.scalar(select(Workshop))
    assert workshop.title == DEMO_TITLE
    assert workshop.is_open and len(workshop.questions) == 3
    assert workshop.owner.username == "moderation"
    assert _printed(output, "Workshop") == DEMO_TITLE
    assert _printed(output, "Code") == workshop.code
    assert _printed(output, "Mitmachen") == f"http://127.0.0.1:5000/j/{workshop.code}"
    assert "Handys erreichen diese Adresse nicht" in output  # 127.0.0.1 is no address for phones

    assert _log_in(app, "moderation", password)
    assert not _log_in(app, "moderation", password + "x")


def test_bootstrap_keeps_the_password_private(app, runner):
    output = _bootstrap(runner)
    path = Path(app.instance_path) / "demo-login.txt"
    assert path.read_text().splitlines() == ["moderation", _printed(output, "Passwort")]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    db.session.rollback()
    stored = db.session.scalar(select(Moderator.password_hash))
    assert _printed(output, "Passwort") not in stored


def test_bootstrap_join_url_uses_the_configured_addresses(app, runner):
    output = _bootstrap(runner, "--base-url", "http://192.168.1.20:5000/")
    code = _printed(output, "Code")
    assert _printed(output, "Mitmachen") == f"http://192.168.1.20:5000/j/{code}"
    assert _printed(output, "Moderation") == "http://192.168.1.20:5000/moderation/login"
    assert "Handys erreichen" not in output

    app.config["PUBLIC_BASE_URL"] = "https://beteiligung.example"
    again = _bootstrap(runner)
    assert _printed(again, "Mitmachen") == f"https://beteiligung.example/j/{code}"


def test_second_bootstrap_creates_nothing_and_shows_the_same_password(app, runner):
    first = _bootstrap(runner)
    second = _bootstrap(runner)
    assert "Neue Datenbank" not in second
    assert _printed(second, "Passwort") == _printed(first, "Passwort")
    assert _printed(second, "Code") == _printed(first, "Code")
    assert _printed(second, "Mitmachen") == _printed(first, "Mitmachen")
    assert _count(Moderator) == 1 and _count(Workshop) == 1
    assert _log_in(app, "moderation", _printed(second, "Passwort"))


def test_bootstrap_does_not_show_a_password_that_no_longer_works(app, runner):
    first = _bootstrap(runner)
    result = runner.invoke(
        args=["moderator", "set-password", "moderation", "--password-stdin"], input="ganz-anders-geheim\n"
    )
    assert result.exit_code == 0, result.output
    second = _bootstrap(runner)
    assert _printed(first, "Passwort") not in second
    assert _printed(second, "Passwort") is None
    assert "Anmeldung mit Ihrem Moderatorenkonto" in second


def test_bootstrap_leaves_a_used_database_alone(app, runner, moderator):
    output = _bootstrap(runner)
    assert "Neue Datenbank" not in output
    assert _printed(output, "Passwort") is None
    assert "Anmeldung mit Ihrem Moderatorenkonto" in output
    assert _printed(output, "Mitmachen") is None
    assert _count(Moderator) == 1 and _count(Workshop) == 0
    db.session.rollback()
    assert db.session.scalar(select(Moderator.username)) == "moderatorin"
    assert not (Path(app.instance_path) / "demo-login.txt").exists()


def test_bootstrap_leaves_a_database_with_workshops_alone(app, runner):
    create_workshop(None, "dithmarschen", "Ohne Besitzer")
    output = _bootstrap(runner)
    assert "Neue Datenbank" not in output
    assert _count(Moderator) == 0 and _count(Workshop) == 1


def _ideas(workshop_id):
    db.session.rollback()
    return db.session.scalars(select(Idea).where(Idea.workshop_id == workshop_id)).all()


def test_demo_fills_the_demo_workshop_once(app, runner):
    _bootstrap(runner)
    db.session.rollback()
    workshop = db.session.scalar(select(Workshop))

    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    ideas = _ideas(workshop.id)
    assert len(ideas) >= 60
    assert f"{len(ideas)} Demo-Ideen zu „{DEMO_TITLE}“ ({workshop.code}) hinzugefügt." in result.output
    per_question = Counter(idea.question_id for idea in ideas)
    assert set(per_question) == {question.id for question in workshop.questions}
    assert min(per_question.values()) >= 15, per_question
    assert all(idea.status == VISIBLE for idea in ideas)
    assert any(idea.nickname for idea in ideas) and any(idea.nickname is None for idea in ideas)

    listed = app.test_client().get(f"/api/workshops/{workshop.code}/ideas").get_json()["ideas"]
    assert len(listed) == len(ideas)

    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0, again.output
    assert "0 Demo-Ideen" in again.output
    assert len(_ideas(workshop.id)) == len(ideas)


def test_demo_on_an_empty_database_bootstraps_first(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    db.session.rollback()
    workshop = db.session.scalar(select(Workshop))
    assert workshop.title == DEMO_TITLE
    assert len(_ideas(workshop.id)) >= 60
    assert _count(Moderator) == 1


def test_demo_with_code_fills_that_workshop_only(app, runner, workshop, moderator):
    other = create_workshop(moderator, "dithmarschen", "Zweiter Abend")
    result = runner.invoke(args=["demo", "--code", other.code.lower()])
    assert result.exit_code == 0, result.output
    assert "Zweiter Abend" in result.output
    assert len(_ideas(other.id)) >= 60
    assert _ideas(workshop.id) == []


def test_demo_with_unknown_code_fails(app, runner, workshop):
    result = runner.invoke(args=["demo", "--code", "ZZZZZZ"])
    assert result.exit_code == 1
    assert "Workshop nicht gefunden" in result.output
    assert _count(Idea) == 0
