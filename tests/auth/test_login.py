"""Moderators log in and out; wrong input is refused kindly and nothing leaks."""

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from participation import create_app
from participation.auth.models import Moderator
from participation.extensions import db

from helpers import TEST_PASSWORD, csrf_token, form_token

WRONG_CREDENTIALS = "Benutzername oder Passwort ist falsch."


def _login(client, username="moderatorin", password=TEST_PASSWORD, query_string=None, **extra):
    token = csrf_token(client)
    data = {"username": username, "password": password, "csrf_token": token, **extra}
    return client.post("/moderation/login", data=data, query_string=query_string)


def _set_cookie(response, name):
    return next(value for value in response.headers.getlist("Set-Cookie") if value.startswith(f"{name}="))


def test_login_page_has_a_form(client):
    response = client.get("/moderation/login")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Anmeldung für Moderation" in html
    assert form_token(response)
    assert 'autocomplete="current-password"' in html


def test_login_with_right_password_opens_the_dashboard(client, moderator):
    assert client.get("/moderation/").status_code == 302  # not logged in yet
    response = _login(client)
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/moderation/"
    assert client.get("/moderation/").status_code == 200
    # A logged-in moderator who opens the login page again goes straight to the dashboard.
    again = client.get("/moderation/login")
    assert again.status_code == 302 and urlsplit(again.headers["Location"]).path == "/moderation/"


def test_username_is_trimmed(client, moderator):
    assert _login(client, username="  moderatorin ").status_code == 302


def test_wrong_password_is_refused_and_not_echoed(client, moderator):
    response = _login(client, password="falsches-passwort-1")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert WRONG_CREDENTIALS in html
    assert 'value="moderatorin"' in html  # what was typed stays
    assert "falsches-passwort-1" not in html
    assert client.get("/moderation/").status_code == 302  # still not logged in


def test_unknown_user_gets_the_same_message(client, moderator):
    response = _login(client, username="niemand", password=TEST_PASSWORD)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert WRONG_CREDENTIALS in html
    assert 'value="niemand"' in html
    assert TEST_PASSWORD not in html


def test_password_is_case_sensitive(client, moderator):
    assert _login(client, password=TEST_PASSWORD.upper()).status_code == 422


def test_empty_fields_get_german_messages(client, moderator):
    response = _login(client, username="", password="")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Bitte geben Sie Ihren Benutzernamen ein." in html
    assert "Bitte geben Sie Ihr Passwort ein." in html
    assert "Bitte korrigieren Sie die markierten Angaben." in html
    assert WRONG_CREDENTIALS not in html


def test_empty_password_only(client, moderator):
    response = _login(client, password="")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Bitte geben Sie Ihr Passwort ein." in html
    assert "Bitte geben Sie Ihren Benutzernamen ein." not in html
    assert 'value="moderatorin"' in html


def test_login_without_csrf_token_is_refused(client, moderator):
    client.get("/moderation/login")
    response = client.post("/moderation/login", data={"username": "moderatorin", "password": TEST_PASSWORD})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Sicherheits-Token" in html
    assert TEST_PASSWORD not in html  # the password is never shown again
    assert client.get("/moderation/").status_code == 302


def test_protected_page_leads_back_after_login(client, moderator):
    response = client.get("/moderation/workshops/new")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/moderation/login"
    login_page = client.get(response.headers["Location"])
    assert "Bitte melden Sie sich an" in login_page.get_data(as_text=True)
    logged_in = _login(client, query_string=location.query)
    assert logged_in.status_code == 302
    assert urlsplit(logged_in.headers["Location"]).path == "/moderation/workshops/new"


def test_next_parameter_follows_paths_on_this_site(client, moderator):
    response = _login(client, query_string={"next": "/moderation/workshops/new?vorlage=1"})
    assert response.headers["Location"] == "/moderation/workshops/new?vorlage=1"


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "//evil.example/moderation/",
        "https://evil.example",
        "https://evil.example/moderation/",
        "http:evil.example",
        "javascript:alert(1)",
        "\\\\evil.example",
        "/\t/evil.example",
        " //evil.example",
        "/\n/evil.example",
        "/%2F%2Fevil.example",
        "/%5Cevil.example",
        "/%0D%0ALocation:%20https://evil.example",
        "moderation/",
        "",
    ],
)
def test_next_parameter_to_other_sites_is_ignored(client, moderator, target):
    response = _login(client, query_string={"next": target})
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/moderation/"
    assert location.netloc in ("", "localhost")
    assert "evil" not in response.headers["Location"]


@pytest.mark.parametrize("target", ["/\\evil.example", "/\\/evil.example", "/%5Cevil.example"])
def test_backslashes_never_make_a_protocol_relative_location(client, moderator, target):
    """Browsers read "/\\host" like "//host"; the Location must keep the backslash escaped."""
    response = _login(client, query_string={"next": target})
    location = response.headers["Location"]
    assert "\\" not in location
    assert not location.startswith("//")
    assert urlsplit(location).netloc in ("", "localhost")


def test_logout_needs_post_with_csrf_and_ends_the_session(logged_in):
    client = logged_in
    assert client.get("/moderation/").status_code == 200
    assert client.get("/moderation/logout").status_code == 405
    assert client.get("/moderation/").status_code == 200  # GET did not log out
    assert client.post("/moderation/logout").status_code == 400  # no CSRF token
    assert client.get("/moderation/").status_code == 200
    response = client.post("/moderation/logout", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/"
    assert "Sie sind abgemeldet." in client.get("/").get_data(as_text=True)
    assert client.get("/moderation/").status_code == 302


def test_logout_when_not_logged_in_leads_to_login(client):
    response = client.post("/moderation/logout", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/moderation/login"


def test_session_cookie_is_http_only_and_same_site_lax(client, moderator):
    response = _login(client)
    cookie = _set_cookie(response, "session")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # the test app has no https address


def test_remember_me_cookie_is_http_only_and_same_site_lax(client, moderator):
    response = _login(client, remember="y")
    cookie = _set_cookie(response, "remember_token")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_session_is_renewed_at_login(client, moderator):
    """Nothing from before the login (e.g. a planted session value) survives it."""
    with client.session_transaction() as session:
        session["planted"] = "vom Angreifer"
    _login(client)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("_user_id")


def test_passwords_are_stored_hashed(app, moderator):
    db.session.rollback()
    stored = db.session.scalar(select(Moderator.password_hash).where(Moderator.username == "moderatorin"))
    assert stored != TEST_PASSWORD
    assert TEST_PASSWORD not in stored
    assert stored.startswith(("scrypt:", "pbkdf2:"))
    assert db.session.get(Moderator, moderator.id).check_password(TEST_PASSWORD)
    second = Moderator(username="zweite")
    second.set_password(TEST_PASSWORD)
    assert second.password_hash != stored  # salted


# --- cookies follow the scheme of PUBLIC_BASE_URL ------------------------------------------------


@pytest.fixture
def make_app(tmp_path, monkeypatch):
    """Build an app like conftest does, with extra configuration, on an SQLite file."""
    monkeypatch.setenv("PARTICIPATION_INSTANCE", str(tmp_path / "instance"))
    built = []

    def make(**config):
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "test-secret",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'cookies.sqlite'}",
                **config,
            }
        )
        with app.app_context():
            db.create_all()
            from participation.auth.services import create_moderator

            if db.session.scalar(select(Moderator.id)) is None:
                create_moderator("moderatorin", TEST_PASSWORD)
            db.session.remove()
        built.append(app)
        return app

    yield make
    for app in built:
        with app.app_context():
            db.engine.dispose()


def _login_cookies(app):
    client = app.test_client()
    with app.app_context():
        response = _login(client, remember="y")
    assert response.status_code == 302
    return _set_cookie(response, "session"), _set_cookie(response, "remember_token")


def test_session_cookie_is_secure_behind_https(make_app):
    app = make_app(PUBLIC_BASE_URL="https://beteiligung.example/")
    assert app.config["PUBLIC_BASE_URL"] == "https://beteiligung.example"
    session_cookie, _ = _login_cookies(app)
    assert "Secure" in session_cookie
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie


def test_participant_cookie_is_secure_behind_https(make_app):
    from participation.workshops.services import create_workshop

    app = make_app(PUBLIC_BASE_URL="https://beteiligung.example")
    with app.app_context():
        code = create_workshop(None, "dithmarschen").code
        db.session.remove()
    client = app.test_client()
    with app.app_context():
        response = client.post(f"/j/{code}", data={"nickname": "Inge", "csrf_token": csrf_token(client)})
    assert response.status_code == 302
    assert "Secure" in _set_cookie(response, "participant")


def test_remember_cookie_is_secure_behind_https(make_app):
    app = make_app(PUBLIC_BASE_URL="https://beteiligung.example")
    _, remember_cookie = _login_cookies(app)
    assert "Secure" in remember_cookie


@pytest.mark.parametrize("base", ["http://192.168.1.20:5000", None])
def test_cookies_are_not_secure_on_plain_http(make_app, base):
    app = make_app(PUBLIC_BASE_URL=base)
    assert app.config["SESSION_COOKIE_SECURE"] is False
    for cookie in _login_cookies(app):
        assert "Secure" not in cookie
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_explicit_cookie_setting_wins(make_app):
    app = make_app(PUBLIC_BASE_URL="http://192.168.1.20:5000", SESSION_COOKIE_SECURE=True)
    session_cookie, _ = _login_cookies(app)
    assert "Secure" in session_cookie
