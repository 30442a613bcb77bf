"""Posting an idea: the request a hall sends most, in one read and one shared write.

When the moderator asks a question, a few hundred phones post within a minute, and on
SQLite each post waits for the one before it to commit. So this path does no more than
it must, with SQL statements and no ORM unit of work:

* one query reads what posting needs of the workshop (by its code), the participant
  (by the hash of the cookie's token) and the question (``load_posting``);
* the rules (``rules``) check the text without the database;
* the write inserts the idea, counts it against the rate limit and logs its live event.
  An idea of a *held* participant (created in a burst of joins, ``limits.admission``)
  waits for approval, and so does an *instant post* (a first idea within seconds of
  joining) beyond the workshop's few a minute: a loop that drops its cookies cannot fill
  the wall. Neither costs anything for a participant who joined a while ago.
  Posts that arrive while another is being written share one transaction and one
  commit (``core.group_commit``). A post whose idempotency key this participant sent
  before (a double tap, a retry after a lost answer, even one that reached another
  worker or server at the same moment) inserts nothing on the unique (participant, key)
  constraint, is not counted, and is answered with the idea stored the first time.

The idea's public state (``ideas.state``) is built from what was inserted: a new idea
has no votes, merges or edits, so nothing needs to be read back.
"""

from dataclasses import dataclass, replace

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, bindparam, delete, select, update
from sqlalchemy.dialects import sqlite

from .. import limits
from ..core.group_commit import GroupWriter
from ..core.ids import parse_id
from ..core.signals import ADDED, announce_content_changed
from ..database import driver_error, end_reading, read_row, write_transaction
from ..events.log import record_events
from ..extensions import db
from ..limits import RateLimited, hit_each
from ..limits.admission import SESSION, JoinRefused
from ..workshops.codes import normalise_code
from ..phases.phase import Phase, StepView, late_step
from ..workshops.models import Question, RunStep, Workshop
from .models import PENDING, VISIBLE, Idea, Participant
from .participants import ensure_participant, hash_token
from .rules import (
    IdeaRejected,
    check_open,
    check_text,
    needs_approval,
    reject_closed_step,
    reject_foreign_question,
    usable_idempotency_key,
)
from .state import idea_state, new_idea_state


@dataclass(frozen=True)
class Posting:
    """Who posts into which workshop under which question: plain values, read in one query."""

    workshop_id: int
    code: str
    is_open: bool
    idea_max_length: int
    premoderation: bool
    word_filter: tuple
    question_id: int | None  # None: no question of this workshop has the id that was sent
    participant_id: int | None  # None: this browser has not joined the workshop yet
    token_hash: str | None
    nickname: str | None
    participant_created_at: object = None  # aware datetime
    held: bool = False
    step: StepView | None = None  # the run-sheet step running now (None: no run sheet)
    votes_hidden: bool = False
    group_id: int | None = None  # the participant's group: their ideas are posted in it

    @property
    def phase(self):
        return Phase(self.is_open, self.step, self.votes_hidden)

    def joined(self, nickname=None):
        """This posting by a participant: the browser's own, or, for a browser that posts
        without having joined, a new one (``IdeaRejected`` while the workshop is closed)."""
        if self.participant_id is not None:
            return self
        if not self.is_open:
            raise IdeaRejected(_("Dieser Workshop nimmt gerade keine Ideen an."), field=None)
        try:
            participant = ensure_participant(db.session.get(Workshop, self.workshop_id), nickname)
        except JoinRefused as refused:
            raise join_refusal(refused) from None
        return replace(self, participant_id=participant.id, token_hash=participant.token_hash,
                       nickname=participant.nickname, participant_created_at=participant.created_at,
                       held=participant.held, group_id=participant.group_id)


def join_refusal(refused):
    """The ``IdeaRejected`` (HTTP 429) for a post whose new participant was refused."""
    if refused.reason == SESSION:
        message = _("Von diesem Browser aus wurden in kurzer Zeit sehr viele Teilnahmen angelegt. Bitte "
                    "versuchen Sie es in %(minutes)d Minuten noch einmal – Ihr Text bleibt im Feld.",
                    minutes=max(1, -(-refused.retry_after // 60)))
    else:
        message = _("Gerade kommen sehr viele Geräte auf einmal dazu. Bitte senden Sie in %(seconds)d "
                    "Sekunden noch einmal – Ihr Text bleibt im Feld.", seconds=refused.retry_after)
    rejection = IdeaRejected(message, field=None)
    rejection.status, rejection.retry_after = 429, refused.retry_after
    return rejection


_WORKSHOP, _QUESTION, _PARTICIPANT = Workshop.__table__.c, Question.__table__.c, Participant.__table__.c
_STEP = RunStep.__table__.c
_LOAD = (
    select(
        _WORKSHOP.id, _WORKSHOP.code, _WORKSHOP.is_open, _WORKSHOP.idea_max_length, _WORKSHOP.premoderation,
        _WORKSHOP.word_filter, _QUESTION.id, _PARTICIPANT.id, _PARTICIPANT.token_hash, _PARTICIPANT.nickname,
        _PARTICIPANT.created_at, _PARTICIPANT.held, _WORKSHOP.votes_hidden,
        _STEP.id, _STEP.kind, _STEP.question_ids, _STEP.ends_at, _STEP.paused_remaining, _STEP.auto_advance,
        _STEP.ended_at, _PARTICIPANT.group_id,
    )
    .select_from(Workshop.__table__)
    .outerjoin(RunStep.__table__, _STEP.id == _WORKSHOP.current_step_id)
    .outerjoin(Question.__table__, and_(_QUESTION.workshop_id == _WORKSHOP.id,
                                        _QUESTION.id == bindparam("question_id")))
    .outerjoin(Participant.__table__, and_(_PARTICIPANT.workshop_id == _WORKSHOP.id,
                                           _PARTICIPANT.token_hash == bindparam("token_hash")))
    .where(_WORKSHOP.code == bindparam("code"))
)
# A repeated idempotency key inserts nothing (and returns no row) instead of failing the
# transaction that other posts share (PostgreSQL: ``_INSERT_IDEA_PG``, the same statement).
_INSERT_IDEA = (
    sqlite.insert(Idea.__table__)
    .on_conflict_do_nothing(index_elements=["participant_id", "idempotency_key"])
    .returning(Idea.__table__.c.id, Idea.__table__.c.participant_id, Idea.__table__.c.idempotency_key)
)
REPEATED = "repeated"  # the outcome of a post whose idempotency key this participant sent before
_DELETE_IDEA = delete(Idea.__table__).where(Idea.__table__.c.id == bindparam("id"))
_HOLD_IDEAS = (update(Idea.__table__).where(Idea.__table__.c.id.in_(bindparam("ids", expanding=True)))
               .values(status=PENDING))


def load_posting(typed_code, token, question_id):
    """The ``Posting`` for a join code as typed, a participant token (or None) and a
    question id as sent (any type); None when no workshop has this code."""
    code = normalise_code(typed_code)
    if code is None:
        return None
    params = {"code": code, "question_id": parse_id(question_id) or 0, "token_hash": hash_token(token) if token else ""}
    row = read_row(_LOAD, params)
    if row is None:
        return None
    step = None
    if row[13] is not None:
        step_id, kind, question_ids, ends_at, paused, auto, ended = row[13:20]
        # the row's times come as read by the column type: aware UTC
        step = StepView(step_id, kind, tuple(question_ids or ()), ends_at, paused, bool(auto), ended)
    return Posting(*row[:5], tuple(row[5] or ()), *row[6:12], step=step, votes_hidden=bool(row[12]),
                   group_id=row[20])


def posting_for(workshop, participant, question_id):
    """The ``Posting`` of loaded ``workshop`` and ``participant`` objects (no query)."""
    question_id = parse_id(question_id)
    if not any(question.id == question_id for question in workshop.questions):
        question_id = None
    return Posting(
        workshop.id, workshop.code, workshop.is_open, workshop.idea_max_length, workshop.premoderation,
        tuple(workshop.word_filter or ()), question_id, participant.id, participant.token_hash, participant.nickname,
        participant.created_at, bool(participant.held),
        step=phase_step(workshop), votes_hidden=bool(workshop.votes_hidden), group_id=participant.group_id,
    )


def phase_step(workshop):
    step = db.session.get(RunStep, workshop.current_step_id) if workshop.current_step_id else None
    return StepView.of(step)


def store_idea(posting, text, idempotency_key=None):
    """Store the idea once per idempotency key; returns ``(state, created)``, where
    ``state`` is the idea's public state (``ideas.state.idea_state``).

    The run sheet decides whether the question takes ideas now (``phases.phase``). A
    post that arrives within ``LATE_POST_GRACE_SECONDS`` after its collecting step ended
    (typed before, sent after) is stored to wait for approval, its state marked ``late``.
    """
    check_open(posting)
    if posting.question_id is None:
        reject_foreign_question()
    now = limits.clock_utc()
    phase = posting.phase
    late = None
    if not phase.may_post(posting.question_id, now):
        late = late_step(posting.workshop_id, posting.question_id, current_app.config["LATE_POST_GRACE_SECONDS"], now)
        if late is None:
            reject_closed_step()
    text = check_text(posting, text)
    running = phase.running(now)
    values = {
        "workshop_id": posting.workshop_id, "question_id": posting.question_id,
        "participant_id": posting.participant_id, "idempotency_key": usable_idempotency_key(idempotency_key),
        "text": text,
        "status": PENDING if late or posting.held or needs_approval(posting, text) else VISIBLE,
        "step_id": late.id if late is not None else (running.id if running is not None else None),
        "group_id": posting.group_id,
        "created_at": now, "updated_at": now,
    }
    end_reading(keep_loaded=True)  # so that what is written shows in this session afterwards
    outcome = _writer().write((posting, values))
    if outcome == REPEATED:
        existing = db.session.scalar(select(Idea).where(
            Idea.participant_id == posting.participant_id, Idea.idempotency_key == values["idempotency_key"]))
        if existing is None:  # deleted in the moment since: then this post is new again
            return store_idea(posting, text, values["idempotency_key"])
        return idea_state(existing), False
    if isinstance(outcome, RateLimited):
        raise IdeaRejected(
            _(
                "Sie haben in kurzer Zeit sehr viele Ideen geschickt. Bitte warten Sie %(seconds)d "
                "Sekunden und senden Sie dann noch einmal – Ihr Text bleibt im Feld.",
                seconds=outcome.retry_after,
            )
        )
    announce_content_changed(posting.workshop_id, ADDED)  # new ideas only: an incremental analysis
    if not current_app.config["ANALYSIS_IN_BACKGROUND"]:  # the analysis just ran and may have filed it
        outcome = idea_state(db.session.get(Idea, outcome["id"]))
    if late is not None:
        outcome = {**outcome, "late": True}  # a copy: the logged event stays as it was
    return outcome, True


def _writer():
    app = current_app._get_current_object()
    writer = app.extensions.get("participation_idea_writer")
    if writer is None:
        writer = app.extensions.setdefault("participation_idea_writer", GroupWriter(_write_posts))
    return writer


def _insert_ideas(connection, rows):
    """Insert the ideas; returns ``{(participant id, key): new id}`` for those inserted (a
    repeated key, even twice in one group, is inserted once).

    Several rows go as one executemany, which SQLAlchemy sends as multi-row VALUES
    statements ("insertmanyvalues") compiled once and cached. A statement built with
    ``.values(rows)`` has no cache key: it was compiled anew for every group, a tenth
    of a busy server's time in the load bench's profile. PostgreSQL: see ``_insert_on_driver``."""
    if connection.dialect.name == "postgresql":
        return _insert_on_driver(connection, rows)
    result = connection.execute(_INSERT_IDEA, rows[0] if len(rows) == 1 else rows)
    return {(participant_id, key): idea_id for idea_id, participant_id, key in result}


# What a post writes of its idea (``store_idea``'s values); every other column has its
# server default (the model's defaults alike, tests/ideas/test_posting_driver.py).
_POSTED_COLUMNS = ("workshop_id", "question_id", "participant_id", "idempotency_key", "text", "status", "step_id",
                   "group_id", "created_at", "updated_at")
_INSERT_IDEA_PG = (
    f"INSERT INTO idea ({', '.join(_POSTED_COLUMNS)}) VALUES ({', '.join(f'%({name})s' for name in _POSTED_COLUMNS)}) "
    "ON CONFLICT (participant_id, idempotency_key) DO NOTHING RETURNING id, participant_id, idempotency_key"
)
_STORED_AS = Idea.__table__.c.created_at.type  # UTCDateTime: naive UTC as stored


def _insert_on_driver(connection, rows):
    """PostgreSQL: the inserts on the driver's connection, in its pipeline mode: the
    transaction's BEGIN and the inserts go to the server in one round trip (SQLAlchemy's
    own execution sends BEGIN on its own first), and the rows' parameters skip its
    execution layers. The commit follows in ``events.log`` as before."""
    driver = connection.connection.driver_connection
    dialect = connection.dialect
    params = [{**{name: row.get(name) for name in _POSTED_COLUMNS},  # a column left out: NULL
               "created_at": _STORED_AS.process_bind_param(row["created_at"], dialect),
               "updated_at": _STORED_AS.process_bind_param(row["updated_at"], dialect)} for row in rows]
    try:
        with driver.pipeline():
            cursor = driver.cursor()
            cursor.executemany(_INSERT_IDEA_PG, params, returning=True)
        stored = {}
        while True:
            for idea_id, participant_id, key in cursor.fetchall():
                stored[(participant_id, key)] = idea_id
            if not cursor.nextset():
                return stored
    except dialect.loaded_dbapi.Error as error:
        raise driver_error(error, _INSERT_IDEA_PG, driver) from error


def _is_instant(posting, values, seconds):
    """A post within ``seconds`` of its participant's joining that would go on the wall."""
    joined = posting.participant_created_at
    return (values["status"] == VISIBLE and joined is not None
            and (values["created_at"] - joined).total_seconds() < seconds)


def _write_posts(jobs):
    """Write the posts of ``jobs`` (``(posting, values)``) in one transaction (group commit).

    Each job's result: the new idea's public state, ``REPEATED``, or ``RateLimited``.
    Posts are counted against their participants' limits in the same transaction, after
    their inserts, so a repeated post is not counted and a refused one is taken out again.
    An instant post that is its participant's first in the window counts against the
    workshop's instant posts; past those it is held for approval.
    """
    config = current_app.config
    posts = [job.payload for job in jobs]
    results, new = [], []
    # What this reads of the workshops and participants never changes once they exist.
    with write_transaction(keep_loaded=True) as session:
        connection = session.connection()
        stored = _insert_ideas(connection, [values for _, values in posts])
        instant_seconds = config["INSTANT_POST_SECONDS"]
        for number, (posting, values) in enumerate(posts):
            idea_id = stored.pop((values["participant_id"], values["idempotency_key"]), None)
            results.append(REPEATED if idea_id is None else None)
            if idea_id is not None:
                new.append((number, posting, {**values, "id": idea_id}, _is_instant(posting, values, instant_seconds)))
        counted = hit_each("idea", [posting.token_hash for _, posting, _, _ in new], config["IDEA_RATE_LIMIT"],
                           config["RATE_LIMIT_WINDOW"], session=session)
        held = _hold_instant_posts(session, [(values, instant and count == 1) for (_, _, values, instant), count
                                             in zip(new, counted)])
        announced = {}
        for (number, posting, values, _instant), count in zip(new, counted):
            if isinstance(count, RateLimited):
                connection.execute(_DELETE_IDEA, {"id": values["id"]})
                results[number] = count
                continue
            if values["id"] in held:
                values["status"] = PENDING
            results[number] = new_idea_state(values, posting.nickname, posting.votes_hidden)
            announced.setdefault(posting.workshop_id, []).append({"idea": results[number]})
        for workshop_id, payloads in announced.items():  # last: PostgreSQL's row lock on the counter
            record_events(session, workshop_id, "idea", payloads, posted=True)
    for job, result in zip(jobs, results):
        job.result = result


def _hold_instant_posts(session, posts):
    """Count the instant posts among ``posts`` (``(values, counts)``) per workshop; those
    past the workshop's ``INSTANT_POSTS_PER_MINUTE`` wait for approval. Returns their ids."""
    instant = [values for values, counts in posts if counts]
    if not instant:
        return set()
    outcomes = hit_each("instant", [values["workshop_id"] for values in instant],
                        current_app.config["INSTANT_POSTS_PER_MINUTE"], 60, session=session)
    held = {values["id"] for values, outcome in zip(instant, outcomes) if isinstance(outcome, RateLimited)}
    if held:
        session.connection().execute(_HOLD_IDEAS, {"ids": sorted(held)})
    return held
