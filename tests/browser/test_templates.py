"""Templates in Chromium: a workshop saved as a template of one's own, a refused import,
and the new-workshop page offering every catalogue template and the own one, with axe-core
on each page in German and English. Screenshots go to $SCREENSHOT_DIR when it is set."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser.all_pages import switch_language
from browser.conftest import _context, _phone_context, log_in
from browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SCREENSHOT_DIR")


def _shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["de", "en"])
def test_save_import_and_choose_templates(browser, live_server, workshop, language):
    context = _context(browser, live_server, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    log_in(page)
    switch_language(page, language)
    name = f"Heide-Vorlage {language} {workshop.id}"

    page.goto(f"/moderation/workshops/{workshop.id}")
    page.locator(f"a[href$='/moderation/workshops/{workshop.id}/save-template']").click()
    assert_accessible(page, f"save as template ({language})")
    page.locator("#name").fill("")
    page.locator("form.card button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page, f"save as template, refused ({language})")
    page.locator("#name").fill(name)
    page.locator("form.card button[type=submit]").click()
    expect(page.get_by_text(name).first).to_be_visible()
    assert_accessible(page, f"my templates ({language})")
    _shot(page, f"templates-list-{language}")

    page.locator("#file").set_input_files({"name": "kaputt.json", "mimeType": "application/json",
                                          "buffer": b"{ kein json"})
    page.locator("#import button[type=submit]").click()
    expect(page.locator("#import-error")).to_be_visible()
    assert_accessible(page, f"my templates after a refused import ({language})")
    _shot(page, f"templates-import-refused-{language}")

    page.goto("/moderation/workshops/new")
    for label in ("Dithmarschen Digital", "Smarte.Land.Regionen", "KGSt-Seminar", "Digiscouts-Ideensprint",
                  "SWOT-Analyse", "1-2-4-Alle", name):
        expect(page.get_by_label(label, exact=False).first).to_be_attached()
    assert_accessible(page, f"new workshop with every template ({language})")
    _shot(page, f"new-workshop-1366-{language}")
    page.get_by_label(name).check()
    page.locator("form.card button[type=submit]").click()
    expect(page.locator("h1")).to_have_text(name)
    context.close()

    if language == "de":
        phone = _phone_context(browser, live_server)
        page = phone.new_page()
        log_in(page)
        page.goto("/moderation/workshops/new")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        _shot(page, "new-workshop-390")
        phone.close()
