"""The phone's similar-idea hint (GET /j/<code>/similar) and the console's possible duplicates."""

import re

import pytest

from participation import limits
from participation.ideas import similar
from participation.moderation import services as moderation
from participation.workshops.services import create_workshop, set_open

from helpers import FakeClock, make_participant, post_idea

TEXTS = [
    "Fahrradwege nach Heide ausbauen",
    "Bürgerbus auch am Wochenende",
    "Telemedizin für Dörfer ohne Hausarzt",
    "Kostenloses WLAN am Marktplatz",
]


@pytest.fixture(autouse=True)
def fresh_index():
    similar.clear_cache()
    yield
    similar.clear_cache()


@pytest.fixture
def ideas(workshop):
    anna = make_participant(workshop, "anna")
    return [post_idea(workshop, anna, text) for text in TEXTS]


def _ask(client, workshop, text):
    return client.get(f"/j/{workshop.code}/similar", query_string={"text": text})


def test_a_typed_near_duplicate_is_offered(attendee, workshop, ideas):
    client, _ = attendee
    response = _ask(client, workshop, "Fahradweg nach Heide bitte")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    answer = response.get_json()["ideas"]
    assert answer[0] == {"id": ideas[0].id, "text": TEXTS[0]}
    assert len(answer) <= similar.HINTS
    assert _ask(client, workshop, "Heide").get_json() == {"ideas": []}  # too short to ask


def test_only_public_ideas_of_this_workshop(attendee, workshop, ideas, moderator):
    client, _ = attendee
    other = create_workshop(moderator, "dithmarschen")
    bob = make_participant(other, "bob")
    post_idea(other, bob, "Fahrradwege nach Heide ausbauen, schnell")
    hidden = post_idea(workshop, make_participant(workshop, "carl"), "Fahrradwege nach Heide sanieren")
    moderation.hide(hidden)
    answer = _ask(client, workshop, "Fahrradwege nach Heide").get_json()["ideas"]
    assert [idea["id"] for idea in answer] == [ideas[0].id]
    moderation.merge(ideas[0], ideas[1])  # merged away: no longer public
    assert _ask(client, workshop, "Fahrradwege nach Heide").get_json()["ideas"] == []


def test_the_participants_own_ideas_are_not_offered(attendee, workshop):
    client, token = attendee
    client.post(f"/j/{workshop.code}/ideas", data={
        "csrf_token": token, "question_id": workshop.questions[0].id, "text": "Fahrradwege nach Heide ausbauen",
        "idempotency_key": "own-1",
    })
    assert _ask(client, workshop, "Fahrradwege nach Heide").get_json()["ideas"] == []


def test_not_joined_or_closed(app, workshop, ideas, attendee):
    stranger = app.test_client()  # no attendee cookie
    assert _ask(stranger, workshop, "Fahrradwege nach Heide").status_code == 403
    attendee_client, _ = attendee
    set_open(workshop, False)
    assert _ask(attendee_client, workshop, "Fahrradwege nach Heide").get_json() == {"ideas": []}


def test_not_offered_while_ideas_stay_on_the_wall(attendee, workshop, ideas):
    from participation.workshops.services import update_workshop

    update_workshop(workshop, show_ideas_to_attendees=False)
    client, _ = attendee
    assert _ask(client, workshop, "Fahrradwege nach Heide").get_json() == {"ideas": []}
    assert "similar-hint" not in client.get(f"/j/{workshop.code}/ideas").get_data(as_text=True)


def test_a_stale_index_never_offers_a_hidden_idea(attendee, workshop, ideas, monkeypatch):
    monkeypatch.setattr(similar, "REBUILD_SECONDS", 3600)  # the index is not rebuilt
    client, _ = attendee
    assert _ask(client, workshop, "Fahradweg nach Heide").get_json()["ideas"][0]["id"] == ideas[0].id
    moderation.hide(ideas[0])
    assert ideas[0].id not in [idea["id"] for idea in _ask(client, workshop, "Fahradweg nach Heide").get_json()["ideas"]]


def test_rate_limited_per_participant(app, attendee, workshop, ideas, monkeypatch):
    # Time stands still in the middle of a window, so the four asks always share it.
    monkeypatch.setattr(limits, "clock", FakeClock(1_700_000_030.0))
    app.config["SIMILAR_RATE_LIMIT"] = 3
    client, _ = attendee
    statuses = [_ask(client, workshop, "Fahradweg nach Heide").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = _ask(client, workshop, "Fahradweg nach Heide")
    assert refused.get_json()["ideas"] == [] and int(refused.headers["Retry-After"]) >= 1


def test_the_index_is_rebuilt_only_when_public_ideas_change(attendee, workshop, ideas, monkeypatch):
    monkeypatch.setattr(similar, "REBUILD_SECONDS", 0)
    client, _ = attendee
    built = []
    original = similar.SimilarIdeas
    monkeypatch.setattr(similar, "SimilarIdeas", lambda texts: built.append(len(texts)) or original(texts))
    _ask(client, workshop, "Fahradweg nach Heide")
    _ask(client, workshop, "Bürgerbus am Wochenende")
    assert built == [4]
    post_idea(workshop, make_participant(workshop, "dora"), "Fahrradständer am Bahnhof Heide")
    _ask(client, workshop, "Fahradweg nach Heide")
    assert built == [4, 5]


def test_the_phone_page_has_the_hint_after_the_submit_button(attendee, workshop, ideas):
    client, _ = attendee
    html = client.get(f"/j/{workshop.code}/ideas").get_data(as_text=True)
    assert f'data-similar-url="/j/{workshop.code}/similar"' in html
    assert html.index("Idee absenden") < html.index("similar-hint")
    # phone.js loads similar.js when someone first types (issue 23, wire: light on the wire)
    phone_js = re.search(r'src="(/static/js/phone\.js[^"]*)"', html).group(1)
    assert 'import("./similar.js?v=' in client.get(phone_js).get_data(as_text=True)


def test_the_console_lists_possible_duplicates(logged_in, workshop):
    anna = make_participant(workshop, "anna")
    first = post_idea(workshop, anna, "Ärztehaus mit Videosprechstunde in Marne")
    second = post_idea(workshop, make_participant(workshop, "bert"), "Aerztehaus mit Video-Sprechstunde in Marne!!")
    post_idea(workshop, anna, "Kostenloses WLAN am Marktplatz")
    html = logged_in.get(f"/moderation/workshops/{workshop.id}/console").get_data(as_text=True)
    assert "Mögliche Doppelungen" in html
    assert f"/ideas/{second.id}/merge" in html
    assert [idea.id for idea in similar.possible_duplicate_ideas(workshop)[0]] == [first.id, second.id]
