"""GET /api/workshops/<code>/ideas a page at a time: limit, cursor, next and Link, ETag/304,
German 400s for bad parameters, and every answer as the OpenAPI document describes it."""

import base64
from datetime import datetime, timedelta, timezone

import pytest

from participation.api.paging import DEFAULT_LIMIT, EPOCH, MAX_LIMIT, encode_cursor
from participation.database import write_transaction
from participation.ideas.models import HIDDEN, Idea

from api.test_api import _assert_matches_response
from helpers import make_participant

PATH = "/api/workshops/{code}/ideas"
START = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def document(client):
    return client.get("/api/openapi.json").get_json()


def add_ideas(workshop, count, same_second_every=0):
    """``count`` visible ideas, written directly (fast); with ``same_second_every``, runs of
    ideas share one created_at, so the order must fall back to the id."""
    participant = make_participant(workshop, "paula")
    question = workshop.questions[0].id
    with write_transaction() as session:
        for number in range(count):
            step = number // same_second_every if same_second_every else number
            session.add(Idea(
                workshop_id=workshop.id, question_id=question, participant_id=participant.id,
                idempotency_key=f"page-{number}", text=f"Idee Nummer {number}",
                created_at=START + timedelta(seconds=step),
            ))


def fetch_all(client, url):
    """Follow ``next`` from ``url`` to the end; every idea text, and the pages' sizes."""
    texts, sizes = [], []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        texts += [idea["text"] for idea in body["ideas"]]
        sizes.append(len(body["ideas"]))
        url = body["next"]
        assert (response.headers.get("Link") is None) == (url is None)
        if url:
            assert response.headers["Link"] == f'<{url}>; rel="next"'
        assert len(sizes) < 100
    return texts, sizes


def test_the_first_page_holds_the_default_number_and_leads_on(client, workshop, document):
    add_ideas(workshop, DEFAULT_LIMIT + 21)
    response = client.get(f"/api/workshops/{workshop.code}/ideas")
    body = response.get_json()
    assert len(body["ideas"]) == DEFAULT_LIMIT
    assert body["next"].startswith(f"/api/workshops/{workshop.code}/ideas?cursor=")
    assert body["next_cursor"] in body["next"]
    _assert_matches_response(document, PATH, "get", response)
    last = client.get(body["next"])
    assert [idea["text"] for idea in last.get_json()["ideas"]] == [
        f"Idee Nummer {number}" for number in range(DEFAULT_LIMIT, DEFAULT_LIMIT + 21)]
    assert last.get_json()["next"] is None and "Link" not in last.headers
    _assert_matches_response(document, PATH, "get", last)


@pytest.mark.parametrize("same_second_every", [0, 7])
def test_following_next_gives_every_idea_once_in_order(client, workshop, same_second_every):
    add_ideas(workshop, 45, same_second_every)
    texts, sizes = fetch_all(client, f"/api/workshops/{workshop.code}/ideas?limit=10")
    assert texts == [f"Idee Nummer {number}" for number in range(45)]
    assert sizes == [10, 10, 10, 10, 5]


def test_ideas_posted_while_paging_come_at_the_end(client, workshop):
    add_ideas(workshop, 12)
    first = client.get(f"/api/workshops/{workshop.code}/ideas?limit=5").get_json()
    participant = make_participant(workshop, "spaet")
    with write_transaction() as session:
        session.add(Idea(workshop_id=workshop.id, question_id=workshop.questions[0].id,
                         participant_id=participant.id, idempotency_key="late", text="Späte Idee",
                         created_at=START + timedelta(hours=1)))
    rest, _sizes = fetch_all(client, first["next"])
    assert [idea["text"] for idea in first["ideas"]] + rest == [
        *(f"Idee Nummer {number}" for number in range(12)), "Späte Idee"]


def test_hidden_ideas_are_left_out_of_every_page(client, workshop):
    add_ideas(workshop, 9)
    with write_transaction() as session:
        for idea in session.query(Idea).filter(Idea.text.in_(["Idee Nummer 2", "Idee Nummer 5"])):
            idea.status = HIDDEN
    texts, sizes = fetch_all(client, f"/api/workshops/{workshop.code}/ideas?limit=3")
    assert texts == [f"Idee Nummer {number}" for number in (0, 1, 3, 4, 6, 7, 8)]
    assert sizes == [3, 3, 1]


def test_an_unchanged_page_answers_304(client, workshop, document):
    add_ideas(workshop, 4)
    url = f"/api/workshops/{workshop.code}/ideas?limit=3"
    first = client.get(url)
    etag = first.headers["ETag"]
    assert etag and first.headers["Cache-Control"] == "no-cache"
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    assert client.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200
    assert "304" in document["paths"][PATH]["get"]["responses"]
    with write_transaction() as session:  # a moderator fixes a typo on that page
        session.query(Idea).filter(Idea.text == "Idee Nummer 1").one().text = "Idee Nummer eins"
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert "Idee Nummer eins" in [idea["text"] for idea in changed.get_json()["ideas"]]


def test_the_most_a_page_holds(client, workshop):
    add_ideas(workshop, 3)
    assert client.get(f"/api/workshops/{workshop.code}/ideas?limit={MAX_LIMIT}").status_code == 200


@pytest.mark.parametrize("query, parameter", [
    ("limit=0", "limit"), (f"limit={MAX_LIMIT + 1}", "limit"), ("limit=abc", "limit"), ("limit=-5", "limit"),
    ("limit=2.5", "limit"), ("limit=", "limit"), ("limit=%C2%B2", "limit"),
    ("cursor=", "cursor"), ("cursor=abc", "cursor"), ("cursor=%3Cscript%3E", "cursor"),
    ("cursor=" + "A" * 80, "cursor"), ("cursor=MTIz", "cursor"),  # "123": base64 but no cursor
    ("cursor=OTk5OTk5OTk5OTk5OTk5OTk5OS4x", "cursor"),  # a time beyond any date
])
def test_bad_parameters_get_a_german_400(client, workshop, document, query, parameter):
    response = client.get(f"/api/workshops/{workshop.code}/ideas?{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "rejected" and body["field"] == parameter
    assert ("ganze Zahl von 1 bis 500" if parameter == "limit" else "ungültig") in body["message"]
    _assert_matches_response(document, PATH, "get", response)


def test_a_cursor_of_an_idea_that_is_gone_still_leads_on(client, workshop):
    add_ideas(workshop, 6)
    ids = [idea.id for idea in db_ideas(workshop)]
    cursor = encode_cursor(0, ids[2] + 10**6)  # ideas from before posted_seq have 0: after all of them
    assert fetch_all(client, f"/api/workshops/{workshop.code}/ideas?cursor={cursor}")[0] == []
    cursor = encode_cursor(0, ids[2])
    texts, _sizes = fetch_all(client, f"/api/workshops/{workshop.code}/ideas?cursor={cursor}")
    assert texts == ["Idee Nummer 3", "Idee Nummer 4", "Idee Nummer 5"]


def _earlier_cursor(created_at, idea_id):
    """A cursor of the earlier order (microseconds since 1970 and the id), as handed out before."""
    micros = (created_at - EPOCH) // timedelta(microseconds=1)
    return base64.urlsafe_b64encode(f"{micros}.{idea_id}".encode()).decode().rstrip("=")


def test_a_cursor_of_the_earlier_order_still_leads_on(client, workshop):
    add_ideas(workshop, 6)
    cursor = _earlier_cursor(START + timedelta(seconds=2, microseconds=500), 10**6)  # between ideas 2 and 3
    texts, _sizes = fetch_all(client, f"/api/workshops/{workshop.code}/ideas?cursor={cursor}")
    assert texts == ["Idee Nummer 3", "Idee Nummer 4", "Idee Nummer 5"]
    cursor = _earlier_cursor(START - timedelta(seconds=1), 1)  # before every idea: from the start
    assert len(fetch_all(client, f"/api/workshops/{workshop.code}/ideas?cursor={cursor}")[0]) == 6


def db_ideas(workshop):
    from participation.extensions import db
    return db.session.scalars(db.select(Idea).where(Idea.workshop_id == workshop.id).order_by(Idea.id)).all()


def test_paging_is_documented(document):
    operation = document["paths"][PATH]["get"]
    names = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert names["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}
    assert "cursor" in names and "If-None-Match" in names
    assert set(operation["responses"]["200"]["headers"]) == {"ETag", "Link"}
    assert operation["responses"]["400"]


def test_the_message_follows_the_language(client, workshop):
    response = client.get(f"/api/workshops/{workshop.code}/ideas?limit=0", headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert response.get_json()["message"] == "“limit” must be a whole number from 1 to 500."
