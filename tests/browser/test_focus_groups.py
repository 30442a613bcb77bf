"""A focus group works on its Handlungsfeld in the browser, behind the link the moderator made.

The moderator creates the link on the Fokusgruppen page and copies it; the group opens it in
another browser without an account, drafts a measure linked to two ideas and downloads it as
PDF and DOCX. A wrong or expired link shows a message and nothing of the workshop.
"""

import io
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

BUS = "Mitfahrbank in Albersdorf 🚌"
RUFBUS = "Rufbus per App bestellen, auch abends"
CARSHARING = "Carsharing mit E-Autos fürs Dorf"
IDEAS = (BUS, RUFBUS, CARSHARING, "Glasfaser fürs Dorf", "Telemedizin beim Hausarzt", "Schul-App für Elternbriefe")
TITLE = "Mobil ohne eigenes Auto"
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def focus_workshop(database_app, workshop):
    """The workshop with ``IDEAS`` (two dots on the Rufbus), analysed; returns (workshop, {text: id}, Mobilität's id)."""
    from participation.database import write_transaction
    from participation.extensions import db
    from participation.ideas.models import VISIBLE, Idea, Participant
    from participation.fields.services import run_analysis
    from participation.voting.services import give_vote
    from participation.workshops.models import Workshop

    with database_app.app_context():
        stored = db.session.get(Workshop, workshop.id)
        with write_transaction() as session:
            people = [Participant(workshop_id=stored.id, token_hash=f"focus-{stored.id}-{n}".ljust(64, "0")) for n in range(3)]
            session.add_all(people)
            session.flush()
            ideas = [
                Idea(workshop_id=stored.id, question_id=stored.questions[n % 3].id, participant_id=people[0].id,
                     idempotency_key=f"browser-focus-{n:04d}", text=text, status=VISIBLE)
                for n, text in enumerate(IDEAS)
            ]
            session.add_all(ideas)
        for voter in people[1:]:
            give_vote(voter, ideas[1])
        run_analysis(stored)
        db.session.rollback()
        idea_ids = {idea.text: idea.id for idea in ideas}
        mobility = next(field.id for field in stored.fields if field.name == "Mobilität")
        assert {idea.field_id for idea in ideas[:3]} == {mobility}, "the analysis should put the first three into Mobilität"
        db.session.remove()
    return workshop, idea_ids, mobility


def _link(database_app, workshop, field_id, expired=False):
    """A group link made in-process (the moderator's page is tested separately)."""
    from participation.database import write_transaction
    from participation.extensions import db
    from participation.focus_groups import services
    from participation.workshops.models import Field, Workshop

    with database_app.app_context():
        stored = db.session.get(Workshop, workshop.id)
        link, token = services.create_link(stored, db.session.get(Field, field_id), datetime.now(services.BERLIN).date())
        if expired:
            with write_transaction():
                link.expires_at = datetime.now(timezone.utc) - timedelta(minutes=1)
        db.session.remove()
    return f"/f/{token}"


def _gunicorn_log(server_env):
    return (Path(server_env["PARTICIPATION_INSTANCE"]) / "gunicorn.log").read_text(errors="replace")


def test_a_focus_group_drafts_a_measure_from_two_ideas_and_downloads_it(
    moderator_page, open_context, focus_workshop, server_env, tmp_path
):
    workshop, ideas, mobility = focus_workshop

    # the moderator makes a link for Mobilität and copies it
    page = moderator_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"/moderation/workshops/{workshop.id}/focus")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Fokusgruppen: {workshop.title}")
    section = page.locator(f"#field-{mobility}")
    section.get_by_label("Für wen ist der Link? (freiwillig)").fill("Gruppe Mobilität")
    expect(section.get_by_label("Gültig bis einschließlich")).to_have_value(
        (datetime.now(BERLIN).date() + timedelta(days=30)).isoformat())
    with page.expect_navigation():
        section.get_by_role("button", name="Neuen Link erzeugen").click()
    new_link = page.get_by_label("Link", exact=True)
    expect(new_link).to_have_value(re.compile(r"^http://127\.0\.0\.1:\d+/f/[A-Za-z0-9_-]{40,}$"))
    url = new_link.input_value()
    page.get_by_role("button", name="Link kopieren").click()
    expect(page.locator(".focus-copy-status")).to_have_text("Der Link ist in die Zwischenablage kopiert.")
    assert page.evaluate("() => navigator.clipboard.readText()") == url
    expect(section.locator("tbody tr")).to_contain_text("Gruppe Mobilität")
    page.reload()
    expect(page.get_by_label("Link", exact=True)).to_have_count(0)  # shown once only

    # the group opens it in a browser of its own, without an account
    group = open_context("desktop", accept_downloads=True).new_page()
    response = group.goto(url)
    assert response.status == 200
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "same-origin"
    expect(group.get_by_role("heading", level=1)).to_have_text("Handlungsfeld: Mobilität")
    listed = group.locator("#ideas li")
    expect(listed.first).to_contain_text(RUFBUS)  # most dots first
    expect(listed.first).to_contain_text("2 Punkte")
    expect(group.locator("#ideas")).to_contain_text(BUS)
    expect(group.locator("#ideas")).not_to_contain_text("Glasfaser")

    group.get_by_role("link", name="Neue Maßnahme").click()
    expect(group.get_by_role("heading", level=1)).to_have_text("Neue Maßnahme")
    group.get_by_label("Maßnahmenbezeichnung").fill(TITLE)
    group.get_by_label("Beschreibung der Maßnahme").fill("Mitfahrbänke und ein Rufbus,\nder per App kommt.")
    group.get_by_label("Akteure").fill("Amt Kirchspielslandgemeinden\nNah.SH")
    group.get_by_role("group", name="Priorität der Maßnahme in der Gesamtstrategie").get_by_label("hoch").check()
    sources = group.get_by_role("group", name="Zugrunde liegende Ideen")
    sources.get_by_label(BUS).check()
    sources.get_by_label(RUFBUS).check()
    with group.expect_navigation():
        group.get_by_role("button", name="Speichern").click()
    expect(group.locator(".flashes")).to_contain_text("Die Maßnahme ist gespeichert.")
    expect(group.get_by_label("Maßnahmenbezeichnung")).to_have_value(TITLE)
    expect(sources.get_by_label(BUS)).to_be_checked()
    expect(sources.get_by_label(RUFBUS)).to_be_checked()
    expect(sources.get_by_label(CARSHARING)).not_to_be_checked()

    group.get_by_role("link", name=re.compile("Zurück zum Handlungsfeld")).click()
    expect(group.locator("#measures")).to_contain_text(TITLE)
    expect(group.locator("#measures")).to_contain_text("2 verknüpfte Ideen")
    expect(group.locator("#measures")).to_contain_text("Priorität: hoch")

    # the documents
    from docx import Document
    from pypdf import PdfReader

    group.get_by_role("link", name=TITLE, exact=True).click()
    with group.expect_download() as pdf_download:
        group.get_by_role("link", name="Als PDF herunterladen").click()
    assert pdf_download.value.suggested_filename.endswith(".pdf")
    pdf = PdfReader(pdf_download.value.path())
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    for expected in (TITLE, "Mitfahrbänke und ein Rufbus", "Nah.SH", RUFBUS[:20]):
        assert expected in text, expected
    with group.expect_download() as docx_download:
        group.get_by_role("link", name="Als Word-Datei (DOCX) herunterladen").click()
    assert docx_download.value.suggested_filename.endswith(".docx")
    document = Document(io.BytesIO(Path(docx_download.value.path()).read_bytes()))
    words = "\n".join(p.text for p in document.paragraphs) + "\n" + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells)
    for expected in (TITLE, "der per App kommt.", "Nah.SH", BUS, RUFBUS):
        assert expected in words, expected

    token = url.rsplit("/", 1)[1]
    assert token not in _gunicorn_log(server_env)


def test_wrong_and_expired_links_show_a_message_and_nothing_else(desktop, database_app, focus_workshop):
    workshop, ideas, mobility = focus_workshop
    valid = _link(database_app, workshop, mobility)
    for path, status, message in (
        (valid[:-2] + ("xy" if not valid.endswith("xy") else "zz"), 404, "Dieser Link ist ungültig."),
        ("/f/nicht-einmal-ein-token", 404, "Dieser Link ist ungültig."),
        (_link(database_app, workshop, mobility, expired=True), 410, "Dieser Link ist abgelaufen."),
    ):
        response = desktop.goto(path)
        assert response.status == status, path
        expect(desktop.locator(".lead")).to_contain_text(message)
        body = desktop.locator("body")
        for secret in (workshop.title, "Mobilität", BUS, RUFBUS, "Maßnahme"):
            expect(body).not_to_contain_text(secret)
    assert_accessible(desktop, "an expired focus-group link")


def test_focus_pages_are_accessible(moderator_page, open_context, database_app, focus_workshop):
    workshop, ideas, mobility = focus_workshop
    page = moderator_page
    page.goto(f"/moderation/workshops/{workshop.id}/focus")
    with page.expect_navigation():
        page.locator(f"#field-{mobility}").get_by_role("button", name="Neuen Link erzeugen").click()
    expect(page.get_by_label("Link", exact=True)).to_be_visible()
    assert_accessible(page, "the moderator's focus-group page with a new link")

    group = open_context("phone").new_page()
    group.goto(_link(database_app, workshop, mobility))
    expect(group.locator("#ideas li").first).to_be_visible()
    assert_accessible(group, "the focus group's page")

    group.get_by_role("link", name="Neue Maßnahme").click()
    group.get_by_label("Vision").fill("Niemand ist mehr auf das eigene Auto angewiesen.")
    with group.expect_navigation():
        group.get_by_role("button", name="Speichern").click()
    expect(group.locator(".error-summary")).to_be_visible()
    title = group.get_by_label("Maßnahmenbezeichnung")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(group.locator("#title-error")).to_have_text("Bitte geben Sie der Maßnahme eine Bezeichnung.")
    expect(group.get_by_label("Vision")).to_have_value("Niemand ist mehr auf das eigene Auto angewiesen.")
    assert_accessible(group, "the measure sheet with an error")

    # leaving a sheet with unsaved text asks first
    title.fill(TITLE)
    dialogs = []
    group.once("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    group.get_by_role("link", name="Abbrechen").click()
    group.wait_for_url(re.compile(r"/f/[A-Za-z0-9_-]+$"))
    assert dialogs == ["beforeunload"]
