"""Languages in Chromium: a German phone switches to English and posts; English pages pass axe.

Every browser context of these tests sends ``Accept-Language: de-DE`` (see conftest).
"""

import re

import pytest
from playwright.sync_api import expect

from browser.test_accessibility import assert_accessible
from i18n.catalogues import compile_stale_catalogues

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogues():
    compile_stale_catalogues()


def _html(page):
    return page.locator("html")


def _join_in_english(page, code, nickname="Ann"):
    page.get_by_label("Your name or nickname (optional)").fill(nickname)
    page.get_by_role("button", name="Let’s go").click()
    page.wait_for_url(f"**/j/{code}/ideas")


def test_german_phone_switches_to_english_and_posts(phone, workshop):
    phone.goto(f"/j/{workshop.code}")
    expect(_html(phone)).to_have_attribute("lang", "de")
    switch = phone.get_by_role("navigation", name="Sprache")
    expect(switch.get_by_role("link", name="Deutsch")).to_have_attribute("aria-current", "true")

    switch.get_by_role("link", name="English").click()
    phone.wait_for_url(f"**/j/{workshop.code}")
    expect(_html(phone)).to_have_attribute("lang", "en")
    switch = phone.get_by_role("navigation", name="Language")
    expect(switch.get_by_role("link", name="English")).to_have_attribute("aria-current", "true")
    expect(switch.get_by_role("link", name="Deutsch")).not_to_have_attribute("aria-current", "true")

    _join_in_english(phone, workshop.code)
    section = phone.locator("section.question").first
    section.get_by_label("Your idea").fill("A night bus on Saturdays")
    expect(section.locator(".counter")).to_have_text("24 of 500 characters")  # counter.js speaks English
    section.get_by_role("button", name="Send idea").click()
    expect(phone.get_by_text("Thank you! Your idea is saved.")).to_be_visible()
    expect(_html(phone)).to_have_attribute("lang", "en")
    mine = phone.locator("#my-ideas")
    expect(mine).to_contain_text("A night bus on Saturdays")
    expect(mine.locator(".idea-meta").nth(1)).to_have_text(re.compile(r"^\d{1,2}:\d\d\s[AP]M"))

    phone.reload()
    expect(_html(phone)).to_have_attribute("lang", "en")
    expect(phone.get_by_role("heading", name=re.compile(r"^My ideas"))).to_be_visible()


def test_switch_works_without_javascript(phone_nojs, workshop):
    phone_nojs.goto(f"/j/{workshop.code}")
    phone_nojs.get_by_role("link", name="English").click()
    phone_nojs.wait_for_url(f"**/j/{workshop.code}")
    expect(_html(phone_nojs)).to_have_attribute("lang", "en")
    expect(phone_nojs.get_by_role("button", name="Let’s go")).to_be_visible()
    phone_nojs.get_by_role("link", name="Deutsch").click()
    expect(_html(phone_nojs)).to_have_attribute("lang", "de")
    expect(phone_nojs.get_by_role("button", name="Los geht’s")).to_be_visible()


def test_workshop_set_to_english_by_the_moderator(moderator_page, open_context, new_workshop):
    workshop = new_workshop()
    moderator_page.goto(f"/moderation/workshops/{workshop.id}/edit")
    moderator_page.get_by_label("Sprache der Teilnehmenden-Seiten").select_option(label="English")
    moderator_page.get_by_role("button", name="Einstellungen speichern").click()
    expect(moderator_page.get_by_text("Die Einstellungen sind gespeichert.")).to_be_visible()
    expect(_html(moderator_page)).to_have_attribute("lang", "de")  # the moderator keeps German

    phone = open_context("phone").new_page()  # a German browser
    phone.goto(f"/j/{workshop.code}")
    expect(_html(phone)).to_have_attribute("lang", "en")
    expect(phone.get_by_role("button", name="Let’s go")).to_be_visible()


def test_english_join_and_post_pages_are_accessible(phone, workshop):
    phone.goto(f"/language/en?next=/j/{workshop.code}")
    expect(_html(phone)).to_have_attribute("lang", "en")
    assert_accessible(phone, "the English join page")

    _join_in_english(phone, workshop.code)
    assert_accessible(phone, "the English post page")

    section = phone.locator("section.question").first
    section.get_by_label("Your idea").fill("Free Wi-Fi at the bus stops")
    section.get_by_role("button", name="Send idea").click()
    expect(phone.get_by_text("Thank you! Your idea is saved.")).to_be_visible()
    assert_accessible(phone, "the English post page with an idea")

    section = phone.locator("section.question").first
    section.get_by_label("Your idea").fill("   ")
    section.get_by_role("button", name="Send idea").click()
    expect(phone.get_by_text("Your idea has not been saved.")).to_be_visible()
    assert_accessible(phone, "the English post page with an error")
