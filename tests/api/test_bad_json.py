"""Bad JSON of any shape is a 400 with a clear message, never a 500."""

import pytest
from flask import json, request
from werkzeug.exceptions import BadRequest

from participation.ideas.models import Idea
from participation.extensions import db

from helpers import csrf_token

BROKEN = {
    "nested arrays": b"[" * 10_000,
    "nested arrays, closed": b"[" * 10_000 + b"]" * 10_000,
    "nested objects": b'{"a":' * 10_000 + b"1" + b"}" * 10_000,
    "invalid UTF-8": b'{"question_id": 1, "text": "Idee \xff\xfe"}',
    "truncated": b'{"question_id": 1, "text": "Id',
    "NaN": b'{"question_id": NaN, "text": "Idee"}',
    "huge number": b'{"question_id": ' + b"9" * 5000 + b', "text": "Idee"}',
    "not JSON at all": b"question_id=1&text=Idee",
    "empty": b"",
}


def _post(client, workshop, data, content_type="application/json"):
    return client.post(f"/api/workshops/{workshop.code}/ideas", data=data, content_type=content_type,
                       headers={"X-CSRFToken": csrf_token(client)})


@pytest.mark.parametrize("name", BROKEN)
def test_broken_json_is_a_400_with_a_clear_message(client, workshop, name):
    response = _post(client, workshop, BROKEN[name])
    assert response.status_code == 400
    assert response.get_json() == {"error": "bad_json", "field": None, "message": (
        "Die gesendeten Daten sind kein gültiges JSON. Bitte senden Sie ein JSON-Objekt mit question_id und text.")}
    db.session.rollback()
    assert db.session.query(Idea).count() == 0


@pytest.mark.parametrize("body", [b"[]", b"null", b"42", b'"Idee"', b"[1, 2]"])
def test_json_that_is_no_object_is_a_400_saying_what_is_expected(client, workshop, body):
    response = _post(client, workshop, body)
    assert response.status_code == 400
    assert "JSON-Objekt" in response.get_json()["message"]


def test_json_sent_as_something_else_is_refused_alike(client, workshop):
    body = json.dumps({"question_id": workshop.questions[0].id, "text": "Bücherbus"}).encode()
    response = _post(client, workshop, body, content_type="text/plain")
    assert response.status_code == 400 and response.get_json()["error"] == "bad_json"
    assert _post(client, workshop, body).status_code == 201


def test_every_json_reader_of_the_app_answers_400(app):
    """``request.get_json`` anywhere, not only in the API: the request class and provider."""
    with pytest.raises(ValueError):
        json.loads("[" * 10_000)
    with app.test_request_context("/", method="POST", data=b"[" * 10_000, content_type="application/json"):
        assert request.get_json(silent=True) is None
        with pytest.raises(BadRequest) as raised:
            request.get_json()
        assert raised.value.friendly == "Die gesendeten Daten sind kein gültiges JSON."
