"""Where a workshop's recent ideas came from, and hiding or showing many ideas at once.

A *source* is one participant, or all *new participants* together: those held because
they were created in a burst of joins (``limits.admission``) and those who posted within
``INSTANT_POST_SECONDS`` of joining. A script that drops its cookies is a new participant
at every post, so its ideas gather in that one source instead of scattering over
hundreds. The console names the sources that sent many ideas lately and hides (or shows
again) all of a source's ideas, or a selection, in one transaction: one live event per
idea, so walls and phones update as with a single hide.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from flask import current_app
from sqlalchemy import select

from .. import limits
from ..core.signals import content_change
from ..events.log import record_event, record_events
from ..extensions import db
from ..ideas.models import HIDDEN, VISIBLE, Idea, Participant
from ..ideas.state import idea_states

log = logging.getLogger(__name__)

NEW = "new"  # the key of the new participants' source; a participant's is "p<id>"


@dataclass
class Source:
    key: str
    nickname: str | None = None
    ideas: list = field(default_factory=list)  # ids, newest first
    statuses: dict = field(default_factory=dict)  # status -> how many
    people: set = field(default_factory=set)  # participant ids

    @property
    def is_new(self):
        return self.key == NEW

    @property
    def count(self):
        return len(self.ideas)


@dataclass(frozen=True)
class FloodNotice:
    since: int  # epoch seconds: the sources' ideas are those from then on
    minutes: int
    sources: list  # the sources that sent at least FLOOD_NOTICE_MIN_IDEAS, most first

    @property
    def ideas(self):
        return sum(source.count for source in self.sources)


def _key(held, joined, posted, instant_seconds):
    return NEW if held or (posted - joined).total_seconds() < instant_seconds else None


def recent_sources(workshop, since):
    """The sources of ``workshop``'s ideas posted from ``since`` (epoch seconds) on, as
    ``{key: Source}``."""
    instant = current_app.config["INSTANT_POST_SECONDS"]
    rows = db.session.execute(
        select(Idea.id, Idea.status, Idea.created_at, Participant.id, Participant.created_at, Participant.held,
               Participant.nickname)
        .join(Participant, Participant.id == Idea.participant_id)
        .where(Idea.workshop_id == workshop.id, Idea.merged_into_id.is_(None),
               Idea.created_at >= datetime.fromtimestamp(since, timezone.utc))
        .order_by(Idea.created_at.desc(), Idea.id.desc())
    ).all()
    sources = {}
    for idea_id, status, posted, person, joined, held, nickname in rows:
        key = _key(held, joined, posted, instant) or f"p{person}"
        source = sources.setdefault(key, Source(key, None if key == NEW else nickname))
        source.ideas.append(idea_id)
        source.statuses[status] = source.statuses.get(status, 0) + 1
        source.people.add(person)
    return sources


def flood_notice(workshop):
    """The console's notice of sources that sent many ideas lately, or None."""
    config = current_app.config
    window = config["FLOOD_NOTICE_WINDOW"]
    since = int(limits.clock()) - window
    named = [source for source in recent_sources(workshop, since).values()
             if source.count >= config["FLOOD_NOTICE_MIN_IDEAS"]]
    if not named:
        return None
    named.sort(key=lambda source: (-source.count, source.key))
    return FloodNotice(since, max(1, round(window / 60)), named)


def ideas_of_source(workshop, key, since):
    """The ideas of source ``key``: all of a participant's in this workshop; the new
    participants' from ``since`` on. None when ``key`` names nobody of this workshop."""
    if key == NEW:
        source = recent_sources(workshop, since).get(NEW)
        ids = source.ideas if source else []
    else:
        if not key.startswith("p") or not key[1:].isdigit():
            return None
        person = db.session.get(Participant, int(key[1:]))
        if person is None or person.workshop_id != workshop.id:
            return None
        ids = db.session.scalars(select(Idea.id).where(Idea.participant_id == person.id,
                                                       Idea.merged_into_id.is_(None))).all()
    return _ideas(workshop, ids)


def ideas_by_id(workshop, ids):
    """The ideas of ``workshop`` among ``ids``; ids of other workshops' ideas are left out."""
    return _ideas(workshop, ids)


def _ideas(workshop, ids):
    ids = sorted(set(ids))
    if not ids:
        return []
    return db.session.scalars(select(Idea).where(Idea.workshop_id == workshop.id, Idea.id.in_(ids))).all()


def set_status_of(workshop, ideas, status, why):
    """Hide (``HIDDEN``) or show (``VISIBLE``) ``ideas`` of ``workshop`` in one transaction,
    with one live event per idea that changes; returns how many changed. ``why`` (the
    kind of source) goes to the log, never a text or a participant."""
    assert status in (HIDDEN, VISIBLE)
    ids = [idea.id for idea in ideas if idea.status != status and idea.merged_into_id is None]
    if not ids:
        return 0
    with content_change(workshop.id) as session:
        changing = session.scalars(select(Idea).where(Idea.workshop_id == workshop.id, Idea.id.in_(ids))).all()
        for idea in changing:
            idea.status = status
        session.flush()
        record_events(session, workshop.id, "idea", [{"idea": state} for state in idea_states(changing)])
        spotlit = workshop.spotlight_idea_id
        if status == HIDDEN and spotlit in ids:
            workshop.spotlight_idea_id = None
            record_event(session, workshop.id, "spotlight", {"idea": None})
    log.info("ideas hidden or shown at once", extra={"event": "moderation.bulk", "workshop_id": workshop.id,
                                                      "status": status, "source": why, "count": len(changing)})
    return len(changing)


def window_start(raw, default):
    """A ``since`` sent back by the console's form: a whole number not before a day ago."""
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return default
    earliest = int(limits.clock() - timedelta(days=1).total_seconds())
    return max(value, earliest)
