"""A group wall's stream and poll carry only its own group's ideas: never another group's
text or id (other groups' news goes out as ``noop``), plus the moderator's message and
its own group's events without the help signal; the moderation stream keeps everything;
a revoked facilitator link ends an open stream at its next heartbeat."""

import json
import time

import pytest

from helpers import make_participant, post_idea
from participation.extensions import db
from participation.groups import services
from participation.groups.keys import revoke_facilitator_key, rotate_facilitator_key
from participation.ideas.models import Idea
from participation.ideas.services import delete_idea
from participation.moderation import services as moderation
from participation.workshops.wall_keys import ensure_wall_token

from groups.walls_world import three_tables


@pytest.fixture
def live_app(app):
    app.config.update(LIVE_STREAM_LIFETIME=0.6, LIVE_HEARTBEAT=0.2, LIVE_POLL_INTERVAL=0.05)
    return app


@pytest.fixture
def tables(live_app, workshop):
    return three_tables(workshop, per_group=3)


def _messages(body):
    messages = []
    for block in body.split("\n\n"):
        for line in block.splitlines():
            if line.startswith("data: "):
                data = json.loads(line[6:])
                if data.get("kind") != "ping":
                    messages.append(data)
    return messages


def _idea_ids(message):
    """Every idea id a message names."""
    ids = set()
    if message.get("kind") in ("idea.removed", "idea.counted"):
        ids.add(message["id"])
    idea = message.get("idea")
    if idea:
        ids.update({idea["id"], idea.get("merged_into_id")} - {None})
    for idea in message.get("ideas") or ():
        ids.add(idea["id"])
    return ids


def _busy_evening(tables):
    """Everything that happens to ideas and groups in an evening, in every group."""
    first, second, third = (tables.ideas[number] for number in (1, 2, 3))
    services.promote(tables.group(2), db.session.get(Idea, second[0].id))
    moderation.hide(db.session.get(Idea, third[0].id))
    moderation.spotlight(tables.fresh(), db.session.get(Idea, third[1].id))
    services.raise_help(tables.group(3))
    services.raise_help(tables.group(1))
    services.send_group_message(tables.fresh(), "Noch 5 Minuten")
    services.update_group(tables.group(2), "Tisch Hafen", topic="Fähre")
    delete_idea(db.session.get(Idea, third[2].id))
    moderation.hide(db.session.get(Idea, first[2].id))
    late = make_participant(tables.fresh(), "spaet")
    services.join_group(late, tables.group(1))
    return post_idea(tables.fresh(), late, "Späte Idee Geheimwort1xspät")


def _foreign(tables, number):
    texts, ids = [], set()
    for other in (0, 1, 2, 3):
        if other != number:
            texts += tables.texts(other)
            ids |= {idea.id for idea in tables.ideas[other]}
    return texts, ids


def _assert_only_group(messages, tables, number, body):
    texts, ids = _foreign(tables, number)
    for text in texts + (["Geheimwort1xspät"] if number != 1 else []) + ["Einzelgänger"]:
        assert text not in body, text
    for message in messages:
        assert not (_idea_ids(message) & ids), message
        if message.get("kind") == "group":
            assert message["group"]["id"] == tables.group(number).id
            assert "help" not in message["group"] and "help_at" not in message["group"]


def test_a_group_walls_stream_and_poll_carry_only_its_groups_ideas(client, tables):
    late = _busy_evening(tables)
    key = ensure_wall_token(tables.fresh())
    code = tables.workshop.code
    for number in (1, 2, 3):
        body = client.get(f"/w/{code}/gruppe/{number}/events?key={key}&after=0").get_data(as_text=True)
        streamed = _messages(body)
        _assert_only_group(streamed, tables, number, body)
        polled = client.get(f"/w/{code}/gruppe/{number}/poll?key={key}&after=0")
        _assert_only_group(polled.get_json()["events"], tables, number, polled.get_data(as_text=True))
        own = {idea.id for idea in tables.ideas[number]} | ({late.id} if number == 1 else set())
        shown = {message["idea"]["id"] for message in streamed if message["kind"] == "idea"}
        assert shown <= own and shown
        kinds = [message["kind"] for message in streamed]
        assert "group.message" in kinds and "spotlight" not in kinds
        assert {message.get("text") for message in streamed if message["kind"] == "group.message"} == {"Noch 5 Minuten"}
    two = _messages(client.get(f"/w/{code}/gruppe/2/events?key={key}&after=0").get_data(as_text=True))
    promoted = [message["idea"] for message in two if message["kind"] == "idea" and message["idea"]["promoted"]]
    assert [idea["id"] for idea in promoted] == [tables.ideas[2][0].id]
    assert [message["group"]["name"] for message in two if message["kind"] == "group"][-1] == "Tisch Hafen"
    three = _messages(client.get(f"/w/{code}/gruppe/3/events?key={key}&after=0").get_data(as_text=True))
    removed = {message["id"] for message in three if message["kind"] == "idea.removed"}
    assert {tables.ideas[3][0].id, tables.ideas[3][2].id} <= removed  # hidden, and deleted by its author


def test_the_moderation_stream_keeps_group_events_and_phones_get_no_help_signal(client, logged_in, tables):
    _busy_evening(tables)
    code = tables.workshop.code
    moderation_stream = _messages(logged_in.get(f"/w/{code}/events?view=moderation&after=0").get_data(as_text=True))
    groups = [message["group"] for message in moderation_stream if message["kind"] == "group"]
    assert any(group["help"] for group in groups) and all("help_at" in group for group in groups)
    assert [message["text"] for message in moderation_stream if message["kind"] == "group.message"] == ["Noch 5 Minuten"]
    phone = client.get(f"/w/{code}/events?after=0").get_data(as_text=True)
    assert '"kind": "group"' not in phone and "help" not in phone
    assert "Noch 5 Minuten" in phone  # phones may show the moderator's message to the groups
    wall_body = client.get(f"/w/{code}/events?view=wall&key={ensure_wall_token(tables.fresh())}&after=0")
    wall = _messages(wall_body.get_data(as_text=True))
    assert all("help" not in message["group"] for message in wall if message["kind"] == "group")
    assert not [message for message in wall if message["kind"] == "group.message"]  # for the group walls


def test_in_silent_collecting_a_group_wall_counts_only_its_ideas(client, tables):
    from participation.phases import services as run

    run.replace_steps(tables.fresh(), [{"kind": "silent", "duration_seconds": 300}])
    workshop = tables.fresh()
    run.start_step(workshop, workshop.steps[0])
    key = ensure_wall_token(tables.fresh())
    late = make_participant(tables.fresh(), "leise")
    services.join_group(late, tables.group(2))
    quiet = post_idea(tables.fresh(), late, "Leise Idee Geheimwort2xleise")
    body = client.get(f"/w/{tables.workshop.code}/gruppe/2/events?key={key}&after=0").get_data(as_text=True)
    assert "Geheimwort2xleise" not in body
    counted = [message for message in _messages(body) if message["kind"] == "idea.counted"]
    assert counted[-1]["id"] == quiet.id and counted[-1]["group_id"] == tables.group(2).id
    _assert_only_group(_messages(body), tables, 2, body)


def test_a_revoked_facilitator_link_ends_its_open_stream(live_app, client, tables):
    live_app.config.update(LIVE_STREAM_LIFETIME=120)
    key = rotate_facilitator_key(tables.group(1))
    response = client.get(f"/w/{tables.workshop.code}/gruppe/1/events?key={key}&after=0", buffered=False)
    assert response.status_code == 200
    chunks = iter(response.response)
    first = next(chunks)
    assert b'"hello"' in (first if isinstance(first, bytes) else first.encode())
    next(chunks)  # the group's ideas so far
    revoke_facilitator_key(tables.group(1))
    pings_after = 0
    try:
        for chunk in chunks:  # ends well before the stream's two minutes
            pings_after += b'"ping"' in (chunk if isinstance(chunk, bytes) else chunk.encode())
            assert pings_after <= 5, "the stream went on after the link was revoked"
    finally:
        response.close()
    assert client.get(f"/w/{tables.workshop.code}/gruppe/1/events?key={key}").status_code == 404


def test_a_moderators_group_stream_does_not_hang_on_a_key(live_app, logged_in, tables):
    body = logged_in.get(f"/w/{tables.workshop.code}/gruppe/3/events?after=0").get_data(as_text=True)
    assert tables.texts(3)[0] in body and tables.texts(2)[0] not in body


def test_phones_hear_nothing_of_the_groups_presentation():
    from participation.events.hub import EventRecord
    from participation.live.views import Audience

    payload = {"group": {"id": 2, "name": "Tisch 2"}, "ideas": [{"id": 9, "text": "Bürgerbus am Sonntag"}]}
    record = EventRecord(1, 7, "present", payload)
    assert Audience("phone", True).present(record) == {"seq": 7, "kind": "noop"}
    assert Audience("wall", True).present(record)["ideas"][0]["text"] == "Bürgerbus am Sonntag"
