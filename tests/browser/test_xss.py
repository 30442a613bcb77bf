"""Hostile idea texts render as inert, literal text on the wall, the phones and the console.

The app sends a strict Content-Security-Policy, which alone would stop most injected
scripts from running and so hide an escaping bug from a "did it run?" check. These
contexts therefore bypass the CSP: if a text ever became markup, its handler would run
and set the canary ``window.__pwned`` or open a dialog. Independent of that, each page is
searched for any element or attribute a payload could have created, and every text must
be shown exactly as it was typed.

Most texts are posted once for the module (some through the phone form, the rest through
the JSON API with the phone's cookie and CSRF token, one person with a hostile nickname);
``test_live_updates_deliver_hostile_texts_inertly`` has pages open while they arrive.
"""

import re

import pytest
from playwright.sync_api import expect

from browser.hostile_texts import (
    CANARY,
    HOSTILE_NICKNAME,
    HOSTILE_TEXTS,
    expected_display,
    let_anything_run,
    loose,
    stored_text,
)

pytestmark = pytest.mark.browser

LIVE = 15_000  # ms: generous, for a change to reach a wall or phone; bench/wall.py measures the speed
SECRET_KEY_PREFIX = "browser-test-secret-key"  # conftest's SECRET_KEY must never show up
IDEAS_PER_PHONE = 10  # below the rate limit of 12 ideas per person and minute
VIA_FORM = [text for text in HOSTILE_TEXTS if text.isprintable()][:IDEAS_PER_PHONE]
VIA_API = [text for text in HOSTILE_TEXTS if text not in VIA_FORM]
# merged into another idea and shown on the spotlight (their own card disappears / stays)
MERGE_SOURCE = '<svg onload="window.__pwned=1">'
MERGE_TARGET = "<script>window.__pwned=1</script>"
SPOTLIGHT = '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>'
# Where each page shows idea texts: all of them (searched for markup), and the main text of
# each idea (one per idea, compared with what was posted).
WALL_TEXTS = ".wall-text, .wall-spotlight-text, .wall-nick"
WALL_CARD_TEXTS = ".wall-card > .wall-text:not(.wall-merged)"
PHONE_TEXTS = "#other-ideas > li > .idea-text:not(.merged-text)"
CONSOLE_TEXTS = "#console-ideas > li > .c-main > .idea-text:not(.merged-text)"
TEXTAREA_BREAKERS = [text for text in HOSTILE_TEXTS if "</textarea>" in text or "</title>" in text]

# Every tag the app's own pages use in <body>; anything else came from a payload.
APP_TAGS = {
    "A", "ARTICLE", "ASIDE", "BDI", "BLOCKQUOTE", "BR", "BUTTON", "CODE", "DETAILS", "DIV", "FIELDSET",
    "FOOTER", "FORM", "H1", "H2", "H3", "HEADER", "IMG", "INPUT", "LABEL", "LEGEND", "LI", "MAIN",
    "NAV", "OL", "OPTION", "P", "SCRIPT", "SECTION", "SELECT", "SPAN", "STRONG", "SUMMARY",
    "DIALOG", "DL", "DT", "DD", "KBD",
    "TABLE", "TBODY", "TD", "TEMPLATE", "TEXTAREA", "TH", "THEAD", "TR", "UL",
}

# Runs in the page: what a payload would have left behind if it had become markup.
PAYLOAD_TRACES = """([appTags, textSelector]) => {
  const problems = [];
  const show = (el) => el.outerHTML.slice(0, 140);
  for (const el of document.body.querySelectorAll("*")) {
    if (!appTags.includes(el.tagName)) problems.push(`foreign element: ${show(el)}`);
    for (const attribute of el.getAttributeNames()) {
      if (attribute.startsWith("on")) problems.push(`event handler attribute: ${show(el)}`);
    }
    if (el.hasAttribute("style")) problems.push(`style attribute: ${show(el)}`);
    for (const attribute of ["href", "src", "action", "formaction", "data", "srcdoc"]) {
      const value = (el.getAttribute(attribute) || "").replace(/[\\s\\x00-\\x1f]/g, "").toLowerCase();
      if (value.startsWith("javascript:") || value.startsWith("data:") || attribute === "srcdoc" && value) {
        problems.push(`${attribute}=${value.slice(0, 40)}: ${show(el)}`);
      }
    }
  }
  for (const img of document.querySelectorAll("img")) {
    if (!/\\/qr/.test(img.getAttribute("src") || "")) problems.push(`image: ${show(img)}`);
  }
  for (const script of document.querySelectorAll("script")) {
    if (!script.src || script.textContent.trim()) problems.push(`inline script: ${show(script)}`);
  }
  const foreign = "iframe, frame, object, embed, svg, math, style, link, meta, base";
  for (const el of document.querySelectorAll(foreign)) {
    if (!el.closest("head")) problems.push(`foreign element: ${show(el)}`);
  }
  for (const el of document.querySelectorAll(textSelector)) {
    if (el.children.length) problems.push(`markup inside an idea text: ${show(el)}`);
  }
  return problems;
}"""


# --- helpers -----------------------------------------------------------------------------


class Guard:
    """Collects dialogs and script errors of every page of the contexts it watches."""

    def __init__(self):
        self.dialogs = []
        self.errors = []

    def watch(self, context):
        context.on("dialog", self._dialog)
        context.on("weberror", lambda error: self.errors.append(str(error.error)))
        return context

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


def assert_inert(page, guard, text_selector, what):
    """Nothing ran, nothing became markup, the page is intact."""
    page.wait_for_load_state("load")
    let_anything_run(page)
    assert guard.dialogs == [], f"dialogs on {what}: {guard.dialogs}"
    assert guard.errors == [], f"script errors on {what}: {guard.errors}"
    assert page.evaluate(f"() => [window.{CANARY}, document.{CANARY}, top.{CANARY}]") == [None] * 3, (
        f"a payload ran on {what}"
    )
    problems = page.evaluate(PAYLOAD_TRACES, [sorted(APP_TAGS), text_selector])
    assert problems == [], f"payload traces on {what}:\n" + "\n".join(problems)
    expect(page.get_by_role("main")).to_have_count(1)
    expect(page.get_by_role("main")).to_be_visible()
    expect(page.locator("body")).to_be_visible()
    assert SECRET_KEY_PREFIX not in page.content()
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{what} scrolls sideways: {widths}"


def assert_literal(page, selector, texts, what):
    """Each text is shown exactly once, exactly as typed (whitespace compared loosely)."""
    shown = [loose(text) for text in page.locator(selector).all_inner_texts()]
    for text in texts:
        count = shown.count(expected_display(text))
        assert count == 1, f"{what} shows {text!r} {count} times; it shows: {shown}"
    assert len(shown) == len(texts), f"{what} shows {len(shown)} texts, expected {len(texts)}"


def wall_texts(ideas):
    """The texts with a card of their own on the wall (the merged one lives on its target)."""
    return [text for text in ideas if text != MERGE_SOURCE]


# --- everything posted once for the module ------------------------------------------------


@pytest.fixture(scope="module")
def guard():
    return Guard()


@pytest.fixture(scope="module")
def hostile(make_context, workshop_factory, attendee_class, moderation_action, guard):
    """A workshop with every hostile text posted, one merged, one on the spotlight."""
    workshop = workshop_factory(title="Sicherheitsprüfung")
    contexts = []

    def phone(nickname):
        context = guard.watch(make_context("phone", bypass_csp=True))
        contexts.append(context)
        return attendee_class(context.new_page(), workshop).join(nickname)

    ideas = {}  # text -> idea id
    nick = phone(HOSTILE_NICKNAME)
    expect(nick.page.locator("main")).to_contain_text(f"Sie schreiben als {HOSTILE_NICKNAME}.")
    for index, text in enumerate(VIA_FORM):
        ideas[text] = nick.post(text, question=index % 3)
    for start in range(0, len(VIA_API), IDEAS_PER_PHONE):
        poster = phone(f"API {start // IDEAS_PER_PHONE + 1}")
        for index, text in enumerate(VIA_API[start:start + IDEAS_PER_PHONE]):
            idea = poster.post_api(text, question=(start + index) % 3)
            assert idea["text"] == stored_text(text)
            ideas[text] = idea["id"]

    moderator = guard.watch(make_context("wall", logged_in=True, bypass_csp=True))
    contexts.append(moderator)
    page = moderator.new_page()
    moderation_action(page, workshop, "merge", ideas[MERGE_SOURCE], target_id=str(ideas[MERGE_TARGET]))
    moderation_action(page, workshop, "spotlight", ideas[SPOTLIGHT])
    page.close()
    yield {"workshop": workshop, "ideas": ideas, "moderator": moderator}
    for context in contexts:
        context.close()


def test_corpus_is_big_enough():
    assert len(HOSTILE_TEXTS) >= 50
    assert VIA_FORM and VIA_API


def test_wall_shows_hostile_texts_as_text(hostile, guard):
    workshop = hostile["workshop"]
    wall = hostile["moderator"].new_page()
    wall.goto(f"/w/{workshop.code}/wall")
    expect(wall.locator("#wall-status")).to_have_attribute("data-state", "connected")
    assert_inert(wall, guard, WALL_TEXTS, "the wall")
    assert_literal(wall, WALL_CARD_TEXTS, wall_texts(hostile["ideas"]), "the wall")
    target = wall.locator(f"#wall-idea-{hostile['ideas'][MERGE_TARGET]}")
    expect(target.locator(".wall-merged")).to_have_text(f"+ {MERGE_SOURCE}")
    expect(wall.locator("#wall-spotlight-text")).to_have_text(SPOTLIGHT)
    for text in VIA_FORM:
        if text != MERGE_SOURCE:
            nick = wall.locator(f"#wall-idea-{hostile['ideas'][text]} .wall-nick")
            expect(nick).to_have_text(HOSTILE_NICKNAME)
    expect(wall.locator("#wall-count")).to_have_text(str(len(wall_texts(hostile["ideas"]))))
    wall.close()


def test_secret_link_wall_shows_hostile_texts_as_text(hostile, guard, make_context):
    workshop = hostile["workshop"]
    overview = hostile["moderator"].new_page()
    overview.goto(f"/moderation/workshops/{workshop.id}")
    link = overview.get_by_label("Wand-Link").input_value()
    overview.close()
    context = guard.watch(make_context("wall", bypass_csp=True))
    try:
        wall = context.new_page()
        wall.goto(link)
        expect(wall.locator("#wall-status")).to_have_attribute("data-state", "connected")
        assert_inert(wall, guard, WALL_TEXTS, "the wall by its secret link")
        assert_literal(wall, WALL_CARD_TEXTS, wall_texts(hostile["ideas"]), "the secret-link wall")
    finally:
        context.close()


def test_phone_list_shows_hostile_texts_as_text(hostile, guard, make_context, attendee_class):
    workshop = hostile["workshop"]
    context = guard.watch(make_context("phone", bypass_csp=True))
    try:
        reader = attendee_class(context.new_page(), workshop).join("Leserin")
        page = reader.page
        expect(page.get_by_role("heading", name="Ideen der anderen")).to_be_visible()
        assert_inert(page, guard, ".idea-text", "the phone's list of other ideas")
        assert_literal(page, PHONE_TEXTS, wall_texts(hostile["ideas"]), "the phone")
        target = reader.other(hostile["ideas"][MERGE_TARGET])
        expect(target.locator(".merged-text")).to_have_text(f"+ {MERGE_SOURCE}")
        some = reader.other(hostile["ideas"][VIA_FORM[1]])
        expect(some.locator(".idea-meta")).to_contain_text(HOSTILE_NICKNAME)
        # the vote buttons name the idea; giving a dot re-renders the item by script
        some.get_by_role("button", name=re.compile("^Punkt geben")).click()
        expect(some.get_by_role("button", name=re.compile("^Punkt zurücknehmen"))).to_have_attribute(
            "aria-pressed", "true"
        )
        assert_inert(page, guard, ".idea-text", "the phone after voting")
    finally:
        context.close()


def test_console_shows_hostile_texts_as_text(hostile, guard):
    workshop = hostile["workshop"]
    console = hostile["moderator"].new_page()
    console.goto(f"/moderation/workshops/{workshop.id}/console")
    expect(console.get_by_role("heading", level=1)).to_contain_text("Moderation")
    assert_inert(console, guard, ".idea-text", "the moderation console")
    texts = list(hostile["ideas"])
    assert_literal(console, CONSOLE_TEXTS, texts, "the console")
    merged_away = console.locator(f"#idea-{hostile['ideas'][MERGE_SOURCE]}")
    expect(merged_away).to_contain_text("Zusammengeführt mit:")
    expect(console.locator(f"#idea-{hostile['ideas'][VIA_FORM[2]]} .c-when").first).to_contain_text(
        HOSTILE_NICKNAME
    )
    # the merge choices (loaded into the row's menu by a search) list the texts as plain labels
    item = console.locator(f"#idea-{hostile['ideas'][VIA_FORM[3]]}")
    item.locator(".c-menu > summary").click()
    item.get_by_label(re.compile("^Zusammenführen mit")).fill("img src")
    expect(item.locator(".merge-choices[data-query='img src']")).to_be_visible()
    options = item.locator(".merge-option .merge-text").all_inner_texts()
    assert any(option.startswith("<img src=x onerror") for option in options), options
    assert_inert(console, guard, ".idea-text", "the console with merge choices loaded")
    console.close()


# --- arriving live at pages that are already open ---------------------------------------------


LIVE_TEXTS = HOSTILE_TEXTS[::6]


def test_live_updates_deliver_hostile_texts_inertly(open_context, attendee, new_workshop):
    workshop = new_workshop(title="Sicherheitsprüfung live")
    guard = Guard()
    moderator = guard.watch(open_context("wall", logged_in=True, bypass_csp=True))
    wall = moderator.new_page()
    wall.goto(f"/w/{workshop.code}/wall")
    expect(wall.locator("#wall-status")).to_have_attribute("data-state", "connected")
    console = moderator.new_page()
    console.goto(f"/moderation/workshops/{workshop.id}/console")
    reader = attendee(workshop, "Leserin", bypass_csp=True)
    guard.watch(reader.page.context)

    nick = attendee(workshop, HOSTILE_NICKNAME, bypass_csp=True)
    guard.watch(nick.page.context)
    poster = attendee(workshop, "API", bypass_csp=True)
    guard.watch(poster.page.context)
    ids = {}
    for index, text in enumerate(LIVE_TEXTS):
        if index < 3 and text.isprintable():
            ids[text] = nick.post(text, question=index % 3)
        else:
            ids[text] = poster.post_api(text, question=index % 3)["id"]

    last = ids[LIVE_TEXTS[-1]]
    expect(wall.locator(f"#wall-idea-{last}")).to_have_count(1, timeout=LIVE)
    expect(wall.locator(".wall-card[id]")).to_have_count(len(LIVE_TEXTS), timeout=LIVE)
    expect(reader.page.locator("#other-ideas > li")).to_have_count(len(LIVE_TEXTS), timeout=LIVE)
    expect(console.locator("#console-ideas > li")).to_have_count(len(LIVE_TEXTS), timeout=LIVE)
    assert_inert(wall, guard, WALL_TEXTS, "the live wall")
    assert_literal(wall, WALL_CARD_TEXTS, LIVE_TEXTS, "the live wall")
    assert_inert(reader.page, guard, ".idea-text", "the live phone list")
    assert_literal(reader.page, PHONE_TEXTS, LIVE_TEXTS, "the live phone")
    assert_inert(console, guard, ".idea-text", "the live console")
    assert_literal(console, CONSOLE_TEXTS, LIVE_TEXTS, "the live console")
    first_by_nick = next(text for text in LIVE_TEXTS[:3] if text.isprintable())
    expect(wall.locator(f"#wall-idea-{ids[first_by_nick]} .wall-nick")).to_have_text(HOSTILE_NICKNAME)

    # merging and the spotlight re-render texts by script on the open wall and phone
    source, target, star = LIVE_TEXTS[1], LIVE_TEXTS[0], LIVE_TEXTS[2]
    item = console.locator(f"#idea-{ids[source]}")
    item.locator(".c-menu > summary").click()
    item.get_by_label(re.compile("^Zusammenführen mit")).fill(stored_text(target))
    item.locator(f"#target-{ids[source]}-{ids[target]}").check()
    item.get_by_role("button", name="Zusammenführen", exact=True).click()
    expect(console.locator(".flashes")).to_contain_text("Die Ideen sind zusammengeführt.")
    console.locator(f"#idea-{ids[star]}").get_by_role("button", name="Auf Wand hervorheben").click()
    expect(console.locator(".flashes")).to_contain_text("Die Idee wird groß auf der Wand gezeigt.")

    expect(wall.locator(f"#wall-idea-{ids[target]} .wall-merged")).to_have_text(
        f"+ {stored_text(source)}", timeout=LIVE
    )
    expect(wall.locator("#wall-spotlight-text")).to_have_text(stored_text(star), timeout=LIVE)
    expect(reader.other(ids[target]).locator(".merged-text")).to_have_text(
        f"+ {stored_text(source)}", timeout=LIVE
    )
    expect(reader.other(ids[source])).to_have_count(0)
    assert_inert(wall, guard, WALL_TEXTS, "the live wall after merge and spotlight")
    assert_inert(reader.page, guard, ".idea-text", "the live phone after the merge")
    assert_inert(console, guard, ".idea-text", "the console after merge and spotlight")


@pytest.mark.parametrize("text", TEXTAREA_BREAKERS)
def test_fix_text_page_keeps_the_hostile_text_in_the_field(hostile, guard, text):
    # Last test on the module's workshop: it changes the texts it corrects.
    workshop = hostile["workshop"]
    page = hostile["moderator"].new_page()
    page.goto(f"/moderation/workshops/{workshop.id}/ideas/{hostile['ideas'][text]}/edit")
    field = page.get_by_label("Text der Idee")
    expect(field).to_have_value(stored_text(text))
    assert_inert(page, guard, ".idea-text", "the fix-text page")
    # saving a correction keeps the text literal in the edit history too
    field.fill(stored_text(text) + " (korrigiert)")
    page.get_by_role("button", name="Korrektur speichern").click()
    expect(page.locator(".flashes")).to_contain_text("Der Text ist korrigiert")
    idea = page.locator(f"#idea-{hostile['ideas'][text]}")
    expect(idea.locator(".c-main > .idea-text")).to_have_text(stored_text(text) + " (korrigiert)")
    idea.locator(".c-menu > summary").click()  # the history sits in the row's menu "Mehr"
    idea.get_by_text("Bearbeitungsverlauf").click()
    expect(idea.locator("details .idea-text")).to_have_text(stored_text(text))
    assert_inert(page, guard, ".idea-text", "the console with an edit history")
    page.close()
