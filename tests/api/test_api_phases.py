"""The API in the phases of the evening: the workshop carries its phase, and while the room
collects in silence the ideas list holds only the caller's own ideas (as the phone page)."""

from participation.phases import services as phases

from helpers import csrf_token, make_participant, post_idea


def _joined(app, workshop, nickname):
    client = app.test_client()
    token = csrf_token(client)
    assert client.post(f"/j/{workshop.code}", data={"nickname": nickname, "csrf_token": token}).status_code == 302
    return client, token


def _ideas(client, workshop):
    return client.get(f"/api/workshops/{workshop.code}/ideas").get_json()


def test_workshop_carries_its_phase(app, workshop):
    api = app.test_client()
    phase = api.get(f"/api/workshops/{workshop.code}").get_json()["phase"]
    assert phase["kind"] == "open" and phase["step"] is None and phase["votes_hidden"] is False
    phases.replace_steps(workshop, [{"kind": "silent", "duration_seconds": 300, "title": "Stille Runde"}])
    assert phases.next_step(workshop)
    phase = api.get(f"/api/workshops/{workshop.code}").get_json()["phase"]
    assert phase["kind"] == "silent"
    assert phase["step"]["title"] == "Stille Runde" and phase["step"]["duration"] == 300
    assert isinstance(phase["step"]["ends_at"], int)


def test_silent_collecting_lists_only_the_callers_own_ideas(app, workshop):
    phases.replace_steps(workshop, [{"kind": "silent"}, {"kind": "collect"}])
    assert phases.next_step(workshop)
    inge, token = _joined(app, workshop, "Inge")
    body = {"question_id": workshop.questions[0].id, "text": "Meine stille Idee"}
    assert inge.post(f"/api/workshops/{workshop.code}/ideas", json=body,
                     headers={"X-CSRFToken": token}).status_code == 201
    post_idea(workshop, make_participant(workshop, "ben"), "Bens geheime Idee")

    own = _ideas(inge, workshop)
    assert own["silent"] is True
    assert [idea["text"] for idea in own["ideas"]] == ["Meine stille Idee"]
    stranger = _ideas(app.test_client(), workshop)
    assert stranger == {"ideas": [], "next": None, "next_cursor": None, "silent": True}

    assert phases.next_step(workshop)  # collecting openly again: everyone sees everything
    everyone = _ideas(app.test_client(), workshop)
    assert everyone["silent"] is False
    assert sorted(idea["text"] for idea in everyone["ideas"]) == ["Bens geheime Idee", "Meine stille Idee"]


def test_openapi_documents_the_phase_and_nullable_votes(app):
    document = app.test_client().get("/api/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    assert "phase" in schemas["Workshop"]["required"]
    assert schemas["Idea"]["properties"]["votes"]["type"] == ["integer", "null"]
    assert "silent" in schemas["IdeasPage"]["properties"]
    assert set(schemas["Phase"]["required"]) == {"is_open", "kind", "votes_hidden", "step", "next"}
