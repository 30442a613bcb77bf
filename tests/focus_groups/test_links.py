"""Focus-group links: created by the workshop's moderator, stored as a hash, shown once,
expiring and revocable; a wrong, expired or revoked link shows a message and nothing else."""

import hashlib
import re
from datetime import date, datetime, timedelta, timezone

import pytest

from factories import build_rich_workshop
from helpers import TEST_PASSWORD, csrf_token, form_token

from participation.database import write_transaction
from participation.extensions import db
from participation.focus_groups import services
from participation.focus_groups.models import FocusLink


def _field(workshop, name="Mobilität"):
    return next(item for item in workshop.fields if item.name == name)


def _today():
    return datetime.now(services.BERLIN).date()


@pytest.fixture
def rich(workshop):
    return build_rich_workshop(workshop)


@pytest.fixture
def group_link(workshop):
    link, token = services.create_link(workshop, _field(workshop), _today() + timedelta(days=3), "Gruppe Mobilität")
    return link, token


def _manage_url(workshop):
    return f"/moderation/workshops/{workshop.id}/focus"


# --- services --------------------------------------------------------------------------------


def test_only_the_hash_of_the_token_is_stored(app, workshop, group_link):
    link, token = group_link
    assert len(token) >= 40
    stored = db.session.get(FocusLink, link.id)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    row = db.session.execute(db.select(FocusLink.__table__)).one()
    assert token not in repr(tuple(row))
    assert services.link_for_token(token).id == link.id
    assert services.link_state(stored) == services.ACTIVE
    assert services.last_valid_day(stored) == _today() + timedelta(days=3)


@pytest.mark.parametrize("wrong", ["", "x", "a" * 43, "../../etc", "ä" * 43, "a" * 500])
def test_a_wrong_token_finds_nothing(app, group_link, wrong):
    assert services.link_for_token(wrong) is None


def test_a_link_is_valid_through_its_last_day_in_german_time(app, workshop):
    day = date(2026, 7, 1)
    end = services.end_of_day(day)
    assert end == datetime(2026, 7, 1, 22, 0, tzinfo=timezone.utc)  # midnight in Berlin, summer time
    link, _token = services.create_link(workshop, _field(workshop), _today(), "")
    assert services.link_state(link, now=end - timedelta(days=400)) == services.ACTIVE
    assert services.link_state(link, now=link.expires_at) == services.EXPIRED
    services.revoke_link(link)
    assert services.link_state(link) == services.REVOKED


def test_expiry_in_the_past_or_too_far_ahead_is_refused(app, workshop):
    with pytest.raises(services.FocusError, match="Vergangenheit"):
        services.create_link(workshop, _field(workshop), _today() - timedelta(days=1))
    with pytest.raises(services.FocusError, match="höchstens ein Jahr"):
        services.create_link(workshop, _field(workshop), _today() + timedelta(days=400))


def test_a_field_of_another_workshop_is_refused(app, workshop, moderator):
    from participation.workshops.services import create_workshop

    other = create_workshop(moderator, "dithmarschen")
    with pytest.raises(services.FocusError):
        services.create_link(workshop, _field(other), _today())
    assert db.session.scalar(db.select(db.func.count(FocusLink.id))) == 0


# --- the moderator's page --------------------------------------------------------------------


def test_moderator_creates_a_link_and_sees_it_once(logged_in, workshop):
    page = logged_in.get(_manage_url(workshop))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Fokusgruppen: " in html
    default = (_today() + timedelta(days=30)).isoformat()
    field = _field(workshop)
    assert f'id="field-{field.id}-expires_on"' in html and f'value="{default}"' in html

    response = logged_in.post(
        f"{_manage_url(workshop)}/fields/{field.id}/links",
        data={"csrf_token": form_token(page), f"field-{field.id}-label": "Gruppe Jensen",
              f"field-{field.id}-expires_on": default},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{_manage_url(workshop)}#new-link")
    shown = logged_in.get(_manage_url(workshop))
    html = shown.get_data(as_text=True)
    match = re.search(r'id="new-link-url" type="text" readonly value="http://localhost/f/([A-Za-z0-9_-]+)"', html)
    assert match, html
    token = match.group(1)
    db.session.rollback()
    link = services.link_for_token(token)
    assert link.field_id == field.id and link.label == "Gruppe Jensen"
    assert services.last_valid_day(link) == _today() + timedelta(days=30)
    assert "Gruppe Jensen" in html and "gültig" in html
    for response in (shown, logged_in.get(f"/f/{token}")):
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Referrer-Policy"] == "same-origin"
    # shown once: the next visit has the link in the table, not the token
    again = logged_in.get(_manage_url(workshop)).get_data(as_text=True)
    assert token not in again and "Gruppe Jensen" in again


def test_a_past_expiry_date_is_refused_and_the_typed_label_kept(logged_in, workshop):
    field = _field(workshop)
    token = csrf_token(logged_in)
    yesterday = (_today() - timedelta(days=1)).strftime("%d.%m.%Y")
    response = logged_in.post(
        f"{_manage_url(workshop)}/fields/{field.id}/links",
        data={"csrf_token": token, f"field-{field.id}-label": "Gruppe Ärztehaus", f"field-{field.id}-expires_on": yesterday},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Das Ablaufdatum liegt in der Vergangenheit" in html
    assert 'value="Gruppe Ärztehaus"' in html
    assert f'aria-describedby="field-{field.id}-expires_on-hint field-{field.id}-expires_on-error"' in html
    response = logged_in.post(
        f"{_manage_url(workshop)}/fields/{field.id}/links",
        data={"csrf_token": token, f"field-{field.id}-label": "x", f"field-{field.id}-expires_on": "morgen"},
    )
    assert response.status_code == 422
    assert "Bitte geben Sie ein Datum ein" in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(FocusLink.id))) == 0


def test_revoking_a_link_shuts_the_group_out(logged_in, workshop, group_link):
    link, token = group_link
    assert logged_in.get(f"/f/{token}").status_code == 200
    response = logged_in.post(
        f"{_manage_url(workshop)}/links/{link.id}/revoke", data={"csrf_token": csrf_token(logged_in)}
    )
    assert response.status_code == 302
    html = logged_in.get(_manage_url(workshop)).get_data(as_text=True)
    assert "zurückgezogen" in html
    gone = logged_in.get(f"/f/{token}")
    assert gone.status_code == 410
    assert "zurückgezogen" in gone.get_data(as_text=True)


def _assert_no_data(response, workshop, texts=()):
    html = response.get_data(as_text=True)
    for secret in (workshop.title, workshop.code, "Mobilität", "Maßnahme", *texts):
        assert secret not in html, secret
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "same-origin"
    return html


def test_wrong_expired_and_revoked_links_show_a_message_and_no_data(client, workshop, rich):
    link, token = services.create_link(workshop, _field(workshop), _today())
    ok = client.get(f"/f/{token}")
    assert ok.status_code == 200
    assert "Handlungsfeld: Mobilität" in ok.get_data(as_text=True)

    texts = (rich.visible[4], rich.measure_title)
    for wrong in (token[:-1] + ("A" if token[-1] != "A" else "B"), "kurz", token + "x"):
        for path in (f"/f/{wrong}", f"/f/{wrong}/measures/new", f"/f/{wrong}/measures/1", f"/f/{wrong}/measures/1.pdf"):
            response = client.get(path)
            assert response.status_code == 404, path
            assert "Dieser Link ist ungültig" in _assert_no_data(response, workshop, texts)

    with write_transaction():
        link.expires_at = datetime.now(timezone.utc) - timedelta(seconds=1)
    for path in (f"/f/{token}", f"/f/{token}/measures/new", f"/f/{token}/measures/1", f"/f/{token}/measures/1.docx"):
        response = client.get(path)
        assert response.status_code == 410, path
        assert "Dieser Link ist abgelaufen" in _assert_no_data(response, workshop, texts)
    response = client.post(f"/f/{token}/measures/new", data={"csrf_token": csrf_token(client), "title": "Neu"})
    assert response.status_code == 410

    with write_transaction():
        link.expires_at = datetime.now(timezone.utc) + timedelta(days=1)
        link.revoked = True
    response = client.get(f"/f/{token}")
    assert response.status_code == 410
    assert "zurückgezogen" in _assert_no_data(response, workshop, texts)


def test_group_page_shows_the_fields_ideas_by_votes_with_terms_and_merged_texts(client, workshop, rich):
    from participation.exports.snapshot import workshop_snapshot

    field = _field(workshop)
    _link, token = services.create_link(workshop, field, _today())
    response = client.get(f"/f/{token}")
    html = response.get_data(as_text=True)
    snapshot = workshop_snapshot(workshop, with_terms=False)
    row = snapshot.field(field.id)
    assert len(row.ideas) >= 2
    positions = [html.index(f'id="idea-{idea.id}"') for idea in row.ideas]
    assert positions == sorted(positions)  # by votes, as the snapshot orders them
    assert rich.visible[4].replace("&", "&amp;") in html  # moved here by the moderator
    for idea in row.ideas:
        for term in idea.terms:
            assert term in html
    others = [idea for idea in snapshot.ideas if idea.field_id != field.id]
    for idea in others:
        assert f'id="idea-{idea.id}"' not in html
    assert rich.hidden_text not in html and rich.pending_text not in html
    merged_into = next(idea for idea in snapshot.ideas if idea.merged)
    if merged_into.field_id == field.id:
        assert f"+ {rich.merged_source_text}" in html
    assert rich.measure_title in html
    assert "Neue Maßnahme" in html


# --- who may do what -------------------------------------------------------------------------


def _moderator_paths(workshop, link_id):
    field = _field(workshop)
    base = _manage_url(workshop)
    return (
        ("get", base),
        ("post", f"{base}/fields/{field.id}/links"),
        ("post", f"{base}/links/{link_id}/revoke"),
        ("get", f"/moderation/workshops/{workshop.id}/measures.xlsx"),
        ("get", f"/moderation/workshops/{workshop.id}/measures/1.pdf"),
        ("get", f"/moderation/workshops/{workshop.id}/measures/1.docx"),
    )


def test_moderator_pages_refuse_anonymous_and_attendees(attendee, workshop, group_link):
    client, token = attendee
    link, _token = group_link
    for method, path in _moderator_paths(workshop, link.id):
        response = getattr(client, method)(path, data={"csrf_token": token} if method == "post" else None)
        assert response.status_code == 302, path
        assert "/moderation/login" in response.headers["Location"]
    db.session.rollback()
    assert db.session.get(FocusLink, link.id).revoked is False


def test_moderator_pages_refuse_another_moderators_workshop(app, workshop, group_link):
    from participation.auth.services import create_moderator

    create_moderator("andere", TEST_PASSWORD)
    other = app.test_client()
    token = csrf_token(other)
    assert other.post("/moderation/login", data={"username": "andere", "password": TEST_PASSWORD,
                                                 "csrf_token": token}).status_code == 302
    token = csrf_token(other)
    link, _token = group_link
    for method, path in _moderator_paths(workshop, link.id):
        response = getattr(other, method)(path, data={"csrf_token": token} if method == "post" else None)
        assert response.status_code == 404, path
    db.session.rollback()
    assert db.session.get(FocusLink, link.id).revoked is False
    assert db.session.scalar(db.select(db.func.count(FocusLink.id))) == 1


def test_link_forms_need_the_csrf_token(logged_in, workshop, group_link):
    link, _token = group_link
    field = _field(workshop)
    response = logged_in.post(f"{_manage_url(workshop)}/fields/{field.id}/links",
                              data={f"field-{field.id}-expires_on": _today().isoformat()})
    assert response.status_code == 400
    assert logged_in.post(f"{_manage_url(workshop)}/links/{link.id}/revoke").status_code == 400
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(FocusLink.id))) == 1
    assert db.session.get(FocusLink, link.id).revoked is False


def test_a_link_of_another_workshop_cannot_be_revoked_through_this_one(logged_in, moderator, workshop):
    from participation.workshops.services import create_workshop

    other = create_workshop(moderator, "dithmarschen")
    link, _token = services.create_link(other, _field(other), _today())
    response = logged_in.post(f"{_manage_url(workshop)}/links/{link.id}/revoke",
                              data={"csrf_token": csrf_token(logged_in)})
    assert response.status_code == 404
    response = logged_in.post(f"{_manage_url(workshop)}/fields/{_field(other).id}/links",
                              data={"csrf_token": csrf_token(logged_in)})
    assert response.status_code == 404
    db.session.rollback()
    assert db.session.get(FocusLink, link.id).revoked is False


def test_a_workshop_without_fields_says_what_to_do_first(logged_in, moderator):
    from participation.workshops.services import create_workshop

    blank = create_workshop(moderator, "blank", "Leerer Abend")
    response = logged_in.get(_manage_url(blank))
    assert response.status_code == 200
    assert "Dieser Workshop hat noch keine Handlungsfelder." in response.get_data(as_text=True)


def test_the_new_link_box_names_its_field_and_label(logged_in, workshop):
    """Several groups, several links: the once-shown box says which field and label it is for."""
    field = _field(workshop)
    page = logged_in.get(_manage_url(workshop))
    day = (_today() + timedelta(days=10)).isoformat()
    logged_in.post(
        f"{_manage_url(workshop)}/fields/{field.id}/links",
        data={"csrf_token": form_token(page), f"field-{field.id}-label": "Gruppe Jensen",
              f"field-{field.id}-expires_on": day},
    )
    html = logged_in.get(_manage_url(workshop)).get_data(as_text=True)
    box = html[html.index('id="new-link"'):html.index("</section>", html.index('id="new-link"'))]
    assert "Neuer Link für das Handlungsfeld „Mobilität“" in box
    assert re.search(r"<dt>Handlungsfeld</dt><dd>Mobilität</dd>", box)
    assert re.search(r"<dt>Für</dt><dd>Gruppe Jensen</dd>", box)
    assert 'aria-describedby="new-link-for"' in box and "öffnet nur das Handlungsfeld „Mobilität“" in box
