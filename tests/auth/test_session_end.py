"""Logout, a new password and deleting an account end every session of the account on the
server: a session or remember cookie saved before, replayed from anywhere, opens nothing."""

from urllib.parse import urlsplit

from participation.admin.services import delete_moderator
from participation.auth.services import create_moderator, find_moderator, set_password
from participation.extensions import db

from helpers import TEST_PASSWORD, csrf_token

NEW_PASSWORD = "ganz-neu-und-lang-42"


def _log_in(client, username="moderatorin", password=TEST_PASSWORD, remember=True):
    data = {"username": username, "password": password, "csrf_token": csrf_token(client)}
    if remember:
        data["remember"] = "y"
    response = client.post("/moderation/login", data=data)
    assert response.status_code == 302
    return client


def _cookies(client):
    return {name: client.get_cookie(name).value for name in ("session", "remember_token") if client.get_cookie(name)}


def _replay(app, cookies):
    """A fresh browser carrying only the saved cookies; True when it gets into /moderation/."""
    browser = app.test_client()
    for name, value in cookies.items():
        browser.set_cookie(name, value)
    response = browser.get("/moderation/")
    if response.status_code == 302:
        assert urlsplit(response.headers["Location"]).path == "/moderation/login"
        return False
    assert response.status_code == 200
    return True


def test_saved_session_and_remember_cookies_are_refused_after_logout(app, client, moderator):
    _log_in(client)
    saved = _cookies(client)
    assert set(saved) == {"session", "remember_token"}
    assert _replay(app, saved) and _replay(app, {"remember_token": saved["remember_token"]})
    client.post("/moderation/logout", data={"csrf_token": csrf_token(client)})
    assert client.get("/moderation/").status_code == 302
    assert not _replay(app, saved)
    assert not _replay(app, {"session": saved["session"]})
    assert not _replay(app, {"remember_token": saved["remember_token"]})


def test_logout_ends_the_sessions_of_the_account_in_other_browsers_too(app, client, moderator):
    other = _log_in(app.test_client(), remember=False)
    _log_in(client)
    client.post("/moderation/logout", data={"csrf_token": csrf_token(client)})
    assert other.get("/moderation/").status_code == 302
    assert _log_in(client).get("/moderation/").status_code == 200  # logging in again works


def test_own_password_change_ends_the_other_browsers_but_keeps_this_one(app, client, moderator):
    other = _log_in(app.test_client())
    saved = _cookies(other)
    _log_in(client)
    response = client.post("/moderation/account/password", data={
        "current_password": TEST_PASSWORD, "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD,
        "csrf_token": csrf_token(client)})
    assert response.status_code == 302
    assert client.get("/moderation/").status_code == 200
    assert other.get("/moderation/").status_code == 302
    assert not _replay(app, saved)


def test_admin_reset_of_a_password_ends_the_accounts_sessions(app, client, moderator):
    other = _log_in(app.test_client())
    saved = _cookies(other)
    set_password(find_moderator("moderatorin"), NEW_PASSWORD)
    assert not _replay(app, saved)


def test_a_deleted_accounts_cookies_open_nothing_even_if_its_id_comes_back(app, client, moderator):
    admin = create_moderator("chefin", TEST_PASSWORD, role="admin")
    _log_in(client)
    saved = _cookies(client)
    account_id = moderator.id
    delete_moderator(find_moderator("moderatorin"), admin)
    assert not _replay(app, saved)
    db.session.rollback()
    again = create_moderator("moderatorin", TEST_PASSWORD)
    if again.id == account_id:  # SQLite may hand out the id of the deleted row again
        assert not _replay(app, saved)
    assert not _replay(app, saved)
