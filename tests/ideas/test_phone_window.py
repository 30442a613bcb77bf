"""The phone page lists the newest of the others' ideas, and older ones a page at a time.

A hall of 500 phones posts 1,500 ideas; every phone page listing them all was 700 KB and
took 190 ms to draw after each post. The newest ``PHONE_IDEAS_SHOWN`` are shown, with a
link to the next older page of as many (never a page of every idea: 12,000 made 3.4 MB).
"""

import re

from helpers import make_participant, post_idea


def _shown_ids(html):
    return [int(found) for found in re.findall(r'<li id="other-(\d+)"', html)]


def _older_link(html):
    found = re.search(r'href="([^"]*/ideas/older\?vor=\d+)"', html)
    return found.group(1) if found else None


def test_the_newest_ideas_are_shown_with_a_link_to_older_ones(app, attendee, workshop):
    app.config["PHONE_IDEAS_SHOWN"] = 3
    client, token = attendee
    client.post(f"/j/{workshop.code}/ideas", data={
        "question_id": workshop.questions[0].id, "text": "Meine eigene Idee: Dorfladen in Tellingstedt",
        "idempotency_key": "key-own-000001", "csrf_token": token})
    ideas = [post_idea(workshop, make_participant(workshop, f"nachbar{n}-"), f"Idee {n}: Radweg nach Heide 🚲")
             for n in range(7)]
    page = client.get(f"/j/{workshop.code}/ideas").get_data(as_text=True)
    assert _shown_ids(page) == [idea.id for idea in ideas[4:]]  # the newest three, oldest first
    assert "Hier stehen die neuesten 3 von 7 Ideen." in page
    assert _older_link(page) == f"/j/{workshop.code}/ideas/older?vor={ideas[4].id}"
    assert f'data-oldest-shown="{ideas[4].id}"' in page
    assert "Meine eigene Idee" in page  # under "my ideas", never among the others

    older = client.get(_older_link(page)).get_data(as_text=True)
    assert _shown_ids(older) == [idea.id for idea in ideas[1:4]]
    assert "Meine eigene Idee" not in older
    # its dots come back to this page (without JavaScript), where the answer is shown
    assert f'action="/j/{workshop.code}/ideas/{ideas[1].id}/vote?vor={ideas[4].id}"' in older
    oldest = client.get(_older_link(older)).get_data(as_text=True)
    assert _shown_ids(oldest) == [ideas[0].id]
    assert _older_link(oldest) is None


def test_no_note_while_every_idea_fits(app, attendee, workshop):
    app.config["PHONE_IDEAS_SHOWN"] = 3
    client, _token = attendee
    ideas = [post_idea(workshop, make_participant(workshop, f"nachbar{n}-"), f"Idee {n}: Glasfaser") for n in range(3)]
    page = client.get(f"/j/{workshop.code}/ideas").get_data(as_text=True)
    assert _shown_ids(page) == [idea.id for idea in ideas]
    assert _older_link(page) is None and "data-oldest-shown" not in page


def test_english_page_says_so_in_english(app, attendee, workshop):
    app.config["PHONE_IDEAS_SHOWN"] = 1
    client, _token = attendee
    for n in range(2):
        post_idea(workshop, make_participant(workshop, f"nachbar{n}-"), f"Idee {n}: Bürgerbus")
    client.get("/language/en")
    page = client.get(f"/j/{workshop.code}/ideas").get_data(as_text=True)
    assert "Show older ideas" in page


# --- "Meine Ideen" alone, for phone.js after an idea stored by script -------------------------


def test_my_ideas_alone_carry_no_one_elses_ideas(app, attendee, workshop):
    client, token = attendee
    client.post(f"/j/{workshop.code}/ideas", data={
        "question_id": workshop.questions[0].id, "text": "Meine Idee: Sprechstunde per Video 🩺",
        "idempotency_key": "key-own-000002", "csrf_token": token})
    post_idea(workshop, make_participant(workshop, "nachbarin"), "Fremde Idee: Glasfaser für Süderdeich")
    response = client.get(f"/j/{workshop.code}/ideas/mine")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"  # personal: never kept by a proxy
    mine = response.get_data(as_text=True)
    assert 'id="my-ideas-section"' in mine and "Meine Idee: Sprechstunde per Video 🩺" in mine
    assert 'class="nav-mine">Meine Ideen (1)</a>' in mine
    assert "Fremde Idee" not in mine and 'id="others"' not in mine
    page = client.get(f"/j/{workshop.code}/ideas").get_data(as_text=True)
    assert f'data-mine-url="/j/{workshop.code}/ideas/mine"' in page
    assert len(mine) * 3 < len(page)  # the point of it: far less than the whole page


def test_my_ideas_alone_in_english_and_not_for_strangers(app, attendee, workshop, client):
    attendee_client, _token = attendee
    attendee_client.get("/language/en")
    assert 'class="nav-mine">My ideas (0)</a>' in attendee_client.get(f"/j/{workshop.code}/ideas/mine").get_data(as_text=True)
    from flask.testing import FlaskClient

    stranger = FlaskClient(app, use_cookies=True)  # never joined this workshop
    assert stranger.get(f"/j/{workshop.code}/ideas/mine").status_code == 404
    assert stranger.get("/j/NOSUCH/ideas/mine").status_code == 404
