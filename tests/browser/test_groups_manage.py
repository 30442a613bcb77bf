"""Groups in Chromium: the moderator creates three groups on the Gruppen page; a phone
opens group 2's short link, sees "Ihre Gruppe" and changes to group 3 with the keyboard
only; the page and the box are axe-clean in German and English. Screenshots of the page
with 8 groups (1366x768) and the phone's box (390x844) go to /tmp/shots-manage/."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots-manage")
LAPTOP = {"width": 1366, "height": 768}


def _group_ids(database_app, workshop):
    from sqlalchemy import select

    from participation.extensions import db
    from participation.workshops.models import Group

    with database_app.app_context():
        groups = db.session.scalars(select(Group).where(Group.workshop_id == workshop.id)
                                    .order_by(Group.number)).all()
        ids = {group.number: group.id for group in groups}
        db.session.remove()
    return ids


def _participant_groups(database_app, workshop):
    from sqlalchemy import select

    from participation.extensions import db
    from participation.ideas.models import Participant

    with database_app.app_context():
        found = db.session.scalars(select(Participant.group_id).where(Participant.workshop_id == workshop.id)).all()
        db.session.remove()
    return found


def _in_english(page, url):
    page.goto("/language/en")
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("lang", "en", timeout=15_000)


def test_moderator_makes_groups_and_a_phone_joins_and_changes_by_keyboard(open_context, database_app, workshop):
    SHOTS.mkdir(exist_ok=True)
    moderator = open_context("desktop", logged_in=True).new_page()
    moderator.set_viewport_size(LAPTOP)
    manage = f"/moderation/workshops/{workshop.id}/gruppen"
    moderator.goto(manage)
    expect(moderator.locator("#no-groups")).to_be_visible()
    moderator.get_by_label("Anzahl").fill("3")
    moderator.get_by_label("Namen beginnen mit").fill("Tisch")
    moderator.get_by_role("button", name="Gruppen anlegen").click()
    expect(moderator.get_by_text("3 Gruppen sind angelegt.")).to_be_visible(timeout=15_000)
    expect(moderator.locator("tr.group-row")).to_have_count(3)
    assert_accessible(moderator, "the Gruppen page (de)")

    # a refused name keeps what was typed
    moderator.get_by_label("Name der Gruppe").fill("tisch 2")
    moderator.get_by_label("Thema (freiwillig)").fill("Radwege und Busse")
    moderator.get_by_role("button", name="Gruppe hinzufügen").click()
    expect(moderator.get_by_text("Eine Gruppe mit diesem Namen gibt es schon.")).to_be_visible(timeout=15_000)
    expect(moderator.get_by_label("Thema (freiwillig)")).to_have_value("Radwege und Busse")
    assert_accessible(moderator, "the Gruppen page with a refused form")

    ids = _group_ids(database_app, workshop)
    phone = open_context("phone").new_page()
    phone.goto(f"/j/{workshop.code}/g2")
    box = phone.locator("#my-group")
    expect(box.get_by_role("heading", name="Ihre Gruppe")).to_be_visible(timeout=15_000)
    expect(box.locator(".my-group-name")).to_have_text("Tisch 2")
    phone.screenshot(path=str(SHOTS / "phone-joined-390.png"))
    assert_accessible(phone, "the join page with the group box (de)")
    assert _participant_groups(database_app, workshop) == [ids[2]]

    # keyboard only: open "Gruppe wechseln", pick the next group, save
    summary = box.locator("summary")
    summary.focus()
    phone.keyboard.press("Enter")
    select = box.get_by_label("Gruppe", exact=True)
    expect(select).to_be_visible()
    phone.keyboard.press("Tab")
    expect(select).to_be_focused()
    phone.keyboard.press("ArrowDown")
    expect(select).to_have_value(str(ids[3]))
    phone.keyboard.press("Tab")
    expect(box.get_by_role("button", name="Gruppe speichern")).to_be_focused()
    phone.keyboard.press("Enter")
    expect(phone.get_by_text("Sie sind jetzt in der Gruppe „Tisch 3“.")).to_be_visible(timeout=15_000)
    expect(phone.locator("#my-group .my-group-name")).to_have_text("Tisch 3")
    assert _participant_groups(database_app, workshop) == [ids[3]]

    phone.get_by_role("button", name="Los geht’s").click()
    expect(phone.locator("#my-group .my-group-name")).to_have_text("Tisch 3", timeout=15_000)
    box.locator("summary").click()
    phone.screenshot(path=str(SHOTS / "phone-ideas-box-390.png"))
    assert_accessible(phone, "the ideas page with the group box (de)")
    _in_english(phone, f"/j/{workshop.code}/ideas")
    expect(phone.locator("#my-group h2")).to_have_text("Your group")
    assert_accessible(phone, "the ideas page with the group box (en)")

    # eight groups, as in a hall
    moderator.get_by_label("Anzahl").fill("5")
    moderator.get_by_role("button", name="Gruppen anlegen").click()
    expect(moderator.locator("tr.group-row")).to_have_count(8, timeout=15_000)
    moderator.screenshot(path=str(SHOTS / "manage-8-groups-1366.png"))
    moderator.screenshot(path=str(SHOTS / "manage-8-groups-1366-full.png"), full_page=True)
    _in_english(moderator, manage)
    assert_accessible(moderator, "the Gruppen page (en)")
    moderator.goto("/language/de")


def test_table_cards_print_one_tidy_a4_sheet_per_group(open_context, database_app, workshop):
    """Eight groups, one with a long name and topic: eight A4 pages, each with the group's
    name on both faces and QR codes that scan to its short link."""
    import io
    import re

    import pypdfium2
    import zxingcpp
    from pypdf import PdfReader

    from participation.extensions import db
    from participation.groups import services
    from participation.workshops.models import Workshop

    with database_app.app_context():
        stored = db.session.get(Workshop, workshop.id)
        services.add_groups(stored, 7)
        # the longest name and topic a group may have
        services.add_group(db.session.get(Workshop, workshop.id),
                           ("Zukunftswerkstatt Mobilität im ländlichen Raum und in den Ämtern " * 2)[:80],
                           topic=("Rufbus, Mitfahrbänke, Carsharing und sichere Radwege zwischen den Dörfern "
                                  "des Kreises – was braucht es, damit alle ohne eigenes Auto ankommen? " * 2)[:200])
        db.session.remove()
    SHOTS.mkdir(exist_ok=True)
    page = open_context("desktop", logged_in=True).new_page()
    page.goto(f"/moderation/workshops/{workshop.id}/gruppen/tischkarten")
    expect(page.locator("article.tent")).to_have_count(8, timeout=15_000)
    assert_accessible(page, "the table cards page")
    pdf = page.pdf(format="A4", print_background=True)
    (SHOTS / "table-cards.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 8
    document = pypdfium2.PdfDocument(pdf)
    for number in range(1, 9):
        text = re.sub(r"\s+", " ", reader.pages[number - 1].extract_text())
        assert f"Gruppe {number}" in text and f"/j/{workshop.code}/g{number}" in text  # nothing clipped
        image = document[number - 1].render(scale=2).to_pil()
        if number in (1, 8):
            image.save(SHOTS / f"table-card-{number}.png")
        found = {result.text for result in zxingcpp.read_barcodes(image)}
        assert len(found) == 1 and re.fullmatch(rf"http://127\.0\.0\.1:\d+/j/{workshop.code}/g{number}",
                                                found.pop()), (number, found)
    document.close()
