"""The event stream and its polling twin: catch-up without gaps, and who sees what."""

import json

import pytest

from participation.ideas.models import Participant
from participation.ideas.services import submit_idea
from participation.moderation import services as moderation
from participation.workshops.services import update_workshop
from participation.workshops.wall_keys import ensure_wall_token

from helpers import csrf_token


@pytest.fixture
def live_app(app):
    app.config.update(LIVE_STREAM_LIFETIME=0.6, LIVE_HEARTBEAT=0.2, LIVE_POLL_INTERVAL=0.05)
    return app


def _participant(workshop, name):
    from participation.database import write_transaction

    with write_transaction() as session:
        participant = Participant(workshop_id=workshop.id, token_hash=name.ljust(64, "0"), nickname=name)
        session.add(participant)
    return participant


def _post(workshop, participant, text, key):
    idea, _ = submit_idea(workshop, participant, workshop.questions[0].id, text, key)
    return idea


def _messages(response):
    """Parse a finished SSE response into (id, message) pairs."""
    body = response.get_data(as_text=True)
    messages = []
    for block in body.split("\n\n"):
        event_id, data = None, None
        for line in block.splitlines():
            if line.startswith("id: "):
                event_id = int(line[4:])
            elif line.startswith("data: "):
                data = json.loads(line[6:])
        if data is not None and data.get("kind") != "ping":  # keep-alives carry no news
            messages.append((event_id, data))
    return messages


def test_stream_replays_everything_after_the_given_id(live_app, client, workshop):
    anna = _participant(workshop, "anna")
    for number in range(5):
        _post(workshop, anna, f"Idee {number} für Heide", f"key-anna-{number:03d}")
    response = client.get(f"/w/{workshop.code}/events?after=2")
    assert response.mimetype == "text/event-stream"
    assert response.headers["X-Accel-Buffering"] == "no"
    messages = _messages(response)
    hello_id, hello = messages[0]
    assert hello_id is None and hello["kind"] == "hello" and hello["heartbeat"] == 0.2
    assert isinstance(hello["now"], int)  # the server's clock, for countdowns
    ids = [event_id for event_id, _ in messages[1:]]
    assert ids == [3, 4, 5]
    assert [message["idea"]["text"] for _, message in messages[1:]] == ["Idee 2 für Heide", "Idee 3 für Heide", "Idee 4 für Heide"]


def test_last_event_id_header_wins_over_the_query(live_app, client, workshop):
    anna = _participant(workshop, "anna")
    for number in range(3):
        _post(workshop, anna, f"Idee {number}", f"key-anna-{number:03d}")
    response = client.get(f"/w/{workshop.code}/events?after=0", headers={"Last-Event-ID": "2"})
    assert [event_id for event_id, _ in _messages(response)[1:]] == [3]


def test_pending_and_hidden_ideas_reach_only_the_moderation_view(live_app, client, logged_in, workshop):
    update_workshop(workshop, premoderation=True)
    anna = _participant(workshop, "anna")
    waiting = _post(workshop, anna, "Bitte erst prüfen", "key-anna-001")
    public = _messages(client.get(f"/w/{workshop.code}/events?after=0"))[1:]
    assert [message["kind"] for _, message in public] == ["workshop", "idea.removed"]
    assert "Bitte erst prüfen" not in json.dumps([message for _, message in public], ensure_ascii=False)
    idea_seq = public[-1][0]

    moderation_stream = logged_in.get(f"/w/{workshop.code}/events?view=moderation&after={idea_seq - 1}")
    ideas = [message["idea"] for _, message in _messages(moderation_stream)[1:]]
    assert ideas[0]["text"] == "Bitte erst prüfen" and ideas[0]["status"] == "pending"

    moderation.show(waiting)
    moderation.hide(waiting)
    replay = [message for _, message in _messages(client.get(f"/w/{workshop.code}/events?after={idea_seq}"))[1:]]
    # A replay tells the present: the approval is superseded by the hiding after it.
    assert [message["kind"] for message in replay] == ["noop", "idea.removed"]


def test_phones_get_no_ideas_when_the_moderator_switches_that_off(live_app, client, workshop):
    update_workshop(workshop, show_ideas_to_attendees=False)
    _post(workshop, _participant(workshop, "anna"), "Mitfahrbank in Lunden", "key-anna-001")
    phone = client.get(f"/w/{workshop.code}/events?after=0")
    assert "Mitfahrbank" not in phone.get_data(as_text=True)


def test_wall_view_needs_a_moderator_or_the_secret_wall_key(live_app, app, client, workshop):
    assert client.get(f"/w/{workshop.code}/events?view=wall").status_code == 403
    assert client.get(f"/w/{workshop.code}/events?view=wall&key=falsch").status_code == 403
    key = ensure_wall_token(workshop)
    assert client.get(f"/w/{workshop.code}/events?view=wall&key={key}").status_code == 200
    assert client.get(f"/w/{workshop.code}/events?view=moderation&key={key}").status_code == 403
    assert client.get(f"/w/{workshop.code}/events?view=unknown").status_code == 400
    assert client.get("/w/ZZZZZZ/events").status_code == 404


def test_polling_returns_events_and_honours_etags(live_app, client, workshop):
    anna = _participant(workshop, "anna")
    _post(workshop, anna, "Schul-App", "key-anna-001")
    first = client.get(f"/w/{workshop.code}/events.json?after=0")
    body = first.get_json()
    latest = body["latest"]  # the idea, and its Handlungsfeld once the analysis ran
    assert latest >= 1 and [event["seq"] for event in body["events"]] == list(range(1, latest + 1))
    etag = first.headers["ETag"]
    again = client.get(f"/w/{workshop.code}/events.json?after=0", headers={"If-None-Match": etag})
    assert again.status_code == 304
    _post(workshop, anna, "Online-Banking", "key-anna-002")
    changed = client.get(f"/w/{workshop.code}/events.json?after=0", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.get_json()["latest"] > latest


def test_events_are_numbered_without_gaps_per_workshop(live_app, workshop, moderator):
    from participation.events.log import events_since
    from participation.workshops.services import create_workshop

    other = create_workshop(moderator, "dithmarschen", "Zweiter Abend")
    anna, bert = _participant(workshop, "anna"), _participant(other, "bert")
    for number in range(4):
        _post(workshop, anna, f"A{number}", f"key-anna-{number:03d}")
        submit_idea(other, bert, other.questions[0].id, f"B{number}", f"key-bert-{number:03d}")
    assert [event.seq for event in events_since(workshop.id, 0)] == [1, 2, 3, 4]
    assert [event.seq for event in events_since(other.id, 0)] == [1, 2, 3, 4]


def test_events_carry_no_participant_identity(live_app, client, workshop):
    token = csrf_token(client)
    client.post(f"/j/{workshop.code}", data={"nickname": "Inge", "csrf_token": token})
    client.post(
        f"/j/{workshop.code}/ideas",
        data={"question_id": workshop.questions[0].id, "text": "Ladesäulen", "idempotency_key": "k" * 12, "csrf_token": token},
    )
    body = client.get(f"/w/{workshop.code}/events.json?after=0").get_data(as_text=True)
    assert "participant" not in body and "token" not in body and "Inge" in body
