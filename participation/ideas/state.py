"""Which ideas the room sees, and the public shape of an idea as pages, the API and live
events show it.

One rule says what is public (``is_public``: approved, not hidden, not merged into
another), asked of an idea, of its state (``is_public_state``) or as SQL (``public_in``,
``public_ideas``). One function builds the state, so the wall, the phones and the API
never disagree. While a workshop's dots are counted in secret (a voting step of its run
sheet, until the reveal) every state carries ``votes: None``. It holds no participant
id, token or anything else that could identify a person beyond the nickname they chose
to show.
"""

from collections import defaultdict
from types import SimpleNamespace

from sqlalchemy import func, select, union

from ..extensions import db
from ..workshops.models import Workshop
from .models import PHONE, VISIBLE, Idea, IdeaRevision, Participant, Vote


def vote_counts(idea_ids):
    """Dots per idea: the digital ones (each person counted once across an idea and the
    ideas merged into it) and those given outside the app (``paper_vote_counts``)."""
    idea_ids = list(idea_ids)
    if not idea_ids:
        return {}
    counts = digital_vote_counts(idea_ids)
    for target, paper in paper_vote_counts(idea_ids).items():
        counts[target] += paper
    return counts


def paper_vote_counts(idea_ids):
    """Dots given outside the app per idea (sticker dots on a paper card, votes carried over
    from an imported file): its own and those of the ideas merged into it."""
    idea_ids = list(idea_ids)
    counts = dict.fromkeys(idea_ids, 0)
    if not idea_ids:
        return counts
    own = db.session.execute(
        select(Idea.id, Idea.paper_votes).where(Idea.id.in_(idea_ids), Idea.paper_votes > 0)
    )
    merged = db.session.execute(
        select(Idea.merged_into_id, func.sum(Idea.paper_votes))
        .where(Idea.merged_into_id.in_(idea_ids), Idea.paper_votes > 0).group_by(Idea.merged_into_id)
    )
    for target, paper in [*own, *merged]:
        counts[target] += int(paper or 0)
    return counts


def digital_vote_counts(idea_ids):
    """Dots given on phones per idea, counting each person once across an idea and the
    ideas merged into it."""
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


def count_votes(workshop):
    """How many dots have been given in ``workshop`` so far, on any idea, on phones and on
    paper: what the console shows while the dots are counted in secret (the total tells no
    one who leads)."""
    digital = db.session.scalar(
        select(func.count(Vote.id)).join(Idea, Idea.id == Vote.idea_id).where(Idea.workshop_id == workshop.id)
    ) or 0
    paper = db.session.scalar(select(func.sum(Idea.paper_votes)).where(Idea.workshop_id == workshop.id)) or 0
    return digital + int(paper)


def is_public(idea):
    """Shown to attendees and on the wall: approved, not hidden, not merged into another."""
    return idea.status == VISIBLE and idea.merged_into_id is None


def is_public_state(state):
    """``is_public`` of an idea's state (``idea_state``), as live events carry it."""
    return state["status"] == VISIBLE and state["merged_into_id"] is None


def public_in(workshop):
    """``is_public`` as SQL criteria, for the ideas of ``workshop``."""
    return Idea.workshop_id == workshop.id, Idea.status == VISIBLE, Idea.merged_into_id.is_(None)


def public_ideas(workshop, order_by=(Idea.created_at, Idea.id), options=()):
    """The ideas of ``workshop`` the room sees, oldest first (or in ``order_by``), with
    the loader ``options`` the caller needs: the wall's, the exports' and the analysis' list."""
    query = select(Idea).where(*public_in(workshop)).options(*options).order_by(*order_by)
    return db.session.scalars(query).all()


def shows_merged_text(merged):
    """Whether the card of the idea ``merged`` went into lists its text: not while it is
    hidden or waiting for approval."""
    return merged.status == VISIBLE


def count_public_ideas(workshop):
    """How many ideas the room sees (``is_public``), the one count the wall and the
    workshop overview show: hidden, pending and merged-away ideas are not in it."""
    return db.session.scalar(select(func.count(Idea.id)).where(*public_in(workshop))) or 0


def highest_idea_id(workshop):
    """The newest idea id of ``workshop`` in any state (0 for none). A wall that asks for
    its count takes this with it: live news about an idea up to this id is already in the
    count it got, even when the news arrives after the answer."""
    return db.session.scalar(select(func.max(Idea.id)).where(Idea.workshop_id == workshop.id)) or 0


def count_unseen_ideas(workshop, public_count):
    """Ideas of ``workshop`` the room does not see: hidden, waiting for approval or merged
    into another (their text shows on that idea's card). ``public_count`` is
    ``count_public_ideas(workshop)``, which the caller shows beside this one."""
    total = db.session.scalar(select(func.count(Idea.id)).where(Idea.workshop_id == workshop.id)) or 0
    return total - public_count


def idea_counts(workshop):
    """(``count_public_ideas``, ``count_unseen_ideas``) of ``workshop``, as its overview shows them."""
    public = count_public_ideas(workshop)
    return public, count_unseen_ideas(workshop, public)


def votes_hidden_in(workshop_ids):
    """The workshops among ``workshop_ids`` whose dots are counted in secret right now
    (a voting step before the reveal): their ideas carry ``votes: None`` everywhere."""
    workshop_ids = set(workshop_ids)
    if not workshop_ids:
        return set()
    return set(db.session.scalars(
        select(Workshop.id).where(Workshop.id.in_(workshop_ids), Workshop.votes_hidden)
    ))


def idea_state(idea, votes=None):
    paper = None
    if votes_hidden_in([idea.workshop_id]):
        votes = None
    else:
        paper = paper_vote_counts([idea.id])[idea.id]
        if votes is None:
            votes = digital_vote_counts([idea.id])[idea.id] + paper
    merged_texts = [merged.text for merged in idea.merged if shows_merged_text(merged)]
    return _state(idea, votes, idea.nickname, merged_texts, bool(idea.revisions), paper)


def new_idea_state(values, nickname, votes_hidden=False):
    """``idea_state`` of an idea just inserted from ``values`` (its columns), without a
    query: nobody has voted on it on a phone, merged into it or edited it, and no field is
    set yet (a card may bring dots given on paper)."""
    values = {"field_id": None, "field_confirmed": False, "source": PHONE, "source_name": None,
              "group_id": None, "promoted_at": None, **values}
    paper = values.pop("paper_votes", 0) or 0
    idea = SimpleNamespace(merged_into_id=None, **values)
    return _state(idea, None if votes_hidden else paper, nickname, [], False, None if votes_hidden else paper)


def idea_states(ideas):
    """``idea_state`` of many ideas in five queries, however many there are (a hall's
    phone page and wall list a thousand and are drawn again after every post)."""
    ideas = list(ideas)
    ids = [idea.id for idea in ideas]
    if not ids:
        return []
    hidden = votes_hidden_in(idea.workshop_id for idea in ideas)
    counts = digital_vote_counts(ids)
    paper = paper_vote_counts(ids)
    counts = {key: count + paper[key] for key, count in counts.items()}
    if hidden:
        counts.update({idea.id: None for idea in ideas if idea.workshop_id in hidden})
        paper.update({idea.id: None for idea in ideas if idea.workshop_id in hidden})
    people = {idea.participant_id for idea in ideas if idea.participant_id is not None}
    nicknames = {}
    if people:
        nicknames = dict(db.session.execute(
            select(Participant.id, Participant.nickname).where(Participant.id.in_(people))
        ).all())
    merged = defaultdict(list)
    for target, text in db.session.execute(
        select(Idea.merged_into_id, Idea.text)
        .where(Idea.merged_into_id.in_(ids), Idea.status == VISIBLE)  # as shows_merged_text, in SQL
        .order_by(Idea.id)
    ):
        merged[target].append(text)
    edited = set(db.session.scalars(select(IdeaRevision.idea_id).where(IdeaRevision.idea_id.in_(ids)).distinct()))
    return [
        _state(idea, counts[idea.id], nicknames.get(idea.participant_id, idea.author), merged[idea.id],
               idea.id in edited, paper[idea.id])
        for idea in ideas
    ]


def _state(idea, votes, nickname, merged_texts, edited, paper_votes):
    """``votes``: all dots (None while counted in secret); ``paper_votes``: those of them
    given outside the app; ``source``: where the idea came from (``models.IDEA_SOURCES``);
    ``group_id``: the group it was posted in, ``promoted``: its group chose it for the plenary."""
    return {
        "id": idea.id,
        "question_id": idea.question_id,
        "text": idea.text,
        "nickname": nickname,
        "status": idea.status,
        "votes": votes,
        "paper_votes": paper_votes,
        "source": idea.source,
        "source_name": idea.source_name,
        "merged_into_id": idea.merged_into_id,
        "merged_texts": merged_texts,
        "edited": edited,
        "field_id": idea.field_id,
        "field_confirmed": idea.field_confirmed,
        "group_id": idea.group_id,
        "promoted": idea.promoted_at is not None,
        "created_at": idea.created_at.isoformat(),
    }
