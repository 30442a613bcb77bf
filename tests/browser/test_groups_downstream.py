"""Pages that know the groups, in a real browser: the Handlungsfelder page filtered by
group on a laptop, the published results on a phone (group charts and what each group
brought to the plenary), both axe-clean in German and English."""

import re

import pytest
from playwright.sync_api import expect

from browser.all_pages import switch_language
from browser.conftest import _context, log_in
from browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

SHOTS = "/tmp/shots-downstream"
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def grouped(database_app, workshop_factory):
    from participation.exports.services import set_results_published
    from participation.extensions import db
    from participation.workshops.models import Workshop

    from group_world import build_group_workshop

    info = workshop_factory(title="Dithmarschen Digital – Gruppenarbeit")
    with database_app.app_context():
        workshop = db.session.get(Workshop, info.id)
        groups, _ideas = build_group_workshop(workshop)
        set_results_published(workshop, True)
        group_ids = {number: group.id for number, group in groups.items()}
        db.session.remove()
    return info, group_ids


@pytest.fixture
def context_factory(browser, live_server):
    contexts = []

    def make(viewport):
        context = _context(browser, live_server, viewport=viewport)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_fields_page_filters_by_group(context_factory, grouped, language):
    workshop, group_ids = grouped
    page = context_factory(LAPTOP)
    log_in(page)
    if language == "en":
        switch_language(page, "en")
    page.goto(f"/moderation/workshops/{workshop.id}/fields")
    expect(page.locator("li.sort-row:visible")).to_have_count(8)
    page.select_option("#sort-group", str(group_ids[2]))  # filters at once (JavaScript)
    expect(page.locator("li.sort-row:visible")).to_have_count(3)
    expect(page.locator("li.sort-row:visible .sort-group")).to_have_count(3)
    expect(page).to_have_url(re.compile(rf"[?&]gruppe={group_ids[2]}(&|$)"))
    page.select_option("#sort-group", "ohne")
    expect(page.locator("li.sort-row:visible")).to_have_count(2)
    page.goto(f"/moderation/workshops/{workshop.id}/fields?gruppe={group_ids[2]}")  # and from the server
    expect(page.locator("li.sort-row")).to_have_count(3)
    expect(page.locator("#sort-group")).to_have_value(str(group_ids[2]))
    page.screenshot(path=f"{SHOTS}/fields-group-{language}.png")
    assert_accessible(page, f"Handlungsfelder filtered by group ({language})")


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_results_show_the_groups_on_a_phone(context_factory, grouped, language):
    workshop, _group_ids = grouped
    page = context_factory(PHONE)
    if language == "en":
        switch_language(page, "en")
    page.goto(f"/w/{workshop.code}/results")
    section = page.locator("#result-groups")
    expect(section.locator(".result-group")).to_have_count(3)
    expect(section.locator(".result-promoted")).to_have_count(2)
    section.scroll_into_view_if_needed()
    page.screenshot(path=f"{SHOTS}/results-groups-phone-{language}.png")
    page.locator("img[src*='group_fields']").first.scroll_into_view_if_needed()
    page.screenshot(path=f"{SHOTS}/results-group-chart-phone-{language}.png")
    assert_accessible(page, f"results with groups ({language})")
