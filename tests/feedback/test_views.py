"""Rückmeldung pages: the moderator's measure page (forms keep what was typed), the process
overview, the public process page, the results page and the phone's note."""

import re

import pytest

from accounts import log_in, make_account
from helpers import csrf_token, form_token
from participation.extensions import db
from participation.measures.models import Measure, MeasureMilestone

from .world import HIDDEN, MERGED, PENDING, PUBLIC, SECRET, VISIBLE, build


@pytest.fixture
def world(moderator, workshop):
    return build(moderator, workshop)


def _url(world, measure=None, tail=""):
    measure = measure or world.public
    return f"/moderation/workshops/{world.workshop.id}/massnahmen/{measure.id}/rueckmeldung{tail}"


def _fresh(measure):
    db.session.rollback()
    return db.session.get(Measure, measure.id)


def _text(response):
    return response.get_data(as_text=True)


def test_the_moderator_changes_the_stage_and_the_public_text(logged_in, world):
    page = logged_in.get(_url(world))
    assert page.status_code == 200 and PUBLIC in _text(page)
    response = logged_in.post(_url(world), data={"csrf_token": form_token(page), "stage": "umsetzung",
                                                 "stage_reason": "", "public_update": "Die Busse fahren ab Mai.",
                                                 "is_public": "y"})
    assert response.status_code == 302
    measure = _fresh(world.public)
    assert (measure.stage, measure.public_update, measure.is_public) == ("umsetzung", "Die Busse fahren ab Mai.", True)
    assert measure.stage_changed_at is not None


def test_dropping_without_a_reason_is_refused_and_keeps_the_input(logged_in, world):
    response = logged_in.post(_url(world), data={"csrf_token": csrf_token(logged_in), "stage": "verworfen",
                                                 "stage_reason": " ", "public_update": "Mein getippter Text <b>",
                                                 "is_public": ""})
    assert response.status_code == 422
    html = _text(response)
    assert "warum die Maßnahme verworfen wurde" in html
    assert "Mein getippter Text &lt;b&gt;" in html
    assert re.search(r'<input checked[^>]*value="verworfen"', html)
    assert 'aria-invalid="true"' in html
    measure = _fresh(world.public)
    assert (measure.stage, measure.is_public) == ("idee", True)  # nothing stored


def test_milestones_through_the_page(logged_in, world):
    token = csrf_token(logged_in)
    assert logged_in.post(_url(world, tail="/meilensteine"), data={"csrf_token": token, "new-title": "Fahrplan"}).status_code == 302
    refused = logged_in.post(_url(world, tail="/meilensteine"), data={"csrf_token": token, "new-title": "   "})
    assert refused.status_code == 422 and "Namen" in _text(refused)
    db.session.rollback()
    milestone = db.session.scalar(db.select(MeasureMilestone).where(MeasureMilestone.measure_id == world.public.id))
    milestone_id = milestone.id
    tail = f"/meilensteine/{milestone.id}"
    future = logged_in.post(_url(world, tail=tail + "/erledigt"), data={"csrf_token": token, f"m{milestone.id}-done_on": "2099-01-01"})
    assert future.status_code == 422 and "Zukunft" in _text(future) and 'value="2099-01-01"' in _text(future)
    typo = logged_in.post(_url(world, tail=tail + "/erledigt"), data={"csrf_token": token, f"m{milestone.id}-done_on": "31.02.2026"})
    assert typo.status_code == 422 and "Bitte geben Sie ein Datum ein" in _text(typo)
    assert logged_in.post(_url(world, tail=tail + "/erledigt"), data={"csrf_token": token, f"m{milestone.id}-done_on": "2026-03-01"}).status_code == 302
    db.session.rollback()
    assert str(db.session.get(MeasureMilestone, milestone.id).done_on) == "2026-03-01"
    assert logged_in.post(_url(world, tail=tail + "/offen"), data={"csrf_token": token}).status_code == 302
    db.session.rollback()
    assert db.session.get(MeasureMilestone, milestone.id).done_on is None
    renamed = logged_in.post(_url(world, tail=tail + "/name"), data={"csrf_token": token, f"r{milestone.id}-title": ""})
    assert renamed.status_code == 422
    assert logged_in.post(_url(world, tail=tail + "/name"), data={"csrf_token": token, f"r{milestone.id}-title": "Neu"}).status_code == 302
    assert logged_in.post(_url(world, tail=tail + "/verschieben"), data={"csrf_token": token, "direction": "down"}).status_code == 302
    assert logged_in.post(_url(world, tail=tail + "/loeschen"), data={"csrf_token": token}).status_code == 302
    db.session.rollback()
    assert db.session.get(MeasureMilestone, milestone_id) is None


def test_another_moderator_and_another_workshop_get_404(app, world, logged_in):
    from participation.workshops.services import create_workshop

    make_account("fremd")
    stranger = log_in(app, "fremd")
    assert stranger.get(_url(world)).status_code == 404
    assert stranger.post(_url(world), data={"csrf_token": csrf_token(stranger), "stage": "planung"}).status_code == 404
    assert stranger.get(f"/moderation/prozesse/{world.process.id}/rueckmeldung").status_code == 404
    other = create_workshop(world.process.owner, "dithmarschen", title="Anderer Abend")
    assert logged_in.get(f"/moderation/workshops/{other.id}/massnahmen/{world.public.id}/rueckmeldung").status_code == 404
    assert _fresh(world.public).stage == "idee"


def test_the_focus_group_page_links_each_measure(logged_in, world):
    html = _text(logged_in.get(f"/moderation/workshops/{world.workshop.id}/focus"))
    assert _url(world) in html and _url(world, world.secret) in html


def test_the_process_overview_lists_every_measure(logged_in, world):
    html = _text(logged_in.get(f"/moderation/prozesse/{world.process.id}/rueckmeldung"))
    assert PUBLIC in html and SECRET in html and _url(world) in html


def test_the_public_page_shows_public_measures_and_visible_ideas_only(client, world):
    html = _text(client.get("/p/kreis-digital"))
    assert "Kreis Digital" in html and world.workshop.title in html
    assert PUBLIC in html and VISIBLE in html and "Der Kreis prüft Angebote." in html
    for secret in (SECRET, HIDDEN, PENDING, MERGED):
        assert secret not in html


def test_a_process_that_is_not_public_answers_404(client, world):
    from participation.processes import services as processes

    processes.update_process(world.process, "Kreis Digital", "", public=False)
    assert client.get("/p/kreis-digital").status_code == 404
    assert client.get("/p/gibt-es-nicht").status_code == 404


def test_a_dropped_measure_shows_its_reason_publicly(client, world):
    from participation.feedback import services

    services.set_stage(world.public, "verworfen", "Kein Betreiber gefunden.")
    html = _text(client.get("/p/kreis-digital"))
    assert "verworfen" in html and "Kein Betreiber gefunden." in html


def test_the_results_page_shows_the_public_measures(client, world):
    from participation.workshops.services import update_workshop

    update_workshop(world.workshop, results_published=True)
    html = _text(client.get(f"/w/{world.workshop.code}/results"))
    assert PUBLIC in html and SECRET not in html


def test_the_phone_shows_the_note_to_the_author_only(app, workshop, moderator):
    from participation.database import write_transaction
    from participation.ideas.models import Idea
    from participation.measures.models import Measure

    phones = []
    for name in ("Anna", "Bernd"):
        phone = app.test_client()
        token = csrf_token(phone)
        assert phone.post(f"/j/{workshop.code}", data={"nickname": name, "csrf_token": token}).status_code == 302
        response = phone.post(f"/j/{workshop.code}/ideas", data={
            "csrf_token": token, "question_id": workshop.questions[0].id, "text": f"Idee von {name}",
            "idempotency_key": f"key-{name}-0123456789"})
        assert response.status_code in (302, 303), _text(response)
        phones.append(phone)
    with write_transaction() as session:
        idea = session.scalar(db.select(Idea).where(Idea.text == "Idee von Anna"))
        measure = Measure(workshop_id=workshop.id, title="Bürgerbus", stage="planung", public_update="Start im Herbst.")
        measure.ideas = [idea]
        session.add(measure)
    anna, bernd = phones
    assert "Aus Ihrer Idee wurde" not in _text(anna.get(f"/j/{workshop.code}/ideas"))  # not public yet
    with write_transaction() as session:
        session.get(Measure, measure.id).is_public = True
    html = _text(anna.get(f"/j/{workshop.code}/ideas"))
    assert "Aus Ihrer Idee wurde: <bdi>Bürgerbus</bdi> (in Planung)" in html and "Start im Herbst." in html
    assert "Aus Ihrer Idee wurde" not in _text(bernd.get(f"/j/{workshop.code}/ideas"))


def test_the_process_page_slot_sums_up_the_measures(app, world):
    from flask import render_template

    with app.test_request_context():
        html = render_template("feedback/_process_slot.html", process=world.process)
    assert "2 Maßnahmen" in html and "davon 1 öffentlich" in html and "Idee: 2" in html
    assert f"/moderation/prozesse/{world.process.id}/rueckmeldung" in html and "/p/kreis-digital" in html
