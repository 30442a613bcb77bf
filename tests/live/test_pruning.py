"""The event log is pruned; a client that was away longer than the log reaches gets a
clean "reload", never a silent gap (issue 23: nothing unbounded)."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.core.timeutil import utcnow
from participation.database import write_transaction
from participation.events.log import latest_seq, record_event
from participation.events.models import Event
from participation.events.prune import prune_events
from participation.extensions import db
from participation.ideas.models import Participant
from participation.ideas.services import submit_idea
from participation.live.current import catch_up
from participation.ops.retention import prune_event_log, sweep
from participation.runsheet.remote_views import qr_on_wall

LATER = timedelta(days=2)  # the fake clock of a pruning run: every event so far is old


@pytest.fixture(autouse=True)
def many_ideas_per_person(app):
    app.config["IDEA_RATE_LIMIT"] = 10_000


@pytest.fixture
def live_app(app):
    app.config.update(LIVE_STREAM_LIFETIME=0.6, LIVE_HEARTBEAT=0.2, LIVE_POLL_INTERVAL=0.05)
    return app


def _ideas(workshop, count, name="anna"):
    with write_transaction() as session:
        participant = Participant(workshop_id=workshop.id, token_hash=name.ljust(64, "0"), nickname=name)
        session.add(participant)
    for number in range(count):
        submit_idea(workshop, participant, workshop.questions[0].id, f"Idee {name} {number}", f"k-{name}-{number:04d}")
    return participant


def _seqs(workshop):
    return db.session.scalars(select(Event.seq).where(Event.workshop_id == workshop.id).order_by(Event.seq)).all()


def _sse(response):
    messages = []
    for block in response.get_data(as_text=True).split("\n\n"):
        event_id, data = None, None
        for line in block.splitlines():
            if line.startswith("id: "):
                event_id = int(line[4:])
            elif line.startswith("data: "):
                data = json.loads(line[6:])
        if data is not None and data.get("kind") not in ("ping", "hello"):
            messages.append((event_id, data))
    return messages


def test_pruning_keeps_the_newest_events_and_the_young_ones(app, workshop):
    _ideas(workshop, 30)
    latest = latest_seq(workshop.id)
    assert prune_events(10, now=utcnow()) == 0  # everything is younger than a day
    assert prune_events(10, now=utcnow() + LATER) == latest - 10
    assert _seqs(workshop) == list(range(latest - 9, latest + 1))
    assert prune_events(10, now=utcnow() + LATER) == 0  # nothing more to do


def test_pruning_touches_only_the_workshops_over_their_budget(app, moderator, workshop):
    from participation.workshops.services import create_workshop

    other = create_workshop(moderator, "dithmarschen")
    _ideas(workshop, 12)
    before = _seqs(other)
    prune_events(5, now=utcnow() + LATER)
    assert _seqs(other) == before[-5:]
    assert len(_seqs(workshop)) == 5


def test_pruning_keeps_the_newest_qr_event(app, workshop):
    with write_transaction() as session:
        record_event(session, workshop.id, "qr", {"show": True})
    _ideas(workshop, 20)
    prune_events(5, now=utcnow() + LATER)
    assert qr_on_wall(workshop)  # the wall still shows the code full screen


def test_a_hole_behind_the_kept_qr_event_is_a_hole_too(app, workshop):
    """The kept ``qr`` event stands alone before the pruned stretch: a client just before
    it must get "reload", not the qr event and then a silent jump to the newest events."""
    _ideas(workshop, 3)
    with write_transaction() as session:
        record_event(session, workshop.id, "qr", {"show": True})
    qr_seq = latest_seq(workshop.id)
    _ideas(workshop, 20, name="bert")
    prune_events(5, now=utcnow() + LATER)
    assert qr_seq in _seqs(workshop) and qr_seq + 1 not in _seqs(workshop)
    assert catch_up(workshop.id, qr_seq - 1) == ([], True)
    assert catch_up(workshop.id, qr_seq) == ([], True)  # after the qr event: the same hole
    newest = latest_seq(workshop.id)
    records, reload = catch_up(workshop.id, newest - 2)
    assert not reload and len(records) == 2  # within the kept stretch: exact events


def test_the_retention_sweep_prunes_as_configured(app, workshop):
    app.config.update(EVENT_LOG_KEEP=8, EVENT_LOG_KEEP_HOURS=24)
    _ideas(workshop, 20)
    assert prune_event_log(now=utcnow()) == 0
    assert prune_event_log(now=utcnow() + LATER) > 0
    assert len(_seqs(workshop)) == 8
    sweep()  # the sweep includes it (nothing left to prune)
    assert len(_seqs(workshop)) == 8


def test_catch_up_after_pruning(app, workshop):
    _ideas(workshop, 20)
    latest = latest_seq(workshop.id)
    prune_events(5, now=utcnow() + LATER)
    first_kept = latest - 4
    records, reload = catch_up(workshop.id, 1)
    assert reload and records == []
    records, reload = catch_up(workshop.id, first_kept - 1)  # missed nothing that was pruned
    assert not reload and [record.seq for record in records] == list(range(first_kept, latest + 1))
    records, reload = catch_up(workshop.id, first_kept - 2)  # one pruned event missed
    assert reload
    assert catch_up(workshop.id, latest) == ([], False)
    records, reload = catch_up(workshop.id, 0)  # no position: what the log has, no reload
    assert not reload and records[0].seq == first_kept


def test_catch_up_with_the_latest_sees_a_log_pruned_to_nothing_after_the_client(app, workshop):
    _ideas(workshop, 3)
    latest = latest_seq(workshop.id)
    with write_transaction() as session:
        session.execute(Event.__table__.delete().where(Event.workshop_id == workshop.id))
    assert catch_up(workshop.id, 1, latest=latest) == ([], True)
    assert catch_up(workshop.id, latest, latest=latest) == ([], False)


def test_a_poll_from_a_pruned_position_gets_a_reload(live_app, client, workshop):
    _ideas(workshop, 20)
    latest = latest_seq(workshop.id)
    prune_events(5, now=utcnow() + LATER)
    body = client.get(f"/w/{workshop.code}/events.json?after=3").get_json()
    assert body["events"] == [{"seq": latest, "kind": "reload"}]
    assert body["latest"] == latest
    # a recent position: the exact events, no gap
    body = client.get(f"/w/{workshop.code}/events.json?after={latest - 3}").get_json()
    assert [event["seq"] for event in body["events"]] == [latest - 2, latest - 1, latest]
    assert all(event["kind"] == "idea" for event in body["events"])
    # after the reload the page asks from the latest on: nothing, and no reload again
    assert client.get(f"/w/{workshop.code}/events.json?after={latest}").get_json()["events"] == []


def test_a_stream_reconnecting_with_an_old_last_event_id_gets_a_reload(live_app, client, workshop):
    _ideas(workshop, 20)
    latest = latest_seq(workshop.id)
    prune_events(5, now=utcnow() + LATER)
    response = client.get(f"/w/{workshop.code}/events", headers={"Last-Event-ID": "3"})
    assert _sse(response) == [(latest, {"seq": latest, "kind": "reload"})]
    response = client.get(f"/w/{workshop.code}/events", headers={"Last-Event-ID": str(latest - 2)})
    assert [event_id for event_id, _ in _sse(response)] == [latest - 1, latest]


def test_a_group_wall_stream_gets_the_reload_too(live_app, logged_in, workshop):
    from participation.groups.services import add_groups

    add_groups(workshop, 1)
    _ideas(workshop, 20)
    latest = latest_seq(workshop.id)
    prune_events(5, now=utcnow() + LATER)
    response = logged_in.get(f"/w/{workshop.code}/gruppe/1/events", headers={"Last-Event-ID": "2"})
    assert _sse(response) == [(latest, {"seq": latest, "kind": "reload"})]
    body = logged_in.get(f"/w/{workshop.code}/gruppe/1/poll?after=2").get_json()
    assert body["events"] == [{"seq": latest, "kind": "reload"}]


def test_a_fresh_page_after_pruning_gets_no_reload(live_app, client, workshop):
    _ideas(workshop, 20)
    prune_events(5, now=utcnow() + LATER)
    from participation.workshops.wall_keys import ensure_wall_token

    key = ensure_wall_token(workshop)
    page = client.get(f"/w/{workshop.code}/wall?key={key}").get_data(as_text=True)
    seq = int(page.split('data-seq="', 1)[1].split('"', 1)[0])
    assert seq == latest_seq(workshop.id)
    body = client.get(f"/w/{workshop.code}/events.json?view=wall&key={key}&after={seq}").get_json()
    assert body["events"] == []
    stream = client.get(f"/w/{workshop.code}/events?view=wall&key={key}&after={seq}")
    assert _sse(stream) == []
    # a client without any position (after 0, no Last-Event-ID) is not sent round in circles
    body = client.get(f"/w/{workshop.code}/events.json").get_json()
    assert all(event["kind"] != "reload" for event in body["events"])
    assert db.session.scalar(select(func.count()).select_from(Event)) >= 5
