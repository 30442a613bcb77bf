"""The paged idea list while several threads post at once (issue 23): one walk through the
pages, started before the posting and continued until after it, lists every idea exactly once.

A post is slow in a way that made the old order ``(created_at, id)`` skip it: its time
(and on PostgreSQL its id, from a sequence) is taken before it commits, so ideas posted
after it can commit first, be listed, and hand out a cursor past the place where it then
appears. The tests make that interleaving certain instead of hoping for it: the slow post
runs in an app of its own (another worker process) and is held at a hook while other
threads post and the client pages past it; only then is it let go.

* held between taking its time and writing (both databases), and
* held between its INSERT and its COMMIT (PostgreSQL; on SQLite the writer holds the
  database's write lock then, so nobody else can commit meanwhile).
"""

import threading
import time

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from participation import create_app
from participation.extensions import db
from participation.ideas import posting
from participation.ideas.models import Participant
from participation.ideas.services import submit_idea
from participation.workshops.models import Workshop

from helpers import make_participant

SLOW = "Die langsame Idee"
POSTERS, PER_POSTER, LIMIT = 3, 8, 3
WAIT = 60  # seconds: generous on a loaded machine; only a hang reaches it


class Gate:
    """Holds the slow post at a hook until the test lets it go."""

    def __init__(self):
        self.held = threading.Event()
        self.release = threading.Event()

    def hold(self):
        self.held.set()
        assert self.release.wait(WAIT), "the test never let the slow post go"


def _post_all(app, workshop_id, participant_id, texts, errors):
    try:
        with app.app_context():
            workshop = db.session.get(Workshop, workshop_id)
            participant = db.session.get(Participant, participant_id)
            question_id = workshop.questions[0].id
            for text in texts:
                submit_idea(workshop, participant, question_id, text, f"key-{text}")
            db.session.remove()
    except BaseException as error:  # reported by the test's thread
        errors.append(error)


class Walk:
    """One client's walk through the pages with a small ``limit``: it follows ``next``;
    at the end it asks for the last page again (the same cursor: the same place) until
    it has done so once after posting stopped. A page asked again replaces its answer."""

    def __init__(self, client, code):
        self.client, self.code = client, code
        self.pages = {}  # cursor (None: the first page) -> the ids listed on it, in walk order
        self.cursor = None
        self.requests = 0

    def step(self):
        """Ask for the next page (or the last one again); True when at the end."""
        url = f"/api/workshops/{self.code}/ideas?limit={LIMIT}"
        if self.cursor is not None:
            url += f"&cursor={self.cursor}"
        response = self.client.get(url)
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        self.requests += 1
        assert self.requests < 5000, "the walk never reached the end"
        self.pages[self.cursor] = [idea["id"] for idea in body["ideas"]]
        if body["next_cursor"] is None:
            time.sleep(0.02)  # at the end for now: a moment for the posters before asking again
            return True
        self.cursor = body["next_cursor"]
        return False

    def to_the_end(self):
        while not self.step():
            pass

    @property
    def listed(self):
        return [idea_id for ids in self.pages.values() for idea_id in ids]


def _slow_app(app):
    """A second app on the same database: another worker process, with a writer of its own."""
    other = create_app({key: app.config[key] for key in (
        "TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "ANALYSIS_IN_BACKGROUND", "RUN_SHEET_TICK_SECONDS")})
    other.config.update(IDEA_RATE_LIMIT=10_000, INSTANT_POST_SECONDS=0)
    return other


def _dispose(other):
    with other.app_context():
        hub = other.extensions.get("participation_hub")
        if hub is not None:
            hub.stop(wait=5)
        db.session.remove()
        db.engine.dispose()


def _run(app, client, workshop, gate):
    """Posts and pages as described above; returns (the walk, ids of every idea posted)."""
    # no limits in the way; and no instant-post counting: its row (one per workshop) would
    # make the other posts wait for the held one's commit
    app.config.update(IDEA_RATE_LIMIT=10_000, INSTANT_POST_SECONDS=0)
    early = make_participant(workshop, "early")
    for number in range(5):
        submit_idea(workshop, early, workshop.questions[0].id, f"Frühe Idee {number}", f"early-{number}")
    slow_one = make_participant(workshop, "langsam")
    posters = [make_participant(workshop, f"poster{number}") for number in range(POSTERS)]
    workshop_id, code, slow_id = workshop.id, workshop.code, slow_one.id
    poster_ids = [poster.id for poster in posters]
    db.session.remove()

    walk = Walk(client, code)
    assert not walk.step()  # the walk starts before anyone posts: 3 of the 5 early ideas

    errors = []
    other = _slow_app(app)
    try:
        slow = threading.Thread(target=_post_all, args=(other, workshop_id, slow_id, [SLOW], errors))
        slow.start()
        assert gate.held.wait(WAIT), f"the slow post never reached its hook: {errors}"
        threads = [threading.Thread(target=_post_all, args=(
            app, workshop_id, poster_id, [f"Idee {number}.{index}" for index in range(PER_POSTER)], errors))
            for number, poster_id in enumerate(poster_ids)]
        for thread in threads:
            thread.start()
        # page on while they post, until the walk has paged past an idea posted after the slow
        # one's hook (in the old order every one of them sorted after the slow one)
        while not _paged_past_one_posted_after_the_hold(walk):
            if walk.step():
                assert any(thread.is_alive() for thread in threads) or _paged_past_one_posted_after_the_hold(walk)
        gate.release.set()
        slow.join(WAIT)
        for thread in threads:
            thread.join(WAIT)
        assert not slow.is_alive() and not any(thread.is_alive() for thread in threads)
        assert not errors, errors
        walk.to_the_end()  # posting has stopped: to the end, asking the last page again
        walk.to_the_end()  # (twice: at the end already; nothing changes)
    finally:
        gate.release.set()
        _dispose(other)
    with app.app_context():
        from participation.ideas.models import Idea
        posted = db.session.scalars(db.select(Idea).where(Idea.workshop_id == workshop_id)).all()
        slow_ids = [idea.id for idea in posted if idea.text == SLOW]
        # each stamped with its event's seq as it committed (the place the API lists it at)
        assert all(idea.posted_seq for idea in posted), [(idea.id, idea.posted_seq) for idea in posted]
        return walk, sorted(idea.id for idea in posted), slow_ids


def _paged_past_one_posted_after_the_hold(walk):
    """Whether a page before the one the walk is at lists an idea of the other posters."""
    with walk.client.application.app_context():
        from participation.ideas.models import Idea
        listed = [idea_id for cursor, ids in walk.pages.items() if cursor != walk.cursor for idea_id in ids]
        if not listed:
            return False
        return db.session.scalar(db.select(db.func.count(Idea.id)).where(
            Idea.id.in_(listed), Idea.text.like("Idee %"))) > 0


def _assert_exactly_once(walk, posted, slow_ids):
    listed = walk.listed
    twice = sorted({idea_id for idea_id in listed if listed.count(idea_id) > 1})
    assert not twice, f"listed twice: {twice}"
    assert len(posted) == 5 + 1 + POSTERS * PER_POSTER
    missing = sorted(set(posted) - set(listed))
    assert not missing, f"never listed: {missing} (the slow one: {slow_ids})"
    assert sorted(listed) == posted


def test_a_post_slow_to_take_the_write_lock_is_listed_once(app, client, workshop, monkeypatch):
    """Held after its time was taken and before it writes: ideas posted later commit first."""
    gate = Gate()
    real_writer = posting._writer

    class HoldingWriter:
        def __init__(self, writer):
            self.writer = writer

        def write(self, job):
            if job[1]["text"] == SLOW:
                gate.hold()
            return self.writer.write(job)

    monkeypatch.setattr(posting, "_writer", lambda: HoldingWriter(real_writer()))
    walk, posted, slow_ids = _run(app, client, workshop, gate)
    _assert_exactly_once(walk, posted, slow_ids)


def test_a_post_slow_to_commit_is_listed_once(app, client, workshop):
    """Held between its INSERT (its id is taken from the sequence) and its COMMIT."""
    if db.engine.dialect.name == "sqlite":
        pytest.skip("on SQLite a writer between INSERT and COMMIT holds the write lock: nobody commits past it")
    gate = Gate()

    def hold_the_slow_post(session):
        queued = session.info.get("participation_live_queued") or []
        if any(payload["idea"]["text"] == SLOW for item in queued if item[1] == "idea" for payload in item[2]):
            gate.hold()

    # before the event log's own hook, which numbers the events and (PostgreSQL) commits
    sa_event.listen(Session, "before_commit", hold_the_slow_post, insert=True)
    try:
        walk, posted, slow_ids = _run(app, client, workshop, gate)
    finally:
        sa_event.remove(Session, "before_commit", hold_the_slow_post)
    _assert_exactly_once(walk, posted, slow_ids)


def test_posts_are_listed_in_commit_order_and_an_edit_keeps_the_place(app, client, workshop):
    """Each post gets the seq of its event; an edit announces the idea again but does not
    move it (a walk would list it twice)."""
    from participation.ideas.services import edit_idea

    app.config.update(IDEA_RATE_LIMIT=10_000, INSTANT_POST_SECONDS=0)
    anna = make_participant(workshop, "anna")
    ideas = [submit_idea(workshop, anna, workshop.questions[0].id, f"Idee {number}", f"k-{number}")[0]
             for number in range(3)]
    seqs = [idea.posted_seq for idea in ideas]
    assert seqs == sorted(seqs) and len(set(seqs)) == 3 and seqs[0] > 0
    edit_idea(ideas[0], "Idee 0, besser gesagt")
    db.session.refresh(ideas[0])
    assert ideas[0].posted_seq == seqs[0]
    body = client.get(f"/api/workshops/{workshop.code}/ideas").get_json()
    assert [idea["id"] for idea in body["ideas"]] == [idea.id for idea in ideas]


def test_typed_in_cards_are_listed_after_what_was_posted_before(app, client, workshop):
    """Cards typed in (and rows imported into a running workshop) are posts too: stamped as
    they commit, listed after the ideas before them."""
    from participation.ideas.cards import Card, add_cards

    app.config.update(IDEA_RATE_LIMIT=10_000, INSTANT_POST_SECONDS=0)
    anna = make_participant(workshop, "anna")
    first, _ = submit_idea(workshop, anna, workshop.questions[0].id, "Vom Telefon", "k-phone")
    states, _ = add_cards(workshop, workshop.questions[0].id, [Card("Von der Karte 1", key="c-1"),
                                                               Card("Von der Karte 2", key="c-2")])
    cards = [db.session.get(type(first), state["id"]) for state in states]
    assert all(card.posted_seq and card.posted_seq > first.posted_seq for card in cards)
    body = client.get(f"/api/workshops/{workshop.code}/ideas").get_json()
    assert [idea["id"] for idea in body["ideas"]] == [first.id, *(card.id for card in cards)]
