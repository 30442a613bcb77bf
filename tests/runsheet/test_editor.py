"""The run-sheet editor (Ablauf): adding, changing, moving and deleting steps as a
moderator, the default run, rejected forms shown as typed, and nobody else's workshop."""

import re

from participation.extensions import db
from participation.phases import services
from participation.runsheet.defaults import add_default_run, default_run

from helpers import TEST_PASSWORD, csrf_token


def _url(workshop, rest=""):
    return f"/moderation/workshops/{workshop.id}/ablauf{rest}"


def _steps(workshop):
    db.session.rollback()
    db.session.expire_all()
    return [(step.kind, list(step.question_ids), step.duration_seconds, step.auto_advance, step.title)
            for step in workshop.steps]


def test_a_blank_workshop_explains_and_offers_the_default_run(logged_in, workshop):
    page = logged_in.get(_url(workshop)).get_data(as_text=True)
    assert "Kein Ablauf: Ideen und Punkte sind offen, solange der Workshop offen ist." in page
    response = logged_in.post(_url(workshop, "/standard"), data={"csrf_token": csrf_token(logged_in)})
    assert response.status_code == 302
    questions = [question.id for question in workshop.questions]
    assert _steps(workshop) == [("collect", [question], 600, False, "") for question in questions] + [
        ("vote", [], 300, False, ""), ("result", [], None, False, "")]
    page = logged_in.get(_url(workshop)).get_data(as_text=True)
    assert "Kein Ablauf:" not in page
    assert "Frage 1" in page and "10 Min." in page and "alle Fragen" in page and "wartet" in page


def test_the_default_run_is_not_added_twice(logged_in, workshop):
    add_default_run(workshop)
    before = _steps(workshop)
    response = logged_in.post(_url(workshop, "/standard"), data={"csrf_token": csrf_token(logged_in)},
                              follow_redirects=True)
    assert "hat schon einen Ablauf" in response.get_data(as_text=True)
    assert _steps(workshop) == before


def test_add_a_step(logged_in, workshop):
    first, second = workshop.questions[0].id, workshop.questions[1].id
    response = logged_in.post(_url(workshop), data={
        "csrf_token": csrf_token(logged_in), "kind": "silent", "question_ids": [str(first), str(second)],
        "minutes": "7", "auto_advance": "y", "title": "Leise Runde"})
    assert response.status_code == 302
    assert _steps(workshop) == [("silent", sorted([first, second]), 420, True, "Leise Runde")]
    page = logged_in.get(response.location).get_data(as_text=True)
    assert "Schritt 1 ist angelegt" in page
    assert "Still sammeln" in page and "Leise Runde" in page and "Fragen 1, 2" in page and "automatisch weiter" in page


def test_a_step_without_minutes_has_no_timer(logged_in, workshop):
    response = logged_in.post(_url(workshop), data={"csrf_token": csrf_token(logged_in), "kind": "pause",
                                                    "minutes": ""})
    assert response.status_code == 302
    assert _steps(workshop) == [("pause", [], None, False, "")]
    assert "ohne Zeit" in logged_in.get(_url(workshop)).get_data(as_text=True)


def test_invalid_input_keeps_what_was_typed(logged_in, workshop):
    response = logged_in.post(_url(workshop), data={
        "csrf_token": csrf_token(logged_in), "kind": "collect", "question_ids": [str(workshop.questions[2].id)],
        "minutes": "9999", "title": "Meine lange Runde"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Bitte korrigieren Sie die markierten Angaben." in page
    assert "zwischen 1 und 360" in page
    assert 'value="9999"' in page and 'value="Meine lange Runde"' in page
    ticked = re.findall(r'<input[^>]*\bchecked\b[^>]*>', page)
    assert len(ticked) == 1 and f'value="{workshop.questions[2].id}"' in ticked[0]
    assert _steps(workshop) == []


def test_an_unknown_kind_is_refused_with_a_message(logged_in, workshop):
    response = logged_in.post(_url(workshop), data={"csrf_token": csrf_token(logged_in), "kind": "party",
                                                    "title": "Feier"})
    assert response.status_code == 422
    assert 'value="Feier"' in response.get_data(as_text=True)
    assert _steps(workshop) == []


def test_a_question_of_another_workshop_is_refused(logged_in, workshop, moderator):
    from participation.workshops.services import create_workshop

    other = create_workshop(moderator, "dithmarschen", title="Andere")
    response = logged_in.post(_url(workshop), data={"csrf_token": csrf_token(logged_in), "kind": "collect",
                                                    "question_ids": [str(other.questions[0].id)], "minutes": "5"})
    assert response.status_code == 422
    assert "Bitte wählen Sie Leitfragen dieses Workshops." in response.get_data(as_text=True)
    assert _steps(workshop) == []


def test_edit_a_step(logged_in, workshop):
    add_default_run(workshop)
    step = workshop.steps[0]
    page = logged_in.get(_url(workshop, f"/{step.id}")).get_data(as_text=True)
    assert 'value="10"' in page
    response = logged_in.post(_url(workshop, f"/{step.id}"), data={
        "csrf_token": csrf_token(logged_in), "kind": "silent", "minutes": "12", "title": "Still"})
    assert response.status_code == 302
    assert _steps(workshop)[0] == ("silent", [], 720, False, "Still")


def test_editing_with_invalid_input_keeps_the_form(logged_in, workshop):
    add_default_run(workshop)
    step = workshop.steps[0]
    response = logged_in.post(_url(workshop, f"/{step.id}"), data={
        "csrf_token": csrf_token(logged_in), "kind": "collect", "minutes": "zehn", "title": "x" * 121})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'value="zehn"' in page and "x" * 121 in page
    assert _steps(workshop)[0][2] == 600


def test_move_steps(logged_in, workshop):
    add_default_run(workshop)
    kinds = [kind for kind, *_ in _steps(workshop)]
    vote = workshop.steps[-2]
    response = logged_in.post(_url(workshop, f"/{vote.id}/verschieben"),
                              data={"csrf_token": csrf_token(logged_in), "direction": "up"})
    assert response.status_code == 302
    assert [kind for kind, *_ in _steps(workshop)] == kinds[:-3] + ["vote", "collect", "result"]
    last = workshop.steps[-1]
    response = logged_in.post(_url(workshop, f"/{last.id}/verschieben"),
                              data={"csrf_token": csrf_token(logged_in), "direction": "down"}, follow_redirects=True)
    assert "schon ganz unten" in response.get_data(as_text=True)


def test_delete_a_step_after_confirming(logged_in, workshop):
    add_default_run(workshop)
    step = workshop.steps[-1]
    page = logged_in.get(_url(workshop, f"/{step.id}/loeschen")).get_data(as_text=True)
    assert "wirklich löschen" in page
    response = logged_in.post(_url(workshop, f"/{step.id}/loeschen"), data={"csrf_token": csrf_token(logged_in)})
    assert response.status_code == 302
    assert [kind for kind, *_ in _steps(workshop)] == ["collect"] * len(workshop.questions) + ["vote"]


def test_the_running_step_cannot_be_deleted(logged_in, workshop):
    add_default_run(workshop)
    step = workshop.steps[0]
    services.start_step(workshop, step)
    page = logged_in.get(_url(workshop, f"/{step.id}/loeschen")).get_data(as_text=True)
    assert "Der laufende Schritt kann nicht gelöscht werden" in page
    response = logged_in.post(_url(workshop, f"/{step.id}/loeschen"), data={"csrf_token": csrf_token(logged_in)},
                              follow_redirects=True)
    assert "Der laufende Schritt kann nicht gelöscht werden" in response.get_data(as_text=True)
    assert len(_steps(workshop)) == len(default_run(workshop))


def test_states_and_records_are_listed(logged_in, workshop):
    add_default_run(workshop)
    services.start_step(workshop, workshop.steps[0])
    services.next_step(workshop)
    page = logged_in.get(_url(workshop)).get_data(as_text=True)
    assert page.count("beendet um") == 1 and "0 Ideen" in page
    assert "läuft" in page and "wartet" in page


def test_start_a_step_from_the_editor(logged_in, workshop):
    add_default_run(workshop)
    step = workshop.steps[1]
    response = logged_in.post(f"/moderation/workshops/{workshop.id}/ablauf/start", data={
        "csrf_token": csrf_token(logged_in), "step_id": str(step.id), "next": _url(workshop)})
    assert response.status_code == 302 and response.location.endswith(_url(workshop))
    db.session.rollback()
    db.session.refresh(workshop)
    assert workshop.current_step_id == step.id


def test_another_moderator_gets_404(app, client, workshop):
    from participation.auth.services import create_moderator

    add_default_run(workshop)
    step = workshop.steps[0]
    create_moderator("andere", TEST_PASSWORD)
    token = csrf_token(client)
    client.post("/moderation/login", data={"username": "andere", "password": TEST_PASSWORD, "csrf_token": token})
    token = csrf_token(client)
    assert client.get(_url(workshop)).status_code == 404
    assert client.get(_url(workshop, f"/{step.id}")).status_code == 404
    assert client.get(_url(workshop, f"/{step.id}/loeschen")).status_code == 404
    for path, data in [("", {"kind": "collect"}), ("/standard", {}), (f"/{step.id}", {"kind": "pause"}),
                       (f"/{step.id}/verschieben", {"direction": "down"}), (f"/{step.id}/loeschen", {})]:
        assert client.post(_url(workshop, path), data={"csrf_token": token, **data}).status_code == 404, path
    assert len(_steps(workshop)) == len(default_run(workshop))


def test_a_step_of_another_workshop_is_404(logged_in, workshop, moderator):
    from participation.workshops.services import create_workshop

    other = create_workshop(moderator, "dithmarschen", title="Andere")
    add_default_run(other)
    step = other.steps[0]
    assert logged_in.get(_url(workshop, f"/{step.id}")).status_code == 404
    response = logged_in.post(_url(workshop, f"/{step.id}/loeschen"), data={"csrf_token": csrf_token(logged_in)})
    assert response.status_code == 404


def test_the_editor_speaks_english(logged_in, workshop):
    add_default_run(workshop)
    page = logged_in.get(_url(workshop), headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert "Run sheet" in page


def test_the_editor_saves_a_groups_present_step(logged_in, workshop):
    """Gruppen stellen vor: offered among the kinds, saved, listed by its name (German and English)."""
    page = logged_in.get(_url(workshop)).get_data(as_text=True)
    assert '<option value="present">Gruppen stellen vor</option>' in page
    response = logged_in.post(_url(workshop), data={"csrf_token": csrf_token(logged_in), "kind": "present",
                                                    "minutes": "15", "title": "Tische berichten"})
    assert response.status_code == 302
    assert _steps(workshop) == [("present", [], 900, False, "Tische berichten")]
    assert "Gruppen stellen vor" in logged_in.get(_url(workshop)).get_data(as_text=True)
    english = logged_in.get(_url(workshop), headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Groups present" in english
