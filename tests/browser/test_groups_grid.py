"""The moderator's overview of all groups in Chromium: 10 groups with ideas, a help request
arriving live (and announced), "erledigt", a new idea counted live, the message to the
group walls; axe-clean in German and English; screenshots at laptop and projector size."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("GRID_SHOTS", "/tmp/shots-grid"))
TOPICS = ("Mobilität", "Breitband und WLAN", "", "Gesundheit & Pflege", "", "Bildung", "", "", "Ehrenamt", "")


def _act(database_app, workshop, action):
    """Run ``action(stored workshop)`` in the app on the server's database."""
    from participation.extensions import db
    from participation.workshops.models import Workshop

    with database_app.app_context():
        try:
            return action(db.session.get(Workshop, workshop.id))
        finally:
            db.session.remove()


@pytest.fixture
def ten_groups(database_app, workshop):
    """10 groups (some with a topic), 24 people, ideas in every group, a few promoted, a
    collecting step running; returns {number: group id}."""
    from sqlalchemy import select

    from helpers import make_participant, post_idea
    from participation.core.signals import content_changed
    from participation.extensions import db
    from participation.groups import services
    from participation.ideas.models import Idea, Participant
    from participation.phases import services as run
    from participation.workshops.models import Group, Workshop

    def build(stored):
        with content_changed.muted():
            groups = services.add_groups(stored, 10)
            for group, topic in zip(groups, TOPICS):
                if topic:
                    services.update_group(db.session.get(Group, group.id), group.name, topic=topic)
            run.replace_steps(db.session.get(Workshop, workshop.id),
                              [{"kind": "collect", "question_positions": [], "duration_seconds": 900}])
            stored = db.session.get(Workshop, workshop.id)
            run.start_step(stored, stored.steps[0])
            for number in range(24):
                person = make_participant(db.session.get(Workshop, workshop.id), f"grid{workshop.id}p{number:02d}")
                if number < 20:
                    services.join_group(person, db.session.get(Group, groups[number % 10].id))
                for count in range(1 + number % 2):
                    post_idea(db.session.get(Workshop, workshop.id), db.session.get(Participant, person.id),
                              f"Idee {count} von Tisch {number % 10 + 1}: Bank am Deich {number}", question=count)
            for group in groups[:4]:
                idea = db.session.scalar(select(Idea).where(Idea.group_id == group.id).order_by(Idea.id))
                services.promote(db.session.get(Group, group.id), idea)
        return {group.number: group.id for group in groups}

    return _act(database_app, workshop, build)


def _help(database_app, workshop, group_id, on=True):
    from participation.extensions import db
    from participation.groups import services
    from participation.workshops.models import Group

    _act(database_app, workshop, lambda stored: (services.raise_help if on else services.clear_help)(
        db.session.get(Group, group_id)))


def _help_at(database_app, workshop, group_id):
    from participation.extensions import db
    from participation.workshops.models import Group

    return _act(database_app, workshop, lambda stored: db.session.get(Group, group_id).help_at)


def test_help_arrives_live_and_is_cleared(open_context, database_app, workshop, ten_groups):
    page = open_context("desktop", logged_in=True).new_page()
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"/moderation/workshops/{workshop.id}/gruppen/uebersicht")
    table_three = page.locator(f"#group-row-{ten_groups[3]}")
    expect(table_three.locator(".g-people")).to_have_text("2")
    expect(table_three.locator(".g-help-badge")).to_be_hidden()
    expect(page.locator("#help-strip")).to_be_hidden()

    _help(database_app, workshop, ten_groups[3])  # the facilitator of Tisch 3 asks for help
    expect(table_three).to_have_class(lambda_has("g-asks"), timeout=15_000)
    expect(table_three.locator(".g-help-badge")).to_be_visible()
    expect(page.locator("#help-strip")).to_contain_text("Tisch 3")
    expect(page.locator("#grid-announce")).to_have_text("Tisch 3 bittet um Hilfe")
    expect(page).to_have_title(lambda_has("Hilfe!"))

    # a new idea at Tisch 5 is counted live
    ideas_five = table_five_ideas = page.locator(f"#group-row-{ten_groups[5]} .g-ideas")
    before = int(table_five_ideas.inner_text())
    _post_in_group(database_app, workshop, ten_groups[5], "Neue Idee von Tisch 5: Bücherbus")
    expect(ideas_five).to_have_text(str(before + 1), timeout=15_000)

    table_three.get_by_role("button", name="erledigt").click()
    expect(table_three).not_to_have_class(lambda_has("g-asks"))
    expect(page.locator("#help-strip")).to_be_hidden()
    assert _help_at(database_app, workshop, ten_groups[3]) is None

    # the message: sent with a quick button, shown as the current one; cleared
    page.get_by_role("button", name="Noch 5 Minuten").click()
    expect(page.locator("#current-group-message .current-text")).to_have_text("Noch 5 Minuten")
    page.get_by_role("button", name="Nachricht entfernen").click()
    expect(page.locator("#current-group-message .current-none")).to_be_visible()
    # a message sent elsewhere (a second moderator) shows live
    _message(database_app, workshop, "Bitte zum Ende kommen")
    expect(page.locator("#current-group-message .current-text")).to_have_text("Bitte zum Ende kommen", timeout=15_000)


def test_a_message_too_long_keeps_the_text(open_context, workshop, ten_groups):
    page = open_context("desktop", logged_in=True).new_page()
    page.goto(f"/moderation/workshops/{workshop.id}/gruppen/uebersicht")
    typed = "Bitte " * 40
    page.get_by_label("Eigene Nachricht").fill(typed)
    page.get_by_role("button", name="Senden", exact=True).click()
    expect(page.locator(".error-summary")).to_contain_text("Höchstens 200 Zeichen.")
    expect(page.get_by_label("Eigene Nachricht")).to_have_value(typed)


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_overview_is_accessible_and_fits_a_laptop_and_a_projector(open_context, database_app, workshop,
                                                                        ten_groups, language):
    _help(database_app, workshop, ten_groups[3])
    _help(database_app, workshop, ten_groups[8])
    _message(database_app, workshop, "Noch 5 Minuten")
    page = open_context("wall", logged_in=True).new_page()
    address = f"/moderation/workshops/{workshop.id}/gruppen/uebersicht"
    page.goto(f"/language/{language}?next={address}" if language == "en" else address)
    expect(page.locator(f"#group-row-{ten_groups[3]}")).to_have_class(lambda_has("g-asks"))
    assert_accessible(page, f"the groups overview ({language})")
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1280, 720), (1366, 768)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"grid-{language}-{width}x{height}.png"))
        # all ten groups and the row without a group in view, without scrolling sideways
        last = page.locator("#group-row-none").bounding_box()
        assert last["y"] + last["height"] <= height, (width, height, last)
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def _post_in_group(database_app, workshop, group_id, text):
    from helpers import make_participant, post_idea
    from participation.extensions import db
    from participation.groups import services
    from participation.workshops.models import Group, Workshop

    def post(stored):
        person = make_participant(stored, f"late{workshop.id}{group_id}")
        services.join_group(person, db.session.get(Group, group_id))
        post_idea(db.session.get(Workshop, workshop.id), person, text)

    _act(database_app, workshop, post)


def _message(database_app, workshop, text):
    from participation.groups import services

    _act(database_app, workshop, lambda stored: services.send_group_message(stored, text))


def lambda_has(word):
    import re

    return re.compile(rf"(^|\s){re.escape(word)}(\s|$)")
