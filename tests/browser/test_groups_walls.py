"""Group walls in Chromium: three groups post, three group walls and the plenary follow live.

Each group wall (a 1280x720 table tablet) shows exactly its own group's ideas; a promotion
by group 2 appears marked "★ Tisch 2" on the plenary; the moderator's message appears on
the group walls; the group wall is axe-clean in German and English. The data is written
in-process through the services (as phones and facilitators would), so the walls learn of
it only through their live streams.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser.conftest import _context
from helpers import make_participant, post_idea
from browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

LIVE = 15_000  # ms: generous for a loaded machine; the brief's "within 2 s" is measured by bench/
SHOTS = Path(os.environ.get("GROUP_WALL_SHOTS", "/tmp/shots-walls"))


class Hall:
    """A workshop with three groups, written through the services of the server's database."""

    def __init__(self, app, workshop):
        self.app, self.workshop = app, workshop
        with app.app_context():
            from participation.extensions import db
            from participation.groups import services
            from participation.workshops.models import Workshop
            from participation.workshops.wall_keys import ensure_wall_token

            model = db.session.get(Workshop, workshop.id)
            self.groups = [(group.id, group.number, group.name) for group in services.add_groups(model, 3)]
            self.wall_key = ensure_wall_token(db.session.get(Workshop, workshop.id))
            self.people = {}
            for group_id, number, _name in self.groups:
                person = make_participant(db.session.get(Workshop, workshop.id), f"tisch{number}")
                services.join_group(person, services.group_of(db.session.get(Workshop, workshop.id), group_id))
                self.people[number] = person.id
            db.session.remove()

    def post(self, number, text, question=0):
        with self.app.app_context():
            from participation.extensions import db
            from participation.ideas.models import Participant
            from participation.workshops.models import Workshop

            idea = post_idea(db.session.get(Workshop, self.workshop.id),
                             db.session.get(Participant, self.people[number]), text, question=question)
            db.session.remove()
        return idea.id

    def cards(self, number, texts, question=0):
        """Paper cards typed in for a group (many at once: no phone's rate limit); their ids."""
        with self.app.app_context():
            from participation.extensions import db
            from participation.ideas.cards import Card, add_cards
            from participation.workshops.models import Workshop

            workshop = db.session.get(Workshop, self.workshop.id)
            group_id = next(group_id for group_id, group_number, _name in self.groups if group_number == number)
            states, _repeated = add_cards(workshop, workshop.questions[question].id,
                                          [Card(text=text, author=f"Tisch {number}") for text in texts],
                                          group_id=group_id)
            db.session.remove()
        return [state["id"] for state in states]

    def promote(self, number, idea_id):
        with self.app.app_context():
            from participation.extensions import db
            from participation.groups import services
            from participation.ideas.models import Idea
            from participation.workshops.models import Workshop

            group = services.group_by_number(db.session.get(Workshop, self.workshop.id), number)
            services.promote(group, db.session.get(Idea, idea_id))
            db.session.remove()

    def message(self, text):
        with self.app.app_context():
            from participation.extensions import db
            from participation.groups import services
            from participation.workshops.models import Workshop

            workshop = db.session.get(Workshop, self.workshop.id)
            if text:
                services.send_group_message(workshop, text)
            else:
                services.clear_group_message(workshop)
            db.session.remove()


def open_group_wall(page, hall, number, query=""):
    page.goto(f"/w/{hall.workshop.code}/gruppe/{number}?key={hall.wall_key}{query}")
    expect(page.locator("#group-name")).to_have_text(f"Tisch {number}")
    expect(page.locator("#wall-status")).to_have_attribute("data-state", "connected")
    return page


def open_plenary(page, hall, zeige=None):
    page.goto(f"/w/{hall.workshop.code}/wall?key={hall.wall_key}" + (f"&zeige={zeige}" if zeige else ""))
    expect(page.locator("#wall-status")).to_have_attribute("data-state", "connected")
    return page


def card_ids(page):
    return sorted(int(card_id.split("-")[-1]) for card_id in
                  page.locator(".wall-card[id]").evaluate_all("cards => cards.map((card) => card.id)"))


@pytest.fixture
def hall(database_app, workshop):
    return Hall(database_app, workshop)


def test_three_group_walls_and_the_plenary_follow_their_groups(open_context, hall):
    posted = {number: [hall.post(number, f"Vorher Tisch {number}: Bank am Deich")] for number in (1, 2, 3)}
    walls = {number: open_group_wall(open_context("wall").new_page(), hall, number) for number in (1, 2, 3)}
    plenary = open_plenary(open_context("wall").new_page(), hall)
    only_promoted = open_plenary(open_context("wall").new_page(), hall, "plenum")
    for number in (1, 2, 3):
        for index in range(2):
            posted[number].append(hall.post(number, f"Live Tisch {number} Idee {index}", question=index))
    for number, wall in walls.items():
        last = posted[number][-1]
        expect(wall.locator(f"#wall-idea-{last}")).to_contain_text(f"Live Tisch {number} Idee 1", timeout=LIVE)
        assert card_ids(wall) == sorted(posted[number])
        expect(wall.locator("#wall-count")).to_have_text("3")
        for other in (1, 2, 3):
            if other != number:
                expect(wall.get_by_text(f"Tisch {other} Idee", exact=False)).to_have_count(0)
    everything = sorted(idea for ideas in posted.values() for idea in ideas)
    expect(plenary.locator(f"#wall-idea-{posted[3][-1]}")).to_be_visible(timeout=LIVE)
    assert card_ids(plenary) == everything

    # group 2 promotes two ideas: marked on the plenary and on its own wall, listed under "plenum"
    for idea_id in posted[2][1:]:
        hall.promote(2, idea_id)
    for idea_id in posted[2][1:]:
        expect(plenary.locator(f"#wall-idea-{idea_id} .wall-promoted")).to_have_text("★ Tisch 2", timeout=LIVE)
        expect(walls[2].locator(f"#wall-idea-{idea_id} .wall-promoted")).to_have_text("★ im Plenum", timeout=LIVE)
        expect(only_promoted.locator(f"#wall-list-group-{hall.groups[1][0]} #wall-idea-{idea_id}")).to_be_visible(
            timeout=LIVE)
    expect(plenary.locator(".wall-promoted:visible")).to_have_count(2)
    expect(only_promoted.locator("#wall-count")).to_have_text("2")
    assert card_ids(only_promoted) == sorted(posted[2][1:])

    # the moderator's message reaches every group wall, and goes away again
    hall.message("Noch 5 Minuten")
    for wall in walls.values():
        expect(wall.locator("#group-message")).to_have_text("Noch 5 Minuten", timeout=LIVE)
        expect(wall.locator("#group-message")).to_be_visible()
    expect(plenary.get_by_text("Noch 5 Minuten")).to_have_count(0)
    hall.message(None)
    for wall in walls.values():
        expect(wall.locator("#group-message")).to_be_hidden(timeout=LIVE)


def test_one_group_on_the_plenary_follows_only_that_group(open_context, hall):
    wall = open_plenary(open_context("wall").new_page(), hall, "g3")
    mine = hall.post(3, "Nur für Tisch drei")
    other = hall.post(1, "Nicht für Tisch drei")
    expect(wall.locator(f"#wall-idea-{mine}")).to_be_visible(timeout=LIVE)
    later = hall.post(3, "Noch eine für Tisch drei")  # after the other group's: that one has arrived too
    expect(wall.locator(f"#wall-idea-{later}")).to_be_visible(timeout=LIVE)
    expect(wall.locator(f"#wall-idea-{other}")).to_have_count(0)
    expect(wall.locator("#wall-count")).to_have_text("2")


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_group_wall_is_accessible(open_context, hall, language):
    idea_id = hall.post(1, "Barrierefreie Haltestellen")
    hall.promote(1, idea_id)
    hall.message("Noch 5 Minuten")
    page = open_context("wall").new_page()
    url = f"/w/{hall.workshop.code}/gruppe/1?key={hall.wall_key}"
    if language == "en":
        page.goto(f"/language/en?next={url}".replace("?key=", "%3Fkey%3D"))
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator(f"#wall-idea-{idea_id} .wall-promoted")).to_have_text("★ in the plenary")
    else:
        page.goto(url)
        expect(page.locator(f"#wall-idea-{idea_id} .wall-promoted")).to_have_text("★ im Plenum")
    expect(page.locator("#group-message")).to_be_visible()
    expect(page.locator("#wall-status")).to_have_attribute("data-state", "connected")
    assert_accessible(page, f"the group wall ({language})")


def test_screenshots_with_forty_ideas_per_group(browser, live_server, hall):
    """Not an assertion on looks: pictures to look at (1280x720 table tablet, 1920x1080 screen)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    words = ("Bürgerbus", "Radweg", "Glasfaser", "Dorfladen", "Jugendtreff", "Sitzbank", "Carsharing", "WLAN")
    ids = {number: [] for number in (1, 2, 3)}
    for number in (1, 2, 3):
        for question in range(3):
            texts = [f"{words[index % len(words)]} für Tisch {number}: Vorschlag {index + 1} mit etwas mehr Text"
                     for index in range(40) if index % 3 == question]
            ids[number] += hall.cards(number, texts, question)
    for number in (1, 2, 3):
        for idea_id in ids[number][-3:]:
            hall.promote(number, idea_id)
    hall.message("Noch 5 Minuten – bitte wählen Sie Ihre drei wichtigsten Ideen")
    for size, viewport in (("1280x720", {"width": 1280, "height": 720}),
                           ("1920x1080", {"width": 1920, "height": 1080})):
        context = _context(browser, live_server, viewport=viewport)
        page = context.new_page()
        open_group_wall(page, hall, 2)
        expect(page.locator("#wall-count")).to_have_text("40")
        page.screenshot(path=str(SHOTS / f"group-wall-{size}.png"))
        plenary = context.new_page()
        open_plenary(plenary, hall)
        plenary.screenshot(path=str(SHOTS / f"plenary-all-{size}.png"))
        open_plenary(plenary, hall, "plenum")
        expect(plenary.locator("#wall-count")).to_have_text("9")
        plenary.screenshot(path=str(SHOTS / f"plenary-plenum-{size}.png"))
        context.close()
