"""The final vote (Projektauswahl) in Chromium: the moderator makes a vote from a measure of
the process and two typed proposals and opens it; two phones (separate contexts, 390x844)
vote, one with the +/- buttons, one typing its dots (too many are refused, its input kept;
Enter sends the ballot); the moderator sees the count rise, closes the vote and the
result shows on the moderator's page and on the phones. Vote page and moderator pages are
axe-clean in German and English. Screenshots go to /tmp/shots-choices/."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser.conftest import MODERATOR
from browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots-choices")
LAPTOP = {"width": 1366, "height": 768}
MEASURE = "Mitfahrbänke in allen Ortsteilen"


@pytest.fixture
def process(database_app, workshop):
    """A process of the test moderator with the workshop in it and one measure."""
    from participation.auth.services import find_moderator
    from participation.database import write_transaction
    from participation.extensions import db
    from participation.measures.models import Measure
    from participation.processes import services as processes
    from participation.workshops.models import Workshop

    with database_app.app_context():
        process = processes.create_process(find_moderator(MODERATOR), "Digiscouts Heide")
        processes.join(process, db.session.get(Workshop, workshop.id))
        with write_transaction() as session:
            session.add(Measure(workshop_id=workshop.id, title=MEASURE, description="Bänke mit Schild „Mitnehmen?“"))
        process_id = process.id
        db.session.remove()
    return process_id


def _in_english(page, url):
    page.goto("/language/en")
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("lang", "en", timeout=15_000)


def test_a_vote_from_draft_to_recorded_result(open_context, process):
    SHOTS.mkdir(exist_ok=True)
    moderator = open_context("desktop", logged_in=True).new_page()
    moderator.set_viewport_size(LAPTOP)
    manage = f"/moderation/prozesse/{process}/auswahl"
    moderator.goto(manage)
    assert_accessible(moderator, "the Projektauswahl page (de)")
    moderator.get_by_label("Titel der Abstimmung").fill("Welches Projekt setzen die Digiscouts um?")
    moderator.get_by_label("Punkte pro Person (beim Punkte-Verteilen)").fill("3")
    moderator.get_by_role("button", name="Abstimmung anlegen").click()
    expect(moderator.get_by_text("Abstimmung angelegt.")).to_be_visible(timeout=15_000)
    moderator.locator(".choice-shortlist li", has_text=MEASURE).get_by_role("button", name="Hinzufügen").click()
    expect(moderator.get_by_text("Vorschlag hinzugefügt.")).to_be_visible(timeout=15_000)
    for title in ("Repair-Café im Jugendtreff", "WLAN im Stadtpark"):
        moderator.get_by_label("Titel des Vorschlags").fill(title)
        moderator.get_by_role("button", name="Vorschlag hinzufügen").click()
        expect(moderator.locator(".choice-candidate", has_text=title)).to_be_visible(timeout=15_000)
    expect(moderator.locator(".choice-candidate")).to_have_count(3)
    assert_accessible(moderator, "a draft vote (de)")
    moderator.screenshot(path=str(SHOTS / "draft-1366.png"), full_page=True)
    moderator.get_by_role("button", name="Abstimmung öffnen").click()
    expect(moderator.get_by_text("Die Abstimmung ist geöffnet.")).to_be_visible(timeout=15_000)
    expect(moderator.locator("svg.choice-qr")).to_be_visible()
    vote_url = moderator.locator(".choice-url a").get_attribute("href")
    assert vote_url.startswith("/auswahl/")
    assert_accessible(moderator, "an open vote with its QR code (de)")
    moderator.screenshot(path=str(SHOTS / "open-1366.png"))

    # phone 1: +/- buttons with JavaScript
    first = open_context("phone").new_page()
    first.goto(vote_url)
    expect(first.get_by_role("heading", name="Welches Projekt setzen die Digiscouts um?")).to_be_visible()
    assert_accessible(first, "the voting page (de)")
    first.get_by_role("button", name=f"ein Punkt mehr für: {MEASURE}").click()
    first.get_by_role("button", name=f"ein Punkt mehr für: {MEASURE}").click()
    first.get_by_role("button", name="ein Punkt mehr für: Repair-Café im Jugendtreff").click()
    expect(first.locator("#choice-given")).to_have_text("Vergeben: 3 von 3 Punkten")
    first.screenshot(path=str(SHOTS / "vote-390.png"), full_page=True)
    first.get_by_role("button", name="Stimme abgeben").click()
    expect(first.get_by_text("Danke! Ihre Stimme ist gespeichert.")).to_be_visible(timeout=15_000)
    expect(first.get_by_label(MEASURE)).to_have_value("2")
    first.screenshot(path=str(SHOTS / "voted-390.png"))

    # phone 2: types its dots; too many are refused, the input kept
    second = open_context("phone").new_page()
    second.goto(vote_url)
    second.get_by_label("WLAN im Stadtpark").fill("4")
    second.get_by_label("WLAN im Stadtpark").press("Enter")  # sends the ballot (not the first − button)
    expect(second.get_by_text("Sie haben 4 Punkte verteilt, erlaubt sind höchstens 3.")).to_be_visible(timeout=15_000)
    expect(second.get_by_label("WLAN im Stadtpark")).to_have_value("4")
    second.screenshot(path=str(SHOTS / "refused-390.png"))
    second.get_by_label("WLAN im Stadtpark").fill("2")
    second.get_by_label(MEASURE).fill("1")
    second.get_by_role("button", name="Stimme abgeben").click()
    expect(second.get_by_text("Danke! Ihre Stimme ist gespeichert.")).to_be_visible(timeout=15_000)

    # the moderator's count follows without a reload
    expect(moderator.locator("#ballot-count")).to_have_text("2", timeout=30_000)

    # English: the voting page (the vote is still open)
    _in_english(second, vote_url)
    expect(second.get_by_role("button", name="Change your vote")).to_be_visible()
    assert_accessible(second, "the voting page (en)")

    moderator.get_by_role("button", name="Abstimmung schließen und Ergebnis festhalten").click()
    expect(moderator.get_by_text("Die Abstimmung ist geschlossen, das Ergebnis festgehalten.")).to_be_visible(
        timeout=15_000)
    chosen = moderator.locator("table.choice-result tr.choice-chosen")
    expect(chosen).to_have_count(1)
    expect(chosen).to_contain_text(MEASURE)
    expect(chosen).to_contain_text("3")
    assert_accessible(moderator, "a closed vote with its result (de)")
    moderator.screenshot(path=str(SHOTS / "result-1366.png"), full_page=True)

    first.reload()
    expect(first.get_by_text("Die Abstimmung ist beendet.")).to_be_visible(timeout=15_000)
    expect(first.locator("table.choice-result tr.choice-chosen")).to_contain_text(MEASURE)
    assert_accessible(first, "the voting page of a closed vote (de)")
    first.screenshot(path=str(SHOTS / "result-390.png"), full_page=True)

    _in_english(moderator, manage)
    assert_accessible(moderator, "the Projektauswahl page (en)")
    moderator.locator(".choice-list a").first.click()
    expect(moderator.get_by_role("heading", name="Result")).to_be_visible(timeout=15_000)
    assert_accessible(moderator, "a closed vote (en)")
