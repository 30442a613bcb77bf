"""A scripted small load for the moderator's overview of groups, and the overview's
numbers counted straight from the database (without ``group_activity``), to compare."""

from collections import Counter

from sqlalchemy import select

from helpers import make_participant, post_idea
from participation.core.signals import content_changed
from participation.extensions import db
from participation.groups import services
from participation.ideas.done import set_done
from participation.ideas.models import Idea, Participant
from participation.ideas.state import is_public
from participation.moderation.services import hide
from participation.phases import services as run
from participation.workshops.models import Group, Workshop

GROUPS = 5
PEOPLE = 30
WITHOUT_GROUP = 5  # the last five people join no group


def fresh(workshop):
    return db.session.get(Workshop, workshop.id)


def start_collecting(workshop):
    """A run sheet whose first step (collecting) runs."""
    run.replace_steps(workshop, [{"kind": "collect", "question_positions": [], "duration_seconds": 600},
                                 {"kind": "vote", "question_positions": []}])
    workshop = fresh(workshop)
    run.start_step(workshop, workshop.steps[0])
    return fresh(workshop)


def scripted_evening(workshop):
    """5 groups, 30 people (25 in groups, 5 without), 1-3 ideas each, some done with the
    step, some ideas hidden, some promoted. Returns the groups."""
    with content_changed.muted():  # no text analysis after every idea: only numbers count here
        return _scripted_evening(workshop)


def _scripted_evening(workshop):
    groups = services.add_groups(workshop, GROUPS)
    workshop = start_collecting(fresh(workshop))
    for number in range(PEOPLE):
        person = make_participant(workshop, f"person{number:02d}")
        if number < PEOPLE - WITHOUT_GROUP:
            services.join_group(person, db.session.get(Group, groups[number % GROUPS].id))
        for count in range(1 + number % 3):
            post_idea(fresh(workshop), db.session.get(Participant, person.id),
                      f"Idee {count} von Person {number}: Bank am Deich Nummer {number * 10 + count}",
                      question=count % len(workshop.questions))
        if number % 4 == 0:
            set_done(fresh(workshop), db.session.get(Participant, person.id), True)
    ideas = db.session.scalars(select(Idea).where(Idea.workshop_id == workshop.id).order_by(Idea.id)).all()
    for idea in ideas[::7]:
        hide(idea)
    for group in groups[:3]:
        group = db.session.get(Group, group.id)
        public = [idea for idea in db.session.scalars(select(Idea).where(Idea.group_id == group.id)
                                                      .order_by(Idea.id)) if is_public(idea)]
        for idea in public[:1 + group.number % 3]:
            services.promote(group, idea)
    return groups


def counted_from_the_database(workshop):
    """{group id or None: {"ideas", "pending", "people", "done", "promoted"}}, counted in Python."""
    workshop = fresh(workshop)
    db.session.expire_all()
    ideas = db.session.scalars(select(Idea).where(Idea.workshop_id == workshop.id)).all()
    people = db.session.scalars(select(Participant).where(Participant.workshop_id == workshop.id)).all()
    public = Counter(idea.group_id for idea in ideas if is_public(idea))
    total = Counter(idea.group_id for idea in ideas)
    promoted = Counter(idea.group_id for idea in ideas if is_public(idea) and idea.promoted_at is not None)
    members = Counter(person.group_id for person in people)
    done = Counter(person.group_id for person in people if person.done_step_id == workshop.current_step_id)
    keys = [group.id for group in workshop.groups] + [None]
    return {key: {"ideas": public[key], "pending": total[key] - public[key], "people": members[key],
                  "done": done[key], "promoted": promoted[key]} for key in keys}
