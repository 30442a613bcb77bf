"""The paper-card entry page: who may open it (moderators, the holder of the current
"Kartenerfassung" link; 404 for everybody else), cards stored once per key, refused
cards shown again as typed, sticker dots, and the link made and revoked on the console."""

import re

import pytest

from helpers import TEST_PASSWORD, csrf_token, make_participant, post_idea

JSON = {"Accept": "application/json"}


@pytest.fixture
def cards_key(workshop):
    from participation.workshops.cards_keys import rotate_cards_key

    return rotate_cards_key(workshop)


def _fresh(workshop):
    from participation.extensions import db
    from participation.workshops.models import Workshop

    db.session.rollback()
    return db.session.get(Workshop, workshop.id)


def _paper_ideas(workshop):
    from sqlalchemy import select

    from participation.extensions import db
    from participation.ideas.models import Idea

    db.session.rollback()
    return db.session.scalars(select(Idea).where(Idea.workshop_id == workshop.id, Idea.source == "paper")
                              .order_by(Idea.id)).all()


def _add(client, workshop, key=None, json=False, path="", **form):
    data = {"csrf_token": csrf_token(client), "question_id": str(workshop.questions[0].id), **form}
    if key is not None:
        data["key"] = key
    return client.post(f"/karten/{workshop.code}{path}", data=data, headers=JSON if json else {})


def test_the_key_opens_the_page_and_every_form_carries_it(client, workshop, cards_key):
    page = client.get(f"/karten/{workshop.code}?key={cards_key}")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    assert f'name="key" value="{cards_key}"' in html
    assert html.count("<form") == html.count(f'name="key" value="{cards_key}"') + html.count('action="/i18n')
    assert "Zurück zur Moderation" not in html and "autofocus" in html
    assert 'name="card_key"' in html


def test_a_card_becomes_a_visible_paper_idea_with_its_name_and_dots(client, workshop, cards_key):
    from participation.events.log import latest_seq

    seq = latest_seq(workshop.id)
    second = workshop.questions[1].id
    response = _add(client, workshop, cards_key, text="Mehr Bänke am Deich", author=" Oma Else ",
                    paper_votes="3", card_key="abcdefgh12345678", question_id=str(second))
    assert response.status_code == 302
    assert f"question={second}" in response.location and f"key={cards_key}" in response.location
    [idea] = _paper_ideas(workshop)
    assert (idea.text, idea.author, idea.paper_votes, idea.status, idea.question_id) == (
        "Mehr Bänke am Deich", "Oma Else", 3, "visible", second)
    assert idea.participant_id is None and idea.nickname == "Oma Else"
    assert latest_seq(workshop.id) > seq  # the wall heard of it
    page = client.get(response.location).get_data(as_text=True)
    assert "Karte gespeichert" in page and "Mehr Bänke am Deich" in page
    assert re.search(rf'<option value="{second}" selected', page)


def test_a_double_submit_stores_once(client, workshop, cards_key):
    for _ in range(3):
        response = _add(client, workshop, cards_key, text="Doppelt gedrückt", card_key="zweimal-gedrueckt-1")
        assert response.status_code == 302
    answer = _add(client, workshop, cards_key, json=True, text="Doppelt gedrückt", card_key="zweimal-gedrueckt-1")
    assert answer.get_json()["saved"] == 0 and answer.get_json()["repeated"] == 1
    assert [idea.text for idea in _paper_ideas(workshop)] == ["Doppelt gedrückt"]
    _add(client, workshop, cards_key, path="/mehrere", lines="A\nB", card_key="zeilen-zweimal-1")
    _add(client, workshop, cards_key, path="/mehrere", lines="A\nB", card_key="zeilen-zweimal-1")
    assert [idea.text for idea in _paper_ideas(workshop)] == ["Doppelt gedrückt", "A", "B"]


def test_json_answers_with_the_new_row_and_a_fresh_key(client, workshop, cards_key):
    answer = _add(client, workshop, cards_key, json=True, text="Radweg nach Heide", card_key="json-karte-0001")
    body = answer.get_json()
    assert answer.status_code == 200 and body["saved"] == 1 and body["total"] == 1
    assert "Radweg nach Heide" in body["rows"][0] and f'value="{cards_key}"' in body["rows"][0]
    assert body["key"].startswith("card-") and "Karte gespeichert" in body["message"]


def test_each_line_is_a_card(client, workshop, cards_key):
    response = _add(client, workshop, cards_key, path="/mehrere", lines="Erste Karte\n\n  \nZweite Karte\r\nDritte",
                    card_key="zeilen-karten-1")
    assert response.status_code == 302 and "focus=lines" in response.location
    assert [idea.text for idea in _paper_ideas(workshop)] == ["Erste Karte", "Zweite Karte", "Dritte"]
    assert "3 Karten gespeichert" in client.get(response.location).get_data(as_text=True)


@pytest.mark.parametrize("form, message", [
    ({"text": "   "}, "Bitte schreiben Sie den Text der Karte"),
    ({"text": "x" * 2001}, "erlaubt sind höchstens"),
    ({"text": "Gute Idee", "question_id": "999999"}, "Bitte wählen Sie eine Frage"),
    ({"text": "Gute Idee", "paper_votes": "drei"}, "Klebepunkte: bitte eine ganze Zahl"),
    ({"text": "Gute Idee", "paper_votes": "-2"}, "Klebepunkte: bitte eine ganze Zahl"),
])
def test_a_refused_card_keeps_what_was_typed(client, workshop, cards_key, form, message):
    form = {"author": "Hein", "card_key": "abgelehnt-karte-1", **form}
    response = _add(client, workshop, cards_key, **form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html
    assert (form["text"].strip() or "x") in html or form["text"].strip() == ""
    assert 'value="Hein"' in html and 'value="abgelehnt-karte-1"' in html
    if "paper_votes" in form:
        assert f'value="{form["paper_votes"]}"' in html
    answer = _add(client, workshop, cards_key, json=True, **form)
    assert answer.status_code == 422 and message in answer.get_json()["message"]
    assert _paper_ideas(workshop) == []


def test_a_refused_line_names_its_number_and_keeps_the_box(client, workshop, cards_key):
    lines = "Kurz\n" + "y" * 2001 + "\nAuch kurz"
    response = _add(client, workshop, cards_key, path="/mehrere", lines=lines)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Zeile 2:" in html and "Auch kurz" in html and "Kurz\n" in html
    assert "<details class=\"paper-lines\" id=\"paper-lines\" open>" in html
    response = _add(client, workshop, cards_key, path="/mehrere", lines=" \n ")
    assert response.status_code == 422 and "mindestens eine Karte" in response.get_data(as_text=True)
    assert _paper_ideas(workshop) == []


def test_cards_are_taken_while_the_workshop_is_closed_for_phones(client, workshop, cards_key):
    from participation.database import write_transaction

    with write_transaction():
        workshop.is_open = False
    page = client.get(f"/karten/{workshop.code}?key={cards_key}").get_data(as_text=True)
    assert "für Handys geschlossen" in page
    assert _add(client, workshop, cards_key, text="Nach Schluss getippt").status_code == 302
    assert [idea.text for idea in _paper_ideas(workshop)] == ["Nach Schluss getippt"]


def test_sticker_dots_of_a_card_are_set_not_added(client, workshop, cards_key):
    _add(client, workshop, cards_key, text="Punkte-Karte")
    [card] = _paper_ideas(workshop)
    url = f"/karten/{workshop.code}/karte/{card.id}/klebepunkte"
    token = csrf_token(client)
    for _ in range(2):
        answer = client.post(url, data={"csrf_token": token, "key": cards_key, "paper_votes": " 7 "}, headers=JSON)
        assert answer.get_json() == {"message": "7 Klebepunkte gespeichert.", "paper_votes": 7}
    assert _paper_ideas(workshop)[0].paper_votes == 7
    refused = client.post(url, data={"csrf_token": token, "key": cards_key, "paper_votes": "sieben"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'value="sieben"' in html and "ganze Zahl" in html
    plain = client.post(url, data={"csrf_token": token, "key": cards_key, "paper_votes": ""})
    assert plain.status_code == 302 and plain.location.endswith(f"#card-{card.id}")
    assert _paper_ideas(workshop)[0].paper_votes == 0


def test_a_phones_idea_is_no_card_for_the_key(client, workshop, cards_key):
    idea = post_idea(workshop, make_participant(workshop), "Vom Handy")
    response = client.post(f"/karten/{workshop.code}/karte/{idea.id}/klebepunkte",
                           data={"csrf_token": csrf_token(client), "key": cards_key, "paper_votes": "5"})
    assert response.status_code == 404


def _refused(client, workshop, key):
    query = f"?key={key}" if key is not None else ""
    assert client.get(f"/karten/{workshop.code}{query}").status_code == 404
    for path, form in (("", {"text": "Eingeschleust"}), ("/mehrere", {"lines": "Eingeschleust"})):
        assert _add(client, workshop, key, path=path, **form).status_code == 404
        assert _add(client, workshop, key, path=path, json=True, **form).status_code == 404
    assert _paper_ideas(workshop) == []


def _other_workshop():
    from participation.auth.services import create_moderator
    from participation.workshops.cards_keys import rotate_cards_key
    from participation.workshops.services import create_workshop

    other = create_workshop(create_moderator("andere", TEST_PASSWORD), "dithmarschen")
    return other, rotate_cards_key(other)


def test_no_key_a_wrong_key_or_another_workshops_key_answers_404(client, workshop, cards_key):
    from participation.workshops.remote_keys import rotate_remote_key
    from participation.workshops.wall_keys import ensure_wall_token

    _other, other_key = _other_workshop()
    wrong = cards_key[:-1] + ("A" if cards_key[-1] != "A" else "B")
    for key in (None, "", "falsch", wrong, other_key, ensure_wall_token(workshop), rotate_remote_key(workshop)):
        _refused(client, workshop, key)


def test_a_revoked_or_replaced_key_stops_at_once(client, logged_in, workshop, cards_key):
    moderator = logged_in
    helper = moderator.application.test_client()
    assert helper.get(f"/karten/{workshop.code}?key={cards_key}").status_code == 200
    made = moderator.post(f"/moderation/workshops/{workshop.id}/karten/link", data={"csrf_token": csrf_token(moderator)})
    assert made.status_code == 200 and made.headers["Cache-Control"] == "no-store"
    html = made.get_data(as_text=True)
    new_key = re.search(r"key=([A-Za-z0-9_-]+)", html).group(1)
    assert new_key != cards_key and html.count(new_key) == 1
    assert '<svg class="remote-link-qr" role="img"' in html
    _refused(helper, workshop, cards_key)
    assert helper.get(f"/karten/{workshop.code}?key={new_key}").status_code == 200
    revoked = moderator.post(f"/moderation/workshops/{workshop.id}/karten/widerrufen",
                             data={"csrf_token": csrf_token(moderator)})
    assert revoked.status_code == 302 and "/console" in revoked.location
    assert _fresh(workshop).cards_salt is None
    _refused(helper, workshop, new_key)


def test_moderators_and_co_moderators_need_no_key(client, logged_in, workshop):
    from participation.auth.services import create_moderator
    from participation.workshops.co_moderators import invite_co_moderator

    page = logged_in.get(f"/karten/{workshop.code}").get_data(as_text=True)
    assert "Zurück zur Moderation" in page and 'name="key"' not in page
    assert _add(logged_in, workshop, text="Von der Moderatorin").status_code == 302
    create_moderator("co-carla", TEST_PASSWORD)
    invite_co_moderator(_fresh(workshop), "co-carla")
    co = logged_in.application.test_client()
    co.post("/moderation/login", data={"username": "co-carla", "password": TEST_PASSWORD,
                                       "csrf_token": csrf_token(co)})
    assert co.get(f"/karten/{workshop.code}").status_code == 200
    assert _add(co, workshop, text="Von der Co-Moderatorin").status_code == 302
    assert [idea.text for idea in _paper_ideas(workshop)] == ["Von der Moderatorin", "Von der Co-Moderatorin"]


def test_another_moderator_gets_404(client, workshop, cards_key):
    from participation.auth.services import create_moderator

    create_moderator("fremd", TEST_PASSWORD)
    client.post("/moderation/login", data={"username": "fremd", "password": TEST_PASSWORD,
                                           "csrf_token": csrf_token(client)})
    _refused(client, workshop, None)
    token = csrf_token(client)
    for url in ("karten/link", "karten/widerrufen"):
        response = client.post(f"/moderation/workshops/{workshop.id}/{url}", data={"csrf_token": token})
        assert response.status_code == 404
    assert _fresh(workshop).cards_salt


def test_the_key_opens_no_moderator_route(client, workshop, cards_key):
    prefix = f"/moderation/workshops/{workshop.id}"
    token = csrf_token(client)
    for url in (f"{prefix}/karten/link", f"{prefix}/karten/widerrufen"):
        response = client.post(url, data={"csrf_token": token, "key": cards_key})
        assert response.status_code == 302 and "/moderation/login" in response.location
    assert client.get(f"{prefix}/console?key={cards_key}").status_code == 302
    assert _fresh(workshop).cards_salt
