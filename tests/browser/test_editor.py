"""The workshop editor at 1366x768, with and without JavaScript: typing a date and a place
and then saving a question keeps all of it; the confirmation is in the question's card;
leaving with unsaved changes asks first (issue 15, item 9)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from browser.conftest import _context, log_in

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture(params=["js", "nojs"])
def laptop(request, browser, live_server):
    context = _context(browser, live_server, viewport=LAPTOP, java_script_enabled=request.param == "js")
    page = context.new_page()
    log_in(page)
    yield page
    context.close()


def _stored(database_app, workshop_id):
    from participation.extensions import db
    from participation.workshops.models import Workshop

    with database_app.app_context():
        workshop = db.session.get(Workshop, workshop_id)
        result = workshop.event_date, workshop.place, [question.text for question in workshop.questions]
        db.session.remove()
    return result


def test_saving_a_question_keeps_the_date_and_place_typed_above(laptop, workshop, database_app, tmp_path):
    page = laptop
    page.goto(f"/moderation/workshops/{workshop.id}/edit")
    page.get_by_label("Datum").fill("2027-03-18")
    page.get_by_label("Ort", exact=True).fill("Stadthalle Heide")
    card = page.locator("#questions > .card").nth(1)
    card.get_by_label("Leitfrage").fill("Welche Projektidee haben Sie für den Kreis?")
    card.get_by_role("button", name="Speichern: Frage 2").click()

    page.wait_for_url("**/edit#question-*")
    notice = card.locator(".editor-notice")
    expect(notice).to_have_text(
        "Die Frage ist gespeichert. Ihre übrigen Änderungen auf dieser Seite sind ebenfalls gespeichert.")
    expect(notice).to_be_in_viewport()  # where the person is, not at the top of the page
    expect(page.get_by_label("Datum")).to_have_value("2027-03-18")
    expect(page.get_by_label("Ort", exact=True)).to_have_value("Stadthalle Heide")
    event_date, place, questions = _stored(database_app, workshop.id)
    assert (event_date, place) == (date(2027, 3, 18), "Stadthalle Heide")
    assert questions[1] == "Welche Projektidee haben Sie für den Kreis?"
    page.screenshot(path=str(tmp_path / "editor-saved.png"))


def test_leaving_with_unsaved_changes_asks_first(browser, live_server, workshop, tmp_path):
    context = _context(browser, live_server, viewport=LAPTOP)
    page = context.new_page()
    log_in(page)
    page.goto(f"/moderation/workshops/{workshop.id}/edit")
    bar = page.locator("#editor-unsaved")
    expect(bar).to_be_hidden()
    page.get_by_label("Ort", exact=True).fill("Meldorf")
    expect(bar).to_be_visible()
    expect(bar).to_contain_text("Sie haben Änderungen, die noch nicht gespeichert sind.")
    page.screenshot(path=str(tmp_path / "editor-unsaved.png"))

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="Zurück zur Übersicht").click()
    expect(page.get_by_label("Ort", exact=True)).to_have_value("Meldorf")
    assert dialogs == ["beforeunload"]
    assert page.url.endswith("/edit")

    # saving with the bar's button leaves without a question
    bar.get_by_role("button", name="Alle Änderungen speichern").click()
    expect(page.locator("#top ~ .editor-notice")).to_have_text("Ihre Änderungen sind gespeichert.")
    expect(bar).to_be_hidden()
    assert dialogs == ["beforeunload"]
    context.close()
