"""Countdowns run on the server's clock (issue 19), checked with Playwright's clock control:
a phone whose own clock is 7 minutes ahead shows the same remaining time as the wall, and
a wall that was offline for 2 minutes shows the right time after it reconnects.

Each page's remaining time is read twice: from the page's own clock module
(``static/js/clock.js``/``countdown.js``, imported into the page, so the same module
instance the page uses) after a timed ``phase.json`` fetch, and from ``#phase-countdown``
(the DOM contract) once the wall and phone pages draw it; the latter is deferred while
those pages are not in this branch (``run_sheet.Contract``). The contexts bypass the
pages' CSP only so that the test can import the modules from ``evaluate``.
"""

import re
import time
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect

from browser.run_sheet import Contract, countdown_seconds, phase_json, set_run_sheet

pytestmark = pytest.mark.browser

STEP_SECONDS = 600
AHEAD = timedelta(minutes=7)
LIVE = 15_000

# In the page: the remaining seconds as its clock module computes them after a timed
# fetch of phase.json, and the page's own Date.now().
_REMAINING = """
async (url) => {
  const clock = await import("/static/js/clock.js");
  const countdown = await import("/static/js/countdown.js");
  const body = await clock.fetchTimed(url);
  return {remaining: countdown.remainingSeconds(body.phase.step), device: Date.now(), server: clock.serverNow()};
}
"""
# The same, from whatever the page learnt itself (its stream's greeting and pings), no fetch.
_REMAINING_NOW = """
async (url) => {
  const clock = await import("/static/js/clock.js");
  const countdown = await import("/static/js/countdown.js");
  const body = await (await fetch(url, {headers: {Accept: "application/json"}})).json();
  return countdown.remainingSeconds(body.phase.step);
}
"""


def _running_workshop(database_app, new_workshop):
    from participation.extensions import db
    from participation.phases.services import next_step
    from participation.workshops.models import Workshop

    workshop = new_workshop()
    set_run_sheet(database_app, workshop.id, [{"kind": "collect", "duration_seconds": STEP_SECONDS},
                                              {"kind": "vote"}])
    with database_app.app_context():
        assert next_step(db.session.get(Workshop, workshop.id))
        db.session.remove()
    return workshop


def _server_remaining(page, workshop):
    body = phase_json(page, workshop)
    return (body["phase"]["step"]["ends_at"] - body["now"]) / 1000


def _open_wall(page, workshop):
    page.goto(f"/w/{workshop.code}/wall")
    expect(page.locator("#wall-status")).to_have_attribute("data-state", "connected")
    return page


def _shown(page):
    return countdown_seconds(page.locator("#phase-countdown").text_content())


def test_a_phone_seven_minutes_ahead_counts_down_like_the_wall(open_context, attendee_class, database_app,
                                                               new_workshop):
    workshop = _running_workshop(database_app, new_workshop)
    wall = open_context("wall", logged_in=True, bypass_csp=True).new_page()
    wall.clock.install(time=datetime.now(timezone.utc))
    _open_wall(wall, workshop)
    phone_page = open_context("phone", bypass_csp=True).new_page()
    phone_page.clock.install(time=datetime.now(timezone.utc) + AHEAD)
    attendee_class(phone_page, workshop).join("Wiebke")
    url = f"/w/{workshop.code}/phase.json"

    on_wall = wall.evaluate(_REMAINING, url)
    on_phone = phone_page.evaluate(_REMAINING, url)
    server = _server_remaining(wall, workshop)
    # the phone's own clock really is 7 minutes ahead, its server clock is not
    assert abs(on_phone["device"] - on_wall["device"] - AHEAD.total_seconds() * 1000) < 30_000
    assert abs(on_phone["server"] - on_wall["server"]) < 30_000
    assert 0 < on_wall["remaining"] <= STEP_SECONDS
    assert abs(on_phone["remaining"] - on_wall["remaining"]) <= 1, (on_phone, on_wall)
    assert abs(on_phone["remaining"] - server) <= 2, (on_phone, server)  # 2: the reads are apart

    contract = Contract()
    if contract.present(wall, "#phase-countdown", "wall") and contract.present(phone_page, "#phase-countdown",
                                                                              "phone"):
        # the pages' own drawing, synced from their streams alone
        expect(wall.locator("#phase-countdown")).to_have_text(re.compile(r"\d+:\d\d"))
        expect(phone_page.locator("#phase-countdown")).to_have_text(re.compile(r"\d+:\d\d"))
        wall_shown, phone_shown = _shown(wall), _shown(phone_page)
        assert abs(wall_shown - phone_shown) <= 1, (wall_shown, phone_shown)
        assert abs(phone_page.evaluate(_REMAINING_NOW, url) - _server_remaining(wall, workshop)) <= 2
    contract.finish()


def test_a_wall_offline_for_two_minutes_shows_the_right_time_after_reconnecting(open_context, database_app,
                                                                                 new_workshop):
    workshop = _running_workshop(database_app, new_workshop)
    context = open_context("wall", logged_in=True, bypass_csp=True)
    wall = context.new_page()
    wall.clock.install(time=datetime.now(timezone.utc))
    _open_wall(wall, workshop)
    url = f"/w/{workshop.code}/phase.json"
    before = wall.evaluate(_REMAINING, url)["remaining"]

    context.set_offline(True)
    expect(wall.locator("#wall-status")).not_to_have_attribute("data-state", "connected", timeout=LIVE)
    wall.clock.run_for(120_000)  # two minutes pass on the wall laptop; the server's step is unchanged
    device_after = wall.evaluate("Date.now()")
    context.set_offline(False)
    expect(wall.locator("#wall-status")).to_have_attribute("data-state", "connected", timeout=60_000)

    server = _server_remaining(wall, workshop)
    assert abs(server - before) < 60, "the server's countdown did not jump with the wall's clock"
    contract = Contract()
    if contract.present(wall, "#phase-countdown", "wall"):
        # drawn from the reconnected stream's greeting alone: not 2 minutes short
        deadline = time.monotonic() + LIVE / 1000
        while abs((_shown(wall) or -999) - _server_remaining(wall, workshop)) > 1:
            assert time.monotonic() < deadline, f"the wall shows {_shown(wall)} s, the server {server} s"
            wall.wait_for_timeout(200)
        assert abs(wall.evaluate(_REMAINING_NOW, url) - _server_remaining(wall, workshop)) <= 2
    # and the clock module, given the server's time again, puts the 2 minutes right
    again = wall.evaluate(_REMAINING, url)
    assert again["device"] >= device_after
    assert abs(again["remaining"] - _server_remaining(wall, workshop)) <= 2, (again, server)
    contract.finish()
