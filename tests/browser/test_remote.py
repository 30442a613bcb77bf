"""The moderator's remote on a phone (390x844), driven by the keyboard only: Tab to a
button, Enter; the page redraws from the answer and keeps the focus. axe-core finds no
WCAG 2.1 A/AA violation, in German and in English; every button is a big target."""

import re

import pytest
from playwright.sync_api import expect

from browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

MIN_TARGET = 48  # px


@pytest.fixture
def remote_workshop(database_app, workshop):
    """The workshop with a run sheet (collect 10 min, vote 5 min, result) and a remote key."""
    from participation.extensions import db
    from participation.phases.services import add_step, replace_steps
    from participation.workshops.models import Workshop
    from participation.workshops.remote_keys import rotate_remote_key

    with database_app.app_context():
        record = db.session.get(Workshop, workshop.id)
        replace_steps(record, [])  # not the template's prepared run sheet
        add_step(record, "collect", duration_seconds=600)
        add_step(record, "vote", duration_seconds=300)
        add_step(record, "result")
        key = rotate_remote_key(record)
        db.session.remove()
    return workshop, key


def _step_state(database_app, workshop_id):
    from participation.extensions import db
    from participation.phases.services import current_step
    from participation.workshops.models import Workshop

    with database_app.app_context():
        step = current_step(db.session.get(Workshop, workshop_id))
        state = None if step is None else (step.position, step.paused_remaining)
        db.session.remove()
    return state


def _tab_to(page, name, presses=40):
    """Press Tab until the focused element is the button called ``name``."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const el = document.activeElement; return [el.tagName, el.textContent.trim(),"
            " el.matches(':focus-visible')]; }")
        if focused[0] == "BUTTON" and focused[1] == name:
            assert focused[2], f"{name} has no visible focus"
            return
    raise AssertionError(f"Tab never reached the button {name!r}")


def _focused_text(page):
    return page.evaluate("() => document.activeElement.textContent.trim()")


def _seconds(text):
    minutes, seconds = text.split(":")
    return int(minutes) * 60 + int(seconds)


def test_the_remote_by_keyboard_on_a_phone(phone, remote_workshop, database_app):
    workshop, key = remote_workshop
    phone.goto(f"/fernbedienung/{workshop.code}?key={key}")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Fernbedienung")
    expect(phone.locator("#remote-step-name")).to_have_text("Gerade läuft kein Schritt des Ablaufs.")

    # big targets, nothing wider than the phone
    for button in phone.locator(".remote-controls button").all():
        box = button.bounding_box()
        assert box["height"] >= MIN_TARGET and box["width"] >= MIN_TARGET, (button.text_content(), box)
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert_accessible(phone, "the remote before the first step")

    status = phone.locator("#remote-message")
    expect(status).to_have_attribute("aria-live", "polite")

    _tab_to(phone, "Weiter")
    phone.keyboard.press("Enter")
    expect(status).to_have_text("Weiter mit Schritt 1: Sammeln.")
    expect(phone.locator("#remote-step-number")).to_have_text("Schritt 1 von 3")
    expect(phone.locator("#remote-step-name")).to_have_text("Sammeln")
    expect(phone.locator("#remote-next")).to_have_text("Danach: Punkten")
    expect(phone.locator("#remote-clock")).to_have_text(re.compile(r"^(10:00|9:[0-5]\d)$"))
    assert _focused_text(phone) == "Weiter"  # the focus stays where it was
    assert _step_state(database_app, workshop.id) == (0, None)

    _tab_to(phone, "+1 Minute")
    phone.keyboard.press("Enter")
    expect(status).to_have_text("Eine Minute mehr.")
    expect(phone.locator("#remote-clock")).to_have_text(re.compile(r"^(11:00|10:[0-5]\d)$"))

    _tab_to(phone, "Zeit anhalten")
    phone.keyboard.press("Enter")
    expect(status).to_have_text("Die Zeit ist angehalten.")
    expect(phone.locator("#remote-clock")).to_have_attribute("data-state", "paused")
    expect(phone.locator("#remote-timer-form button")).to_have_text("Zeit fortsetzen")
    assert _focused_text(phone) == "Zeit fortsetzen"
    position, paused = _step_state(database_app, workshop.id)
    assert position == 0 and 600 < paused <= 660
    paused_text = phone.locator("#remote-clock").text_content()
    assert 600 < _seconds(paused_text) <= 660
    phone.screenshot(path="/tmp/remote/remote-phone-de.png", full_page=True)
    assert_accessible(phone, "the remote with a paused step")

    phone.keyboard.press("Enter")  # resume, from the same button
    expect(status).to_have_text("Die Zeit läuft weiter.")
    expect(phone.locator("#remote-timer-form button")).to_have_text("Zeit anhalten")


def test_the_remote_in_english_passes_axe(phone, remote_workshop):
    workshop, key = remote_workshop
    phone.goto(f"/language/en?next=/fernbedienung/{workshop.code}?key={key}")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Remote")
    assert phone.evaluate("() => document.documentElement.lang") == "en"
    _tab_to(phone, "Continue")
    phone.keyboard.press("Enter")
    expect(phone.locator("#remote-step-number")).to_have_text("Step 1 of 3")
    expect(phone.locator("#remote-step-name")).to_have_text("Collect")
    expect(phone.locator("#remote-message")).to_have_text("On to step 1: Collect.")
    phone.screenshot(path="/tmp/remote/remote-phone-en.png", full_page=True)
    assert_accessible(phone, "the remote in English")


def test_without_javascript_every_button_is_a_form(phone_nojs, remote_workshop):
    workshop, key = remote_workshop
    page = phone_nojs
    page.goto(f"/fernbedienung/{workshop.code}?key={key}")
    page.get_by_role("button", name="Weiter").click()
    expect(page.locator(".flashes")).to_contain_text("Weiter mit Schritt 1: Sammeln.")
    assert page.url.endswith(f"/fernbedienung/{workshop.code}?key={key}")
    expect(page.locator("#remote-clock")).to_have_text(re.compile(r"^(10:00|9:[0-5]\d)$"))
    page.get_by_role("button", name="Zeit anhalten").click()
    expect(page.get_by_role("button", name="Zeit fortsetzen")).to_be_visible()
