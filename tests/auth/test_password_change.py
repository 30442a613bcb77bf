"""Every moderator changes their own password: the current one, then the new one twice."""

import pytest
from sqlalchemy import select

from participation.auth.models import Moderator
from participation.extensions import db

from accounts import log_in, post
from helpers import TEST_PASSWORD

URL = "/moderation/account/password"
NEW_PASSWORD = "mein-neues-passwort-3"


def _stored():
    db.session.rollback()
    return db.session.scalar(select(Moderator).where(Moderator.username == "moderatorin"))


def test_page_needs_login(client):
    assert client.get(URL).status_code == 302


def test_change_keeps_this_session_and_ends_the_others(app, logged_in):
    other_device = log_in(app, "moderatorin")
    page = logged_in.get(URL)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'autocomplete="current-password"' in html and 'autocomplete="new-password"' in html
    response = post(logged_in, URL, current_password=TEST_PASSWORD, password=NEW_PASSWORD,
                    password_confirm=NEW_PASSWORD)
    assert response.status_code == 302
    assert _stored().check_password(NEW_PASSWORD)
    page = logged_in.get("/moderation/")
    assert page.status_code == 200  # still logged in here
    assert "Ihr Passwort ist geändert" in page.get_data(as_text=True)
    assert other_device.get("/moderation/").status_code == 302  # logged out elsewhere
    log_in(app, "moderatorin", NEW_PASSWORD)


@pytest.mark.parametrize("current, new, repeat, message, field", [
    ("falsch-falsch-1", NEW_PASSWORD, NEW_PASSWORD, "Das bisherige Passwort stimmt nicht.", "current_password"),
    (TEST_PASSWORD, "kurz", "kurz", "mindestens 10 Zeichen", "password"),
    (TEST_PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "!", "stimmen nicht überein", "password_confirm"),
    (TEST_PASSWORD, TEST_PASSWORD, TEST_PASSWORD, "muss sich vom bisherigen unterscheiden", "password"),
    ("", NEW_PASSWORD, NEW_PASSWORD, "Bitte geben Sie Ihr bisheriges Passwort ein.", "current_password"),
])
def test_refused_change_says_why_and_keeps_the_old_password(logged_in, current, new, repeat, message, field):
    response = post(logged_in, URL, current_password=current, password=new, password_confirm=repeat)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert f'id="{field}-error"' in html  # the message sits at its field
    assert NEW_PASSWORD not in html and TEST_PASSWORD not in html
    assert _stored().check_password(TEST_PASSWORD)
    assert logged_in.get("/moderation/").status_code == 200


def test_change_needs_csrf(logged_in):
    response = logged_in.post(URL, data={"current_password": TEST_PASSWORD, "password": NEW_PASSWORD,
                                         "password_confirm": NEW_PASSWORD})
    assert response.status_code == 400
    assert NEW_PASSWORD not in response.get_data(as_text=True)  # the re-send page never echoes passwords
    assert _stored().check_password(TEST_PASSWORD)


def test_session_from_before_a_password_change_by_cli_ends(app, runner, logged_in):
    runner.invoke(args=["moderator", "set-password", "moderatorin", "--password-stdin"], input=f"{NEW_PASSWORD}\n")
    assert logged_in.get("/moderation/").status_code == 302


def test_session_ids_carry_no_password_material(app, moderator):
    db.session.rollback()
    stored = _stored()
    session_id = stored.get_id()
    assert session_id.startswith(f"{stored.id}:")
    assert stored.password_hash not in session_id
    assert session_id.split(":", 1)[1] not in stored.password_hash
