"""Admins manage accounts under /moderation/admin/; nobody else gets in.

Create (with a role), set a new password (every old session of that account ends),
change roles, delete (never oneself, never the last admin; workshops change hands).
"""

import pytest
from sqlalchemy import func, select

from participation.auth.models import Moderator
from participation.extensions import db
from participation.workshops.models import Workshop
from participation.workshops.services import create_workshop

from accounts import log_in, make_account, post
from helpers import TEST_PASSWORD, csrf_token

ADMIN_PAGES = [
    ("get", "/moderation/admin/"),
    ("post", "/moderation/admin/accounts"),
    ("get", "/moderation/admin/accounts/{id}/password"),
    ("post", "/moderation/admin/accounts/{id}/password"),
    ("post", "/moderation/admin/accounts/{id}/role"),
    ("get", "/moderation/admin/accounts/{id}/delete"),
    ("post", "/moderation/admin/accounts/{id}/delete"),
]
NEW_PASSWORD = "ganz-neues-passwort-9"


@pytest.fixture
def admin(app):
    return make_account("chefin", role="admin")


@pytest.fixture
def admin_client(app, admin):
    return log_in(app, "chefin")


def _account(username):
    db.session.rollback()  # see what requests wrote
    return db.session.scalar(select(Moderator).where(Moderator.username == username))


def _count():
    db.session.rollback()
    return db.session.scalar(select(func.count(Moderator.id)))


# --- who gets in --------------------------------------------------------------------------


@pytest.mark.parametrize("method, url", ADMIN_PAGES)
def test_moderators_cannot_reach_admin_pages(app, admin, moderator, method, url):
    client = log_in(app, "moderatorin")
    response = post(client, url.format(id=admin.id)) if method == "post" else client.get(url.format(id=admin.id))
    assert response.status_code == 403
    assert "Berechtigung" in response.get_data(as_text=True)
    assert _account("chefin").is_admin


@pytest.mark.parametrize("method, url", ADMIN_PAGES)
def test_anonymous_visitors_are_sent_to_the_login(client, admin, method, url):
    response = post(client, url.format(id=admin.id)) if method == "post" else client.get(url.format(id=admin.id))
    assert response.status_code == 302
    assert "/moderation/login" in response.headers["Location"]


def test_attendee_cookie_opens_no_admin_page(app, admin, attendee):
    client, token = attendee
    assert client.get("/moderation/admin/").status_code == 302
    response = client.post("/moderation/admin/accounts", data={
        "csrf_token": token, "username": "eindringling", "password": NEW_PASSWORD,
        "password_confirm": NEW_PASSWORD, "role": "admin",
    })
    assert response.status_code == 302
    assert _account("eindringling") is None


def test_dashboard_links_to_account_pages_only_for_admins(app, admin_client, moderator):
    assert "/moderation/admin/" in admin_client.get("/moderation/").get_data(as_text=True)
    html = log_in(app, "moderatorin").get("/moderation/").get_data(as_text=True)
    assert "/moderation/admin/" not in html
    assert "/moderation/account/password" in html


# --- list and create ----------------------------------------------------------------------


def test_admin_lists_every_account_with_role(admin_client, moderator):
    html = admin_client.get("/moderation/admin/").get_data(as_text=True)
    assert "chefin" in html and "moderatorin" in html
    assert 'value="admin" selected' in html or "selected value=\"admin\"" in html


def test_admin_creates_a_moderator_account(app, admin_client):
    response = post(admin_client, "/moderation/admin/accounts", **{
        "username": " neu ", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD,
        "role": "moderator",
    })
    assert response.status_code == 302
    created = _account("neu")
    assert created.role == "moderator" and created.check_password(NEW_PASSWORD)
    log_in(app, "neu", NEW_PASSWORD)


def test_admin_creates_an_admin_account(admin_client):
    post(admin_client, "/moderation/admin/accounts", **{
        "username": "zweite", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD,
        "role": "admin",
    })
    assert _account("zweite").is_admin


@pytest.mark.parametrize("data, message", [
    ({"username": "", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
     "Bitte geben Sie einen Benutzernamen ein."),
    ({"username": "kurz", "password": "kurz", "password_confirm": "kurz"},
     "mindestens 10 Zeichen"),
    ({"username": "tippfehler", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD + "x"},
     "stimmen nicht überein"),
    ({"username": "chefin", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
     "gibt es schon"),
    ({"username": "rolle", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD,
      "role": "kaiser"}, "Rolle"),
])
def test_refused_new_account_keeps_the_typed_name(admin_client, data, message):
    before = _count()
    response = post(admin_client, "/moderation/admin/accounts", **{"role": "moderator", **data})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert "Fehler:" in html  # the page title says so too
    if data["username"]:
        assert f'value="{data["username"]}"' in html
    assert NEW_PASSWORD not in html  # passwords are never sent back
    assert _count() == before


# --- passwords ----------------------------------------------------------------------------


def test_admin_resets_a_password_and_old_sessions_end(app, admin_client, moderator):
    victim = log_in(app, "moderatorin")
    assert victim.get("/moderation/").status_code == 200
    response = post(admin_client, f"/moderation/admin/accounts/{moderator.id}/password",
                    password=NEW_PASSWORD, password_confirm=NEW_PASSWORD)
    assert response.status_code == 302
    assert _account("moderatorin").check_password(NEW_PASSWORD)
    assert victim.get("/moderation/").status_code == 302  # the old session is over
    log_in(app, "moderatorin", NEW_PASSWORD)
    assert admin_client.get("/moderation/admin/").status_code == 200  # the admin stays logged in


def test_admin_resetting_own_password_stays_logged_in(admin_client, admin):
    post(admin_client, f"/moderation/admin/accounts/{admin.id}/password",
         password=NEW_PASSWORD, password_confirm=NEW_PASSWORD)
    assert _account("chefin").check_password(NEW_PASSWORD)
    assert admin_client.get("/moderation/admin/").status_code == 200


def test_refused_password_reset_changes_nothing(admin_client, moderator):
    response = post(admin_client, f"/moderation/admin/accounts/{moderator.id}/password",
                    password=NEW_PASSWORD, password_confirm="anders-als-oben-1")
    assert response.status_code == 422
    assert "stimmen nicht überein" in response.get_data(as_text=True)
    assert _account("moderatorin").check_password(TEST_PASSWORD)


def test_unknown_account_is_404(admin_client):
    assert admin_client.get("/moderation/admin/accounts/999/password").status_code == 404
    assert admin_client.get("/moderation/admin/accounts/99999999999999999999/delete").status_code == 404


# --- roles --------------------------------------------------------------------------------


def test_admin_promotes_and_demotes(app, admin_client, moderator):
    assert post(admin_client, f"/moderation/admin/accounts/{moderator.id}/role",
                **{f"r{moderator.id}-role": "admin"}).status_code == 302
    assert _account("moderatorin").is_admin
    assert log_in(app, "moderatorin").get("/moderation/admin/").status_code == 200
    post(admin_client, f"/moderation/admin/accounts/{moderator.id}/role", **{f"r{moderator.id}-role": "moderator"})
    assert not _account("moderatorin").is_admin


def test_last_admin_cannot_step_down(admin_client, admin):
    response = post(admin_client, f"/moderation/admin/accounts/{admin.id}/role", **{f"r{admin.id}-role": "moderator"})
    assert response.status_code == 422
    assert "letzte Person mit Administratorrechten" in response.get_data(as_text=True)
    assert _account("chefin").is_admin


def test_an_admin_may_step_down_when_another_remains(app, admin_client, admin):
    make_account("vize", role="admin")
    response = post(admin_client, f"/moderation/admin/accounts/{admin.id}/role", **{f"r{admin.id}-role": "moderator"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/moderation/")
    assert not _account("chefin").is_admin
    assert admin_client.get("/moderation/admin/").status_code == 403


# --- deleting -----------------------------------------------------------------------------


def test_delete_asks_first_then_deletes_and_hands_over_workshops(app, admin_client, admin, moderator):
    workshop = create_workshop(moderator, "dithmarschen")
    page = admin_client.get(f"/moderation/admin/accounts/{moderator.id}/delete")
    assert page.status_code == 200
    assert "gehört danach Ihnen" in page.get_data(as_text=True)
    assert _account("moderatorin") is not None
    victim = log_in(app, "moderatorin")
    response = post(admin_client, f"/moderation/admin/accounts/{moderator.id}/delete")
    assert response.status_code == 302
    assert _account("moderatorin") is None
    assert db.session.get(Workshop, workshop.id).owner_id == admin.id
    assert victim.get("/moderation/").status_code == 302
    assert admin_client.get(f"/moderation/workshops/{workshop.id}").status_code == 200


def test_nobody_deletes_their_own_account(admin_client, admin):
    page = admin_client.get(f"/moderation/admin/accounts/{admin.id}/delete")
    assert "eigenes Konto nicht löschen" in page.get_data(as_text=True)
    response = post(admin_client, f"/moderation/admin/accounts/{admin.id}/delete")
    assert response.status_code == 422
    assert _account("chefin") is not None


def test_deleting_another_admin_is_allowed(admin_client):
    other = make_account("vize", role="admin")
    assert post(admin_client, f"/moderation/admin/accounts/{other.id}/delete").status_code == 302
    assert _account("vize") is None


def test_last_admin_is_never_deleted(app):
    from participation.admin.services import delete_moderator
    from participation.auth.services import AccountError

    only = make_account("einzige", role="admin")
    other = make_account("andere")
    with pytest.raises(AccountError, match="letzte Person"):
        delete_moderator(only, other)
    assert _account("einzige") is not None


def test_deleting_a_co_moderator_ends_the_invitation(app, admin_client, moderator):
    from participation.workshops.co_moderators import invite_co_moderator

    helper = make_account("helfer")
    workshop = create_workshop(moderator, "dithmarschen")
    invite_co_moderator(workshop, "helfer")
    post(admin_client, f"/moderation/admin/accounts/{helper.id}/delete")
    db.session.rollback()
    assert db.session.get(Workshop, workshop.id).co_moderators == []


def test_csrf_token_is_required(admin_client, moderator):
    response = admin_client.post(f"/moderation/admin/accounts/{moderator.id}/delete")
    assert response.status_code == 400
    assert _account("moderatorin") is not None
    assert csrf_token(admin_client)


def test_demo_bootstrap_account_is_an_admin(app, runner):
    result = runner.invoke(args=["bootstrap"])
    assert result.exit_code == 0, result.output
    assert _account("moderation").is_admin


def test_expired_form_never_echoes_the_new_password(admin_client):
    response = admin_client.post("/moderation/admin/accounts", data={
        "username": "neu", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD, "role": "moderator",
    })
    assert response.status_code == 400
    assert NEW_PASSWORD not in response.get_data(as_text=True)
    assert _account("neu") is None
