"""Adopting a proposed Handlungsfeld takes exactly the ideas shown (issue 15, item 8).

Root cause of the old behaviour: ``adopt_group`` put the shown ideas into the new field
only as the analysis' guess (not confirmed), and the analysis it ran right afterwards
sorted every open idea again by the new field's profile (its name and the group's
discovered terms): shown ideas fell back out, and ideas sharing a term went in.
"""

from sqlalchemy import select

from participation.extensions import db
from participation.ideas.models import Idea
from participation.moderation import services as moderation
from participation.fields import services as sorting

from hall_ideas import build_hall


def _members(field_id):
    db.session.rollback()
    return {idea.id: idea.field_confirmed for idea in db.session.scalars(select(Idea).where(Idea.field_id == field_id))}


def test_adopting_takes_exactly_the_shown_ideas_and_a_re_run_keeps_them(workshop):
    build_hall(workshop, 125)
    db.session.rollback()
    shown_groups = [[idea.id for idea in group["ideas"]] for group in sorting.proposals(workshop)]
    terms = [list(group["terms"]) for group in sorting.proposals(workshop)]
    assert len(shown_groups) >= 3 and max(len(group) for group in shown_groups) >= 5
    adopted = []
    for number, (shown, group_terms) in enumerate(zip(shown_groups, terms)):
        adoption = sorting.adopt_group(workshop, shown, f"Neues Feld {number}", group_terms)
        assert adoption.left_out == [] and sorted(adoption.taken) == sorted(shown)
        adopted.append((adoption.field.id, shown))
    sorting.run_analysis(workshop)  # a later run, e.g. after the next post
    for field_id, shown in adopted:
        members = _members(field_id)
        for idea_id in shown:  # every shown idea is there, as the moderator's decision
            assert members.get(idea_id) is True, (field_id, idea_id, members)


def test_keywords_of_an_adopted_field_are_terms_its_ideas_share(workshop):
    build_hall(workshop, 125)
    db.session.rollback()
    group = next(group for group in sorting.proposals(workshop) if len(group["ideas"]) == 2)
    texts = [idea.text.casefold() for idea in group["ideas"]]
    adoption = sorting.adopt_group(workshop, [idea.id for idea in group["ideas"]], "Zwei", list(group["terms"]))
    assert adoption.field.keywords
    for keyword in adoption.field.keywords:  # a word of one idea only (a place) pulled others in
        assert all(keyword.casefold() in text for text in texts), keyword


def test_adopting_names_each_shown_idea_it_leaves_out(workshop):
    build_hall(workshop, 125)
    db.session.rollback()
    group = max(sorting.proposals(workshop), key=lambda group: len(group["ideas"]))
    shown = [idea.id for idea in group["ideas"]]
    hidden, decided = group["ideas"][0], group["ideas"][1]
    hidden_text, decided_text = hidden.text, decided.text
    mobility = next(field for field in workshop.fields if field.name == "Mobilität")
    moderation.hide(hidden)  # both happen after the proposal was shown
    sorting.move_idea(db.session.get(Idea, decided.id), mobility)
    adoption = sorting.adopt_group(workshop, shown, "Hunde und Boßeln", list(group["terms"]))
    assert sorted(adoption.taken) == sorted(shown[2:])
    assert adoption.left_out == [
        (hidden_text, "inzwischen ausgeblendet oder zusammengeführt"),
        (decided_text, "inzwischen von der Moderation nach „Mobilität“ verschoben"),
    ]
    members = _members(adoption.field.id)
    assert all(members.get(idea_id) is True for idea_id in shown[2:])
    assert hidden.id not in members and decided.id not in members
    assert db.session.get(Idea, decided.id).field_id == mobility.id


def test_merging_a_group_into_a_field_takes_exactly_the_shown_ideas(workshop):
    build_hall(workshop, 125)
    db.session.rollback()
    group = max(sorting.proposals(workshop), key=lambda group: len(group["ideas"]))
    shown = [idea.id for idea in group["ideas"]]
    kultur = next(field for field in workshop.fields if field.name.startswith("Kultur"))
    adoption = sorting.merge_group_into(workshop, kultur, shown, list(group["terms"]))
    assert sorted(adoption.taken) == sorted(shown)
    sorting.run_analysis(workshop)
    members = _members(kultur.id)
    assert all(members.get(idea_id) is True for idea_id in shown)


def test_a_shown_idea_that_shares_no_term_with_the_new_field_stays_in_it(workshop):
    """The reported case: shown ideas fell back to "Noch nicht zugeordnet" after adopting."""
    from participation.database import write_transaction

    texts = ("Hundewiese mit Zaun am Ortsrand", "Hundewiese für große Hunde", "Hundekotbeutel-Spender an der Hundewiese",
             "Grünkohlessen nach dem Boßeln", "Telemedizin beim Hausarzt", "Glasfaser fürs Dorf")
    with write_transaction() as session:
        ideas = [Idea(workshop_id=workshop.id, question_id=workshop.questions[0].id, idempotency_key=f"a-{n}",
                      text=text, status="visible") for n, text in enumerate(texts)]
        session.add_all(ideas)
    sorting.run_analysis(workshop)
    shown = [idea.id for idea in ideas[:4]]  # as the proposal's form carries them
    field = sorting.adopt_group(workshop, shown, "Hunde", ["Hundewiese"]).field
    sorting.run_analysis(workshop)
    members = _members(field.id)
    assert {idea_id: members.get(idea_id) for idea_id in shown} == {idea_id: True for idea_id in shown}
