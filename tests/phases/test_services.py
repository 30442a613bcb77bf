"""Moving through the run sheet (``phases.services``): steps start and end once, timers are
absolute server times, the dots are counted in secret until the reveal, each step keeps
its numbers. Time is a fake clock (``limits.clock``)."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation import limits
from participation.events.models import Event
from participation.extensions import db
from participation.ideas.done import done_counts, set_done
from participation.ideas.models import Idea, PENDING, VISIBLE
from participation.ideas.posting import posting_for, store_idea
from participation.ideas.rules import IdeaRejected
from participation.phases import services
from participation.phases.phase import phase_of
from participation.voting.services import cast_vote
from participation.workshops.models import RunStep

from helpers import FakeClock, make_participant


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(limits, "clock", fake)
    return fake


def _run(workshop):
    """The Dithmarschen default: collect question 1 (10 min), silent collect question 2
    (10 min, automatic), vote (5 min), result, closed."""
    first, second = (question.id for question in workshop.questions[:2])
    return services.replace_steps(workshop, [
        {"kind": "collect", "question_ids": [first], "duration_seconds": 600},
        {"kind": "silent", "question_ids": [second], "duration_seconds": 600, "auto_advance": True},
        {"kind": "vote", "duration_seconds": 300},
        {"kind": "result"},
        {"kind": "closed"},
    ])


def _post(workshop, participant, question, text, key):
    return store_idea(posting_for(workshop, participant, question.id), text, key)


def _phase_events(workshop):
    db.session.rollback()
    return db.session.scalar(select(func.count(Event.seq)).where(Event.workshop_id == workshop.id,
                                                                 Event.kind == "phase"))


def test_a_blank_run_sheet_changes_nothing(app, workshop, clock):
    anna = make_participant(workshop)
    state, created = _post(workshop, anna, workshop.questions[0], "WLAN im Bürgerhaus", "key-anna-0001")
    assert created and state["status"] == VISIBLE and state["votes"] == 0
    assert phase_of(workshop).kind == "open"


def test_steps_decide_what_may_be_posted_and_voted(app, workshop, clock):
    steps = _run(workshop)
    anna, ben = make_participant(workshop, "anna"), make_participant(workshop, "ben")
    first, second = workshop.questions[:2]
    assert services.next_step(workshop)  # step 1: collect question 1
    assert _post(workshop, anna, first, "Glasfaser für Hemmingstedt", "key-anna-0001")[1]
    with pytest.raises(IdeaRejected):
        _post(workshop, anna, second, "Nicht jetzt", "key-anna-0002")
    idea = db.session.get(Idea, db.session.scalar(select(func.max(Idea.id))))
    assert idea.step_id == steps[0].id
    outcome = cast_vote(workshop, ben, idea)
    assert outcome.rejection and "Punkten" in outcome.rejection

    assert services.next_step(workshop)  # step 2: silent collect question 2
    assert _post(workshop, ben, second, "Stilles Sammeln: Coworking in Meldorf", "key-ben-00001")[1]
    services.next_step(workshop)  # step 3: vote, counts hidden
    db.session.refresh(workshop)
    assert workshop.votes_hidden
    outcome = cast_vote(workshop, ben, idea)
    assert outcome.rejection is None and outcome.counts()["votes"] is None
    services.reveal_votes(workshop)
    db.session.refresh(workshop)
    assert not workshop.votes_hidden and cast_vote(workshop, ben, idea).counts()["votes"] == 1


def test_two_presses_of_next_move_on_once(app, workshop, clock):
    _run(workshop)
    services.next_step(workshop)
    current = workshop.current_step_id
    following = services.next_step_of(workshop)
    assert services.start_step(workshop, following, expected_current=current)
    assert not services.start_step(workshop, services.next_step_of(workshop), expected_current=current)
    db.session.refresh(workshop)
    assert workshop.current_step_id == following.id


def test_timers_are_absolute_server_times(app, workshop, clock):
    _run(workshop)
    services.next_step(workshop)
    assert phase_of(workshop).remaining() == 600
    clock.advance(100)
    assert phase_of(workshop).remaining() == 500
    services.pause_timer(workshop)
    clock.advance(1000)  # a long pause: nothing runs out
    assert phase_of(workshop).remaining() == 500
    services.resume_timer(workshop)
    services.change_timer(workshop, 60)
    clock.advance(10)
    assert phase_of(workshop).remaining() == 550
    services.change_timer(workshop, -600)
    assert phase_of(workshop).remaining() == 0


def test_an_automatic_step_moves_on_exactly_once(app, workshop, clock):
    steps = _run(workshop)
    services.start_step(workshop, steps[1])  # silent collect, automatic, 10 minutes
    anna = make_participant(workshop)
    _post(workshop, anna, workshop.questions[1], "Ideen in der Stille", "key-anna-0001")
    before = _phase_events(workshop)
    assert services.advance_due() == []
    clock.advance(601)
    assert services.advance_due() == [workshop.id]
    assert services.advance_due() == []  # a second process finds nothing left to do
    assert _phase_events(workshop) == before + 1
    db.session.refresh(workshop)
    vote = db.session.get(RunStep, steps[2].id)
    silent = db.session.get(RunStep, steps[1].id)
    assert workshop.current_step_id == vote.id and workshop.votes_hidden
    # the vote step starts when the silent one ended, not when the tick came
    assert vote.started_at == silent.ended_at == silent.started_at + timedelta(seconds=600)
    assert silent.record["ideas"] == 1 and silent.record["people"] == 1


def test_asking_for_a_workshops_phase_moves_on_only_that_workshop(app, client, workshop, moderator, clock):
    from participation.workshops.services import create_workshop

    other = create_workshop(moderator, "dithmarschen")
    steps, other_steps = _run(workshop), _run(other)
    services.start_step(workshop, steps[1])  # both silent, automatic, 10 minutes
    services.start_step(other, other_steps[1])
    clock.advance(601)
    assert services.advance_due(workshop_id=workshop.id) == [workshop.id]
    assert services.advance_due(workshop_id=workshop.id) == []
    # the page of the other workshop asks: it moves on, and the first one is not asked again
    response = client.get(f"/w/{other.code}/phase.json")
    assert response.status_code == 200 and response.json["phase"]["kind"] == "vote"
    db.session.rollback()
    assert db.session.get(type(other), other.id).current_step_id == other_steps[2].id
    assert services.advance_due() == []


def test_phase_json_leaves_other_workshops_to_the_ticker(app, client, workshop, moderator, clock):
    from participation.workshops.services import create_workshop

    other = create_workshop(moderator, "dithmarschen")
    _run(workshop)
    other_steps = _run(other)
    services.start_step(other, other_steps[1])  # silent, automatic, 10 minutes
    clock.advance(601)
    before = _phase_events(other)
    response = client.get(f"/w/{workshop.code}/phase.json")
    assert response.status_code == 200
    assert _phase_events(other) == before  # not this page's business
    assert services.advance_due() == [other.id]  # the ticker's


def test_the_ticker_learns_when_the_next_automatic_step_ends(app, workshop, moderator, clock):
    """``tick`` moves on what is due and says how long until the next automatic end, so a
    server process's ticker sleeps until then instead of asking every second."""
    from participation.runsheet.ticker import next_pause
    from participation.workshops.services import create_workshop

    assert services.tick() == ([], None)  # nothing timed anywhere
    other = create_workshop(moderator, "dithmarschen")
    steps, other_steps = _run(workshop), _run(other)
    services.start_step(workshop, steps[1])  # automatic: ends at 600 s
    clock.advance(200)
    services.start_step(other, other_steps[1])  # automatic: ends at 800 s
    clock.advance(100)
    moved, upcoming = services.tick()
    assert moved == [] and upcoming == pytest.approx(300)
    assert next_pause(moved, upcoming, 5.0) == 5.0  # looks around again before that
    clock.advance(299.98)
    moved, upcoming = services.tick()
    assert next_pause(moved, upcoming, 5.0) == pytest.approx(0.05)  # wakes right at the end
    clock.advance(0.02)
    moved, upcoming = services.tick()
    assert moved == [workshop.id] and upcoming == pytest.approx(200)
    assert next_pause(moved, upcoming, 5.0) == 1.0  # soon again: the next step may be automatic too
    db.session.rollback()
    assert db.session.get(type(workshop), workshop.id).current_step_id == steps[2].id
    assert services.tick() == ([], pytest.approx(200))  # a step ends once


def test_late_posts_wait_for_approval_within_the_grace(app, workshop, clock):
    steps = _run(workshop)
    services.start_step(workshop, steps[1])  # automatic: ends at 600 s
    anna = make_participant(workshop)
    question = workshop.questions[1]
    clock.advance(620)  # 20 s after the end, no tick yet
    state, created = _post(workshop, anna, question, "Kurz nach Schluss abgeschickt", "key-anna-0001")
    assert created and state["status"] == PENDING and state["late"]
    services.advance_due()
    clock.advance(25)  # 45 s after the end, the tick moved on: still in the grace
    state, _created = _post(workshop, anna, question, "Noch in der Nachfrist", "key-anna-0002")
    assert state["status"] == PENDING and state["late"]
    clock.advance(45)  # 90 s after the end
    with pytest.raises(IdeaRejected) as refused:
        _post(workshop, anna, question, "Viel zu spät", "key-anna-0003")
    assert refused.value.field is None and "bleibt im Feld" in refused.value.message


def test_ich_bin_fertig_counts_people_once_and_can_be_taken_back(app, workshop, clock):
    steps = _run(workshop)
    anna, ben = make_participant(workshop, "anna"), make_participant(workshop, "ben")
    assert not set_done(workshop, anna, True)  # no collecting step runs
    services.start_step(workshop, steps[0])
    assert set_done(workshop, anna, True) and set_done(workshop, anna, True)
    assert done_counts(workshop) == {"step_id": steps[0].id, "done": 1, "present": 2}
    set_done(workshop, ben, True)
    set_done(workshop, anna, False)
    assert done_counts(workshop)["done"] == 1
    services.next_step(workshop)  # a new step: nobody is done with it yet
    db.session.refresh(workshop)
    assert done_counts(workshop)["done"] == 0
    assert db.session.get(RunStep, steps[0].id).record["done"] == 1


def test_the_payload_carries_times_as_epoch_milliseconds(app, workshop, clock):
    steps = _run(workshop)
    services.start_step(workshop, steps[0])
    payload = services.phase_payload(workshop)
    assert payload["kind"] == "collect" and payload["step"]["position"] == 1 and payload["step"]["count"] == 5
    assert payload["step"]["ends_at"] - payload["step"]["started_at"] == 600_000
    assert payload["next"]["kind"] == "silent"


def test_steps_are_checked_with_friendly_messages(app, workshop):
    with pytest.raises(services.StepInvalid) as invalid:
        services.add_step(workshop, "dance")
    assert invalid.value.field == "kind"
    with pytest.raises(services.StepInvalid):
        services.add_step(workshop, "collect", duration_seconds=0)
    with pytest.raises(services.StepInvalid):
        services.add_step(workshop, "collect", question_ids=[999999])
    step = services.add_step(workshop, "collect", duration_seconds=300)
    services.start_step(workshop, step)
    with pytest.raises(services.StepInvalid):
        services.delete_step(step)
