"""Groups and what happens in them, below the pages: adding groups, joining, ideas keeping
the group they were posted in, promoting within the limit, help and message events, the
overview's numbers."""

import pytest
from sqlalchemy import select

from helpers import make_participant, post_idea
from participation.events.models import Event
from participation.extensions import db
from participation.groups import services
from participation.groups.services import GroupError
from participation.ideas.cards import Card, add_cards
from participation.ideas.models import HIDDEN, Idea
from participation.ideas.state import idea_state
from participation.moderation.services import hide
from participation.workshops.models import Group, Workshop


def _events(workshop, kind):
    return [event.payload for event in db.session.scalars(
        select(Event).where(Event.workshop_id == workshop.id, Event.kind == kind).order_by(Event.seq))]


def _fresh(workshop):
    return db.session.get(Workshop, workshop.id)


def test_groups_are_numbered_and_named(workshop):
    first = services.add_group(workshop, "  Tisch am Fenster ", topic="Mobilität", facilitator="Pat")
    created = services.add_groups(_fresh(workshop), 3)
    assert first.number == 1 and first.name == "Tisch am Fenster" and first.topic == "Mobilität"
    assert [(group.number, group.name) for group in created] == [(2, "Tisch 2"), (3, "Tisch 3"), (4, "Tisch 4")]
    assert [payload["group"]["name"] for payload in _events(workshop, "group")][-1] == "Tisch 4"
    with pytest.raises(GroupError, match="schon"):
        services.add_group(_fresh(workshop), "tisch 2")
    with pytest.raises(GroupError, match="Namen"):
        services.add_group(_fresh(workshop), "   ")
    with pytest.raises(GroupError, match="Leitfrage"):
        services.add_group(_fresh(workshop), "Gruppe X", question_id=999_999)
    with pytest.raises(GroupError, match="ab 1"):
        services.add_groups(_fresh(workshop), 0)


def test_ideas_keep_the_group_they_were_posted_in(workshop):
    red, blue = services.add_groups(workshop, 2)
    anna = make_participant(workshop, "anna")
    services.join_group(anna, red)
    first = post_idea(workshop, anna, "Bürgerbus am Sonntag")
    services.join_group(anna, db.session.get(Group, blue.id))
    second = post_idea(_fresh(workshop), anna, "WLAN im Bürgerhaus")
    assert (first.group_id, second.group_id) == (red.id, blue.id)
    assert idea_state(second)["group_id"] == blue.id and idea_state(second)["promoted"] is False
    states, _repeated = add_cards(_fresh(workshop), workshop.questions[0].id, [Card("Karte vom Tisch")],
                                  group_id=red.id)
    assert states[0]["group_id"] == red.id


def test_a_card_cannot_name_another_workshops_group(workshop, moderator):
    from participation.workshops.services import create_workshop

    other = create_workshop(moderator, "dithmarschen", title="Anderer Workshop")
    foreign = services.add_group(other, "Fremd")
    from participation.ideas.rules import IdeaRejected

    with pytest.raises(IdeaRejected):
        add_cards(_fresh(workshop), workshop.questions[0].id, [Card("Karte")], group_id=foreign.id)


def test_promoting_stops_at_the_limit_and_only_in_the_own_group(workshop):
    red, blue = services.add_groups(workshop, 2)
    anna, bert = make_participant(workshop, "anna"), make_participant(workshop, "bert")
    services.join_group(anna, red)
    services.join_group(bert, db.session.get(Group, blue.id))
    ideas = [post_idea(_fresh(workshop), anna, f"Idee {n} vom roten Tisch") for n in range(4)]
    theirs = post_idea(_fresh(workshop), bert, "Idee vom blauen Tisch")
    red = db.session.get(Group, red.id)
    services.set_promote_limit(_fresh(workshop), 2)
    for idea in ideas[:2]:
        services.promote(red, db.session.get(Idea, idea.id))
    with pytest.raises(GroupError, match="schon 2"):
        services.promote(red, db.session.get(Idea, ideas[2].id))
    with pytest.raises(GroupError, match="nicht zu Ihrer Gruppe"):
        services.promote(red, db.session.get(Idea, theirs.id))
    assert services.promoted_count(red) == 2
    assert [event["idea"]["promoted"] for event in _events(workshop, "idea")][-2:] == [True, True]
    services.unpromote(red, db.session.get(Idea, ideas[0].id))
    services.promote(red, db.session.get(Idea, ideas[2].id))
    assert [idea.id for idea in services.promoted_ideas(_fresh(workshop))] == [ideas[1].id, ideas[2].id]
    hide(db.session.get(Idea, ideas[3].id))
    with pytest.raises(GroupError, match="sichtbare"):
        services.promote(red, db.session.get(Idea, ideas[3].id))
    assert db.session.get(Idea, ideas[3].id).status == HIDDEN


def test_help_message_and_overview(workshop):
    red, blue = services.add_groups(workshop, 2)
    anna = make_participant(workshop, "anna")
    services.join_group(anna, red)
    post_idea(_fresh(workshop), anna, "Mehr Bänke am Deich")
    make_participant(workshop, "ohne")
    services.raise_help(db.session.get(Group, blue.id))
    assert _events(workshop, "group")[-1]["group"]["help"] is True
    services.send_group_message(_fresh(workshop), "  Noch 5 Minuten ")
    assert _events(workshop, "group.message")[-1]["text"] == "Noch 5 Minuten"
    with pytest.raises(GroupError):
        services.send_group_message(_fresh(workshop), " ")
    rows = {row["name"]: row for row in services.group_activity(_fresh(workshop))}
    assert (rows["Tisch 1"]["ideas"], rows["Tisch 1"]["people"], rows["Tisch 1"]["help"]) == (1, 1, False)
    assert (rows["Tisch 2"]["ideas"], rows["Tisch 2"]["help"]) == (0, True)
    assert rows["Ohne Gruppe"]["people"] == 1
    services.clear_help(db.session.get(Group, blue.id))
    services.clear_group_message(_fresh(workshop))
    assert _events(workshop, "group.message")[-1]["text"] is None


def test_a_group_with_ideas_is_not_deleted(workshop):
    red, blue = services.add_groups(workshop, 2)
    anna = make_participant(workshop, "anna")
    services.join_group(anna, red)
    post_idea(_fresh(workshop), anna, "Mehr Bänke am Deich")
    with pytest.raises(GroupError, match="1 Ideen"):
        services.delete_group(db.session.get(Group, red.id))
    services.delete_group(db.session.get(Group, blue.id))
    assert [group.name for group in _fresh(workshop).groups] == ["Tisch 1"]
