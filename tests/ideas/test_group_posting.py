"""Posts written together (group commit): each keeps its own outcome, events stay in order."""

import threading

from sqlalchemy import func, select

from participation.core.group_commit import Job
from participation.extensions import db
from participation.ideas.models import Idea
from participation.ideas.posting import REPEATED, _write_posts, load_posting, posting_for, store_idea
from participation.limits import RateLimited
from participation.limits.models import RateCounter
from participation.events.models import Event

from helpers import make_participant


def _job(posting, text, key):
    from participation.core.timeutil import utcnow

    now = utcnow()
    return Job((posting, {
        "workshop_id": posting.workshop_id, "question_id": posting.question_id,
        "participant_id": posting.participant_id, "idempotency_key": key, "text": text, "status": "visible",
        "created_at": now, "updated_at": now,
    }))


def test_one_group_stores_new_posts_skips_a_repeat_and_refuses_one_over_the_limit(app, workshop):
    app.config.update(IDEA_RATE_LIMIT=2)
    anna, bert = make_participant(workshop, "anna"), make_participant(workshop, "bert")
    question = workshop.questions[0].id
    for_anna, for_bert = posting_for(workshop, anna, question), posting_for(workshop, bert, question)
    store_idea(for_anna, "Rufbus nach Albersdorf 🚌", "anna-key-0001")
    seq_before = db.session.scalar(select(func.max(Event.seq)).where(Event.workshop_id == workshop.id))
    jobs = [
        _job(for_bert, "Glasfaser für Wöhrden", "bert-key-0001"),
        _job(for_anna, "Rufbus nach Albersdorf 🚌", "anna-key-0001"),  # a retry of the first
        _job(for_anna, "Mitfahrbank am Markt", "anna-key-0002"),  # anna's second: allowed
        _job(for_anna, "Dorfladen in Tellingstedt", "anna-key-0003"),  # her third: over the limit
        _job(for_bert, "Spielplatz am Deich", "bert-key-0002"),
        _job(for_bert, "Spielplatz am Deich", "bert-key-0002"),  # a double tap within the group
    ]
    _write_posts(jobs)
    results = [job.result for job in jobs]
    assert results[1] == results[5] == REPEATED
    assert isinstance(results[3], RateLimited) and results[3].retry_after >= 1
    stored = [results[0], results[2], results[4]]
    assert [state["text"] for state in stored] == ["Glasfaser für Wöhrden", "Mitfahrbank am Markt", "Spielplatz am Deich"]
    assert [state["nickname"] for state in stored] == ["Bert", "Anna", "Bert"]

    db.session.rollback()
    texts = db.session.scalars(select(Idea.text).where(Idea.workshop_id == workshop.id).order_by(Idea.id)).all()
    assert texts == ["Rufbus nach Albersdorf 🚌", "Glasfaser für Wöhrden", "Mitfahrbank am Markt", "Spielplatz am Deich"]
    # One event per stored idea, numbered on from before, in the order the posts came.
    events = db.session.scalars(
        select(Event).where(Event.workshop_id == workshop.id, Event.seq > seq_before).order_by(Event.seq)
    ).all()
    assert [event.seq for event in events] == [seq_before + 1, seq_before + 2, seq_before + 3]
    assert [event.payload["idea"] for event in events] == stored
    # The refused post was not counted: anna stays at her limit, not beyond it.
    hits = dict(db.session.execute(select(RateCounter.name, RateCounter.hits)).all())
    assert hits[f"idea:{anna.token_hash}"] == 2 and hits[f"idea:{bert.token_hash}"] == 2


def test_a_group_shares_one_transaction_when_phones_post_at_once(app, workshop):
    """Threads posting at once: every idea stored once, in fewer transactions than posts."""
    from participation.ideas.posting import _writer

    participants = [make_participant(workshop, f"phone{number:02d}x") for number in range(12)]
    question = workshop.questions[1].id
    postings = [posting_for(workshop, participant, question) for participant in participants]
    writer, groups = _writer(), []
    write_together = writer.write_together

    def counting(jobs):
        groups.append(len(jobs))
        write_together(jobs)

    writer.write_together = counting
    start, errors = threading.Barrier(len(postings)), []

    def phone(number, posting):
        with app.app_context():
            try:
                start.wait()
                for round_ in range(3):
                    store_idea(posting, f"Idee {round_} von Telefon {number}: WLAN im Bürgerhaus 📶",
                               f"phone-{number:02d}-{round_}")
            except Exception as error:  # reported below, not lost in the thread
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=phone, args=item) for item in enumerate(postings)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    db.session.rollback()
    assert db.session.scalar(select(func.count(Idea.id)).where(Idea.workshop_id == workshop.id)) == 36
    assert sum(groups) == 36 and len(groups) < 36 and max(groups) > 1


def test_loading_a_posting_finds_the_participant_and_knows_foreign_questions(app, workshop):
    clara = make_participant(workshop, "clara")
    token = "clara-token-0123456789"
    from participation.database import write_transaction
    from participation.ideas.participants import hash_token

    with write_transaction():
        clara.token_hash = hash_token(token)
    with app.test_request_context():
        foreign = load_posting(workshop.code.lower(), None, 999_999)
        assert foreign.workshop_id == workshop.id and foreign.question_id is None and foreign.participant_id is None
        assert load_posting("ZZZZZZ", None, 1) is None and load_posting("nonsense!", None, 1) is None
        mine = load_posting(workshop.code, token, str(workshop.questions[0].id))
        assert mine.question_id == workshop.questions[0].id
        assert (mine.participant_id, mine.nickname) == (clara.id, "Clara")
