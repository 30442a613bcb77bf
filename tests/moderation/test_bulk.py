"""The console against a flood: the notice of many ideas from few sources, one click to hide
all of a source, bulk hide of ticked ideas; all reversible, all in the live event log."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.auth.services import create_moderator
from participation.database import write_transaction
from participation.extensions import db
from participation.ideas.models import HIDDEN, VISIBLE, Idea, Participant
from participation.events.models import Event
from participation.workshops.services import create_workshop

from helpers import TEST_PASSWORD, csrf_token, make_participant, post_idea


@pytest.fixture(autouse=True)
def no_analysis(monkeypatch):
    monkeypatch.setattr("participation.fields.runner.run_analysis", lambda workshop, **options: None)


def _age(participant, minutes):
    with write_transaction():
        db.session.get(Participant, participant.id).created_at -= timedelta(minutes=minutes)


@pytest.fixture
def flood(workshop):
    """14 new participants with an idea each (posted at once after joining), one
    established person with 11 ideas, and two ordinary ideas."""
    new = []
    for number in range(14):
        new.append(post_idea(workshop, make_participant(workshop, f"skript{number:02d}"), f"Spam Nummer {number}"))
    spammer = make_participant(workshop, "laut")
    _age(spammer, 30)
    loud = [post_idea(workshop, spammer, f"Immer wieder dasselbe {number}") for number in range(11)]
    quiet = []
    for name in ("inge", "otto"):
        person = make_participant(workshop, name)
        _age(person, 30)
        quiet.append(post_idea(workshop, person, f"Bürgerbus für {name.title()}"))
    db.session.rollback()
    return {"new": [idea.id for idea in new], "loud": [idea.id for idea in loud],
            "quiet": [idea.id for idea in quiet], "spammer": spammer.id}


def _console(client, workshop):
    response = client.get(f"/moderation/workshops/{workshop.id}/console")
    assert response.status_code == 200
    return " ".join(response.get_data(as_text=True).split())


def _statuses(ids):
    db.session.rollback()
    return set(db.session.scalars(select(Idea.status).where(Idea.id.in_(ids))))


def _since(html):
    return re.search(r'name="since" value="(\d+)"', html).group(1)


def _idea_events(workshop, after):
    db.session.rollback()
    return db.session.scalars(select(Event).where(Event.workshop_id == workshop.id, Event.seq > after,
                                                  Event.kind == "idea").order_by(Event.seq)).all()


def _last_seq(workshop):
    db.session.rollback()
    return db.session.scalar(select(func.max(Event.seq)).where(Event.workshop_id == workshop.id))


def test_the_console_names_the_sources_of_many_ideas(logged_in, workshop, flood):
    html = _console(logged_in, workshop)
    assert "25 Ideen von 2 Quellen in den letzten 10 Minuten" in html
    assert "14 neue Teilnehmende" in html and "Alle dieser neuen Teilnehmenden ausblenden" in html
    assert "Person „Laut“" in html and "Alle von dieser Person ausblenden" in html
    assert "11 Ideen: 11 sichtbar, 0 warten auf Freigabe, 0 ausgeblendet" in html
    assert "Inge" not in html.split('id="console-flood"')[1].split('class="console-list-head"')[0]


def test_no_notice_for_an_ordinary_room(logged_in, workshop):
    for name in ("inge", "otto", "anna"):
        person = make_participant(workshop, name)
        _age(person, 5)
        post_idea(workshop, person, f"Mehr Radwege, sagt {name}")
    assert "flood-notice" not in _console(logged_in, workshop)


def test_one_click_hides_all_new_participants_and_one_more_shows_them_again(logged_in, workshop, flood):
    html = _console(logged_in, workshop)
    token = csrf_token(logged_in)
    before = _last_seq(workshop)
    url = f"/moderation/workshops/{workshop.id}/sources/ideas"
    form = {"csrf_token": token, "source": "new", "since": _since(html), "action": "hide", "status": "visible"}
    response = logged_in.post(url, data=form)
    assert response.status_code == 302 and "status=visible" in response.location
    assert _statuses(flood["new"]) == {HIDDEN}
    assert _statuses(flood["loud"] + flood["quiet"]) == {VISIBLE}
    # One live event per idea: walls and phones take them down at once.
    events = _idea_events(workshop, before)
    assert sorted(event.payload["idea"]["id"] for event in events) == sorted(flood["new"])
    assert {event.payload["idea"]["status"] for event in events} == {HIDDEN}
    phone = logged_in.get(f"/w/{workshop.code}/events.json?view=phone&after={before}").get_json()
    assert {message["kind"] for message in phone["events"]} == {"idea.removed"}
    assert "14 Ideen sind ausgeblendet." in _console(logged_in, workshop)

    logged_in.post(url, data={**form, "action": "show"})
    assert _statuses(flood["new"]) == {VISIBLE}
    assert len(_idea_events(workshop, before)) == 28


def test_one_click_hides_everything_of_one_person(logged_in, workshop, flood):
    token = csrf_token(logged_in)
    url = f"/moderation/workshops/{workshop.id}/sources/ideas"
    logged_in.post(url, data={"csrf_token": token, "source": f"p{flood['spammer']}", "action": "hide"})
    assert _statuses(flood["loud"]) == {HIDDEN}
    assert _statuses(flood["new"] + flood["quiet"]) == {VISIBLE}
    html = _console(logged_in, workshop)
    assert "11 Ideen: 0 sichtbar, 0 warten auf Freigabe, 11 ausgeblendet" in html
    logged_in.post(url, data={"csrf_token": token, "source": f"p{flood['spammer']}", "action": "show"})
    assert _statuses(flood["loud"]) == {VISIBLE}


def test_ticked_ideas_are_hidden_and_shown_together(logged_in, moderator, workshop, flood):
    other = create_workshop(moderator, "dithmarschen")
    foreign = post_idea(other, make_participant(other, "fremd"), "Idee aus einem anderen Workshop")
    html = _console(logged_in, workshop)
    assert html.count('form="bulk-form"') == 27  # a box in every row
    token = csrf_token(logged_in)
    picked = [flood["quiet"][0], flood["loud"][0], foreign.id]
    url = f"/moderation/workshops/{workshop.id}/ideas/bulk"
    before = _last_seq(workshop)
    response = logged_in.post(url, data={"csrf_token": token, "idea_id": [str(i) for i in picked], "action": "hide"})
    assert response.status_code == 302
    assert _statuses(picked[:2]) == {HIDDEN}
    assert _statuses([foreign.id]) == {VISIBLE}  # another workshop's idea is left alone
    assert len(_idea_events(workshop, before)) == 2
    logged_in.post(url, data={"csrf_token": token, "idea_id": [str(i) for i in picked], "action": "show"})
    assert _statuses(picked) == {VISIBLE}
    nothing = logged_in.post(url, data={"csrf_token": token, "action": "hide"}, follow_redirects=True)
    assert "Bitte wählen Sie zuerst Ideen aus" in nothing.get_data(as_text=True)


def test_bulk_actions_need_the_token_the_workshop_and_a_known_action(app, logged_in, workshop, flood):
    url = f"/moderation/workshops/{workshop.id}"
    picked = {"idea_id": [str(flood["quiet"][0])], "action": "hide"}
    assert logged_in.post(f"{url}/ideas/bulk", data=picked).status_code == 400  # no CSRF token
    assert logged_in.post(f"{url}/sources/ideas", data={"source": "new", "action": "hide"}).status_code == 400
    token = csrf_token(logged_in)
    assert logged_in.post(f"{url}/ideas/bulk", data={**picked, "action": "delete", "csrf_token": token}).status_code == 400
    assert logged_in.post(f"{url}/sources/ideas", data={"source": "p999999", "action": "hide",
                                                        "csrf_token": token}).status_code == 404
    assert _statuses(flood["quiet"]) == {VISIBLE}

    create_moderator("zweite-moderatorin", TEST_PASSWORD)
    intruder = app.test_client()
    intruder.post("/moderation/login", data={"username": "zweite-moderatorin", "password": TEST_PASSWORD,
                                             "csrf_token": csrf_token(intruder)})
    token = csrf_token(intruder)
    assert intruder.post(f"{url}/ideas/bulk", data={**picked, "csrf_token": token}).status_code == 404
    assert intruder.post(f"{url}/sources/ideas", data={"source": f"p{flood['spammer']}", "action": "hide",
                                                       "csrf_token": token}).status_code == 404
    anonymous = app.test_client()
    response = anonymous.post(f"{url}/ideas/bulk", data={**picked, "csrf_token": csrf_token(anonymous)})
    assert response.status_code == 302 and "/moderation/login" in response.location
    assert _statuses(flood["quiet"] + flood["loud"]) == {VISIBLE}
