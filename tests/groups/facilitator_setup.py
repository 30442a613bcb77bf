"""A workshop with two groups, two ideas posted in each and the facilitator keys, for the
facilitator page's tests (``tests/groups/test_facilitator_*.py``)."""

from dataclasses import dataclass

from helpers import csrf_token, make_participant, post_idea


@dataclass
class Tables:
    workshop_id: int
    code: str
    group_ids: tuple  # (group 1, group 2)
    keys: tuple  # their facilitator keys
    ideas: dict  # group number -> [idea ids], newest last


def two_tables(workshop):
    from participation.extensions import db
    from participation.groups import services
    from participation.groups.keys import rotate_facilitator_key
    from participation.workshops.models import Group, Workshop

    first, second = services.add_groups(workshop, 2)
    ideas = {1: [], 2: []}
    for number, group in ((1, first), (2, second)):
        person = make_participant(db.session.get(Workshop, workshop.id), f"person{number}")
        services.join_group(person, db.session.get(Group, group.id))
        for text in (f"Bürgerbus von Tisch {number}", f"Dorfladen von Tisch {number}", f"WLAN von Tisch {number}"):
            ideas[number].append(post_idea(db.session.get(Workshop, workshop.id), person, text).id)
    keys = tuple(rotate_facilitator_key(db.session.get(Group, group.id)) for group in (first, second))
    return Tables(workshop.id, workshop.code, (first.id, second.id), keys, ideas)


def page_url(tables, number=1, key=None):
    key = tables.keys[number - 1] if key is None else key
    return f"/gruppe/{tables.code}/{number}" + (f"?key={key}" if key else "")


def action_url(tables, idea_id, action, number=1):
    return f"/gruppe/{tables.code}/{number}/idee/{idea_id}/{action}"


def post(client, url, key, **form):
    return client.post(url, data={"csrf_token": csrf_token(client), "key": key, **form})


def idea(idea_id):
    from participation.extensions import db
    from participation.ideas.models import Idea

    db.session.rollback()
    return db.session.get(Idea, idea_id)


def group(group_id):
    from participation.extensions import db
    from participation.workshops.models import Group

    db.session.rollback()
    return db.session.get(Group, group_id)
