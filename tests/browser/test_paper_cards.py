"""Paper cards typed in during the evening, in a real browser: a helper holding the
"Kartenerfassung" link types 20 cards with the keyboard only (no mouse after opening the
page; the question chosen once, some cards with a name and sticker dots), on a phone
(390x844) and a laptop (1366x768). Each card reaches the live wall (open in a second
browser) exactly once, the console marks them "Papier", and sticker dots typed into the
list show on the console as digital · paper · total. axe finds nothing on the page, in
German and English."""

import os
import re

import pytest
from playwright.sync_api import expect

from browser.test_accessibility import assert_accessible
from browser.test_wall import open_wall

pytestmark = pytest.mark.browser

LIVE = 15_000  # ms: generous, for a card to reach the wall
SHOTS = "/tmp/paper"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 768}}
CARDS = [f"Karte {number}: " + text for number, text in enumerate((
    "Mehr Bänke am Deich", "Bürgerbus am Sonntag", "Glasfaser für Hedwigenkoog", "Dorfladen mit Café",
    "Radweg nach Heide", "Spielplatz am Hafen", "Treffpunkt für Jugendliche", "Carsharing am Bahnhof",
    "Sprechstunde im Rathaus", "Bücherschrank", "Öffentliche Toilette", "Trinkbrunnen",
    "Mitfahrbank", "Markt am Samstag", "Hundewiese", "Beleuchtung am Schulweg", "Seniorentreff",
    "Repair-Café", "Blühstreifen", "WLAN in der Bücherei"), start=1)]
NAMED = {3: ("Oma Else", "2"), 8: ("Hein", "4")}  # card number: (name on the card, sticker dots)


@pytest.fixture
def cards_workshop(database_app, workshop):
    from participation.extensions import db
    from participation.workshops.cards_keys import rotate_cards_key
    from participation.workshops.models import Workshop

    with database_app.app_context():
        key = rotate_cards_key(db.session.get(Workshop, workshop.id))
        db.session.remove()
    os.makedirs(SHOTS, exist_ok=True)
    return workshop, key


def _paper_ideas(database_app, workshop_id):
    from sqlalchemy import select

    from participation.extensions import db
    from participation.ideas.models import Idea

    with database_app.app_context():
        rows = db.session.execute(
            select(Idea.id, Idea.text, Idea.question_id, Idea.author, Idea.paper_votes)
            .where(Idea.workshop_id == workshop_id, Idea.source == "paper").order_by(Idea.id)
        ).all()
        db.session.remove()
    return rows


def _question_ids(database_app, workshop_id):
    from participation.extensions import db
    from participation.workshops.models import Workshop

    with database_app.app_context():
        ids = [question.id for question in db.session.get(Workshop, workshop_id).questions]
        db.session.remove()
    return ids


def _give_a_phone_dot(database_app, workshop_id, idea_id):
    from participation.extensions import db
    from participation.ideas.models import Idea
    from participation.voting.services import cast_vote
    from participation.workshops.models import Workshop

    from helpers import make_participant

    with database_app.app_context():
        workshop = db.session.get(Workshop, workshop_id)
        outcome = cast_vote(workshop, make_participant(workshop, "wähler"), db.session.get(Idea, idea_id))
        assert outcome.rejection is None, outcome.rejection
        db.session.remove()


def _focused(page):
    return page.evaluate("() => document.activeElement.id")


def _tab_to(page, pattern, presses=60):
    """Press Tab until the focused element's id matches ``pattern``."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if re.fullmatch(pattern, _focused(page)):
            return _focused(page)
    raise AssertionError(f"Tab never reached #{pattern}")


@pytest.mark.parametrize("size", VIEWPORTS)
def test_twenty_cards_by_keyboard_reach_the_wall_and_the_console(size, cards_workshop, database_app, open_context):
    workshop, key = cards_workshop
    wall = open_wall(open_context("wall", logged_in=True).new_page(), workshop)
    helper = open_context("phone" if size == "phone" else "desktop").new_page()
    helper.set_viewport_size(VIEWPORTS[size])
    helper.goto(f"/karten/{workshop.code}?key={key}")
    expect(helper.get_by_role("heading", level=1)).to_contain_text("Papierkarten erfassen")
    assert _focused(helper) == "card-text"  # the page opens with the cursor in the card's field
    assert helper.evaluate("() => document.documentElement.scrollWidth") <= VIEWPORTS[size]["width"]

    # the second question, chosen once with the keyboard, stays chosen for every card
    helper.keyboard.press("Shift+Tab")
    assert _focused(helper) == "card-question"
    helper.keyboard.press("ArrowDown")
    question = helper.evaluate("() => document.getElementById('card-question').value")
    questions = _question_ids(database_app, workshop.id)
    assert question == str(questions[1])
    helper.keyboard.press("Tab")
    for number, text in enumerate(CARDS, start=1):
        assert _focused(helper) == "card-text", number
        helper.keyboard.type(text)
        if number in NAMED:
            name, dots = NAMED[number]
            helper.keyboard.press("Tab")
            helper.keyboard.type(name)
            helper.keyboard.press("Tab")
            helper.keyboard.type(dots)
        helper.keyboard.press("Enter")  # saves and empties the field at once: the next card is typed at once
    expect(helper.locator("#paper-cards > li")).to_have_count(20, timeout=LIVE)
    expect(helper.locator("#card-text")).to_have_value("")
    expect(helper.locator("#paper-live")).to_have_text(f"Karte gespeichert: „{CARDS[-1]}“")
    expect(helper.locator("#paper-cards > li").first).to_contain_text(CARDS[-1])
    helper.screenshot(path=f"{SHOTS}/entry-{size}.png", full_page=True)

    stored = _paper_ideas(database_app, workshop.id)
    assert [row.text for row in stored] == CARDS  # each once, in the order typed
    assert {row.question_id for row in stored} == {questions[1]}
    assert {row.text: (row.author, row.paper_votes) for row in stored if row.author} == {
        CARDS[number - 1]: (name, int(dots)) for number, (name, dots) in NAMED.items()}

    expect(wall.locator("#wall-count")).to_have_text("20", timeout=LIVE)
    for row in stored:
        expect(wall.locator(f"#wall-idea-{row.id} .wall-text")).to_have_text(row.text)
    expect(wall.locator(f"#wall-idea-{stored[2].id} .wall-nick")).to_have_text("Oma Else")
    wall.screenshot(path=f"{SHOTS}/wall-{size}.png")

    # sticker dots of the first card typed: Tab down to its number field in the list, Enter
    first = stored[0]
    helper.locator("#card-text").focus()
    _tab_to(helper, f"dots-{first.id}", presses=120)
    helper.keyboard.press("Control+A")
    helper.keyboard.type("5")
    helper.keyboard.press("Enter")
    expect(helper.locator("#paper-live")).to_have_text("5 Klebepunkte gespeichert.")
    assert _focused(helper) == f"dots-{first.id}"
    expect(wall.locator(f"#wall-idea-{first.id} .wall-votes")).to_have_text("● 5", timeout=LIVE)
    _give_a_phone_dot(database_app, workshop.id, first.id)

    console = open_context("desktop", logged_in=True).new_page()
    console.goto(f"/moderation/workshops/{workshop.id}/console")
    row = console.locator(f"#idea-{first.id}")
    expect(row.locator(".c-source")).to_have_text("Papier")
    expect(row.locator(".c-dots")).to_contain_text("1 digital")
    expect(row.locator(".c-dots")).to_contain_text("5 Papier")
    expect(row.locator(".c-dots")).to_contain_text("6 gesamt")
    expect(console.locator(".c-row .c-source")).to_have_count(20)
    expect(console.locator("#paper-details summary")).to_contain_text("20 Karten erfasst")
    console.screenshot(path=f"{SHOTS}/console-{size}.png")


def test_sticker_dots_for_a_phone_idea_from_the_console_menu(cards_workshop, database_app, open_context):
    """A printed wall list collects dots too: the row's "Mehr" menu takes them, by keyboard."""
    from participation.extensions import db
    from participation.workshops.models import Workshop

    from helpers import make_participant, post_idea

    workshop, _key = cards_workshop
    with database_app.app_context():
        record = db.session.get(Workshop, workshop.id)
        idea_id = post_idea(record, make_participant(record, "paula"), "Vom Handy, auf der Liste gepunktet").id
        db.session.remove()
    console = open_context("desktop", logged_in=True).new_page()
    console.goto(f"/moderation/workshops/{workshop.id}/console")
    row = console.locator(f"#idea-{idea_id}")
    row.locator(".c-menu > summary").focus()
    console.keyboard.press("Enter")
    _tab_to(console, f"paper-dots-{idea_id}")
    console.keyboard.press("Control+A")
    console.keyboard.type("3")
    console.keyboard.press("Enter")
    expect(console.locator(".flashes")).to_contain_text("Die Idee hat jetzt 3 Klebepunkte.")
    row = console.locator(f"#idea-{idea_id}")
    expect(row.locator(".c-dots")).to_contain_text("0 digital")
    expect(row.locator(".c-dots")).to_contain_text("3 Papier")
    expect(row.locator(".c-dots")).to_contain_text("3 gesamt")
    expect(row.locator(".c-source")).to_have_count(0)
    console.screenshot(path=f"{SHOTS}/console-phone-idea-dots.png")


def test_refused_card_keeps_its_text_and_says_why(cards_workshop, database_app, open_context):
    workshop, key = cards_workshop
    helper = open_context("phone").new_page()
    helper.goto(f"/karten/{workshop.code}?key={key}")
    too_long = "x" * 2005  # longer than any workshop allows
    helper.locator("#card-text").fill(too_long)
    helper.keyboard.press("Enter")
    expect(helper.locator("#card-problem")).to_contain_text("erlaubt sind höchstens")
    expect(helper.locator("#card-text")).to_have_value(too_long)
    expect(helper.locator("#card-text")).to_have_attribute("aria-invalid", "true")
    helper.keyboard.press("Enter")  # still too long: emptied at once, refused again, back in the field
    expect(helper.locator("#card-text")).to_have_value(too_long)
    helper.keyboard.press("Control+A")
    helper.keyboard.type("Jetzt kurz")
    helper.keyboard.press("Enter")
    expect(helper.locator("#paper-live")).to_have_text("Karte gespeichert: „Jetzt kurz“")
    expect(helper.locator("#card-problem")).to_have_text("")
    assert [row.text for row in _paper_ideas(database_app, workshop.id)] == ["Jetzt kurz"]

    # several cards at once: one per line, Ctrl+Enter
    helper.locator("#paper-lines > summary").focus()
    helper.keyboard.press("Enter")
    _tab_to(helper, "card-lines", presses=3)
    helper.keyboard.type("Zeile eins")
    helper.keyboard.press("Shift+Enter")
    helper.keyboard.type("Zeile zwei")
    helper.keyboard.press("Control+Enter")
    expect(helper.locator("#paper-live")).to_have_text("2 Karten gespeichert.")
    expect(helper.locator("#card-lines")).to_have_value("")
    assert [row.text for row in _paper_ideas(database_app, workshop.id)] == ["Jetzt kurz", "Zeile eins", "Zeile zwei"]
    assert_accessible(helper, "the paper-card page after cards were saved")


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_entry_page_passes_axe(language, cards_workshop, open_context):
    workshop, key = cards_workshop
    for kind in ("phone", "desktop"):
        page = open_context(kind).new_page()
        path = f"/karten/{workshop.code}?key={key}"
        page.goto(f"/language/{language}?next={path}" if language == "en" else path)
        expect(page.get_by_role("heading", level=1)).to_contain_text(
            "Enter paper cards" if language == "en" else "Papierkarten erfassen")
        assert_accessible(page, f"the paper-card page ({language}, {kind})")
        page.locator("#card-save").focus()
        page.keyboard.press("Enter")  # empty: the error is shown
        expect(page.locator("#card-problem")).not_to_be_empty()
        assert_accessible(page, f"the paper-card page with an error ({language}, {kind})")
        page.screenshot(path=f"{SHOTS}/entry-error-{language}-{kind}.png", full_page=True)


def test_without_javascript_the_form_posts_and_comes_back(cards_workshop, database_app, phone_nojs):
    workshop, key = cards_workshop
    third = str(_question_ids(database_app, workshop.id)[2])
    phone_nojs.goto(f"/karten/{workshop.code}?key={key}")
    phone_nojs.locator("#card-question").select_option(third)
    phone_nojs.locator("#card-text").fill("Ohne JavaScript getippt")
    phone_nojs.locator("#card-dots").fill("-3")
    phone_nojs.locator("#card-save").click()
    expect(phone_nojs.locator("#card-problem")).to_contain_text("ganze Zahl")
    expect(phone_nojs.locator("#card-text")).to_have_value("Ohne JavaScript getippt")
    phone_nojs.locator("#card-dots").fill("2")
    phone_nojs.locator("#card-save").click()
    expect(phone_nojs.locator(".flashes")).to_contain_text("Karte gespeichert")
    expect(phone_nojs.locator("#card-text")).to_have_value("")
    expect(phone_nojs.locator("#card-text")).to_be_focused()
    expect(phone_nojs.locator("#card-question")).to_have_value(third)
    assert [(row.text, row.paper_votes) for row in _paper_ideas(database_app, workshop.id)] == [
        ("Ohne JavaScript getippt", 2)]
