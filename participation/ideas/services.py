"""Posting, editing and deleting ideas, with every rule an attendee can run into.

Rule violations raise ``IdeaRejected`` with a German message for the person; nothing is
written then. A repeated idempotency key returns the idea stored the first time.
"""

import re
import secrets
import unicodedata

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from ..core.signals import announce_content_changed
from ..core.ids import parse_id
from ..database import write_transaction
from ..extensions import db
from ..limits import RateLimited, hit
from ..live.events import record_event
from ..workshops.models import Question
from .models import PENDING, VISIBLE, Idea, IdeaRevision
from .state import idea_state

IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_\-]{8,64}$")
# Control characters other than newline and tab, the byte-order mark, and lone surrogates
# (JSON can carry them as "\ud83d" escapes; no database can store them).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufeff\ud800-\udfff]")


class IdeaRejected(Exception):
    def __init__(self, message, field="text"):
        super().__init__(message)
        self.message = message
        self.field = field


def new_idempotency_key():
    return secrets.token_urlsafe(18)


def clean_text(raw):
    """Normalise what a phone sends: NFC, Unix newlines, no control characters, trimmed."""
    text = unicodedata.normalize("NFC", raw or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def check_text(workshop, raw):
    text = clean_text(raw)
    if not text:
        raise IdeaRejected(_("Bitte schreiben Sie Ihre Idee in das Feld, bevor Sie sie absenden."))
    limit = workshop.idea_max_length
    if len(text) > limit:
        raise IdeaRejected(
            _(
                "Ihre Idee ist %(length)d Zeichen lang, erlaubt sind höchstens %(limit)d. "
                "Bitte kürzen Sie sie um %(over)d Zeichen.",
                length=len(text),
                limit=limit,
                over=len(text) - limit,
            )
        )
    return text


def check_open(workshop):
    if not workshop.is_open:
        raise IdeaRejected(
            _(
                "Dieser Workshop nimmt gerade keine Ideen an. Ihr Text wurde nicht gespeichert; "
                "Sie können ihn kopieren und später einreichen."
            ),
            field=None,
        )


def question_of(workshop, question_id):
    question_id = parse_id(question_id)
    question = db.session.get(Question, question_id) if question_id else None
    if question is None or question.workshop_id != workshop.id:
        raise IdeaRejected(
            _("Diese Frage gehört nicht zu diesem Workshop. Bitte wählen Sie eine Frage von dieser Seite."),
            field="question_id",
        )
    return question


def submit_idea(workshop, participant, question_id, text, idempotency_key=None):
    """Store an idea once per idempotency key; returns ``(idea, created)``."""
    check_open(workshop)
    question = question_of(workshop, question_id)
    text = check_text(workshop, text)
    key = idempotency_key if IDEMPOTENCY_KEY.match(idempotency_key or "") else new_idempotency_key()
    status = PENDING if needs_approval(workshop, text) else VISIBLE
    # On SQLite every post waits for the one writing before it, so the transaction does
    # only what must be atomic: insert the idea, count it, log its event. A post with a
    # key this participant sent before (a double tap, a retry after a lost answer, even
    # one that reached another worker at the same moment) fails on the unique
    # (participant, key) constraint before it is counted, and answers with the first.
    workshop_id = workshop.id  # read once: after the commit the workshop would be loaded again
    try:
        # What the block reads of the workshop, question and participant never changes.
        with write_transaction(keep_loaded=True) as session:
            idea = Idea(
                workshop_id=workshop_id,
                question_id=question.id,
                participant_id=participant.id,
                idempotency_key=key,
                text=text,
                status=status,
            )
            session.add(idea)
            session.flush()
            _check_rate(participant, session)  # counted in this transaction: one commit per idea
            state = new_idea_state(idea, participant)
            record_event(session, idea.workshop_id, "idea", {"idea": state})
    except IntegrityError:
        existing = _by_key(db.session, participant, key)
        if existing is None:
            raise
        return existing, False
    announce_content_changed(workshop_id)
    if current_app.config["ANALYSIS_IN_BACKGROUND"]:  # else the analysis just ran and may have filed it
        idea.state_at_commit = state  # what the poster is told, without reloading the idea
    return idea, True


def new_idea_state(idea, participant):
    """``idea_state`` of an idea just inserted, without a query: nobody has voted on it,
    merged into it or edited it yet."""
    for name, value in (("participant", participant), ("merged", []), ("revisions", [])):
        set_committed_value(idea, name, value)
    return idea_state(idea, votes=0)


def _check_rate(participant, session=None):
    config = current_app.config
    try:
        hit("idea", participant.token_hash, config["IDEA_RATE_LIMIT"], config["RATE_LIMIT_WINDOW"],
            session=session)
    except RateLimited as limited:
        raise IdeaRejected(
            _(
                "Sie haben in kurzer Zeit sehr viele Ideen geschickt. Bitte warten Sie %(seconds)d "
                "Sekunden und senden Sie dann noch einmal – Ihr Text bleibt im Feld.",
                seconds=limited.retry_after,
            )
        ) from None


def needs_approval(workshop, text):
    """Pre-moderation, or a word of the workshop's filter list in the text."""
    if workshop.premoderation:
        return True
    folded = text.casefold()
    return any(word.casefold() in folded for word in workshop.word_filter or () if word.strip())


def announce_idea(session, idea):
    """Record the idea's new state in the live event log (same transaction as the change)."""
    session.flush()
    session.refresh(idea)
    record_event(session, idea.workshop_id, "idea", {"idea": idea_state(idea)})


def refresh_spotlight(session, idea):
    """If ``idea`` is on the wall's spotlight, show its new text, or clear it once it is not public."""
    workshop = idea.workshop
    if workshop.spotlight_idea_id != idea.id:
        return
    public = idea.status == VISIBLE and idea.merged_into_id is None
    if not public:
        workshop.spotlight_idea_id = None
    record_event(session, workshop.id, "spotlight", {"idea": idea_state(idea) if public else None})


def _by_key(session, participant, key):
    return session.scalar(
        select(Idea).where(Idea.participant_id == participant.id, Idea.idempotency_key == key)
    )


def own_idea(participant, idea_id):
    """The participant's own idea with this id, or None (other people's ideas look absent)."""
    idea = db.session.get(Idea, idea_id)
    if idea is None or participant is None or idea.participant_id != participant.id:
        return None
    return idea


def edit_idea(idea, text):
    check_open(idea.workshop)
    text = check_text(idea.workshop, text)
    if text == idea.text:
        return idea
    with write_transaction() as session:
        session.add(IdeaRevision(idea_id=idea.id, text=idea.text, edited_by="participant"))
        idea.text = text
        if idea.status == VISIBLE and needs_approval(idea.workshop, text):
            idea.status = PENDING
        announce_idea(session, idea)
        refresh_spotlight(session, idea)
    announce_content_changed(idea.workshop_id)
    return idea


def delete_idea(idea):
    check_open(idea.workshop)
    workshop_id = idea.workshop_id
    with write_transaction() as session:
        _remove(session, idea)
    announce_content_changed(workshop_id)


def delete_ideas_of(participant):
    """Delete every idea of ``participant`` at once (the "delete all mine" button); returns how many.

    Each goes the same way as a single deletion, in one transaction, so walls and phones
    see every idea disappear.
    """
    ideas = ideas_of(participant)
    if not ideas:
        return 0
    check_open(participant.workshop)
    workshop_id = participant.workshop_id
    # Ideas others were merged into go first: they hand those back before they go.
    ideas = sorted(ideas, key=lambda idea: idea.merged_into_id is not None)
    with write_transaction() as session:
        for idea in ideas:
            _remove(session, idea)
    announce_content_changed(workshop_id)
    return len(ideas)


def _remove(session, idea):
    workshop_id, idea_id, target = idea.workshop_id, idea.id, idea.merged_into
    for merged in session.scalars(select(Idea).where(Idea.merged_into_id == idea_id)).all():
        merged.merged_into_id = None  # what was merged into it stands on its own again
        announce_idea(session, merged)
    if idea.workshop.spotlight_idea_id == idea_id:
        idea.workshop.spotlight_idea_id = None
        record_event(session, workshop_id, "spotlight", {"idea": None})
    _forget_text_in_events(session, idea)
    session.delete(idea)
    session.flush()
    record_event(session, workshop_id, "idea.deleted", {"id": idea_id})
    if target is not None:
        session.expire(target, ["merged"])
        announce_idea(session, target)  # the wall stops showing the deleted text under it
        refresh_spotlight(session, target)


def _forget_text_in_events(session, idea):
    """Deletion really deletes: the live event log keeps no copy of the idea's texts.

    Its own past events become deletions (a stream replaying them removes the idea, as the
    last event does anyway); the ideas it was merged into no longer list its text.
    """
    from ..live.models import Event

    def about(idea_id):
        return Event.payload["idea"]["id"].as_integer() == idea_id

    base = Event.workshop_id == idea.workshop_id
    unsynchronised = {"synchronize_session": False}  # no loaded event is read again in here
    session.execute(
        update(Event).where(base, Event.kind == "idea", about(idea.id))
        .values(kind="idea.deleted", payload={"id": idea.id}),
        execution_options=unsynchronised,
    )
    session.execute(
        update(Event).where(base, Event.kind == "spotlight", about(idea.id)).values(payload={"idea": None}),
        execution_options=unsynchronised,
    )
    if idea.merged_into_id is None:
        return
    texts = {idea.text, *(revision.text for revision in idea.revisions)}
    for event in session.scalars(
        select(Event).where(base, Event.kind.in_(("idea", "spotlight")), about(idea.merged_into_id))
    ):
        payload = dict(event.payload)
        shown = dict(payload["idea"])
        shown["merged_texts"] = [text for text in shown.get("merged_texts", []) if text not in texts]
        payload["idea"] = shown
        event.payload = payload


def ideas_of(participant):
    if participant is None:
        return []
    return db.session.scalars(
        select(Idea).where(Idea.participant_id == participant.id).order_by(Idea.created_at, Idea.id)
    ).all()


def others_ideas(workshop, participant, newest=None):
    """Visible ideas of everyone but ``participant``, oldest first; with ``newest``, only
    the newest that many. Returns ``(ideas, total)``."""
    shown = [Idea.workshop_id == workshop.id, Idea.status == VISIBLE, Idea.merged_into_id.is_(None)]
    if participant is not None:
        shown.append(or_(Idea.participant_id.is_(None), Idea.participant_id != participant.id))
    query = select(Idea).where(*shown)
    if newest is None:
        ideas = db.session.scalars(query.order_by(Idea.created_at, Idea.id)).all()
        return ideas, len(ideas)
    ideas = db.session.scalars(query.order_by(Idea.created_at.desc(), Idea.id.desc()).limit(newest)).all()
    total = len(ideas) if len(ideas) < newest else db.session.scalar(select(func.count(Idea.id)).where(*shown))
    return ideas[::-1], total


def visible_ideas(workshop):
    """What attendees and the wall may see: approved, not hidden, not merged away."""
    return db.session.scalars(
        select(Idea)
        .where(Idea.workshop_id == workshop.id, Idea.status == VISIBLE, Idea.merged_into_id.is_(None))
        .order_by(Idea.created_at, Idea.id)
    ).all()

