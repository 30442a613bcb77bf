"""The attendee's phone in each step of the run sheet, as the server draws it (no JavaScript).

* Collecting: the questions of the step have their form, the others a note instead (the
  form stays in the page, hidden); "Ich bin fertig" is a plain form, taken back at will.
* Silent collecting: no one else's idea in the page, a note instead.
* Voting: dot buttons, and the counts hidden: no number in the page.
* Outside voting: no dot buttons (a note when voting comes later); result: counts shown.
* Pause and Geschlossen: a calm note with the next step.
* A post sent just after its collecting step ended (20 s): stored, waiting for approval,
  and the phone says so; long after (90 s): refused, the text still there to copy.
"""

import re
import time

import pytest

from participation import limits
from participation.extensions import db
from participation.ideas.models import PENDING, Idea
from participation.phases import services
from participation.voting.services import give_vote
from participation.workshops.services import update_workshop
from tests.helpers import FakeClock, make_participant, post_idea


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock(time.time())
    monkeypatch.setattr(limits, "clock", fake)
    return fake


@pytest.fixture
def evening(app, workshop, clock):
    """A run sheet: collect question 1 (5 min), silent, vote, result, pause, closed."""
    first = workshop.questions[0].id
    steps = {
        "collect": services.add_step(workshop, "collect", question_ids=[first], duration_seconds=300, title="Runde 1"),
        "silent": services.add_step(workshop, "silent", duration_seconds=300),
        "vote": services.add_step(workshop, "vote", duration_seconds=300),
        "result": services.add_step(workshop, "result"),
        "pause": services.add_step(workshop, "pause", duration_seconds=600),
        "closed": services.add_step(workshop, "closed"),
    }
    return steps


def _page(client, workshop):
    response = client.get(f"/j/{workshop.code}/ideas")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _others_idea(workshop):
    other = make_participant(workshop, "bert")
    return post_idea(workshop, other, "Ein Rufbus für die Dörfer am Abend")


def _section(html, question_id):
    match = re.search(rf'<section class="question" id="question-{question_id}".*?</section>', html, re.S)
    return match.group(0)


def test_collecting_step_offers_only_its_questions_and_a_countdown(attendee, workshop, evening):
    client, _ = attendee
    assert len(workshop.questions) >= 2
    services.start_step(workshop, evening["collect"])
    html = _page(client, workshop)
    assert 'id="phase" class="phase" data-kind="collect"' in html
    assert '<h2 id="phase-title">Runde 1</h2>' in html
    assert re.search(r'id="phase-countdown" data-state="running"[^>]*>5:00<', html)
    first, second = (_section(html, question.id) for question in workshop.questions[:2])
    assert "Zu dieser Frage wird gerade nicht gesammelt" in second
    assert re.search(r'<p class="not-collecting" hidden>', first)
    assert re.search(r'<p class="not-collecting" >', second)
    assert '<div class="idea-form-box" hidden>' in second  # kept, hidden, for its step
    assert 'name="text"' in second
    assert 'id="done-form"' in html and 'aria-pressed="false"' in html


def test_done_button_works_without_javascript_and_is_taken_back(attendee, workshop, evening):
    client, token = attendee
    services.start_step(workshop, evening["collect"])
    response = client.post(f"/j/{workshop.code}/fertig", data={"done": "1", "csrf_token": token},
                           follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Die Moderation sieht, dass Sie fertig sind" in html
    assert re.search(r'id="done-button"\s+aria-pressed="true"', html)
    assert '<input type="hidden" name="done" value="0">' in html
    html = client.post(f"/j/{workshop.code}/fertig", data={"done": "0", "csrf_token": token},
                       follow_redirects=True).get_data(as_text=True)
    assert re.search(r'id="done-button"\s+aria-pressed="false"', html)


def test_silent_collecting_shows_no_one_elses_idea(attendee, workshop, evening):
    client, _ = attendee
    services.start_step(workshop, evening["collect"])
    _others_idea(workshop)
    assert "Ein Rufbus für die Dörfer am Abend" in _page(client, workshop)
    services.start_step(workshop, evening["silent"])
    html = _page(client, workshop)
    assert 'data-kind="silent"' in html
    assert "Ein Rufbus für die Dörfer am Abend" not in html
    assert "Stilles Sammeln: Die Ideen der anderen sehen Sie später." in html
    similar = client.get(f"/j/{workshop.code}/similar", query_string={"text": "Ein Rufbus für die Dörfer"})
    assert similar.get_json()["ideas"] == []  # nor in the hint while typing
    assert "Zu dieser Frage wird gerade nicht gesammelt" not in html.split('id="others"')[0].replace(
        '<p class="not-collecting" hidden>Zu dieser Frage wird gerade nicht gesammelt', "")


def test_voting_step_has_dot_buttons_and_hides_counts(attendee, workshop, evening):
    client, _ = attendee
    update_workshop(workshop, dots_per_participant=3) if workshop.dots_per_participant == 0 else None
    services.start_step(workshop, evening["collect"])
    idea = _others_idea(workshop)
    voter = make_participant(workshop, "carla")
    services.start_step(workshop, evening["vote"])
    give_vote(voter, idea)
    html = _page(client, workshop)
    item = re.search(rf'<li id="other-{idea.id}".*?</li>', html, re.S).group(0)
    assert "Punkt geben" in item
    assert "Punkte verdeckt" in item
    assert "data-votes" not in item and not re.search(r"\d+ Punkte?\b", item)
    assert "Zu dieser Frage wird gerade nicht gesammelt" in html
    assert 'id="done-form" class="done-form" hidden' in html


def test_outside_voting_no_dot_buttons_and_a_note_when_voting_comes_later(attendee, workshop, evening):
    client, _ = attendee
    services.start_step(workshop, evening["collect"])
    idea = _others_idea(workshop)
    html = _page(client, workshop)
    assert 'class="vote-form' not in html
    assert "Punkte vergeben Sie später" in html
    services.start_step(workshop, evening["vote"])
    give_vote(make_participant(workshop, "carla"), idea)
    services.start_step(workshop, evening["result"])
    html = _page(client, workshop)
    item = re.search(rf'<li id="other-{idea.id}".*?</li>', html, re.S).group(0)
    assert 'class="vote-form' not in item
    assert 'data-votes="1"' in item and "1 Punkt" in item
    assert "Punkte vergeben Sie später" not in html


@pytest.mark.parametrize("kind, note", [("pause", "Pause. Gleich geht es weiter."),
                                        ("closed", "Die Sammlung ist beendet.")])
def test_calm_steps_say_what_comes_next(attendee, workshop, evening, kind, note):
    client, _ = attendee
    services.start_step(workshop, evening[kind])
    html = _page(client, workshop)
    assert f'data-kind="{kind}"' in html
    assert note in html
    if kind == "pause":
        assert re.search(r'id="phase-next">Als Nächstes: Geschlossen<', html)
    assert 'class="vote-form' not in html
    assert html.count("Zu dieser Frage wird gerade nicht gesammelt") == len(workshop.questions)


def test_without_a_run_sheet_the_phase_banner_is_hidden(attendee, workshop):
    client, _ = attendee
    html = _page(client, workshop)
    assert re.search(r'<section id="phase"[^>]*data-kind="open"[^>]*hidden>', html, re.S)
    assert "Zu dieser Frage wird gerade nicht gesammelt" not in html.replace(
        '<p class="not-collecting" hidden>Zu dieser Frage wird gerade nicht gesammelt', "")


def _post(client, token, workshop, text):
    form = _page(client, workshop)
    key = re.search(r'name="idempotency_key" value="([^"]+)"', _section(form, workshop.questions[0].id)).group(1)
    return client.post(f"/j/{workshop.code}/ideas", data={
        "csrf_token": token, "question_id": workshop.questions[0].id, "text": text, "idempotency_key": key})


def test_a_post_20_seconds_late_waits_for_approval_and_says_so(attendee, workshop, evening, clock):
    client, token = attendee
    services.start_step(workshop, evening["collect"])
    _page(client, workshop)  # the form is loaded in the collecting step
    clock.advance(100)
    services.start_step(workshop, evening["vote"])
    clock.advance(20)
    response = _post(client, token, workshop, "Ein Dorfladen mit Café, kurz nach dem Gong")
    assert response.status_code == 302
    db.session.rollback()  # a fresh read: the post was written by the request
    idea = Idea.query.filter_by(text="Ein Dorfladen mit Café, kurz nach dem Gong").one()
    assert idea.status == PENDING
    first = workshop.questions[0].id
    assert response.headers["Location"].endswith(f"#question-{first}")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    late = "Ihre Idee kam kurz nach dem Ende der Sammelphase an. Sie erscheint, sobald die Moderation sie freigibt."
    assert late in _section(html, first)  # beside the form it was sent from
    assert ">Danke! Ihre Idee ist gespeichert.<" not in html  # no flash (the queue's words carry it too)
    # said once (the phone's script keeps the words in a data attribute, for posts it sends itself)
    assert late not in re.sub(r'data-[a-z-]+="[^"]*"', "", _page(client, workshop))


def test_a_post_90_seconds_late_is_refused_and_the_text_kept(attendee, workshop, evening, clock):
    client, token = attendee
    services.start_step(workshop, evening["collect"])
    clock.advance(100)
    services.start_step(workshop, evening["vote"])
    clock.advance(90)
    response = _post(client, token, workshop, "Ein Dorfladen mit Café, viel zu spät")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    db.session.rollback()
    assert Idea.query.filter_by(text="Ein Dorfladen mit Café, viel zu spät").count() == 0
    assert "In diesem Schritt des Workshops werden zu dieser Frage keine Ideen gesammelt" in html
    section = _section(html, workshop.questions[0].id)
    # readable and copyable where the form was, and kept in the (hidden) form for its next step
    assert re.search(r'<textarea id="refused-\d+" readonly rows="3">Ein Dorfladen mit Café, viel zu spät</textarea>',
                     section)
    assert re.search(r'<textarea id="text-\d+" name="text"[^>]*>Ein Dorfladen mit Café, viel zu spät</textarea>',
                     section)
