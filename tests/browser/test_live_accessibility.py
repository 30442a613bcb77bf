"""axe-core (WCAG 2.0/2.1 A and AA) on the live pages, in the state a busy evening leaves them.

The wall is checked at projector size (1280x720) with ideas in every column, a merged
idea with dots, the spotlight on and a card still highlighted as new; the console with
waiting, hidden and merged ideas and a confirmation message; the phone with other
people's ideas and a dot given; the console's "Text korrigieren" page with an error.
Violations are printed like in test_accessibility.py (same helper).
"""

import re

import pytest
from playwright.sync_api import expect

from browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

LIVE = 15_000  # ms: generous, for a change to reach a wall or phone; bench/wall.py measures the speed


def give_dot(voter, idea_id):
    """Give a dot through the phone's own button (script-driven, no reload)."""
    item = voter.other(idea_id)
    item.get_by_role("button", name=re.compile("^Punkt geben")).click()
    expect(item.get_by_role("button", name=re.compile("^Punkt zurücknehmen"))).to_have_attribute(
        "aria-pressed", "true"
    )


def post_some(attendee, workshop):
    """Ideas from two people in every column; returns their ids in posting order."""
    inge, hauke = attendee(workshop, "Inge"), attendee(workshop, "Hauke")
    ids = []
    for question in range(3):
        ids.append(inge.post_api(f"Mitfahrbank und Bürgerbus, Frage {question + 1}", question)["id"])
        ids.append(hauke.post_api(f"Mehr Glasfaser in den Dörfern, Frage {question + 1}", question)["id"])
    return ids


def test_wall_with_ideas_spotlight_and_merged_idea(open_context, attendee, moderation_action, workshop):
    ids = post_some(attendee, workshop)
    voter = attendee(workshop, "Frauke")
    give_dot(voter, ids[0])
    moderator = open_context("wall", logged_in=True)
    wall = moderator.new_page()
    moderation_action(wall, workshop, "merge", ids[2], target_id=str(ids[0]))
    moderation_action(wall, workshop, "spotlight", ids[1])
    wall.goto(f"/w/{workshop.code}/wall")
    expect(wall.locator("#wall-status")).to_have_attribute("data-state", "connected")
    expect(wall.locator("#wall-spotlight")).to_be_visible()
    merged = wall.locator(f"#wall-idea-{ids[0]}")
    expect(merged.locator(".wall-merged")).to_have_text("+ Mitfahrbank und Bürgerbus, Frage 2")
    expect(merged.locator(".wall-votes")).to_have_text("● 1")

    # one more arrives live and is still highlighted as new while axe looks
    fresh = voter.post("Ein Repair-Café im Gemeindehaus", question=2)
    expect(wall.locator(f"#wall-idea-{fresh}")).to_have_class(re.compile(r"\bfresh\b"), timeout=LIVE)
    assert_accessible(wall, "the wall with ideas, a merged idea, the spotlight and a new idea")


def test_console_with_waiting_hidden_and_merged_ideas_and_a_message(
    open_context, attendee, moderation_action, new_workshop
):
    workshop = new_workshop(word_filter=["Mist"])
    ids = post_some(attendee, workshop)
    waiting = attendee(workshop, "Jan").post_api("So ein Mist, der Bus kommt nie pünktlich")["id"]
    moderator = open_context("desktop", logged_in=True)
    console = moderator.new_page()
    moderation_action(console, workshop, "hide", ids[1])
    moderation_action(console, workshop, "merge", ids[3], target_id=str(ids[2]))
    moderation_action(console, workshop, "spotlight", ids[4])
    console.goto(f"/moderation/workshops/{workshop.id}/console")

    # a real click, so that its confirmation is on the page axe checks
    console.locator(f"#idea-{ids[5]}").get_by_role("button", name="Ausblenden", exact=True).click()
    expect(console.locator(".flashes")).to_contain_text("Die Idee ist ausgeblendet.")
    for badge in ("wartet auf Freigabe", "ausgeblendet", "zusammengeführt", "sichtbar"):
        expect(console.locator(".badge", has_text=re.compile(f"^{badge}$")).first).to_be_visible()
    expect(console.locator(f"#idea-{waiting}").get_by_role("button", name="Freigeben")).to_be_visible()
    merged = console.locator(f"#idea-{ids[2]} .merged-text")
    expect(merged).to_have_text("+ Mehr Glasfaser in den Dörfern, Frage 2")
    expect(console.get_by_role("button", name="Hervorhebung beenden")).to_be_visible()
    assert_accessible(console, "the console with waiting, hidden and merged ideas and a message")

    # after a live update has swapped the list in, it is still accessible
    new = attendee(workshop, "Frauke").post_api("Gemeinschaftsgarten hinter der Schule")["id"]
    expect(console.locator(f"#idea-{new}")).to_be_visible(timeout=LIVE)
    assert_accessible(console, "the console after a live update")


def test_phone_with_other_ideas_and_a_dot_given(open_context, attendee, moderation_action, workshop):
    ids = post_some(attendee, workshop)
    moderator = open_context("desktop", logged_in=True).new_page()
    moderation_action(moderator, workshop, "merge", ids[3], target_id=str(ids[2]))
    voter = attendee(workshop, "Frauke")
    expect(voter.page.get_by_role("heading", name="Ideen der anderen")).to_be_visible()
    give_dot(voter, ids[0])
    expect(voter.page.locator("#dots-status")).to_have_text("Sie haben 2 von 3 Punkten übrig.")
    expect(voter.other(ids[2]).locator(".merged-text")).to_be_visible()
    # one more arrives live in the open list
    late = attendee(workshop, "Jan").post_api("Bänke am Deich zum Ausruhen")["id"]
    expect(voter.other(late)).to_be_visible(timeout=LIVE)
    expect(voter.other(late).get_by_role("button", name=re.compile("^Punkt geben"))).to_be_visible()
    assert_accessible(voter.page, "the phone with other people's ideas and a dot given")


def test_fix_text_page_with_an_error(open_context, attendee, workshop):
    idea_id = attendee(workshop, "Inge").post_api("Schnelles WLAN im Bürgerhaus")["id"]
    console = open_context("desktop", logged_in=True).new_page()
    console.goto(f"/moderation/workshops/{workshop.id}/console")
    console.locator(f"#idea-{idea_id} .c-menu > summary").click()  # the row's menu "Mehr"
    console.locator(f"#idea-{idea_id}").get_by_role("link", name="Text korrigieren").click()
    expect(console.get_by_role("heading", name="Text korrigieren")).to_be_visible()
    console.get_by_label("Text der Idee").fill("   ")
    console.get_by_role("button", name="Korrektur speichern").click()
    expect(console.get_by_role("alert")).to_contain_text("Bitte korrigieren Sie die markierten Angaben.")
    expect(console.get_by_text("Bitte schreiben Sie Ihre Idee in das Feld")).to_be_visible()
    expect(console.get_by_label("Text der Idee")).to_have_attribute("aria-invalid", "true")
    assert_accessible(console, "the fix-text page with an error")
