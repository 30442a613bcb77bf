"""The phone page lists the newest of the others' ideas, and all of them on request.

A hall of 500 phones posts 1,500 ideas; every phone page listing them all was 700 KB and
took 190 ms to draw after each post. The newest ``PHONE_IDEAS_SHOWN`` are shown, with
a link to the full list.
"""

import re

from helpers import make_participant, post_idea


def _shown_ids(html):
    return [int(found) for found in re.findall(r'<li id="other-(\d+)"', html)]


def test_the_newest_ideas_are_shown_with_a_link_to_all(app, attendee, workshop):
    app.config["PHONE_IDEAS_SHOWN"] = 3
    client, token = attendee
    client.post(f"/j/{workshop.code}/ideas", data={
        "question_id": workshop.questions[0].id, "text": "Meine eigene Idee: Dorfladen in Tellingstedt",
        "idempotency_key": "key-own-000001", "csrf_token": token})
    ideas = [post_idea(workshop, make_participant(workshop, f"nachbar{n}-"), f"Idee {n}: Radweg nach Heide 🚲")
             for n in range(5)]
    page = client.get(f"/j/{workshop.code}/ideas").get_data(as_text=True)
    assert _shown_ids(page) == [idea.id for idea in ideas[2:]]  # the newest three, oldest first
    assert "Hier stehen die neuesten 3 von 5 Ideen." in page
    assert f'href="/j/{workshop.code}/ideas?alle=1#others-heading"' in page
    assert f'data-oldest-shown="{ideas[2].id}"' in page
    assert "Meine eigene Idee" in page  # under "my ideas", never among the others

    everything = client.get(f"/j/{workshop.code}/ideas?alle=1").get_data(as_text=True)
    assert _shown_ids(everything) == [idea.id for idea in ideas]
    assert "Alle Ideen anzeigen" not in everything and "data-oldest-shown" not in everything


def test_no_note_while_every_idea_fits(app, attendee, workshop):
    app.config["PHONE_IDEAS_SHOWN"] = 3
    client, _token = attendee
    ideas = [post_idea(workshop, make_participant(workshop, f"nachbar{n}-"), f"Idee {n}: Glasfaser") for n in range(3)]
    page = client.get(f"/j/{workshop.code}/ideas").get_data(as_text=True)
    assert _shown_ids(page) == [idea.id for idea in ideas]
    assert "Alle Ideen anzeigen" not in page and "data-oldest-shown" not in page


def test_english_page_says_so_in_english(app, attendee, workshop):
    app.config["PHONE_IDEAS_SHOWN"] = 1
    client, _token = attendee
    for n in range(2):
        post_idea(workshop, make_participant(workshop, f"nachbar{n}-"), f"Idee {n}: Bürgerbus")
    client.get("/language/en")
    page = client.get(f"/j/{workshop.code}/ideas").get_data(as_text=True)
    assert "Show all ideas" in page
