"""Editing and deleting ideas, and the lists attendees see; posting lives in ``posting``.

Rule violations raise ``IdeaRejected`` (``rules``) with a German message for the person;
nothing is written then.
"""

from contextlib import contextmanager

from sqlalchemy import and_, func, or_, select, update

from ..core.signals import content_change
from ..events.log import record_event
from ..events.models import Event
from ..extensions import db
from .models import PENDING, VISIBLE, Idea, IdeaRevision
from .posting import posting_for, store_idea
from .rules import (  # noqa: F401  (the rules are part of this module's interface)
    IdeaRejected,
    check_open,
    check_text,
    clean_text,
    needs_approval,
    new_idempotency_key,
)
from .state import idea_state, is_public, public_in


def idea_of(workshop, idea_id):
    """The idea with this id if it belongs to ``workshop``, else None."""
    idea = db.session.get(Idea, idea_id)
    return idea if idea is not None and idea.workshop_id == workshop.id else None


def submit_idea(workshop, participant, question_id, text, idempotency_key=None):
    """Store an idea of a loaded participant once per idempotency key; returns ``(idea, created)``.

    The views post through ``posting`` directly, without loading objects first; this is
    the same for code that holds them already (the tests).
    """
    state, created = store_idea(posting_for(workshop, participant, question_id), text, idempotency_key)
    return db.session.get(Idea, state["id"]), created


def announce_idea(session, idea):
    """Record the idea's new state in the live event log (same transaction as the change)."""
    session.flush()
    session.refresh(idea)
    record_event(session, idea.workshop_id, "idea", {"idea": idea_state(idea)})


def announce_with_target(session, idea):
    """``announce_idea``, and for an idea merged into another that other too: its card
    lists the texts merged into it that are public (``state.idea_state``)."""
    announce_idea(session, idea)
    refresh_spotlight(session, idea)
    target = idea.merged_into
    if target is not None:
        announce_idea(session, target)
        refresh_spotlight(session, target)


@contextmanager
def idea_change(idea):
    """Change ``idea`` in a write transaction (yields its session): before the commit its
    new state, and its merge target's, goes to the live log and to the wall's spotlight
    where that shows either (``announce_with_target``); after the commit the analysis
    hears of it (``content_changed``)."""
    with content_change(idea.workshop_id) as session:
        yield session
        announce_with_target(session, idea)


def refresh_spotlight(session, idea):
    """If ``idea`` is on the wall's spotlight, show its new text, or clear it once it is not public."""
    workshop = idea.workshop
    if workshop.spotlight_idea_id != idea.id:
        return
    public = is_public(idea)
    if not public:
        workshop.spotlight_idea_id = None
    record_event(session, workshop.id, "spotlight", {"idea": idea_state(idea) if public else None})


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
    with idea_change(idea) as session:
        session.add(IdeaRevision(idea_id=idea.id, text=idea.text, edited_by="participant"))
        idea.text = text
        if idea.status == VISIBLE and needs_approval(idea.workshop, text):
            idea.status = PENDING
    return idea


def delete_idea(idea):
    check_open(idea.workshop)
    with content_change(idea.workshop_id) as session:
        _remove(session, idea)


def delete_ideas_of(participant):
    """Delete every idea of ``participant`` at once (the "delete all mine" button); returns how many.

    Each goes the same way as a single deletion, in one transaction, so walls and phones
    see every idea disappear.
    """
    ideas = ideas_of(participant)
    if not ideas:
        return 0
    check_open(participant.workshop)
    # Ideas others were merged into go first: they hand those back before they go.
    ideas = sorted(ideas, key=lambda idea: idea.merged_into_id is not None)
    with content_change(participant.workshop_id) as session:
        for idea in ideas:
            _remove(session, idea)
    return len(ideas)


def _remove(session, idea):
    workshop_id, idea_id, target, group_id = idea.workshop_id, idea.id, idea.merged_into, idea.group_id
    for merged in session.scalars(select(Idea).where(Idea.merged_into_id == idea_id)).all():
        merged.merged_into_id = None  # what was merged into it stands on its own again
        announce_idea(session, merged)
    if idea.workshop.spotlight_idea_id == idea_id:
        idea.workshop.spotlight_idea_id = None
        record_event(session, workshop_id, "spotlight", {"idea": None})
    _forget_text_in_events(session, idea)
    session.delete(idea)
    session.flush()
    record_event(session, workshop_id, "idea.deleted", {"id": idea_id, "group_id": group_id})  # group walls filter by it
    if target is not None:
        session.expire(target, ["merged"])
        announce_idea(session, target)  # the wall stops showing the deleted text under it
        refresh_spotlight(session, target)


def _forget_text_in_events(session, idea):
    """Deletion really deletes: the live event log keeps no copy of the idea's texts.

    Its own past events become deletions (a stream replaying them removes the idea, as the
    last event does anyway); the ideas it was merged into no longer list its text.
    """
    def about(idea_id):
        return Event.payload["idea"]["id"].as_integer() == idea_id

    base = Event.workshop_id == idea.workshop_id
    unsynchronised = {"synchronize_session": False}  # no loaded event is read again in here
    session.execute(
        update(Event).where(base, Event.kind == "idea", about(idea.id))
        .values(kind="idea.deleted", payload={"id": idea.id, "group_id": idea.group_id}),
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


def others_ideas(workshop, participant, newest, before=None):
    """One page of the visible ideas of everyone but ``participant``: the newest ``newest``
    of them, or with ``before`` (an idea id) the newest of those older than that idea.

    Returns ``(ideas, total, more)``: the ideas oldest first, how many others' ideas are
    visible in all, and whether older ones than these exist. A hall's 12,000 ideas never
    reach one page.
    """
    shown = list(public_in(workshop))
    if participant is not None:
        shown.append(or_(Idea.participant_id.is_(None), Idea.participant_id != participant.id))
    query = select(Idea).where(*shown)
    if before is not None:
        cursor = db.session.execute(
            select(Idea.created_at, Idea.id).where(Idea.id == before, Idea.workshop_id == workshop.id)
        ).first()
        if cursor is not None:
            query = query.where(or_(Idea.created_at < cursor.created_at,
                                    and_(Idea.created_at == cursor.created_at, Idea.id < cursor.id)))
    ideas = db.session.scalars(query.order_by(Idea.created_at.desc(), Idea.id.desc()).limit(newest + 1)).all()
    more = len(ideas) > newest
    ideas = ideas[:newest]
    if before is None and not more:
        total = len(ideas)
    else:
        total = db.session.scalar(select(func.count(Idea.id)).where(*shown))
    return ideas[::-1], total, more
