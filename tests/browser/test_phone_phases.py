"""The attendee's phone through the run sheet, in Chromium at 390x844 (issue 19).

* The steps switch live on the open page: forms, others' ideas, dot buttons, notes and
  countdown change without a reload, and what the person typed stays in its field.
* "Ich bin fertig" toggles in place (aria-pressed) and the moderation's count follows.
* A phone whose own clock is 7 minutes ahead shows the same remaining time as the server.
* axe-core: no WCAG 2.1 A/AA violation on the phone in any step, in German and English.

Screenshots of every step go to /tmp/phone/ (looked at by a person, not compared).
"""

import math
import re
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser.conftest import Attendee
from browser.run_sheet import HELD_PHASE_ANSWERS
from browser.test_accessibility import assert_accessible
from helpers import wait_until

SHOTS = Path("/tmp/phone")
KINDS = ("collect", "silent", "vote", "result", "pause", "closed")


@pytest.fixture
def evening(database_app, new_workshop):
    """A workshop with a run sheet (collect question 1, silent, vote, result, pause, closed)
    and ``act(function)``: run ``function(workshop)`` in-process, as the moderation would."""
    from participation.extensions import db
    from participation.phases import services
    from participation.workshops.models import Workshop

    info = new_workshop()

    def act(function):
        with database_app.app_context():
            workshop = db.session.get(Workshop, info.id)
            try:
                return function(workshop)
            finally:
                db.session.remove()

    def build(workshop):
        first = workshop.questions[0].id
        ids = {}
        ids["collect"] = services.add_step(workshop, "collect", question_ids=[first], duration_seconds=300,
                                           title="Erste Runde").id
        for kind in KINDS[1:]:
            ids[kind] = services.add_step(workshop, kind, duration_seconds=600 if kind != "closed" else None).id
        return ids

    steps = act(build)

    def start(kind):
        from participation.workshops.models import RunStep

        act(lambda workshop: services.start_step(workshop, db.session.get(RunStep, steps[kind])))

    return info, act, start


def _others_post(act, text):
    from helpers import make_participant, post_idea

    def post(workshop):
        return post_idea(workshop, make_participant(workshop, "bert"), text).id

    return act(post)


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _check_step(phone, kind, other_id):
    box = phone.locator("#phase")
    expect(box).to_have_attribute("data-kind", kind)
    first, second = phone.locator("section.question").nth(0), phone.locator("section.question").nth(1)
    others = phone.locator("#other-ideas")
    if kind == "collect":
        expect(first.locator("textarea[name=text]")).to_be_visible()
        expect(second.get_by_text("Zu dieser Frage wird gerade nicht gesammelt")).to_be_visible()
        expect(phone.locator("#done-button")).to_be_visible()
        expect(phone.locator(f"#other-{other_id}")).to_be_visible()
        expect(phone.locator(".vote-form")).to_have_count(0)
        expect(phone.locator("#phase-countdown")).to_have_text(re.compile(r"^[45]:\d\d$"))
    elif kind == "silent":
        expect(second.locator("textarea[name=text]")).to_be_visible()
        expect(others.locator("li")).to_have_count(0)
        expect(phone.get_by_text("Stilles Sammeln: Die Ideen der anderen sehen Sie später.")).to_be_visible()
    elif kind == "vote":
        expect(phone.locator("#done-form")).to_be_hidden()
        expect(first.get_by_text("Zu dieser Frage wird gerade nicht gesammelt")).to_be_visible()
        expect(phone.locator(f"#other-{other_id} .vote-form button")).to_be_visible()
        expect(phone.locator(f"#other-{other_id} .vote-count")).to_have_text("Punkte verdeckt")
        assert not re.search(r"\d", others.inner_text()), others.inner_text()
    elif kind == "result":
        expect(phone.locator(".vote-form")).to_have_count(0)
        expect(phone.locator(f"#other-{other_id} .vote-count")).to_have_attribute("data-votes", "1")
    else:
        expect(phone.locator(".vote-form")).to_have_count(0)
        expect(first.get_by_text("Zu dieser Frage wird gerade nicht gesammelt")).to_be_visible()
        if kind == "pause":
            expect(phone.locator("#phase-next")).to_have_text("Als Nächstes: Geschlossen")


def test_the_steps_switch_live_and_typed_text_stays(phone, evening):
    info, act, start = evening
    start("collect")
    other_id = _others_post(act, "Ein Rufbus für die Dörfer am Abend")
    Attendee(phone, info).join("Inge")
    typed = "Ein Dorfladen mit Café – noch nicht abgeschickt"
    phone.locator("section.question").nth(0).get_by_label("Ihre Idee").fill(typed)
    marker = phone.evaluate("() => (window.__samePage = 1)")  # a reload would lose it
    # No grace for late posts here (test_late_post.py is about it): a question stops taking
    # ideas the moment its step ends, and the typed text moves to the copy.
    phone.evaluate("() => { document.getElementById('phone-page').dataset.lateGrace = '0'; }")
    for kind in KINDS:
        if kind != "collect":
            start(kind)
        _check_step(phone, kind, other_id)
        if kind == "vote":  # the form is hidden; what was typed is shown read-only, to copy
            expect(phone.locator("section.question").nth(0).locator(".refused-copy textarea")).to_have_value(typed)
            phone.locator(f"#other-{other_id} .vote-form button").click()
            expect(phone.locator(f"#other-{other_id} .vote-form button")).to_have_attribute("aria-pressed", "true")
            expect(phone.locator(f"#other-{other_id} .vote-count")).to_have_text("Punkte verdeckt")
        _shot(phone, f"{KINDS.index(kind) + 1}-{kind}-de")
        if kind in ("collect", "vote"):  # the same page on a laptop
            phone.set_viewport_size({"width": 1366, "height": 768})
            _shot(phone, f"{KINDS.index(kind) + 1}-{kind}-de-1366x768")
            phone.set_viewport_size({"width": 390, "height": 844})
        assert phone.evaluate("() => window.__samePage") == marker, f"the page reloaded in step {kind}"
    assert phone.locator("section.question").nth(0).locator("textarea[name=text]").input_value() == typed


def test_done_button_toggles_in_place(phone, evening):
    from participation.ideas.done import done_counts

    info, act, start = evening
    start("collect")
    Attendee(phone, info).join("Inge")
    button = phone.locator("#done-button")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    assert act(done_counts)["done"] == 1
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    assert act(done_counts)["done"] == 0
    start("silent")  # a new step: nobody is done with it yet
    expect(phone.locator("#phase")).to_have_attribute("data-kind", "silent")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    start("vote")
    expect(phone.locator("#done-form")).to_be_hidden()


def _seconds(text):
    minutes, seconds = text.split(":")
    return int(minutes) * 60 + int(seconds)


def test_a_phone_seven_minutes_ahead_shows_the_servers_remaining_time(phone, evening):
    info, act, start = evening
    start("collect")
    phone.clock.install(time=datetime.now() + timedelta(minutes=7))
    Attendee(phone, info).join("Inge")
    countdown = phone.locator("#phase-countdown")
    expect(countdown).to_have_attribute("data-state", "running")

    def shown_and_server():
        before = phone.request.get(f"/w/{info.code}/phase.json").json()
        shown = _seconds(countdown.inner_text())
        after = phone.request.get(f"/w/{info.code}/phase.json").json()
        latest = (before["phase"]["step"]["ends_at"] - before["now"]) / 1000
        earliest = (after["phase"]["step"]["ends_at"] - after["now"]) / 1000
        return shown, earliest, latest

    def in_step(measured):
        # The countdown shows whole seconds rounded up and redraws once per second, so
        # what it shows lags the server's remaining time by up to a second, and a timer
        # fires late on a busy machine: one more second either way. The phone's own clock
        # is seven minutes off, so this bracket still tells server time from phone time.
        shown, earliest, latest = measured
        return math.floor(earliest) - 1 <= shown <= math.ceil(latest) + 2

    # the page's first sync with the server's clock lands (however busy the machine) ...
    wait_until(lambda: in_step(shown_and_server()), "the phone shows the server's remaining time")
    for _ in range(3):  # ... and the countdown stays in step with the server
        measured = shown_and_server()
        assert in_step(measured), measured
        time.sleep(1)


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_phone_is_accessible_in_every_step(phone, evening, language):
    info, act, start = evening
    start("collect")
    other_id = _others_post(act, "Ein Rufbus für die Dörfer am Abend")
    Attendee(phone, info).join("Inge")
    if language == "en":
        phone.goto(f"/language/en?next=/j/{info.code}/ideas")
        expect(phone.locator("html")).to_have_attribute("lang", "en")
    for kind in KINDS:
        if kind != "collect":
            start(kind)
        expect(phone.locator("#phase")).to_have_attribute("data-kind", kind)
        if kind == "vote":
            expect(phone.locator(f"#other-{other_id} .vote-form button")).to_be_visible()
        phone.reload()  # the step as the server draws it, then as it is live
        expect(phone.locator("#phase")).to_have_attribute("data-kind", kind)
        assert_accessible(phone, f"the phone in step {kind} ({language})")
        if language == "en":
            _shot(phone, f"{KINDS.index(kind) + 1}-{kind}-en")



def test_a_late_phase_answer_does_not_undo_a_newer_step(phone, evening):
    """The phone asks for the phase when it loads and when its stream connects; an answer
    the server gave before the moderator moved on, arriving after the stream's message
    about it, must not put the phone back into the old step (it would stay there: the
    stream sends each step once). Seen in the evening test late in a full run."""
    info, _act, start = evening
    start("collect")
    phone.context.add_init_script(HELD_PHASE_ANSWERS)
    Attendee(phone, info).join("Ida")
    expect(phone.locator("#phase")).to_have_attribute("data-kind", "collect")
    # the page's first question has been answered by the server (collect), and waits
    phone.wait_for_function("() => window.__phaseFetched >= 1")
    start("vote")
    expect(phone.locator("#phase")).to_have_attribute("data-kind", "vote")  # the stream's message
    phone.wait_for_function("() => window.__phaseFetched === window.__phaseAsked")
    phone.evaluate("() => window.__releasePhase()")
    phone.wait_for_function("() => window.__phaseApplied === window.__phaseAsked")
    assert phone.locator("#phase").get_attribute("data-kind") == "vote"
    # and a phase.json asked for now still brings the phone up to date
    phone.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")
    phone.wait_for_function("() => window.__phaseApplied === window.__phaseAsked && window.__phaseAsked >= 3")
    start("result")
    expect(phone.locator("#phase")).to_have_attribute("data-kind", "result")
