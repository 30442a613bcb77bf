"""What became of the ideas, in Chromium: the moderator moves a measure (grown from attendee
A's idea) to "in Umsetzung" and ticks off a milestone on its Rückmeldung page, without
any script needed; the process's public page shows it; A's phone shows the note, B's does
not. The new pages pass axe in German and English; screenshots at phone and laptop size.
"""

import os
import re

import pytest
from playwright.sync_api import expect

from browser.all_pages import switch_language
from browser.conftest import MODERATOR, _context, log_in
from browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("FEEDBACK_SHOTS", "/tmp/shots-feedback")
LAPTOP = {"width": 1366, "height": 768}
IDEA_A = "Ein Rufbus, der abends bis in jedes Dorf fährt"
IDEA_B = "Mehr Sitzbänke am Marktplatz"
TITLE = "Rufbus für die Marsch"
MILESTONE = "Fahrplan mit den Gemeinden abstimmen"
UPDATE = "Der Kreis hat zwei Kleinbusse bestellt; ab Mai fahren sie probeweise."


def _shot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture
def feedback_world(database_app, workshop, attendee):
    """Two phones that posted an idea each; a measure grown from A's idea with a milestone
    (not public yet) in a public process. Returns (workshop, phone A, phone B, ids)."""
    from participation.auth.services import find_moderator
    from participation.database import write_transaction
    from participation.extensions import db
    from participation.ideas.models import Idea
    from participation.measures.models import Measure, MeasureMilestone
    from participation.processes import services as processes
    from participation.workshops.models import Workshop

    phone_a, phone_b = attendee(workshop, "Anna"), attendee(workshop, "Bernd")
    idea_a, idea_b = phone_a.post(IDEA_A), phone_b.post(IDEA_B)
    with database_app.app_context():
        stored = db.session.get(Workshop, workshop.id)
        with write_transaction() as session:
            measure = Measure(workshop_id=stored.id, field_id=stored.fields[0].id, title=TITLE)
            measure.ideas = [session.get(Idea, idea_a)]
            session.add(measure)
            session.flush()
            session.add(MeasureMilestone(measure_id=measure.id, position=0, title=MILESTONE))
        owner = find_moderator(MODERATOR)
        process = processes.create_process(owner, f"Kreis Digital {stored.id}", "Vom Auftakt bis zur Kreisstrategie")
        processes.join(process, db.session.get(Workshop, stored.id))
        slug = f"kreis-digital-{stored.id}"
        processes.update_process(process, process.title, process.description, public=True, slug=slug)
        ids = {"measure": measure.id, "process": process.id, "slug": slug, "idea_b": idea_b}
        db.session.remove()
    return workshop, phone_a, phone_b, ids


def test_a_measure_moves_on_and_its_author_hears_of_it(browser, live_server, feedback_world):
    workshop, phone_a, phone_b, ids = feedback_world
    context = _context(browser, live_server, viewport=LAPTOP)
    page = context.new_page()
    log_in(page)

    # the way in: the focus groups page links each measure's Rückmeldung
    page.goto(f"/moderation/workshops/{workshop.id}/focus")
    page.locator(f"#measure-{ids['measure']}").get_by_role("link", name="Rückmeldung").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()

    # dropped without a reason: refused, with what was typed still there
    page.get_by_label("verworfen").check()
    page.get_by_label("Neuigkeit für die Öffentlichkeit").fill(UPDATE)
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("warum die Maßnahme verworfen wurde")).to_be_visible()
    expect(page.get_by_label("Neuigkeit für die Öffentlichkeit")).to_have_value(UPDATE)
    expect(page.get_by_label("verworfen")).to_be_checked()
    assert_accessible(page, "the Rückmeldung page with an error")

    page.get_by_label("in Umsetzung").check()
    page.get_by_label("öffentlich zeigen").check()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Gespeichert.")).to_be_visible()
    expect(page.locator(".feedback-measure .badge")).to_have_text("in Umsetzung")

    milestone = page.locator(".feedback-milestone").first
    expect(milestone.get_by_label("Erreicht am")).to_have_value(re.compile(r"^\d{4}-\d\d-\d\d$"))
    milestone.get_by_label("Erreicht am").fill("2026-11-02")
    milestone.get_by_role("button", name="Abhaken").click()
    expect(page.locator(".feedback-milestone").first).to_contain_text("erreicht am 02.11.2026")
    expect(page.get_by_role("heading", name=re.compile("Meilensteine"))).to_contain_text("1 von 1 erreicht")
    assert_accessible(page, "the Rückmeldung page")
    _shot(page, "feedback-measure-laptop")

    page.goto(f"/moderation/prozesse/{ids['process']}/rueckmeldung")
    expect(page.get_by_role("row", name=re.compile(TITLE))).to_contain_text("1 von 1")
    assert_accessible(page, "the process's Rückmeldung page")
    _shot(page, "feedback-process-laptop")

    # English
    switch_language(page, "en", f"/moderation/workshops/{workshop.id}/massnahmen/{ids['measure']}/rueckmeldung")
    expect(page.locator(".feedback-measure .badge")).to_have_text("being implemented")
    assert_accessible(page, "the English Rückmeldung page")
    page.goto(f"/moderation/prozesse/{ids['process']}/rueckmeldung")
    assert_accessible(page, "the English process Rückmeldung page")
    context.close()

    # the public page, at laptop and phone size, without logging in
    for name, options in (("laptop", {"viewport": LAPTOP}),
                          ("phone", {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True})):
        visitor_context = _context(browser, live_server, **options)
        visitor = visitor_context.new_page()
        visitor.goto(f"/p/{ids['slug']}")
        measure = visitor.locator(".feedback-public-measure")
        expect(measure).to_have_count(1)
        expect(measure).to_contain_text(TITLE)
        expect(measure).to_contain_text("in Umsetzung")
        expect(measure).to_contain_text(UPDATE)
        expect(measure).to_contain_text("erreicht am 02.11.2026")
        expect(measure.locator("q")).to_have_text([IDEA_A])
        expect(visitor.get_by_text(IDEA_B)).to_have_count(0)
        assert_accessible(visitor, f"the public process page ({name})")
        _shot(visitor, f"feedback-public-{name}")
        if name == "phone":
            switch_language(visitor, "en", f"/p/{ids['slug']}")
            expect(visitor.locator(".feedback-public-measure")).to_contain_text("being implemented")
            assert_accessible(visitor, "the English public process page")
        visitor_context.close()

    # A's phone hears what became of the idea; B's phone does not
    phone_a.page.goto(f"/j/{workshop.code}/ideas")
    note = phone_a.page.locator(".feedback-phone-note")
    expect(note).to_contain_text(f"Aus Ihrer Idee wurde: {TITLE} (in Umsetzung)")
    expect(note).to_contain_text(UPDATE)
    note.scroll_into_view_if_needed()
    assert_accessible(phone_a.page, "the phone page with the note")
    phone_a.page.screenshot(path=f"{SHOTS}/feedback-phone-note.png")
    phone_b.page.goto(f"/j/{workshop.code}/ideas")
    expect(phone_b.page.locator("#my-ideas")).to_contain_text(IDEA_B)
    expect(phone_b.page.locator(".feedback-phone-note")).to_have_count(0)
