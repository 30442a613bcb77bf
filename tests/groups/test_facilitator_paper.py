"""Paper cards of a group: the facilitator's key opens the paper-card entry page with the
group fixed (cards stored with the group, only the group's cards listed and given dots);
moderators may pick a group; another group's card or a revoked key answers 404."""

import pytest
from sqlalchemy import select

from groups.facilitator_setup import group, post, two_tables
from helpers import csrf_token
from participation.extensions import db
from participation.ideas.models import PAPER, Idea


@pytest.fixture
def tables(workshop):
    return two_tables(workshop)


def _cards():
    db.session.rollback()
    return db.session.scalars(select(Idea).where(Idea.source == PAPER).order_by(Idea.id)).all()


def test_the_facilitator_enters_cards_for_the_own_group(client, tables, workshop):
    key = tables.keys[1]
    page = client.get(f"/gruppe/{tables.code}/2?key={key}").get_data(as_text=True)
    assert f"/karten/{tables.code}?key=" in page and 'id="paper-link"' in page
    response = client.get(f"/karten/{tables.code}?key={key}")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Tisch 2" in body and 'name="group_id"' not in body
    assert "Karten fotografieren" not in body  # the photo pages stay the helpers' and moderators'
    question = workshop.questions[0].id
    # a group_id sent anyway is ignored: the group is the key's
    response = post(client, f"/karten/{tables.code}", key, text="Karte vom Tisch 2", question_id=str(question),
                    card_key="tisch-zwei-0001", group_id=str(tables.group_ids[0]))
    assert response.status_code == 302 and f"key={key}" in response.location
    response = post(client, f"/karten/{tables.code}/mehrere", key, lines="Zeile eins\nZeile zwei",
                    question_id=str(question), card_key="tisch-zwei-0002")
    assert response.status_code == 302
    assert [(card.text, card.group_id) for card in _cards()] == [
        ("Karte vom Tisch 2", tables.group_ids[1]), ("Zeile eins", tables.group_ids[1]),
        ("Zeile zwei", tables.group_ids[1])]


def test_the_facilitator_sees_and_dots_only_the_own_groups_cards(client, tables, workshop):
    from participation.ideas.cards import Card, add_cards

    states, _ = add_cards(workshop, workshop.questions[0].id, [Card("Karte von Tisch 1", key="t1-karte")],
                          group_id=tables.group_ids[0])
    body = client.get(f"/karten/{tables.code}?key={tables.keys[1]}").get_data(as_text=True)
    assert "Karte von Tisch 1" not in body
    response = post(client, f"/karten/{tables.code}/karte/{states[0]['id']}/klebepunkte", tables.keys[1],
                    paper_votes="7")
    assert response.status_code == 404 and _cards()[0].paper_votes == 0
    response = post(client, f"/karten/{tables.code}/karte/{states[0]['id']}/klebepunkte", tables.keys[0],
                    paper_votes="7")
    assert response.status_code == 302 and _cards()[0].paper_votes == 7


def test_a_revoked_or_foreign_facilitator_key_opens_no_paper_page(client, tables, workshop, moderator):
    from participation.groups import services
    from participation.groups.keys import revoke_facilitator_key, rotate_facilitator_key
    from participation.workshops.services import create_workshop

    other = create_workshop(moderator, "dithmarschen", title="Anderer Workshop")
    foreign_key = rotate_facilitator_key(services.add_group(other, "Tisch 1"))
    assert client.get(f"/karten/{tables.code}?key={foreign_key}").status_code == 404
    revoke_facilitator_key(group(tables.group_ids[0]))
    assert client.get(f"/karten/{tables.code}?key={tables.keys[0]}").status_code == 404
    response = post(client, f"/karten/{tables.code}", tables.keys[0], text="Zu spät",
                    question_id=str(workshop.questions[0].id))
    assert response.status_code == 404 and _cards() == []
    # the photo pages never open with a facilitator key
    assert client.get(f"/karten/{tables.code}/foto?key={tables.keys[1]}").status_code == 404


def test_moderators_may_pick_a_group(logged_in, tables, workshop):
    body = logged_in.get(f"/karten/{tables.code}?gruppe={tables.group_ids[1]}").get_data(as_text=True)
    assert 'name="group_id"' in body and f'<option value="{tables.group_ids[1]}" selected>' in body
    token = csrf_token(logged_in)
    question = str(workshop.questions[0].id)
    response = logged_in.post(f"/karten/{tables.code}", data={
        "csrf_token": token, "text": "Karte mit Gruppe", "question_id": question,
        "group_id": str(tables.group_ids[1]), "card_key": "mod-karte-0001"})
    assert response.status_code == 302 and f"gruppe={tables.group_ids[1]}" in response.location
    logged_in.post(f"/karten/{tables.code}", data={"csrf_token": token, "text": "Karte ohne Gruppe",
                                                  "question_id": question, "group_id": "", "card_key": "mod-karte-0002"})
    assert [(card.text, card.group_id) for card in _cards()] == [("Karte mit Gruppe", tables.group_ids[1]),
                                                                  ("Karte ohne Gruppe", None)]
