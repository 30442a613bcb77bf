"""Screenshots for the README, taken from the running app so they show what it really does.

`make screenshots` runs this module with SCREENSHOTS_DIR=docs/screenshots and so refreshes
the README's pictures; in the normal test run the pictures go to a temporary folder and the
test checks that each one shows a real page (not a blank or an error).
"""

import io
import os
from datetime import timedelta
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image
from playwright.sync_api import expect

from browser.conftest import Attendee

pytestmark = pytest.mark.browser

MY_IDEA = "Mitfahrbank an jeder Bushaltestelle in Büsum 🚌"


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def demo_workshop(database_app, workshop_factory):
    """A workshop with the demo's 94 ideas, a few dots and the analysis run."""
    from participation.core.timeutil import utcnow
    from participation.database import write_transaction
    from participation.demo.services import fill_with_demo_ideas
    from participation.extensions import db
    from participation.ideas.models import Idea, Participant
    from participation.fields.services import run_analysis
    from participation.voting.services import VoteRejected, give_vote
    from participation.workshops.models import Workshop

    info = workshop_factory(title="Dithmarschen Digital – Auftakt in Heide")
    with database_app.app_context():
        workshop = db.session.get(Workshop, info.id)
        fill_with_demo_ideas(workshop)
        people = db.session.scalars(db.select(Participant).where(Participant.workshop_id == workshop.id)).all()
        ideas = db.session.scalars(db.select(Idea).where(Idea.workshop_id == workshop.id).order_by(Idea.id)).all()
        with write_transaction():  # an evening: ideas arrive over 50 minutes, most in the middle
            start = utcnow() - timedelta(minutes=55)
            for number, idea in enumerate(ideas):
                share = number / len(ideas)
                idea.created_at = start + timedelta(minutes=50 * (share ** 0.8))
        for number, idea in enumerate(ideas[:12]):
            for voter in people[number % 5: number % 5 + 3]:
                try:
                    give_vote(voter, idea)
                except VoteRejected:  # own idea, or this person's dots are spent
                    pass
        run_analysis(workshop)
        db.session.remove()
    return info


def assert_picture(path, min_width):
    image = Image.open(path)
    assert image.width >= min_width
    colours = image.convert("RGB").resize((64, 64)).getcolors(64 * 64)
    assert colours is None or len(colours) > 8, f"{path.name} looks blank"


def test_readme_screenshots(demo_workshop, open_context, shots):
    phone = open_context("phone").new_page()
    Attendee(phone, demo_workshop).join("Inge").post(MY_IDEA)
    expect(phone.get_by_text(MY_IDEA).first).to_be_visible()
    phone.goto(f"/j/{demo_workshop.code}/ideas")
    phone.screenshot(path=shots / "phone.png")

    wall = open_context("wall", logged_in=True).new_page()
    wall.goto(f"/w/{demo_workshop.code}/wall")
    expect(wall.locator("#wall-status")).to_have_attribute("data-state", "connected")
    expect(wall.get_by_text(MY_IDEA)).to_be_visible()
    wall.screenshot(path=shots / "wall.png")

    desk = open_context("desktop", logged_in=True)
    laptop = {"width": 1366, "height": 768}  # what moderators use
    console = desk.new_page()
    console.set_viewport_size(laptop)
    console.goto(f"/moderation/workshops/{demo_workshop.id}/console")
    expect(console.get_by_text(MY_IDEA)).to_be_visible()
    console.screenshot(path=shots / "console.png")

    analysis = desk.new_page()
    analysis.set_viewport_size(laptop)
    analysis.goto(f"/moderation/workshops/{demo_workshop.id}/fields")
    expect(analysis.get_by_text(MY_IDEA)).to_be_attached()
    analysis.screenshot(path=shots / "analysis.png")

    exports = desk.new_page()
    exports.goto(f"/moderation/workshops/{demo_workshop.id}/exports")
    for image in exports.locator(".chart img").all():
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)
    exports.locator(".chart-grid").screenshot(path=shots / "charts.png")

    # the book takes seconds to write on a busy machine: more than the default 10 s deadline
    response = desk.request.get(f"/moderation/workshops/{demo_workshop.id}/export.pdf", timeout=120_000)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    document = pypdfium2.PdfDocument(io.BytesIO(response.body()))
    chapter = min(4, len(document) - 1)  # past the cover, contents and overview: a Handlungsfeld
    document[chapter].render(scale=1.4).to_pil().save(shots / "pdf-page.png")
    document.close()

    for name, width in (("phone", 390), ("wall", 1280), ("console", 1366), ("analysis", 1366), ("charts", 1000), ("pdf-page", 800)):
        assert_picture(shots / f"{name}.png", width)
