"""Co-moderators: the owner (or an admin) invites an account to one workshop and removes it.

A co-moderator manages that workshop only; admins manage every workshop; an attendee's
cookie opens none of it. The dashboard lists own, co-moderated and (for admins) all
workshops, each marked.
"""

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.workshops.co_moderators import invite_co_moderator
from participation.workshops.models import Workshop
from participation.workshops.rules import may_moderate
from participation.workshops.services import create_workshop

from accounts import log_in, make_account, post
from helpers import csrf_token

BASE = "/moderation/workshops"


def _co_moderators(workshop_id):
    db.session.rollback()
    return [member.username for member in db.session.get(Workshop, workshop_id).co_moderators]


def _manager_pages(workshop):
    """GET pages of one workshop that only its moderators may open."""
    return [
        f"{BASE}/{workshop.id}",
        f"{BASE}/{workshop.id}/edit",
        f"{BASE}/{workshop.id}/console",
        f"{BASE}/{workshop.id}/poster",
        f"{BASE}/{workshop.id}/fields",
        f"{BASE}/{workshop.id}/exports",
        f"/w/{workshop.code}/wall",
    ]


@pytest.fixture
def helper(app):
    return make_account("helfer")


@pytest.fixture
def other_workshop(app):
    stranger = make_account("fremd")
    return create_workshop(stranger, "smarte-land-regionen", "Fremder Workshop")


def test_owner_invites_by_name_and_the_invitee_manages_that_workshop_only(app, logged_in, workshop, helper,
                                                                        other_workshop):
    response = post(logged_in, f"{BASE}/{workshop.id}/co-moderators", username=" helfer ")
    assert response.status_code == 302
    assert _co_moderators(workshop.id) == ["helfer"]
    helper_client = log_in(app, "helfer")
    for url in _manager_pages(workshop):
        assert helper_client.get(url).status_code == 200, url
    for url in _manager_pages(other_workshop):
        assert helper_client.get(url).status_code in (403, 404), url
    # and it can act, e.g. close the workshop
    assert post(helper_client, f"{BASE}/{workshop.id}/state", open="0").status_code == 302
    db.session.rollback()
    assert db.session.get(Workshop, workshop.id).is_open is False


def test_overview_lists_the_team(app, logged_in, workshop, helper):
    invite_co_moderator(workshop, "helfer")
    html = logged_in.get(f"{BASE}/{workshop.id}").get_data(as_text=True)
    assert "Moderationsteam" in html and "helfer" in html and "Zur Co-Moderation einladen" in html


def test_co_moderator_cannot_invite_or_remove_others(app, workshop, helper):
    invite_co_moderator(workshop, "helfer")
    third = make_account("dritte")
    invite_co_moderator(workshop, "dritte")
    helper_client = log_in(app, "helfer")
    html = helper_client.get(f"{BASE}/{workshop.id}").get_data(as_text=True)
    assert "Zur Co-Moderation einladen" not in html
    assert post(helper_client, f"{BASE}/{workshop.id}/co-moderators", username="fremd").status_code == 403
    assert post(helper_client, f"{BASE}/{workshop.id}/co-moderators/{third.id}/remove").status_code == 403
    assert _co_moderators(workshop.id) == ["dritte", "helfer"]


def test_co_moderator_may_leave(app, workshop, helper):
    invite_co_moderator(workshop, "helfer")
    helper_client = log_in(app, "helfer")
    response = post(helper_client, f"{BASE}/{workshop.id}/co-moderators/{helper.id}/remove")
    assert response.status_code == 302 and response.headers["Location"].endswith("/moderation/")
    assert _co_moderators(workshop.id) == []
    assert helper_client.get(f"{BASE}/{workshop.id}").status_code == 404


def test_owner_removes_a_co_moderator_and_access_ends(app, logged_in, workshop, helper):
    invite_co_moderator(workshop, "helfer")
    helper_client = log_in(app, "helfer")
    assert helper_client.get(f"{BASE}/{workshop.id}").status_code == 200
    assert post(logged_in, f"{BASE}/{workshop.id}/co-moderators/{helper.id}/remove").status_code == 302
    assert _co_moderators(workshop.id) == []
    assert helper_client.get(f"{BASE}/{workshop.id}").status_code == 404
    assert post(logged_in, f"{BASE}/{workshop.id}/co-moderators/{helper.id}/remove").status_code == 404


@pytest.mark.parametrize("name, message", [
    ("", "Bitte geben Sie den Benutzernamen des Kontos ein."),
    ("niemand", "Ein Konto „niemand“ gibt es nicht."),
    ("moderatorin", "leitet diesen Workshop schon"),
    ("helfer", "moderiert diesen Workshop schon mit"),
])
def test_refused_invitations_say_why_and_keep_the_typed_name(logged_in, workshop, helper, name, message):
    if name == "helfer":
        invite_co_moderator(workshop, "helfer")
    response = post(logged_in, f"{BASE}/{workshop.id}/co-moderators", username=name)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert 'aria-invalid="true"' in html
    if name:
        assert f'value="{name}"' in html


def test_admin_manages_every_workshop_and_may_invite(app, workshop, helper):
    make_account("chefin", role="admin")
    admin_client = log_in(app, "chefin")
    for url in _manager_pages(workshop):
        assert admin_client.get(url).status_code == 200, url
    assert post(admin_client, f"{BASE}/{workshop.id}/co-moderators", username="helfer").status_code == 302
    assert _co_moderators(workshop.id) == ["helfer"]


def test_dashboard_lists_own_co_moderated_and_for_admins_all(app, workshop, helper, other_workshop):
    helpers_own = create_workshop(helper, "blank", "Eigener Workshop")
    invite_co_moderator(workshop, "helfer")
    html = log_in(app, "helfer").get("/moderation/").get_data(as_text=True)
    assert "Eigener Workshop" in html and workshop.title in html
    assert "Co-Moderation" in html and "Leitung" in html
    assert "Fremder Workshop" not in html
    make_account("chefin", role="admin")
    admin_html = log_in(app, "chefin").get("/moderation/").get_data(as_text=True)
    for title in ("Eigener Workshop", workshop.title, "Fremder Workshop"):
        assert title in admin_html
    assert "Admin-Zugriff" in admin_html
    assert helpers_own.id


def test_may_moderate_rule(app, moderator, workshop, helper):
    admin = make_account("chefin", role="admin")
    assert may_moderate(moderator, workshop)
    assert not may_moderate(helper, workshop)
    invite_co_moderator(workshop, "helfer")
    assert may_moderate(helper, workshop)
    assert may_moderate(admin, workshop)


def test_attendee_cookie_opens_no_moderator_page_and_cannot_invite(app, attendee, workshop, helper):
    client, token = attendee
    for url in _manager_pages(workshop):
        response = client.get(url)
        assert response.status_code == 302 and "/moderation/login" in response.headers["Location"], url
    response = client.post(f"{BASE}/{workshop.id}/co-moderators", data={"username": "helfer", "csrf_token": token})
    assert response.status_code == 302
    assert _co_moderators(workshop.id) == []


def test_invitation_needs_csrf(logged_in, workshop, helper):
    assert logged_in.post(f"{BASE}/{workshop.id}/co-moderators", data={"username": "helfer"}).status_code == 400
    assert _co_moderators(workshop.id) == []
    assert csrf_token(logged_in)


def test_deleting_a_workshop_removes_its_invitations(app, logged_in, workshop, helper):
    from participation.workshops.models import workshop_moderator

    invite_co_moderator(workshop, "helfer")
    post(logged_in, f"{BASE}/{workshop.id}/delete", confirm_title=workshop.title)
    db.session.rollback()
    assert db.session.execute(select(workshop_moderator)).all() == []


NOT_YOURS = "Nur die Eigentümerin oder der Eigentümer dieses Workshops oder ein Admin kann ihn löschen."


def test_a_co_moderator_cannot_delete_the_owners_workshop_and_is_told_why(app, logged_in, workshop, helper):
    invite_co_moderator(workshop, "helfer")
    helper_client = log_in(app, "helfer")
    overview = helper_client.get(f"{BASE}/{workshop.id}").get_data(as_text=True)
    assert NOT_YOURS in overview and f"{BASE}/{workshop.id}/delete" not in overview
    page = helper_client.get(f"{BASE}/{workshop.id}/delete")
    assert page.status_code == 403 and NOT_YOURS in page.get_data(as_text=True)
    refused = post(helper_client, f"{BASE}/{workshop.id}/delete", confirm_title=workshop.title)
    assert refused.status_code == 403
    db.session.rollback()
    assert db.session.get(Workshop, workshop.id) is not None
    owner_view = logged_in.get(f"{BASE}/{workshop.id}").get_data(as_text=True)
    assert NOT_YOURS not in owner_view and f"{BASE}/{workshop.id}/delete" in owner_view


def test_an_admin_may_delete_any_workshop(app, workshop):
    make_account("chefin", role="admin")
    admin_client = log_in(app, "chefin")
    workshop_id, title = workshop.id, workshop.title
    assert admin_client.get(f"{BASE}/{workshop_id}/delete").status_code == 200
    assert post(admin_client, f"{BASE}/{workshop_id}/delete", confirm_title=title).status_code == 302
    db.session.rollback()
    assert db.session.scalar(select(Workshop.id).where(Workshop.id == workshop_id)) is None
