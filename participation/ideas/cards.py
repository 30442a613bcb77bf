"""Ideas that did not come from a phone: paper cards typed in (or read from a photo) during
the evening, and rows of a file imported from another tool.

They enter the workshop as any idea does (on the wall at once, sorted by the analysis,
exported), without a participant: a card has no phone behind it. Each carries its source
(``models.IDEA_SOURCES``) and a key of its own (``source_key``, unique per workshop), so a
card sent twice over a flaky connection, or a file imported twice, is stored once.
Trusted hands type them (a moderator, or a helper holding the "Kartenerfassung" link), so
they go on the wall without waiting for approval. No Flask request here: the callers (the
paper-card pages, the importer) check who may add them.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import limits
from ..core.signals import ADDED, announce_content_changed
from ..core.text import is_blank
from ..database import write_transaction
from ..events.log import record_events
from .models import IDEA_SOURCES, PAPER, VISIBLE, Idea
from .rules import IdeaRejected, check_text, new_idempotency_key
from .state import new_idea_state

SOURCE_KEY_LENGTH = 80
AUTHOR_LENGTH = 40


@dataclass(frozen=True)
class Card:
    """One idea to add: its text and, where known, its own key (a card's key made by the
    entry page, an imported row's key made from the file and row), the name written on
    it, dots given outside the app and a Handlungsfeld it was sorted into elsewhere."""

    text: str
    key: str | None = None
    author: str | None = None
    paper_votes: int = 0
    field_id: int | None = None


def card_problem(workshop, text):
    """Why ``text`` cannot become an idea of ``workshop`` (the German message the
    person sees), or None: the same length and emptiness rules as a phone's post."""
    try:
        check_text(workshop, text)
    except IdeaRejected as rejection:
        return rejection.message
    return None


def add_cards(workshop, question_id, cards, source=PAPER, source_name=None, step_id=None, group_id=None):
    """Store ``cards`` (``Card``) as ideas of ``workshop`` under question ``question_id``,
    visible at once, in one transaction with their live events; returns
    ``(states, repeated)``: the public states of the new ideas, in order, and how many
    cards were stored before (their key was known) and so added nothing.

    Raises ``IdeaRejected`` (nothing stored) for an unknown question or source, an empty
    or too long text, a negative number of dots, or a field of another workshop.
    """
    if source not in IDEA_SOURCES:
        raise ValueError(f"unknown source {source!r}")
    question = workshop_question(workshop, question_id)
    fields = {field.id for field in workshop.fields}
    if group_id is not None and group_id not in {group.id for group in workshop.groups}:
        raise IdeaRejected(_("Diese Gruppe gibt es in diesem Workshop nicht."), field="group_id")
    now = limits.clock_utc()
    rows = []
    for card in cards:
        text = check_text(workshop, card.text)
        if card.paper_votes is None or card.paper_votes < 0:
            raise IdeaRejected(_("Klebepunkte: bitte eine ganze Zahl ab 0 eintragen."), field="paper_votes")
        if card.field_id is not None and card.field_id not in fields:
            raise IdeaRejected(_("Dieses Handlungsfeld gibt es in diesem Workshop nicht."), field="field_id")
        author = card.author.strip()[:AUTHOR_LENGTH] if card.author and not is_blank(card.author) else None
        rows.append({
            "workshop_id": workshop.id, "question_id": question.id, "participant_id": None,
            "idempotency_key": new_idempotency_key(), "text": text, "status": VISIBLE, "step_id": step_id,
            "source": source, "source_name": (source_name or None) and source_name[:200],
            "source_key": card.key[:SOURCE_KEY_LENGTH] if card.key else None,
            "author": author, "paper_votes": int(card.paper_votes), "group_id": group_id,
            "field_id": card.field_id, "field_confirmed": card.field_id is not None,
            "created_at": now, "updated_at": now,
        })
    try:
        states, repeated = _store(workshop, rows)
    except IntegrityError:  # the same card at the same moment from a second tab: once
        states, repeated = _store(workshop, rows)
    if states:
        announce_content_changed(workshop.id, ADDED)  # new cards only (decided ones make it fit anew)
    return states, repeated


def _store(workshop, rows):
    states, repeated = [], 0
    with write_transaction() as session:
        known = _known_keys(session, workshop.id, [row["source_key"] for row in rows if row["source_key"]])
        for row in rows:
            key = row["source_key"]
            if key is not None and key in known:
                repeated += 1
                continue
            idea = Idea(**row)
            session.add(idea)
            session.flush()
            if key is not None:
                known.add(key)
            values = {name: getattr(idea, name) for name in ("id", *row)}
            state = new_idea_state(values, row["author"], bool(workshop.votes_hidden))
            if row["field_id"] is not None:
                state = {**state, "field_id": row["field_id"], "field_confirmed": True}
            states.append(state)
        if states:
            record_events(session, workshop.id, "idea", [{"idea": state} for state in states], posted=True)
    return states, repeated


def workshop_question(workshop, question_id):
    """The question of ``workshop`` with this id, or ``IdeaRejected`` (field ``question_id``)."""
    for question in workshop.questions:
        if question.id == question_id:
            return question
    raise IdeaRejected(_("Bitte wählen Sie eine Frage dieses Workshops."), field="question_id")


def _known_keys(session, workshop_id, keys):
    if not keys:
        return set()
    return set(session.scalars(
        select(Idea.source_key).where(Idea.workshop_id == workshop_id, Idea.source_key.in_(keys))
    ))

