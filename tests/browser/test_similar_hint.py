"""The phone's similar-idea hint while typing: shown without blocking, posting still one tap.

At phone size (390x844): Inge types an idea close to one of Anna's (with a typo); after a
pause the hint "Ähnlich: … lieber einen Punkt geben?" appears below the submit button with
Anna's idea and a dot button; axe finds nothing; one tap on "Idee absenden" still posts.
The dot button of the hint gives the dot to Anna's idea instead. A screenshot goes to
``SCREENSHOTS_DIR`` (default: the test's temporary folder) for a look.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

HINT_WAIT = 15_000  # ms: the hint waits for a pause in typing, then asks the server


def _type(page, text):
    box = page.locator("section.question").first.get_by_label("Ihre Idee")
    box.click()
    box.press_sequentially(text, delay=5)
    return box


def test_hint_while_typing_and_posting_with_one_tap(attendee, workshop, tmp_path):
    anna = attendee(workshop, "Anna")
    anna.post_api("Fahrradwege nach Heide ausbauen")
    anna.post_api("Kostenloses WLAN am Marktplatz")
    inge = attendee(workshop, "Inge")
    page = inge.page
    assert page.viewport_size == {"width": 390, "height": 844}
    _type(page, "Fahradweg nach Heide bitte")
    section = page.locator("section.question").first
    hint = section.locator(".similar-hint")
    expect(hint).to_contain_text("Ähnlich:", timeout=HINT_WAIT)
    expect(hint).to_contain_text("„Fahrradwege nach Heide ausbauen“ – lieber einen Punkt geben?")
    expect(hint.get_by_role("button", name=re.compile("^Punkt geben"))).to_be_visible()
    shots = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    hint.scroll_into_view_if_needed()
    page.screenshot(path=shots / "phone-similar-hint.png")
    assert_accessible(page, "the phone with a similar-idea hint")
    # The hint does not stand in the way: one tap posts.
    with page.expect_navigation():
        section.get_by_role("button", name="Idee absenden").click()
    assert "#idea-" in page.url
    expect(page.get_by_text("Danke! Ihre Idee ist gespeichert.")).to_be_visible()


def test_the_hint_gives_the_dot_instead(attendee, workshop):
    anna = attendee(workshop, "Anna")
    idea_id = anna.post_api("Fahrradwege nach Heide ausbauen")["id"]
    page = attendee(workshop, "Inge").page
    _type(page, "Fahrradwege nach Heide!")
    hint = page.locator("section.question").first.locator(".similar-hint")
    with page.expect_navigation():
        hint.get_by_role("button", name=re.compile("^Punkt geben")).click(timeout=HINT_WAIT)
    assert page.url.endswith(f"#other-{idea_id}")
    expect(page.locator(f"#other-{idea_id}")).to_contain_text("Ihr Punkt ist vergeben.")
