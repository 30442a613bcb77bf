"""Gruppen stellen vor in a real browser: three tables promoted ideas; the plenary wall is
open, the moderator's remote starts the step and moves on with "Nächste Gruppe", and the
wall shows the next group's ideas large, live. axe finds nothing on the wall in that mode
(German and English); screenshots at 1280x720 and 1920x1080 (PRESENT_SHOTS=/tmp/dir)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser.test_accessibility import assert_accessible
from i18n.catalogues import compile_stale_catalogues

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("PRESENT_SHOTS", "/tmp/shots-present"))
TABLES = [
    ("Tisch Nord", "Mobilität auf dem Land",
     ["Bürgerbus am Sonntag, der auch die kleinen Dörfer an den Bahnhof in Heide anbindet",
      "Mitfahrbänke an jeder Bushaltestelle mit gut sichtbarem Schild"]),
    ("Tisch Mitte", "Digitale Verwaltung",
     ["Alle Anträge der Gemeinde online stellen können, auch vom Handy aus",
      "Ein Bürgerbüro auf Rädern, das einmal im Monat in jedes Dorf kommt",
      "WLAN im Dorfgemeinschaftshaus für Kurse und Sprechstunden"]),
    ("Tisch Süd", "", ["Dorfladen mit Café als Treffpunkt für Alt und Jung"]),
]


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogues():
    compile_stale_catalogues()


@pytest.fixture
def plenary(database_app, workshop):
    """The workshop with three tables, each with promoted ideas, a run sheet of collect,
    Gruppen stellen vor and vote (collect running) and a remote key."""
    from helpers import make_participant, post_idea
    from participation.extensions import db
    from participation.groups import services as groups
    from participation.ideas.models import Idea
    from participation.phases import services as phases
    from participation.workshops.models import Group, Workshop
    from participation.workshops.remote_keys import rotate_remote_key

    def fresh():
        db.session.rollback()
        return db.session.get(Workshop, workshop.id)

    with database_app.app_context():
        phases.replace_steps(fresh(), [{"kind": "collect"}, {"kind": "present"}, {"kind": "vote"}])
        phases.start_step(fresh(), fresh().steps[0])
        for number, (name, topic, texts) in enumerate(TABLES, 1):
            group = groups.add_group(fresh(), name, topic=topic)
            person = make_participant(fresh(), f"tisch{number}")
            groups.join_group(person, db.session.get(Group, group.id))
            ideas = [post_idea(fresh(), person, text).id for text in texts]
            for idea_id in ideas:
                groups.promote(db.session.get(Group, group.id), db.session.get(Idea, idea_id))
        key = rotate_remote_key(fresh())
        db.session.remove()
    return workshop, key


def _open_wall(page, workshop):
    page.goto(f"/w/{workshop.code}/wall")
    expect(page.locator("#wall-status")).to_have_attribute("data-state", "connected")
    return page


def _shows_table(wall, index, position):
    name, topic, texts = TABLES[index]
    present = wall.locator("#wall-present")
    expect(present).to_be_visible(timeout=15_000)
    expect(wall.locator("#wall-present-name")).to_have_text(name, timeout=15_000)
    expect(wall.locator("#wall-present-position")).to_contain_text(f"{position} ", timeout=15_000)
    expect(wall.locator("#wall-present-ideas .wall-present-text")).to_have_text(texts, timeout=15_000)
    if topic:
        expect(wall.locator("#wall-present-topic")).to_have_text(topic)


def _fits_the_screen(wall):
    """Every card of the presenting group is on the screen (no scrolling in front of a hall)."""
    height = wall.viewport_size["height"]
    for card in wall.locator(".wall-present-card").all():
        box = card.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, box


def test_next_group_from_the_remote_reaches_the_wall(open_context, plenary):
    workshop, key = plenary
    wall = _open_wall(open_context("wall", logged_in=True).new_page(), workshop)
    expect(wall.locator("#wall-present")).to_be_hidden()
    remote = open_context("phone").new_page()
    remote.goto(f"/fernbedienung/{workshop.code}?key={key}")
    expect(remote.locator("#remote-present")).to_be_hidden()

    remote.get_by_role("button", name="Weiter").click()
    expect(remote.locator("#remote-present-now")).to_have_text("Gruppe 1 von 3: Tisch Nord", timeout=15_000)
    for button in remote.locator(".remote-present-controls button").all():  # big targets on the phone
        box = button.bounding_box()
        assert box["height"] >= 48 and box["width"] >= 48, box
    _shows_table(wall, 0, 1)
    expect(wall.locator("#wall-present-position")).to_have_text("Gruppe 1 von 3")
    expect(wall.locator("#phase")).to_have_attribute("data-kind", "present")

    remote.get_by_role("button", name="Nächste Gruppe").click()
    _shows_table(wall, 1, 2)
    expect(wall.locator("#wall-present-position")).to_have_text("Gruppe 2 von 3")
    expect(remote.locator("#remote-present-now")).to_have_text("Gruppe 2 von 3: Tisch Mitte", timeout=15_000)
    _fits_the_screen(wall)
    assert_accessible(wall, "the wall while a group presents (de)")
    assert_accessible(remote, "the remote while the groups present (de)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    wall.screenshot(path=str(SHOTS / "wall-present-1280x720-de.png"))
    remote.screenshot(path=str(SHOTS / "remote-present-390-de.png"), full_page=True)

    remote.get_by_role("button", name="Vorherige Gruppe").click()
    _shows_table(wall, 0, 1)
    expect(remote.locator("#remote-present-now")).to_have_text("Gruppe 1 von 3: Tisch Nord", timeout=15_000)
    remote.get_by_role("button", name="Nächste Gruppe").click()
    # the remote takes one press at a time: the second once the first has landed
    expect(remote.locator("#remote-present-now")).to_have_text("Gruppe 2 von 3: Tisch Mitte", timeout=15_000)
    remote.get_by_role("button", name="Nächste Gruppe").click()
    _shows_table(wall, 2, 3)
    expect(wall.locator("#wall-present-topic")).to_be_hidden()

    remote.get_by_role("button", name="Weiter").click()  # on to the dots: the wall's list again
    expect(wall.locator("#wall-present")).to_be_hidden(timeout=15_000)
    expect(wall.locator("#wall-columns")).to_be_visible(timeout=15_000)


def test_the_presenting_wall_in_english_on_a_full_hd_projector(open_context, plenary, database_app):
    workshop, key = plenary
    from participation.extensions import db
    from participation.phases import services as phases
    from participation.workshops.models import Workshop

    with database_app.app_context():
        stored = db.session.get(Workshop, workshop.id)
        phases.start_step(stored, stored.steps[1])
        db.session.remove()
    context = open_context("wall", logged_in=True)
    context.new_page().goto(f"/language/en?next=/w/{workshop.code}/wall")
    wall = context.new_page()
    wall.set_viewport_size({"width": 1920, "height": 1080})
    _open_wall(wall, workshop)
    expect(wall.locator("html")).to_have_attribute("lang", "en")
    _shows_table(wall, 0, 1)
    expect(wall.locator("#wall-present-position")).to_have_text("Group 1 of 3")
    _fits_the_screen(wall)
    assert_accessible(wall, "the wall while a group presents (en)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    wall.screenshot(path=str(SHOTS / "wall-present-1920x1080-en.png"))
    # the middle table's three ideas at 1920x1080 too
    remote = open_context("phone").new_page()
    remote.goto(f"/fernbedienung/{workshop.code}?key={key}")
    remote.get_by_role("button", name="Nächste Gruppe").click()
    _shows_table(wall, 1, 2)
    _fits_the_screen(wall)
    wall.screenshot(path=str(SHOTS / "wall-present-1920x1080-en-group2.png"))
