"""The JSON API: its OpenAPI description, reading a workshop and its ideas, posting ideas."""

import re
from datetime import datetime

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import OpenAPIV31SpecValidator, validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from sqlalchemy import func, select

from participation.extensions import db
from participation.ideas.models import HIDDEN, PENDING, Idea, Participant
from participation.workshops.services import create_workshop, set_open

from helpers import csrf_token

DOCUMENT_URI = "urn:participation:openapi"


@pytest.fixture
def document(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


def _pointer(*parts):
    """A URI fragment (JSON pointer) to the given path inside the document."""
    escaped = (str(part).replace("~", "~0").replace("/", "~1") for part in parts)
    return "#/" + "/".join(escaped)


def _validator(document, *parts):
    """A validator for the schema at ``parts`` in the document, resolving its $refs against the document."""
    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    registry = Registry().with_resource(DOCUMENT_URI, resource)
    schema = {"$ref": DOCUMENT_URI + _pointer(*parts)}
    return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _assert_matches_response(document, path, method, response):
    """The response's body fits the schema the document gives for this path, method and status."""
    operation = document["paths"][path][method]
    status = str(response.status_code)
    assert status in operation["responses"], f"{method.upper()} {path} answered {status}, not documented"
    assert response.mimetype == "application/json"
    validator = _validator(
        document, "paths", path, method, "responses", status, "content", "application/json", "schema"
    )
    errors = [error.message for error in validator.iter_errors(response.get_json())]
    assert not errors, errors


def _post(client, workshop, token, body=None, headers=None, **kwargs):
    all_headers = {"X-CSRFToken": token} if token else {}
    all_headers.update(headers or {})
    if body is not None:
        kwargs["json"] = body
    return client.post(f"/api/workshops/{workshop.code}/ideas", headers=all_headers, **kwargs)


def _idea(workshop, text, question=None, **extra):
    question_id = question if question is not None else workshop.questions[0].id
    return {"question_id": question_id, "text": text, **extra}


def _count(model=Idea):
    db.session.rollback()  # end the test's read transaction to see what requests wrote
    return db.session.scalar(select(func.count(model.id)))


# --- the OpenAPI document -------------------------------------------------------------------


def test_openapi_document_is_valid_openapi_3_1(document):
    assert document["openapi"].startswith("3.1")
    validate(document, cls=OpenAPIV31SpecValidator)


def test_every_api_route_is_documented(app, document):
    documented = document["paths"]
    seen = 0
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or rule.rule == "/api/openapi.json" or rule.endpoint == "static":
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        assert path in documented, f"{rule.rule} is missing from openapi.json"
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in documented[path], f"{method} {rule.rule} is missing from openapi.json"
        seen += 1
    assert seen >= 3


def test_documented_paths_exist(app, document):
    adapter = app.url_map.bind("localhost")
    for path, operations in document["paths"].items():
        concrete = re.sub(r"\{(\w+)\}", lambda m: "ABCDEF" if m.group(1) == "code" else "1", path)
        for method in operations:
            if method in {"get", "post", "put", "patch", "delete"}:
                adapter.match(concrete, method=method.upper())  # raises when there is no such route


# --- reading ---------------------------------------------------------------------------------


def test_workshop_response_matches_schema(client, workshop, document):
    response = client.get(f"/api/workshops/{workshop.code}")
    assert response.status_code == 200
    _assert_matches_response(document, "/api/workshops/{code}", "get", response)
    data = response.get_json()
    assert data["code"] == workshop.code
    assert data["title"] == "Dithmarschen Digital – Auftakt"
    assert data["is_open"] is True
    assert [question["id"] for question in data["questions"]] == [question.id for question in workshop.questions]
    assert data["questions"][0]["text"] == "Welche Beispiele kennen wir, bei denen Technologie uns unterstützt?"


def test_workshop_code_is_case_insensitive(client, workshop):
    assert client.get(f"/api/workshops/{workshop.code.lower()}").status_code == 200


def test_session_response_matches_schema(client, document):
    response = client.get("/api/session")
    assert response.status_code == 200
    _assert_matches_response(document, "/api/session", "get", response)


def test_ideas_response_matches_schema(client, workshop, document):
    token = csrf_token(client)
    for number, text in enumerate(["Glasfaser für jedes Dorf", "Rufbus am Wochenende"]):
        body = _idea(workshop, text, question=workshop.questions[number].id, nickname="Inge")
        assert _post(client, workshop, token, body).status_code == 201
    response = client.get(f"/api/workshops/{workshop.code}/ideas")
    assert response.status_code == 200
    _assert_matches_response(document, "/api/workshops/{code}/ideas", "get", response)
    ideas = response.get_json()["ideas"]
    assert [idea["text"] for idea in ideas] == ["Glasfaser für jedes Dorf", "Rufbus am Wochenende"]
    assert all(idea["nickname"] == "Inge" and idea["status"] == "visible" for idea in ideas)
    assert datetime.fromisoformat(ideas[0]["created_at"]).utcoffset() is not None


def test_empty_workshop_has_an_empty_list(client, workshop, document):
    response = client.get(f"/api/workshops/{workshop.code}/ideas")
    assert response.get_json() == {"ideas": [], "next": None, "next_cursor": None, "silent": False}
    _assert_matches_response(document, "/api/workshops/{code}/ideas", "get", response)


def test_hidden_and_pending_ideas_are_not_listed(client, workshop):
    token = csrf_token(client)
    for text in ("Sichtbare Idee", "Versteckte Idee", "Wartende Idee"):
        assert _post(client, workshop, token, _idea(workshop, text)).status_code == 201
    db.session.rollback()
    ideas = {idea.text: idea for idea in db.session.scalars(select(Idea))}
    ideas["Versteckte Idee"].status = HIDDEN
    ideas["Wartende Idee"].status = PENDING
    db.session.commit()
    listed = client.get(f"/api/workshops/{workshop.code}/ideas").get_json()["ideas"]
    assert [idea["text"] for idea in listed] == ["Sichtbare Idee"]


def test_ideas_of_other_workshops_are_not_listed(client, workshop, moderator):
    other = create_workshop(moderator, "dithmarschen", "Zweiter Workshop")
    token = csrf_token(client)
    assert _post(client, other, token, _idea(other, "Gehört zum zweiten Workshop")).status_code == 201
    assert client.get(f"/api/workshops/{workshop.code}/ideas").get_json() == {"ideas": [], "next": None, "next_cursor": None,
                                                                                   "silent": False}


@pytest.mark.parametrize("path", ["/api/workshops/ZZZZZZ", "/api/workshops/ZZZZZZ/ideas", "/api/workshops/O0I1L/ideas"])
def test_unknown_code_is_a_json_404(client, document, path):
    response = client.get(path)
    assert response.status_code == 404
    data = response.get_json()
    assert data["message"] == "Zu diesem Code gibt es keinen Workshop."
    _assert_matches_response(document, path.replace("ZZZZZZ", "{code}").replace("O0I1L", "{code}"), "get", response)


def test_posting_to_unknown_code_is_a_json_404(client, document):
    token = csrf_token(client)
    response = client.post(
        "/api/workshops/ZZZZZZ/ideas", json={"question_id": 1, "text": "Idee"}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 404
    assert response.get_json()["message"] == "Zu diesem Code gibt es keinen Workshop."
    _assert_matches_response(document, "/api/workshops/{code}/ideas", "post", response)
    assert _count() == 0


def test_unknown_api_path_is_json(client):
    response = client.get("/api/gibt-es-nicht")
    assert response.status_code == 404
    assert response.get_json()["message"] == "Diese Seite gibt es nicht."


# --- posting ---------------------------------------------------------------------------------


def test_post_idea_is_stored_and_listed(client, workshop, document):
    token = csrf_token(client)
    response = _post(client, workshop, token, _idea(workshop, "  Mitfahrbank in Wesselburen  ", nickname="Hauke"))
    assert response.status_code == 201
    _assert_matches_response(document, "/api/workshops/{code}/ideas", "post", response)
    data = response.get_json()
    assert data["created"] is True
    assert data["idea"]["text"] == "Mitfahrbank in Wesselburen"
    assert data["idea"]["nickname"] == "Hauke"
    assert data["idea"]["question_id"] == workshop.questions[0].id
    listed = client.get(f"/api/workshops/{workshop.code}/ideas").get_json()["ideas"]
    assert [idea["id"] for idea in listed] == [data["idea"]["id"]]
    assert _count() == 1 and _count(Participant) == 1


def test_post_sets_the_participant_cookie(client, workshop):
    token = csrf_token(client)
    response = _post(client, workshop, token, _idea(workshop, "Ladesäulen am Hafen"))
    cookie = next(value for value in response.headers.getlist("Set-Cookie") if value.startswith("participant="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    # The same browser posts again as the same participant.
    assert _post(client, workshop, token, _idea(workshop, "Noch eine Idee")).status_code == 201
    assert _count(Participant) == 1


def test_repeated_idempotency_key_in_body_stores_once(client, workshop, document):
    token = csrf_token(client)
    body = _idea(workshop, "Rufbus auch am Wochenende", idempotency_key="double-tap-123")
    first = _post(client, workshop, token, body)
    second = _post(client, workshop, token, body)
    assert first.status_code == 201 and first.get_json()["created"] is True
    assert second.status_code == 200 and second.get_json()["created"] is False
    _assert_matches_response(document, "/api/workshops/{code}/ideas", "post", second)
    assert second.get_json()["idea"] == first.get_json()["idea"]
    assert _count() == 1


def test_repeated_idempotency_key_header_stores_once(client, workshop):
    token = csrf_token(client)
    headers = {"Idempotency-Key": "header-key-4711"}
    first = _post(client, workshop, token, _idea(workshop, "Carsharing am Bahnhof"), headers=headers)
    second = _post(client, workshop, token, _idea(workshop, "Carsharing am Bahnhof"), headers=headers)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.get_json()["created"] is False
    assert second.get_json()["idea"]["id"] == first.get_json()["idea"]["id"]
    assert _count() == 1


def test_different_keys_store_twice(client, workshop):
    token = csrf_token(client)
    for key in ("first-key-0001", "second-key-002"):
        response = _post(client, workshop, token, _idea(workshop, "Zweimal gewollt", idempotency_key=key))
        assert response.status_code == 201
    assert _count() == 2


def test_umlauts_and_emoji_round_trip(client, workshop):
    text = "Kostenloses WLAN am Marktplatz in Heide – für alle! 📶 Äpfel, Öl, Übergröße, ß 👩‍👩‍👧"
    token = csrf_token(client)
    response = _post(client, workshop, token, _idea(workshop, text, nickname="Jörg 🚜"))
    assert response.status_code == 201
    assert response.get_json()["idea"]["text"] == text
    listed = client.get(f"/api/workshops/{workshop.code}/ideas").get_json()["ideas"]
    assert listed[0]["text"] == text and listed[0]["nickname"] == "Jörg 🚜"
    db.session.rollback()
    assert db.session.scalar(select(Idea.text)) == text


# --- refusals --------------------------------------------------------------------------------


def test_missing_csrf_header_is_refused(client, workshop, document):
    csrf_token(client)  # a session exists, but the token is not sent
    response = _post(client, workshop, None, _idea(workshop, "Ohne Token"))
    assert response.status_code == 400
    data = response.get_json()
    assert data["error"] == "csrf"
    assert "Sicherheits-Token" in data["message"]
    _assert_matches_response(document, "/api/workshops/{code}/ideas", "post", response)
    assert _count() == 0 and _count(Participant) == 0


def test_wrong_csrf_header_is_refused(client, workshop):
    csrf_token(client)
    response = _post(client, workshop, "nicht-das-richtige-token", _idea(workshop, "Falsches Token"))
    assert response.status_code == 400 and response.get_json()["error"] == "csrf"
    assert _count() == 0


def test_token_of_another_session_is_refused(app, client, workshop):
    other_token = csrf_token(app.test_client())
    csrf_token(client)
    response = _post(client, workshop, other_token, _idea(workshop, "Fremdes Token"))
    assert response.status_code == 400
    assert _count() == 0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"data": "question_id=1&text=Idee", "content_type": "application/x-www-form-urlencoded"},
        {"data": "{kaputt", "content_type": "application/json"},
        {"data": "[1, 2]", "content_type": "application/json"},
        {"data": '"nur ein Text"', "content_type": "application/json"},
    ],
    ids=["form", "broken-json", "array", "string"],
)
def test_non_object_body_is_refused(client, workshop, document, kwargs):
    token = csrf_token(client)
    response = _post(client, workshop, token, **kwargs)
    assert response.status_code == 400
    assert "JSON-Objekt" in response.get_json()["message"]
    _assert_matches_response(document, "/api/workshops/{code}/ideas", "post", response)
    assert _count() == 0


@pytest.mark.parametrize("text", [42, ["Liste"], {"text": "verschachtelt"}, True])
def test_text_that_is_not_a_string_is_refused(client, workshop, document, text):
    token = csrf_token(client)
    response = _post(client, workshop, token, _idea(workshop, text))
    assert response.status_code == 422
    assert response.get_json()["field"] == "text"
    _assert_matches_response(document, "/api/workshops/{code}/ideas", "post", response)
    assert _count() == 0


@pytest.mark.parametrize("text", ["", "   \n\t  ", None])
def test_empty_text_is_refused(client, workshop, document, text):
    token = csrf_token(client)
    body = _idea(workshop, text)
    if text is None:
        del body["text"]
    response = _post(client, workshop, token, body)
    assert response.status_code == 422
    data = response.get_json()
    assert data["field"] == "text"
    assert "Bitte schreiben Sie Ihre Idee" in data["message"]
    _assert_matches_response(document, "/api/workshops/{code}/ideas", "post", response)
    assert _count() == 0


def test_too_long_text_is_refused(client, workshop, document):
    token = csrf_token(client)
    response = _post(client, workshop, token, _idea(workshop, "ü" * 501))
    assert response.status_code == 422
    data = response.get_json()
    assert data["field"] == "text" and "höchstens 500" in data["message"]
    _assert_matches_response(document, "/api/workshops/{code}/ideas", "post", response)
    assert _count() == 0
    assert _post(client, workshop, token, _idea(workshop, "ü" * 500)).status_code == 201


def test_question_of_another_workshop_is_refused(client, workshop, moderator, document):
    other = create_workshop(moderator, "smarte-land-regionen")
    token = csrf_token(client)
    response = _post(client, workshop, token, _idea(workshop, "Digitale Bürgerdienste", question=other.questions[0].id))
    assert response.status_code == 422
    data = response.get_json()
    assert data["field"] == "question_id"
    assert "gehört nicht zu diesem Workshop" in data["message"]
    _assert_matches_response(document, "/api/workshops/{code}/ideas", "post", response)
    assert _count() == 0


@pytest.mark.parametrize("question", ["abc", None, 0, 999999, 1.5, True, "1"])
def test_garbage_question_id_is_refused(client, workshop, question):
    token = csrf_token(client)
    body = {"question_id": question, "text": "Idee"}
    response = _post(client, workshop, token, body)
    assert response.status_code == 422 and response.get_json()["field"] == "question_id"
    assert _count() == 0


def test_closed_workshop_is_a_conflict(client, workshop, document):
    set_open(workshop, False)
    token = csrf_token(client)
    response = _post(client, workshop, token, _idea(workshop, "Carsharing am Bahnhof Meldorf"))
    assert response.status_code == 409
    data = response.get_json()
    assert "nimmt gerade keine Ideen an" in data["message"]
    _assert_matches_response(document, "/api/workshops/{code}/ideas", "post", response)
    assert _count() == 0 and _count(Participant) == 0


def test_closed_workshop_refuses_a_known_participant_too(client, workshop):
    token = csrf_token(client)
    assert _post(client, workshop, token, _idea(workshop, "Vorher gepostet")).status_code == 201
    set_open(workshop, False)
    response = _post(client, workshop, token, _idea(workshop, "Nachher gepostet"))
    assert response.status_code == 409
    assert _count() == 1


def test_silent_collecting_lists_only_the_askers_own_ideas(app, workshop):
    """Still sammeln: the API, like the phone and the stream, gives nobody another's idea."""
    from participation.phases.services import next_step, replace_steps

    anna, bodo = app.test_client(), app.test_client()
    for person, text in ((anna, "Annas Idee vorher"), (bodo, "Bodos Idee vorher")):
        assert _post(person, workshop, csrf_token(person), _idea(workshop, text)).status_code == 201
    replace_steps(workshop, [{"kind": "silent"}, {"kind": "vote"}])
    db.session.refresh(workshop)
    assert next_step(workshop)
    assert _post(anna, workshop, csrf_token(anna), _idea(workshop, "Annas stille Idee")).status_code == 201

    def listed(client):
        return [idea["text"] for idea in client.get(f"/api/workshops/{workshop.code}/ideas").get_json()["ideas"]]

    assert listed(anna) == ["Annas Idee vorher", "Annas stille Idee"]
    assert listed(bodo) == ["Bodos Idee vorher"]
    assert listed(app.test_client()) == []  # no participant, nothing of anyone's
    db.session.refresh(workshop)
    assert next_step(workshop)  # voting: everyone's ideas again
    assert len(listed(bodo)) == 3
