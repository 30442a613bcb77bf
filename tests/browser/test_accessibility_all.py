"""axe-core (WCAG 2.0/2.1 A and AA) on every main page, in German and in English.

The same pages as the reflow test (see all_pages.py), on one workshop with ideas, fields,
dots, published results and a focus-group link. Attendee pages are checked at phone size
by a phone that joined and posted an idea, moderator pages at desktop size, logged in.
English is switched on like the header's switch does (``/language/en?next=…``).

Pages already checked in the same state elsewhere are left out here:
German start, join, idea page, login, dashboard, new workshop, workshop overview, editor
and poster in test_accessibility.py;
English join and idea page in test_languages.py. The German error states of the join page
and of the measure sheet are in test_accessibility.py and test_focus.py; their English
error states are here.
"""

import pytest
from playwright.sync_api import expect

from browser.all_pages import (
    ATTENDEE_PAGES,
    MODERATOR_PAGES,
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


@pytest.mark.parametrize("language, template, what", _cases(MODERATOR_PAGES))
def test_moderator_page(sessions, world, language, template, what):
    _check(sessions(language)[1], world, language, template, what)


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
