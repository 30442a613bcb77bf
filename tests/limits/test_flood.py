"""Limits hold for new participants: a script that drops its cookies cannot fill the wall or
stuff dots, and a hall of phones behind one venue address joins untouched.

Time is a fake clock (``participation.limits.clock``): every limit, participant and idea
reads it, so a minute passes without waiting.
"""

import pytest
from sqlalchemy import func, select

from participation import limits
from participation.extensions import db
from participation.ideas.models import PENDING, VISIBLE, Idea, Participant, Vote
from participation.limits.admission import MemoryBuckets

from helpers import FakeClock, csrf_token, make_participant, post_idea, redis_test_url

START = 1_800_000_000.0  # on a minute's boundary
VENUE = {"REMOTE_ADDR": "192.0.2.10"}  # the one public address of a hall


@pytest.fixture(autouse=True)
def no_analysis(monkeypatch):
    """Hundreds of posts: the analysis (run in the request in tests) is not what is tested."""
    monkeypatch.setattr("participation.fields.runner.run_analysis", lambda workshop, **options: None)


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock(START)
    monkeypatch.setattr(limits, "clock", fake)
    return fake


def _counts(workshop):
    db.session.rollback()
    rows = db.session.execute(
        select(Idea.status, func.count(Idea.id)).where(Idea.workshop_id == workshop.id).group_by(Idea.status))
    return dict(rows.all())


def _participants(workshop):
    db.session.rollback()
    return db.session.scalar(select(func.count(Participant.id)).where(Participant.workshop_id == workshop.id))


def _api_post(client, token, workshop, number):
    return client.post(f"/api/workshops/{workshop.code}/ideas", headers={"X-CSRFToken": token}, environ_base=VENUE,
                       json={"question_id": workshop.questions[0].id, "text": f"Flut-Idee Nummer {number}",
                             "idempotency_key": f"flood-key-{number:05d}"})


def _form_post(client, token, workshop, number):
    return client.post(f"/j/{workshop.code}/ideas", environ_base=VENUE,
                       data={"question_id": workshop.questions[0].id, "text": f"Flut-Idee Nummer {number}",
                             "idempotency_key": f"flood-key-{number:05d}", "csrf_token": token})


def _drop_participant_cookie(client, app):
    client.delete_cookie(app.config["PARTICIPANT_COOKIE"])


# --- the flood of the issue: posts without the participant cookie ------------------------------


def test_a_loop_dropping_the_participant_cookie_is_stopped_by_its_session(app, client, workshop, clock):
    """The issue's script: one session (its CSRF token), no participant cookie, 100 posts."""
    token = csrf_token(client)
    statuses = []
    for number in range(100):
        _drop_participant_cookie(client, app)
        statuses.append(_form_post(client, token, workshop, number).status_code)
        clock.advance(1 / 94)  # 1,500 posts in 16 s
    allowed = app.config["PARTICIPANTS_PER_SESSION"]
    assert statuses[:allowed] == [302] * allowed
    assert set(statuses[allowed:]) == {429}
    assert _participants(workshop) == allowed
    assert _counts(workshop) == {VISIBLE: allowed}


def test_a_refused_post_keeps_the_text_and_says_when_to_try_again(app, client, workshop, clock):
    token = csrf_token(client)
    for number in range(app.config["PARTICIPANTS_PER_SESSION"]):
        _drop_participant_cookie(client, app)
        _form_post(client, token, workshop, number)
    _drop_participant_cookie(client, app)
    response = _form_post(client, token, workshop, 999)
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Flut-Idee Nummer 999" in html  # still in the field
    assert "Von diesem Browser aus wurden in kurzer Zeit sehr viele Teilnahmen angelegt" in html
    assert app.config["PARTICIPANT_COOKIE"] + "=" not in response.headers.get("Set-Cookie", "")


def test_a_loop_dropping_every_cookie_puts_few_ideas_on_the_wall_and_loses_none(app, workshop, clock):
    """No cookies at all: a fresh session for every post, all from one address at 94 posts a second."""
    answers = []
    for number in range(300):
        client = app.test_client()
        answers.append(_api_post(client, csrf_token(client), workshop, number))
        clock.advance(1 / 94)
    stored = [answer for answer in answers if answer.status_code == 201]
    refused = [answer for answer in answers if answer.status_code == 429]
    assert len(stored) + len(refused) == 300
    assert all(answer.headers["Retry-After"] == "1" for answer in refused)
    counts = _counts(workshop)
    # The first joins of the burst go on the wall (30, and the 3 the bucket refills while
    # they come: 30 / (1 - 10/94)); the rest of the bucket is held.
    assert counts[VISIBLE] <= 34
    assert counts[VISIBLE] + counts[PENDING] == len(stored)  # every stored idea is kept
    # The bucket (60 at once, 10 a second for the 3.2 s of the loop) bounds the participants.
    assert len(stored) == _participants(workshop) <= app.config["PARTICIPANT_BURST"] + 33
    held = db.session.scalar(select(func.count(Participant.id)).where(Participant.held))
    assert held == counts[PENDING]


def test_a_loop_paced_under_the_bucket_still_fills_the_wall_only_slowly(app, workshop, clock):
    """Five fresh participants a second (the bucket never empties): their instant posts go
    on the wall 40 a minute, the rest wait for approval."""
    for number in range(120):
        client = app.test_client()
        assert _api_post(client, csrf_token(client), workshop, number).status_code == 201
        clock.advance(0.2)
    counts = _counts(workshop)
    assert counts[VISIBLE] <= 2 * app.config["INSTANT_POSTS_PER_MINUTE"]  # 24 s: at most two windows
    assert counts[VISIBLE] + counts[PENDING] == 120
    assert db.session.scalar(select(func.count(Participant.id)).where(Participant.held)) == 0


def test_a_participant_posting_later_is_no_instant_post(app, workshop, clock):
    """A person joins, reads and types: their ideas go on the wall however many arrive at once."""
    app.config.update(INSTANT_POSTS_PER_MINUTE=2)
    phones = []
    for _number in range(6):
        client = app.test_client()
        token = csrf_token(client)
        assert client.post(f"/j/{workshop.code}", data={"csrf_token": token}, environ_base=VENUE).status_code == 302
        phones.append((client, token))
    clock.advance(app.config["INSTANT_POST_SECONDS"])
    for number, (client, token) in enumerate(phones):
        assert _form_post(client, token, workshop, number).status_code == 302
    assert _counts(workshop) == {VISIBLE: 6}


# --- a hall of phones behind one address ------------------------------------------------------


def test_a_hall_of_500_phones_behind_one_address_joins_and_posts_untouched(app, workshop, clock):
    """500 phones behind the venue's one address join within a minute (bench/load.py's
    pace; a real hall takes a few), then post; nobody is refused, held or pre-moderated."""
    phones = []
    for _number in range(500):
        client = app.test_client()
        token = csrf_token(client)
        response = client.post(f"/j/{workshop.code}", data={"nickname": "", "csrf_token": token}, environ_base=VENUE)
        assert response.status_code == 302
        phones.append((client, token))
        clock.advance(60 / 500)
    assert _participants(workshop) == 500
    assert db.session.scalar(select(func.count(Participant.id)).where(Participant.held)) == 0
    clock.advance(20)
    for number, (client, token) in enumerate(phones[::10]):  # a first idea from every tenth phone
        assert _form_post(client, token, workshop, number).status_code == 302
        clock.advance(0.4)  # the hall's 2.5 ideas a second
    assert _counts(workshop) == {VISIBLE: 50}


def test_another_address_has_a_bucket_of_its_own(app, workshop, clock):
    app.config.update(PARTICIPANT_BURST=2, PARTICIPANT_HOLD_AFTER=2)
    statuses = []
    for address in ["192.0.2.10"] * 3 + ["198.51.100.7"]:
        client = app.test_client()
        token = csrf_token(client)
        statuses.append(client.post(f"/j/{workshop.code}", data={"csrf_token": token},
                                    environ_base={"REMOTE_ADDR": address}).status_code)
    assert statuses == [302, 302, 429, 302]


# --- dot stuffing ---------------------------------------------------------------------------------


def _stuffing_idea(app, workshop, clock):
    author = make_participant(workshop, "autorin")
    idea = post_idea(workshop, author, "Radweg von Heide nach Wesseln")
    clock.advance(3600)
    return idea


def _votes(idea):
    db.session.rollback()
    return db.session.scalar(select(func.count(Vote.id)).where(Vote.idea_id == idea.id))


def test_forty_joins_without_cookies_add_only_a_few_dots(app, workshop, clock):
    idea = _stuffing_idea(app, workshop, clock)
    answers = []
    for _number in range(40):
        client = app.test_client()
        token = csrf_token(client)
        client.post(f"/j/{workshop.code}", data={"csrf_token": token}, environ_base=VENUE)
        answers.append(client.post(f"/api/workshops/{workshop.code}/ideas/{idea.id}/vote",
                                   headers={"X-CSRFToken": token}, environ_base=VENUE))
        clock.advance(0.1)
    assert _votes(idea) == app.config["NEW_PARTICIPANT_DOTS_PER_IDEA"]
    refused = [answer for answer in answers if answer.status_code == 409]
    assert refused and "eben erst beigetretenen" in refused[0].get_json()["message"]


def test_forty_joins_of_one_session_add_even_fewer(app, client, workshop, clock):
    idea = _stuffing_idea(app, workshop, clock)
    token = csrf_token(client)
    for _number in range(40):
        _drop_participant_cookie(client, app)
        client.post(f"/j/{workshop.code}", data={"csrf_token": token}, environ_base=VENUE)
        client.post(f"/j/{workshop.code}/ideas/{idea.id}/vote", data={"csrf_token": token}, environ_base=VENUE)
    assert _votes(idea) <= app.config["PARTICIPANTS_PER_SESSION"]


def test_people_who_joined_a_while_ago_vote_as_many_as_they_like(app, workshop, clock):
    idea = _stuffing_idea(app, workshop, clock)
    phones = []
    for _number in range(12):
        client = app.test_client()
        token = csrf_token(client)
        client.post(f"/j/{workshop.code}", data={"csrf_token": token}, environ_base=VENUE)
        phones.append((client, token))
    clock.advance(app.config["NEW_PARTICIPANT_SECONDS"])
    for client, token in phones:
        response = client.post(f"/api/workshops/{workshop.code}/ideas/{idea.id}/vote",
                               headers={"X-CSRFToken": token}, environ_base=VENUE)
        assert response.status_code == 200
    assert _votes(idea) == 12


def test_held_participants_ideas_wait_and_their_dots_are_capped_however_old(app, workshop, clock):
    app.config.update(PARTICIPANT_HOLD_AFTER=0)  # every new participant is held
    idea = _stuffing_idea(app, workshop, clock)
    client = app.test_client()
    token = csrf_token(client)
    assert _form_post(client, token, workshop, 1).status_code == 302
    db.session.rollback()
    assert db.session.scalar(select(Idea.status).where(Idea.text == "Flut-Idee Nummer 1")) == PENDING
    clock.advance(3600)
    app.config.update(NEW_PARTICIPANT_DOTS_PER_IDEA=0)
    response = client.post(f"/api/workshops/{workshop.code}/ideas/{idea.id}/vote", headers={"X-CSRFToken": token},
                           environ_base=VENUE)
    assert response.status_code == 409
    assert _votes(idea) == 0


# --- the bucket itself ------------------------------------------------------------------------------


def test_the_bucket_gives_its_burst_at_once_and_then_refills():
    buckets = MemoryBuckets()
    taken = [buckets.take("a", 0, 100, 6 * 100) for _ in range(7)]
    assert [allowed for allowed, _ in taken] == [True] * 6 + [False]
    assert [backlog for _, backlog in taken[:6]] == [100, 200, 300, 400, 500, 600]
    assert buckets.take("a", 100, 100, 600) == (True, 600)  # a tenth of a second: one more
    assert buckets.take("b", 100, 100, 600) == (True, 100)  # another address
    assert buckets.take("a", 10_000, 100, 600) == (True, 100)  # full again


def test_the_bucket_in_redis_is_shared_and_stores_no_address(app, clock, monkeypatch):
    import redis

    from participation.limits import admission

    client = redis.Redis.from_url(redis_test_url(15))
    client.flushdb()
    try:
        app.extensions["participation_redis_client"] = client
        app.config.update(PARTICIPANT_BURST=3)
        with app.test_request_context(environ_base={"REMOTE_ADDR": "192.0.2.10"}):
            assert [admission._take(admission.address_key(), 1000, 100, 300)[0] for _ in range(4)] == [
                True, True, True, False]
        assert "participation_join_buckets" not in app.extensions  # not counted in memory
        keys = client.keys("*")
        assert len(keys) == 1 and b"192.0.2" not in keys[0]
        assert 0 < client.pttl(keys[0]) <= 1300
    finally:
        app.extensions.pop("participation_redis_client", None)
        client.flushdb()
        client.close()
