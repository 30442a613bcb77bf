"""The moderator console at the size of a real evening, on a 1366x768 laptop.

Workshops of 125 and 500 ideas are stored in-process (the demo's ideas, the labelled
workshop set, and variants of them), with near-duplicates typed as people type on phones.
"""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from browser.all_pages import switch_language
from browser.conftest import _context, log_in
from browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
LIVE = 15_000  # ms: generous, for a change to reach a wall or phone; bench/wall.py measures the speed
PLACES = ("Heide", "Meldorf", "Büsum", "Brunsbüttel", "Marne", "Wesselburen", "Albersdorf", "Burg")
# (older idea, newer near-duplicate of it): umlauts typed out or lost, typos, a hyphen.
TWINS = (
    ("Ärztehaus mit Videosprechstunde in Marne", "Aerztehaus mit Video-Sprechstunde in Marne!!"),
    ("Mehr Busse am Wochenende nach Büsum", "Mehr Buse am Wochenende nach Busum bitte"),
    ("Schnelles WLAN im Bürgerhaus Wöhrden", "schnelleres wlan im Buergerhaus Woehrden 📶"),
)


def evening_texts(count):
    """``count`` distinct, realistic idea texts (the twins not included)."""
    from bench.workshop_set import WORKSHOP_SET
    from participation.demo.ideas import DEMO_IDEAS

    base = [text for _, text, _ in DEMO_IDEAS] + [text for _, text in WORKSHOP_SET]
    texts = list(base)
    for round_ in range(1, 10):
        texts += [f"{text} – auch in {PLACES[(number + round_) % len(PLACES)]}" for number, text in enumerate(base)]
        if len(texts) >= count:
            break
    return texts[:count]


def store_evening(database_app, workshop_factory, count):
    """A workshop with ``count`` ideas over two hours (the twins' newer halves last but
    one); a few hidden, waiting and with dots. Returns (workshop, {text: id})."""
    from participation.core.timeutil import utcnow
    from participation.database import write_transaction
    from participation.extensions import db
    from participation.ideas.models import HIDDEN, PENDING, VISIBLE, Idea, Participant, Vote
    from participation.workshops.models import Workshop

    info = workshop_factory(title=f"Dithmarschen Digital – Abend mit {count} Ideen")
    older = [first for first, _ in TWINS]
    newer = [second for _, second in TWINS]
    texts = older + evening_texts(count - 2 * len(TWINS) - 1) + newer + ["Repair-Café im Gemeindehaus"]
    start = utcnow() - timedelta(hours=2)
    with database_app.app_context():
        workshop = db.session.get(Workshop, info.id)
        with write_transaction() as session:
            people = [
                Participant(workshop_id=workshop.id, token_hash=f"scale-{workshop.id}-{n:03d}".ljust(64, "x"),
                            nickname=("Inge", "Hauke", None, "Sönke", "Meike", None)[n % 6])
                for n in range(40)
            ]
            session.add_all(people)
            session.flush()
            ideas = []
            for number, text in enumerate(texts):
                status = HIDDEN if number % 41 == 7 else PENDING if number % 53 == 11 else VISIBLE
                ideas.append(Idea(
                    workshop_id=workshop.id, question_id=workshop.questions[number % 3].id,
                    participant_id=people[number % 40].id, idempotency_key=f"scale-{number:05d}", text=text,
                    status=status, created_at=start + timedelta(seconds=12 * number),
                ))
            session.add_all(ideas)
            session.flush()
            session.add_all(Vote(idea_id=ideas[n * 7 % len(ideas)].id, participant_id=people[(n + 1) % 40].id) for n in range(30))
        result = {idea.text: idea.id for idea in ideas}
        db.session.remove()
    return info, result


def idea_row(database_app, idea_id):
    from participation.extensions import db
    from participation.ideas.models import Idea

    with database_app.app_context():
        idea = db.session.get(Idea, idea_id)
        result = {"status": idea.status, "merged_into_id": idea.merged_into_id}
        db.session.remove()
    return result


@pytest.fixture(scope="module")
def evening_500(database_app, workshop_factory):
    return store_evening(database_app, workshop_factory, 500)


@pytest.fixture
def evening_125(database_app, workshop_factory):
    return store_evening(database_app, workshop_factory, 125)


@pytest.fixture
def laptop(browser, live_server):
    """Factory: a logged-in page at 1366x768 (``javascript=False`` for one without)."""
    contexts = []

    def make(javascript=True):
        context = _context(browser, live_server, viewport=LAPTOP, java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        log_in(page)
        return page

    yield make
    for context in contexts:
        context.close()


def open_console(page, workshop, query=""):
    page.goto(f"/moderation/workshops/{workshop.id}/console{query}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Moderation: {workshop.title}")
    return page


FULLY_VISIBLE_ROWS = """() => [...document.querySelectorAll('#console-ideas > li')].filter((row) => {
  const box = row.getBoundingClientRect();
  return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
}).length"""


@pytest.mark.parametrize("size", [125, 500])
def test_ten_rows_and_the_settings_fit_a_laptop_screen(request, laptop, size):
    workshop, _ = request.getfixturevalue(f"evening_{size}")
    page = open_console(laptop(), workshop)
    assert page.evaluate(FULLY_VISIBLE_ROWS) >= 10
    assert page.evaluate("() => window.scrollY") == 0
    settings = page.locator("#settings > summary")
    expect(settings).to_be_in_viewport(ratio=1)
    expect(settings).to_contain_text("3 Punkte pro Person")
    settings.click()
    expect(page.get_by_label("Punkte pro Person")).to_be_in_viewport()
    expect(page.get_by_role("checkbox", name=re.compile("^Vorab-Moderation"))).to_be_in_viewport()
    # at 500 the list pages: 100 rows, and the rest a click away
    expect(page.locator("#console-count")).to_have_text(str(size))
    expect(page.locator("#console-ideas > li")).to_have_count(min(size, 100))


def open_menu(page, idea_id):
    row = page.locator(f"#idea-{idea_id}")
    row.locator(".c-menu > summary").click()
    return row


def test_similar_ideas_suggest_the_near_duplicate_first(laptop, evening_125):
    workshop, ids = evening_125
    page = open_console(laptop(), workshop)
    for older, newer in TWINS:
        row = open_menu(page, ids[newer])
        options = row.locator(".merge-option")
        expect(options.first).to_contain_text(older)
        assert options.count() >= 2
        row.locator(".c-menu > summary").click()  # closed again


def test_merge_by_typing_a_few_words(laptop, database_app, evening_125):
    workshop, ids = evening_125
    source, target = ids[TWINS[1][1]], ids[TWINS[1][0]]
    page = open_console(laptop(), workshop)
    row = open_menu(page, source)
    row.get_by_label(re.compile("^Zusammenführen mit")).fill("wochenende busum")
    choice = row.get_by_role("radio", name=re.compile(re.escape(TWINS[1][0])))
    expect(choice).to_be_visible()
    expect(row.locator(".merge-option")).to_have_count(1)  # "büsum" found as "busum", nothing else
    choice.check()
    row.get_by_role("button", name="Zusammenführen", exact=True).click()
    expect(page.locator(".flashes")).to_contain_text("Die Ideen sind zusammengeführt.")
    assert idea_row(database_app, source)["merged_into_id"] == target
    expect(page.locator(f"#idea-{target} .merged-text")).to_have_text(f"+ {TWINS[1][1]}")


def test_a_live_update_keeps_the_chosen_target_and_the_merge_succeeds(
    laptop, database_app, attendee, moderation_action, evening_125
):
    workshop, ids = evening_125
    source, target = ids[TWINS[0][1]], ids[TWINS[0][0]]
    page = open_console(laptop(), workshop)
    expect(page.locator("#console-status")).to_have_text("")
    row = open_menu(page, source)
    search = row.get_by_label(re.compile("^Zusammenführen mit"))
    search.fill("ärztehaus")
    choice = row.get_by_role("radio", name=re.compile(re.escape(TWINS[0][0])))
    choice.check()
    search.focus()

    # someone posts on a phone, and another idea is hidden from a second console
    new = attendee(workshop, "Frauke").post_api("Gemeinschaftsgarten hinter der Grundschule in Heide")["id"]
    moderation_action(page, workshop, "hide", ids["Repair-Café im Gemeindehaus"])
    expect(page.locator(f"#idea-{new}")).to_be_visible(timeout=LIVE)
    expect(page.locator(f"#idea-{ids['Repair-Café im Gemeindehaus']} .badge")).to_have_text("ausgeblendet", timeout=LIVE)
    expect(page.locator("#console-count")).to_have_text("126")
    # the menu is still open, with the typed words, the choice and the focus
    expect(row.locator(".c-menu")).to_have_attribute("open", "")
    expect(search).to_have_value("ärztehaus")
    expect(search).to_be_focused()
    expect(choice).to_be_checked()
    row.get_by_role("button", name="Zusammenführen", exact=True).click()
    expect(page.locator(".flashes")).to_contain_text("Die Ideen sind zusammengeführt.")
    assert idea_row(database_app, source)["merged_into_id"] == target


def test_a_chosen_target_that_disappears_is_named(laptop, database_app, moderation_action, evening_125):
    workshop, ids = evening_125
    source, target = ids[TWINS[2][1]], ids[TWINS[2][0]]
    page = open_console(laptop(), workshop)
    row = open_menu(page, source)
    row.get_by_role("radio", name=re.compile(re.escape(TWINS[2][0]))).check()
    moderation_action(page, workshop, "hide", target)  # another moderator, meanwhile
    problem = row.locator(".merge-problem")
    expect(problem).to_contain_text(f"Die gewählte Idee „{TWINS[2][0]}“ ist nicht mehr sichtbar", timeout=LIVE)
    row.get_by_role("button", name="Zusammenführen", exact=True).click()
    expect(problem).to_contain_text("nicht mehr sichtbar")
    assert idea_row(database_app, source)["merged_into_id"] is None


def test_merge_without_javascript(laptop, database_app, evening_125):
    workshop, ids = evening_125
    source, target = ids[TWINS[1][1]], ids[TWINS[1][0]]
    page = open_console(laptop(javascript=False), workshop)
    row = open_menu(page, source)
    row.get_by_label(re.compile("^Zusammenführen mit")).fill("Wochenende Büsum")
    row.get_by_role("button", name="Suchen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zusammenführen")
    expect(page.get_by_label(re.compile("^Andere Idee suchen"))).to_have_value("Wochenende Büsum")
    page.get_by_role("button", name="Zusammenführen", exact=True).click()  # nothing chosen
    expect(page.locator(".flash-error")).to_have_text("Bitte wählen Sie die Idee, mit der diese zusammengeführt werden soll.")
    expect(page.get_by_label(re.compile("^Andere Idee suchen"))).to_have_value("Wochenende Büsum")
    page.get_by_role("radio", name=re.compile(re.escape(TWINS[1][0]))).check()
    page.get_by_role("button", name="Zusammenführen", exact=True).click()
    expect(page.locator(".flashes")).to_contain_text("Die Ideen sind zusammengeführt.")
    assert idea_row(database_app, source)["merged_into_id"] == target
    # the suggestions without a search, on the same page
    other = ids[TWINS[0][1]]
    page.goto(f"/moderation/workshops/{workshop.id}/ideas/{other}/merge")
    expect(page.locator(".merge-option").first).to_contain_text(TWINS[0][0])


def test_500_ideas_filter_by_text_and_page(laptop, evening_500):
    workshop, ids = evening_500
    page = open_console(laptop(), workshop)
    expect(page.locator("#console-range")).to_have_text("1–100 von 500")
    page.get_by_role("link", name="Nächste Seite").first.click()
    expect(page.locator("#console-range")).to_have_text("101–200 von 500")
    expect(page.locator("#console-ideas > li")).to_have_count(100)
    page.get_by_label("Text enthält").fill("woehrden wlan")
    page.get_by_role("button", name="Filtern").click()
    expect(page.locator("#console-count")).to_have_text("2")
    expect(page.locator("#console-ideas > li")).to_have_text([re.compile(TWINS[2][1]), re.compile(TWINS[2][0])])
    # j/k and the menu work on the filtered list too, once the page the filter loaded runs
    # its script (the list is drawn before it; a key pressed earlier goes nowhere)
    page.wait_for_load_state("domcontentloaded")
    page.keyboard.press("j")
    expect(page.locator(f"#idea-{ids[TWINS[2][1]]}")).to_be_focused()
    page.keyboard.press("j")
    expect(page.locator(f"#idea-{ids[TWINS[2][0]]}")).to_be_focused()
    page.keyboard.press("k")
    expect(page.locator(f"#idea-{ids[TWINS[2][1]]}")).to_be_focused()


@pytest.mark.parametrize("language", ["de", "en"])
def test_console_with_an_open_menu_and_settings_is_accessible(laptop, evening_125, language):
    workshop, ids = evening_125
    page = laptop()
    if language != "de":
        switch_language(page, language)
    open_console(page, workshop) if language == "de" else page.goto(f"/moderation/workshops/{workshop.id}/console")
    page.locator("#settings > summary").click()
    row = open_menu(page, ids[TWINS[0][1]])
    expect(row.locator(".merge-option").first).to_contain_text(TWINS[0][0])
    row.locator(".merge-option input").first.check()
    assert_accessible(page, f"the console with 125 ideas, the settings and a row's merge menu open ({language})")
