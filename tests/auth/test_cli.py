"""`flask moderator create` and `flask moderator set-password`."""

from sqlalchemy import func, select

from participation.auth.models import Moderator
from participation.extensions import db

from helpers import TEST_PASSWORD

NEW_PASSWORD = "ein-neues-passwort-7"


def _moderator(username):
    db.session.rollback()  # see what the command wrote
    return db.session.scalar(select(Moderator).where(Moderator.username == username))


def _count():
    db.session.rollback()
    return db.session.scalar(select(func.count(Moderator.id)))


def test_create_with_password_from_stdin(runner):
    result = runner.invoke(args=["moderator", "create", "anna", "--password-stdin"], input=f"{TEST_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Moderator „anna“ angelegt." in result.output
    assert TEST_PASSWORD not in result.output
    anna = _moderator("anna")
    assert anna.check_password(TEST_PASSWORD)
    assert not anna.check_password(TEST_PASSWORD + "\n")


def test_password_from_stdin_keeps_inner_spaces(runner):
    password = "  mit Leerzeichen  "
    result = runner.invoke(args=["moderator", "create", "bernd", "--password-stdin"], input=f"{password}\r\n")
    assert result.exit_code == 0, result.output
    assert _moderator("bernd").check_password(password)


def test_create_prompts_for_password_with_confirmation(runner):
    result = runner.invoke(args=["moderator", "create", "carla"], input=f"{TEST_PASSWORD}\n{TEST_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Passwort:" in result.output and "Passwort wiederholen:" in result.output
    assert TEST_PASSWORD not in result.output  # hidden input
    assert _moderator("carla").check_password(TEST_PASSWORD)


def test_mismatching_confirmation_asks_again(runner):
    typed = f"{TEST_PASSWORD}\nvertippt-passwort\n{NEW_PASSWORD}\n{NEW_PASSWORD}\n"
    result = runner.invoke(args=["moderator", "create", "dirk"], input=typed)
    assert result.exit_code == 0, result.output
    assert result.output.count("Passwort wiederholen:") == 2
    dirk = _moderator("dirk")
    assert dirk.check_password(NEW_PASSWORD)
    assert not dirk.check_password(TEST_PASSWORD)


def test_too_short_password_creates_nothing(runner):
    result = runner.invoke(args=["moderator", "create", "erika", "--password-stdin"], input="kurz\n")
    assert result.exit_code == 1
    assert "mindestens 10 Zeichen" in result.output
    assert _count() == 0
    prompted = runner.invoke(args=["moderator", "create", "erika"], input="123456789\n123456789\n")
    assert prompted.exit_code == 1 and "mindestens 10 Zeichen" in prompted.output
    assert _count() == 0


def test_empty_stdin_creates_nothing(runner):
    result = runner.invoke(args=["moderator", "create", "frida", "--password-stdin"], input="")
    assert result.exit_code == 1
    assert _count() == 0


def test_blank_username_is_refused(runner):
    result = runner.invoke(args=["moderator", "create", "   ", "--password-stdin"], input=f"{TEST_PASSWORD}\n")
    assert result.exit_code == 1
    assert "Benutzername darf nicht leer sein" in result.output
    assert _count() == 0


def test_duplicate_name_is_refused(runner, moderator):
    result = runner.invoke(args=["moderator", "create", "moderatorin", "--password-stdin"], input=f"{NEW_PASSWORD}\n")
    assert result.exit_code == 1
    assert "gibt es schon" in result.output
    assert _count() == 1
    assert _moderator("moderatorin").check_password(TEST_PASSWORD)  # the old password still holds


def test_duplicate_name_with_spaces_is_refused(runner, moderator):
    result = runner.invoke(args=["moderator", "create", " moderatorin ", "--password-stdin"], input=f"{NEW_PASSWORD}\n")
    assert result.exit_code == 1
    assert _count() == 1


def test_set_password_from_stdin(runner, moderator):
    result = runner.invoke(args=["moderator", "set-password", "moderatorin", "--password-stdin"], input=f"{NEW_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Passwort für „moderatorin“ geändert." in result.output
    changed = _moderator("moderatorin")
    assert changed.check_password(NEW_PASSWORD)
    assert not changed.check_password(TEST_PASSWORD)


def test_set_password_with_prompt(runner, moderator):
    result = runner.invoke(args=["moderator", "set-password", "moderatorin"], input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert _moderator("moderatorin").check_password(NEW_PASSWORD)


def test_set_password_then_login(app, runner, moderator):
    from helpers import csrf_token

    runner.invoke(args=["moderator", "set-password", "moderatorin", "--password-stdin"], input=f"{NEW_PASSWORD}\n")
    client = app.test_client()
    data = {"username": "moderatorin", "csrf_token": csrf_token(client)}
    assert client.post("/moderation/login", data={**data, "password": TEST_PASSWORD}).status_code == 422
    assert client.post("/moderation/login", data={**data, "password": NEW_PASSWORD}).status_code == 302


def test_set_password_too_short_keeps_the_old_one(runner, moderator):
    result = runner.invoke(args=["moderator", "set-password", "moderatorin", "--password-stdin"], input="kurz\n")
    assert result.exit_code == 1
    assert "mindestens 10 Zeichen" in result.output
    assert _moderator("moderatorin").check_password(TEST_PASSWORD)


def test_set_password_for_unknown_user_fails(runner, moderator):
    result = runner.invoke(args=["moderator", "set-password", "niemand", "--password-stdin"], input=f"{NEW_PASSWORD}\n")
    assert result.exit_code == 1
    assert "Einen Moderator „niemand“ gibt es nicht." in result.output
    assert _count() == 1
