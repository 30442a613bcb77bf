"""Joining a group from the phone: the group's short link (/j/<code>/g<number>) joins the
workshop and the group; the "Ihre Gruppe" box chooses or changes it; ideas posted then
carry the group."""

from sqlalchemy import select

from helpers import csrf_token
from participation.extensions import db
from participation.groups import services
from participation.ideas.models import Idea, Participant
from participation.workshops.models import Workshop


def _participants(workshop):
    db.session.rollback()
    return db.session.scalars(select(Participant).where(Participant.workshop_id == workshop.id)).all()


def _text(response):
    return response.get_data(as_text=True)


def _two_groups(workshop):
    first = services.add_group(workshop, "Tisch Nord", topic="Radwege")
    second = services.add_group(db.session.get(Workshop, workshop.id), "Tisch Süd")
    return first, second


def test_the_short_link_joins_the_workshop_and_the_group(client, workshop):
    first, second = _two_groups(workshop)
    response = client.get(f"/j/{workshop.code}/g{second.number}")
    assert response.status_code == 302 and response.location.endswith(f"/j/{workshop.code}")
    assert "participation_participant" in response.headers.get("Set-Cookie", "") or response.headers.get("Set-Cookie")
    (participant,) = _participants(workshop)
    assert participant.group_id == second.id
    page = _text(client.get(f"/j/{workshop.code}"))
    assert 'id="my-group"' in page and "Willkommen in der Gruppe „Tisch Süd“." in page
    assert '<strong class="my-group-name">Tisch Süd</strong>' in page

    # the same phone scans another table's code: the same participant, the new group
    client.get(f"/j/{workshop.code}/g{first.number}")
    (participant,) = _participants(workshop)
    assert participant.group_id == first.id
    page = _text(client.get(f"/j/{workshop.code}/ideas"))
    assert "Tisch Nord" in page and "Radwege" in page


def test_an_unknown_group_number_lands_on_the_join_page_with_a_message(client, workshop):
    _two_groups(workshop)
    response = client.get(f"/j/{workshop.code}/g77", follow_redirects=True)
    assert response.status_code == 200
    assert "Eine Gruppe Nr. 77 gibt es in diesem Workshop nicht." in _text(response)
    assert _participants(workshop) == []
    assert client.get(f"/j/{workshop.code}/g0").status_code == 302
    assert client.get("/j/NOSUCH/g1").status_code == 404


def test_choosing_and_changing_the_group(attendee, workshop):
    client, token = attendee
    first, second = _two_groups(workshop)
    page = _text(client.get(f"/j/{workshop.code}/ideas"))
    assert "Sie sind noch in keiner Gruppe." in page and 'name="group_id"' in page
    response = client.post(f"/j/{workshop.code}/gruppe", data={"csrf_token": token, "group_id": str(first.id),
                                                               "back": "ideas"})
    assert response.status_code == 302 and response.location.endswith(f"/j/{workshop.code}/ideas#my-group")
    assert _participants(workshop)[0].group_id == first.id
    response = client.post(f"/j/{workshop.code}/gruppe", data={"csrf_token": token, "group_id": str(second.id),
                                                               "back": "join"}, follow_redirects=True)
    assert "Sie sind jetzt in der Gruppe „Tisch Süd“." in _text(response)
    assert _participants(workshop)[0].group_id == second.id
    response = client.post(f"/j/{workshop.code}/gruppe", data={"csrf_token": token, "group_id": ""},
                           follow_redirects=True)
    assert "Sie sind jetzt in keiner Gruppe." in _text(response)
    assert _participants(workshop)[0].group_id is None


def test_a_group_of_another_workshop_or_nonsense_is_refused(attendee, workshop, moderator):
    from participation.workshops.services import create_workshop

    client, token = attendee
    mine, _second = _two_groups(workshop)
    other = create_workshop(moderator, "dithmarschen")
    foreign = services.add_group(other, "Fremder Tisch")
    client.post(f"/j/{workshop.code}/gruppe", data={"csrf_token": token, "group_id": str(mine.id)})
    for value in (str(foreign.id), "abc", "-1", "99999999999999"):
        response = client.post(f"/j/{workshop.code}/gruppe", data={"csrf_token": token, "group_id": value},
                               follow_redirects=True)
        assert response.status_code == 200
        assert "Diese Gruppe gibt es in diesem Workshop nicht (mehr)." in _text(response)
        assert _participants(workshop)[0].group_id == mine.id
    # the other workshop's short link never puts anyone into this workshop's group
    client.get(f"/j/{other.code}/g{foreign.number}")
    assert _participants(workshop)[0].group_id == mine.id


def test_without_a_csrf_token_nothing_changes(attendee, workshop):
    client, _token = attendee
    first, _second = _two_groups(workshop)
    response = client.post(f"/j/{workshop.code}/gruppe", data={"group_id": str(first.id)})
    assert response.status_code == 400
    assert _participants(workshop)[0].group_id is None


def test_choosing_a_group_before_joining_creates_the_participant(client, workshop):
    first, _second = _two_groups(workshop)
    page = _text(client.get(f"/j/{workshop.code}"))
    assert 'id="my-group"' in page
    token = csrf_token(client)
    client.post(f"/j/{workshop.code}/gruppe", data={"csrf_token": token, "group_id": str(first.id), "back": "join"})
    (participant,) = _participants(workshop)
    assert participant.group_id == first.id


def test_no_box_without_groups(attendee, workshop):
    client, _token = attendee
    assert 'id="my-group"' not in _text(client.get(f"/j/{workshop.code}/ideas"))
    assert 'id="my-group"' not in _text(client.get(f"/j/{workshop.code}"))


def test_ideas_posted_after_joining_carry_the_group(client, workshop):
    first, second = _two_groups(workshop)
    client.get(f"/j/{workshop.code}/g{first.number}")
    token = csrf_token(client)
    question = workshop.questions[0].id

    def post(text):
        response = client.post(f"/j/{workshop.code}/ideas", data={"csrf_token": token, "question_id": question,
                                                                  "text": text})
        assert response.status_code == 302

    post("Ein Bücherschrank am Bahnhof")
    client.post(f"/j/{workshop.code}/gruppe", data={"csrf_token": token, "group_id": str(second.id)})
    post("Sitzbänke an der Bushaltestelle")
    db.session.rollback()
    ideas = db.session.scalars(select(Idea).where(Idea.workshop_id == workshop.id).order_by(Idea.id)).all()
    assert [(idea.text, idea.group_id) for idea in ideas] == [
        ("Ein Bücherschrank am Bahnhof", first.id), ("Sitzbänke an der Bushaltestelle", second.id)]


def test_the_short_link_keeps_to_the_admission_limit(client, workshop, app, monkeypatch):
    from participation.limits.admission import JoinRefused

    first, _second = _two_groups(workshop)

    def refuse(session):
        raise JoinRefused(30, "address")

    monkeypatch.setattr("participation.ideas.participants.admit_new_participant", refuse)
    response = client.get(f"/j/{workshop.code}/g{first.number}")
    assert response.status_code == 429 and response.headers["Retry-After"] == "30"
    assert "Bitte öffnen Sie den Link in einer Minute noch einmal." in _text(response)
    assert _participants(workshop) == []
