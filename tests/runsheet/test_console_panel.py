"""The console's run-sheet panel: what it shows, and its forms (without JavaScript) move
the phase and come back to the console with a message; with ``Accept: application/json``
the same actions answer the new phase."""

from datetime import timedelta

import pytest

from participation.phases.services import replace_steps
from participation import limits
from participation.extensions import db
from participation.phases import services
from participation.runsheet.defaults import add_default_run

from helpers import FakeClock, csrf_token


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(limits, "clock", fake)
    return fake


def _console(workshop):
    return f"/moderation/workshops/{workshop.id}/console"


def _act(client, workshop, action, **fields):
    return client.post(f"/moderation/workshops/{workshop.id}/ablauf/{action}",
                       data={"csrf_token": csrf_token(client), "next": _console(workshop) + "#runsheet", **fields})


def _fresh(workshop):
    db.session.rollback()
    db.session.expire_all()
    return workshop


def test_without_a_run_sheet_the_panel_explains(logged_in, workshop):
    replace_steps(workshop, [])  # the Dithmarschen template brings a run sheet
    page = logged_in.get(_console(workshop)).get_data(as_text=True)
    assert 'id="runsheet"' in page
    assert "Kein Ablauf: Ideen und Punkte sind offen, solange der Workshop offen ist." in page
    assert f"/moderation/workshops/{workshop.id}/ablauf" in page


def test_the_forms_drive_the_run_without_javascript(logged_in, workshop, clock):
    add_default_run(workshop)
    page = logged_in.get(_console(workshop)).get_data(as_text=True)
    assert "Ablauf starten" in page

    response = _act(logged_in, workshop, "next", expected="0")
    assert response.status_code == 302 and response.location.endswith(_console(workshop) + "#runsheet")
    first = _fresh(workshop).steps[0]
    assert workshop.current_step_id == first.id
    page = logged_in.get(response.location).get_data(as_text=True)
    assert "Weiter mit Schritt 1" in page
    assert f"Schritt 1 von {len(workshop.steps)}" in page and "Sammeln" in page and "Frage 1" in page
    assert "10:00" in page  # the countdown as the page was drawn
    assert "0 von 0 fertig" in page and "Danach" in page

    clock.advance(30)
    assert _act(logged_in, workshop, "plus").status_code == 302
    step = _fresh(workshop).steps[0]
    assert step.ends_at == step.started_at + timedelta(seconds=660)
    assert _act(logged_in, workshop, "minus").status_code == 302
    assert _act(logged_in, workshop, "minus").status_code == 302
    step = _fresh(workshop).steps[0]
    assert step.ends_at == step.started_at + timedelta(seconds=540)

    assert _act(logged_in, workshop, "pause").status_code == 302
    step = _fresh(workshop).steps[0]
    assert step.paused_remaining == pytest.approx(510) and step.ends_at is None
    page = logged_in.get(_console(workshop)).get_data(as_text=True)
    assert "Fortsetzen" in page and "Zeit angehalten" in page and "8:30" in page
    assert _act(logged_in, workshop, "resume").status_code == 302
    assert _fresh(workshop).steps[0].paused_remaining is None

    # "Weiter" sent from a page that showed an older step moves nothing
    _act(logged_in, workshop, "next", expected=str(first.id))
    second = _fresh(workshop).steps[1]
    assert workshop.current_step_id == second.id
    response = _act(logged_in, workshop, "next", expected=str(first.id))
    page = logged_in.get(response.location).get_data(as_text=True)
    assert "Der Ablauf ist inzwischen weitergegangen" in page
    assert _fresh(workshop).current_step_id == second.id

    vote = workshop.steps[-2]
    _act(logged_in, workshop, "start", step_id=str(vote.id))
    assert _fresh(workshop).current_step_id == vote.id and workshop.votes_hidden
    page = logged_in.get(_console(workshop)).get_data(as_text=True)
    assert "Punkte aufdecken" in page and "Punkte verdeckt" in page
    _act(logged_in, workshop, "reveal")
    assert not _fresh(workshop).votes_hidden
    assert "Punkte verdecken" in logged_in.get(_console(workshop)).get_data(as_text=True)

    _act(logged_in, workshop, "end")
    assert _fresh(workshop).current_step_id is None
    page = logged_in.get(_console(workshop)).get_data(as_text=True)
    assert "Der Ablauf läuft gerade nicht" in page


def test_the_actions_answer_json_to_the_script(logged_in, workshop, clock):
    add_default_run(workshop)
    response = logged_in.post(f"/moderation/workshops/{workshop.id}/ablauf/next",
                              data={"csrf_token": csrf_token(logged_in), "expected": "0"},
                              headers={"Accept": "application/json"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["phase"]["step"]["position"] == 1 and body["message"].startswith("Weiter mit Schritt 1")
    assert body["now"] and body["done"]["present"] == 0
    response = logged_in.post(f"/moderation/workshops/{workshop.id}/ablauf/resume",
                              data={"csrf_token": csrf_token(logged_in)}, headers={"Accept": "application/json"})
    assert response.status_code == 409 and response.get_json()["message"] == "Die Zeit ist nicht angehalten."


def test_the_panel_alone_for_the_script(logged_in, workshop, clock):
    add_default_run(workshop)
    services.next_step(workshop)
    response = logged_in.get(_console(workshop) + "?partial=runsheet")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.lstrip().startswith("<section") and 'id="runsheet-body"' in page and "Schritt 1 von" in page
    assert "console-ideas" not in page


def test_the_panel_in_english(logged_in, workshop, clock):
    add_default_run(workshop)
    services.next_step(workshop)
    page = logged_in.get(_console(workshop), headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert "Step 1 of" in page and "Collect" in page and "Reveal dots" not in page and "+1 min" in page
