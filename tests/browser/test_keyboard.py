"""Keyboard only: an attendee joins, posts and gives a dot; the moderator hides, merges, moves.

No mouse: no .click(), no .fill(), no .focus() on elements. Every element is reached with
Tab (or the console's own shortcuts j/k/h, Enter opens a menu), text is typed with ``page.keyboard.type``,
choices in a select are made with the arrow keys, and forms are sent with Enter or Space.
At every Tab stop the focused element must show a focus indicator (an outline or a
box-shadow that is not "none"). The results are read from the server's database.
"""

import re

import pytest
from playwright.sync_api import expect

from browser.all_pages import BUS_IDEA, make_world

pytestmark = pytest.mark.browser

MAX_TABS = 150
MY_IDEA = "Ein Treffpunkt für Jung und Alt im Dorfgemeinschaftshaus"

FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  return {
    tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute("name"),
    text: (el.getAttribute("aria-label") || el.textContent || el.value || "").trim().slice(0, 60),
    visible: outline || shadow, outline: `${style.outlineStyle} ${style.outlineWidth}`, shadow: style.boxShadow,
  };
}"""


def assert_focus_visible(page):
    state = page.evaluate(FOCUS_STATE)
    assert state is not None, "nothing has the focus"
    assert state["visible"], f"the focused element shows no focus indicator: {state}"
    return state


def tab_to(page, selector, backwards=False):
    """Press Tab (Shift+Tab) until the element matching ``selector`` has the focus."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        if page.evaluate("() => document.activeElement.tagName") == "BODY":
            continue  # the end of the page; the next Tab starts at the top again
        assert_focus_visible(page)
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} was not reached with {MAX_TABS} presses of {key}")


def choose_with_arrows(page, value):
    """In the focused (closed) select, move with the arrow keys until ``value`` is chosen."""
    for key in ("ArrowDown", "ArrowUp"):
        for _ in range(30):
            if page.evaluate("() => document.activeElement.value") == str(value):
                return
            page.keyboard.press(key)
    assert page.evaluate("() => document.activeElement.value") == str(value)


@pytest.fixture
def world(database_app, workshop_factory):
    return make_world(database_app, workshop_factory)


def _idea(database_app, idea_id):
    from participation.extensions import db
    from participation.ideas.models import Idea, Vote

    with database_app.app_context():
        idea = db.session.get(Idea, idea_id)
        result = {
            "status": idea.status, "merged_into_id": idea.merged_into_id, "field_id": idea.field_id,
            "field_confirmed": idea.field_confirmed, "votes": Vote.query.filter_by(idea_id=idea_id).count(),
            "participant": idea.participant.nickname if idea.participant else None,
        }
        db.session.remove()
    return result


def _ideas_by_text(database_app, workshop_id):
    from participation.extensions import db
    from participation.ideas.models import Idea

    with database_app.app_context():
        result = {idea.text: idea.id for idea in Idea.query.filter_by(workshop_id=workshop_id)}
        db.session.remove()
    return result


def test_attendee_joins_posts_and_gives_a_dot_by_keyboard(phone, database_app, world):
    page = phone
    other = world.ideas[BUS_IDEA]
    votes_before = _idea(database_app, other)["votes"]

    # the start page: Tab to the code field, type the code, Enter
    page.goto("/")
    tab_to(page, "#code")
    page.keyboard.type(world.workshop.code.lower())
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(world.workshop.title)

    # the join page: Tab to the nickname, type it, Tab to "Los geht’s", Enter
    tab_to(page, "input[name=nickname]")
    page.keyboard.type("Ines")
    tab_to(page, "button[type=submit]:not(.link-button)")
    expect(page.locator(":focus")).to_have_text("Los geht’s")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(f"**/j/{world.workshop.code}/ideas")

    # the idea page: Tab to the first question's text field, type, Tab to its button, Enter
    first = page.locator("section.question").first
    text_id = first.get_by_label("Ihre Idee").get_attribute("id")
    tab_to(page, f"#{text_id}")
    page.keyboard.type(MY_IDEA)
    page.keyboard.press("Tab")
    focused = assert_focus_visible(page)
    assert focused["tag"] == "button" and focused["text"] == "Idee absenden", focused
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Meine Ideen (1)")).to_be_visible()
    mine = _ideas_by_text(database_app, world.workshop.id)[MY_IDEA]
    assert _idea(database_app, mine)["participant"] == "Ines"

    # a dot for someone else's idea: Tab to its button, Space
    button = f"#other-{other} .vote-form button"
    tab_to(page, button)
    expect(page.locator(button)).to_have_attribute("aria-pressed", "false")
    page.keyboard.press("Space")
    expect(page.locator(button)).to_have_attribute("aria-pressed", "true")
    expect(page.locator(button)).to_have_text("Punkt zurücknehmen")
    assert _idea(database_app, other)["votes"] == votes_before + 1
    # the focus stays where it was (or comes back there after a reload), still visible
    expect(page.locator(button)).to_be_focused()
    assert_focus_visible(page)


def _focus_idea_in_console(page, idea_id):
    """Move to the idea with the console's j shortcut (k goes back up)."""
    for _ in range(30):
        if page.evaluate("() => document.activeElement.id") == f"idea-{idea_id}":
            assert_focus_visible(page)
            return
        page.keyboard.press("j")
    pytest.fail(f"j never reached idea {idea_id}")


def test_moderator_hides_merges_and_moves_by_keyboard(moderator_page, database_app, world):
    page = moderator_page
    ideas = world.ideas
    hidden = ideas["Hundewiese mit Zaun am Ortsrand"]
    merged, target = ideas["Rufbus per App bestellen, auch abends"], ideas[BUS_IDEA]
    moved = ideas["Glasfaser fürs Dorf"]
    umwelt = world.fields["Umwelt & Energie"]
    assert _idea(database_app, moved)["field_id"] != umwelt

    console = f"/moderation/workshops/{world.workshop.id}/console"
    page.goto(console)
    expect(page.locator("#console-ideas li")).to_have_count(len(ideas))

    # hide: j to the idea, then k/j work both ways, then h
    _focus_idea_in_console(page, hidden)
    first = page.evaluate("() => document.activeElement === document.querySelector('#console-ideas li')")
    there, back = ("j", "k") if first else ("k", "j")
    page.keyboard.press(there)
    assert page.evaluate("() => document.activeElement.id") != f"idea-{hidden}"
    page.keyboard.press(back)
    assert page.evaluate("() => document.activeElement.id") == f"idea-{hidden}"
    with page.expect_navigation():
        page.keyboard.press("h")
    expect(page.get_by_text("Die Idee ist ausgeblendet.")).to_be_visible()
    assert _idea(database_app, hidden)["status"] == "hidden"

    # merge: j to the idea, Tab to its menu "Mehr", Enter opens it, Tab to the search, type
    # a word of the other idea, Tab to it among the matches, Space chooses it, Tab, Enter
    _focus_idea_in_console(page, merged)
    tab_to(page, f"#idea-{merged} .c-menu > summary")
    page.keyboard.press("Enter")
    tab_to(page, f"#merge-q-{merged}")
    page.keyboard.type("Mitfahrbank")
    expect(page.locator(f"#idea-{merged} .merge-choices[data-query='Mitfahrbank']")).to_be_visible()
    tab_to(page, f"#target-{merged}-{target}")
    page.keyboard.press("Space")
    expect(page.locator(f"#target-{merged}-{target}")).to_be_checked()
    page.keyboard.press("Tab")
    focused = assert_focus_visible(page)
    assert focused["text"] == "Zusammenführen", focused
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert _idea(database_app, merged)["merged_into_id"] == target
    expect(page.locator(f"#idea-{target}")).to_contain_text("+ Rufbus per App bestellen, auch abends")

    # Handlungsfelder: Tab to the idea's "Verschieben nach", arrows, Tab to "Verschieben", Enter
    page.goto(f"/moderation/workshops/{world.workshop.id}/fields")
    tab_to(page, f"#move-{moved}")
    choose_with_arrows(page, umwelt)
    page.keyboard.press("Tab")
    focused = assert_focus_visible(page)
    assert focused["text"] == "Verschieben", focused
    page.keyboard.press("Enter")  # moved in place: the row keeps its place, no reload
    expect(page.locator(f"#idea-{moved}")).to_have_attribute("data-field-id", str(umwelt))
    expect(page.locator(f"#idea-{moved} .sort-chip")).to_contain_text("Umwelt & Energie")
    stored = _idea(database_app, moved)
    assert stored["field_id"] == umwelt and stored["field_confirmed"], stored
    # Shift+Tab goes back through the page with the focus still visible
    page.keyboard.press("Tab")
    tab_to(page, "a.skip-link, .brand", backwards=True)
    assert re.search(r"/fields", page.url)
