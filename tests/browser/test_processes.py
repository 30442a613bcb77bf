"""The process page in Chromium: a moderator opens the page of a process of three workshops
(Auftakt, Online-Phase, Zweiter Abend) at 1366x768 and 1280x720; the counts table, the
trend chart (its SVG loads) and the catalogue are there, the page is axe-clean in German
and English; the README's screenshot goes to $SCREENSHOTS_DIR/process-page.png
(`SCREENSHOTS_DIR=docs/screenshots` refreshes it; otherwise it stays in /tmp)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser.conftest import MODERATOR
from browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots-process")
SCREENSHOT = Path(os.environ.get("SCREENSHOTS_DIR") or SHOTS) / "process-page.png"
SIZES = ({"width": 1366, "height": 768}, {"width": 1280, "height": 720})


@pytest.fixture
def process_id(database_app):
    from participation.auth.services import find_moderator
    from participation.extensions import db
    from process_factories import build_process

    with database_app.app_context():
        world = build_process(find_moderator(MODERATOR))
        process_id = world.process.id
        db.session.remove()
    return process_id


def test_the_process_page_at_laptop_sizes_in_german_and_english(open_context, process_id):
    SHOTS.mkdir(exist_ok=True)
    page = open_context("desktop", logged_in=True).new_page()
    url = f"/moderation/prozesse/{process_id}"
    for size in SIZES:
        page.set_viewport_size(size)
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_have_text("Dithmarschen Digital – Strategieprozess")
        expect(page.locator("#process-workshops tbody tr")).to_have_count(3)
        expect(page.locator("#field-counts tbody tr").first).to_be_visible()
        chart = page.locator(".process-trend img")
        chart.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=chart.element_handle(),
                               timeout=30_000)
        page.screenshot(path=str(SHOTS / f"process-{size['width']}.png"))
        page.screenshot(path=str(SHOTS / f"process-{size['width']}-full.png"), full_page=True)
        # no sideways scrolling of the page (wide tables scroll in their own box)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert_accessible(page, "the process page (de)")
    page.set_viewport_size(SIZES[0])
    page.goto(url)
    page.wait_for_function("document.querySelector('.process-trend img').complete"
                           " && document.querySelector('.process-trend img').naturalWidth > 0", timeout=30_000)
    # for the README: from the title to the end of the chart
    bottom = page.evaluate("(() => { const box = document.querySelector('#trend').getBoundingClientRect();"
                           " return Math.ceil(box.bottom + window.scrollY + 16); })()")
    page.screenshot(path=str(SCREENSHOT), full_page=True, clip={"x": 0, "y": 0, "width": 1366, "height": bottom})
    page.goto("/language/en")
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("lang", "en", timeout=15_000)
    expect(page.locator("#trend-heading")).to_have_text("Themes from event to event")
    assert_accessible(page, "the process page (en)")
    page.goto("/moderation/prozesse")
    assert_accessible(page, "the list of processes (en)")
    page.goto("/language/de")
    page.goto("/moderation/prozesse")
    assert_accessible(page, "the list of processes (de)")
