"""Dot voting from the phone: plain forms and the JSON API, with every rule a voter meets."""

import re

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.ideas.models import Idea, Participant, Vote
from participation.moderation import services as moderation
from participation.voting.services import dots_used, give_vote
from participation.workshops.services import create_workshop, set_open, update_workshop

from helpers import csrf_token, make_participant as _participant, post_idea as _idea

IDEAS = [
    "Kostenloses WLAN am Marktplatz in Heide 📶",
    "Bürgerbus auch am Wochenende",
    "Telemedizin für Dörfer ohne Hausarzt",
    "Digitale Schultafeln für alle Grundschulen",
    "Mitfahrbänke zwischen Büsum und Wesselburen 🚗",
]




def _votes(**where):
    db.session.rollback()  # see what requests wrote
    query = select(func.count(Vote.id))
    for name, value in where.items():
        query = query.where(getattr(Vote, name) == value)
    return db.session.scalar(query)


def _me(workshop):
    db.session.rollback()
    return db.session.scalar(select(Participant).where(Participant.workshop_id == workshop.id, Participant.nickname == "Inge"))


def _form_vote(client, token, workshop, idea, action="vote", **kwargs):
    return client.post(f"/j/{workshop.code}/ideas/{idea.id}/{action}", data={"csrf_token": token}, **kwargs)


def _api_vote(client, token, workshop, idea, method="post"):
    return getattr(client, method)(f"/api/workshops/{workshop.code}/ideas/{idea.id}/vote", headers={"X-CSRFToken": token})


def _api_votes(client, workshop):
    return {idea["id"]: idea["votes"] for idea in client.get(f"/api/workshops/{workshop.code}/ideas").get_json()["ideas"]}


def _page(client, workshop):
    return client.get(f"/j/{workshop.code}/ideas").get_data(as_text=True)


def _other_card(html, idea):
    match = re.search(rf'<li id="other-{idea.id}".*?</li>', html, re.S)
    return match.group(0) if match else None


def _follow(client, response):
    assert response.status_code == 302
    return client.get(response.headers["Location"]).get_data(as_text=True)


@pytest.fixture
def ideas(workshop):
    """Five visible ideas by Anna, none by the voter."""
    anna = _participant(workshop, "anna")
    return [_idea(workshop, anna, text, question=number % 3) for number, text in enumerate(IDEAS)]


# --- through the phone forms -------------------------------------------------------------


def test_a_dot_counts_once_per_idea(attendee, workshop, ideas):
    client, token = attendee
    response = _form_vote(client, token, workshop, ideas[0])
    assert response.headers["Location"].endswith(f"/j/{workshop.code}/ideas#other-{ideas[0].id}")
    html = _follow(client, response)
    assert "Ihr Punkt ist vergeben." in html
    assert _votes(idea_id=ideas[0].id) == 1

    html = _follow(client, _form_vote(client, token, workshop, ideas[0]))  # a second tap: no change
    assert _votes() == 1
    card = _other_card(html, ideas[0])
    assert 'data-votes="1"' in card and "1 Punkt<" in card
    assert "Punkt zurücknehmen" in card and 'aria-pressed="true"' in card
    assert f'action="/j/{workshop.code}/ideas/{ideas[0].id}/unvote"' in card
    assert "Sie haben 2 von 3 Punkten übrig." in html
    assert _api_votes(client, workshop)[ideas[0].id] == 1


def test_at_most_three_dots_and_taking_one_back_frees_it(attendee, workshop, ideas):
    client, token = attendee
    for idea in ideas[:3]:
        _form_vote(client, token, workshop, idea)
    assert _votes() == 3
    assert "Sie haben 0 von 3 Punkten übrig." in _page(client, workshop)

    html = _follow(client, _form_vote(client, token, workshop, ideas[3]))
    # the answer stands in the card of the idea that was tapped (the redirect's anchor), once
    card = _other_card(html, ideas[3])
    assert "Sie haben alle 3 Punkte vergeben. Nehmen Sie einen Punkt zurück, um ihn neu zu vergeben." in card
    assert 'class="vote-message is-error" role="alert"' in card
    assert html.count("Sie haben alle 3 Punkte vergeben.") == 1
    assert _votes() == 3 and _votes(idea_id=ideas[3].id) == 0

    html = _follow(client, _form_vote(client, token, workshop, ideas[1], "unvote"))
    assert "Ihr Punkt ist zurückgenommen." in html
    assert _votes(idea_id=ideas[1].id) == 0
    assert "Sie haben 1 von 3 Punkten übrig." in html
    assert "Punkt geben" in _other_card(html, ideas[1])

    _form_vote(client, token, workshop, ideas[3])
    assert _votes() == 3 and _votes(idea_id=ideas[3].id) == 1
    assert _api_votes(client, workshop) == {ideas[0].id: 1, ideas[1].id: 0, ideas[2].id: 1, ideas[3].id: 1, ideas[4].id: 0}


def test_taking_back_a_dot_never_given_changes_nothing(attendee, workshop, ideas):
    client, token = attendee
    give_vote(_participant(workshop, "bert"), ideas[0])
    assert _form_vote(client, token, workshop, ideas[0], "unvote").status_code == 302
    assert _votes() == 1  # Bert's dot stays


def test_workshop_setting_for_more_dots(attendee, workshop, ideas):
    update_workshop(workshop, dots_per_participant=5)
    client, token = attendee
    for idea in ideas:
        _form_vote(client, token, workshop, idea)
    assert _votes() == 5
    assert "Sie haben 0 von 5 Punkten übrig." in _page(client, workshop)


def test_own_idea_is_refused(attendee, workshop, ideas):
    client, token = attendee
    client.post(
        f"/j/{workshop.code}/ideas",
        data={"question_id": workshop.questions[0].id, "text": "Meine eigene Idee: Repair-Café 🔧", "idempotency_key": "key-inge-0001", "csrf_token": token},
    )
    db.session.rollback()
    mine = db.session.scalar(select(Idea).where(Idea.text.like("Meine eigene%")))
    html = _follow(client, _form_vote(client, token, workshop, mine))
    assert "für eigene Ideen kann man nicht abstimmen" in html
    assert _votes() == 0
    assert _other_card(_page(client, workshop), mine) is None  # own ideas are not among the others

    response = _api_vote(client, token, workshop, mine)
    assert response.status_code == 409 and "eigene Ideen" in response.get_json()["message"]
    assert _votes() == 0


def test_hidden_and_pending_ideas_are_refused(attendee, workshop, ideas):
    client, token = attendee
    moderation.hide(ideas[0])
    update_workshop(workshop, premoderation=True)
    waiting = _idea(workshop, _participant(workshop, "bert"), "Noch nicht freigegebene Idee")
    for idea in (ideas[0], waiting):
        html = _follow(client, _form_vote(client, token, workshop, idea))
        assert "Für diese Idee kann man gerade nicht abstimmen." in html
        response = _api_vote(client, token, workshop, idea)
        assert response.status_code == 409
        assert response.get_json() == {"error": "rejected", "field": None, "message": "Für diese Idee kann man gerade nicht abstimmen."}
    assert _votes() == 0


def test_closed_workshop_refuses_votes_and_taking_back(attendee, workshop, ideas):
    client, token = attendee
    _form_vote(client, token, workshop, ideas[0])
    set_open(workshop, False)
    html = _follow(client, _form_vote(client, token, workshop, ideas[1]))
    assert "Die Abstimmung ist beendet: Dieser Workshop ist geschlossen." in html
    _form_vote(client, token, workshop, ideas[0], "unvote")
    assert _api_vote(client, token, workshop, ideas[1]).status_code == 409
    assert _api_vote(client, token, workshop, ideas[0], "delete").status_code == 409
    assert _votes() == 1 and _votes(idea_id=ideas[0].id) == 1
    # no buttons while closed: hidden (phone.css), kept in the page for a live reopening
    assert 'data-open="0"' in html
    assert html.count('<form method="post" class="vote-form when-open"') == html.count('class="vote-form')


def test_voting_needs_to_have_joined(client, workshop, ideas):
    token = csrf_token(client)
    html = _follow(client, _form_vote(client, token, workshop, ideas[0]))
    assert "Bitte treten Sie dem Workshop zuerst bei." in html
    response = _api_vote(client, token, workshop, ideas[0])
    assert response.status_code == 409 and "zuerst bei" in response.get_json()["message"]
    assert _votes() == 0
    db.session.rollback()
    assert db.session.scalar(select(func.count(Participant.id))) == 1  # only Anna; no voter was created


def test_csrf_token_is_required(attendee, workshop, ideas):
    client, token = attendee
    assert client.post(f"/j/{workshop.code}/ideas/{ideas[0].id}/vote").status_code == 400
    response = client.post(f"/api/workshops/{workshop.code}/ideas/{ideas[0].id}/vote")
    assert response.status_code == 400 and response.get_json()["error"] == "csrf"
    assert _votes() == 0


def test_unknown_or_foreign_ideas_are_404(attendee, moderator, workshop, ideas):
    client, token = attendee
    other = create_workshop(moderator, "smarte-land-regionen")
    foreign = _idea(other, _participant(other, "olaf"), "Smarte Straßenlaternen")
    assert _form_vote(client, token, workshop, foreign).status_code == 404
    response = _api_vote(client, token, workshop, foreign)
    assert response.status_code == 404 and response.get_json()["message"] == "Diese Idee gibt es in diesem Workshop nicht."
    assert client.post(f"/j/ZZZZZZ/ideas/{ideas[0].id}/vote", data={"csrf_token": token}).status_code == 404
    assert _votes() == 0


# --- merged ideas ------------------------------------------------------------------------


def test_a_dot_on_a_merged_away_idea_goes_to_its_target(attendee, workshop, ideas):
    client, token = attendee
    moderation.merge(ideas[0], ideas[1])
    response = _form_vote(client, token, workshop, ideas[0])
    assert response.headers["Location"].endswith(f"#other-{ideas[1].id}")
    assert _votes(idea_id=ideas[1].id) == 1 and _votes(idea_id=ideas[0].id) == 0
    _form_vote(client, token, workshop, ideas[1])  # the same idea now: no second dot
    assert _votes() == 1
    assert _api_votes(client, workshop)[ideas[1].id] == 1

    response = _api_vote(client, token, workshop, ideas[0], "delete")  # taking back works the same way
    assert response.status_code == 200 and response.get_json()["idea_id"] == ideas[1].id
    assert _votes() == 0


def test_dots_given_before_a_merge_count_once_per_person(app, attendee, workshop, ideas):
    client, token = attendee
    bert = _participant(workshop, "bert")
    give_vote(bert, ideas[0])
    _form_vote(client, token, workshop, ideas[0])
    _form_vote(client, token, workshop, ideas[1])
    moderation.merge(ideas[0], ideas[1])
    assert _api_votes(client, workshop)[ideas[1].id] == 2  # Inge once, Bert once
    assert ideas[0].id not in _api_votes(client, workshop)

    card = _other_card(_page(client, workshop), ideas[1])
    assert "2 Punkte" in card and "+ Kostenloses WLAN am Marktplatz in Heide 📶" in card
    assert "Punkt zurücknehmen" in card  # the merged idea shows Inge's dot

    _form_vote(client, token, workshop, ideas[1])  # already voted through the merged idea
    assert _votes(participant_id=_me(workshop).id) == 2
    _form_vote(client, token, workshop, ideas[1], "unvote")  # takes back the dots on both texts
    assert _votes(participant_id=_me(workshop).id) == 0
    assert _api_votes(client, workshop)[ideas[1].id] == 1

    moderation.unmerge(_reload_idea(ideas[0]))
    assert _api_votes(client, workshop)[ideas[0].id] == 1  # Bert's dot went back with its idea


def _reload_idea(idea):
    db.session.rollback()
    return db.session.get(Idea, idea.id)


# --- the JSON API ------------------------------------------------------------------------


def test_api_gives_and_takes_back_dots(attendee, workshop, ideas):
    client, token = attendee
    response = _api_vote(client, token, workshop, ideas[2])
    assert response.status_code == 200
    assert response.get_json() == {"idea_id": ideas[2].id, "votes": 1, "dots_used": 1, "dots": 3}
    assert _api_vote(client, token, workshop, ideas[2]).get_json()["votes"] == 1  # no-op
    assert _votes() == 1

    for idea in ideas[3:5]:
        assert _api_vote(client, token, workshop, idea).status_code == 200
    refused = _api_vote(client, token, workshop, ideas[0])
    assert refused.status_code == 409
    assert refused.get_json()["message"].startswith("Sie haben alle 3 Punkte vergeben.")
    assert _votes() == 3

    taken = _api_vote(client, token, workshop, ideas[3], "delete")
    assert taken.status_code == 200
    assert taken.get_json() == {"idea_id": ideas[3].id, "votes": 0, "dots_used": 2, "dots": 3}
    assert _api_vote(client, token, workshop, ideas[0]).get_json()["dots_used"] == 3
    assert _api_votes(client, workshop) == {ideas[0].id: 1, ideas[1].id: 0, ideas[2].id: 1, ideas[3].id: 0, ideas[4].id: 1}


def test_form_route_answers_json_when_asked(attendee, workshop, ideas):
    client, token = attendee
    json_headers = {"Accept": "application/json"}
    response = _form_vote(client, token, workshop, ideas[0], headers=json_headers)
    assert response.status_code == 200 and response.mimetype == "application/json"
    # the words come from the server, in the page's language, for the script to show beside the button
    assert response.get_json() == {"idea_id": ideas[0].id, "votes": 1, "dots_used": 1, "dots": 3,
                                   "message": "Ihr Punkt ist vergeben.",
                                   "dots_status": "Sie haben 2 von 3 Punkten übrig."}
    response = _form_vote(client, token, workshop, ideas[0], "unvote", headers=json_headers)
    assert response.get_json() == {"idea_id": ideas[0].id, "votes": 0, "dots_used": 0, "dots": 3,
                                   "message": "Ihr Punkt ist zurückgenommen.",
                                   "dots_status": "Sie haben 3 von 3 Punkten übrig."}

    moderation.hide(ideas[1])
    refused = _form_vote(client, token, workshop, ideas[1], headers=json_headers)
    assert refused.status_code == 409
    assert refused.get_json() == {"error": "rejected", "message": "Für diese Idee kann man gerade nicht abstimmen.",
                                  "dots_used": 0, "dots_status": "Sie haben 3 von 3 Punkten übrig."}
    # A browser's usual Accept header still gets the redirect.
    browser = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    assert _form_vote(client, token, workshop, ideas[2], headers=browser).status_code == 302


def test_votes_of_several_people_add_up(app, attendee, workshop, ideas):
    client, token = attendee
    _form_vote(client, token, workshop, ideas[0])
    for name in ("Jörg", "Maren", "Sönke"):
        phone = app.test_client()
        phone_token = csrf_token(phone)
        phone.post(f"/j/{workshop.code}", data={"nickname": name, "csrf_token": phone_token})
        _api_vote(phone, phone_token, workshop, ideas[0])
        _api_vote(phone, phone_token, workshop, ideas[4])
    assert _api_votes(client, workshop)[ideas[0].id] == 4
    assert _api_votes(client, workshop)[ideas[4].id] == 3
    card = _other_card(_page(client, workshop), ideas[0])
    assert 'data-votes="4"' in card and "4 Punkte" in card
    db.session.rollback()
    assert dots_used(_me(workshop)) == 1


# --- when voting is switched off ---------------------------------------------------------


def test_zero_dots_hides_the_vote_buttons(attendee, workshop, ideas):
    client, token = attendee
    html = _page(client, workshop)
    assert "Punkt geben" in html and "Sie haben 3 von 3 Punkten übrig." in html

    update_workshop(workshop, dots_per_participant=0)
    html = _page(client, workshop)
    assert "Ideen der anderen" in html and IDEAS[0] in html  # the ideas are still shown
    assert "Punkt geben" not in html and 'class="vote-form' not in html
    assert "Punkten übrig" not in html
    assert 'data-dots="0"' in html  # phone.js builds live ideas without buttons too
    assert _api_vote(client, token, workshop, ideas[0]).status_code == 409
    assert _votes() == 0


def test_votes_appear_in_the_moderation_console(logged_in, workshop, ideas):
    carla, dora = _participant(workshop, "carla"), _participant(workshop, "dora")
    give_vote(carla, ideas[0])
    give_vote(dora, ideas[0])
    give_vote(dora, ideas[1])
    html = logged_in.get(f"/moderation/workshops/{workshop.id}/console").get_data(as_text=True)
    first = re.search(rf'<li class="c-row[^"]*" id="idea-{ideas[0].id}".*?</li>', html, re.S).group(0)
    second = re.search(rf'<li class="c-row[^"]*" id="idea-{ideas[1].id}".*?</li>', html, re.S).group(0)
    assert "2 Punkte" in first and "1 Punkt<" in second
