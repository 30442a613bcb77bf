"""Replays of the event log tell the present: what a moderator hid or corrected stays hidden.

Every way to read old events is covered: ``events.json?after=0``, the stream with
``Last-Event-ID: 0`` (read from the log) and a stream served from a worker's in-memory
buffer that fetched the ideas before the moderator acted.
"""

import json
import time

import pytest

from participation.live.feed import get_hub
from participation.events.hub import EventRecord, Hub
from participation.live.views import Audience
from participation.moderation import services as moderation
from participation.voting.services import give_vote
from participation.workshops.services import update_workshop
from participation.workshops.wall_keys import ensure_wall_token

from helpers import make_participant, post_idea

SECRET = "Geheimer Hinweis: Bürgermeister ist ein Idiot"
BEFORE = "Radweg nach Meldorf, die Verwaltung schläft"
AFTER = "Radweg nach Meldorf"


@pytest.fixture
def live_app(app):
    app.config.update(LIVE_STREAM_LIFETIME=0.3, LIVE_HEARTBEAT=0.1, LIVE_POLL_INTERVAL=0.02, LIVE_BATCH_INTERVAL=0)
    return app


@pytest.fixture
def acted(live_app, workshop):
    """A hidden idea, a corrected one and a plain one; returns their ids."""
    anna = make_participant(workshop, "anna")
    hidden = post_idea(workshop, anna, SECRET)
    corrected = post_idea(workshop, anna, BEFORE)
    plain = post_idea(workshop, anna, "Bücherbus für Hemmingstedt")
    moderation.hide(hidden)
    moderation.fix_text(corrected, AFTER)
    return hidden.id, corrected.id, plain.id


def _sse(response):
    messages = []
    for block in response.get_data(as_text=True).split("\n\n"):
        for line in block.splitlines():
            if line.startswith("data: "):
                message = json.loads(line[6:])
                if message["kind"] not in ("hello", "ping"):
                    messages.append(message)
    return messages


def _ideas(messages):
    """Each idea's last state in the replay, or "removed"."""
    shown = {}
    for message in messages:
        if message["kind"] == "idea":
            shown[message["idea"]["id"]] = message["idea"]
        elif message["kind"] == "idea.removed":
            shown[message["id"]] = "removed"
    return shown


def _check_public(messages, ids):
    hidden, corrected, plain = ids
    body = json.dumps(messages, ensure_ascii=False)
    assert "Geheimer" not in body and "schläft" not in body
    shown = _ideas(messages)
    assert shown[hidden] == "removed"
    assert shown[corrected]["text"] == AFTER
    assert shown[plain]["text"] == "Bücherbus für Hemmingstedt"


def test_polling_from_the_start_shows_no_hidden_or_corrected_away_text(client, workshop, acted):
    body = client.get(f"/w/{workshop.code}/events.json?view=phone&after=0").get_json()
    _check_public(body["events"], acted)
    assert [event["seq"] for event in body["events"]] == list(range(1, body["latest"] + 1))  # no gap


def test_a_stream_reconnecting_from_zero_shows_no_hidden_or_corrected_away_text(client, workshop, acted):
    response = client.get(f"/w/{workshop.code}/events", headers={"Last-Event-ID": "0"})
    _check_public(_sse(response), acted)


def test_the_wall_replay_shows_no_hidden_text(client, workshop, acted):
    key = ensure_wall_token(workshop)
    body = client.get(f"/w/{workshop.code}/events.json?view=wall&key={key}&after=0").get_json()
    _check_public(body["events"], acted)
    stream = client.get(f"/w/{workshop.code}/events?view=wall&key={key}", headers={"Last-Event-ID": "0"})
    _check_public(_sse(stream), acted)


def test_moderators_still_see_hidden_ideas_in_a_replay(logged_in, workshop, acted):
    hidden, corrected, _ = acted
    body = logged_in.get(f"/w/{workshop.code}/events.json?view=moderation&after=0").get_json()
    shown = _ideas(body["events"])
    assert shown[hidden]["text"] == SECRET and shown[hidden]["status"] == "hidden"
    assert shown[corrected]["text"] == AFTER and shown[corrected]["edited"] is True


def test_a_batch_cut_leaves_no_old_text_in_either_part(client, workshop, acted):
    from participation.live import current as views  # the poll reads the log through catch_up

    original = views.events_since
    views.events_since = lambda workshop_id, after, limit=500: original(workshop_id, after, limit=2)
    try:
        events, after = [], 0
        while True:
            body = client.get(f"/w/{workshop.code}/events.json?after={after}").get_json()
            if not body["events"]:
                break
            events += body["events"]
            after = body["events"][-1]["seq"]
    finally:
        views.events_since = original
    _check_public(events, acted)


def test_a_spotlight_on_a_hidden_idea_is_not_replayed(client, workshop, live_app):
    idea = post_idea(workshop, make_participant(workshop, "anna"), SECRET)
    moderation.spotlight(workshop, idea)
    moderation.spotlight(workshop, None)
    moderation.hide(idea)
    key = ensure_wall_token(workshop)
    body = client.get(f"/w/{workshop.code}/events.json?view=wall&key={key}&after=0").get_json()
    assert "Geheimer" not in json.dumps(body, ensure_ascii=False)


def test_a_hidden_idea_merged_into_another_leaves_its_card(client, workshop, live_app):
    anna, ben = make_participant(workshop, "anna"), make_participant(workshop, "ben")
    target = post_idea(workshop, anna, "Mehr Busse nach Heide")
    source = post_idea(workshop, ben, SECRET)
    moderation.merge(source, target)
    moderation.hide(source)
    body = client.get(f"/w/{workshop.code}/events.json?after=0").get_json()
    assert "Geheimer" not in json.dumps(body, ensure_ascii=False)
    assert _ideas(body["events"])[target.id]["merged_texts"] == []


def test_switching_ideas_off_for_phones_holds_for_replays(client, workshop, live_app):
    update_workshop(workshop, show_ideas_to_attendees=True)  # the log says "on" before the idea
    post_idea(workshop, make_participant(workshop, "anna"), "Mitfahrbank in Lunden")
    update_workshop(workshop, show_ideas_to_attendees=False)
    body = client.get(f"/w/{workshop.code}/events.json?after=0").get_json()
    assert "Mitfahrbank" not in json.dumps(body, ensure_ascii=False)


def test_an_idea_with_many_dots_is_replayed_once(client, workshop, live_app):
    idea = post_idea(workshop, make_participant(workshop, "anna"), "Dorfladen in Albersdorf")
    for number in range(5):
        give_vote(make_participant(workshop, f"voter{number}"), idea)
    events = client.get(f"/w/{workshop.code}/events.json?after=0").get_json()["events"]
    ideas = [event for event in events if event["kind"] == "idea"]
    assert len(ideas) == 1 and ideas[0]["idea"]["votes"] == 5


def _wait_for(condition, timeout=20):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the hub did not catch up"
        time.sleep(0.02)


def test_a_worker_buffer_filled_before_the_moderator_acted_shows_no_old_text(live_app, client, workshop):
    """The buffer of a worker whose feeder fetched the ideas while they were public."""
    from participation.events.log import latest_seq

    start = latest_seq(workshop.id)
    hub = get_hub()
    hub.watch(workshop.id, start)  # another stream keeps the workshop's buffer
    try:
        anna = make_participant(workshop, "anna")
        hidden = post_idea(workshop, anna, SECRET)
        corrected = post_idea(workshop, anna, BEFORE)
        plain = post_idea(workshop, anna, "Bücherbus für Hemmingstedt")
        posted = latest_seq(workshop.id)
        _wait_for(lambda: hub._latest[workshop.id] >= posted)
        assert SECRET in [record.payload.get("idea", {}).get("text") for record in hub.wait(workshop.id, start, 0)]
        moderation.hide(hidden)
        moderation.fix_text(corrected, AFTER)
        acted = latest_seq(workshop.id)
        _wait_for(lambda: hub._latest[workshop.id] >= acted)
        assert hub.wait(workshop.id, start, 0)[0].seq == start + 1  # served from the buffer
        response = client.get(f"/w/{workshop.code}/events", headers={"Last-Event-ID": str(start)})
        _check_public(_sse(response), (hidden.id, corrected.id, plain.id))
    finally:
        hub.unwatch(workshop.id)


def test_a_newer_record_supersedes_the_buffered_one_about_the_same_idea():
    hub = Hub(fetch_since=lambda marks: [])
    hub.watch(1, current_seq=0)
    old = EventRecord(1, 1, "idea", {"idea": {"id": 7, "text": SECRET, "status": "visible", "merged_into_id": None}},
                      subject=("idea", 7))
    other = EventRecord(1, 2, "idea", {"idea": {"id": 8, "text": "Bus", "status": "visible", "merged_into_id": None}},
                        subject=("idea", 8))
    hub.deliver([old, other])
    phone = Audience("phone", True)
    assert SECRET in phone.render(old)  # rendered (and cached) while it was the news
    hub.deliver([EventRecord(1, 3, "idea.deleted", {"id": 7}, subject=("idea", 7))])
    replay = "".join(phone.render(record) for record in hub.wait(1, 0, timeout=0.1))
    assert SECRET not in replay and '"id": 8' in replay and "id: 1\n" in replay  # seq 1 stays, as noop
    hub.stop()


def test_superseding_survives_records_leaving_the_buffer():
    hub = Hub(fetch_since=lambda marks: [], buffer_size=3)
    hub.watch(1, current_seq=0)
    records = [EventRecord(1, seq, "idea", {}, subject=("idea", seq % 2)) for seq in range(1, 6)]
    hub.deliver(records)
    assert [(record.seq, record.superseded) for record in hub.wait(1, 2, timeout=0.1)] == [
        (3, True), (4, False), (5, False)]
    assert hub._subjects[1] == {("idea", 0): records[3], ("idea", 1): records[4]}  # nothing gone kept
    hub.stop()


def test_a_waiting_idea_merged_into_another_is_not_on_its_card(client, workshop, live_app):
    from participation.exports.snapshot import workshop_snapshot

    target = post_idea(workshop, make_participant(workshop, "anna"), "Mehr Busse nach Heide")
    update_workshop(workshop, premoderation=True)
    waiting = post_idea(workshop, make_participant(workshop, "ben"), SECRET)
    moderation.merge(waiting, target)
    body = client.get(f"/w/{workshop.code}/events.json?after=0").get_json()
    assert "Geheimer" not in json.dumps(body, ensure_ascii=False)
    assert "Geheimer" not in client.get(f"/j/{workshop.code}/ideas").get_data(as_text=True)
    row = next(idea for idea in workshop_snapshot(workshop, with_terms=False).ideas if idea.id == target.id)
    assert row.merged == ()
