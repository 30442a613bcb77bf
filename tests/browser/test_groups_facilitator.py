"""The facilitator's page (Tischmoderation) in a real browser, on a facilitator's phone
(390x844) and a laptop (1366x768): keyboard only, two ideas go to the plenary (Tab to the
toggle, Enter or Space; aria-pressed flips, the count follows) and one is hidden; axe
finds nothing on the page, in German and English."""

import pytest
from playwright.sync_api import expect

from browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

LIVE = 15_000  # ms: generous, for an action and the list drawn again
SHOTS = "/tmp/shots-facil"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 768}}


@pytest.fixture
def table(database_app, workshop):
    """Group 1 of two, four ideas posted in it (and one in group 2), its facilitator key."""
    from helpers import make_participant, post_idea
    from participation.extensions import db
    from participation.groups import services
    from participation.groups.keys import rotate_facilitator_key
    from participation.workshops.models import Group, Workshop

    with database_app.app_context():
        first, second = services.add_groups(db.session.get(Workshop, workshop.id), 2)
        ideas = []
        for group, texts in ((first, ("Bürgerbus am Sonntag", "Dorfladen mit Café", "Radweg nach Heide",
                                      "Bänke am Deich")), (second, ("Idee vom anderen Tisch",))):
            person = make_participant(db.session.get(Workshop, workshop.id), f"tisch{group.id}")
            services.join_group(person, db.session.get(Group, group.id))
            posted = [post_idea(db.session.get(Workshop, workshop.id), person, text).id for text in texts]
            if group.id == first.id:
                ideas = posted
        key = rotate_facilitator_key(db.session.get(Group, first.id))
        db.session.remove()
    return workshop, key, ideas


def _promoted(database_app, idea_ids):
    from participation.extensions import db
    from participation.ideas.models import Idea

    with database_app.app_context():
        result = [(db.session.get(Idea, idea_id).promoted_at is not None, db.session.get(Idea, idea_id).status)
                  for idea_id in idea_ids]
        db.session.remove()
    return result


def _tab_to(page, element_id, limit=80):
    """Press Tab until ``element_id`` has the focus (keyboard only, as a person would)."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} never got the focus by Tab")


@pytest.mark.parametrize("size", sorted(VIEWPORTS))
def test_promote_two_ideas_and_hide_one_keyboard_only(size, table, database_app, open_context):
    workshop, key, ideas = table
    page = open_context("phone" if size == "phone" else "desktop").new_page()
    page.set_viewport_size(VIEWPORTS[size])
    page.goto(f"/gruppe/{workshop.code}/1?key={key}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tischmoderation")
    expect(page.locator("#promoted-count")).to_have_text("0 von 3 im Plenum")
    expect(page.locator("#fidea-list > li")).to_have_count(4)  # not the other table's idea
    page.screenshot(path=f"{SHOTS}/facilitator-{size}-start.png", full_page=True)

    newest, second_newest, third = ideas[3], ideas[2], ideas[1]  # the list shows the newest first
    for idea_id, key_name, count in ((newest, "Enter", 1), (second_newest, "Space", 2)):
        toggle = page.locator(f"#promote-{idea_id}")
        expect(toggle).to_have_attribute("aria-pressed", "false")
        _tab_to(page, f"promote-{idea_id}")
        page.keyboard.press(key_name)
        expect(page.locator(f"#promote-{idea_id}")).to_have_attribute("aria-pressed", "true", timeout=LIVE)
        expect(page.locator("#promoted-count")).to_have_text(f"{count} von 3 im Plenum", timeout=LIVE)
        expect(page.locator(f"#promote-{idea_id}")).to_be_focused(timeout=LIVE)

    _tab_to(page, f"hide-{third}")
    page.keyboard.press("Enter")
    expect(page.locator(f"#fidea-{third}")).to_contain_text("ausgeblendet", timeout=LIVE)
    expect(page.locator(f"#show-{third}")).to_be_focused(timeout=LIVE)
    expect(page.locator(f"#promote-{third}")).to_have_count(0)
    expect(page.locator("#facilitator-live")).to_have_text("Die Idee ist ausgeblendet.", timeout=LIVE)
    assert _promoted(database_app, ideas) == [(False, "visible"), (False, "hidden"), (True, "visible"),
                                              (True, "visible")]

    # take one back (keyboard again): the count follows
    page.locator(f"#promote-{second_newest}").focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#promote-{second_newest}")).to_have_attribute("aria-pressed", "false", timeout=LIVE)
    expect(page.locator("#promoted-count")).to_have_text("1 von 3 im Plenum", timeout=LIVE)
    page.screenshot(path=f"{SHOTS}/facilitator-{size}-after.png", full_page=True)
    assert_accessible(page, f"the facilitator page after actions ({size})")


def test_help_signal_and_limit_message(table, database_app, open_context):
    from participation.extensions import db
    from participation.groups.services import set_promote_limit
    from participation.workshops.models import Workshop

    workshop, key, ideas = table
    with database_app.app_context():
        set_promote_limit(db.session.get(Workshop, workshop.id), 1)
        db.session.remove()
    page = open_context("phone").new_page()
    page.goto(f"/gruppe/{workshop.code}/1?key={key}")
    page.locator("#help-button").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#help")).to_contain_text("Hilfe angefragt – die Moderation kommt", timeout=LIVE)
    expect(page.locator("#help-clear")).to_be_focused(timeout=LIVE)
    page.locator(f"#promote-{ideas[3]}").click()
    expect(page.locator("#promoted-count")).to_have_text("1 von 1 im Plenum", timeout=LIVE)
    page.locator(f"#promote-{ideas[2]}").click()
    expect(page.locator(f"#fidea-problem-{ideas[2]}")).to_contain_text("schon 1 Ideen ins Plenum", timeout=LIVE)
    page.screenshot(path=f"{SHOTS}/facilitator-phone-help-limit.png", full_page=True)
    assert_accessible(page, "the facilitator page with help raised and the limit message")
    page.locator("#help-clear").click()
    expect(page.locator("#help-button")).to_be_visible(timeout=LIVE)


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_facilitator_page_passes_axe(language, table, open_context):
    workshop, key, ideas = table
    for size in ("phone", "laptop"):
        page = open_context("phone" if size == "phone" else "desktop").new_page()
        page.set_viewport_size(VIEWPORTS[size])
        path = f"/gruppe/{workshop.code}/1?key={key}"
        page.goto(f"/language/{language}?next={path}" if language == "en" else path)
        expect(page.get_by_role("heading", level=1)).to_contain_text(
            "Table facilitation" if language == "en" else "Tischmoderation")
        page.locator(f"#fidea-{ideas[0]} summary").first.click()  # the typo form open
        assert_accessible(page, f"the facilitator page ({language}, {size})")
        page.screenshot(path=f"{SHOTS}/facilitator-{language}-{size}.png", full_page=True)
        paper = f"/karten/{workshop.code}?key={key}"
        page.goto(paper)
        expect(page.locator("#paper-group-fixed")).to_be_visible()
        assert_accessible(page, f"the group's paper-card page ({language}, {size})")
        page.screenshot(path=f"{SHOTS}/paper-group-{language}-{size}.png", full_page=True)
