"""The moderator's group page (/moderation/workshops/<id>/gruppen): the list, adding one
group or N, editing, deleting (refused while the group has ideas), the promotion limit,
facilitator links shown once and revoked, the printable table cards; and who may see it."""

import re

from sqlalchemy import select

from helpers import TEST_PASSWORD, csrf_token, make_participant, post_idea
from participation.extensions import db
from participation.groups import services
from participation.groups.keys import facilitator_key_matches, facilitator_key_of
from participation.workshops.models import Group, Workshop


def _url(workshop, tail=""):
    return f"/moderation/workshops/{workshop.id}/gruppen{tail}"


def _groups(workshop):
    db.session.rollback()
    return db.session.scalars(select(Group).where(Group.workshop_id == workshop.id).order_by(Group.number)).all()


def _text(response):
    return response.get_data(as_text=True)


def test_the_page_lists_groups_with_their_people_and_ideas(logged_in, workshop):
    window = services.add_group(workshop, "Tisch am Fenster", topic="Mobilität", facilitator="Pat",
                                question_id=workshop.questions[1].id)
    empty = services.add_group(db.session.get(Workshop, workshop.id), "Raum 2")
    anna, ben = make_participant(workshop, "anna"), make_participant(workshop, "ben")
    services.join_group(anna, window)
    services.join_group(ben, window)
    post_idea(workshop, anna, "Bürgerbus am Sonntag")
    response = logged_in.get(_url(workshop))
    assert response.status_code == 200
    page = _text(response)
    row = re.search(rf'<tr id="group-{window.id}".*?</tr>', page, re.S).group(0)
    assert "Tisch am Fenster" in row and "Mobilität" in row and "Pat" in row
    assert workshop.questions[1].text in row
    assert re.search(r'group-people">2<', row) and re.search(r'group-ideas">1<', row)
    assert f"/j/{workshop.code}/g{window.number}" in row
    assert f"/w/{workshop.code}/gruppe/{window.number}" in row
    assert f'id="group-{empty.id}"' in page
    assert "/gruppen/tischkarten" in page


def test_the_overview_links_to_the_groups(logged_in, workshop):
    assert _url(workshop) in _text(logged_in.get(f"/moderation/workshops/{workshop.id}"))


def test_adding_a_group_and_a_refused_one_keeps_what_was_typed(logged_in, workshop):
    token = csrf_token(logged_in)
    response = logged_in.post(_url(workshop), data={"csrf_token": token, "name": "Tisch Nord", "topic": "Radwege",
                                                    "question_id": str(workshop.questions[0].id),
                                                    "facilitator": "Jo"})
    assert response.status_code == 302
    (group,) = _groups(workshop)
    assert (group.number, group.name, group.topic, group.question_id, group.facilitator) == (
        1, "Tisch Nord", "Radwege", workshop.questions[0].id, "Jo")

    response = logged_in.post(_url(workshop), data={"csrf_token": token, "name": "tisch nord",
                                                    "topic": "Mein langes Thema", "facilitator": "Kim"})
    assert response.status_code == 422
    page = _text(response)
    assert "Eine Gruppe mit diesem Namen gibt es schon." in page
    assert 'value="tisch nord"' in page and 'value="Mein langes Thema"' in page and 'value="Kim"' in page
    response = logged_in.post(_url(workshop), data={"csrf_token": token, "name": "  ", "topic": "Nur ein Thema"})
    assert response.status_code == 422
    assert "Bitte geben Sie der Gruppe einen Namen." in _text(response) and 'value="Nur ein Thema"' in _text(response)
    response = logged_in.post(_url(workshop), data={"csrf_token": token, "name": "X" * 81})
    assert response.status_code == 422 and "höchstens 80 Zeichen" in _text(response)
    response = logged_in.post(_url(workshop), data={"csrf_token": token, "name": "Fremd", "question_id": "999999"})
    assert response.status_code == 422 and "Diese Leitfrage gibt es in diesem Workshop nicht." in _text(response)
    assert len(_groups(workshop)) == 1


def test_n_groups_at_once_and_bad_counts(logged_in, workshop):
    token = csrf_token(logged_in)
    page = _text(logged_in.get(_url(workshop)))
    assert re.search(r'name="prefix"[^>]*value="Tisch"', page) or re.search(r'value="Tisch"[^>]*name="prefix"', page)
    response = logged_in.post(_url(workshop, "/mehrere"), data={"csrf_token": token, "count": "3", "prefix": "Raum"})
    assert response.status_code == 302
    assert [group.name for group in _groups(workshop)] == ["Raum 1", "Raum 2", "Raum 3"]
    for typed, message in (("null", "Bitte eine ganze Zahl eintragen"), ("0", "von 1 bis 60"), ("", "ab 1"), ("61", "von 1 bis 60")):
        response = logged_in.post(_url(workshop, "/mehrere"), data={"csrf_token": token, "count": typed,
                                                                     "prefix": "Ecke"})
        assert response.status_code == 422, typed
        page = _text(response)
        assert message in page, (typed, page[:3000])
        assert re.search(r'name="prefix"[^>]*value="Ecke"', page) or 'value="Ecke"' in page
    response = logged_in.post(_url(workshop, "/mehrere"), data={"csrf_token": token, "count": "58"})
    assert response.status_code == 422 and "Höchstens 60 Gruppen je Workshop." in _text(response)
    assert len(_groups(workshop)) == 3


def test_editing_a_group(logged_in, workshop):
    group = services.add_group(workshop, "Tisch 1")
    services.add_group(db.session.get(Workshop, workshop.id), "Tisch 2")
    token = csrf_token(logged_in)
    page = _text(logged_in.get(_url(workshop, f"/{group.id}")))
    assert 'value="Tisch 1"' in page
    response = logged_in.post(_url(workshop, f"/{group.id}"), data={"csrf_token": token, "name": "Tisch 2",
                                                                     "topic": "Neues Thema"})
    assert response.status_code == 422
    assert "Eine Gruppe mit diesem Namen gibt es schon." in _text(response) and 'value="Neues Thema"' in _text(response)
    response = logged_in.post(_url(workshop, f"/{group.id}"), data={"csrf_token": token, "name": "Fensterplatz",
                                                                     "topic": "Neues Thema", "facilitator": "Pat"})
    assert response.status_code == 302
    changed = _groups(workshop)[0]
    assert (changed.name, changed.topic, changed.facilitator, changed.number) == ("Fensterplatz", "Neues Thema", "Pat", 1)


def test_a_group_with_ideas_is_not_deleted(logged_in, workshop):
    busy = services.add_group(workshop, "Tisch voll")
    empty = services.add_group(db.session.get(Workshop, workshop.id), "Tisch leer")
    anna = make_participant(workshop, "anna")
    services.join_group(anna, busy)
    post_idea(workshop, anna, "Ein Dorfladen mit Paketstation")
    token = csrf_token(logged_in)
    response = logged_in.post(_url(workshop, f"/{busy.id}/loeschen"), data={"csrf_token": token},
                              follow_redirects=True)
    assert "„Tisch voll“ ist nicht gelöscht: Diese Gruppe hat 1 Ideen" in _text(response)
    response = logged_in.post(_url(workshop, f"/{empty.id}/loeschen"), data={"csrf_token": token},
                              follow_redirects=True)
    assert "Die Gruppe „Tisch leer“ ist gelöscht." in _text(response)
    assert [group.name for group in _groups(workshop)] == ["Tisch voll"]


def test_the_promotion_limit(logged_in, workshop):
    token = csrf_token(logged_in)
    assert logged_in.post(_url(workshop, "/plenum"), data={"csrf_token": token, "limit": "5"}).status_code == 302
    db.session.rollback()
    assert db.session.get(Workshop, workshop.id).group_promote_limit == 5
    response = logged_in.post(_url(workshop, "/plenum"), data={"csrf_token": token, "limit": "11"})
    assert response.status_code == 422 and "von 1 bis 10" in _text(response) and 'value="11"' in _text(response)
    db.session.rollback()
    assert db.session.get(Workshop, workshop.id).group_promote_limit == 5


def test_the_facilitator_link_is_shown_once_and_revoked(logged_in, workshop):
    group = services.add_group(workshop, "Tisch 1")
    token = csrf_token(logged_in)
    response = logged_in.post(_url(workshop, f"/{group.id}/tischmoderation"), data={"csrf_token": token})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    page = _text(response)
    url = re.search(r'id="facilitator-link-url" type="text" readonly value="([^"]+)"', page).group(1)
    key = re.search(r"key=([^&\"]+)", url.replace("&amp;", "&")).group(1)
    assert f"/gruppe/{workshop.code}/1?key=" in url
    assert "<svg" in page and "Tischmoderation" in page
    db.session.rollback()
    group = db.session.get(Group, group.id)
    assert facilitator_key_matches(group, key)
    listing = _text(logged_in.get(_url(workshop)))
    assert key not in listing and "Link aktiv" in listing  # the key is shown once only

    again = _text(logged_in.post(_url(workshop, f"/{group.id}/tischmoderation"), data={"csrf_token": token}))
    db.session.rollback()
    assert not facilitator_key_matches(db.session.get(Group, group.id), key) and key not in again
    response = logged_in.post(_url(workshop, f"/{group.id}/tischmoderation/widerrufen"), data={"csrf_token": token},
                              follow_redirects=True)
    assert "ist widerrufen" in _text(response)
    db.session.rollback()
    assert facilitator_key_of(db.session.get(Group, group.id)) is None


def test_table_cards_carry_each_groups_name_and_join_link(logged_in, workshop):
    services.add_groups(workshop, 2)
    services.update_group(_groups(workshop)[1], "Tisch 2", topic="Breitband")
    page = _text(logged_in.get(_url(workshop, "/tischkarten")))
    for number in (1, 2):
        assert f"http://localhost/j/{workshop.code}/g{number}" in page
    assert "Breitband" in page and page.count("<svg") == 4  # two faces per tent


def test_only_the_workshops_moderators_reach_the_pages(client, logged_in, workshop, app):
    group = services.add_group(workshop, "Tisch 1")
    from participation.auth.services import create_moderator
    from participation.workshops.services import create_workshop

    create_moderator("andere", TEST_PASSWORD)
    other_client = app.test_client()
    token = csrf_token(other_client)
    other_client.post("/moderation/login", data={"username": "andere", "password": TEST_PASSWORD,
                                                 "csrf_token": token})
    token = csrf_token(other_client)
    for url in (_url(workshop), _url(workshop, f"/{group.id}"), _url(workshop, "/tischkarten")):
        assert other_client.get(url).status_code == 404
        assert app.test_client().get(url).status_code == 302  # anonymous: to the login
    response = other_client.post(_url(workshop, f"/{group.id}/loeschen"), data={"csrf_token": token})
    assert response.status_code == 404
    # a group of another workshop through this workshop's address
    mine = create_workshop(db.session.get(type(workshop.owner), workshop.owner_id), "dithmarschen")
    assert logged_in.get(_url(mine, f"/{group.id}")).status_code == 404
    assert len(_groups(workshop)) == 1
