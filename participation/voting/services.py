"""Giving and taking back dots, with the workshop's rules.

Dots from new participants (younger than ``NEW_PARTICIPANT_SECONDS``, or held because
they were created in a burst of joins: ``limits.admission``) are capped per idea:
``NEW_PARTICIPANT_DOTS_PER_IDEA`` within ``NEW_PARTICIPANT_DOTS_WINDOW`` seconds. Forty
cookie-less joins giving one dot each add that many, not forty; a person who joined a
minute ago votes like everyone else.

``cast_vote`` is the flow the phone's form and the API share; they only turn its
``VoteOutcome`` into a page or JSON.
"""

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from .. import limits
from ..database import write_transaction
from ..events.log import record_event
from ..extensions import db
from ..ideas.models import Idea, Participant, Vote
from ..ideas.services import announce_idea
from ..ideas.state import is_public, vote_counts
from ..limits import RateLimited, hit
from ..phases.phase import phase_of


class VoteRejected(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def dots_used(participant):
    if participant is None:
        return 0
    return db.session.scalar(select(func.count(Vote.id)).where(Vote.participant_id == participant.id))


def dots_left_text(workshop, participant):
    """"Sie haben 2 von 3 Punkten übrig." for the phone's dots status (one sentence for page and script)."""
    dots = workshop.dots_per_participant
    return _("Sie haben %(left)d von %(dots)d Punkten übrig.",
             left=max(dots - dots_used(participant), 0), dots=dots)


def voted_idea_ids(participant):
    """Ideas this participant gave a dot to; a dot on a merged idea counts for its target."""
    if participant is None:
        return set()
    return set(
        db.session.scalars(
            select(func.coalesce(Idea.merged_into_id, Idea.id))
            .join(Vote, Vote.idea_id == Idea.id)
            .where(Vote.participant_id == participant.id)
        )
    )


def _check_rate(participant, session=None):
    config = current_app.config
    try:
        hit("vote", participant.token_hash, config["VOTE_RATE_LIMIT"], config["RATE_LIMIT_WINDOW"],
            session=session)
    except RateLimited as limited:
        raise VoteRejected(
            _("Sie haben sehr schnell hintereinander abgestimmt. Bitte warten Sie %(seconds)d Sekunden.",
              seconds=limited.retry_after)
        ) from None


def is_new_voter(participant):
    """Held, or joined less than ``NEW_PARTICIPANT_SECONDS`` ago."""
    if participant.held:
        return True
    age = limits.clock() - participant.created_at.timestamp()
    return age < current_app.config["NEW_PARTICIPANT_SECONDS"]


def _check_new_voter(participant, idea, session):
    if not is_new_voter(participant):
        return
    config = current_app.config
    try:
        hit("new-dots", str(idea.id), config["NEW_PARTICIPANT_DOTS_PER_IDEA"], config["NEW_PARTICIPANT_DOTS_WINDOW"],
            session=session)
    except RateLimited as limited:
        raise VoteRejected(
            _("Diese Idee hat gerade viele Punkte von eben erst beigetretenen Geräten bekommen. Bitte vergeben "
              "Sie Ihren Punkt in %(minutes)d Minuten noch einmal.", minutes=max(1, -(-limited.retry_after // 60)))
        ) from None


def _check_phase(workshop):
    """Dots are given and taken back while the workshop is open and, with a run sheet,
    in a voting step (``phases.phase``)."""
    if not workshop.is_open:
        raise VoteRejected(_("Die Abstimmung ist beendet: Dieser Workshop ist geschlossen."))
    if not phase_of(workshop).may_vote():
        raise VoteRejected(_("Punkte können nur im Schritt „Punkten“ vergeben werden. Die Moderation "
                             "sagt Bescheid, wenn es losgeht."))


def give_vote(participant, idea):
    """Give one dot to ``idea``; returns the idea that holds the dot (merge target if merged)."""
    workshop = idea.workshop
    while idea.merged_into is not None:
        idea = idea.merged_into
    _check_phase(workshop)
    if not is_public(idea):
        raise VoteRejected(_("Für diese Idee kann man gerade nicht abstimmen."))
    if idea.participant_id == participant.id:
        raise VoteRejected(_("Ihre Punkte sind für die Ideen der anderen – für eigene Ideen kann man nicht abstimmen."))
    try:
        with write_transaction() as session:
            # Two dots of one person can reach two servers at the same moment; on PostgreSQL
            # both would count the dots used before either inserts. Locking the person's row
            # makes them take turns (SQLite's BEGIN IMMEDIATE already does).
            session.execute(select(Participant.id).where(Participant.id == participant.id).with_for_update())
            candidates = [idea.id] + [merged.id for merged in idea.merged]
            already = session.scalar(
                select(Vote.id).where(Vote.idea_id.in_(candidates), Vote.participant_id == participant.id).limit(1)
            )
            if already:
                return idea
            _check_rate(participant, session)  # counted in this transaction: one commit per dot
            used = session.scalar(select(func.count(Vote.id)).where(Vote.participant_id == participant.id))
            if used >= workshop.dots_per_participant:
                raise VoteRejected(
                    _("Sie haben alle %(dots)d Punkte vergeben. Nehmen Sie einen Punkt zurück, um ihn neu zu vergeben.",
                      dots=workshop.dots_per_participant)
                )
            _check_new_voter(participant, idea, session)  # last: only a dot that would count is counted
            session.add(Vote(idea_id=idea.id, participant_id=participant.id, created_at=limits.clock_utc()))
            announce_idea(session, idea)
    except IntegrityError:
        pass  # the same dot arrived twice at once: it is there, once
    return idea


def take_back_vote(participant, idea):
    workshop = idea.workshop
    while idea.merged_into is not None:  # as with giving: the dot sits with the merge target
        idea = idea.merged_into
    _check_phase(workshop)
    with write_transaction() as session:
        _check_rate(participant, session)
        # The dot may sit on the idea itself or, before a merge, on an idea merged into it.
        candidates = [idea.id] + [merged.id for merged in idea.merged]
        removed = session.execute(
            delete(Vote).where(Vote.participant_id == participant.id, Vote.idea_id.in_(candidates))
        ).rowcount
        if removed:
            announce_idea(session, idea)
    return idea


def idea_votes(workshop, idea):
    """The dots of ``idea``, or None while the workshop counts them in secret."""
    return None if workshop.votes_hidden else vote_counts([idea.id])[idea.id]


@dataclass
class VoteOutcome:
    """What a tap on a dot did: ``idea`` holds the dot (the merge target of the tapped
    idea), or is the tapped idea when the vote was refused; ``rejection`` says why."""

    workshop: object
    participant: object
    idea: object
    rejection: str | None = None

    def counts(self):
        """The idea's dots and the participant's, as both the API and the phone's script get them."""
        return {
            "idea_id": self.idea.id,
            "votes": idea_votes(self.workshop, self.idea),
            "dots_used": dots_used(self.participant),
            "dots": self.workshop.dots_per_participant,
        }


def cast_vote(workshop, participant, idea, give=True):
    """Give (``give``) or take back ``participant``'s dot on ``idea`` of ``workshop``.

    A refusal, also for a browser that has not joined (``participant`` None), comes back
    as the outcome's ``rejection`` instead of an exception.
    """
    try:
        if participant is None:
            raise VoteRejected(_("Bitte treten Sie dem Workshop zuerst bei."))
        idea = (give_vote if give else take_back_vote)(participant, idea)
    except VoteRejected as rejection:
        return VoteOutcome(workshop, participant, idea, rejection.message)
    return VoteOutcome(workshop, participant, idea)


def reset_votes(workshop):
    """Remove every dot of the workshop (moderator action)."""
    with write_transaction() as session:
        idea_ids = select(Idea.id).where(Idea.workshop_id == workshop.id)
        session.execute(delete(Vote).where(Vote.idea_id.in_(idea_ids)))
        record_event(session, workshop.id, "reload", {"reason": "votes_reset"})
