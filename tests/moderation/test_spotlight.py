"""The wall's spotlight follows its idea: edits show, deletion, hiding and merging move or clear it."""

from sqlalchemy import select

from participation.auth.services import create_moderator
from participation.database import write_transaction
from participation.extensions import db
from participation.ideas.models import Participant
from participation.ideas.services import delete_idea, edit_idea, submit_idea
from participation.events.models import Event
from participation.moderation import services as moderation

from helpers import csrf_token


def _idea(workshop, text, name="anna"):
    with write_transaction() as session:
        participant = Participant(workshop_id=workshop.id, token_hash=name.ljust(64, "0"))
        session.add(participant)
    idea, _ = submit_idea(workshop, participant, workshop.questions[0].id, text, f"key-{name}-0001")
    return idea


def _last_spotlight(workshop):
    db.session.rollback()
    event = db.session.scalars(
        select(Event).where(Event.workshop_id == workshop.id, Event.kind == "spotlight").order_by(Event.seq.desc())
    ).first()
    return event.payload["idea"] if event else "no event"


def test_editing_the_spotlighted_idea_updates_the_wall(app, workshop):
    idea = _idea(workshop, "Bürgerbus nach Büsum")
    moderation.spotlight(workshop, idea)
    edit_idea(idea, "Bürgerbus nach Büsum, auch sonntags")
    assert _last_spotlight(workshop)["text"] == "Bürgerbus nach Büsum, auch sonntags"


def test_deleting_the_spotlighted_idea_clears_the_spotlight(app, workshop):
    idea = _idea(workshop, "Glasfaser für Tellingstedt")
    moderation.spotlight(workshop, idea)
    delete_idea(idea)
    assert _last_spotlight(workshop) is None
    db.session.rollback()
    assert moderation.spotlighted_idea(workshop) is None


def test_an_edit_that_needs_approval_clears_the_spotlight(app, workshop):
    from participation.workshops.services import update_workshop

    idea = _idea(workshop, "Schöne Idee")
    moderation.spotlight(workshop, idea)
    update_workshop(workshop, word_filter=["Mist"])
    edit_idea(idea, "So ein Mist")
    assert _last_spotlight(workshop) is None


def test_merging_into_a_hidden_or_pending_idea_is_refused(app, workshop):
    visible = _idea(workshop, "WLAN im Bus", "anna")
    hidden = _idea(workshop, "WLAN in Bussen", "bert")
    moderation.hide(hidden)
    try:
        moderation.merge(visible, hidden)
    except moderation.ModerationError as error:
        assert "sichtbaren" in error.message
    else:
        raise AssertionError("merge into a hidden idea was accepted")
    db.session.rollback()
    assert visible.merged_into_id is None


def test_merging_into_the_spotlighted_idea_shows_both_texts(app, workshop):
    target = _idea(workshop, "Kostenloses WLAN am Markt", "anna")
    source = _idea(workshop, "Freies WLAN in der Innenstadt", "bert")
    moderation.spotlight(workshop, target)
    moderation.merge(source, target)
    assert _last_spotlight(workshop)["merged_texts"] == ["Freies WLAN in der Innenstadt"]


def test_another_moderators_wall_is_not_found(app, client, workshop):
    create_moderator("zweite", "noch-ein-passwort-42")
    token = csrf_token(client)
    client.post("/moderation/login", data={"username": "zweite", "password": "noch-ein-passwort-42", "csrf_token": token})
    assert client.get(f"/w/{workshop.code}/wall").status_code == 404
