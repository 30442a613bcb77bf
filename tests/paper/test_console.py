"""Paper cards on the moderator's console: the source badge, dots shown as digital ·
paper · total, sticker dots typed in from the row's menu, and the fold with the link."""

from helpers import TEST_PASSWORD, csrf_token, make_participant, post_idea


def _console(client, workshop):
    return client.get(f"/moderation/workshops/{workshop.id}/console").get_data(as_text=True)


def _card(workshop, text, dots=0, source="paper", name=None):
    from participation.ideas.cards import Card, add_cards

    states, _ = add_cards(workshop, workshop.questions[0].id, [Card(text=text, paper_votes=dots)], source=source,
                          source_name=name)
    return states[0]["id"]


def _vote(workshop, idea_id, people):
    from participation.extensions import db
    from participation.ideas.models import Idea
    from participation.voting.services import cast_vote

    for name in people:
        cast_vote(workshop, make_participant(workshop, name), db.session.get(Idea, idea_id))


def test_the_row_shows_the_source_and_the_dots_split(logged_in, workshop):
    card = _card(workshop, "Karte mit Klebepunkten", dots=2)
    _vote(workshop, card, ["ada", "bo", "cy"])
    _card(workshop, "Aus der Tabelle", source="import", name="mentimeter.xlsx")
    post_idea(workshop, make_participant(workshop, "dora"), "Vom Handy ohne Papier")
    html = _console(logged_in, workshop)
    assert '<span class="badge c-source">Papier</span>' in html
    assert "Import: mentimeter.xlsx" in html
    assert "3 digital" in html and "2 Papier" in html and "5 gesamt" in html
    assert html.count("digital</span>") == 1  # the others show their dots as before


def test_sticker_dots_for_any_idea_from_the_menu(logged_in, workshop):
    from participation.extensions import db
    from participation.ideas.models import Idea

    idea = post_idea(workshop, make_participant(workshop, "eva"), "Auf der gedruckten Liste")
    url = f"/moderation/workshops/{workshop.id}/ideas/{idea.id}/klebepunkte"
    html = _console(logged_in, workshop)
    assert f'action="{url}"' in html
    response = logged_in.post(url, data={"csrf_token": csrf_token(logged_in), "paper_votes": "4", "status": "visible"})
    assert response.status_code == 302 and f"#idea-{idea.id}" in response.location and "status=visible" in response.location
    db.session.rollback()
    assert db.session.get(Idea, idea.id).paper_votes == 4
    html = logged_in.get(response.location).get_data(as_text=True)
    assert "Die Idee hat jetzt 4 Klebepunkte." in html and "4 Papier" in html and "4 gesamt" in html

    refused = logged_in.post(url, data={"csrf_token": csrf_token(logged_in), "paper_votes": "viele"})
    html = logged_in.get(refused.location).get_data(as_text=True)
    assert "ganze Zahl" in html and "„viele“" in html
    db.session.rollback()
    assert db.session.get(Idea, idea.id).paper_votes == 4


def test_sticker_dots_on_the_console_are_for_its_moderators_only(client, workshop):
    from participation.auth.services import create_moderator
    from participation.extensions import db
    from participation.ideas.models import Idea

    idea = post_idea(workshop, make_participant(workshop, "eva"), "Fremd")
    url = f"/moderation/workshops/{workshop.id}/ideas/{idea.id}/klebepunkte"
    response = client.post(url, data={"csrf_token": csrf_token(client), "paper_votes": "4"})
    assert response.status_code == 302 and "/moderation/login" in response.location
    create_moderator("fremd", TEST_PASSWORD)
    client.post("/moderation/login", data={"username": "fremd", "password": TEST_PASSWORD,
                                           "csrf_token": csrf_token(client)})
    assert client.post(url, data={"csrf_token": csrf_token(client), "paper_votes": "4"}).status_code == 404
    db.session.rollback()
    assert db.session.get(Idea, idea.id).paper_votes == 0


def test_the_fold_offers_entry_link_and_revoke(logged_in, workshop):
    html = _console(logged_in, workshop)
    assert 'id="paper-details"' in html and "0 Karten erfasst" in html and "kein Helfer-Link" in html
    assert f'href="/karten/{workshop.code}"' in html and "Link für Helfer erstellen" in html
    assert "/karten/widerrufen" not in html
    _card(workshop, "Eine Karte")
    logged_in.post(f"/moderation/workshops/{workshop.id}/karten/link", data={"csrf_token": csrf_token(logged_in)})
    html = _console(logged_in, workshop)
    assert "1 Karte erfasst" in html and "Helfer-Link aktiv" in html and "/karten/widerrufen" in html
    from participation.workshops.cards_keys import cards_key_of

    from participation.extensions import db
    from participation.workshops.models import Workshop

    db.session.rollback()
    assert cards_key_of(db.session.get(Workshop, workshop.id)) not in html
