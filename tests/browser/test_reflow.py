"""Every main page reflows (WCAG 1.4.10) at 320 CSS px and works at 200 % zoom.

320 px: a 320x640 viewport, as WCAG's reflow criterion asks (1280 px at 400 %).
200 % zoom of a 1280x900 window: browser zoom makes the CSS viewport half as wide and the
device pixel ratio twice as high, so Chromium at 200 % lays a 1280x900 window out exactly
like a 640x450 viewport with ``device_scale_factor=2`` -- media queries see 640 px, rem
and px grow with the zoom. That is what is emulated here. (CSS ``zoom: 2`` on <html>
would not change the viewport width the media queries see, so it is a worse model.)

No horizontal scrolling means ``scrollWidth <= clientWidth + 1`` on the document; when
it fails, the message names the elements that stick out on the right.

The wall's ``prefers-reduced-motion`` is tested in test_wall.py
(test_wall_works_with_reduced_motion) and is not repeated here.
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
)
from browser.conftest import log_in

pytestmark = pytest.mark.browser

VIEWPORTS = {
    "320px": {"viewport": {"width": 320, "height": 640}},
    "zoom200": {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2},
}

OVERFLOW = """() => {
  const root = document.documentElement;
  const limit = root.clientWidth + 1;
  if (root.scrollWidth <= limit) return null;
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > limit && getComputedStyle(el).position !== "fixed") {
      // only the outermost element of a subtree that sticks out
      if (!el.parentElement || el.parentElement.getBoundingClientRect().right <= limit) {
        out.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : ""} right=${Math.round(box.right)}`);
      }
    }
  }
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, culprits: out.slice(0, 10)};
}"""


@pytest.fixture(scope="module")
def world(database_app, workshop_factory):
    return make_world(database_app, workshop_factory, title="Zukunftswerkstatt Dithmarschen 2030: Mobilität, Breitband und Daseinsvorsorge")


def _context(browser, live_server, viewport):
    context = browser.new_context(
        base_url=live_server, locale="de-DE", timezone_id="Europe/Berlin", **VIEWPORTS[viewport]
    )
    context.set_default_timeout(10_000)
    return context


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def sessions(request, browser, live_server, world, attendee_class):
    """(viewport, attendee page, moderator page) for one viewport, shared by its tests."""
    attendee_context = _context(browser, live_server, request.param)
    moderator_context = _context(browser, live_server, request.param)
    try:
        attendee = attendee_session(attendee_context, world, attendee_class)
        moderator = moderator_session(moderator_context, log_in)
        yield request.param, attendee, moderator
    finally:
        moderator_context.close()
        attendee_context.close()


def _assert_no_horizontal_scrolling(page, what):
    overflow = page.evaluate(OVERFLOW)
    assert overflow is None, f"{what} scrolls sideways ({page.url}): {overflow}"


@pytest.mark.parametrize("name, what, template", ATTENDEE_PAGES, ids=[p[0] for p in ATTENDEE_PAGES])
def test_attendee_page_reflows(sessions, world, name, what, template):
    viewport, page, _ = sessions
    open_page(page, template, world)
    _assert_no_horizontal_scrolling(page, f"{what} at {viewport}")


@pytest.mark.parametrize("name, what, template", MODERATOR_PAGES, ids=[p[0] for p in MODERATOR_PAGES])
def test_moderator_page_reflows(sessions, world, name, what, template):
    viewport, _, page = sessions
    open_page(page, template, world)
    _assert_no_horizontal_scrolling(page, f"{what} at {viewport}")


# --- pages in the states that add the most width: new link, error messages ---------------


def test_focus_page_with_a_new_link_reflows(sessions, world):
    viewport, _, page = sessions
    open_page(page, "/moderation/workshops/{id}/focus", world)
    mobility = world.fields["Mobilität"]
    with page.expect_navigation():
        page.locator(f"#field-{mobility}").get_by_role("button", name="Neuen Link erzeugen").click()
    expect(page.get_by_label("Link", exact=True)).to_be_visible()
    _assert_no_horizontal_scrolling(page, f"the focus-group page with a new link at {viewport}")


def test_idea_page_with_an_error_reflows(sessions, world):
    viewport, page, _ = sessions
    open_page(page, "/j/{code}/ideas", world)
    section = page.locator("section.question").first
    section.get_by_label("Ihre Idee").fill("Einbürgerbusfürjedesdorfundjedeuhrzeit" * 20)
    with page.expect_navigation():
        section.get_by_role("button", name="Idee absenden").click()
    expect(page.get_by_role("alert")).to_contain_text("Ihre Idee wurde nicht gespeichert.")
    _assert_no_horizontal_scrolling(page, f"the idea page with an error at {viewport}")


def test_measure_sheet_with_an_error_reflows(sessions, world):
    viewport, page, _ = sessions
    open_page(page, "/f/{token}/measures/new", world)
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern", exact=True).click()
    expect(page.locator("#title-error")).to_be_visible()
    _assert_no_horizontal_scrolling(page, f"the measure sheet with an error at {viewport}")
