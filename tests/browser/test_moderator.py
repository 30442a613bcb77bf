"""A moderator prepares a workshop in the browser; attendees see the result on their phones."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NEW_TITLE = "Digitale Dörfer in Dithmarschen – Abend 2"
NEW_QUESTION = "Was fehlt Ihnen im Alltag am meisten?"


def question_texts(page):
    return page.locator("#questions textarea[name$='-text']:not([name^='new-question'])")


def test_login_form_rejects_a_wrong_password(desktop, login, moderator_name):
    desktop.goto("/moderation/login")
    desktop.get_by_label("Benutzername").fill(moderator_name)
    desktop.get_by_label("Passwort").fill("falsch-falsch-falsch")
    desktop.get_by_role("button", name="Anmelden").click()
    expect(desktop.get_by_text("Benutzername oder Passwort ist falsch.")).to_be_visible()
    expect(desktop.get_by_label("Passwort")).to_have_value("")
    login(desktop)
    expect(desktop.get_by_role("heading", name="Meine Workshops")).to_be_visible()


def test_moderator_prepares_and_closes_a_workshop(moderator_page, phone):
    page = moderator_page
    expect(page.get_by_role("heading", name="Meine Workshops")).to_be_visible()

    # create from the "Dithmarschen Digital" template
    page.get_by_role("link", name="Neuen Workshop anlegen").click()
    page.get_by_label("Dithmarschen Digital").check()
    page.get_by_role("button", name="Anlegen").click()
    page.wait_for_url(re.compile(r"/moderation/workshops/\d+$"))
    expect(page.get_by_text("Der Workshop „Dithmarschen Digital – Auftakt“ ist angelegt.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dithmarschen Digital – Auftakt")

    # join code and QR code
    code = page.locator(".join-code").inner_text().strip()
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{6}", code), code
    join_link = page.locator(".join-box a", has_text=f"/j/{code}")
    expect(join_link).to_have_attribute("href", re.compile(rf"^http://127\.0\.0\.1:\d+/j/{code}$"))
    qr = page.get_by_role("img", name=re.compile("QR-Code zum Mitmachen"))
    expect(qr).to_be_visible()
    _assert_loaded(qr)
    expect(page.locator(".card ol > li")).to_have_count(3)

    # edit the title
    page.get_by_role("link", name="Workshop bearbeiten").click()
    expect(page.get_by_role("heading", name="Workshop bearbeiten")).to_be_visible()
    page.get_by_label("Titel").fill(NEW_TITLE)
    page.get_by_role("button", name="Einstellungen speichern").click()
    expect(page.get_by_text("Die Einstellungen sind gespeichert.")).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_value(NEW_TITLE)

    # add a question, then move it up one place
    expect(question_texts(page)).to_have_count(3)
    old_third = question_texts(page).nth(2).input_value()
    page.locator("#new-question-text").fill(NEW_QUESTION)
    page.get_by_role("button", name="Frage hinzufügen").click()
    expect(page.get_by_text("Die Frage ist hinzugefügt.")).to_be_visible()
    expect(question_texts(page)).to_have_count(4)
    expect(question_texts(page).nth(3)).to_have_value(NEW_QUESTION)

    fourth = page.locator("#questions > .card").nth(3)
    expect(fourth.get_by_role("heading")).to_have_text("Frage 4")
    fourth.get_by_role("button", name=re.compile(r"^Nach oben\b.*Frage 4$")).click()
    expect(question_texts(page).nth(2)).to_have_value(NEW_QUESTION)
    expect(question_texts(page).nth(3)).to_have_value(old_third)

    # the overview shows the new title and order; close the workshop there
    page.get_by_role("link", name="Zurück zur Übersicht").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NEW_TITLE)
    expect(page.locator(".card ol > li").nth(2)).to_have_text(NEW_QUESTION)
    page.get_by_role("button", name="Einreichen beenden (schließen)").click()
    expect(page.get_by_text("Der Workshop ist jetzt geschlossen.")).to_be_visible()
    expect(page.get_by_role("button", name="Einreichen öffnen")).to_be_visible()

    # the dashboard lists it as closed
    page.get_by_role("link", name="Meine Workshops").click()
    row = page.get_by_role("row").filter(has_text=code)
    expect(row).to_contain_text(NEW_TITLE)
    expect(row).to_contain_text("geschlossen")

    # an attendee opening the join link learns that no ideas are taken now
    phone.goto(f"/j/{code}")
    expect(phone.get_by_role("heading", level=1)).to_have_text(NEW_TITLE)
    expect(phone.get_by_text("nimmt gerade keine Ideen an")).to_be_visible()
    expect(phone.locator("ol > li").nth(2)).to_have_text(NEW_QUESTION)
    phone.get_by_role("button", name="Los geht’s").click()
    expect(phone.get_by_text("Der Workshop ist geschlossen.")).to_be_visible()
    expect(phone.get_by_role("button", name="Idee absenden")).to_have_count(0)  # no form to type into in vain


def _assert_loaded(image):
    """The image has loaded (visible comes first: a busy machine may take a while to load it)."""
    image.page.wait_for_function("img => img.complete", arg=image.element_handle())
    assert image.evaluate("img => img.naturalWidth > 0"), "QR image did not load"

def test_poster_shows_code_and_qr(moderator_page, workshop):
    page = moderator_page
    page.goto(f"/moderation/workshops/{workshop.id}")
    page.get_by_role("link", name="Plakat (A4) drucken").click()
    expect(page.locator(".poster-code")).to_have_text(workshop.code)
    qr = page.locator("img.poster-qr")
    expect(qr).to_be_visible()
    _assert_loaded(qr)
    expect(page.locator(".poster ol > li")).to_have_count(len(workshop.questions))
