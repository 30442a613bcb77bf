"""The projector wall through the run sheet's steps, live: it follows the moderator's
"next" through collect → silent → vote → reveal → result → pause, shows no idea text while
collecting silently and no dot count while the dots are hidden, counts down on the
server's clock, and passes axe in every step, in German and English.

The moderator drives the run through the console's routes (as its buttons do); the wall
and the phones are contexts of their own and learn everything through their streams.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser.run_sheet import HELD_PHASE_ANSWERS
from browser.test_accessibility import assert_accessible
from browser.wall_data import SIZES, fill_wall
from i18n.catalogues import compile_stale_catalogues

pytestmark = pytest.mark.browser

STEPS = [
    {"kind": "collect", "duration_seconds": 600, "title": "Ideen sammeln"},
    {"kind": "silent", "duration_seconds": 300},
    {"kind": "vote", "duration_seconds": 300},
    {"kind": "result"},
    {"kind": "pause", "duration_seconds": 900},
    {"kind": "closed"},
]

# Runs in the wall: the countdown as shown, and the remaining seconds by phase.json's
# server times, read at the same moment.
COUNTDOWN_VS_SERVER = """async () => {
  const wall = document.getElementById("wall");
  const started = Date.now();
  const body = await (await fetch(wall.dataset.phaseUrl)).json();
  const serverNow = body.now + (Date.now() - started) / 2;
  const shown = document.getElementById("phase-countdown").textContent.trim();
  const [minutes, seconds] = shown.split(":").map(Number);
  return { shown: minutes * 60 + seconds, remaining: (body.phase.step.ends_at - serverNow) / 1000, text: shown };
}"""


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogues():
    compile_stale_catalogues()


@pytest.fixture
def run_sheet(database_app):
    """Give a workshop the run sheet ``STEPS`` (none running yet)."""

    def give(workshop, steps=STEPS):
        from participation.extensions import db
        from participation.phases.services import replace_steps
        from participation.workshops.models import Workshop

        with database_app.app_context():
            replace_steps(db.session.get(Workshop, workshop.id), steps)
            db.session.remove()

    return give


@pytest.fixture
def start_step(database_app):
    """Start the step at ``position`` in-process (as a moderator's jump would)."""

    def start(workshop, position):
        from participation.extensions import db
        from participation.phases import services
        from participation.workshops.models import Workshop

        with database_app.app_context():
            stored = db.session.get(Workshop, workshop.id)
            services.start_step(stored, stored.steps[position])
            db.session.remove()

    return start


class Moderator:
    """Presses the run sheet's buttons through the console's route, as its forms do (the
    answer is a redirect back to the console; the wall's expectations check the effect)."""

    def __init__(self, page, workshop):
        self.page = page
        self.workshop = workshop
        self.token = page.request.get("/api/session").json()["csrf_token"]

    def act(self, action, **form):
        response = self.page.request.post(
            f"/moderation/workshops/{self.workshop.id}/ablauf/{action}",
            form={"csrf_token": self.token, **form},
            max_redirects=0,
        )
        assert response.status == 302, f"{action}: {response.status} {response.text()}"


def _phone_form(phone, path, **form):
    token = phone.page.request.get("/api/session").json()["csrf_token"]
    response = phone.page.request.post(path, form={"csrf_token": token, **form}, max_redirects=0)
    assert response.status in (200, 302), f"{path}: {response.status} {response.text()}"
    return response


def _open_wall(page, workshop):
    page.goto(f"/w/{workshop.code}/wall")
    expect(page.locator("#wall-status")).to_have_attribute("data-state", "connected")
    return page


def _assert_countdown_matches_server(wall):
    reading = wall.evaluate(COUNTDOWN_VS_SERVER)
    # the countdown shows whole seconds rounded up, read a moment after the server's time was
    # taken: up to a second apart, plus the time between the two readings on a busy machine
    assert abs(reading["shown"] - reading["remaining"]) <= 1.5, reading


def _after_reload(wall, kind):
    """The wall reloaded for a new step and follows its stream again."""
    expect(wall.locator("#phase")).to_have_attribute("data-kind", kind)
    expect(wall.locator("#wall-status")).to_have_attribute("data-state", "connected")


def test_wall_follows_the_evening_live(open_context, attendee, workshop, run_sheet):
    run_sheet(workshop)
    moderator = Moderator(open_context("desktop", logged_in=True).new_page(), workshop)
    wall = _open_wall(open_context("wall", logged_in=True).new_page(), workshop)
    anna = attendee(workshop, "Anna")
    bert = attendee(workshop, "Bert")
    expect(wall.locator("#phase")).to_be_hidden()  # no step runs yet: the wall as before

    # Sammeln: the step, its countdown on the server's clock, ideas as always
    moderator.act("next")
    expect(wall.locator("#phase")).to_have_attribute("data-kind", "collect")
    expect(wall.locator("#phase-title")).to_contain_text("Ideen sammeln")
    expect(wall.locator("#phase-title")).to_contain_text("Schritt 1 von 6")
    expect(wall.locator("#phase-countdown")).to_have_attribute("data-state", "running")
    expect(wall.locator("#phase-countdown")).to_have_text(re.compile(r"^(10:00|9:[0-5]\d)$"))
    _assert_countdown_matches_server(wall)
    first = anna.post_api("Mitfahrbank an jeder Bushaltestelle")
    expect(wall.locator(f"#wall-idea-{first['id']}")).to_contain_text("Mitfahrbank")
    expect(wall.locator("#done-count")).to_be_visible()
    _phone_form(anna, f"/j/{workshop.code}/fertig", done="1")
    expect(wall.locator("#done-count")).to_have_text("1 von 2 fertig")
    moderator.act("plus")
    expect(wall.locator("#phase-countdown")).to_have_text(re.compile(r"^(11:00|10:[2-5]\d)$"))
    _assert_countdown_matches_server(wall)

    # Still sammeln: only a count per question, no text, even of a new idea
    moderator.act("next")
    _after_reload(wall, "silent")
    question = anna.question_id(0)
    count = wall.locator(f'.silent-count[data-question-id="{question}"]')
    expect(count).to_have_text("1")
    expect(wall.locator("#done-count")).to_have_text("0 von 2 fertig")
    bert.post_api("Geheime Idee von Bert im stillen Sammeln")
    expect(count).to_have_text("2")
    expect(wall.locator("#wall-count")).to_have_text("2")
    html = wall.content()
    assert "Mitfahrbank" not in html and "Geheime Idee" not in html

    # Punkten: the cards are back, dots are given, and no count is anywhere in the wall
    moderator.act("next")
    _after_reload(wall, "vote")
    expect(wall.locator("#votes-hidden-note")).to_be_visible()
    expect(wall.locator("#votes-hidden-note")).to_have_text("Punkte werden verdeckt gezählt")
    expect(wall.locator("#done-count")).to_be_hidden()
    secret = wall.locator(".wall-card", has_text="Geheime Idee")
    expect(secret).to_be_visible()
    _phone_form(anna, f"/j/{workshop.code}/ideas/{_idea_id(wall, 'Geheime Idee')}/vote")
    # the vote's event reaches the wall before the next one, a minute more on the clock
    moderator.act("plus")
    expect(wall.locator("#phase-countdown")).to_have_text(re.compile(r"^(6:00|5:[0-5]\d)$"))
    expect(wall.locator(".wall-votes")).to_have_count(0)
    cards = wall.locator("#wall-columns").inner_text()
    assert "●" not in cards and "null" not in cards and "None" not in cards

    # Aufdecken: the wall loads again, now with the dots
    moderator.act("reveal")
    expect(wall.locator("#votes-hidden-note")).to_be_hidden()
    expect(wall.locator(".wall-card", has_text="Geheime Idee").locator(".wall-votes")).to_have_text("● 1")

    # Ergebnis: ranked by dots
    moderator.act("next")
    _after_reload(wall, "result")
    expect(wall.locator("#wall-columns .wall-card").first).to_contain_text("Geheime Idee")
    expect(wall.locator("#wall")).to_have_class(re.compile(r"\bmode-ranked\b"))

    # Pause: a calm screen with what comes next and the QR code
    moderator.act("next")
    _after_reload(wall, "pause")
    calm = wall.locator("#calm-screen")
    expect(calm).to_be_visible()
    expect(calm.get_by_role("heading", level=2)).to_have_text("Pause")
    expect(calm).to_contain_text("Als Nächstes: Geschlossen")
    expect(calm.locator("img")).to_have_attribute("src", f"/w/{workshop.code}/qr.svg")
    expect(wall.locator(".wall-card")).to_have_count(0)
    _assert_countdown_matches_server(wall)
    moderator.act("pause")
    expect(wall.locator("#phase-countdown")).to_have_attribute("data-state", "paused")
    moderator.act("resume")
    expect(wall.locator("#phase-countdown")).to_have_attribute("data-state", "running")

    # The remote's QR button: full screen, pressed again: gone
    moderator.act("qr", show="1")
    expect(wall.locator("#qr-overlay")).to_be_visible()
    expect(wall.locator("#qr-overlay")).to_contain_text(workshop.code)
    moderator.act("qr", show="1")
    expect(wall.locator("#qr-overlay")).to_be_hidden()

    # Geschlossen: the same calm screen, told live what it is now
    moderator.act("next")
    expect(wall.locator("#phase")).to_have_attribute("data-kind", "closed")
    expect(calm.get_by_role("heading", level=2)).to_have_text("Geschlossen")
    expect(wall.locator("#calm-next")).to_be_hidden()


def _idea_id(wall, text):
    return wall.locator(".wall-card", has_text=text).get_attribute("data-idea-id")


def test_countdown_ends_with_a_visual_cue_and_an_automatic_step_moves_on(open_context, workshop, run_sheet,
                                                                          database_app):
    run_sheet(workshop, [{"kind": "collect", "duration_seconds": 60, "auto_advance": True}, {"kind": "pause"}])
    moderator = Moderator(open_context("desktop", logged_in=True).new_page(), workshop)
    wall = _open_wall(open_context("wall", logged_in=True, reduced_motion="reduce").new_page(), workshop)
    moderator.act("next")
    expect(wall.locator("#phase-countdown")).to_have_attribute("data-state", "running")
    moderator.act("minus")  # a minute less: the time is up at once
    # the end: the wall asks the server, which moves on to the pause
    _after_reload(wall, "pause")
    expect(wall.locator("#calm-screen")).to_be_visible()


def test_a_waiting_step_shows_time_is_up(open_context, workshop, run_sheet):
    run_sheet(workshop, [{"kind": "collect", "duration_seconds": 60}, {"kind": "vote"}])
    moderator = Moderator(open_context("desktop", logged_in=True).new_page(), workshop)
    wall = _open_wall(open_context("wall", logged_in=True).new_page(), workshop)
    moderator.act("next")
    moderator.act("minus")
    countdown = wall.locator("#phase-countdown")
    expect(countdown).to_have_attribute("data-state", "over")
    expect(countdown).to_have_text("0:00")
    expect(wall.locator("#phase-announcer")).to_have_text("Die Zeit ist um")
    expect(wall.locator("#phase")).to_have_attribute("data-kind", "collect")  # waits for the moderator


@pytest.mark.parametrize("language", ["de", "en"])
def test_wall_is_accessible_in_every_step(open_context, attendee, workshop, run_sheet, start_step, language):
    run_sheet(workshop)
    phone = attendee(workshop, "Anna")
    phone.post_api("Mitfahrbank an jeder Bushaltestelle")
    context = open_context("wall", logged_in=True)
    if language == "en":
        wall = context.new_page()
        wall.goto(f"/language/en?next=/w/{workshop.code}/wall")
    wall = context.new_page()
    _open_wall(wall, workshop)
    assert_accessible(wall, f"the wall without a run sheet ({language})")
    for position, step in enumerate(STEPS):
        start_step(workshop, position)
        _after_reload(wall, step["kind"])
        expect(wall.locator("html")).to_have_attribute("lang", language)
        assert_accessible(wall, f"the wall in step {step['kind']} ({language})")
    wall.keyboard.press("q")
    expect(wall.locator("#qr-overlay")).to_be_visible()
    assert_accessible(wall, f"the wall's QR overlay ({language})")


# --- screenshots (WALL_SHOTS=/tmp/wall): 125 ideas, ten fields, a long question ------------


@pytest.mark.skipif(not os.environ.get("WALL_SHOTS"), reason="screenshots only on demand (WALL_SHOTS=folder)")
@pytest.mark.parametrize("size", sorted(SIZES))
def test_screenshots_of_each_step(open_context, new_workshop, database_app, run_sheet, start_step, size):
    folder = Path(os.environ["WALL_SHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    workshop = new_workshop()
    fill_wall(database_app, workshop, fields=10, ideas=125, long_question=True)
    steps = [dict(step) for step in STEPS]
    steps[0]["title"] = "Erste Runde: Ideen für Mobilität, Breitband und die Verwaltung von morgen sammeln"
    run_sheet(workshop, steps)
    _give_dots(database_app, workshop)
    wall = open_context("wall", logged_in=True).new_page()
    wall.set_viewport_size(SIZES[size])
    for position, step in enumerate(steps):
        start_step(workshop, position)
        if position == 0:
            _open_wall(wall, workshop)
        _after_reload(wall, step["kind"])
        wall.screenshot(path=str(folder / f"{size}-{position + 1}-{step['kind']}.png"))
        if step["kind"] == "vote":
            wall.goto(f"/w/{workshop.code}/wall?by=field")
            _after_reload(wall, "vote")
            wall.screenshot(path=str(folder / f"{size}-{position + 1}-{step['kind']}-by-field.png"))
            wall.goto(f"/w/{workshop.code}/wall")


def _give_dots(database_app, workshop):
    """30 people, some done, with up to 5 dots each on a spread of ideas."""
    from participation.database import write_transaction
    from participation.extensions import db
    from participation.ideas.models import Idea, Participant, Vote

    with database_app.app_context():
        ideas = db.session.scalars(db.select(Idea.id).where(Idea.workshop_id == workshop.id).order_by(Idea.id)).all()
        with write_transaction() as session:
            people = [Participant(workshop_id=workshop.id, token_hash=f"dots-{workshop.id}-{n:03d}-".ljust(64, "x"),
                                  nickname=f"P{n}") for n in range(30)]
            session.add_all(people)
            session.flush()
            for n, person in enumerate(people):
                chosen = {ideas[(n % 4) * 11]} | {ideas[(n * 7 + k * k * 3) % len(ideas)] for k in range(1, 5)}
                session.add_all(Vote(idea_id=idea, participant_id=person.id) for idea in chosen)
        db.session.remove()


def test_a_late_phase_answer_does_not_undo_a_newer_step(open_context, workshop, run_sheet, start_step):
    """As on the phone (test_phone_phases.py): an answer to phase.json the server gave
    before the step changed, arriving after the stream's message, leaves the wall in the
    new step. Pause → Geschlossen: the same calm screen, so the wall does not reload."""
    run_sheet(workshop)
    start_step(workshop, 4)  # Pause
    context = open_context("wall", logged_in=True)
    context.add_init_script(HELD_PHASE_ANSWERS)
    wall = _open_wall(context.new_page(), workshop)
    expect(wall.locator("#phase")).to_have_attribute("data-kind", "pause")
    wall.wait_for_function("() => window.__phaseFetched >= 1")
    marker = wall.evaluate("() => (window.__samePage = 1)")
    start_step(workshop, 5)  # Geschlossen
    expect(wall.locator("#phase")).to_have_attribute("data-kind", "closed")
    wall.wait_for_function("() => window.__phaseFetched === window.__phaseAsked")
    wall.evaluate("() => window.__releasePhase()")
    wall.wait_for_function("() => window.__phaseApplied === window.__phaseAsked")
    assert wall.locator("#phase").get_attribute("data-kind") == "closed"
    assert wall.evaluate("() => window.__samePage") == marker, "the wall reloaded"
