"""axe-core (WCAG 2.0/2.1 A and AA) on every main page, in German and in English.

The same pages as the reflow test (see all_pages.py), on one workshop with ideas, fields,
dots, published results and a focus-group link. Attendee pages are checked at phone size
by a phone that joined and posted an idea, moderator pages at desktop size, logged in.
English is switched on like the header's switch does (``/language/en?next=…``).

Pages already checked in the same state elsewhere are left out here:
German start, join, idea page, login, dashboard, new workshop, workshop overview, editor
and poster in test_accessibility.py;
English join and idea page in test_languages.py. The German error states of the join page
and of the measure sheet are in test_accessibility.py and test_focus_groups.py; their English
error states are here.

The wall, the moderator's fix-text page and the attendee's edit page (also after a
rejected change) are checked here in both languages, although German states of them are
also in test_accessibility.py and test_live_accessibility.py: here they show this world's
Handlungsfelder, dots and English. The idea page after a rejected idea is checked in
English (German: test_accessibility.py).
"""

import re


import pytest
from playwright.sync_api import expect

from browser.all_pages import (
    ATTENDEE_PAGES,
    FIX_TEXT_PAGE,
    MERGE_PAGE,
    MODERATOR_PAGES,
    MY_IDEA,
    WALL_PAGES,
    attendee_session,
    make_world,
    moderator_session,
    open_page,
    path,
)
from browser.conftest import log_in
from browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

CHECKED_ELSEWHERE = {
    "de": {"start", "join", "ideas", "login", "dashboard", "overview", "new", "edit", "poster"},
    "en": {"join", "ideas"},
}


def _cases(pages):
    return [
        pytest.param(language, template, what, id=f"{language}-{name}")
        for language in ("de", "en")
        for name, what, template in pages
        if name not in CHECKED_ELSEWHERE[language]
    ]


@pytest.fixture(scope="module")
def world(database_app, workshop_factory):
    return make_world(database_app, workshop_factory)


@pytest.fixture(scope="module")
def sessions(make_context, world, attendee_class):
    """{language: (attendee page on a phone, moderator page on a desktop)}, opened lazily."""
    contexts, opened = [], {}

    def get(language):
        if language not in opened:
            phone, desktop = make_context("phone"), make_context("desktop")
            contexts.extend([phone, desktop])
            opened[language] = (
                attendee_session(phone, world, attendee_class, language),
                moderator_session(desktop, log_in, language),
            )
        return opened[language]

    yield get
    for context in reversed(contexts):
        context.close()


def _check(page, world, language, template, what):
    open_page(page, template, world)
    assert page.evaluate("() => document.documentElement.lang").startswith(language), page.url
    assert_accessible(page, f"{what} ({language})")


@pytest.mark.parametrize("language, template, what", _cases(ATTENDEE_PAGES))
def test_attendee_page(sessions, world, language, template, what):
    _check(sessions(language)[0], world, language, template, what)


@pytest.mark.parametrize("language, template, what", _cases(MODERATOR_PAGES + [FIX_TEXT_PAGE, MERGE_PAGE]))
def test_moderator_page(sessions, world, language, template, what):
    _check(sessions(language)[1], world, language, template, what)


@pytest.mark.parametrize("language, template, what", _cases(WALL_PAGES))
def test_wall(sessions, world, language, template, what):
    page = sessions(language)[1]  # the moderator's own wall, on the desktop
    open_page(page, template, world)
    expect(page.locator("#wall-status")).to_have_attribute("data-state", "connected")
    expect(page.locator(".wall-card[id]").first).to_be_visible()
    assert page.evaluate("() => document.documentElement.lang").startswith(language), page.url
    assert_accessible(page, f"{what} ({language})")


def _open_my_edit_page(page, world):
    """The edit page of my idea, reached through its link in "my ideas" like a person does."""
    open_page(page, "/j/{code}/ideas", world)
    mine = page.locator("#my-ideas li").filter(has_text=MY_IDEA)
    with page.expect_navigation():
        mine.locator("a[href$='/edit']").click()
    expect(page.locator("textarea#text")).to_have_value(MY_IDEA)


@pytest.mark.parametrize("language", ["de", "en"])
def test_edit_page(sessions, world, language):
    page = sessions(language)[0]
    _open_my_edit_page(page, world)
    assert page.evaluate("() => document.documentElement.lang").startswith(language), page.url
    assert_accessible(page, f"the edit page of my idea ({language})")


@pytest.mark.parametrize("language", ["de", "en"])
def test_edit_page_with_a_rejected_change(sessions, world, language):
    page = sessions(language)[0]
    _open_my_edit_page(page, world)
    page.locator("textarea#text").fill("   ")
    with page.expect_navigation():
        page.locator("form.card button[type=submit]").click()
    expect(page.locator(".error-summary[role=alert]")).to_be_visible()
    expect(page.locator("textarea#text")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, f"the edit page after a rejected change ({language})")
    open_page(page, "/j/{code}/ideas", world)
    expect(page.locator("#my-ideas")).to_contain_text(MY_IDEA)  # the idea stayed as it was


def test_english_idea_page_with_a_rejected_idea(sessions, world):
    page = sessions("en")[0]
    open_page(page, "/j/{code}/ideas", world)
    section = page.locator("section.question").first
    text = section.get_by_label("Your idea")
    text.evaluate("field => field.removeAttribute('maxlength')")
    text.fill("A community bus for every village. " * 20)
    with page.expect_navigation():
        section.get_by_role("button", name=re.compile("^Send")).click()
    expect(page.get_by_role("alert")).to_contain_text("Your idea has not been saved.")
    assert_accessible(page, "the English idea page with a rejected idea")


def test_english_join_page_with_too_long_nickname(sessions, world):
    page = sessions("en")[0]
    open_page(page, "/j/{code}", world)
    nickname = page.get_by_label("Your name or nickname")
    # the field's maxlength stops a browser from typing more; an old one would send it
    nickname.evaluate("input => input.removeAttribute('maxlength')")
    nickname.fill("Nickname " * 6)
    with page.expect_navigation():
        page.get_by_role("button", name="Let’s go").click()
    expect(nickname).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "the English join page with an error")


def test_english_measure_sheet_with_missing_title(sessions, world):
    page = sessions("en")[0]
    open_page(page, "/f/{token}/measures/new", world)
    page.get_by_label("Vision").fill("Nobody depends on a car of their own any more.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#title-error")).to_be_visible()
    assert page.url.endswith(path("/f/{token}/measures/new", world))
    assert_accessible(page, "the English measure sheet with an error")
