"""Group work through one evening, in Chromium: three groups with two phones each (the
online group joins by its link pasted into a breakout room's chat, the tables choose their
group on the phone), three group walls and the plenary wall.

Each group wall shows exactly its group's ideas (what their streams carry is recorded in
tests/groups/test_walls_stream.py). The facilitator of group 2 promotes two ideas from its page; the plenary marks them
with the group (the time from the click to the mark is printed). Group 2's facilitator
link gets 404 for the page of group 1, and a revoked link stops working at once, even for
the page that is already open.
"""

import time

import pytest
from playwright.sync_api import expect

from browser.test_wall import open_wall

pytestmark = pytest.mark.browser

LIVE = 15_000  # ms: generous on a loaded machine; the measured time is printed
GROUPS = ("Tisch Nord", "Online-Raum", "Tisch Süd")
IDEAS = {
    1: ("Bürgerbus am Sonntag", "Mitfahrbank in Wesselburen"),
    2: ("Videosprechstunde beim Hausarzt", "WLAN im Dorfgemeinschaftshaus", "Digitale Sprechstunde im Amt",
        "Online-Terminbuchung für den Recyclinghof"),
    3: ("Glasfaser für Hedwigenkoog", "Repair-Café im Jugendhaus 🔧"),
}


@pytest.fixture
def grouped(database_app, workshop):
    from participation.extensions import db
    from participation.groups.keys import rotate_facilitator_key
    from participation.groups.services import add_group
    from participation.workshops.models import Group, Workshop

    with database_app.app_context():
        for name in GROUPS:
            add_group(db.session.get(Workshop, workshop.id), name)
        groups = db.session.get(Workshop, workshop.id).groups
        numbers = {group.number: group.id for group in groups}
        key = rotate_facilitator_key(db.session.get(Group, numbers[2]))
        db.session.remove()
    return workshop, numbers, key


def _stored_groups(database_app, workshop_id):
    from sqlalchemy import select

    from participation.extensions import db
    from participation.ideas.models import Idea

    with database_app.app_context():
        rows = db.session.execute(select(Idea.id, Idea.text, Idea.group_id).where(Idea.workshop_id == workshop_id)).all()
        db.session.remove()
    return rows


def _promoted(database_app, workshop_id):
    from sqlalchemy import select

    from participation.extensions import db
    from participation.ideas.models import Idea

    with database_app.app_context():
        rows = db.session.execute(select(Idea.id).where(Idea.workshop_id == workshop_id,
                                                        Idea.promoted_at.is_not(None))).all()
        db.session.remove()
    return rows


def _phone(open_context, attendee_class, workshop, number, by_link):
    page = open_context("phone").new_page()
    phone = attendee_class(page, workshop)
    if by_link:
        page.goto(f"/j/{workshop.code}/g{number}")
        expect(page.locator("#my-group")).to_contain_text(GROUPS[number - 1])
        if "/ideas" not in page.url:
            phone.join("")
    else:
        phone.join("")
        box = page.locator("#my-group")  # no group yet: the choice is open
        box.locator("#my-group-select").select_option(label=GROUPS[number - 1])
        with page.expect_navigation():
            box.get_by_role("button", name="Gruppe speichern").click()
    expect(page.locator("#my-group")).to_contain_text(GROUPS[number - 1])
    return phone


def test_three_groups_three_walls_and_the_plenary(open_context, attendee_class, database_app, grouped):
    workshop, numbers, key = grouped
    plenary = open_wall(open_context("wall", logged_in=True).new_page(), workshop)
    walls = {}
    for number in numbers:
        page = open_context("wall", logged_in=True).new_page()
        page.goto(f"/w/{workshop.code}/gruppe/{number}")
        expect(page.locator("#group-wall")).to_be_visible()
        walls[number] = page

    ids = {}
    for number in numbers:
        phones = [_phone(open_context, attendee_class, workshop, number, by_link=number == 2) for _ in range(2)]
        for index, text in enumerate(IDEAS[number]):
            ids[text] = phones[index % 2].post(text)

    stored = {text: group_id for _id, text, group_id in _stored_groups(database_app, workshop.id)}
    assert stored == {text: numbers[number] for number, texts in IDEAS.items() for text in texts}
    for number, wall in walls.items():
        expect(wall.locator("#wall-count")).to_have_text(str(len(IDEAS[number])), timeout=LIVE)
        for text in IDEAS[number]:
            expect(wall.locator(f"#wall-idea-{ids[text]} .wall-text")).to_have_text(text, timeout=LIVE)
        others = [text for other, texts in IDEAS.items() if other != number for text in texts]
        content = wall.content()
        assert not [text for text in others if text in content], number
    expect(plenary.locator("#wall-count")).to_have_text(str(sum(map(len, IDEAS.values()))), timeout=LIVE)

    # the facilitator of group 2 promotes two ideas; the plenary marks them with the group
    facilitator = open_context("phone").new_page()
    facilitator.goto(f"/gruppe/{workshop.code}/2?key={key}")
    chosen = [ids[text] for text in IDEAS[2][:2]]
    for idea_id in chosen:
        started = time.monotonic()
        facilitator.locator(f"#promote-{idea_id}").click()
        mark = plenary.locator(f"#wall-idea-{idea_id} .wall-promoted")
        expect(mark).to_contain_text(GROUPS[1], timeout=LIVE)
        print(f"promote → plenary mark: {time.monotonic() - started:.2f} s")
        expect(facilitator.locator(f"#promote-{idea_id}")).to_have_attribute("aria-pressed", "true")
    for text in IDEAS[1] + IDEAS[3] + IDEAS[2][2:]:
        expect(plenary.locator(f"#wall-idea-{ids[text]} .wall-promoted")).to_be_hidden()

    # group 2's key opens nothing of group 1
    assert facilitator.request.get(f"/gruppe/{workshop.code}/1?key={key}").status == 404

    # revoked: the open page's next action and a reload both get 404
    from participation.extensions import db
    from participation.groups.keys import revoke_facilitator_key
    from participation.workshops.models import Group

    with database_app.app_context():
        revoke_facilitator_key(db.session.get(Group, numbers[2]))
        db.session.remove()
    assert facilitator.request.get(f"/gruppe/{workshop.code}/2?key={key}").status == 404
    # the page still open: its next promote is refused and nothing changes
    facilitator.locator(f"#promote-{ids[IDEAS[2][2]]}").click()
    expect(plenary.locator(f"#wall-idea-{ids[IDEAS[2][2]]} .wall-promoted")).to_be_hidden()
    promoted = {row.id for row in _promoted(database_app, workshop.id)}
    assert promoted == set(chosen)
