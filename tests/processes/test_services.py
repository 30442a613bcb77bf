"""Processes below the pages: joining links the workshops' fields to one catalogue, editing the
catalogue edits every workshop, leaving and deleting lose nothing, and a moderator's decision
in one workshop teaches the analysis of the others."""

import pytest
from sqlalchemy import func, select

from helpers import make_participant, post_idea
from participation.extensions import db
from participation.fields import services as sorting
from participation.fields.services import process_examples
from participation.ideas.models import Idea, Vote
from participation.moderation.services import hide
from participation.processes import services
from participation.processes.models import Process, ProcessField
from participation.processes.services import ProcessError
from participation.workshops.models import Field, Workshop
from participation.workshops.services import create_workshop
from participation.workshops.structure import add_field, update_field


def _fresh(workshop):
    return db.session.get(Workshop, workshop.id)


def _names(workshop):
    return [field.name for field in _fresh(workshop).fields]


def _snapshot(workshop):
    """Everything of a workshop that leaving a process must keep."""
    ideas = db.session.execute(
        select(Idea.id, Idea.text, Idea.status, Idea.field_id, Idea.field_confirmed).where(Idea.workshop_id == workshop.id)
        .order_by(Idea.id)).all()
    fields = db.session.execute(select(Field.id, Field.name, Field.keywords).where(Field.workshop_id == workshop.id)
                                .order_by(Field.id)).all()
    votes = db.session.scalar(select(func.count(Vote.id)).join(Idea).where(Idea.workshop_id == workshop.id))
    return ideas, fields, votes


def test_a_process_gets_a_free_address_and_a_checked_title(moderator):
    first = services.create_process(moderator, "  Dithmarschen Digital  ", "Strategie 2027")
    second = services.create_process(moderator, "Dithmarschen digital")
    assert (first.title, first.slug, second.slug) == ("Dithmarschen Digital", "dithmarschen-digital",
                                                      "dithmarschen-digital-2")
    assert not first.public
    with pytest.raises(ProcessError, match="Titel"):
        services.create_process(moderator, "   ")
    with pytest.raises(ProcessError, match="Adresse"):
        services.update_process(second, "Zweiter", "", slug="dithmarschen-digital")
    with pytest.raises(ProcessError, match="Kleinbuchstaben"):
        services.update_process(second, "Zweiter", "", slug="Mit Leerzeichen!")
    services.update_process(second, "Zweiter", "", public=True, slug="kreis-2027")
    assert (second.slug, second.public) == ("kreis-2027", True)


def test_joining_links_fields_by_name_and_shares_what_one_workshop_adds(moderator):
    first = create_workshop(moderator, "dithmarschen", title="Auftakt")
    second = create_workshop(moderator, "dithmarschen", title="Zweiter Abend")
    add_field(second, "Tourismus", keywords=["Urlaub", "Gäste"])
    update_field(_fresh(second).fields[0], " bildung ", "", ["Schule"], "#123456")  # the same field, other spelling
    process = services.create_process(moderator, "Kreisstrategie")
    services.join(process, _fresh(first))
    assert [entry.name for entry in process.fields] == _names(first)
    services.join(process, _fresh(second))
    catalogue = db.session.scalars(select(ProcessField).where(ProcessField.process_id == process.id)
                                   .order_by(ProcessField.position)).all()
    assert [entry.name for entry in catalogue][-1] == "Tourismus"
    assert "Tourismus" in _names(first)  # the catalogue grew: the first event got the field too
    for workshop in (first, second):
        linked = db.session.execute(select(Field.name, Field.process_field_id).where(Field.workshop_id == workshop.id)).all()
        assert all(entry_id is not None for _name, entry_id in linked)
        assert len({entry_id for _name, entry_id in linked}) == len(catalogue)
    assert _names(second).count("bildung") == 1 and "Bildung" not in _names(second)  # linked, not added twice
    assert [workshop.title for workshop in db.session.get(Process, process.id).workshops] == ["Auftakt", "Zweiter Abend"]


def test_editing_the_catalogue_edits_every_workshop_and_removing_keeps_the_fields(moderator):
    workshops = [create_workshop(moderator, "dithmarschen", title=f"Abend {n}") for n in range(2)]
    process = services.create_process(moderator, "Kreisstrategie")
    for workshop in workshops:
        services.join(process, _fresh(workshop))
    entry = db.session.get(Process, process.id).fields[2]
    services.update_entry(entry, "Mobilität & Verkehr", "Bus, Bahn, Rad", ["Bus", "Radweg"], "#aa3300")
    for workshop in workshops:
        field = next(field for field in _fresh(workshop).fields if field.process_field_id == entry.id)
        assert (field.name, field.keywords, field.colour) == ("Mobilität & Verkehr", ["Bus", "Radweg"], "#aa3300")
    with pytest.raises(ProcessError, match="schon"):
        services.add_entry(db.session.get(Process, process.id), "mobilität &  verkehr")
    added = services.add_entry(db.session.get(Process, process.id), "Tourismus", keywords=["Urlaub"])
    assert all("Tourismus" in _names(workshop) for workshop in workshops)
    services.remove_entry(db.session.get(ProcessField, added.id))
    assert all("Tourismus" in _names(workshop) for workshop in workshops)  # kept, only no longer shared
    assert db.session.scalar(select(func.count(Field.id)).where(Field.name == "Tourismus",
                                                                Field.process_field_id.is_not(None))) == 0


def test_a_field_added_in_one_workshop_can_be_shared_later(moderator):
    workshops = [create_workshop(moderator, "dithmarschen", title=f"Abend {n}") for n in range(2)]
    process = services.create_process(moderator, "Kreisstrategie")
    for workshop in workshops:
        services.join(process, _fresh(workshop))
    local = add_field(_fresh(workshops[0]), "Landwirtschaft")
    assert [field.name for field in services.unlinked_fields(db.session.get(Process, process.id))] == ["Landwirtschaft"]
    services.adopt_field(db.session.get(Process, process.id), db.session.get(Field, local.id))
    assert services.unlinked_fields(db.session.get(Process, process.id)) == []
    assert "Landwirtschaft" in _names(workshops[1])


def test_leaving_and_deleting_the_process_keep_everything(moderator):
    workshops = [create_workshop(moderator, "dithmarschen", title=f"Abend {n}") for n in range(2)]
    process = services.create_process(moderator, "Kreisstrategie")
    for workshop in workshops:
        people = [make_participant(workshop, name) for name in ("a", "b")]
        ideas = [post_idea(workshop, people[n % 2], text) for n, text in
                 enumerate(("Bürgerbus am Abend", "Tablets für Schulen", "Geheim: versteckt"))]
        hide(ideas[2])
        sorting.move_idea(ideas[0], _fresh(workshop).fields[2])
        services.join(process, _fresh(workshop))
    before = [_snapshot(workshop) for workshop in workshops]
    services.leave(_fresh(workshops[0]))
    assert _fresh(workshops[0]).process_id is None
    assert all(field.process_field_id is None for field in _fresh(workshops[0]).fields)
    after = _snapshot(workshops[0])
    assert after[0] == before[0][0] and after[2] == before[0][2]
    assert [row[:2] for row in after[1]] == [row[:2] for row in before[0][1]]
    services.delete_process(db.session.get(Process, process.id))
    assert db.session.get(Process, process.id) is None
    assert _fresh(workshops[1]).process_id is None
    assert _snapshot(workshops[1])[0] == before[1][0]


# --- learning across the events -------------------------------------------------------------

REPAIR_DECIDED = (
    "Repair-Café im Dorfgemeinschaftshaus einmal im Monat",
    "Ein Repair-Café, in dem Ehrenamtliche Geräte reparieren",
    "Repair-Café mit Sprechstunde für kaputte Handys",
)
REPAIR_NEW = "Repair-Café für Handys und Laptops im Dorf"


def _field_named(workshop, name):
    return next(field for field in _fresh(workshop).fields if field.name == name)


def test_a_decision_in_one_workshop_moves_a_similar_idea_in_another(moderator):
    first = create_workshop(moderator, "dithmarschen", title="Auftakt")
    second = create_workshop(moderator, "dithmarschen", title="Online-Phase")
    people = [make_participant(first, name) for name in ("a", "b")]
    decided = [post_idea(first, people[n % 2], text) for n, text in enumerate(REPAIR_DECIDED)]
    filler = ("Mehr Busse am Abend", "Tablets für Grundschulen", "Glasfaser für alle Dörfer", "Hausarzt online")
    for n, text in enumerate(filler):
        post_idea(first, people[n % 2], text)
    guest = make_participant(second, "c")
    target = post_idea(second, guest, REPAIR_NEW)
    for n, text in enumerate(("Bus nach Heide", "Schule digital", "WLAN am Hafen")):
        post_idea(second, guest, text)
    environment = "Umwelt & Energie"
    for idea in decided:
        sorting.move_idea(idea, _field_named(first, environment))
    sorting.run_analysis(_fresh(second))
    alone = db.session.get(Idea, target.id).field_id
    assert alone != _field_named(second, environment).id  # on its own, the analysis puts it elsewhere

    process = services.create_process(moderator, "Kreisstrategie")
    services.join(process, _fresh(first))
    services.join(process, _fresh(second))  # both are analysed again on joining
    db.session.expire_all()
    moved = db.session.get(Idea, target.id)
    assert moved.field_id == _field_named(second, environment).id and not moved.field_confirmed

    services.leave(_fresh(second))  # on its own again: the other workshop's decisions no longer teach it
    sorting.run_analysis(_fresh(second))
    db.session.expire_all()
    assert db.session.get(Idea, target.id).field_id == alone


def test_only_decisions_the_room_saw_in_other_workshops_teach(moderator):
    first = create_workshop(moderator, "dithmarschen", title="Auftakt")
    second = create_workshop(moderator, "dithmarschen", title="Online-Phase")
    person = make_participant(first, "a")
    shown, hidden_idea, _undecided = (post_idea(first, person, text) for text in REPAIR_DECIDED)
    for idea in (shown, hidden_idea):
        sorting.move_idea(idea, _field_named(first, "Umwelt & Energie"))
    hide(db.session.get(Idea, hidden_idea.id))
    own = post_idea(second, make_participant(second, "b"), REPAIR_NEW)
    sorting.move_idea(own, _field_named(second, "Bildung"))
    assert process_examples(_fresh(second)) == {}  # no process, no foreign examples
    process = services.create_process(moderator, "Kreisstrategie")
    services.join(process, _fresh(first))
    services.join(process, _fresh(second))
    examples = process_examples(_fresh(second))
    assert examples == {-shown.id: (REPAIR_DECIDED[0], _field_named(second, "Umwelt & Energie").id)}
    assert process_examples(_fresh(first)) == {-own.id: (REPAIR_NEW, _field_named(first, "Bildung").id)}


def test_a_decision_after_joining_reaches_the_other_workshops_at_once(moderator):
    first = create_workshop(moderator, "dithmarschen", title="Auftakt")
    second = create_workshop(moderator, "dithmarschen", title="Online-Phase")
    process = services.create_process(moderator, "Kreisstrategie")
    services.join(process, _fresh(first))
    services.join(process, _fresh(second))
    people = [make_participant(first, name) for name in ("a", "b")]
    decided = [post_idea(first, people[n % 2], text) for n, text in enumerate(REPAIR_DECIDED)]
    guest = make_participant(second, "c")
    target = post_idea(second, guest, REPAIR_NEW)
    for text in ("Bus nach Heide", "Schule digital", "WLAN am Hafen"):
        post_idea(second, guest, text)
    sorting.run_analysis(_fresh(second))
    environment = _field_named(second, "Umwelt & Energie").id
    assert db.session.get(Idea, target.id).field_id != environment
    for idea in decided:  # the moderator sorts in the first workshop only
        sorting.move_idea(db.session.get(Idea, idea.id), _field_named(first, "Umwelt & Energie"))
    db.session.expire_all()
    assert db.session.get(Idea, target.id).field_id == environment
    for idea in decided:  # and takes the decisions back: the idea follows
        sorting.release_idea(db.session.get(Idea, idea.id))
    db.session.expire_all()
    assert db.session.get(Idea, target.id).field_id != environment
