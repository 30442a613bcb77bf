"""The console during a flood, on a 1366x768 laptop: the notice names the few sources of
many ideas, one click hides all of the new participants, ticked rows hide together (with
and without JavaScript)."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser.test_accessibility import assert_accessible
from browser.test_console_scale import idea_row, laptop, open_console  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser

LIVE = 15_000  # ms: generous, for a change to reach a wall or phone; bench/wall.py measures the speed
SCREENSHOT = Path(os.environ.get("FLOOD_SCREENSHOT", "/tmp/flood-console.png"))


def store_flood(database_app, workshop_factory, scripted=120):
    """``scripted`` ideas of as many new participants (each posted at once after joining),
    18 of one person, and 6 ordinary ideas. Returns (workshop, {kind: [ids]})."""
    from participation.core.timeutil import utcnow
    from participation.database import write_transaction
    from participation.extensions import db
    from participation.ideas.models import PENDING, VISIBLE, Idea, Participant
    from participation.workshops.models import Workshop

    info = workshop_factory(title="Bürgerdialog Heide – Abend mit Störung")
    now = utcnow()
    ids = {"new": [], "loud": [], "quiet": []}
    with database_app.app_context():
        workshop = db.session.get(Workshop, info.id)
        questions = [question.id for question in workshop.questions]
        with write_transaction() as session:
            def person(name, nickname, joined, held=False):
                participant = Participant(workshop_id=workshop.id, token_hash=f"flood-{info.id}-{name}".ljust(64, "x"),
                                          nickname=nickname, created_at=joined, held=held)
                session.add(participant)
                session.flush()
                return participant

            def idea(kind, participant, number, text, posted, status=VISIBLE):
                row = Idea(workshop_id=workshop.id, question_id=questions[number % len(questions)],
                           participant_id=participant.id, idempotency_key=f"flood-{kind}-{number:05d}", text=text,
                           status=status, created_at=posted, updated_at=posted)
                session.add(row)
                session.flush()
                ids[kind].append(row.id)

            for number, text in enumerate(("Mehr Busse nach Büsum am Wochenende", "Glasfaser für Wöhrden",
                                           "Repair-Café im Gemeindehaus", "Ärztehaus mit Videosprechstunde",
                                           "Mitfahrbank am Markt in Meldorf", "WLAN im Bürgerhaus")):
                idea("quiet", person(f"q{number}", ("Inge", "Hauke", None)[number % 3], now - timedelta(hours=1)),
                     number, text, now - timedelta(minutes=20 - number))
            loud = person("loud", "Spaßvogel", now - timedelta(minutes=30))
            for number in range(18):
                idea("loud", loud, number, f"Kauft alle Gummibärchen! ({number + 1})", now - timedelta(seconds=90 - number))
            for number in range(scripted):
                posted = now - timedelta(seconds=60 - number * 0.4)
                idea("new", person(f"n{number}", None, posted, held=number >= 30), number,
                     f"Werbung für billige Uhren Nr. {number + 1}", posted, PENDING if number >= 30 else VISIBLE)
        db.session.remove()
    return info, ids


def test_the_notice_names_the_sources_and_one_click_hides_all_new_participants(database_app, workshop_factory,
                                                                               laptop):  # noqa: F811
    workshop, ids = store_flood(database_app, workshop_factory)
    page = open_console(laptop(), workshop)
    notice = page.locator(".flood-notice")
    expect(notice.get_by_role("heading")).to_have_text("138 Ideen von 2 Quellen in den letzten 10 Minuten")
    expect(notice).to_contain_text("120 neue Teilnehmende")
    expect(notice).to_contain_text("120 Ideen: 30 sichtbar, 90 warten auf Freigabe, 0 ausgeblendet")
    expect(notice).to_contain_text("Person „Spaßvogel“")
    # The notice and the top of the list share the first screen.
    box = notice.bounding_box()
    assert box["y"] + box["height"] < 768 - 100
    expect(page.locator("#console-ideas > li").first).to_be_in_viewport()
    page.screenshot(path=str(SCREENSHOT))
    assert_accessible(page, "the console with the notice of a flood")

    notice.get_by_role("button", name="Alle dieser neuen Teilnehmenden ausblenden").click()
    expect(page.locator(".flash").first).to_have_text("120 Ideen sind ausgeblendet.")
    expect(page.locator(".flood-notice")).to_contain_text("120 Ideen: 0 sichtbar, 0 warten auf Freigabe, 120 ausgeblendet")
    assert {idea_row(database_app, idea_id)["status"] for idea_id in ids["new"]} == {"hidden"}
    assert {idea_row(database_app, idea_id)["status"] for idea_id in ids["quiet"] + ids["loud"]} == {"visible"}

    page.locator(".flood-notice .flood-source").first.get_by_role("button", name="Alle wieder zeigen").click()
    expect(page.locator(".flash").first).to_have_text("120 Ideen sind wieder sichtbar.")
    assert {idea_row(database_app, idea_id)["status"] for idea_id in ids["new"]} == {"visible"}


@pytest.mark.parametrize("javascript", [True, False])
def test_ticked_rows_are_hidden_together(database_app, workshop_factory, laptop, javascript):  # noqa: F811
    workshop, ids = store_flood(database_app, workshop_factory, scripted=12)
    page = open_console(laptop(javascript), workshop, "?status=visible")
    picked = ids["loud"][:3]
    for idea_id in picked:
        page.locator(f"#idea-{idea_id} .c-pick input").check()
    page.get_by_role("button", name="Auswahl ausblenden").click()
    expect(page.locator(".flash").first).to_have_text("3 Ideen sind ausgeblendet.")
    assert page.url.endswith("status=visible")  # the filter stays
    for idea_id in picked:
        expect(page.locator(f"#idea-{idea_id}")).to_have_count(0)
        assert idea_row(database_app, idea_id)["status"] == "hidden"
    if javascript:  # "all on this page" ticks every row
        page.locator("#pick-all").check()
        expect(page.locator(".c-pick input:checked")).to_have_count(page.locator("#console-ideas > li").count())
    else:
        expect(page.locator(".pick-all")).to_be_hidden()
