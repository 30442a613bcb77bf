"""The public shape of an idea, as pages, the API and live events show it.

One function builds it so the wall, the phones and the API never disagree. It holds no
participant id, token or anything else that could identify a person beyond the nickname
they chose to show.
"""

from sqlalchemy import func, select, union

from ..extensions import db
from .models import VISIBLE, Idea, Vote


def vote_counts(idea_ids):
    """Dots per idea, counting each person once across an idea and the ideas merged into it."""
    idea_ids = list(idea_ids)
    if not idea_ids:
        return {}
    own = select(Vote.idea_id.label("target"), Vote.participant_id).where(Vote.idea_id.in_(idea_ids))
    merged = (
        select(Idea.merged_into_id.label("target"), Vote.participant_id)
        .join(Vote, Vote.idea_id == Idea.id)
        .where(Idea.merged_into_id.in_(idea_ids))
    )
    voters = union(own, merged).subquery()
    rows = db.session.execute(
        select(voters.c.target, func.count(voters.c.participant_id)).group_by(voters.c.target)
    )
    counts = dict.fromkeys(idea_ids, 0)
    counts.update({target: count for target, count in rows})
    return counts


def is_public(idea):
    """Shown to attendees and on the wall: approved, not hidden, not merged into another."""
    return idea.status == VISIBLE and idea.merged_into_id is None


def idea_state(idea, votes=None):
    if votes is None:
        votes = vote_counts([idea.id])[idea.id]
    return {
        "id": idea.id,
        "question_id": idea.question_id,
        "text": idea.text,
        "nickname": idea.nickname,
        "status": idea.status,
        "votes": votes,
        "merged_into_id": idea.merged_into_id,
        "merged_texts": [merged.text for merged in idea.merged],
        "edited": bool(idea.revisions),
        "field_id": idea.field_id,
        "field_confirmed": idea.field_confirmed,
        "created_at": idea.created_at.isoformat(),
    }


def idea_states(ideas):
    counts = vote_counts(idea.id for idea in ideas)
    return [idea_state(idea, counts[idea.id]) for idea in ideas]
