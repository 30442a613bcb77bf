"""An attendee on a phone: join by link or code, post, edit, and the ways that can go wrong."""

import contextlib

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from browser.hostile_texts import let_anything_run

pytestmark = pytest.mark.browser

IDEA = "Mitfahrbank für Büsum 🚌"
EDITED = "Mitfahrbank für Büsum 🚌 und Heide"
HOSTILE = "<img src=x onerror=alert(1)>"


def join(page, code, nickname="Inge"):
    page.goto(f"/j/{code}")
    page.get_by_label("Ihr Name oder Spitzname").fill(nickname)
    page.get_by_role("button", name="Los geht’s").click()
    page.wait_for_url(f"**/j/{code}/ideas")


def first_question(page):
    return page.locator("section.question").first


def post_idea(page, text):
    section = first_question(page)
    section.get_by_label("Ihre Idee").fill(text)
    section.get_by_role("button", name="Idee absenden").click()


def my_ideas(page):
    return page.locator("#my-ideas > li")


def stored_ideas(page, code):
    """The workshop's visible ideas as the JSON API reports them."""
    response = page.request.get(f"/api/workshops/{code}/ideas")
    assert response.ok, response.status
    return response.json()["ideas"]


def assert_no_horizontal_scroll(page):
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths["scroll"] <= widths["inner"], f"page scrolls sideways on {page.url}: {widths}"


def test_post_and_edit_an_idea_on_a_phone(phone, workshop):
    join(phone, workshop.code)
    assert_no_horizontal_scroll(phone)
    expect(phone.get_by_text("Sie schreiben als Inge.")).to_be_visible()
    expect(phone.get_by_role("heading", name=workshop.questions[0])).to_be_visible()

    post_idea(phone, IDEA)
    expect(phone.get_by_text("Danke! Ihre Idee ist gespeichert.")).to_be_visible()
    expect(phone.get_by_role("heading", name="Meine Ideen (1)")).to_be_visible()
    expect(my_ideas(phone)).to_have_count(1)
    idea = my_ideas(phone).first
    expect(idea.locator(".idea-text")).to_have_text(IDEA)
    expect(idea).to_contain_text(workshop.questions[0])
    # the text area of the form is empty again for the next idea
    expect(first_question(phone).get_by_label("Ihre Idee")).to_have_value("")
    assert_no_horizontal_scroll(phone)

    idea.get_by_role("link", name="Bearbeiten").click()
    expect(phone.get_by_role("heading", name="Idee bearbeiten")).to_be_visible()
    text = phone.get_by_label("Ihre Idee")
    expect(text).to_have_value(IDEA)
    assert_no_horizontal_scroll(phone)
    text.fill(EDITED)
    phone.get_by_role("button", name="Änderung speichern").click()

    expect(phone.get_by_text("Ihre Änderung ist gespeichert.")).to_be_visible()
    expect(my_ideas(phone)).to_have_count(1)
    expect(my_ideas(phone).first.locator(".idea-text")).to_have_text(EDITED)
    assert_no_horizontal_scroll(phone)
    assert [idea["text"] for idea in stored_ideas(phone, workshop.code)] == [EDITED]


def test_posting_works_without_javascript(phone_nojs, workshop):
    page = phone_nojs
    join(page, workshop.code, nickname="Hauke")
    post_idea(page, IDEA)
    expect(page.get_by_text("Danke! Ihre Idee ist gespeichert.")).to_be_visible()
    expect(page.get_by_role("heading", name="Meine Ideen (1)")).to_be_visible()
    expect(my_ideas(page).first.locator(".idea-text")).to_have_text(IDEA)
    assert [idea["text"] for idea in stored_ideas(page, workshop.code)] == [IDEA]
    # JavaScript really was off: the live counter never replaced the static hint
    expect(first_question(page).locator(".counter")).to_have_text("Höchstens 500 Zeichen")


def test_double_click_stores_the_idea_once(phone, workshop):
    join(phone, workshop.code)
    section = first_question(phone)
    section.get_by_label("Ihre Idee").fill("Glasfaser bis in jedes Dorf")
    section.get_by_role("button", name="Idee absenden").dblclick()

    expect(phone.get_by_text("Danke! Ihre Idee ist gespeichert.")).to_be_visible()
    expect(phone.get_by_role("heading", name="Meine Ideen (1)")).to_be_visible()
    assert [idea["text"] for idea in stored_ideas(phone, workshop.code)] == ["Glasfaser bis in jedes Dorf"]


def _wait_until(page, condition, timeout_ms=30_000):
    for _step in range(timeout_ms // 50):
        if condition():
            return
        page.wait_for_timeout(50)
    raise AssertionError("condition not reached in time")


def test_second_tap_while_the_answer_is_slow_stores_the_idea_once(phone_nojs, workshop):
    """The server stored the idea but its answer is slow; the attendee taps again.

    Both POSTs reach the server (same form, same idempotency key); one idea is stored.
    (The plain form: with JavaScript the phone posts through the API and a second tap
    waits for the first; see test_offline_queue.py for lost answers there.)
    """
    phone = phone_nojs
    join(phone, workshop.code)
    statuses = []
    held = []

    def slow_answer(route):
        if route.request.method != "POST":
            route.fallback()
            return
        response = route.fetch(max_redirects=0)  # the server handles the request now
        statuses.append(response.status)
        if held:
            route.fulfill(response=response)
        else:
            held.append((route, response))  # ... but the phone sees no answer yet

    phone.route(f"**/j/{workshop.code}/ideas", slow_answer)
    section = first_question(phone)
    section.get_by_label("Ihre Idee").fill("Dorfladen mit App")
    button = section.get_by_role("button", name="Idee absenden")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    # Raw taps: locator clicks would wait for the pending navigation of the first one.
    phone.touchscreen.tap(x, y)
    _wait_until(phone, lambda: held)
    phone.touchscreen.tap(x, y)
    _wait_until(phone, lambda: len(statuses) == 2)
    route, response = held[0]
    with contextlib.suppress(PlaywrightError):  # the browser may have dropped that request
        route.fulfill(response=response)

    assert statuses == [302, 302]
    expect(phone.get_by_text("Sie wurde nicht doppelt angelegt.")).to_be_visible()
    expect(phone.get_by_role("heading", name="Meine Ideen (1)")).to_be_visible()
    expect(my_ideas(phone)).to_have_count(1)
    assert [idea["text"] for idea in stored_ideas(phone, workshop.code)] == ["Dorfladen mit App"]
    phone.unroute_all(behavior="ignoreErrors")


def test_too_long_idea_shows_the_error_and_keeps_the_text(phone, workshop):
    join(phone, workshop.code)
    too_long = ("Schnelles Internet für alle Höfe an der Westküste. " * 12).strip()
    assert len(too_long) > 500
    section = first_question(phone)
    section.get_by_label("Ihre Idee").fill(too_long)
    # the live counter (JavaScript) warns before sending
    expect(section.locator(".counter")).to_have_text(f"{len(too_long)} von 500 Zeichen")
    section.get_by_role("button", name="Idee absenden").click()

    message = (
        f"Ihre Idee ist {len(too_long)} Zeichen lang, erlaubt sind höchstens 500. "
        f"Bitte kürzen Sie sie um {len(too_long) - 500} Zeichen."
    )
    expect(phone.get_by_role("alert")).to_contain_text("Ihre Idee wurde nicht gespeichert.")
    expect(phone.get_by_role("alert")).to_contain_text(message)
    section = first_question(phone)
    area = section.get_by_label("Ihre Idee")
    expect(area).to_have_value(too_long)
    expect(area).to_have_attribute("aria-invalid", "true")
    expect(section.locator(".errors")).to_have_text(message)
    expect(phone.get_by_role("heading", name="Meine Ideen (0)")).to_be_visible()
    assert stored_ideas(phone, workshop.code) == []
    assert_no_horizontal_scroll(phone)


def test_code_typed_on_the_start_page_leads_to_the_workshop(phone, workshop):
    phone.goto("/")
    typed = f"{workshop.code[:3].lower()} {workshop.code[3:].lower()}"
    phone.get_by_label("Workshop-Code").fill(typed)
    phone.get_by_role("button", name="Weiter").click()
    phone.wait_for_url(f"**/j/{workshop.code}")
    expect(phone.get_by_role("heading", level=1)).to_have_text(workshop.title)
    expect(phone.get_by_label("Ihr Name oder Spitzname")).to_be_visible()
    assert_no_horizontal_scroll(phone)


def test_hostile_text_is_shown_literally(phone, workshop):
    dialogs = []
    phone.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    join(phone, workshop.code, nickname=HOSTILE)
    expect(phone.get_by_text(f"Sie schreiben als {HOSTILE}.")).to_be_visible()
    post_idea(phone, HOSTILE)

    expect(phone.get_by_role("heading", name="Meine Ideen (1)")).to_be_visible()
    expect(my_ideas(phone).first.locator(".idea-text")).to_have_text(HOSTILE)
    expect(phone.locator("main img")).to_have_count(0)
    let_anything_run(phone)  # anything that might have slipped through had its chance
    assert dialogs == []
    assert [idea["text"] for idea in stored_ideas(phone, workshop.code)] == [HOSTILE]
