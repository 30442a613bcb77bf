"""The run sheet from the moderator's laptop in Chromium: the console's keyboard shortcuts
drive the run (N next, + one minute, P pause and resume), the countdown shows and counts
down, the help dialog opens with "?" and closes with Escape, keys do nothing while typing,
and axe-core finds no WCAG 2.1 A/AA violation on the editor and the console (de, en)."""

import re

import pytest
from playwright.sync_api import expect

from browser.all_pages import switch_language
from browser.conftest import _context, log_in
from browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def laptop(browser, live_server):
    context = _context(browser, live_server, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    log_in(page)
    yield page
    context.close()


@pytest.fixture
def run_workshop(new_workshop, database_app):
    """A workshop with the default run sheet (collect each question 10 min, vote, result)."""
    from participation.extensions import db
    from participation.runsheet.defaults import add_default_run
    from participation.workshops.models import Workshop

    info = new_workshop()
    with database_app.app_context():
        add_default_run(db.session.get(Workshop, info.id))
        db.session.remove()
    return info


def _seconds(text):
    minutes, seconds = text.strip().split(":")
    return int(minutes) * 60 + int(seconds)


def test_keyboard_drives_the_run(laptop, run_workshop):
    page = laptop
    page.goto(f"/moderation/workshops/{run_workshop.id}/console")
    panel = page.locator("#runsheet")
    page.locator("#run-details > summary").click()  # one line while no step runs
    expect(panel.get_by_role("button", name="Ablauf starten")).to_be_visible()
    page.locator("body").click(position={"x": 5, "y": 5})

    page.keyboard.press("n")
    expect(panel.locator(".runsheet-now")).to_contain_text("Schritt 1 von")
    expect(page.locator("#runsheet-message")).to_contain_text("Weiter mit Schritt 1")
    clock = page.locator("#runsheet-countdown")
    expect(clock).to_have_attribute("data-state", "running")
    expect(clock).to_have_text(re.compile(r"^(10:00|9:[0-5]\d)$"))

    page.keyboard.press("+")
    expect(page.locator("#runsheet-message")).to_contain_text("Eine Minute mehr")
    expect(clock).to_have_text(re.compile(r"^(11:00|10:[0-5]\d)$"))

    page.keyboard.press("p")
    expect(clock).to_have_attribute("data-state", "paused")
    expect(panel.get_by_role("button", name="Fortsetzen")).to_be_visible()
    paused = _seconds(clock.inner_text())
    assert 540 < paused <= 660
    page.keyboard.press("p")
    expect(clock).to_have_attribute("data-state", "running")
    expect(panel.get_by_role("button", name="Anhalten")).to_be_visible()

    # keys do nothing while the moderator types
    page.locator("#filter-text").fill("")
    page.locator("#filter-text").press("n")
    expect(page.locator("#filter-text")).to_have_value("n")
    expect(panel.locator(".runsheet-now")).to_contain_text("Schritt 1 von")

    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("n")
    expect(panel.locator(".runsheet-now")).to_contain_text("Schritt 2 von")

    # the help dialog: "?" opens it, Escape closes it
    page.keyboard.press("?")
    dialog = page.locator("#keys-help")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Weiter zum nächsten Schritt")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def test_the_forms_work_with_fetch_and_keep_focus(laptop, run_workshop):
    page = laptop
    page.goto(f"/moderation/workshops/{run_workshop.id}/console")
    panel = page.locator("#runsheet")
    page.locator("#run-details > summary").click()  # one line while no step runs
    panel.get_by_role("button", name="Ablauf starten").click()
    expect(panel.locator(".runsheet-now")).to_contain_text("Schritt 1 von")
    assert page.url.endswith("/console")  # no reload: fetch
    panel.get_by_role("button", name="Anhalten").click()
    expect(panel.get_by_role("button", name="Fortsetzen")).to_be_focused()
    vote = panel.locator("#runsheet-jump option", has_text="Punkten").get_attribute("value")
    panel.locator("#runsheet-jump").select_option(vote)
    panel.get_by_role("button", name="Starten", exact=True).click()
    expect(panel.locator(".runsheet-now")).to_contain_text("Punkten")
    expect(panel.locator(".runsheet-now")).to_contain_text("Punkte verdeckt")


@pytest.mark.parametrize("language", ["de", "en"])
def test_editor_and_console_are_accessible(laptop, run_workshop, new_workshop, language):
    page = laptop
    switch_language(page, language)
    blank = new_workshop()
    page.goto(f"/moderation/workshops/{blank.id}/ablauf")
    assert_accessible(page, f"the run-sheet editor of a blank workshop ({language})")
    page.goto(f"/moderation/workshops/{run_workshop.id}/ablauf")
    page.locator("#minutes").fill("9999")
    with page.expect_navigation():
        page.locator("#add button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page, f"the run-sheet editor with a refused step ({language})")
    first_step = page.locator(".runsheet-step").first
    with page.expect_navigation():
        first_step.locator("form button").first.click()  # Diesen Schritt starten
    expect(page.locator(".runsheet-step.is-running")).to_have_count(1)
    assert_accessible(page, f"the run-sheet editor with a running step ({language})")
    page.goto(f"/moderation/workshops/{run_workshop.id}/console")
    expect(page.locator("#runsheet-countdown")).to_have_attribute("data-state", "running")
    assert_accessible(page, f"the console with a running step ({language})")
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("?")
    expect(page.locator("#keys-help")).to_be_visible()
    assert_accessible(page, f"the console's keyboard help ({language})")
