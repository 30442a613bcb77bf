"""axe-core on the states of the pages changed for issue 15 (items 2, 9, 10, 14) that the
page list of test_accessibility_all.py does not reach: the editor with a confirmation, with
unsaved changes and after a refused save; the once-shown focus link; the public address
page with a refused address. German and English, at 1366x768."""

import pytest
from playwright.sync_api import expect

from browser.all_pages import switch_language
from browser.conftest import _context, log_in
from browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", params=["de", "en"])
def laptop(request, browser, live_server):
    context = _context(browser, live_server, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    log_in(page)
    switch_language(page, request.param)
    page.language = request.param
    yield page
    context.close()


def test_editor_states(laptop, workshop):
    page = laptop
    page.goto(f"/moderation/workshops/{workshop.id}/edit")
    page.locator("#place").fill("Heide")
    expect(page.locator("#editor-unsaved")).to_be_visible()
    assert_accessible(page, f"the editor with unsaved changes ({page.language})")
    page.locator("#editor-unsaved button").click()
    expect(page.locator(".editor-notice")).to_be_visible()
    assert_accessible(page, f"the editor with a confirmation ({page.language})")
    page.locator("#title").fill("")
    page.locator("button[value=save-settings]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#editor-unsaved")).to_be_visible()  # refused: what was typed is not saved
    assert_accessible(page, f"the editor after a refused save ({page.language})")


def test_focus_link_box(laptop, workshop):
    page = laptop
    page.goto(f"/moderation/workshops/{workshop.id}/focus")
    section = page.locator(".focus-field").first
    section.locator("input[name$='-label']").fill("Gruppe Jensen")
    with page.expect_navigation():
        section.locator("button[type=submit]").first.click()
    expect(page.locator("#new-link")).to_contain_text("Gruppe Jensen")
    assert_accessible(page, f"the focus page with a new link ({page.language})")


def test_public_address_with_a_refused_address(laptop):
    page = laptop
    page.goto("/moderation/admin/address")
    page.locator("#address").fill("192.168.1.20:5000")
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()
    expect(page.locator("#address")).to_have_value("192.168.1.20:5000")
    expect(page.locator("#address")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, f"the public address page with an error ({page.language})")
