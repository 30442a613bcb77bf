"""What moderators do to ideas during the event. Every change is announced live."""

import logging
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..analysis import matches_words
from ..charts.cache import chart_cache
from ..core.signals import content_change
from ..core.ids import parse_id
from ..database import checkpoint, write_transaction
from ..events.log import record_event
from ..extensions import db
from ..ideas.models import HIDDEN, PENDING, VISIBLE, Idea, IdeaRevision, Participant
from ..ideas.services import (
    IdeaRejected, announce_idea, check_text, idea_change, idea_of, refresh_spotlight,
)
from ..ideas.state import idea_state, is_public
from ..workshops.models import Group
from ..workshops.services import announce_workshop

log = logging.getLogger(__name__)


class ModerationError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _console_loading():
    """What the console shows of each idea beyond its own columns, one query each for all ideas.

    Built when used, not on import: loader options set up every mapper, which needs all
    models imported (the app factory does that), not only those this module imports."""
    return (
        selectinload(Idea.question), selectinload(Idea.participant), selectinload(Idea.merged),
        selectinload(Idea.merged_into), selectinload(Idea.revisions), selectinload(Idea.group),
    )


CONSOLE_PAGE_SIZE = 100


@dataclass(frozen=True)
class ConsolePage:
    """One page of the console's list: ideas newest first, and where it sits in the whole."""

    ideas: list
    total: int
    page: int
    pages: int
    first: int  # position of the first idea shown (1-based; 0 when there are none)


NO_GROUP = "ohne"  # the group filter's value for ideas posted in no group


def parse_group_filter(workshop, raw):
    """The group filter from ``?gruppe=``: a group id of ``workshop``, ``NO_GROUP`` for
    "ohne", or None (all ideas; also for a group of another workshop or a deleted one)."""
    raw = (raw or "").strip()
    if raw == NO_GROUP:
        return NO_GROUP
    group_id = parse_id(raw)
    if group_id is None:
        return None
    group = db.session.get(Group, group_id)
    return group_id if group is not None and group.workshop_id == workshop.id else None


def _console_ids(workshop, question_id=None, status=None, query="", group=None):
    """Ids of the ideas the console lists with these filters, newest first.

    ``group`` is a group's id (its ideas), ``NO_GROUP`` (ideas of no group) or None (all).

    ``query`` keeps ideas whose text or author's nickname holds every typed word (folded
    like the analysis folds, so "arzte" finds "Ärzte"); it is matched in Python because
    SQLite's LIKE folds neither umlauts nor their case.
    """
    rows = (
        select(Idea.id, Idea.text, Participant.nickname)
        .outerjoin(Participant, Participant.id == Idea.participant_id)
        .where(Idea.workshop_id == workshop.id)
    )
    if question_id:
        rows = rows.where(Idea.question_id == question_id)
    if group == NO_GROUP:
        rows = rows.where(Idea.group_id.is_(None))
    elif group is not None:
        rows = rows.where(Idea.group_id == group)
    if status == "merged":
        rows = rows.where(Idea.merged_into_id.is_not(None))
    elif status in (VISIBLE, HIDDEN, PENDING):
        rows = rows.where(Idea.status == status, Idea.merged_into_id.is_(None))
    rows = db.session.execute(rows.order_by(Idea.created_at.desc(), Idea.id.desc())).all()
    return [row.id for row in rows if not query or matches_words(f"{row.text} {row.nickname or ''}", query)]


def console_page(workshop, question_id=None, status=None, query="", page=1, per_page=CONSOLE_PAGE_SIZE, group=None):
    """The ideas the console shows with these filters, one page of them."""
    ids = _console_ids(workshop, question_id, status, query, group)
    pages = max(1, -(-len(ids) // per_page))
    page = min(max(page, 1), pages)
    shown = ids[(page - 1) * per_page : page * per_page]
    ideas = db.session.scalars(select(Idea).where(Idea.id.in_(shown)).options(*_console_loading())).all() if shown else []
    position = {idea_id: number for number, idea_id in enumerate(shown)}
    ideas = sorted(ideas, key=lambda idea: position[idea.id])
    return ConsolePage(ideas, len(ids), page, pages, (page - 1) * per_page + 1 if shown else 0)


def console_page_of(workshop, idea, question_id=None, status=None, query="", per_page=CONSOLE_PAGE_SIZE, group=None):
    """The page of the console's list (with these filters) that shows ``idea``, or None."""
    ids = _console_ids(workshop, question_id, status, query, group)
    return ids.index(idea.id) // per_page + 1 if idea.id in ids else None


def _set_status(idea, status):
    with idea_change(idea):
        idea.status = status
    return idea


def hide(idea):
    return _set_status(idea, HIDDEN)


def show(idea):
    """Unhide a hidden idea or approve a waiting one."""
    return _set_status(idea, VISIBLE)


def fix_text(idea, raw_text):
    """Correct an idea's text; the text before is kept in its revision history."""
    try:
        text = check_text(idea.workshop, raw_text)
    except IdeaRejected as rejection:
        raise ModerationError(rejection.message) from None
    if text == idea.text:
        return idea
    with idea_change(idea) as session:  # the spotlight shows the corrected text large
        session.add(IdeaRevision(idea_id=idea.id, text=idea.text, edited_by="moderation"))
        idea.text = text
    return idea


def merge(source, target):
    """Merge ``source`` into ``target``: one idea on the wall showing both texts and all dots."""
    if source.id == target.id:
        raise ModerationError(_("Eine Idee kann nicht mit sich selbst zusammengeführt werden."))
    if source.workshop_id != target.workshop_id:
        raise ModerationError(_("Nur Ideen desselben Workshops können zusammengeführt werden."))
    while target.merged_into is not None:
        target = target.merged_into
    if target.id == source.id:
        raise ModerationError(_("Diese Ideen sind bereits zusammengeführt."))
    if not is_public(target):
        raise ModerationError(_("Ideen können nur mit einer sichtbaren Idee zusammengeführt werden."))
    with content_change(target.workshop_id) as session:
        for child in list(source.merged):
            child.merged_into_id = target.id
        source.merged_into_id = target.id
        session.flush()
        for idea in (source, *source.merged, target):
            announce_idea(session, idea)
        if source.workshop.spotlight_idea_id == source.id:
            _spotlight(session, source.workshop, target)
        else:
            refresh_spotlight(session, target)  # the spotlight shows the merged texts too
    return target


def unmerge(idea):
    if idea.merged_into_id is None:
        return idea
    target = idea.merged_into
    with content_change(idea.workshop_id) as session:
        idea.merged_into_id = None
        session.flush()
        announce_idea(session, idea)
        announce_idea(session, target)
    return idea


def _spotlight(session, workshop, idea):
    workshop.spotlight_idea_id = idea.id if idea is not None else None
    record_event(session, workshop.id, "spotlight", {"idea": idea_state(idea) if idea is not None else None})


def spotlight(workshop, idea):
    """Show ``idea`` large on the wall, or nothing when ``idea`` is None."""
    if idea is not None and not is_public(idea):
        raise ModerationError(_("Nur sichtbare Ideen können hervorgehoben werden."))
    with write_transaction() as session:
        _spotlight(session, workshop, idea)


def spotlighted_idea(workshop):
    if workshop.spotlight_idea_id is None:
        return None
    idea = idea_of(workshop, workshop.spotlight_idea_id)
    return idea if idea is not None and is_public(idea) else None


def parse_word_filter(raw):
    words = []
    for line in (raw or "").replace(",", "\n").splitlines():
        word = " ".join(line.split())
        if word and word.casefold() not in (w.casefold() for w in words):
            words.append(word)
    return words


def update_live_settings(workshop, *, dots, show_ideas, premoderation, word_filter):
    with write_transaction() as session:
        workshop.dots_per_participant = dots
        workshop.show_ideas_to_attendees = show_ideas
        workshop.premoderation = premoderation
        workshop.word_filter = word_filter
        announce_workshop(session, workshop)
    return workshop


def delete_workshop(workshop):
    """Delete a workshop with everything in it (ideas, votes, participants, events)."""
    workshop_id = workshop.id
    with write_transaction() as session:
        session.delete(workshop)
    chart_cache.forget(workshop_id)  # rendered charts carry its questions and fields
    if not checkpoint():  # old versions of its pages stay in the WAL until then
        log.warning("WAL still in use after deleting workshop %s; the next checkpoint empties it", workshop_id)
